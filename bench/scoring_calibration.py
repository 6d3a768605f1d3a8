"""Win-probability calibration on a synthetic held-out history (tests/scoring_history.py): Brier score of the
model against the stage-only baselines, a reliability table, and how long training takes.

    python -m bench.scoring_calibration [--deals 3000] [--seed 7]

Prints figures; asserts nothing (tests/unit/scoring asserts the model beats the baseline on a fixed seed).
Gradient boosting is trained on the same rows for comparison: it is what we would switch to if it won clearly.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from datetime import datetime

from core.models import OPEN_STAGES
from core.scoring import features, model, training
from tests.scoring_history import generate, held_out, split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    history = generate(args.deals, seed=args.seed)
    train, test, cut = split(history)
    started = time.perf_counter()
    import sklearn.linear_model  # noqa: F401  (imported once per process; timed apart from training)

    imported = time.perf_counter() - started
    started = time.perf_counter()
    status = training.train_history(train, datetime.fromisoformat(cut.isoformat()))
    took = time.perf_counter() - started
    assert status is not None and status.model is not None
    win = status.model
    samples = held_out(history, test)
    labels = [y for _, y in samples]
    predicted = [win.probability(s) for s, _ in samples]
    defaults = [model.stage_default(s.stage) for s, _ in samples]
    rates: dict[str, list[int]] = defaultdict(list)
    for snap, label in features.training_snapshots(train):
        rates[snap.stage].append(label)
    empirical = [sum(rates[s.stage]) / len(rates[s.stage]) if rates[s.stage] else 0.0 for s, _ in samples]

    print(f"history: {len(history.deals)} deals, {len(train.closed())} closed before {cut:%Y-%m-%d} (train), "
          f"{len(test.closed())} after (held out: {len(samples)} snapshots, {sum(labels)} of them won)")
    print(f"training on {len(train.closed())} closed deals (snapshots + fit): {took * 1000:.0f} ms "
          f"(importing scikit-learn first: {imported:.1f} s, once per process)")
    print(f"Brier  model (logistic regression)   {model.brier(predicted, labels):.4f}")
    print(f"Brier  stage defaults (the fallback) {model.brier(defaults, labels):.4f}")
    print(f"Brier  stage win rates of the history {model.brier(empirical, labels):.4f}")
    print(f"Brier  always the base rate          {model.brier([sum(labels) / len(labels)] * len(labels), labels):.4f}")
    print(f"Brier  gradient boosting (compare)   {_boosting(win, train, samples):.4f}")
    print("\nreliability (model): predicted → observed (n)")
    for mean, observed, n in model.reliability(predicted, labels):
        print(f"  {mean:5.2f} → {observed:5.2f}  ({n})")
    print("\nper stage: model vs stage default (Brier)")
    for stage in OPEN_STAGES:
        idx = [i for i, (s, _) in enumerate(samples) if s.stage == stage]
        if idx:
            print(f"  {stage:<12} {model.brier([predicted[i] for i in idx], [labels[i] for i in idx]):.4f}  vs "
                  f"{model.brier([defaults[i] for i in idx], [labels[i] for i in idx]):.4f}  ({len(idx)})")


def _boosting(win: model.WinModel, train: object, samples: list[tuple[features.Snapshot, int]]) -> float:
    from sklearn.ensemble import HistGradientBoostingClassifier

    assert hasattr(train, "closed")
    rows = features.training_snapshots(train)  # type: ignore[arg-type]
    fitted = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, random_state=0).fit(
        [win.row(s) for s, _ in rows], [y for _, y in rows])
    probabilities = fitted.predict_proba([win.row(s) for s, _ in samples])[:, 1]
    return model.brier([float(p) for p in probabilities], [y for _, y in samples])


if __name__ == "__main__":
    main()

"""The accuracy floor: the offline parser on the labelled corpora (tests/data/nlu and our own dev set).

Floors sit a few points under the measured figures (see docs/intents.md) so that new, harder corpus lines
can land; a change that costs real accuracy fails here. `salesbot nlu-eval` prints the full breakdown.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.intents.evaluation import Report, customer_index, evaluate, fixed_context, format_report, load_corpus
from bot.intents.rules import RuleParser

from .conftest import DATA, DEV, NOW, TZ, names_from

FLOORS = {
    "corpus": (DATA / "corpus.jsonl", DATA / "customers.txt", 0.95, 0.90),
    "dev": (DEV / "dev_corpus.jsonl", DEV / "dev_customers.txt", 0.95, 0.90),
    "dev2": (DEV / "dev2_corpus.jsonl", DEV / "dev_customers.txt", 0.93, 0.90),
    "dev3": (DEV / "dev3_corpus.jsonl", DEV / "dev3_customers.txt", 0.93, 0.90),
    "dev4": (DEV / "dev4_corpus.jsonl", DEV / "dev3_customers.txt", 0.93, 0.90),
    "dev5": (DEV / "dev5_corpus.jsonl", DEV / "dev_customers.txt", 0.93, 0.90),
}


def run(corpus: Path, customers: Path) -> Report:
    names = names_from(customers)
    return evaluate(RuleParser(), load_corpus(corpus), fixed_context(NOW, TZ, names), customer_index(names))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_floor(name: str) -> None:
    corpus, customers, intent_floor, slot_floor = FLOORS[name]
    if not corpus.exists():
        pytest.skip(f"{corpus} not present")
    report = run(corpus, customers)
    assert report.total >= 50
    summary = format_report(report, errors=20)
    assert report.intent_accuracy >= intent_floor, summary
    assert report.slot_accuracy >= slot_floor, summary


def test_corpus_is_big_and_bilingual() -> None:
    corpus = DATA / "corpus.jsonl"
    if not corpus.exists():
        pytest.skip("corpus not present")
    examples = load_corpus(corpus)
    assert len(examples) >= 400
    assert {e.lang for e in examples} >= {"en", "zh", "mixed"}


def test_high_confidence_means_right() -> None:
    corpus, customers, _, _ = FLOORS["corpus"]
    if not corpus.exists():
        pytest.skip("corpus not present")
    report = run(corpus, customers)
    n, correct = report.buckets[(0.85, 1.01)]
    assert n >= 100 and correct / n >= 0.97

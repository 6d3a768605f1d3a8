"""Which intent is this message? Each spec scores itself; the highest score wins, ties go to the lower `order`.

Scores are additive and small (0-12). Registry-level rules: injection and text without letters or digits are
`unknown` (score 9); chit-chat competes as `unknown` (2.5); a winner needs FLOOR (2), else the registry's
`fallback` decides among the answerable intents. `confidence()` maps the winner's score and its margin over the
runner-up to 0..1 — the mapping was checked per bucket with `salesbot nlu-eval` (see docs/intents.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bot.intents.lexers.prefilter import GateSet, may_match
from bot.intents.registry import CHITCHAT_SCORE, FLOOR, UNKNOWN_ORDER, fallback
from bot.intents.rules.features import Features
from bot.intents.rules.safety import CHITCHAT, INJECTION
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec


@dataclass(frozen=True)
class Decision:
    intent: str
    score: float
    # The best score of any other reading (never below 0): a close runner-up lowers the confidence.
    runner_up: float


def classify(f: Features, specs: tuple[IntentSpec, ...], answerable: frozenset[str]) -> Decision:
    """The best reading among `specs` (which must include every spec whose cues are shared phrases, see
    `phrases.py`: the registry's); the fallback only picks `answerable` intents."""
    text = f.text
    if not any(ch.isalnum() for ch in text) or (may_match(INJECTION, text) and INJECTION.search(text)):
        # Destructive or prompt-injection text never becomes a command, whatever else it says.
        return Decision("unknown", 9, 0)
    # Each spec's own cues first (every pattern searched once, unless the text lacks what each of its matches
    # needs: see prefilter.py), then its scorer with the shared facts.
    flat, gates = _flat_cues(specs)
    matched: set[int] = set()  # ids: hashing a compiled pattern hashes its whole source
    owns = [0.0] * len(specs)
    for (pattern, weight, position), can_match in zip(flat, gates.open(text), strict=True):
        if can_match and pattern.search(text):
            owns[position] += weight
            matched.add(id(pattern))
    signals = Signals(f, matched)
    scored = [(spec.scorer(f, signals, own), spec.order, spec.name) for spec, own in zip(specs, owns, strict=True)]
    if may_match(CHITCHAT, text) and CHITCHAT.search(text):
        scored.append((CHITCHAT_SCORE, UNKNOWN_ORDER, "unknown"))
    scored.sort(key=lambda entry: (-entry[0], entry[1]))
    best = scored[0][0] if scored else 0.0
    if best < FLOOR:
        chosen = fallback(f, signals, answerable)
        return Decision(chosen.intent, chosen.score, max(best, 0.0))
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    return Decision(scored[0][2], best, max(runner_up, 0.0))


@cache
def _flat_cues(specs: tuple[IntentSpec, ...]) -> tuple[tuple[tuple[re.Pattern[str], float, int], ...], GateSet]:
    """Every cue of these specs with the position of its spec (one flat loop per message), and their gates."""
    flat = tuple((cue.pattern, cue.weight, position) for position, spec in enumerate(specs) for cue in spec.cues)
    return flat, GateSet(pattern for pattern, _, _ in flat)


def confidence(decision: Decision) -> float:
    score, margin = decision.score, decision.score - decision.runner_up
    if decision.intent == "unknown":
        # Injection or destructive text (9) and plain chit-chat (2.5+) are sure; "nothing matched" is not.
        return 0.95 if score >= 5 else 0.9 if score >= 2.5 else 0.5
    base = 0.94 if score >= 7 else 0.9 if score >= 5 else 0.82 if score >= 4 else 0.72 if score >= 3 else (
        0.6 if score >= 2 else 0.4)
    if margin < 1:
        base -= 0.2
    elif margin < 2:
        base -= 0.08
    return round(max(0.05, min(base, 0.98)), 2)

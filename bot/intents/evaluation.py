"""Scoring a parser against a labelled corpus (`salesbot nlu-eval`, and the accuracy floor in the tests).

Corpus lines: {"text", "intent", "slots", "lang"}. Slot accuracy is over the gold slots (micro average):
- enums, numbers, dates (intent, channel, stage, kind, currency, amount, hours, percent, probability,
  date, follow_up, due, close_date): exact canonical value;
- names and identifiers (customer, contact, name, email, phone, city, industry): equal after
  normalisation (case, width, punctuation, spaces; company suffixes for customer);
- free text (summary, next_step, task, title): normalised equality, or rapidfuzz token-sort ratio ≥ 80.
A predicted slot the gold does not have counts as an *extra*, reported apart from accuracy.

Scoring only some intents (`answerable`, e.g. the registered ones): a line whose gold intent is outside them
(and not `unknown`) is not counted in the accuracies; it is checked apart — it must not become a write card
(an answerable write the chat would propose, i.e. at confidence ≥ CARD_FROM), and what it became is reported.
A corpus is a JSONL file or a folder of them (`tests/data/nlu/intents/`: one file per intent).
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bot.intents.base import IntentParser, ParseContext, Parsed
from bot.intents.registry import REGISTRY
from bot.intents.resolve import CustomerIndex
from core.names import loose_key, name_key
from core.services.customers import CustomerName

FREE_TEXT = frozenset({"summary", "next_step", "task", "title"})
NAMES = frozenset({"customer", "contact", "name", "email", "phone", "city", "industry"})
FUZZY_THRESHOLD = 80.0
BUCKETS = ((0.0, 0.45), (0.45, 0.6), (0.6, 0.75), (0.75, 0.85), (0.85, 1.01))
# The chat proposes nothing below this confidence: it answers "not understood" (bot.conversation.MIN_CONFIDENCE).
CARD_FROM = 0.35


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    slots: dict[str, Any]
    lang: str = ""


@dataclass
class Report:
    total: int = 0
    intent_correct: int = 0
    slot_total: int = 0
    slot_correct: int = 0
    extra_slots: int = 0
    exact_messages: int = 0
    per_intent: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    per_slot: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    per_lang: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    buckets: dict[tuple[float, float], list[int]] = field(default_factory=lambda: {b: [0, 0] for b in BUCKETS})
    slot_errors: list[tuple[str, str, Any, Any]] = field(default_factory=list)
    # Lines whose gold intent is not answerable here: gold → what they became; those that became a write card.
    outside: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    outside_cards: list[tuple[str, str, str, float]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def intent_accuracy(self) -> float:
        return self.intent_correct / self.total if self.total else 0.0

    @property
    def slot_accuracy(self) -> float:
        return self.slot_correct / self.slot_total if self.slot_total else 0.0

    @property
    def outside_total(self) -> int:
        return sum(sum(c.values()) for c in self.outside.values())


def load_corpus(path: Path) -> list[Example]:
    """The lines of a JSONL corpus, or of every `*.jsonl` in a folder (sorted by name)."""
    if path.is_dir():
        return [example for file in sorted(path.glob("*.jsonl")) for example in load_corpus(file)]
    examples: list[Example] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        row = json.loads(line)
        examples.append(Example(row["text"], row["intent"], dict(row.get("slots") or {}), row.get("lang", "")))
    return examples


def remap(examples: list[Example], mapping: dict[str, Any]) -> list[Example]:
    """Labels renamed to our slot keys and values by one declared map, for a corpus written without our schema:
    {"slots": {"intent.their_key": "our_key"}, "values": {"intent.key": {"theirs": "ours"}}}."""
    keys: dict[str, str] = mapping.get("slots", {})
    values: dict[str, dict[str, Any]] = mapping.get("values", {})
    out = []
    for example in examples:
        slots = {}
        for key, value in example.slots.items():
            ours = keys.get(f"{example.intent}.{key}", key)
            slots[ours] = values.get(f"{example.intent}.{ours}", {}).get(value, value) if isinstance(value, str) \
                else value
        out.append(Example(example.text, example.intent, slots, example.lang))
    return out


def customer_index(names: Sequence[str]) -> CustomerIndex:
    return CustomerIndex([CustomerName(i + 1, name, ()) for i, name in enumerate(names)])


def canonical_slots(parsed: Parsed, index: CustomerIndex | None) -> dict[str, Any]:
    """The slots as `salesbot parse` prints them: a customer that resolves prints its known name."""
    slots = parsed.command.slots()
    customer = slots.get("customer")
    if index is not None and isinstance(customer, str):
        best = index.resolve(customer).best
        if best is not None:
            slots["customer"] = best.name
    return slots


def slot_matches(name: str, gold: Any, predicted: Any) -> bool:
    if predicted is None:
        return False
    if name in FREE_TEXT:
        a, b = _norm(str(gold)), _norm(str(predicted))
        return a == b or fuzz.token_sort_ratio(a, b) >= FUZZY_THRESHOLD
    if name == "customer":
        return name_key(str(gold)) == name_key(str(predicted))
    if name == "phone":
        return "".join(ch for ch in str(gold) if ch.isdigit()) == "".join(ch for ch in str(predicted) if ch.isdigit())
    if name in NAMES:
        return loose_key(str(gold)) == loose_key(str(predicted))
    if isinstance(gold, int | float) and isinstance(predicted, int | float):
        return abs(float(gold) - float(predicted)) < 1e-6
    return bool(gold == predicted)


def evaluate(
    parser: IntentParser,
    examples: Iterable[Example],
    context_for: Callable[[str], ParseContext],
    index: CustomerIndex | None,
    *,
    answerable: Collection[str] | None = None,
) -> Report:
    """`answerable`: the intents the parser may answer with (None: every gold intent counts)."""
    report = Report()
    started = time.perf_counter()
    for example in examples:
        parsed = parser.parse(example.text, context_for(example.text))
        if answerable is not None and example.intent != "unknown" and example.intent not in answerable:
            _outside(report, example, parsed)
            continue
        predicted = canonical_slots(parsed, index)
        report.total += 1
        intent_ok = parsed.command.intent == example.intent
        report.intent_correct += intent_ok
        report.per_lang[example.lang][0] += 1
        report.per_lang[example.lang][1] += intent_ok
        report.per_intent[example.intent][0] += 1
        report.per_intent[example.intent][1] += intent_ok
        report.per_intent[parsed.command.intent][2] += 1
        if not intent_ok:
            report.confusions[(example.intent, parsed.command.intent)] += 1
        for low, high in BUCKETS:
            if low <= parsed.confidence < high:
                report.buckets[(low, high)][0] += 1
                report.buckets[(low, high)][1] += intent_ok
        all_ok = intent_ok
        for slot, gold in example.slots.items():
            ok = slot_matches(slot, gold, predicted.get(slot))
            report.slot_total += 1
            report.slot_correct += ok
            report.per_slot[slot][0] += 1
            report.per_slot[slot][1] += ok
            if not ok:
                all_ok = False
                report.slot_errors.append((example.text, slot, gold, predicted.get(slot)))
        for slot in predicted.keys() - example.slots.keys():
            report.extra_slots += 1
            report.per_slot[slot][2] += 1
            all_ok = False
        report.exact_messages += all_ok
    report.seconds = time.perf_counter() - started
    return report


def is_card(parsed: Parsed) -> bool:
    """Would the chat propose this as a change to confirm?"""
    return REGISTRY.writes(parsed.command.intent) and parsed.confidence >= CARD_FROM


def _outside(report: Report, example: Example, parsed: Parsed) -> None:
    got = parsed.command.intent
    report.outside[example.intent][got] += 1
    if is_card(parsed):
        report.outside_cards.append((example.text, example.intent, got, parsed.confidence))


def format_report(report: Report, *, errors: int = 0) -> str:
    lines = [
        f"messages: {report.total}   intent accuracy: {report.intent_accuracy:.1%}   "
        f"slot accuracy: {report.slot_accuracy:.1%} ({report.slot_correct}/{report.slot_total})   "
        f"extra slots: {report.extra_slots}   exact messages: {report.exact_messages / max(report.total, 1):.1%}",
        "",
        f"{'intent':<20}{'n':>5}{'recall':>9}{'precision':>11}",
    ]
    for intent, (n, ok, predicted) in sorted(report.per_intent.items()):
        if n:
            lines.append(f"{intent:<20}{n:>5}{ok / n:>9.1%}{(ok / predicted if predicted else 0):>11.1%}")
    lines += ["", f"{'slot':<20}{'n':>5}{'accuracy':>10}{'extra':>7}"]
    for slot, (n, ok, extra) in sorted(report.per_slot.items()):
        lines.append(f"{slot:<20}{n:>5}{(ok / n if n else 0):>10.1%}{extra:>7}")
    lines += ["", "by language:"]
    for lang, (n, ok) in sorted(report.per_lang.items()):
        lines.append(f"  {lang or '-':<10}{n:>5}{ok / n:>9.1%}")
    lines += ["", "confidence bucket     n   intent accuracy"]
    for (low, high), (n, ok) in report.buckets.items():
        label = f"[{low:.2f}, {min(high, 1.0):.2f}{']' if high > 1 else ')'}"
        lines.append(f"  {label:<16}{n:>5}   {(ok / n if n else 0):.1%}")
    if report.confusions:
        lines += ["", "confusions (gold → predicted):"]
        for (gold, got), count in report.confusions.most_common(25):
            lines.append(f"  {count:>3}  {gold} → {got}")
    if report.outside:
        safe = report.outside_total - len(report.outside_cards)
        lines += ["", f"not answerable here (written, not registered): {report.outside_total} lines, "
                      f"{safe} without a write card ({safe / report.outside_total:.1%})"]
        for gold, became in sorted(report.outside.items()):
            lines.append(f"  {gold:<20}→ " + ", ".join(f"{got} {n}" for got, n in became.most_common()))
        for text, gold, got, conf in report.outside_cards:
            lines.append(f"  CARD  {gold} → {got} ({conf:.2f})   « {text} »")
    if errors:
        lines += ["", f"slot errors (first {errors}):"]
        for text, slot, gold, got in report.slot_errors[:errors]:
            lines.append(f"  {slot}: want {gold!r} got {got!r}   « {text} »")
    lines.append(f"\n{report.total / report.seconds if report.seconds else 0:.0f} messages/s")
    return "\n".join(lines)


def fixed_context(now: datetime, tz: str, names: Sequence[str]) -> Callable[[str], ParseContext]:
    context = ParseContext(now=now, timezone=tz, customer_names=tuple(names))
    return lambda _text: context


def _norm(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text.casefold()).split())

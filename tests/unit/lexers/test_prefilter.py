"""The regex prefilter (bot/intents/lexers/prefilter.py) only skips searches that could not match: checked on
hand-made cases, on the regex engine's own case-folding table, and on every pattern the parser gates (date
rules, vocabularies, intent cues, lexers) against every message of our corpora and their case variants."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from bot.intents.lexers import amounts, dates, quantities, vocab
from bot.intents.lexers.date_rules import RULES
from bot.intents.lexers.prefilter import FOLDS, GateSet, finditer, may_match, needs
from bot.intents.registry import REGISTRY
from bot.intents.rules import deal_refs, safety, signals

ROOT = Path(__file__).resolve().parents[3]


def test_a_pattern_is_skipped_only_without_what_it_needs() -> None:
    cue = re.compile(r"(?<![A-Za-z])(?:remind me|提醒我)(?![A-Za-z])", re.IGNORECASE)
    assert needs(cue)
    assert not may_match(cue, "call acme tomorrow")
    assert not may_match(cue, "明天给华东电力打电话")
    assert may_match(cue, "Pls REMIND ME to call acme")
    assert may_match(cue, "明天提醒我")
    digits = re.compile(r"in (\d+) days")
    assert not may_match(digits, "in a few days")
    assert may_match(digits, "in 3 days")
    assert may_match(digits, "in ３ days")  # any Unicode digit, as \d reads it
    assert list(finditer(digits, "in a few days")) == []
    assert [m.group(1) for m in finditer(digits, "in 3 days")] == ["3"]


def test_patterns_that_prove_nothing_are_always_searched() -> None:
    for pattern in (re.compile(r"\w+"), re.compile(r".*"), re.compile(r"(?:a|\s)?"), re.compile(r"[^x]+")):
        assert needs(pattern) == ()
        assert may_match(pattern, "")
    gates = GateSet([re.compile(r"\w+"), re.compile("abc")])
    assert gates.open("xyz") == [True, False]


@pytest.mark.parametrize("text", ["ſunday", "RESİDENT", "bırthday"])
def test_odd_case_folds_turn_the_gates_off(text: str) -> None:
    """`re.IGNORECASE` matches "ſ" to "s", "ı"/"İ" to "i"; their lower case is something else."""
    pattern = re.compile(r"sunday|resident|birthday", re.IGNORECASE)
    assert pattern.search(text)
    assert may_match(pattern, text)


def test_folds_lists_every_character_the_engine_folds_to_an_ascii_letter_or_digit() -> None:
    ascii_alnum = re.compile(r"[a-z0-9]", re.IGNORECASE)
    odd = set()
    for code in range(0x80, 0x110000):
        ch = chr(code)
        if ascii_alnum.fullmatch(ch) and ch.lower() not in "abcdefghijklmnopqrstuvwxyz0123456789":
            odd.add(ch)
    assert odd <= FOLDS
    # Characters the engine treats as equal beyond lower case (its own table): none is kept in a need unless folded.
    from re import _casefix  # type: ignore[attr-defined]

    for code, extras in _casefix._EXTRA_CASES.items():
        ch = chr(code)
        if ch.isascii() or (ch.lower() == ch == ch.upper()):
            assert all(chr(e) in FOLDS or chr(e).lower() == ch.lower() for e in extras), ch


def _corpus() -> list[str]:
    texts: list[str] = []
    files = sorted((ROOT / "tests/data").rglob("*.jsonl")) + sorted((ROOT / "tests/unit/intents/data").glob("*.jsonl"))
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                texts.append(json.loads(line)["text"])
    for path in sorted((ROOT / "tests/scenarios/data").glob("*.toml")):
        texts.extend(_says(tomllib.loads(path.read_text(encoding="utf-8"))))
    texts = list(dict.fromkeys(texts))
    return texts + [t.upper() for t in texts]  # what a case-insensitive pattern matches in capitals too


def _says(node: object) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "say" and isinstance(v, str)] + \
            [s for k, v in node.items() if k != "say" for s in _says(v)]
    if isinstance(node, list):
        return [s for item in node for s in _says(item)]
    return []


def _gated_patterns() -> list[re.Pattern[str]]:
    out = [pattern for pattern, _ in RULES]
    out += [cue.pattern for spec in REGISTRY.all() for cue in spec.cues]
    out += [pattern for table in (vocab._STAGES, vocab._CHANNELS, vocab._REPORTS) for pattern, _ in table]
    out += list(dates._UNREAD_PATTERNS)
    out += [v for module in (amounts, quantities, signals, safety) for v in vars(module).values()
            if isinstance(v, re.Pattern)]
    out += [*deal_refs._EN_PHRASES, *deal_refs._ZH_PHRASES]
    return list(dict.fromkeys(out))


def test_no_gated_pattern_is_skipped_on_a_corpus_message_it_matches() -> None:
    patterns = _gated_patterns()
    gates = GateSet(patterns)
    missed = []
    for text in _corpus():
        for pattern, can_match in zip(patterns, gates.open(text), strict=True):
            if (not can_match or not may_match(pattern, text)) and pattern.search(text):
                missed.append((pattern.pattern[:60], text))
    assert not missed, missed[:5]


def test_most_patterns_are_gated() -> None:
    """A guard against a change that makes the derivation give up (and the parser quietly slow again)."""
    patterns = _gated_patterns()
    assert sum(1 for p in patterns if needs(p)) >= 0.9 * len(patterns)


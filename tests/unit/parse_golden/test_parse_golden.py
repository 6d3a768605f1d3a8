"""The parser reads every message of our corpora exactly as recorded in `parse_golden.jsonl` (see golden.py):
speed work (gates, combined cue searches, caches) must change no result."""

from __future__ import annotations

import json

import pytest

from tests.unit.parse_golden.golden import GOLDEN, record


def _recorded() -> list[dict[str, object]]:
    return [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_corpus_message_is_in_the_golden_file() -> None:
    from tests.unit.parse_golden.golden import messages

    assert [(r["src"], r["text"]) for r in _recorded()] == [(src, text) for src, text, _ in messages()], (
        "the corpora changed: python -m tests.unit.parse_golden.golden --write records them")


@pytest.mark.parametrize("chunk", range(8))
def test_parses_are_unchanged(chunk: int) -> None:
    from tests.unit.parse_golden.golden import messages

    recorded = _recorded()
    differ = []
    for i, (source, text, names) in enumerate(messages()):
        if i % 8 != chunk:
            continue
        now = json.loads(json.dumps(record(source, text, names), ensure_ascii=False, sort_keys=True))
        if now != recorded[i]:
            was = recorded[i]
            differ.append((text, {k: (was.get(k), now.get(k)) for k in now if now.get(k) != was.get(k)}))
    assert not differ, (f"{len(differ)} messages parse differently, e.g. {differ[:3]}. If the change is meant "
                        "(a new intent or rule), record it: python -m tests.unit.parse_golden.golden --write")

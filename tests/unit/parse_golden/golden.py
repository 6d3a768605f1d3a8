"""What the offline parser reads from every message of our corpora, recorded so a speed-up can prove it changed
nothing: `python -m tests.unit.parse_golden.golden --write` records it (`parse_golden.jsonl`), the test compares.

Corpora: tests/data/nlu/** (each folder with its own customers), every line users say in
tests/scenarios/data/**, and the date/amount expression set (tests/data/lexers). Per message: the parse by the
registered intents and by all written ones (command, confidence, rejected values, unread dates), the ranking's
decision, and the dates read forwards and looking back at two clocks (Shanghai mid-morning; New York just
before midnight on New Year's Eve, where "today" and "tomorrow" cross a year).

A deliberate change of what the parser reads (a new intent, a new rule) changes this file: regenerate it with
`--write` in the same commit and let the diff show what moved.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.intents.base import ParseContext, Parsed
from bot.intents.evaluation import load_corpus
from bot.intents.lexers.amounts import iter_amounts
from bot.intents.lexers.dates import DateMatch, find_dates, find_unread_dates
from bot.intents.registry import REGISTRY
from bot.intents.rules import RuleParser
from bot.intents.rules.features import extract
from bot.intents.rules.ranking import classify

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = Path(__file__).with_name("parse_golden.jsonl")
SHANGHAI_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
NEW_YORK_NOW = datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("America/New_York"))
CLOCKS = ((SHANGHAI_NOW, "Asia/Shanghai"), (NEW_YORK_NOW, "America/New_York"))


def _names(path: Path) -> tuple[str, ...]:
    return tuple(n.strip() for n in path.read_text(encoding="utf-8").splitlines() if n.strip())


def messages() -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(source, text, known customers) for every message, in a stable order, each text once per source."""
    nlu = ROOT / "tests/data/nlu"
    for folder in sorted(p for p in nlu.iterdir() if p.is_dir()):
        names = _names(folder / "customers.txt" if (folder / "customers.txt").exists() else nlu / "customers.txt")
        for text in dict.fromkeys(example.text for example in load_corpus(folder)):
            yield f"nlu/{folder.name}", text, names
    default = _names(nlu / "customers.txt")
    for file in sorted((ROOT / "tests/scenarios/data").glob("*.toml")):
        said = dict.fromkeys(_says(tomllib.loads(file.read_text(encoding="utf-8"))))
        for text in said:
            yield f"scenarios/{file.stem}", text, default
    lines = (ROOT / "tests/data/lexers/expressions.jsonl").read_text(encoding="utf-8").splitlines()
    for text in dict.fromkeys(json.loads(line)["text"] for line in lines if line.strip()):
        yield "lexers", text, default


def _says(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "say" and isinstance(value, str):
                yield value
            else:
                yield from _says(value)
    elif isinstance(node, list):
        for item in node:
            yield from _says(item)


def _date(match: DateMatch) -> list[Any]:
    return [match.value.isoformat(), match.start, match.end, match.tense, match.grain,
            match.last.isoformat() if match.last is not None else None,
            match.first.isoformat() if match.first is not None else None, match.rolling]


def _parsed(parsed: Parsed) -> list[Any]:
    return [parsed.command.model_dump(mode="json"), parsed.confidence, parsed.source,
            {k: str(v) for k, v in parsed.rejected.items()}, list(parsed.unread_dates)]


_ACTIVE = RuleParser()
_ALL = RuleParser(REGISTRY.all())


def record(source: str, text: str, names: tuple[str, ...]) -> dict[str, Any]:
    """Everything the parser reads from one message (JSON-ready)."""
    out: dict[str, Any] = {"src": source, "text": text}
    context = ParseContext(now=SHANGHAI_NOW, timezone="Asia/Shanghai", customer_names=names)
    out["active"] = _parsed(_ACTIVE.parse(text, context))
    out["all"] = _parsed(_ALL.parse(text, context))
    features = extract(text, context)
    if features.text:
        decision = classify(features, _ALL._scored, _ALL._answerable)
        out["decision"] = [decision.intent, decision.score, decision.runner_up]
    for now, tz in CLOCKS:
        key = tz.split("/")[1]
        out[f"dates@{key}"] = [_date(m) for m in find_dates(text, now, tz)]
        out[f"past@{key}"] = [_date(m) for m in find_dates(text, now, tz, past=True)]
        out[f"unread@{key}"] = [[u.start, u.end, u.text] for u in find_unread_dates(text, now, tz)]
    out["amounts"] = [[str(a.value), a.currency, a.start, a.end, str(a.upper)] for a in iter_amounts(text)]
    return out


def records() -> Iterator[dict[str, Any]]:
    for source, text, names in messages():
        yield record(source, text, names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"record into {GOLDEN.relative_to(ROOT)}")
    args = parser.parse_args()
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records()]
    if args.write:
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} messages recorded in {GOLDEN.relative_to(ROOT)}")
        return
    recorded = GOLDEN.read_text(encoding="utf-8").splitlines()
    changed = sum(a != b for a, b in zip(lines, recorded, strict=False)) + abs(len(lines) - len(recorded))
    print(f"{len(lines)} messages, {changed} differ from {GOLDEN.relative_to(ROOT)}")
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()

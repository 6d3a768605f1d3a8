"""`salesbot parse` and `salesbot nlu-eval`: the intent layer from the command line. Neither writes anything.

Both work standalone (rules only, names from --known-customers). When the `salesbot` group puts an
object in the click context (`ctx.obj`), these optional attributes (or dict keys) are used:
- `known_customer_names`: a callable returning the customer names in the database;
- `intent_parser`: an IntentParser (or a callable returning one), e.g. the Router with the LLM;
- `default_timezone`: the user default timezone.

Both understand what the chat understands: the registered intents. `--all-intents` scores the full contract
(every written spec, registered or not) with the rules alone.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from bot.intents.base import IntentParser, ParseContext
from bot.intents.resolve import CustomerIndex
from core.services.customers import CustomerName

DEFAULT_TZ = "Asia/Shanghai"


def _from_obj(ctx: click.Context, name: str) -> Any:
    obj = ctx.obj
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _timezone(ctx: click.Context, tz: str | None) -> str:
    zone = tz or _from_obj(ctx, "default_timezone") or DEFAULT_TZ
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise click.BadParameter(f"unknown timezone {zone!r}", param_hint="--tz") from exc
    return str(zone)


def _now(value: str | None, tz: str) -> datetime:
    if not value:
        return datetime.now(UTC)
    try:
        instant = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO-8601 date/time: {value!r}", param_hint="--now") from exc
    return instant.replace(tzinfo=ZoneInfo(tz)) if instant.tzinfo is None else instant


def _customers(ctx: click.Context, known_customers: Path | None, *, from_database: bool) -> list[CustomerName]:
    """Known customers: the database's (with their aliases) when asked, plus one name per line of the file."""
    found: list[CustomerName] = []
    loader = _from_obj(ctx, "known_customer_names") if from_database else None
    if callable(loader):
        try:
            for entry in loader():
                found.append(entry if isinstance(entry, CustomerName) else CustomerName(len(found) + 1, str(entry), ()))
        except Exception as exc:  # no database configured: the file alone is fine
            click.echo(f"note: customers from the database unavailable ({type(exc).__name__})", err=True)
    if known_customers is not None:
        lines = known_customers.read_text(encoding="utf-8").splitlines()
        seen = {c.name for c in found}
        offset = max((c.id for c in found), default=0)
        names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
        for name in dict.fromkeys(n for n in names if n not in seen):
            offset += 1
            found.append(CustomerName(offset, name, ()))
    return found


def _labels(customers: list[CustomerName]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(label for c in customers for label in (c.name, *c.aliases)))


def _parser(ctx: click.Context, *, all_intents: bool = False) -> IntentParser:
    if all_intents:
        from bot.intents.registry import REGISTRY
        from bot.intents.rules import RuleParser

        return RuleParser(REGISTRY.all())  # the configured LLM knows the registered intents only
    configured = _from_obj(ctx, "intent_parser")
    if configured is not None:
        parser: IntentParser = configured() if callable(configured) and not hasattr(configured, "parse") else configured
        return parser
    from bot.intents.router import Router
    from bot.intents.rules import RuleParser

    return Router(RuleParser())


def _messages(text: Sequence[str], jsonl: bool) -> list[str]:
    if not jsonl:
        joined = " ".join(text)
        return [joined if joined else sys.stdin.read().strip()]
    out: list[str] = []
    for line in sys.stdin:
        stripped = line.rstrip("\n")
        if not stripped.strip():
            continue
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError:
            out.append(stripped)
            continue
        if isinstance(value, dict) and isinstance(value.get("text"), str):
            out.append(value["text"])
        elif isinstance(value, str):
            out.append(value)
        else:
            out.append(stripped)
    return out


_common = [
    click.option("--all-intents", "all_intents", is_flag=True,
                 help="score every written intent, registered or not (the full contract), with the rules alone."),
    click.option("--now", "now", help="ISO-8601 instant the relative dates resolve against (default: now)."),
    click.option("--tz", "tz", help="the user's timezone (default: the configured default)."),
    click.option("--known-customers", "known_customers", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 help="file with one customer name per line, counted as existing customers."),
]


def _with_common(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_common):
        func = option(func)
    return func


@click.command("parse")
@_with_common
@click.option("--jsonl", is_flag=True, help="parse every line of stdin (plain text or JSON with a 'text' field).")
@click.argument("text", nargs=-1)
@click.pass_context
def parse_command(ctx: click.Context, all_intents: bool, now: str | None, tz: str | None, known_customers: Path | None,
                  jsonl: bool, text: tuple[str, ...]) -> None:
    """Parse TEXT (or stdin) into one command per message, printed as JSON lines."""
    from bot.intents.evaluation import canonical_slots

    zone = _timezone(ctx, tz)
    known = _customers(ctx, known_customers, from_database=True)
    context = ParseContext(now=_now(now, zone), timezone=zone, customer_names=_labels(known))
    parser = _parser(ctx, all_intents=all_intents)
    index = CustomerIndex(known) if known else None
    for message in _messages(text, jsonl):
        parsed = parser.parse(message, context)
        # Exactly the contract's four keys (refers_to_context is visible as a command without a customer).
        line = {"text": message, "intent": parsed.command.intent, "confidence": round(parsed.confidence, 2),
                "slots": canonical_slots(parsed, index)}
        click.echo(json.dumps(line, ensure_ascii=False, default=str))


@click.command("nlu-eval")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=True, path_type=Path))
@_with_common
@click.option("--errors", default=0, show_default=True, help="also list this many slot errors.")
@click.option("--json", "as_json", is_flag=True, help="print the figures as JSON.")
@click.option("--key-map", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="a JSON map renaming the corpus's slot keys and values to ours (a corpus written blind).")
@click.pass_context
def nlu_eval_command(ctx: click.Context, corpus: Path, all_intents: bool, now: str | None, tz: str | None,
                     known_customers: Path | None, errors: int, as_json: bool, key_map: Path | None) -> None:
    """Accuracy per intent and per slot, confusions and confidence calibration on a labelled CORPUS (a JSONL file
    or a folder of them). Lines of intents that are written but not registered are checked apart: they must not
    become a write card (unless --all-intents)."""
    from bot.intents.evaluation import evaluate, fixed_context, format_report, load_corpus, remap
    from bot.intents.registry import REGISTRY

    zone = _timezone(ctx, tz)
    if known_customers is None:
        folder = corpus if corpus.is_dir() else corpus.parent
        siblings = [folder / "customers.txt", folder.parent / "customers.txt"]
        known_customers = next((path for path in siblings if path.exists()), None)
    # A corpus brings its own customers: the database's would only blur the figures.
    known = _customers(ctx, known_customers, from_database=False)
    clock = _now(now or "2026-11-25T10:00", zone)  # the corpus convention unless told otherwise
    answerable = None if all_intents else frozenset(spec.name for spec in REGISTRY.active())
    examples = load_corpus(corpus)
    if key_map is not None:
        examples = remap(examples, json.loads(key_map.read_text(encoding="utf-8")))
    report = evaluate(_parser(ctx, all_intents=all_intents), examples,
                      fixed_context(clock, zone, _labels(known)), CustomerIndex(known) if known else None,
                      answerable=answerable)
    if as_json:
        click.echo(json.dumps({
            "messages": report.total, "intent_accuracy": round(report.intent_accuracy, 4),
            "slot_accuracy": round(report.slot_accuracy, 4), "extra_slots": report.extra_slots,
            "per_intent": {k: {"n": v[0], "correct": v[1], "predicted": v[2]} for k, v in report.per_intent.items()},
            "per_slot": {k: {"n": v[0], "correct": v[1], "extra": v[2]} for k, v in report.per_slot.items()},
            "confusions": [{"gold": g, "predicted": p, "count": c} for (g, p), c in report.confusions.most_common()],
            "not_registered": {"messages": report.outside_total, "write_cards": len(report.outside_cards),
                               "became": {g: dict(c) for g, c in report.outside.items()}},
        }, ensure_ascii=False))
    else:
        click.echo(format_report(report, errors=errors))

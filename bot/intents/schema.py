"""The command schema for the whole product, built from the registry: every parser (rules or LLM) produces one
of these, and stored proposals round-trip through `dump`/`load`.

The command classes are declared with their intents (`bot/intents/specs/`) and re-exported here. The union
(`AnyCommand`, `COMMAND_ADAPTER`) is over the *registered* intents plus `unknown`: a command the chat cannot
handle cannot be built, stored or loaded. `commands_of(REGISTRY.all())` is the full contract (`--all-intents`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from functools import cache, reduce
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from bot.intents.command import Amount, Command, Percent, Text, Unknown, When, intent_of
from bot.intents.registry import REGISTRY
from bot.intents.spec import IntentSpec
from bot.intents.specs.crm import AddContact, CreateCustomer, ListCustomers, LogInteraction, QueryCustomer
from bot.intents.specs.deals import CreateDeal, QueryDeals, UpdateDeal
from bot.intents.specs.meta import Cancel, Help, Undo
from bot.intents.specs.money import CreateContract, QueryReceivables, RecordPayment
from bot.intents.specs.projects import QueryProject, UpdateProject
from bot.intents.specs.reports import Report
from bot.intents.specs.team import QueryActivity, QueryReports
from bot.intents.specs.work import CompleteTask, CreateTask, DailyReport, ListTasks, LogTime
from bot.intents.vocabulary import Channel, ReportKind, Stage


def commands_of(specs: Iterable[IntentSpec]) -> dict[str, type[Command]]:
    """Intent → command class for these specs, plus `unknown` (always a valid answer)."""
    return {**{spec.name: spec.command for spec in specs}, "unknown": Unknown}


def union_of(commands: Iterable[type[Command]]) -> Any:
    """`A | B | …` discriminated by `intent`, built at run time (the members come from the registry)."""
    members = tuple(commands)
    union = reduce(operator.or_, members) if len(members) > 1 else members[0]
    annotated: Any = Annotated
    return annotated[union, Field(discriminator="intent")] if len(members) > 1 else union


@cache
def _adapter(commands: tuple[type[Command], ...]) -> TypeAdapter[Command]:
    return TypeAdapter(union_of(commands))


COMMANDS: dict[str, type[Command]] = commands_of(REGISTRY.active())
INTENTS = tuple(COMMANDS)
WRITE_INTENTS = frozenset(spec.name for spec in REGISTRY.active() if spec.writes)
AnyCommand = union_of(COMMANDS.values())
COMMAND_ADAPTER: TypeAdapter[Command] = _adapter(tuple(COMMANDS.values()))


def command_from(intent: str, slots: dict[str, Any], *, commands: Mapping[str, type[Command]] | None = None) -> Command:
    """Build and validate a command from an intent and slot values (rules, LLM and edits all come through here).
    `commands` widens or narrows the union (default: the registered intents)."""
    adapter = COMMAND_ADAPTER if commands is None else _adapter(tuple(commands.values()))
    return adapter.validate_python({"intent": intent, **slots})


# Stored commands (pending cards, voice jobs) carry the schema version they were written with; `load` upgrades
# older ones step by step, so renaming or re-meaning a slot never breaks an item in flight. Bump VERSION and add
# the step when a slot changes.
VERSION = 1
VERSION_KEY = "v"


def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """v1: `update_deal.title` names which deal is meant; in v0 it renamed the deal. Dropped, not re-meant: a card
    written as a rename must not turn into a card about another deal."""
    if data.get("intent") == "update_deal":
        return {k: v for k, v in data.items() if k != "title"}
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def dump(command: Command) -> dict[str, Any]:
    """JSON form for storage (with the schema version); `load` restores it exactly."""
    return {**command.model_dump(mode="json"), VERSION_KEY: VERSION}


def load(data: dict[str, Any]) -> Command:
    """A stored command, upgraded from the version it was written with (unversioned = v0)."""
    body = dict(data)
    version = int(body.pop(VERSION_KEY, 0))
    while version < VERSION:
        body = UPGRADES[version](body)
        version += 1
    return COMMAND_ADAPTER.validate_python(body)


__all__ = [
    "COMMANDS", "COMMAND_ADAPTER", "INTENTS", "WRITE_INTENTS", "AddContact", "Amount", "AnyCommand", "Cancel",
    "Channel", "Command", "CompleteTask", "CreateContract", "CreateCustomer", "CreateDeal", "CreateTask",
    "DailyReport", "Help", "ListCustomers", "ListTasks", "LogInteraction", "LogTime", "Percent", "QueryActivity",
    "QueryCustomer", "QueryDeals", "QueryProject", "QueryReceivables", "QueryReports", "RecordPayment", "Report",
    "ReportKind", "Stage", "Text", "Undo", "Unknown", "UpdateDeal", "UpdateProject", "When", "command_from",
    "commands_of", "dump", "intent_of", "load",
]

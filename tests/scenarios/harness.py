"""Whole conversations as the team has them: personas, both languages, the checks a rep would make.

A scenario is a list of turns a persona types (or taps), each with what the replies must and must not say, and
whether a card (something to confirm) may appear; at the end, what must (and must not) have been written.
The world is the demo team (`core.demo`) plus a few people and records the safety cases need; the clock is
Wednesday 25 November 2026, 10:00 in Shanghai. Everything runs through the real assistant: store, parse
(rules only, offline), resolve, propose, confirm, write.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.assistant import Assistant
from bot.bootstrap import build_parser
from bot.conversation import Conversation
from bot.handlers import default_actions, default_handlers, default_slash_commands
from bot.intents.llm import LLMSettings
from bot.messages import IncomingMessage
from core import demo
from core.context import CoreGateway
from core.models import Contact, Customer, Deal, Interaction, Task
from core.outbound import Reply
from core.services import customers, deals, users

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
DATA = Path(__file__).parent / "data"
# People beyond the demo team (王芳 manager and Alice rep of 华东销售部, 张伟 rep of North China Sales, Admin).
EXTRA_PEOPLE = (("Fiona", "finance", None, "en"), ("刘会计", "finance", None, "zh"), ("Pat", "pm", "华东销售部", "en"),
                ("Bob", "rep", "华东销售部", "en"))


def build_world(core: CoreGateway) -> None:
    """The demo team, plus: finance and PM users, a teammate of Alice's, and two deals Alice named "phase 2"."""
    demo.seed(core)
    with core.system() as system:
        for name, role, team, lang in EXTRA_PEOPLE:
            users.add_user(system, name, role=role, team=team, language=lang, timezone="Asia/Shanghai")
        for person in users.list_users(system):
            users.link(system, person[0], "console", person[0].name)
    alice = _user_id(core, "Alice")
    with core.unit(alice) as ctx:
        acme = customers.find_exact(ctx, "Acme Corp")[0]
        globex = customers.find_exact(ctx, "Globex Inc")[0]
        deals.create(ctx, acme.id, "phase 2", amount=Decimal(200000), stage="qualified")
        deals.create(ctx, globex.id, "phase 2", amount=Decimal(90000), stage="lead")
    bob = _user_id(core, "Bob")
    with core.unit(bob) as ctx:
        customers.create(ctx, "Hooli", industry="Software", city="Shenzhen")


def _user_id(core: CoreGateway, name: str) -> int:
    with core.system() as system:
        return users.require_by_name(system, name).id


@dataclass
class Turn:
    say: str = ""
    tap: int | None = None  # press the n-th button of the last reply that had buttons (1-based)
    says: list[str] = field(default_factory=list)
    says_any: list[str] = field(default_factory=list)
    never: list[str] = field(default_factory=list)
    card: bool | None = None  # a card to confirm appears (True) / none does (False)
    buttons: list[str] = field(default_factory=list)  # labels some button must contain
    private: bool | None = None  # every reply is private (True)


@dataclass
class Scenario:
    name: str
    persona: str
    turns: list[Turn]
    then: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)


def load(path: Path) -> list[Scenario]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for raw in data.get("scenario", []):
        turns = [Turn(**turn) for turn in raw["turns"]]
        out.append(Scenario(raw["name"], raw["persona"], turns, raw.get("then", {}), raw.get("tags", [])))
    return out


def all_scenarios() -> list[tuple[str, Scenario]]:
    found = []
    for path in sorted(DATA.glob("*.toml")):
        for scenario in load(path):
            found.append((f"{path.stem}: {scenario.name}", scenario))
    return found


class Chat:
    """One persona talking to the assistant in the console channel."""

    def __init__(self, core: CoreGateway, persona: str) -> None:
        parser = build_parser(LLMSettings(provider="none"))
        conversation = Conversation(core, parser, default_handlers(), default_actions(), default_slash_commands())
        self.assistant = Assistant(core, conversation, "zh")
        self.persona = persona
        self.count = 0
        self.last_choices: list[tuple[str, str]] = []

    def send(self, turn: Turn) -> list[Reply]:
        self.count += 1
        text, action = turn.say, None
        if turn.tap is not None:
            assert self.last_choices, "nothing to tap"
            action, text = self.last_choices[turn.tap - 1]
        message = IncomingMessage(channel="console", chat_id=f"console:{self.persona}", sender_id=self.persona,
                                  message_id=f"{self.persona}-{self.count}", text=text, action=action)
        replies = self.assistant.handle_sync(message)
        with_buttons = [r for r in replies if r.choices]
        if with_buttons:
            self.last_choices = [(c.action, c.fallback) for c in with_buttons[-1].choices]
        return replies


def is_card(reply: Reply) -> bool:
    """A card to confirm: a proposal with a Confirm button."""
    return reply.proposal_id is not None and any(c.action.startswith("confirm:") for c in reply.choices)


def check_turn(turn: Turn, replies: list[Reply]) -> list[str]:
    text = "\n".join(r.text for r in replies)
    labels = [c.label for r in replies for c in r.choices]
    problems = []
    for needle in turn.says:
        if needle.casefold() not in text.casefold():
            problems.append(f"missing {needle!r}")
    if turn.says_any and not any(n.casefold() in text.casefold() for n in turn.says_any):
        problems.append(f"none of {turn.says_any!r}")
    for needle in turn.never:
        if needle.casefold() in text.casefold():
            problems.append(f"must not say {needle!r}")
    if turn.card is not None and any(is_card(r) for r in replies) != turn.card:
        problems.append("a card appeared" if not turn.card else "no card to confirm")
    for label in turn.buttons:
        if not any(label.casefold() in have.casefold() for have in labels):
            problems.append(f"no button {label!r} (buttons: {labels})")
    if turn.private and not all(r.private for r in replies):
        problems.append("a reply was not private")
    return problems


def check_effects(core: CoreGateway, then: dict[str, Any]) -> list[str]:
    """`then` keys: interactions / contacts (customer → count), deal_stage / deal_amount (title[@customer] → value),
    deal_probability (title@customer → [probability, manual probability or "none"]),
    customers_named (name → count), tasks_titled (substring → count), task_due (title substring → local time
    prefix), task_due_for (customer → local time prefix of one of its tasks)."""
    problems = []
    with core.system() as system:
        session = system.session

        def customer_id(name: str) -> int | None:
            return session.scalar(select(Customer.id).where(Customer.name == name))

        for name, count in then.get("interactions", {}).items():
            got = session.scalar(select(func.count(Interaction.id)).where(Interaction.customer_id == customer_id(name)))
            if got != count:
                problems.append(f"{name}: {got} interactions, expected {count}")
        for name, count in then.get("contacts", {}).items():
            got = session.scalar(select(func.count(Contact.id)).where(Contact.customer_id == customer_id(name)))
            if got != count:
                problems.append(f"{name}: {got} contacts, expected {count}")
        for key, stage in then.get("deal_stage", {}).items():
            title, _, customer = key.partition("@")
            query = select(Deal.stage).where(Deal.title == title)
            if customer:
                query = query.where(Deal.customer_id == customer_id(customer))
            got = session.scalars(query).all()
            if list(got) != [stage]:
                problems.append(f"deal {key}: stage {list(got)}, expected {stage}")
        for key, amount in then.get("deal_amount", {}).items():
            title, _, customer = key.partition("@")
            query = select(Deal.amount).where(Deal.title == title)
            if customer:
                query = query.where(Deal.customer_id == customer_id(customer))
            got = [float(a) if a is not None else None for a in session.scalars(query).all()]
            if got != [amount]:
                problems.append(f"deal {key}: amount {got}, expected {amount}")
        for key, (percent, manual) in then.get("deal_probability", {}).items():
            title, _, customer = key.partition("@")
            row = session.execute(select(Deal.probability, Deal.manual_probability).where(
                Deal.title == title, Deal.customer_id == customer_id(customer))).one()
            if (row.probability, row.manual_probability) != (percent, None if manual == "none" else manual):
                problems.append(f"deal {key}: probability {tuple(row)}, expected {(percent, manual)}")
        for name, count in then.get("customers_named", {}).items():
            got = session.scalar(select(func.count(Customer.id)).where(Customer.name == name))
            if got != count:
                problems.append(f"{got} customers named {name!r}, expected {count}")
        for needle, count in then.get("tasks_titled", {}).items():
            got = session.scalar(select(func.count(Task.id)).where(Task.title.contains(needle)))
            if got != count:
                problems.append(f"{got} tasks titled like {needle!r}, expected {count}")
        for name, due in then.get("task_due_for", {}).items():
            rows = session.scalars(select(Task).where(Task.customer_id == customer_id(name))).all()
            local = [t.due_at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M")
                     if t.due_at else None for t in rows]
            if not any(v is not None and v.startswith(due) for v in local):
                problems.append(f"tasks of {name}: due {local}, expected one at {due}")
        for needle, due in then.get("task_due", {}).items():
            rows = session.scalars(select(Task).where(Task.title.contains(needle))).all()
            local = [t.due_at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M")
                     if t.due_at else None for t in rows]
            if not any(v is not None and v.startswith(due) for v in local):
                problems.append(f"task {needle!r}: due {local}, expected {due}")
    return problems

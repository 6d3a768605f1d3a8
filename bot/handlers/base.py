"""What a handler is: it turns one Command into an answer, a question, or a proposal to confirm."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from bot.intents.directory import CustomerDirectory, VisibleCustomers
from bot.intents.resolve import CustomerIndex
from bot.intents.schema import Command
from core.context import ServiceContext
from core.i18n import format as fmt
from core.i18n import t
from core.models import Task
from core.outbound import Choice, DocumentRef, ImageRef, Reply
from core.permissions import Entity
from core.services import deals
from core.services.conversation import Memory
from core.timeutil import local_today, zone


@dataclass
class HandlerContext:
    """One message's worth of everything a handler may use."""

    ctx: ServiceContext
    lang: str
    # What "it" means in this chat (the customer and deal talked about last); handlers update it via `remember`.
    memory: Memory
    # The process-wide name cache.
    directory: CustomerDirectory
    source_text: str = ""
    source: str = "text"
    # False on the dashboard's page: report charts are not drawn there but fetched one by one (report_views.image).
    draw_charts: bool = True
    remembered: dict[str, Any] = field(default_factory=dict)
    _visible: VisibleCustomers | None = None
    _deal_titles: tuple[str, ...] | None = None

    def t(self, key: str, /, **params: Any) -> str:
        return t(self.lang, key, **params)

    @property
    def tz(self) -> str:
        return self.ctx.actor.timezone

    def today(self) -> date:
        return local_today(self.ctx.now(), self.tz)

    def local_now(self) -> datetime:
        return self.ctx.now().astimezone(zone(self.tz))

    def money(self, amount: Decimal | None, currency: str | None = None) -> str:
        return fmt.money(amount, currency or self.ctx.defaults.currency, self.lang)

    def day(self, value: date | datetime) -> str:
        if isinstance(value, datetime):
            local = value.astimezone(zone(self.tz))
            return f"{fmt.day_with_year(local.date(), self.lang, self.today())} {local:%H:%M}"
        return fmt.day_with_year(value, self.lang, self.today())

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(zone(self.tz)).date()

    def due(self, task: Task) -> str:
        """A task's due as the user reads it: a day for all-day tasks, day and time otherwise."""
        if task.due_at is None:
            return ""
        return self.day(self.local_date(task.due_at)) if task.due_all_day else self.day(task.due_at)

    def customers(self) -> VisibleCustomers:
        if self._visible is None:
            self._visible = self.directory.visible(self.ctx)
        return self._visible

    def index(self) -> CustomerIndex:
        """Every customer's names (the user's own and colleagues'): `is_visible` tells them apart."""
        return self.customers().index

    def is_visible(self, customer_id: int) -> bool:
        return self.customers().is_visible(customer_id)

    def known_names(self) -> tuple[str, ...]:
        """Every customer's names and aliases: what the parser may spot in a message (a colleague's customer is
        recognised as named, so it is never mistaken for "no customer named")."""
        return self.customers().labels

    def known_deals(self) -> tuple[str, ...]:
        """Titles of the open deals this user can see: what the parser may spot as a deal named by its title."""
        if self._deal_titles is None:
            self._deal_titles = tuple(dict.fromkeys(d.title for d in deals.query(self.ctx, limit=500)))
        return self._deal_titles

    def remember(self, *, customer_id: int | None = None, deal_id: int | None = None, forget_deal: bool = False
                 ) -> None:
        """What "it" means from now on. A new customer without a deal forgets the old customer's deal."""
        if customer_id is not None:
            self.remembered["customer_id"] = customer_id
        if deal_id is not None:
            self.remembered["deal_id"] = deal_id
        elif forget_deal:
            self.remembered["deal_id"] = None

    def memory_after(self) -> Memory:
        """The memory to store once the turn is done."""
        if not self.remembered:
            return self.memory
        updated = self.memory.model_copy(update=self.remembered)
        if updated.customer_id != self.memory.customer_id and "deal_id" not in self.remembered:
            updated = updated.model_copy(update={"deal_id": None})  # "it" no longer means the other one's deal
        return updated


@dataclass
class Answer:
    """Done: a read answered, a write executed, or a refusal."""

    text: str
    image: ImageRef | None = None
    private: bool = True
    # Buttons on an answer (e.g. "Ask for access"); they act through registered actions.
    choices: list[Choice] = field(default_factory=list)
    # A file sent with the answer (a printable invoice, a contract's signed PDF).
    document: DocumentRef | None = None

    def reply(self) -> Reply:
        return Reply(text=self.text, image=self.image, private=self.private, choices=list(self.choices),
                     document=self.document)


@dataclass
class Proposal:
    """A write to show and confirm. `resolved` holds ids the execution will use."""

    lines: list[str]
    resolved: dict[str, Any] = field(default_factory=dict)
    # Buttons besides Confirm/Edit/Cancel (e.g. leaving one action item of meeting minutes out).
    choices: list[Choice] = field(default_factory=list)
    # False where there is nothing to correct (undo): the card offers Confirm and Cancel only.
    editable: bool = True


@dataclass
class Ask:
    """One missing slot, asked for with one question."""

    slot: str
    question: str
    # What is already settled (e.g. which deal), kept while we wait for the answer.
    resolved: dict[str, Any] = field(default_factory=dict)


@dataclass
class Option:
    label: str
    # What choosing it sets in the proposal's `resolved` map.
    resolved: dict[str, Any]
    # It creates something new ("➕ New customer …") rather than picking an existing record.
    creates: bool = False


@dataclass
class Choose:
    """Several candidates (or "create new?"): the user picks one by button or number."""

    question: str
    options: list[Option]


Outcome = Answer | Proposal | Ask | Choose


@dataclass
class Run:
    """What a button or slash command may return: run `command` through the normal pipeline (propose, ask,
    choose …) with `resolved` already settled — e.g. a transcribed voice note, tied to its job."""

    command: Command
    resolved: dict[str, Any] = field(default_factory=dict)


class Handler(Protocol):
    intent: str

    @property
    def changes(self) -> Entity | None:
        """What a confirmed write changes (the role check before the card); None for reads and for undo."""
        ...

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        """Resolve and validate; reads answer here, writes return a Proposal (or ask/choose first)."""
        ...

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        """Perform a confirmed write (inside the transaction that claimed the proposal)."""
        ...


class ReadHandler:
    """A handler that only reads: nothing to confirm."""

    intent = ""
    changes: Entity | None = None

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        raise NotImplementedError

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        raise AssertionError(f"{self.intent} is read-only and has nothing to execute")


"""The permission matrix's world: who acts, whose rows, what each audience may do, and how a probe runs.

Each domain adds its probes (and the rows they need) in a `matrix_probes_<domain>.py` module next to this one:
`PROBES`, `MODULES` (whose public functions must all be probed), optionally `NOT_SERVICES` and
`seed(core, world)`, which adds rows to each owner's `Book.extra`. `test_permission_matrix` loads them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from core.context import CoreGateway, ServiceContext
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.services import access, customers, daily_reports, deals, interactions, tasks
from tests.factories import add_user

Access = Literal["full", "read", "hidden"]
Outcome = Literal["ok", "refused", "missing"]


@dataclass(frozen=True)
class Audience:
    label: str
    actor: str
    owner: str
    access: Access


AUDIENCES = (
    Audience("rep own", "Alice", "Alice", "full"),
    Audience("rep other", "Alice", "Bob", "hidden"),
    Audience("rep other team", "Alice", "Carol", "hidden"),
    Audience("manager team", "Mia", "Bob", "full"),
    Audience("manager other team", "Mia", "Carol", "hidden"),
    Audience("finance", "Fay", "Carol", "read"),
    Audience("pm team", "Pat", "Bob", "read"),
    Audience("pm other team", "Pat", "Carol", "hidden"),
    Audience("admin", "Root", "Carol", "full"),
)
PEOPLE = {"Alice": ("rep", "East"), "Bob": ("rep", "East"), "Carol": ("rep", "North"), "Mia": ("manager", "East"),
          "Fay": ("finance", None), "Pat": ("pm", "East"), "Root": ("admin", None)}
OWNERS = ("Alice", "Bob", "Carol")


@dataclass
class Book:
    """One owner's rows."""

    customer: int
    contact: int
    deal: int
    task: int
    interaction: int
    report_day: date
    notification: int
    suggestion: int
    minutes: int
    job: int
    # Rows a domain's seed adds for this owner ("project", "contract", ...).
    extra: dict[str, int] = field(default_factory=dict)


@dataclass
class World:
    ids: dict[str, int]
    books: dict[str, Book]


def _outcome_for_read(access_: Access) -> Outcome:
    return "missing" if access_ == "hidden" else "ok"


def _outcome_for_change(access_: Access) -> Outcome:
    return {"full": "ok", "read": "refused", "hidden": "missing"}[access_]


# -- probes -------------------------------------------------------------------------------------------------
# A probe calls one service function against the owner's rows. Kinds:
#   read     — a lookup of one row: ok when readable, NotFound otherwise
#   change   — a change of one row: ok / PermissionDenied (readable, not changeable) / NotFound (not readable)
#   assign   — creating a row owned by the owner: ok when the actor may change the owner's rows, else refused
#   list     — returns rows; the owner's rows appear exactly when readable (`found` tells)
#   personal — the owner's personal row: ok only when the actor is the owner, else NotFound (whatever the role)
#   names    — customer names are known to everyone: ok for all
#   self     — acts on the actor's own rows only: always ok


Call = Callable[[ServiceContext, World, str], Any]
Found = Callable[[Any, World, str], bool]


@dataclass(frozen=True)
class Probe:
    function: Callable[..., Any]
    kind: Literal["read", "change", "assign", "list", "personal", "names", "self"]
    call: Call
    found: Found | None = None
    # A listing of personal rows: the owner's rows show only to the owner, whatever the role.
    personal: bool = False
    # A question about changing (not reading): the answer is yes only where the actor may change the rows.
    changing: bool = False
    # Where an entity's table differs from the customers' (finance changes money, a PM reads projects...):
    # the access by audience label.
    overrides: dict[str, Access] = field(default_factory=dict)

    def access_for(self, audience: Audience) -> Access:
        return self.overrides.get(audience.label, audience.access)


def _unless_invalid(call: Callable[[], object]) -> object:
    try:
        return call()
    except InvalidInput:
        return None


def _b(w: World, owner: str) -> Book:
    return w.books[owner]


def _ids(rows: Any) -> set[int]:
    return {int(getattr(row, "id", 0) or row) for row in rows}


AMOUNTS = {"Alice": 1001, "Bob": 2020, "Carol": 4400}  # every subset has its own sum


def _amount(owner: str) -> int:
    return AMOUNTS[owner]


def _owners_in(total: Decimal) -> set[str]:
    """Whose deals a pipeline total adds up (each subset of AMOUNTS sums differently)."""
    from itertools import combinations

    for size in range(len(AMOUNTS) + 1):
        for subset in combinations(AMOUNTS, size):
            if sum(AMOUNTS[o] for o in subset) == total:
                return set(subset)
    raise AssertionError(f"no set of deals sums to {total}")


def _or_empty(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except NotFound:
        return []


def _or_none(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except (NotFound, PermissionDenied, Conflict):
        return None



# -- the world ------------------------------------------------------------------------------------------------


def build_world(core: CoreGateway, seeds: tuple[Callable[[CoreGateway, World], None], ...] = ()) -> World:
    ids = {name: add_user(core, name, role=role, team=team).id for name, (role, team) in PEOPLE.items()}
    books: dict[str, Book] = {}
    for owner in OWNERS:
        with core.unit(ids[owner]) as ctx:
            customer = customers.create(ctx, f"{owner} Co")
            contact = customers.add_contact(ctx, customer.id, "Li Wei", email=f"li@{owner.lower()}.example")
            deal = deals.create(ctx, customer.id, f"{owner} deal", amount=Decimal(_amount(owner)),
                                close_date=ctx.now().date() - timedelta(days=3))
            task = tasks.create(ctx, f"Call {owner}", due=ctx.now().date() - timedelta(days=1),
                                customer_id=customer.id)
            logged = interactions.log(ctx, customer.id, channel="visit", summary="hello")
            daily_reports.submit(ctx, f"{owner} worked")
        with core.system() as system:
            session = system.session
            from core.models import MeetingMinutes, Notification, Suggestion, VoiceJob

            job = VoiceJob(user_id=ids[owner], channel="console", chat_id="c", conversation_id="c", is_group=False,
                           message_id=f"m-{owner}", status="done", attempts=0, next_attempt_at=system.now(),
                           progress_seconds=0.0, progress_messages=0, chunks=[], created_at=system.now(),
                           updated_at=system.now(), interaction_id=logged.interaction.id)
            session.add(job)
            session.flush()
            note = Notification(key=f"k-{owner}", kind="task_due", user_id=ids[owner], entity_type="task",
                                entity_id=task.id, params={"task_id": task.id}, due_at=system.now(),
                                deliver_after=system.now(), status="queued", created_at=system.now(),
                                updated_at=system.now())
            suggestion = Suggestion(user_id=ids[owner], key=f"s-{owner}", rule="proposal_no_reply",
                                    entity_type="deal", entity_id=deal.id,
                                    params={"customer": f"{owner} Co", "contact": "Li Wei", "deal": f"{owner} deal"},
                                    status="shown", created_at=system.now())
            minutes_row = MeetingMinutes(job_id=job.id, user_id=ids[owner], language="en", extractor="rules",
                                         status="proposed", data={"action_items": [{"text": "x"}]}, selected=[1],
                                         interaction_id=logged.interaction.id, created_at=system.now(),
                                         updated_at=system.now())
            session.add_all([note, suggestion, minutes_row])
            session.flush()
            books[owner] = Book(customer.id, contact.id, deal.id, task.id, logged.interaction.id,
                                system.now().date(), note.id, suggestion.id, minutes_row.id, job.id)
    # Dave asks for each owner's customer, so each owner has a request to decide.
    ids["Dave"] = add_user(core, "Dave", team="West").id
    for owner in OWNERS:
        with core.unit(ids["Dave"]) as ctx:
            ids[f"request:{owner}"] = access.request(ctx, books[owner].customer).id
    world = World(ids, books)
    for seed in seeds:
        seed(core, world)
    return world


class _Rollback(Exception):
    pass


@dataclass
class Result:
    outcome: Outcome
    value: Any = None


def run(core: CoreGateway, user_id: int, call: Callable[[ServiceContext], Any],
        look: Callable[[Any], Any] | None = None) -> Result:
    """One call in its own unit, rolled back afterwards so probes never see each other's writes (`look` reads
    the result while the unit is still open)."""
    result = Result("ok")
    try:
        with core.unit(user_id) as ctx:
            try:
                value = call(ctx)
                result.value = look(value) if look is not None else value
            except NotFound:
                result.outcome = "missing"
            except PermissionDenied:
                result.outcome = "refused"
            raise _Rollback
    except _Rollback:
        pass
    return result


def expected(probe: Probe, audience: Audience) -> set[Outcome]:
    access_ = probe.access_for(audience)
    if probe.kind == "read":
        return {_outcome_for_read(access_)}
    if probe.kind == "change":
        return {_outcome_for_change(access_)}
    if probe.kind == "assign":
        # Giving the owner a new row: only for whoever may change the owner's rows. For an owner the actor
        # cannot see, "not found" (their customer) and "refused" (the assignment) both refuse without a leak.
        return {"ok"} if access_ == "full" else {"refused"} if access_ == "read" else {"refused", "missing"}
    if probe.kind == "personal":
        return {"ok"} if audience.actor == audience.owner else {"missing"}
    return {"ok"}

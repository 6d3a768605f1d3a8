"""The permission table applied by the data-access layer itself, so that forgetting a check is impossible.

An actor's session gets two guards when its unit of work opens:
- every ORM query (select, and bulk update/delete) carries WHERE criteria for each owned table: a row the
  actor may not read is simply not there — in joins, counts, subqueries and `session.get` alike;
- every flush checks each new, changed or deleted owned row against what the actor may change (for an owner
  that changes, both the old and the new owner), and refuses the whole flush otherwise.

Services still answer early and clearly ("you may not change this deal"); these guards make sure that a
service, handler or job that forgets to ask cannot read or write past the table anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, event, false, inspect, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, ORMExecuteState, Session, UOWTransaction, with_loader_criteria
from sqlalchemy.sql.elements import ColumnClause

from core.errors import NotFound, PermissionDenied
from core.models import (
    AccessRequest,
    AuditLog,
    ChatIdentity,
    Contact,
    ConversationState,
    Customer,
    CustomerShare,
    DailyReport,
    Deal,
    DealStageChange,
    InboundMessage,
    Interaction,
    InteractionContact,
    Invite,
    MeetingMinutes,
    Notification,
    NotificationPref,
    OutboxMessage,
    SchedulerLease,
    Suggestion,
    Task,
    Team,
    User,
    VoiceAudio,
    VoiceJob,
)
from core.permissions import Actor, Entity, Scope, can_change, can_read

OwnerColumn = InstrumentedAttribute[int] | ColumnClause[Any]
# Rows that belong to one user alone, by the column that names them.
PERSONAL: dict[type[Any], str] = {
    Notification: "user_id", Suggestion: "user_id", NotificationPref: "user_id", MeetingMinutes: "user_id",
    VoiceJob: "user_id", ConversationState: "user_id", ChatIdentity: "user_id", AuditLog: "actor_id",
}
# Bookkeeping no actor reads or writes in their own unit of work (channels and jobs use the system unit).
SYSTEM_ONLY = (InboundMessage, OutboxMessage, Invite, SchedulerLease)
# The directory: everyone reads people and teams; only the admin CLI (system unit) changes them.
DIRECTORY = (User, Team)


def owner_clause(actor: Actor, scope: Scope, column: OwnerColumn) -> ColumnElement[bool]:
    if scope is Scope.ALL:
        return true()
    if scope is Scope.NONE:
        return false()
    if scope is Scope.TEAM and actor.team_id is not None:
        return column.in_(select(User.id).where(User.team_id == actor.team_id))
    return column == actor.user_id


def customer_clause(actor: Actor, scope: Scope) -> ColumnElement[bool]:
    """Customers within `scope`: by owner, plus those shared with the actor (unless the scope is none/all)."""
    owned = owner_clause(actor, scope, Customer.owner_id)
    if scope in (Scope.ALL, Scope.NONE):
        return owned
    shared = Customer.id.in_(select(CustomerShare.customer_id).where(CustomerShare.user_id == actor.user_id))
    return or_(owned, shared)


# Execution option that lets a query read customers' names past the read scope (names are known to everyone).
CUSTOMER_NAMES = {"salesbot_customer_names": True}
_NAME_COLUMNS = ("id", "name", "name_key", "aliases")


def _names_only(statement: Any) -> bool:
    """Whether a statement reads nothing about customers but their names (and counts of them)."""
    table = Customer.__table__

    def name_column(expr: Any) -> bool:
        column = getattr(expr, "expression", expr)
        return getattr(column, "table", None) is table and getattr(column, "key", None) in _NAME_COLUMNS

    for description in getattr(statement, "column_descriptions", ()):
        expr = description.get("expr")
        if name_column(expr):
            continue
        clauses = list(getattr(getattr(expr, "clauses", None), "clauses", ()))
        if clauses and all(name_column(clause) or _is_column(clause, "updated_at") for clause in clauses):
            continue  # count(id), max(id), max(updated_at): how many there are and whether any changed
        return False
    froms = statement.get_final_froms() if hasattr(statement, "get_final_froms") else [None]
    return all(source is table for source in froms)


def _latest_audit_only(statement: Any) -> bool:
    """max(audit id): how far the audit trail has come, nothing about what is in it."""
    descriptions = list(getattr(statement, "column_descriptions", ()))
    if len(descriptions) != 1:
        return False
    clauses = list(getattr(getattr(descriptions[0].get("expr"), "clauses", None), "clauses", ()))
    column = getattr(clauses[0], "expression", clauses[0]) if len(clauses) == 1 else None
    return getattr(column, "table", None) is AuditLog.__table__ and getattr(column, "key", None) == "id"


def _is_column(expr: Any, key: str) -> bool:
    column = getattr(expr, "expression", expr)
    return getattr(column, "table", None) is Customer.__table__ and getattr(column, "key", None) == key


def _criteria(actor: Actor, write: bool) -> list[Any]:
    def scope(entity: Entity) -> Scope:
        return actor.change_scope(entity) if write else actor.read_scope(entity)

    customers = customer_clause(actor, scope("customer"))
    visible_customers = select(Customer.id).where(customers)
    deals = owner_clause(actor, scope("deal"), Deal.owner_id)
    interactions = select(Interaction.id).where(Interaction.customer_id.in_(visible_customers))
    jobs = select(VoiceJob.id).where(VoiceJob.user_id == actor.user_id)
    # A request is seen by who made it and by whoever reads its customer (deciding needs changing it).
    mine = or_(AccessRequest.requester_id == actor.user_id, AccessRequest.customer_id.in_(visible_customers))
    options: list[Any] = [
        with_loader_criteria(Customer, customers, include_aliases=True),
        with_loader_criteria(Contact, Contact.customer_id.in_(visible_customers), include_aliases=True),
        with_loader_criteria(Interaction, Interaction.customer_id.in_(visible_customers), include_aliases=True),
        with_loader_criteria(InteractionContact, InteractionContact.interaction_id.in_(interactions),
                             include_aliases=True),
        with_loader_criteria(Deal, deals, include_aliases=True),
        with_loader_criteria(DealStageChange, DealStageChange.deal_id.in_(select(Deal.id).where(deals)),
                             include_aliases=True),
        with_loader_criteria(Task, owner_clause(actor, scope("task"), Task.assignee_id), include_aliases=True),
        with_loader_criteria(DailyReport, owner_clause(actor, scope("daily_report"), DailyReport.user_id),
                             include_aliases=True),
        with_loader_criteria(CustomerShare, or_(CustomerShare.user_id == actor.user_id,
                                                CustomerShare.customer_id.in_(visible_customers)),
                             include_aliases=True),
        with_loader_criteria(AccessRequest, mine, include_aliases=True),
        with_loader_criteria(VoiceAudio, VoiceAudio.job_id.in_(jobs), include_aliases=True),
    ]
    for model, column in PERSONAL.items():
        options.append(with_loader_criteria(model, getattr(model, column) == actor.user_id, include_aliases=True))
    for model in SYSTEM_ONLY:
        options.append(with_loader_criteria(model, false(), include_aliases=True))
    if write:
        for model in DIRECTORY:
            options.append(with_loader_criteria(model, false(), include_aliases=True))
    return options


@contextmanager
def guarded(session: Session, actor: Actor) -> Iterator[None]:
    """Both guards on a session that is shared with system work, for as long as the actor's part lasts."""
    listeners = guard(session, actor)
    try:
        yield
    finally:
        for name, listener in listeners:
            event.remove(session, name, listener)


def guard(session: Session, actor: Actor) -> list[tuple[str, Callable[..., None]]]:
    """Install both guards on an actor's session (when the unit of work opens); returns the listeners."""
    read_options = _criteria(actor, write=False)
    write_options = _criteria(actor, write=True)
    name_options = [option for option in read_options if getattr(option.entity, "class_", None) is not Customer]
    audit_options = [option for option in read_options if getattr(option.entity, "class_", None) is not AuditLog]

    def scope_statement(state: ORMExecuteState) -> None:
        if state.is_select:
            names = state.execution_options.get("salesbot_customer_names")
            if names and _names_only(state.statement):
                state.statement = state.statement.options(*name_options)
            elif names and _latest_audit_only(state.statement):
                state.statement = state.statement.options(*audit_options)
            else:
                state.statement = state.statement.options(*read_options)
        elif state.is_update or state.is_delete:
            state.statement = state.statement.options(*write_options)

    def check_flush(flushing: Session, _context: UOWTransaction, _instances: object) -> None:
        checker = _FlushCheck(flushing, actor, _transfers_granted(flushing))
        for obj in list(flushing.new):
            checker.check(obj, created=True)
        for obj in list(flushing.dirty):
            if flushing.is_modified(obj, include_collections=False):
                checker.check(obj, created=False)
        for obj in list(flushing.deleted):
            checker.check(obj, created=False)

    event.listen(session, "do_orm_execute", scope_statement)
    event.listen(session, "before_flush", check_flush)
    return [("do_orm_execute", scope_statement), ("before_flush", check_flush)]


# What a user may change on their own directory row from a chat (/settings); role, team and the rest are admin's.
SELF_SERVICE_USER_FIELDS = frozenset({"language", "timezone"})


def _transfers_granted(session: Session) -> set[tuple[int, int]]:
    """(customer id, new owner) pairs this flush grants by approving an access request as a transfer: the one
    way a rep hands a customer (and their open deals on it) to someone they could not otherwise assign to."""
    granted: set[tuple[int, int]] = set()
    for obj in session.dirty:
        approved = isinstance(obj, AccessRequest) and obj.status == "transferred"
        if approved and _FlushCheck._old(obj, "status") == "pending":
            granted.add((obj.customer_id, obj.requester_id))
    return granted


class _FlushCheck:
    """Whether the actor may write each row a flush is about to write."""

    def __init__(self, session: Session, actor: Actor, transfers: set[tuple[int, int]] | None = None) -> None:
        self.session = session
        self.actor = actor
        self.transfers = transfers or set()
        self._teams: dict[int, int | None] = {}
        self._rules: dict[type[Any], Callable[[Any, bool], None]] = {
            Customer: self._customer, Contact: self._via_customer, Interaction: self._via_customer,
            InteractionContact: self._interaction_contact, Deal: self._deal, DealStageChange: self._stage_change,
            Task: self._task, DailyReport: self._daily_report, CustomerShare: self._share,
            AccessRequest: self._access_request, VoiceAudio: self._voice_audio, User: self._user,
        }

    def check(self, obj: Any, *, created: bool) -> None:
        kind = type(obj)
        rule = self._rules.get(kind)
        if rule is not None:
            rule(obj, created)
        elif kind in PERSONAL:
            column = PERSONAL[kind]
            if getattr(obj, column) != self.actor.user_id or self._old(obj, column) not in (None, self.actor.user_id):
                raise PermissionDenied(entity=kind.__tablename__)
        elif kind in SYSTEM_ONLY or kind in DIRECTORY:
            raise PermissionDenied(entity=kind.__tablename__)

    # -- helpers ---------------------------------------------------------------------------------------

    def _team(self, user_id: int) -> int | None:
        if user_id not in self._teams:
            self._teams[user_id] = self.session.scalar(select(User.team_id).where(User.id == user_id))
        return self._teams[user_id]

    @staticmethod
    def _old(obj: Any, attribute: str) -> Any:
        history = inspect(obj).attrs[attribute].history
        return history.deleted[0] if history.deleted else None

    def _owned(self, entity: Entity, owner_id: int | None, *, created: bool, shared: bool = False) -> None:
        """A new row must be given to someone the actor may give it to; an existing one must be changeable."""
        if owner_id is None:
            return
        team = self._team(owner_id)
        if not created and not can_read(self.actor, entity, owner_id, team, shared=shared):
            raise NotFound(entity=entity)
        if not can_change(self.actor, entity, owner_id, team, shared=shared):
            raise PermissionDenied(entity=entity)

    def _shared(self, customer_id: int | None) -> bool:
        if customer_id is None:
            return False
        found = self.session.scalar(select(CustomerShare.id).where(CustomerShare.customer_id == customer_id,
                                                                  CustomerShare.user_id == self.actor.user_id))
        return found is not None

    def _customer_of(self, customer_id: int | None) -> None:
        """Rows that hang off a customer (contacts, interactions, shares) need the customer to be changeable."""
        customer = self.session.get(Customer, customer_id) if customer_id is not None else None
        if customer is None:  # not there, or not readable: the read criteria applied to the look-up
            raise NotFound(entity="customer")
        self._owned("customer", customer.owner_id, created=False, shared=self._shared(customer.id))

    # -- rules -----------------------------------------------------------------------------------------

    def _customer(self, customer: Customer, created: bool) -> None:
        previous = self._old(customer, "owner_id")
        if created:
            self._owned("customer", customer.owner_id, created=True)
            return
        if previous is not None:  # a transfer: the giver must own it outright, the taker be assignable
            self._owned("customer", previous, created=False)
            if (customer.id, customer.owner_id) not in self.transfers:
                self._owned("customer", customer.owner_id, created=True)
            return
        self._owned("customer", customer.owner_id, created=False, shared=self._shared(customer.id))

    def _via_customer(self, row: Contact | Interaction, created: bool) -> None:
        self._customer_of(row.customer_id)
        previous = self._old(row, "customer_id")
        if previous is not None:
            self._customer_of(previous)

    def _interaction_contact(self, link: InteractionContact, created: bool) -> None:
        interaction = self.session.get(Interaction, link.interaction_id)
        if interaction is None:
            raise NotFound(entity="interaction")
        self._customer_of(interaction.customer_id)

    def _deal(self, deal: Deal, created: bool) -> None:
        previous = self._old(deal, "owner_id")
        if created:
            if self.session.get(Customer, deal.customer_id) is None:
                raise NotFound(entity="customer")
            self._owned("deal", deal.owner_id, created=True)
            return
        self._owned("deal", previous if previous is not None else deal.owner_id, created=False)
        if previous is not None and (deal.customer_id, deal.owner_id) not in self.transfers:
            self._owned("deal", deal.owner_id, created=True)

    def _stage_change(self, change: DealStageChange, created: bool) -> None:
        deal = self.session.get(Deal, change.deal_id)
        if deal is None:
            raise NotFound(entity="deal")
        self._owned("deal", deal.owner_id, created=False)

    def _task(self, task: Task, created: bool) -> None:
        previous = self._old(task, "assignee_id")
        if created:
            self._owned("task", task.assignee_id, created=True)
            return
        self._owned("task", previous if previous is not None else task.assignee_id, created=False)
        if previous is not None:
            self._owned("task", task.assignee_id, created=True)

    def _daily_report(self, report: DailyReport, created: bool) -> None:
        self._owned("daily_report", report.user_id, created=created)

    def _share(self, share: CustomerShare, created: bool) -> None:
        # Only who may change the customer outright shares it or ends a share (a share does not share itself).
        customer = self.session.get(Customer, share.customer_id)
        if customer is None:
            raise NotFound(entity="customer")
        self._owned("customer", customer.owner_id, created=False)

    def _access_request(self, request: AccessRequest, created: bool) -> None:
        if created:
            if request.requester_id != self.actor.user_id or request.status != "pending":
                raise PermissionDenied(entity="access_request")
            return
        # Deciding is for whoever may change the customer outright (its owner, their manager, an admin).
        customer = self.session.get(Customer, request.customer_id)
        if customer is None:
            raise NotFound(entity="customer")
        self._owned("customer", customer.owner_id, created=False)

    def _voice_audio(self, audio: VoiceAudio, created: bool) -> None:
        owner = self.session.scalar(select(VoiceJob.user_id).where(VoiceJob.id == audio.job_id))
        if owner != self.actor.user_id:
            raise PermissionDenied(entity="voice_audio")

    def _user(self, user: User, created: bool) -> None:
        changed = {attr.key for attr in inspect(user).attrs if attr.history.has_changes()}
        if created or user.id != self.actor.user_id or not changed <= SELF_SERVICE_USER_FIELDS:
            raise PermissionDenied(entity="user")

"""The check before every flush: each new, changed or deleted row against what the actor may change.

For an owner that changes, both the old and the new owner are checked; a row the actor cannot read looks
like it does not exist (NotFound), one they read but may not change is refused (PermissionDenied).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from core.errors import NotFound, PermissionDenied
from core.models import (
    AccessRequest,
    BehaviourEvent,
    Contact,
    Customer,
    CustomerShare,
    DailyReport,
    Deal,
    DealStageChange,
    Interaction,
    InteractionContact,
    Task,
    User,
    VoiceAudio,
    VoiceJob,
)
from core.permissions import Actor
from core.scoping.flush_base import FlushBase
from core.scoping.flush_lead_to_cash import LeadToCashRules
from core.scoping.tables import DIRECTORY, OPEN, PERSONAL, SYSTEM_ONLY

# What a user may change on their own directory row from a chat (/settings); role, team and the rest are admin's.
SELF_SERVICE_USER_FIELDS = frozenset({"language", "timezone"})


def _transfers_granted(session: Session) -> set[tuple[int, int]]:
    """(customer id, new owner) pairs this flush grants by approving an access request as a transfer: the one
    way a rep hands a customer (and their open deals on it) to someone they could not otherwise assign to."""
    granted: set[tuple[int, int]] = set()
    for obj in session.dirty:
        approved = isinstance(obj, AccessRequest) and obj.status == "transferred"
        if approved and FlushBase._old(obj, "status") == "pending":
            granted.add((obj.customer_id, obj.requester_id))
    return granted


class FlushCheck(LeadToCashRules):
    """Whether the actor may write each row a flush is about to write."""

    def __init__(self, session: Session, actor: Actor) -> None:
        super().__init__(session, actor)
        self.transfers = _transfers_granted(session)
        self._rules: dict[type[Any], Callable[[Any, bool], None]] = {
            Customer: self._customer, Contact: self._via_customer, Interaction: self._via_customer,
            BehaviourEvent: self._via_customer,
            InteractionContact: self._interaction_contact, Deal: self._deal, DealStageChange: self._stage_change,
            Task: self._task, DailyReport: self._daily_report, CustomerShare: self._share,
            AccessRequest: self._access_request, VoiceAudio: self._voice_audio, User: self._user,
            **self.lead_to_cash_rules(),
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
        elif kind not in OPEN:
            raise PermissionDenied(entity=kind.__tablename__)  # a table nobody classified is nobody's to write

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

    def _via_customer(self, row: Contact | Interaction | BehaviourEvent, created: bool) -> None:
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

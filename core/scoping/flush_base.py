"""What every flush rule asks: whose is this row, may the actor read it, may they change it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from core.errors import NotFound, PermissionDenied
from core.models import Customer, CustomerShare, User
from core.permissions import Actor, Entity, can_change, can_read


class FlushBase:
    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor
        self._teams: dict[int, int | None] = {}
        self._shares: set[int] | None = None

    def _team(self, user_id: int) -> int | None:
        if user_id not in self._teams:
            self._teams[user_id] = self.session.scalar(select(User.team_id).where(User.id == user_id))
        return self._teams[user_id]

    @staticmethod
    def _old(obj: Any, attribute: str) -> Any:
        # Not `inspect(obj).attrs[...]`: that builds a state for every attribute, each time (a batch's flush asks
        # this for every row); this is the same history, the same way (without loading anything).
        history = inspect(obj).get_history(attribute, PASSIVE_NO_INITIALIZE)
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
        if self._shares is None:  # read once per flush: a flush of a batch's contacts asks it for every row
            self._shares = set(self.session.scalars(select(CustomerShare.customer_id).where(
                CustomerShare.user_id == self.actor.user_id)))
        return customer_id in self._shares

    def _customer_of(self, customer_id: int | None) -> None:
        """Rows that hang off a customer (contacts, interactions, shares) need the customer to be changeable."""
        customer = self.session.get(Customer, customer_id) if customer_id is not None else None
        if customer is None:  # not there, or not readable: the read criteria applied to the look-up
            raise NotFound(entity="customer")
        self._owned("customer", customer.owner_id, created=False, shared=self._shared(customer.id))

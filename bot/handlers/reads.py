"""What the read handlers share: whose work a question is about, and periods written the way titles read them.

A question about a colleague ("Alice's pipeline", 张伟的任务) is answered only when the user may read that person's
work of that kind (a manager's team member, anyone for an admin: `users.colleague`). Anyone else gets one plain
answer that says nothing about them — never the user's own data under the colleague's title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.handlers.base import Answer, HandlerContext
from core.models import User
from core.permissions import Entity
from core.services import users


@dataclass(frozen=True)
class Whose:
    """Whose work a read shows: the asker's own (user None) or a colleague's."""

    user: User | None = None

    @property
    def name(self) -> str | None:
        return self.user.name if self.user is not None else None

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user is not None else None


def whose(h: HandlerContext, person: str | None, about: Entity) -> Whose | Answer:
    """The person a read is about: nobody named (or the asker by name) → the asker's own; a colleague whose `about`
    the asker reads → them; anyone else → the plain "I can't show you that"."""
    if not person:
        return Whose()
    if person.strip().casefold() in (h.ctx.actor.name.casefold(), "me", "我", "myself", "自己"):
        return Whose()
    user = users.colleague(h.ctx, person, about=about)
    if user is None:
        return not_visible(h, person)
    if user.id == h.ctx.actor.user_id:
        return Whose()
    return Whose(user)


def names_customer(h: HandlerContext, name: str) -> bool:
    """Whether a name read as a person's is a customer's (exactly or nearly): "Zenith's deals" is about Zenith."""
    return bool(h.index().resolve(name).matches)


def not_visible(h: HandlerContext, person: str) -> Answer:
    return Answer(h.t("reads.not_visible_person", name=person.strip()))


def as_day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def period_label(h: HandlerContext, first: date, last: date) -> str:
    """A range of days as a title reads it: "next week", "in December", "in Q1 2027", "Mon 30 Nov – Fri 4 Dec"."""
    today = h.today()
    if first == last:
        return h.day(first)
    monday = today - timedelta(days=today.weekday())
    if first.weekday() == 0 and last == first + timedelta(days=6):
        weeks = (first - monday).days // 7
        if weeks in (-1, 0, 1):
            return h.t({-1: "period.last_week", 0: "period.this_week", 1: "period.next_week"}[weeks])
    if first.day == 1 and last == _month_end(first):
        if first.month == last.month:
            month = h.t(f"period.month_name.{first.month}")
            if first.year != today.year:
                month = h.t("period.month_with_year", month=month, year=first.year)
            return h.t("period.month", month=month)
        if (first.month - 1) % 3 == 0 and last.month == first.month + 2:
            return h.t("period.quarter", number=(first.month - 1) // 3 + 1, year=first.year)
        if first.month == 1 and last.month == 12:
            return h.t("period.year", year=first.year)
    return h.t("period.range", first=h.day(first), last=h.day(last))


def day_label(h: HandlerContext, day: date) -> str:
    """A day near today by its name (today, yesterday, tomorrow), else its date."""
    offset = (day - h.today()).days
    if offset in (-1, 0, 1):
        return h.t({-1: "period.yesterday", 0: "period.today", 1: "period.tomorrow"}[offset])
    return h.day(day)


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)

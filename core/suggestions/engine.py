"""Choosing today's suggestions and keeping the user's feedback.

Feedback is the point: a dismissed suggestion never returns (its key names the situation, so a *new* situation
for the same deal may), an accepted one created its task, a snoozed one waits, and one shown but ignored may come
back after a few days if it still holds. At most N a day per user, best first, one per deal or customer.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from core.context import ServiceContext
from core.errors import Conflict, NotFound
from core.i18n import t
from core.models import Suggestion, Task
from core.services import tasks
from core.suggestions.rules import RULES, Candidate, SuggestionRule
from core.timeutil import local_day_bounds, local_today

# An ignored suggestion may be offered again after this many days (if the situation still holds).
RESHOW_AFTER = timedelta(days=3)


def candidates(ctx: ServiceContext, today: date, rules: tuple[SuggestionRule, ...] = RULES) -> list[Candidate]:
    found = [c for rule in rules for c in rule.find(ctx, today)]
    return sorted(found, key=lambda c: (-c.score, c.key))


def pick(ctx: ServiceContext, today: date, limit: int, rules: tuple[SuggestionRule, ...] = RULES
         ) -> list[Candidate]:
    """The best `limit` candidates the user has not already answered, one per deal/customer."""
    if limit <= 0:
        return []
    past = {row.key: row for row in ctx.session.scalars(
        select(Suggestion).where(Suggestion.user_id == ctx.actor.user_id)
    )}
    chosen: list[Candidate] = []
    entities: set[tuple[str, int]] = set()
    for candidate in candidates(ctx, today, rules):
        seen = past.get(candidate.key)
        if seen is not None and not _may_return(seen, today):
            continue
        entity = (candidate.entity_type, candidate.entity_id)
        if entity in entities:
            continue
        entities.add(entity)
        chosen.append(candidate)
        if len(chosen) >= limit:
            break
    return chosen


def _may_return(row: Suggestion, today: date) -> bool:
    if row.status != "shown" or row.shown_on is None:
        return False
    return today - row.shown_on >= RESHOW_AFTER


def shown_today(ctx: ServiceContext, today: date) -> int:
    return int(ctx.session.scalar(
        select(func.count(Suggestion.id)).where(Suggestion.user_id == ctx.actor.user_id, Suggestion.shown_on == today)
    ) or 0)


def returning_today(ctx: ServiceContext, today: date) -> int:
    """Snoozed suggestions that come back on `today` (they count towards the day's cap)."""
    start, end = local_day_bounds(today, ctx.actor.timezone)
    return int(ctx.session.scalar(
        select(func.count(Suggestion.id)).where(Suggestion.user_id == ctx.actor.user_id,
                                                Suggestion.status == "snoozed", Suggestion.snooze_until >= start,
                                                Suggestion.snooze_until < end)
    ) or 0)


def record_shown(ctx: ServiceContext, chosen: list[Candidate], today: date) -> list[Suggestion]:
    rows: list[Suggestion] = []
    for candidate in chosen:
        row = ctx.session.scalar(
            select(Suggestion).where(Suggestion.user_id == ctx.actor.user_id, Suggestion.key == candidate.key)
        )
        if row is None:
            row = Suggestion(
                user_id=ctx.actor.user_id, key=candidate.key, rule=candidate.rule, entity_type=candidate.entity_type,
                entity_id=candidate.entity_id, params=_stored_params(candidate), score=candidate.score,
                status="shown", created_at=ctx.now(),
            )
            ctx.session.add(row)
        row.status = "shown"
        row.shown_on = today
        rows.append(row)
    ctx.session.flush()
    return rows


def _stored_params(candidate: Candidate) -> dict[str, object]:
    return {**candidate.params, "customer_id": candidate.customer_id, "deal_id": candidate.deal_id}


def own(ctx: ServiceContext, suggestion_id: int) -> Suggestion:
    row = ctx.session.get(Suggestion, suggestion_id)
    if row is None or row.user_id != ctx.actor.user_id:
        raise NotFound("notify.not_found")
    return row


def accept(ctx: ServiceContext, suggestion_id: int) -> Task:
    """"Do it": create the task the suggestion proposes, due today (once, however often it is tapped)."""
    row = own(ctx, suggestion_id)
    if row.status == "accepted" and row.task_id is not None:
        raise Conflict("notify.already_closed")
    if row.status == "dismissed":
        raise Conflict("notify.already_closed")
    params = dict(row.params)
    title = t(ctx.actor.language, f"suggest.{row.rule}.task", **params)
    customer_id = params.get("customer_id")
    task = tasks.create(ctx, title, due=local_today(ctx.now(), ctx.actor.timezone),
                        customer_id=int(customer_id) if customer_id else None,
                        deal_id=int(params["deal_id"]) if params.get("deal_id") else None)
    row.status = "accepted"
    row.task_id = task.id
    row.decided_at = ctx.now()
    return task


def dismiss(ctx: ServiceContext, suggestion_id: int) -> Suggestion:
    row = own(ctx, suggestion_id)
    row.status = "dismissed"
    row.decided_at = ctx.now()
    return row


def snooze(ctx: ServiceContext, suggestion_id: int, until: datetime) -> Suggestion:
    row = own(ctx, suggestion_id)
    row.status = "snoozed"
    row.snooze_until = until
    return row

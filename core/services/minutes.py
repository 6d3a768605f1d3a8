"""Meeting minutes made from a long voice note: stored when proposed, confirmed onto an interaction.

A proposal is not a write (nothing the user sees changes until they confirm), so creating and re-selecting
minutes is not audited; confirming is, so "undo" unlinks the minutes together with the interaction and tasks.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core import audit
from core.context import ServiceContext, Unit
from core.errors import Conflict, NotFound
from core.models import MeetingMinutes, VoiceJob


def create(unit: Unit, job: VoiceJob, *, language: str, extractor: str, data: dict[str, Any],
           selected: list[int], customer_id: int | None = None) -> MeetingMinutes:
    """Minutes for a job (one per job: a resumed job gets its existing minutes back, replaced by the new data)."""
    session = unit.session
    now = unit.now()
    minutes = session.scalar(select(MeetingMinutes).where(MeetingMinutes.job_id == job.id))
    if minutes is None:
        minutes = MeetingMinutes(job_id=job.id, user_id=job.user_id, created_at=now)
        session.add(minutes)
    minutes.language = language
    minutes.extractor = extractor
    minutes.data = data
    minutes.selected = sorted(set(selected))
    minutes.customer_id = customer_id
    minutes.status = "proposed"
    minutes.updated_at = now
    session.flush()
    return minutes


def get_own(ctx: ServiceContext, minutes_id: int) -> MeetingMinutes:
    """Minutes of the acting user; anyone else's look like they do not exist."""
    minutes = ctx.session.get(MeetingMinutes, minutes_id)
    if minutes is None or minutes.user_id != ctx.actor.user_id:
        raise NotFound(entity="minutes")
    return minutes


def latest_proposed(ctx: ServiceContext) -> MeetingMinutes | None:
    return ctx.session.scalar(
        select(MeetingMinutes)
        .where(MeetingMinutes.user_id == ctx.actor.user_id, MeetingMinutes.status == "proposed")
        .order_by(MeetingMinutes.id.desc())
        .limit(1)
    )


def select_items(ctx: ServiceContext, minutes_id: int, selected: list[int]) -> MeetingMinutes:
    """Which proposed items (numbered from 1) the user keeps."""
    minutes = get_own(ctx, minutes_id)
    if minutes.status != "proposed":
        raise Conflict("error.conflict")
    count = item_count(minutes.data)
    minutes.selected = sorted({n for n in selected if 1 <= n <= count})
    minutes.updated_at = ctx.now()
    ctx.session.flush()
    return minutes


def item_count(data: dict[str, Any]) -> int:
    changes = data.get("crm_changes") or {}
    scalar = sum(1 for key in ("stage", "amount", "close_date") if changes.get(key) is not None)
    return len(data.get("action_items") or []) + scalar + len(changes.get("new_contacts") or [])


def confirm(ctx: ServiceContext, minutes_id: int, *, interaction_id: int, customer_id: int) -> MeetingMinutes:
    """Link confirmed minutes to the interaction written from them (audited, so undo unlinks them)."""
    minutes = get_own(ctx, minutes_id)
    if minutes.status != "proposed":
        raise Conflict("error.conflict")
    before = audit.snapshot(minutes)
    minutes.status = "confirmed"
    minutes.interaction_id = interaction_id
    minutes.customer_id = customer_id
    minutes.confirmed_at = ctx.now()
    minutes.updated_at = ctx.now()
    audit.record(ctx, "confirm_minutes", minutes, before)
    return minutes


def for_interaction(ctx: ServiceContext, interaction_id: int) -> MeetingMinutes | None:
    """The minutes stored on an interaction (the caller has already read the interaction through its service)."""
    return ctx.session.scalar(select(MeetingMinutes).where(MeetingMinutes.interaction_id == interaction_id))

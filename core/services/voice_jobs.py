"""Voice-note jobs: created when a note arrives, claimed with a lease, advanced step by step, finished once.

Every step commits what it produced (the audio, each transcribed chunk, the understanding) so a job interrupted
by a crash or restart resumes after its lease runs out, and no step that finished runs again. The last step —
replies queued in the outbox and the job marked done — happens in one transaction that first checks the lease
is still ours: a worker that lost its job (it stalled past the lease) cannot finish it a second time.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update

from core.context import ServiceContext, Unit
from core.db import add_unless_exists
from core.errors import NotFound
from core.models import AuditLog, Contact, Customer, Interaction, User, VoiceAudio, VoiceJob
from core.names import strip_company_suffix
from core.services import customers, outbox

DEFAULT_LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 4


@dataclass(frozen=True)
class AudioSource:
    url: str
    mime_type: str | None = None
    size: int | None = None
    duration: float | None = None
    file_name: str | None = None


@dataclass(frozen=True)
class Claim:
    job_id: int
    token: str
    attempts: int


@dataclass(frozen=True)
class Delivery:
    """One reply to queue when the job finishes (dedupe_key makes a repeated finish a no-op)."""

    channel: str
    chat_id: str
    payload: dict[str, Any]
    dedupe_key: str
    user_id: int | None = None


def create(unit: Unit, *, user_id: int, channel: str, chat_id: str, conversation_id: str,
           is_group: bool, message_id: str, source: AudioSource) -> VoiceJob:
    """A queued job for a note; the same (channel, message id) twice gives the first job back."""
    session = unit.session
    now = unit.now()
    job = VoiceJob(
        user_id=user_id, channel=channel, chat_id=chat_id, conversation_id=conversation_id, is_group=is_group,
        message_id=message_id, status="queued", attempts=0, next_attempt_at=now, source_url=source.url,
        mime_type=(source.mime_type or None) and source.mime_type[:100], file_name=_cut(source.file_name, 255),
        declared_seconds=source.duration, size_bytes=source.size, progress_seconds=0.0, progress_messages=0,
        chunks=[], created_at=now, updated_at=now,
    )
    if not add_unless_exists(session, job):  # the same message again: its job already exists
        existing = job_for_message(unit, channel, message_id)
        assert existing is not None
        return existing
    return job


def _cut(value: str | None, limit: int) -> str | None:
    return value[:limit] if value else None


def get(unit: Unit, job_id: int) -> VoiceJob | None:
    session = unit.session
    return session.get(VoiceJob, job_id)


def job_for_message(unit: Unit, channel: str, message_id: str) -> VoiceJob | None:
    session = unit.session
    return session.scalar(select(VoiceJob).where(VoiceJob.channel == channel, VoiceJob.message_id == message_id))


# -- claiming ---------------------------------------------------------------------------------------------


def _claimable(now: datetime) -> Any:
    return or_(
        (VoiceJob.status == "queued") & (VoiceJob.next_attempt_at <= now),
        # A running job whose lease ran out belongs to a worker that died or stalled.
        (VoiceJob.status == "running") & (VoiceJob.lease_until <= now),
    )


def claim_next(unit: Unit, *, lease: timedelta = DEFAULT_LEASE,
               channels: Sequence[str] | None = None) -> Claim | None:
    session = unit.session
    now = unit.now()
    query = select(VoiceJob).where(_claimable(now)).order_by(VoiceJob.id).limit(1).with_for_update(skip_locked=True)
    if channels is not None:
        query = query.where(VoiceJob.channel.in_(list(channels)))
    job = session.scalar(query)
    return None if job is None else _take(unit, job, lease)


def claim(unit: Unit, job_id: int, *, lease: timedelta = DEFAULT_LEASE) -> Claim | None:
    """Claim one particular job (the console runs its own note); None if it is not claimable now."""
    session = unit.session
    now = unit.now()
    job = session.scalar(select(VoiceJob).where(VoiceJob.id == job_id, _claimable(now)).with_for_update())
    return None if job is None else _take(unit, job, lease)


def _take(unit: Unit, job: VoiceJob, lease: timedelta) -> Claim:
    session = unit.session
    now = unit.now()
    job.status = "running"
    job.lease_token = str(uuid.uuid4())
    job.lease_until = now + lease
    job.attempts += 1
    job.updated_at = now
    session.flush()
    return Claim(job.id, job.lease_token, job.attempts)


def owned(unit: Unit, claim: Claim) -> VoiceJob | None:
    """The job, locked, if this claim still holds it; None when the lease was lost to another worker."""
    session = unit.session
    job = session.scalar(select(VoiceJob).where(VoiceJob.id == claim.job_id).with_for_update())
    if job is None or job.status != "running" or job.lease_token != claim.token:
        return None
    return job


def renew(unit: Unit, claim: Claim, lease: timedelta = DEFAULT_LEASE) -> bool:
    session = unit.session
    now = unit.now()
    result = session.execute(
        update(VoiceJob)
        .where(VoiceJob.id == claim.job_id, VoiceJob.status == "running", VoiceJob.lease_token == claim.token)
        .values(lease_until=now + lease, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def release(unit: Unit, claim: Claim, delay: timedelta, error: str) -> bool:
    """Give the job back to the queue to retry after `delay` (a transient failure)."""
    now = unit.now()
    job = owned(unit, claim)
    if job is None:
        return False
    job.status = "queued"
    job.lease_token = None
    job.lease_until = None
    job.next_attempt_at = now + delay
    job.error_detail = error[:2000]
    job.updated_at = now
    return True


# -- steps ------------------------------------------------------------------------------------------------


def store_audio(unit: Unit, job: VoiceJob, data: bytes) -> None:
    session = unit.session
    now = unit.now()
    session.add(VoiceAudio(job_id=job.id, data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                           mime_type=job.mime_type, created_at=now, expires_at=None))
    job.size_bytes = len(data)
    job.source_url = None  # may embed a bot token; the bytes are ours now
    job.updated_at = now
    session.flush()


def audio_of(unit: Unit, job_id: int) -> bytes | None:
    session = unit.session
    return session.scalar(select(VoiceAudio.data).where(VoiceAudio.job_id == job_id))


def has_audio(unit: Unit, job_id: int) -> bool:
    session = unit.session
    return session.scalar(select(VoiceAudio.job_id).where(VoiceAudio.job_id == job_id)) is not None


def save_chunk(unit: Unit, job: VoiceJob, text: str, progress_seconds: float, *,
               language: str, duration: float) -> None:
    now = unit.now()
    job.chunks = [*(job.chunks or []), text]
    job.progress_seconds = progress_seconds
    job.language = language
    job.duration = duration
    job.updated_at = now


@dataclass(frozen=True)
class Transcribed:
    text: str
    language: str
    duration: float
    processing_seconds: float
    model: str
    backend: str


def save_transcript(unit: Unit, job: VoiceJob, result: Transcribed) -> None:
    now = unit.now()
    job.transcript = result.text
    job.language = result.language
    job.duration = result.duration
    job.processing_seconds = result.processing_seconds
    job.model = result.model[:200]
    job.backend = result.backend[:32]
    job.progress_seconds = result.duration
    job.transcribed_at = now
    job.updated_at = now


def save_understanding(unit: Unit, job: VoiceJob, mode: str, command: dict[str, Any] | None,
                       resolved: dict[str, Any] | None) -> None:
    now = unit.now()
    job.mode = mode
    job.command = command
    job.resolved = resolved
    job.understood_at = now
    job.updated_at = now


def note_progress(unit: Unit, job: VoiceJob) -> int:
    """Count a progress message; returns its number (part of its dedupe key)."""
    now = unit.now()
    job.progress_messages += 1
    job.updated_at = now
    return job.progress_messages


def deliver(unit: Unit, deliveries: Sequence[Delivery]) -> None:
    for item in deliveries:
        outbox.enqueue(unit, channel=item.channel, chat_id=item.chat_id, payload=item.payload,
                       user_id=item.user_id, dedupe_key=item.dedupe_key)


def complete(unit: Unit, job: VoiceJob, *, replies: list[dict[str, Any]],
             deliveries: Sequence[Delivery], retention: timedelta) -> None:
    """Done: replies stored on the job and queued for delivery, the lease dropped, the audio put on retention."""
    _close(unit, job, "done", retention)
    job.replies = replies
    deliver(unit, deliveries)


def fail(unit: Unit, job: VoiceJob, *, reason: str, detail: str | None,
         replies: list[dict[str, Any]], deliveries: Sequence[Delivery]) -> None:
    """Failed for good: nothing was written but the job itself and its one reply; the audio goes at once."""
    _close(unit, job, "failed", timedelta(0))
    job.error_reason = reason[:32]
    job.error_detail = (detail or "")[:2000] or None
    job.replies = replies
    deliver(unit, deliveries)


def _close(unit: Unit, job: VoiceJob, status: str, retention: timedelta) -> None:
    session = unit.session
    now = unit.now()
    job.status = status
    job.lease_token = None
    job.lease_until = None
    job.source_url = None
    job.finished_at = now
    job.updated_at = now
    if retention <= timedelta(0):
        session.execute(delete(VoiceAudio).where(VoiceAudio.job_id == job.id))
    else:
        session.execute(update(VoiceAudio).where(VoiceAudio.job_id == job.id).values(expires_at=now + retention))


def purge_expired_audio(unit: Unit) -> int:
    session = unit.session
    now = unit.now()
    result = session.execute(delete(VoiceAudio).where(VoiceAudio.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


def counts(unit: Unit) -> dict[str, int]:
    session = unit.session
    rows = session.execute(select(VoiceJob.status, func.count(VoiceJob.id)).group_by(VoiceJob.status)).all()
    return {str(status): int(n) for status, n in rows}


# -- as the user ------------------------------------------------------------------------------------------


def own_job(ctx: ServiceContext, job_id: int) -> VoiceJob:
    """A job of the acting user (anyone else's looks like it does not exist)."""
    job = ctx.session.get(VoiceJob, job_id)
    if job is None or job.user_id != ctx.actor.user_id:
        raise NotFound(entity="voice_note")
    return job


def link_interaction(ctx: ServiceContext, job_id: int) -> int | None:
    """Attach the interaction written by this unit of work (the confirmed proposal) to the job."""
    interaction_id = ctx.session.scalar(
        select(AuditLog.entity_id)
        .where(AuditLog.change_id == ctx.change_id, AuditLog.entity_type == Interaction.__tablename__,
               AuditLog.action == "log_interaction")
        .order_by(AuditLog.id)
        .limit(1)
    )
    if interaction_id is not None:
        job = own_job(ctx, job_id)
        job.interaction_id = interaction_id
        job.updated_at = ctx.now()
    return interaction_id


def for_interaction(ctx: ServiceContext, interaction_id: int) -> VoiceJob | None:
    """The voice note an interaction was recorded from, if the actor can see that interaction's customer."""
    job = ctx.session.scalar(select(VoiceJob).where(VoiceJob.interaction_id == interaction_id))
    if job is None:
        return None
    interaction = ctx.session.get(Interaction, interaction_id)
    if interaction is None:
        return None
    customers.get(ctx, interaction.customer_id)  # NotFound when the actor may not see it
    return job


@dataclass(frozen=True)
class VocabularyEntry:
    customer: str
    aliases: tuple[str, ...] = ()
    contacts: tuple[str, ...] = field(default_factory=tuple)

    @property
    def spoken(self) -> str:
        """The name as people say it: "Northwind Traders", not "Northwind Traders Ltd"."""
        return strip_company_suffix(self.customer)


def vocabulary(ctx: ServiceContext, limit: int = 50) -> list[VocabularyEntry]:
    """The customers the actor can see, most recently active first, with their contacts — at most `limit` names.

    Permissions apply (the visible-customers query), so a rep's decoder never hears another team's customers.
    """
    last = (
        select(Interaction.customer_id, func.max(Interaction.occurred_at).label("last"))
        .group_by(Interaction.customer_id)
        .subquery()
    )
    rows = ctx.session.execute(
        customers.visible(ctx)
        .with_only_columns(Customer.id, Customer.name, Customer.aliases)
        .outerjoin(last, last.c.customer_id == Customer.id)
        .order_by(func.coalesce(last.c.last, Customer.updated_at).desc(), Customer.id)
        .limit(limit)
    ).all()
    ids = [row.id for row in rows]
    contacts: dict[int, list[str]] = {}
    if ids:
        for customer_id, name in ctx.session.execute(
            select(Contact.customer_id, Contact.name).where(Contact.customer_id.in_(ids))
            .order_by(Contact.created_at.desc(), Contact.id)
        ).all():
            contacts.setdefault(customer_id, []).append(name)
    entries: list[VocabularyEntry] = []
    budget = limit
    for row in rows:
        if budget <= 0:
            break
        names = tuple(contacts.get(row.id, ()))[: max(0, budget - 1)]
        entries.append(VocabularyEntry(row.name, tuple(row.aliases or ()), names))
        budget -= 1 + len(names)
    return entries


def team_names(ctx: ServiceContext) -> list[str]:
    """The actor's teammates (and the actor): people minutes may name who are not the customer's contacts."""
    if ctx.actor.team_id is None:
        return [ctx.actor.name]
    return list(ctx.session.scalars(
        select(User.name).where(User.team_id == ctx.actor.team_id, User.active.is_(True)).order_by(User.id)
    ).all())

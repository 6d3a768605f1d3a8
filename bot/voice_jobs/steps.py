"""The database side of a voice job's steps (blocking; the service runs them in threads).

Each step checks the job is still ours (`voice_jobs.owned`) in the transaction that records its result; a
worker that lost its lease stops with LeaseLost instead of writing over the new owner's work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from core.context import CoreGateway, SystemContext
from core.i18n import t
from core.models import VoiceJob
from core.outbound import Reply, reply_payload
from core.services import users, voice_jobs
from core.services.voice_jobs import Claim, Delivery

log = logging.getLogger(__name__)

# Channels that read a job's replies from the job itself instead of the outbox (the console waits in-process).
DIRECT_CHANNELS = frozenset({"console"})


class LeaseLost(Exception):
    """Another worker owns the job now (ours stalled past the lease); stop without writing."""


@dataclass(frozen=True)
class JobView:
    """What the service needs of a job between steps (a snapshot; the row is re-checked before each write)."""

    id: int
    user_id: int
    channel: str
    chat_id: str
    conversation_id: str
    is_group: bool
    status: str
    attempts: int
    source_url: str | None
    mime_type: str | None
    file_name: str | None
    declared_seconds: float | None
    size_bytes: int | None
    has_audio: bool
    chunks: tuple[str, ...]
    transcript: str | None
    language: str | None
    duration: float | None
    model: str | None
    mode: str | None
    understood: bool
    progress_seconds: float
    progress_messages: int
    replies: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    error_reason: str | None = None

    @classmethod
    def of(cls, system: SystemContext, job: VoiceJob) -> JobView:
        return cls(
            id=job.id, user_id=job.user_id, channel=job.channel, chat_id=job.chat_id,
            conversation_id=job.conversation_id, is_group=job.is_group, status=job.status, attempts=job.attempts,
            source_url=job.source_url, mime_type=job.mime_type, file_name=job.file_name,
            declared_seconds=job.declared_seconds, size_bytes=job.size_bytes,
            has_audio=voice_jobs.has_audio(system, job.id), chunks=tuple(str(c) for c in job.chunks or ()),
            transcript=job.transcript, language=job.language, duration=job.duration, model=job.model,
            mode=job.mode, understood=job.understood_at is not None, progress_seconds=job.progress_seconds,
            progress_messages=job.progress_messages, replies=tuple(job.replies or ()), error_reason=job.error_reason,
        )


def user_language(system: SystemContext, user_id: int, default: str) -> str:
    return users.language_of(system, user_id) or default


def owned(system: SystemContext, claim: Claim) -> VoiceJob:
    job = voice_jobs.owned(system, claim)
    if job is None:
        raise LeaseLost(f"voice job {claim.job_id}")
    return job


def deliveries(job: VoiceJob | JobView, replies: list[Reply], kind: str, lang: str) -> list[Delivery]:
    """Where each reply goes, as the dispatcher decides for a live message: in a group, replies with customer
    data go to the sender's private conversation (or nowhere, when there is none) — never into the group."""
    if job.channel in DIRECT_CHANNELS:
        return []
    out: list[Delivery] = []
    moved = False
    for index, reply in enumerate(replies):
        chat = job.chat_id
        if job.is_group and reply.private:
            if job.conversation_id == job.chat_id:
                continue
            chat, moved = job.conversation_id, True
        out.append(Delivery(job.channel, chat, reply_payload(reply), f"voice:{job.id}:{kind}:{index}", job.user_id))
    if moved:
        note = Reply(text=t(lang, "group.replied_privately"), private=False)
        out.append(Delivery(job.channel, job.chat_id, reply_payload(note), f"voice:{job.id}:{kind}:note",
                            job.user_id))
    return out


def load(core: CoreGateway, claim: Claim) -> JobView:
    with core.system() as system:
        return JobView.of(system, owned(system, claim))


def view(core: CoreGateway, job_id: int) -> JobView | None:
    with core.system() as system:
        job = voice_jobs.get(system, job_id)
        return None if job is None else JobView.of(system, job)


def store_audio(core: CoreGateway, claim: Claim, data: bytes) -> None:
    with core.system() as system:
        job = owned(system, claim)
        if not voice_jobs.has_audio(system, job.id):
            voice_jobs.store_audio(system, job, data)


def audio(core: CoreGateway, job_id: int) -> bytes:
    with core.system() as system:
        data = voice_jobs.audio_of(system, job_id)
    if data is None:
        raise LeaseLost(f"voice job {job_id} has no audio")
    return data


def renew(core: CoreGateway, claim: Claim) -> bool:
    with core.system() as system:
        return voice_jobs.renew(system, claim)


def release(core: CoreGateway, claim: Claim, delay_seconds: float, error: str) -> None:
    with core.system() as system:
        voice_jobs.release(system, claim, timedelta(seconds=delay_seconds), error)


def fail(core: CoreGateway, claim: Claim, reply: Reply, reason: str, detail: str | None) -> bool:
    """Mark the job failed with its one reply (queued for outbox channels); False if it was not ours."""
    with core.system() as system:
        job = voice_jobs.owned(system, claim)
        if job is None:
            return False
        lang = user_language(system, job.user_id, core.defaults.language)
        voice_jobs.fail(system, job, reason=reason, detail=detail,
                        replies=[reply_payload(reply)], deliveries=deliveries(job, [reply], "error", lang))
        return True


def now(core: CoreGateway) -> datetime:
    return core.clock.now()

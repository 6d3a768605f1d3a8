"""Voice notes in the conversation: the job's turn ("voice:<job id>"), and interactions that remember the note.

The voice worker finishes a job by running a turn with the action `voice:<job id>`; this handler turns the job's
stored understanding into the normal pipeline (`Run`), carrying the job id in `resolved` so that whatever is
confirmed later — by button or typed "yes" — still knows it came from this note.
"""

from __future__ import annotations

from typing import Any

from bot.handlers.base import Answer, Handler, HandlerContext, Outcome, Run
from bot.intents.schema import Command, load
from core.errors import NotFound
from core.permissions import Entity
from core.services import voice_jobs

# Interaction source text is stored up to this many characters (the service's limit).
MAX_SOURCE_TEXT = 20_000


class VoiceNoteAction:
    """`voice:<job id>` — only the voice worker sends it, while it finishes that (running) job of this user."""

    def handle(self, argument: str, h: HandlerContext) -> Answer | Command | Run:
        if not argument.isdigit():
            raise NotFound(entity="voice_note")
        job = voice_jobs.own_job(h.ctx, int(argument))
        if job.status != "running" or job.command is None:
            return Answer(h.t("confirm.already_done"), private=False)
        return Run(load(job.command), dict(job.resolved or {}))


class VoiceAwareLogInteraction:
    """log_interaction, for notes too: minutes get their own card; a note's transcript is the interaction's
    source text (the confirming turn is a "yes", not the note)."""

    intent = "log_interaction"
    changes: Entity = "customer"

    def __init__(self, base: Handler, minutes: Handler) -> None:
        self.base = base
        self.minutes = minutes

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        if "minutes_id" in resolved:
            return self.minutes.prepare(command, resolved, h)
        return self.base.prepare(command, resolved, h)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        if "minutes_id" in resolved:
            return self.minutes.execute(command, resolved, h)
        job_id = resolved.get("voice_job_id")
        if job_id is None:
            return self.base.execute(command, resolved, h)
        job = voice_jobs.own_job(h.ctx, int(job_id))
        h.source = "voice"
        h.source_text = (job.transcript or h.source_text)[:MAX_SOURCE_TEXT]
        answer = self.base.execute(command, resolved, h)
        voice_jobs.link_interaction(h.ctx, job.id)
        return answer

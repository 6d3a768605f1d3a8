"""`/voice PATH` in the console chat: the file goes in as a voice note, and the console waits for its replies.

The note is an ordinary durable job; the console runs it itself (it has no outbox to deliver through) and
prints progress and the replies stored on the job. Waiting keeps a piped script in order: the next line is
read only once the note's card is on screen, so "1" confirms that card.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path

from bot.bootstrap import App
from bot.messages import AudioRef, IncomingMessage
from bot.voice_jobs import texts
from bot.voice_jobs.worker import VoiceWorker
from core.i18n import t
from core.outbound import Reply
from core.services import users

CHANNEL = "console"
POLL_SECONDS = 0.1
FINISHED = ("done", "failed")


def is_voice_command(text: str) -> bool:
    parts = text.split(maxsplit=1)
    return bool(parts) and parts[0].casefold() == "/voice"


async def voice_note(app: App, sender: str, chat_id: str, text: str, emit: Callable[[Reply], None]) -> list[Reply]:
    """Send the file named in `/voice PATH`; every reply is emitted as it arrives and returned at the end."""
    lang = _language(app, sender)
    parts = text.split(maxsplit=1)
    argument = parts[1].strip().strip("\"'") if len(parts) > 1 else ""
    if app.voice is None:
        return _say(emit, Reply(text=t(lang, "voice.not_available"), private=False))
    if not argument:
        return _say(emit, Reply(text=t(lang, "voice.usage"), private=False))
    found = await asyncio.to_thread(_local_file, argument)
    if found is None:
        return _say(emit, Reply(text=t(lang, "voice.file_not_found", path=argument), private=False))
    resolved, size = found
    message = IncomingMessage(
        channel=CHANNEL, chat_id=chat_id, sender_id=sender, message_id=uuid.uuid4().hex,
        audio=AudioRef(url=str(resolved), size=size, file_name=resolved.name), received_at=app.core.clock.now(),
    )
    shown = await app.assistant.handle(message)
    for reply in shown:
        emit(reply)
    job_id = await asyncio.to_thread(app.voice.job_for_message, CHANNEL, message.message_id)
    if job_id is None:
        return shown  # not accepted (unknown user, duplicate): the assistant's reply said why
    first = await asyncio.to_thread(app.voice.view, job_id)
    if first is None or first.status in FINISHED:
        return shown  # refused at once (too long, too large): that reply is already on screen
    return shown + await wait_for_job(app, VoiceWorker(app.voice, channels=[CHANNEL]), job_id, lang, emit)


async def wait_for_job(app: App, worker: VoiceWorker, job_id: int, lang: str,
                       emit: Callable[[Reply], None]) -> list[Reply]:
    """Run the job here (or wait for whoever holds it), printing progress; then its replies."""
    assert app.voice is not None
    voice = app.voice
    running: asyncio.Task[bool] | None = None
    progress_seen = 0
    try:
        while True:
            view = await asyncio.to_thread(voice.view, job_id)
            if view is None:
                return []
            if view.progress_messages > progress_seen and view.status not in FINISHED:
                progress_seen = view.progress_messages
                emit(texts.progress(lang, view.progress_seconds, view.duration or view.progress_seconds))
            if view.status in FINISHED:
                replies = [Reply.model_validate(payload) for payload in view.replies]
                for reply in replies:
                    emit(reply)
                return replies
            if running is None or running.done():
                # Claims it if nobody holds it (or a dead holder's lease ran out); else we keep waiting.
                running = asyncio.create_task(worker.run_one(job_id))
            await asyncio.sleep(POLL_SECONDS)
    finally:
        if running is not None and not running.done():
            running.cancel()


def _local_file(argument: str) -> tuple[Path, int] | None:
    path = Path(argument).expanduser()
    if not path.is_file():
        return None
    return path.resolve(), path.stat().st_size


def _say(emit: Callable[[Reply], None], reply: Reply) -> list[Reply]:
    emit(reply)
    return [reply]


def _language(app: App, sender: str) -> str:
    with app.core.system() as system:
        user = users.user_for_identity(system, CHANNEL, sender)
        return user.language if user else app.settings.core.default_language

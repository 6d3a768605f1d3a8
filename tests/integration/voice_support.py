"""Shared parts of the voice-job integration tests: the real transcriber on the committed fixtures, the real
conversation and handlers, a VoiceService on the test database, and notes sent the way a channel sends them."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.assistant import Assistant
from bot.bootstrap import build_parser, llm_settings
from bot.conversation import Conversation
from bot.handlers import default_actions, default_handlers, default_slash_commands
from bot.messages import AudioRef, IncomingMessage
from bot.settings import Settings
from bot.voice import Transcriber, TranscriptionResult
from bot.voice_jobs import VoiceConfig, VoiceService
from core.clock import FixedClock
from core.context import CoreGateway
from core.models import OutboxMessage, User, VoiceJob
from core.outbound import Reply, reply_from_payload
from core.services import users, voice_jobs
from tests.factories import add_user

AUDIO = Path(__file__).resolve().parents[1] / "data" / "audio"


class Remembering(Transcriber):
    """The real transcriber, remembering what it heard: the same audio with the same request is decoded once per
    session. Integration tests run once per database and the transcription does not depend on the database, so the
    second run of a test reuses the first one's transcript (what the real model says for that input on this CPU)."""

    def __init__(self, inner: Transcriber) -> None:
        self.inner = inner
        self.backend = inner.backend
        self.heard: dict[tuple[Any, ...], TranscriptionResult] = {}

    def transcribe(self, audio: Any, language: str | None = None, allowed_languages: Any = ("en", "zh"),
                   hotwords: Any = ()) -> TranscriptionResult:
        data = audio if isinstance(audio, bytes) else Path(audio).read_bytes()
        key = (hashlib.sha256(data).hexdigest(), language, tuple(sorted(allowed_languages)), tuple(hotwords))
        if key not in self.heard:
            self.heard[key] = self.inner.transcribe(audio, language, allowed_languages, hotwords)
        return self.heard[key]

    def __getattr__(self, name: str) -> Any:  # detect_language, model, data_dir, threads ...
        return getattr(self.inner, name)


@pytest.fixture(scope="session")
def stt(transcriber: Transcriber) -> Transcriber:
    """The session's one real transcriber (tests/conftest.py): models load once, nothing is downloaded."""
    return Remembering(transcriber)


class StubTranscriber(Transcriber):
    """Says `text` for any audio (the audio is still decoded and checked for real by the job).

    For tests of what the app does with a transcript: their exact assertions must not depend on how the real model
    hears a fixture on this CPU (see tests/speech.py).
    """

    backend = "stub"

    def __init__(self, text: str, language: str = "en") -> None:
        self.text = text
        self.language = language
        self.calls = 0

    def transcribe(self, audio: Any, language: str | None = None, allowed_languages: Any = (),
                   hotwords: Any = ()) -> TranscriptionResult:
        self.calls += 1
        return TranscriptionResult(self.text, language or self.language, 2.0, 0.01, "stub", "stub")


@pytest.fixture(scope="session")
def stt_long(long_transcriber: Transcriber) -> Transcriber:
    """What production uses for notes over the long-note threshold with the default models (en=base)."""
    return Remembering(long_transcriber)


@dataclass
class Voice:
    core: CoreGateway
    service: VoiceService
    assistant: Assistant
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def clock(self) -> FixedClock:
        clock = self.core.clock
        assert isinstance(clock, FixedClock)
        return clock

    def user(self, name: str, *, lang: str = "en", role: str = "rep", team: str = "East",
             channel: str = "telegram") -> User:
        user = add_user(self.core, name, role=role, team=team, lang=lang)
        with self.core.system() as system:
            users.link(system, user, channel, f"tg-{name}")
        return user

    def send(self, user: User, audio: str | bytes, *, channel: str = "telegram", chat_id: str | None = None,
             is_group: bool = False, conversation_id: str | None = None, size: int | None = None,
             duration: float | None = None) -> list[Reply]:
        """A voice note as a channel hands it on: an AudioRef whose URL the registered fetcher can read."""
        data = audio if isinstance(audio, bytes) else (AUDIO / audio).read_bytes()
        url = f"https://files.example/{uuid.uuid4().hex}"
        self.files[url] = data
        message = IncomingMessage(
            channel=channel, chat_id=chat_id or f"chat-{user.name}", sender_id=f"tg-{user.name}",
            message_id=uuid.uuid4().hex, audio=AudioRef(url, "audio/ogg", size, duration),
            is_group=is_group, conversation_id=conversation_id, received_at=self.core.clock.now(),
        )
        return self.assistant.handle_sync(message)

    def say(self, user: User, text: str, *, action: str | None = None, channel: str = "telegram") -> list[Reply]:
        message = IncomingMessage(channel=channel, chat_id=f"chat-{user.name}", sender_id=f"tg-{user.name}",
                                  message_id=uuid.uuid4().hex, text=text, action=action)
        return self.assistant.handle_sync(message)

    def run_all(self) -> int:
        """Process every claimable job now; how many ran."""

        async def go() -> int:
            count = 0
            while (claim := self.service.claim_next(None)) is not None:
                await self.service.process(claim)
                count += 1
            return count

        return asyncio.run(go())

    def jobs(self) -> list[VoiceJob]:
        with self.core.system() as system:
            session = system.session
            return list(session.scalars(select(VoiceJob).order_by(VoiceJob.id)).all())

    def job(self, job_id: int | None = None) -> VoiceJob:
        jobs = self.jobs()
        return jobs[-1] if job_id is None else next(j for j in jobs if j.id == job_id)

    def outbox(self, chat_id: str | None = None) -> list[tuple[str, Reply, str | None]]:
        """(chat, reply, dedupe key) of every queued message, in order."""
        with self.core.system() as system:
            session = system.session
            rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
            return [(r.chat_id, reply_from_payload(dict(r.payload)), r.dedupe_key) for r in rows
                    if chat_id is None or r.chat_id == chat_id]

    def has_audio(self, job_id: int) -> bool:
        with self.core.system() as system:
            return voice_jobs.has_audio(system, job_id)

    def advance(self, seconds: float) -> None:
        self.clock.advance(timedelta(seconds=seconds))


def make_voice(core: CoreGateway, stt: Transcriber, long: Transcriber | None = None, **config: Any) -> Voice:
    parser = build_parser(llm_settings(Settings(_env_file=None)))  # type: ignore[call-arg]
    conversation = Conversation(core, parser, default_handlers(), default_actions(), default_slash_commands())
    settings: dict[str, Any] = {"progress_every": 0.0, **config}
    service = VoiceService(core, VoiceConfig(**settings), conversation, parser, transcriber=stt,
                           long_transcriber=long)
    voice = Voice(core, service, Assistant(core, conversation, "zh", voice=service))

    async def fetch(ref: AudioRef) -> bytes:
        if ref.url not in voice.files:
            raise OSError("404 not found")
        return voice.files[ref.url]

    service.register_fetcher("telegram", fetch)
    return voice


@pytest.fixture
def voice(core: CoreGateway, stt: Transcriber, stt_long: Transcriber) -> Iterator[Voice]:
    built = make_voice(core, stt, stt_long)
    yield built
    built.service.close()

"""Long notes: transcribed chunk by chunk with progress messages, and resumed after the last finished chunk."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

from bot.voice import Transcriber, TranscriptionResult, load_audio
from bot.voice_jobs.texts import clock
from bot.voice_jobs.transcribe import wav_bytes
from core.context import CoreGateway
from core.i18n import t
from core.services import customers
from tests.factories import acting
from tests.integration.voice_support import AUDIO, make_voice, stt, stt_long
from tests.speech import WER_MEETING, reference, wer, words

__all__ = ["stt", "stt_long"]

CHUNKS = {"chunk_seconds": 20.0, "whole_note_seconds": 30.0}
REPEATED_SECONDS = 25


def long_note_reference() -> str:
    """What long_note() says: the meeting's words, then about the first 25 s of them again."""
    said = words(reference("en_meeting"))
    return " ".join(said + said[: round(len(said) * REPEATED_SECONDS / 49.6)])


def long_note() -> bytes:
    """The 50 s meeting note, a pause, and its first 25 s again: 1:17, as one WAV."""
    meeting = load_audio(AUDIO / "en_meeting.ogg").samples
    pause = np.zeros(16_000 * 2, dtype=np.float32)
    return wav_bytes(np.concatenate([meeting, pause, meeting[: 16_000 * REPEATED_SECONDS]]))


class Counting(Transcriber):
    """A real transcriber that counts calls and can die after `fail_after` of them (a crash mid-note)."""

    def __init__(self, inner: Transcriber, fail_after: int | None = None) -> None:
        self.inner = inner
        self.backend = inner.backend
        self.calls = 0
        self.fail_after = fail_after

    def transcribe(self, audio: Any, language: str | None = None, allowed_languages: Collection[str] = ("en",),
                   hotwords: Sequence[str] = ()) -> TranscriptionResult:
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise RuntimeError("the process died")
        self.calls += 1
        return self.inner.transcribe(audio, language, allowed_languages, hotwords)

    def detect_language(self, samples: Any, allowed: Collection[str]) -> tuple[str, float | None]:
        return self.inner.detect_language(samples, allowed)  # type: ignore[attr-defined, no-any-return]


def test_a_long_note_reports_progress_and_ends_as_minutes(core: CoreGateway, stt: Transcriber,
                                                        stt_long: Transcriber) -> None:
    counting = Counting(stt_long)
    world = make_voice(core, stt, counting, **CHUNKS)
    alice = world.user("Alice")
    with acting(core, alice) as ctx:
        customers.create(ctx, "Northwind Traders Ltd")
    world.send(alice, long_note(), duration=77.0)
    world.run_all()
    job = world.job()
    assert job.status == "done" and job.mode == "minutes" and counting.calls == len(job.chunks) >= 3
    texts = [reply.text for _, reply, _ in world.outbox()]
    progress = [text for text in texts if text.startswith("🎙 ")]
    total = clock(job.duration or 0)
    assert total == "1:17"
    # Cut at the quietest moment near each 20 s mark (a pause, not mid-word), so "about" 0:20.
    assert re.fullmatch(re.escape(t("en", "voice.progress", done="X", total=total)).replace("X", r"0:(1[2-9]|2\d)"),
                        progress[0])
    assert len(progress) == len(job.chunks) - 1
    assert texts[-1].startswith("📋 Meeting minutes · Northwind Traders Ltd")
    # Both halves are in the transcript (a lost chunk alone is 0.25 or more).
    assert wer(long_note_reference(), job.transcript) <= WER_MEETING, job.transcript
    world.service.close()


def test_a_note_cut_off_mid_way_resumes_after_its_last_finished_chunk(core: CoreGateway, stt: Transcriber,
                                                                     stt_long: Transcriber) -> None:
    dying = Counting(stt_long, fail_after=2)
    world = make_voice(core, stt, dying, **CHUNKS)
    alice = world.user("Alice")
    with acting(core, alice) as ctx:
        customers.create(ctx, "Northwind Traders Ltd")
    world.send(alice, long_note())
    claim = world.service.claim_next(None)
    assert claim is not None

    async def crash() -> None:
        job = world.service.view(claim.job_id)
        assert job is not None
        await world.service._fetch(claim, job)
        with contextlib.suppress(RuntimeError):  # the worker is gone; its lease stays until it runs out
            await asyncio.get_running_loop().run_in_executor(world.service.executor, world.service._transcribe,
                                                             claim, lambda: None)

    asyncio.run(crash())
    assert len(world.job().chunks) == 2 and world.job().transcript is None

    resumed = Counting(stt_long)
    world.service._long_transcriber = resumed
    world.advance(world.service.config.lease.total_seconds() + 1)
    world.run_all()
    job = world.job()
    assert job.status == "done" and job.attempts == 2
    assert resumed.calls == len(job.chunks) - 2  # only what was left
    assert wer(long_note_reference(), job.transcript or "") <= WER_MEETING, job.transcript
    world.service.close()

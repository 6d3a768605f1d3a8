"""Audio validation and decoding through PyAV, on the committed fixtures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.voice.audio import load_audio, ogg_is_truncated
from bot.voice.errors import AUDIO_ERROR_REASONS, AudioError
from bot.voice.types import SAMPLE_RATE, AudioLimits

BAD_INPUTS = [
    ("empty.ogg", "empty"),
    ("silent.ogg", "silent"),
    ("truncated.ogg", "corrupt"),
    ("not_audio.ogg", "not_audio"),
    ("not_audio.png", "not_audio"),
    ("unsupported_codec.wav", "unsupported_codec"),
]


@pytest.mark.parametrize(
    ("name", "container", "seconds"),
    [
        ("en_visit.ogg", "ogg", 7.3),
        ("en_visit.m4a", "mov,mp4,m4a,3gp,3g2,mj2", 7.3),
        ("en_short.webm", "matroska,webm", 2.45),
        ("en_short.mp3", "mp3", 2.45),
        ("en_short.wav", "wav", 2.45),
        ("zh_visit.ogg", "ogg", 7.0),
        ("en_meeting.ogg", "ogg", 49.6),
    ],
)
def test_decodes_to_16k_mono_float32(audio_dir: Path, name: str, container: str, seconds: float) -> None:
    decoded = load_audio(audio_dir / name)
    assert decoded.samples.dtype == np.float32
    assert decoded.samples.ndim == 1
    assert decoded.container == container
    assert decoded.duration == pytest.approx(seconds, abs=0.15)
    assert 0.05 < float(np.abs(decoded.samples).max()) <= 1.0


def test_bytes_and_path_give_same_samples(audio_dir: Path) -> None:
    path = audio_dir / "en_visit.ogg"
    from_path = load_audio(path).samples
    from_bytes = load_audio(path.read_bytes()).samples
    assert np.array_equal(from_path, from_bytes)
    assert len(from_path) / SAMPLE_RATE > 7


@pytest.mark.parametrize(("name", "reason"), BAD_INPUTS)
def test_bad_input_reason(audio_dir: Path, name: str, reason: str) -> None:
    assert reason in AUDIO_ERROR_REASONS
    for source in (audio_dir / name, (audio_dir / name).read_bytes()):
        with pytest.raises(AudioError) as info:
            load_audio(source)
        assert info.value.reason == reason
        assert str(info.value)  # a human-readable message


def test_too_long_is_rejected_from_the_probe(audio_dir: Path) -> None:
    with pytest.raises(AudioError) as info:
        load_audio(audio_dir / "en_meeting.ogg", AudioLimits(max_duration_s=30))
    assert info.value.reason == "too_long"
    assert "30 s" in str(info.value)


def test_too_long_without_declared_duration_stops_while_decoding(audio_dir: Path) -> None:
    # webm written by a recorder may carry no duration; the decode loop enforces the cap.
    with pytest.raises(AudioError) as info:
        load_audio(audio_dir / "en_short.webm", AudioLimits(max_duration_s=1))
    assert info.value.reason == "too_long"


def test_too_large_is_rejected_before_opening(audio_dir: Path) -> None:
    with pytest.raises(AudioError) as info:
        load_audio(audio_dir / "en_meeting.ogg", AudioLimits(max_bytes=10_000))
    assert info.value.reason == "too_large"
    with pytest.raises(AudioError) as info:
        load_audio(b"\0" * 10_001, AudioLimits(max_bytes=10_000))
    assert info.value.reason == "too_large"


def test_default_limits() -> None:
    limits = AudioLimits()
    assert limits.max_duration_s == 15 * 60
    assert limits.max_bytes == 20 * 1024 * 1024


@pytest.mark.parametrize("name", ["en_visit.m4a", "en_short.webm", "en_short.mp3", "en_visit.ogg"])
def test_cut_in_half_is_corrupt(audio_dir: Path, name: str) -> None:
    data = (audio_dir / name).read_bytes()
    with pytest.raises(AudioError) as info:
        load_audio(data[: len(data) // 2])
    assert info.value.reason == "corrupt"


def test_ogg_truncation_check(audio_dir: Path) -> None:
    good = (audio_dir / "en_visit.ogg").read_bytes()
    assert not ogg_is_truncated(good)
    assert not ogg_is_truncated(str(audio_dir / "en_meeting.ogg"))
    assert ogg_is_truncated(good[:-1])
    assert ogg_is_truncated(str(audio_dir / "truncated.ogg"))


def test_text_that_starts_like_audio_is_corrupt_not_not_audio() -> None:
    with pytest.raises(AudioError) as info:
        load_audio(b"OggS" + b"garbage" * 20)
    assert info.value.reason == "corrupt"


def test_missing_file_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_audio(tmp_path / "nope.ogg")

"""How a job transcribes: chunk plan, the language it decodes in, the names it listens for."""

from __future__ import annotations

import io
import itertools
import wave
from collections.abc import Collection

import numpy as np

from bot.voice_jobs.transcribe import choose_language, hotwords_for, plan_chunks, wav_bytes

SR = 16_000


def test_short_notes_are_one_chunk_long_ones_are_cut_in_pauses() -> None:
    assert plan_chunks(SR * 80) == [(0, SR * 80)]
    samples = np.full(SR * 200, 0.3, dtype=np.float32)
    samples[SR * 57: SR * 57 + SR // 5] = 0.0  # a pause near the first 60 s mark
    ranges = plan_chunks(len(samples), samples)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(samples)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    assert SR * 57 <= ranges[0][1] <= SR * 57 + SR // 5
    assert len(ranges) == 4 and all(end - start <= SR * 68 for start, end in ranges)


def test_chunks_are_16k_mono_wav() -> None:
    data = wav_bytes(np.linspace(-1, 1, SR, dtype=np.float32))
    with wave.open(io.BytesIO(data)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()) == (SR, 1, 2, SR)


def test_an_english_decode_hears_no_chinese_names() -> None:
    names = ["Northwind Traders", "Li Wei", "星辰科技", "王总"]
    assert hotwords_for(names, "en") == ["Northwind Traders", "Li Wei"]
    assert hotwords_for(names, "zh") == names and hotwords_for(names, None) == names


class Detector:
    backend = "stub"

    def __init__(self, language: str, probability: float | None) -> None:
        self.result = (language, probability)
        self.asked: list[list[str]] = []

    def detect_language(self, samples: object, allowed: Collection[str]) -> tuple[str, float | None]:
        self.asked.append(sorted(allowed))
        return self.result


def test_language_given_only_one_allowed_detected_or_the_users_when_detection_is_unsure() -> None:
    silence = np.zeros(SR, dtype=np.float32)
    sure, unsure = Detector("zh", 0.95), Detector("zh", 0.52)
    assert choose_language(sure, silence, language="en", allowed=("en", "zh"), user_language="zh") == "en"  # type: ignore[arg-type]
    assert choose_language(sure, silence, language=None, allowed=("zh",), user_language="en") == "zh"  # type: ignore[arg-type]
    assert choose_language(sure, silence, language=None, allowed=("en", "zh"), user_language="en") == "zh"  # type: ignore[arg-type]
    assert sure.asked == [["en", "zh"]]  # detection only among the team's languages
    assert choose_language(unsure, silence, language=None, allowed=("en", "zh"), user_language="en") == "en"  # type: ignore[arg-type]

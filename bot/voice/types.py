"""Result types and the transcriber interface."""

from __future__ import annotations

import abc
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

SAMPLE_RATE = 16_000
"""Samples per second of decoded audio (what whisper models take)."""

AudioInput = str | os.PathLike[str] | bytes
"""A path to an audio file, or the file's bytes (e.g. a downloaded Telegram voice note)."""

DEFAULT_ALLOWED_LANGUAGES: frozenset[str] = frozenset({"en", "zh"})


@dataclass(frozen=True, slots=True)
class Segment:
    start: float
    end: float
    text: str


@dataclass(frozen=True, slots=True)
class TranscriptionResult:
    text: str
    language: str
    duration: float
    """Audio duration in seconds."""
    processing_seconds: float
    """Wall time from receiving the input to the finished text (decode + detect + decode)."""
    model: str
    backend: str
    segments: tuple[Segment, ...] = ()
    language_probability: float | None = None
    """Set when the language was detected (renormalised over the allowed languages)."""
    detected: bool = False

    @property
    def rtf(self) -> float:
        """Real-time factor: processing seconds per second of audio (lower is faster)."""
        return self.processing_seconds / self.duration if self.duration > 0 else 0.0


@dataclass(frozen=True, slots=True)
class AudioLimits:
    max_duration_s: float = 15 * 60.0
    max_bytes: int = 20 * 1024 * 1024
    silence_dbfs: float = -50.0
    """A clip whose loudest 20 ms window is below this level counts as silent."""


@dataclass(frozen=True, slots=True)
class TranscribeOptions:
    """Decoder knobs shared by the backends (defaults are the measured sweet spot)."""

    beam_size: int = 2
    """2: greedy (1) cut a tiny.en M4A note short after three words; 2 costs ~25% more time."""
    temperature_fallback: bool = False
    """False: decode at temperature 0 only (fallback made a Chinese clip 5-7x slower)."""
    condition_on_previous_text: bool = False
    extra_hotwords: tuple[str, ...] = field(default_factory=tuple)


class Transcriber(abc.ABC):
    """Speech to text. Implementations load their model(s) lazily and are thread-safe."""

    backend: str

    @abc.abstractmethod
    def transcribe(
        self,
        audio: AudioInput,
        language: str | None = None,
        allowed_languages: Collection[str] = DEFAULT_ALLOWED_LANGUAGES,
        hotwords: Sequence[str] = (),
    ) -> TranscriptionResult:
        """Transcribe one clip.

        ``language``: the user's language (ISO 639-1, e.g. "en", "zh"); ``None`` detects
        it, choosing only among ``allowed_languages``. ``hotwords``: names the decoder
        should prefer (customers, contacts). Raises :class:`bot.voice.errors.AudioError`
        for unusable input and :class:`bot.voice.errors.ModelUnavailableError` when the
        model cannot be made ready.
        """

    def warm_up(self, languages: Collection[str] = ("auto",)) -> None:  # noqa: B027
        """Optionally load the models serving ``languages`` ahead of the first request."""

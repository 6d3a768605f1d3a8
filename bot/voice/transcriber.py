"""Backend-independent transcription flow: validate/decode, pick language, decode, time it."""

from __future__ import annotations

import abc
import logging
import os
import threading
import time
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.voice.registry import ModelRegistry, choose_language, normalize_language
from bot.voice.types import (
    DEFAULT_ALLOWED_LANGUAGES,
    SAMPLE_RATE,
    AudioInput,
    AudioLimits,
    Segment,
    TranscribeOptions,
    Transcriber,
    TranscriptionResult,
)

log = logging.getLogger(__name__)

Samples = npt.NDArray[np.float32]
_DETECT_SECONDS = 30
_MAX_HOTWORD_CHARS = 600

_cache_lock = threading.Lock()
_model_cache: dict[tuple[Any, ...], Any] = {}
_model_locks: dict[tuple[Any, ...], threading.Lock] = {}


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def bounded_threads(setting: int | None) -> int:
    """min(cores, setting); ``None``/0 means all available cores."""
    cores = available_cores()
    return cores if not setting or setting <= 0 else min(cores, setting)


def cached_model(key: tuple[Any, ...], loader: Callable[[], Any]) -> Any:
    """Load once per process per key (backend, model, ...); concurrent callers wait."""
    with _cache_lock:
        if key in _model_cache:
            return _model_cache[key]
        lock = _model_locks.setdefault(key, threading.Lock())
    with lock:
        with _cache_lock:
            if key in _model_cache:
                return _model_cache[key]
        model = loader()
        with _cache_lock:
            _model_cache[key] = model
        return model



def hotword_text(hotwords: Sequence[str]) -> str | None:
    """Deduplicated names as "A, B, C." (capped to fit the decoder prompt).

    The closing period matters: a prompt ending in a bare name made greedy decoding
    repeat that name in a loop (seen with base on a Chinese clip and tiny.en).
    """
    seen: dict[str, None] = {}
    for word in hotwords:
        cleaned = " ".join(word.split())
        if cleaned and cleaned.lower() not in (k.lower() for k in seen):
            seen[cleaned] = None
    text = ""
    for word in seen:
        candidate = f"{text}, {word}" if text else word
        if len(candidate) > _MAX_HOTWORD_CHARS:
            break
        text = candidate
    return f"{text}." if text else None


class BaseTranscriber(Transcriber):
    """Shared flow; a backend supplies model loading, language scores and decoding."""

    backend = "base"

    def __init__(
        self,
        registry: ModelRegistry,
        data_dir: str | os.PathLike[str],
        threads: int | None = None,
        options: TranscribeOptions | None = None,
        limits: AudioLimits | None = None,
    ) -> None:
        self.registry = registry
        self.data_dir = Path(data_dir)
        self.threads = bounded_threads(threads)
        self.options = options or TranscribeOptions()
        self.limits = limits or AudioLimits()
        self._run_lock = threading.Lock()

    # -- backend hooks ---------------------------------------------------------------
    @abc.abstractmethod
    def _load(self, model_name: str) -> Any:
        """Load (uncached) the model for a registry setting."""

    @abc.abstractmethod
    def _is_multilingual(self, model: Any) -> bool: ...

    @abc.abstractmethod
    def _language_scores(self, model: Any, samples: Samples) -> list[tuple[str, float]]: ...

    @abc.abstractmethod
    def _decode(self, model: Any, samples: Samples, language: str, prompt: str | None) -> list[Segment]: ...

    def _cache_key(self, model_name: str) -> tuple[Any, ...]:
        return (self.backend, model_name, str(self.data_dir), self.threads)

    # -- public ----------------------------------------------------------------------
    def model(self, model_name: str) -> Any:
        return cached_model(self._cache_key(model_name), lambda: self._load(model_name))

    def warm_up(self, languages: Collection[str] = ("auto",)) -> None:
        for lang in languages:
            self.model(self.registry.model_for(None if lang == "auto" else lang))

    def detect_language(self, samples: Samples, allowed_languages: Collection[str]) -> tuple[str, float | None]:
        allowed = sorted({normalize_language(a) for a in allowed_languages})
        if not allowed:
            raise ValueError("allowed_languages must not be empty")
        if len(allowed) == 1:
            return allowed[0], None
        model = self.model(self.registry.model_for(None))
        if not self._is_multilingual(model):
            return ("en" if "en" in allowed else allowed[0]), None
        with self._run_lock:
            scores = self._language_scores(model, samples[: _DETECT_SECONDS * SAMPLE_RATE])
        return choose_language(scores, allowed)

    def transcribe(
        self,
        audio: AudioInput,
        language: str | None = None,
        allowed_languages: Collection[str] = DEFAULT_ALLOWED_LANGUAGES,
        hotwords: Sequence[str] = (),
    ) -> TranscriptionResult:
        from bot.voice.audio import load_audio  # PyAV is imported on first use only

        started = time.perf_counter()
        decoded = load_audio(audio, self.limits)
        probability: float | None = None
        if language is not None:
            lang = normalize_language(language)
        else:
            lang, probability = self.detect_language(decoded.samples, allowed_languages)
        model_name = self.registry.model_for(lang)
        model = self.model(model_name)
        if not self._is_multilingual(model) and lang != "en":
            log.warning("model %s is English-only; transcribing %s audio as English", model_name, lang)
            lang = "en"
        prompt = hotword_text([*self.options.extra_hotwords, *hotwords])
        with self._run_lock:
            segments = self._decode(model, decoded.samples, lang, prompt)
        text = "".join(seg.text for seg in segments).strip()
        return TranscriptionResult(
            text=text,
            language=lang,
            duration=decoded.duration,
            processing_seconds=time.perf_counter() - started,
            model=model_name,
            backend=self.backend,
            segments=tuple(segments),
            language_probability=probability,
            detected=language is None,
        )

"""Default backend: faster-whisper (CTranslate2, int8 on CPU, bounded threads)."""

from __future__ import annotations

import importlib
from typing import Any

from bot.voice.errors import BackendUnavailableError, ModelUnavailableError, TranscriptionError
from bot.voice.models import resolve_model
from bot.voice.transcriber import BaseTranscriber, Samples
from bot.voice.types import Segment

_FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


class FasterWhisperTranscriber(BaseTranscriber):
    backend = "faster-whisper"

    def __init__(
        self,
        *args: Any,
        compute_type: str = "int8",
        allow_download: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.compute_type = compute_type
        self.allow_download = allow_download

    def _cache_key(self, model_name: str) -> tuple[Any, ...]:
        return (*super()._cache_key(model_name), self.compute_type)

    def _load(self, model_name: str) -> Any:
        try:
            whisper_model = importlib.import_module("faster_whisper").WhisperModel
        except ImportError as exc:  # pragma: no cover - core dependency
            raise BackendUnavailableError("faster-whisper is not installed: pip install faster-whisper") from exc
        resolved = resolve_model(model_name, self.data_dir)
        common: dict[str, Any] = {
            "device": "cpu",
            "compute_type": self.compute_type,
            "cpu_threads": self.threads,
            "num_workers": 1,
        }
        if resolved.path is not None:
            try:
                return whisper_model(str(resolved.path), **common)
            except (RuntimeError, ValueError, OSError) as exc:
                raise ModelUnavailableError(
                    f"Cannot load the speech model at {resolved.path} ({exc}); "
                    "check the path or delete the directory and retry"
                ) from exc
        try:
            return whisper_model(
                resolved.download_name or model_name,
                download_root=str(self.data_dir / "models" / "hub"),
                local_files_only=not self.allow_download,
                **common,
            )
        except Exception as exc:  # huggingface_hub raises many types when offline
            raise ModelUnavailableError(
                f"Speech model '{model_name}' is neither bundled nor a local path and could not be "
                f"downloaded ({type(exc).__name__}: {exc}); use 'tiny.en', 'base' or a model directory"
            ) from exc

    def _is_multilingual(self, model: Any) -> bool:
        return bool(model.model.is_multilingual)

    def _language_scores(self, model: Any, samples: Samples) -> list[tuple[str, float]]:
        _lang, _prob, scores = model.detect_language(audio=samples)
        return [(str(lang), float(p)) for lang, p in scores]

    def _decode(self, model: Any, samples: Samples, language: str, prompt: str | None) -> list[Segment]:
        opts = self.options
        try:
            segments, _info = model.transcribe(
                samples,
                language=language,
                beam_size=opts.beam_size,
                best_of=1,
                temperature=list(_FALLBACK_TEMPERATURES) if opts.temperature_fallback else [0.0],
                condition_on_previous_text=opts.condition_on_previous_text,
                hotwords=prompt,
                vad_filter=False,
            )
            return [Segment(float(s.start), float(s.end), str(s.text)) for s in segments]
        except (RuntimeError, ValueError) as exc:
            raise TranscriptionError(f"faster-whisper failed: {exc}") from exc

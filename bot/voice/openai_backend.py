"""Optional backend: openai-whisper (PyTorch on CPU).

Bundled models and CTranslate2 directories are converted once to an openai-whisper
checkpoint under ``<data_dir>/models/openai-whisper/`` (see :mod:`bot.voice.ct2_to_openai`),
so this backend works offline from the same weights as the default backend.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from bot.voice.ct2_to_openai import ensure_openai_checkpoint
from bot.voice.errors import BackendUnavailableError, ModelUnavailableError, TranscriptionError
from bot.voice.models import resolve_model
from bot.voice.transcriber import BaseTranscriber, Samples
from bot.voice.types import Segment

_FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
INSTALL_HINT = "pip install torch==2.13.0 && pip install 'salesbot[openai-whisper]'"


def _import() -> tuple[Any, Any]:
    try:
        torch = importlib.import_module("torch")
        whisper = importlib.import_module("whisper")
    except ImportError as exc:
        raise BackendUnavailableError(f"the openai-whisper backend is not installed: {INSTALL_HINT}") from exc
    return torch, whisper


class OpenAIWhisperTranscriber(BaseTranscriber):
    backend = "openai-whisper"

    def __init__(self, *args: Any, allow_download: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow_download = allow_download

    def _load(self, model_name: str) -> Any:
        torch, whisper = _import()
        torch.set_num_threads(self.threads)
        cache_dir = self.data_dir / "models" / "openai-whisper"
        resolved = resolve_model(model_name, self.data_dir)
        if resolved.path is not None and resolved.path.is_file():
            checkpoint = resolved.path  # an openai-whisper .pt file
        elif resolved.path is not None:
            if not (resolved.path / "model.bin").is_file():
                raise ModelUnavailableError(f"{resolved.path} is not a CTranslate2 model directory (no model.bin)")
            checkpoint = ensure_openai_checkpoint(resolved.path, cache_dir, model_name)
        else:
            name = resolved.download_name or model_name
            if name not in whisper.available_models() or not self.allow_download:
                raise ModelUnavailableError(
                    f"openai-whisper model '{name}' is not available offline; use 'tiny.en', 'base' or a path"
                )
            return whisper.load_model(name, device="cpu", download_root=str(cache_dir))
        return _load_checkpoint(torch, whisper, checkpoint)

    def _is_multilingual(self, model: Any) -> bool:
        return bool(model.is_multilingual)

    def _language_scores(self, model: Any, samples: Samples) -> list[tuple[str, float]]:
        _torch, whisper = _import()
        mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(samples), n_mels=model.dims.n_mels)
        _tokens, probs = model.detect_language(mel)
        return sorted(((str(k), float(v)) for k, v in probs.items()), key=lambda kv: -kv[1])

    def _decode(self, model: Any, samples: Samples, language: str, prompt: str | None) -> list[Segment]:
        opts = self.options
        try:
            result = model.transcribe(
                samples,
                language=language,
                temperature=_FALLBACK_TEMPERATURES if opts.temperature_fallback else 0.0,
                beam_size=opts.beam_size if opts.beam_size > 1 else None,
                best_of=None,
                condition_on_previous_text=opts.condition_on_previous_text,
                initial_prompt=prompt,
                carry_initial_prompt=prompt is not None,
                fp16=False,
                verbose=None,
            )
        except (RuntimeError, ValueError) as exc:
            raise TranscriptionError(f"openai-whisper failed: {exc}") from exc
        return [Segment(float(s["start"]), float(s["end"]), str(s["text"])) for s in result["segments"]]


def _load_checkpoint(torch: Any, whisper: Any, path: Path) -> Any:
    """Like whisper.load_model(path) but also restores the alignment heads we store."""
    try:
        checkpoint = torch.load(str(path), map_location="cpu", weights_only=False)
        model = whisper.Whisper(whisper.ModelDimensions(**checkpoint["dims"]))
        model.load_state_dict(checkpoint["model_state_dict"])
    except (RuntimeError, KeyError, OSError, EOFError) as exc:
        raise ModelUnavailableError(
            f"Cannot load openai-whisper checkpoint {path} ({exc}): delete it and retry"
        ) from exc
    heads = checkpoint.get("alignment_heads") or []
    del checkpoint
    if heads:
        mask = torch.zeros(model.dims.n_text_layer, model.dims.n_text_head, dtype=torch.bool)
        for layer, head in heads:
            mask[layer, head] = True
        model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)
    return model.eval()

"""CTranslate2 -> openai-whisper conversion and the optional openai-whisper backend."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from bot.voice.ct2_to_openai import convert_variables, read_ct2_variables
from bot.voice.models import tiny_en_model_dir
from bot.voice.types import TranscribeOptions
from tests.speech import CER_ZH_VISIT, WER_VISIT, cer, reference, wer

HAS_WHISPER = importlib.util.find_spec("whisper") is not None and importlib.util.find_spec("torch") is not None
needs_whisper = pytest.mark.skipif(not HAS_WHISPER, reason="openai-whisper (optional extra) is not installed")


def test_reads_ct2_model_and_maps_layers() -> None:
    variables = read_ct2_variables(tiny_en_model_dir() / "model.bin")
    assert variables["decoder/projection/weight"] is variables["decoder/embeddings/weight"]  # alias
    dims, sd = convert_variables(variables)
    assert dims == {
        "n_mels": 80,
        "n_audio_ctx": 1500,
        "n_audio_state": 384,
        "n_audio_head": 6,
        "n_audio_layer": 4,
        "n_vocab": 51864,
        "n_text_ctx": 448,
        "n_text_state": 384,
        "n_text_head": 6,
        "n_text_layer": 4,
    }
    fused = variables["encoder/layer_0/self_attention/linear_0/weight"].astype(np.float32)
    assert np.array_equal(sd["encoder.blocks.0.attn.key.weight"], fused[384:768])
    assert "encoder.blocks.0.attn.key.bias" not in sd
    kv = variables["decoder/layer_3/attention/linear_1/weight"].astype(np.float32)
    assert np.array_equal(sd["decoder.blocks.3.cross_attn.value.weight"], kv[384:])
    assert all(a.dtype == np.float32 for a in sd.values())


@needs_whisper
def test_converted_checkpoint_loads_strictly(tmp_path: Path) -> None:
    from bot.voice.ct2_to_openai import ensure_openai_checkpoint

    whisper = importlib.import_module("whisper")

    path = ensure_openai_checkpoint(tiny_en_model_dir(), tmp_path, "tiny.en")
    assert path.name.startswith("tiny.en-") and path.suffix == ".pt"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left
    mtime = path.stat().st_mtime_ns
    assert ensure_openai_checkpoint(tiny_en_model_dir(), tmp_path, "tiny.en") == path
    assert path.stat().st_mtime_ns == mtime
    model = whisper.load_model(str(path), device="cpu")  # strict load_state_dict
    assert not model.is_multilingual


@needs_whisper
def test_openai_backend_matches_faster_whisper_float32(voice_data_dir: Path, audio_dir: Path) -> None:
    from bot.voice import build_transcriber

    greedy = TranscribeOptions(beam_size=1)
    ref = build_transcriber("faster-whisper", "tiny.en", voice_data_dir, 2, options=greedy, compute_type="float32")
    ow = build_transcriber("openai-whisper", "tiny.en", voice_data_dir, 2, options=greedy)
    expected = ref.transcribe(audio_dir / "en_visit.ogg", language="en")
    got = ow.transcribe(audio_dir / "en_visit.ogg", language="en")
    assert got.backend == "openai-whisper"
    # Same weights, float32, greedy: the two engines hear the same words, up to rounding on this CPU.
    assert wer(expected.text, got.text) <= 0.15, (expected.text, got.text)
    assert wer(reference("en_visit"), got.text) <= WER_VISIT, got.text
    assert list((voice_data_dir / "models" / "openai-whisper").glob("tiny.en-*.pt"))


@needs_whisper
def test_openai_backend_detects_among_allowed(voice_data_dir: Path, audio_dir: Path) -> None:
    from bot.voice import build_transcriber

    ow = build_transcriber("openai-whisper", None, voice_data_dir, 2)
    result = ow.transcribe(audio_dir / "zh_visit.ogg", allowed_languages={"en", "zh"}, hotwords=["星辰科技"])
    assert result.language in {"en", "zh"} and result.model == "base"
    assert cer(reference("zh_visit"), result.text) <= CER_ZH_VISIT, result.text  # also fails a wrong language pick

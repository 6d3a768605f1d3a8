"""Convert a CTranslate2 Whisper ``model.bin`` into an openai-whisper checkpoint, offline.

CTranslate2's model-spec serialisation (binary version 6) is: u32 version, string spec
name, u32 revision, u32 variable count, then per variable: string name, u8 rank, u32 dims,
u8 dtype id, u32 byte count, raw bytes; then u32 alias count and (alias, target) string
pairs. Strings are u16 length (including a trailing NUL) + UTF-8 bytes.

Layer mapping (CTranslate2 -> openai-whisper): fused self-attention ``linear_0`` splits in
thirds into query/key/value, cross-attention ``linear_1`` in halves into key/value; the
key projection has no bias in openai-whisper (CTranslate2 stores zeros there, and a key
bias cancels in the softmax anyway). Int8/int16 weights are dequantised with their scales.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import struct
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]
_DTYPES: dict[int, Any] = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16, 5: "bfloat16"}


def _read(fh: BinaryIO, fmt: str) -> int:
    size = struct.calcsize(fmt)
    value: int = struct.unpack(fmt, fh.read(size))[0]
    return value


def _read_string(fh: BinaryIO) -> str:
    length = _read(fh, "<H")
    return fh.read(length)[:-1].decode("utf-8")


def read_ct2_variables(model_bin: Path) -> dict[str, Array]:
    """All named tensors of a CTranslate2 model.bin (aliases resolved)."""
    variables: dict[str, Array] = {}
    with open(model_bin, "rb") as fh:
        version = _read(fh, "<I")
        if version < 5:
            raise ValueError(f"unsupported CTranslate2 binary version {version}")
        spec = _read_string(fh)
        if spec != "WhisperSpec":
            raise ValueError(f"{model_bin} holds a {spec}, not a Whisper model")
        _read(fh, "<I")  # spec revision
        for _ in range(_read(fh, "<I")):
            name = _read_string(fh)
            shape = [_read(fh, "<I") for _ in range(_read(fh, "<B"))]
            dtype = _DTYPES[_read(fh, "<B")]
            raw = fh.read(_read(fh, "<I"))
            if dtype == "bfloat16":
                arr: Array = (np.frombuffer(raw, np.uint16).astype(np.uint32) << 16).view(np.float32)
            else:
                arr = np.frombuffer(raw, dtype)
            variables[name] = arr.reshape(shape)
        for _ in range(_read(fh, "<I")):
            alias, target = _read_string(fh), _read_string(fh)
            variables[alias] = variables[target]
    return variables


def _weight(v: dict[str, Array], name: str) -> Array:
    value = v[name].astype(np.float32)
    scale = v.get(f"{name}_scale")
    if scale is not None:  # int8/int16 quantised: q = round(w * scale)
        value = value / (scale.astype(np.float32)[:, None] if scale.ndim == 1 else scale.astype(np.float32))
    return value


def _count_layers(v: dict[str, Array], prefix: str) -> int:
    pattern = re.compile(rf"^{prefix}/layer_(\d+)/")
    return 1 + max(int(m.group(1)) for k in v if (m := pattern.match(k)))


def convert_variables(v: dict[str, Array]) -> tuple[dict[str, int], dict[str, Array]]:
    """Return (openai-whisper ModelDimensions kwargs, float32 state dict)."""
    sd: dict[str, Array] = {}

    def linear(dst: str, src: str, bias: bool = True) -> None:
        sd[f"{dst}.weight"] = _weight(v, f"{src}/weight")
        if bias:
            sd[f"{dst}.bias"] = v[f"{src}/bias"].astype(np.float32)

    def norm(dst: str, src: str) -> None:
        sd[f"{dst}.weight"] = v[f"{src}/gamma"].astype(np.float32)
        sd[f"{dst}.bias"] = v[f"{src}/beta"].astype(np.float32)

    def split(dst: str, src: str, names: tuple[str, ...]) -> None:
        weights = np.split(_weight(v, f"{src}/weight"), len(names))
        biases = np.split(v[f"{src}/bias"].astype(np.float32), len(names))
        for name, w, b in zip(names, weights, biases, strict=True):
            sd[f"{dst}.{name}.weight"] = w
            if name != "key":
                sd[f"{dst}.{name}.bias"] = b

    n_enc, n_dec = _count_layers(v, "encoder"), _count_layers(v, "decoder")
    for conv in ("conv1", "conv2"):
        linear(f"encoder.{conv}", f"encoder/{conv}")
    sd["encoder.positional_embedding"] = v["encoder/position_encodings/encodings"].astype(np.float32)
    norm("encoder.ln_post", "encoder/layer_norm")
    sd["decoder.token_embedding.weight"] = _weight(v, "decoder/embeddings/weight")
    sd["decoder.positional_embedding"] = v["decoder/position_encodings/encodings"].astype(np.float32)
    norm("decoder.ln", "decoder/layer_norm")
    for side, count in (("encoder", n_enc), ("decoder", n_dec)):
        for i in range(count):
            dst, src = f"{side}.blocks.{i}", f"{side}/layer_{i}"
            norm(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
            split(f"{dst}.attn", f"{src}/self_attention/linear_0", ("query", "key", "value"))
            linear(f"{dst}.attn.out", f"{src}/self_attention/linear_1")
            if side == "decoder":
                norm(f"{dst}.cross_attn_ln", f"{src}/attention/layer_norm")
                linear(f"{dst}.cross_attn.query", f"{src}/attention/linear_0")
                split(f"{dst}.cross_attn", f"{src}/attention/linear_1", ("key", "value"))
                linear(f"{dst}.cross_attn.out", f"{src}/attention/linear_2")
            norm(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")
            linear(f"{dst}.mlp.0", f"{src}/ffn/linear_0")
            linear(f"{dst}.mlp.2", f"{src}/ffn/linear_1")

    dims = {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(sd["encoder.positional_embedding"].shape[0]),
        "n_audio_state": int(sd["encoder.positional_embedding"].shape[1]),
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": n_enc,
        "n_vocab": int(sd["decoder.token_embedding.weight"].shape[0]),
        "n_text_ctx": int(sd["decoder.positional_embedding"].shape[0]),
        "n_text_state": int(sd["decoder.positional_embedding"].shape[1]),
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": n_dec,
    }
    return dims, sd


def convert_ct2_dir(model_dir: Path) -> dict[str, Any]:
    """Checkpoint dict (``dims``, ``model_state_dict`` as fp16 torch tensors, ``alignment_heads``)."""
    torch = importlib.import_module("torch")
    dims, sd = convert_variables(read_ct2_variables(model_dir / "model.bin"))
    heads: list[list[int]] = []
    config = model_dir / "config.json"
    if config.is_file():
        heads = [list(map(int, pair)) for pair in json.loads(config.read_text()).get("alignment_heads", [])]
    state = {k: torch.from_numpy(np.ascontiguousarray(a)).to(torch.float16) for k, a in sd.items()}
    return {"dims": dims, "model_state_dict": state, "alignment_heads": heads}


def ensure_openai_checkpoint(model_dir: Path, cache_dir: Path, name: str) -> Path:
    """Convert once into ``cache_dir`` (content-addressed by model.bin's sha256), atomically."""
    torch = importlib.import_module("torch")
    digest = hashlib.sha256()
    with open(model_dir / "model.bin", "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "model"
    target = cache_dir / f"{safe}-{digest.hexdigest()[:16]}.pt"
    if target.is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    checkpoint = convert_ct2_dir(model_dir)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=cache_dir)
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600
        with os.fdopen(fd, "wb") as out:
            torch.save(checkpoint, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target

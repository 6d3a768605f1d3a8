"""Audio validation and decoding through PyAV (FFmpeg's libraries, no ffmpeg binary).

``load_audio`` accepts a path or bytes in any container/codec FFmpeg decodes (OGG/Opus
voice notes, M4A/AAC, webm, mp3, wav, ...) and returns 16 kHz mono float32 samples, or
raises :class:`~bot.voice.errors.AudioError` with a ``reason``. Cheap checks run first:
size, container probe and declared duration, before any sample is decoded.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Any

import av
import numpy as np
import numpy.typing as npt

from bot.voice.errors import AudioError
from bot.voice.types import SAMPLE_RATE, AudioInput, AudioLimits

_FRAME = SAMPLE_RATE // 50  # 20 ms windows for the silence check

# Leading bytes of containers that hold audio: a file starting like this that FFmpeg
# cannot open is damaged audio ("corrupt"), anything else is "not_audio".
_AUDIO_MAGIC: tuple[bytes, ...] = (b"OggS", b"RIFF", b"ID3", b"fLaC", b"\x1a\x45\xdf\xa3", b"#!AMR", b"caff")


@dataclass(frozen=True, slots=True)
class DecodedAudio:
    samples: npt.NDArray[np.float32]
    """Mono float32 in [-1, 1] at SAMPLE_RATE."""
    container: str
    codec: str

    @property
    def duration(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def _looks_like_audio(head: bytes) -> bool:
    if head.startswith(_AUDIO_MAGIC) or head[4:8] == b"ftyp":
        return True
    # MPEG audio frame sync (raw mp3/aac-adts without an ID3 tag).
    return len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0


def _read_source(audio: AudioInput, limits: AudioLimits) -> tuple[Any, bytes, int, str | bytes]:
    """Return (what av.open takes, first bytes, size, path-or-bytes for the tail check)."""
    if isinstance(audio, bytes | bytearray | memoryview):
        data = bytes(audio)
        size = len(data)
        _check_size(size, limits)
        return io.BytesIO(data), data[:64], size, data
    path = os.fspath(audio)
    size = os.stat(path).st_size
    _check_size(size, limits)
    with open(path, "rb") as fh:
        head = fh.read(64)
    return path, head, size, path


def _check_size(size: int, limits: AudioLimits) -> None:
    if size == 0:
        raise AudioError("empty", "The audio file is empty (0 bytes).")
    if size > limits.max_bytes:
        raise AudioError(
            "too_large",
            f"The audio file is {size / 2**20:.1f} MiB; the limit is {limits.max_bytes / 2**20:.1f} MiB.",
        )


def _tail(source: str | bytes, n: int = 1 << 17) -> bytes:
    if isinstance(source, bytes):
        return source[-n:]
    with open(source, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        fh.seek(max(0, fh.tell() - n))
        return fh.read()


def _crc_table() -> list[int]:
    table = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else (r << 1)
        table.append(r & 0xFFFFFFFF)
    return table


_OGG_CRC = _crc_table()


def _ogg_page_end(buf: bytes, pos: int) -> int | None:
    """End offset of a complete, CRC-valid Ogg page starting at ``pos``, else None."""
    if len(buf) - pos < 27 or buf[pos + 4] != 0:
        return None
    nseg = buf[pos + 26]
    body_start = pos + 27 + nseg
    if body_start > len(buf):
        return None
    end = body_start + sum(buf[pos + 27 : body_start])
    if end > len(buf):
        return None
    page = bytearray(buf[pos:end])
    stored = int.from_bytes(page[22:26], "little")
    page[22:26] = b"\0\0\0\0"
    crc = 0
    for byte in page:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _OGG_CRC[((crc >> 24) ^ byte) & 0xFF]
    return end if crc == stored else None


def ogg_is_truncated(source: str | bytes) -> bool:
    """True when the file does not end exactly at the end of a valid Ogg page."""
    tail = _tail(source)
    pos = tail.rfind(b"OggS")
    while pos >= 0:
        end = _ogg_page_end(tail, pos)
        if end is not None:
            return end != len(tail)
        pos = tail.rfind(b"OggS", 0, pos)
    return True


def _open(source: Any, head: bytes) -> Any:
    try:
        return av.open(source, mode="r", metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        if _looks_like_audio(head):
            raise AudioError("corrupt", f"The audio file is damaged and cannot be read ({exc}).") from exc
        raise AudioError("not_audio", "The file is not an audio recording.") from exc


def _declared_duration(container: Any, stream: Any) -> float | None:
    if container.duration is not None and container.duration > 0:
        return float(container.duration) / 1_000_000
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return None


def load_audio(audio: AudioInput, limits: AudioLimits | None = None) -> DecodedAudio:
    """Validate and decode ``audio`` to 16 kHz mono float32, or raise AudioError."""
    limits = limits or AudioLimits()
    source, head, _size, tail_source = _read_source(audio, limits)
    container = _open(source, head)
    try:
        return _decode(container, head, tail_source, limits)
    finally:
        container.close()


def _decode(container: Any, head: bytes, tail_source: str | bytes, limits: AudioLimits) -> DecodedAudio:
    streams = list(container.streams.audio)
    if not streams:
        raise AudioError("not_audio", "The file has no audio track.")
    stream = streams[0]
    if stream.codec_context is None:
        raise AudioError("unsupported_codec", "The audio codec of this file is not supported.")
    codec = str(stream.codec_context.name)
    declared = _declared_duration(container, stream)
    if declared is not None and declared > limits.max_duration_s:
        raise AudioError("too_long", _too_long_msg(declared, limits))
    fmt = str(container.format.name)
    if fmt == "ogg" and ogg_is_truncated(tail_source):
        raise AudioError("corrupt", "The audio file is truncated (incomplete last Ogg page).")

    max_samples = int(limits.max_duration_s * SAMPLE_RATE)
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    chunks: list[npt.NDArray[np.float32]] = []
    total = 0
    try:
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                arr = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
                chunks.append(arr)
                total += len(arr)
            if total > max_samples:
                raise AudioError("too_long", _too_long_msg(total / SAMPLE_RATE, limits))
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1).astype(np.float32, copy=False))
    except av.error.DecoderNotFoundError as exc:
        raise AudioError("unsupported_codec", f"The audio codec '{codec}' is not supported.") from exc
    except av.error.FFmpegError as exc:
        raise AudioError("corrupt", f"The audio file is damaged ({exc}).") from exc

    samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    if samples.size == 0:
        raise AudioError("empty", "The file contains no audio samples.")
    decoded_s = samples.size / SAMPLE_RATE
    if declared is not None and decoded_s < 0.9 * declared - 0.5:
        raise AudioError(
            "corrupt", f"The audio file is truncated: {decoded_s:.1f} s of {declared:.1f} s could be decoded."
        )
    if _is_silent(samples, limits.silence_dbfs):
        raise AudioError("silent", "The recording is silent; no speech was found.")
    return DecodedAudio(samples=samples, container=fmt, codec=codec)


def _fmt_seconds(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def _too_long_msg(seconds: float, limits: AudioLimits) -> str:
    return f"The recording is {_fmt_seconds(seconds)} long; the limit is {_fmt_seconds(limits.max_duration_s)}."


def _is_silent(samples: npt.NDArray[np.float32], silence_dbfs: float) -> bool:
    n = samples.size // _FRAME * _FRAME
    frames = samples[:n].reshape(-1, _FRAME) if n else samples.reshape(1, -1)
    loudest = float(np.sqrt(np.mean(np.square(frames, dtype=np.float64), axis=1)).max())
    return loudest < 10 ** (silence_dbfs / 20)

"""One job's transcription (blocking, CPU-bound: the worker runs it in its bounded executor).

On top of `Transcriber.transcribe` this adds what a chat job needs:
- the language: the caller's, else detection among the team's languages, with the user's own language
  winning when detection is unsure;
- hotwords fit for that language (an English-only model given Chinese names writes them into English
  speech: "Visited Northwind Traders today, 星辰科技");
- long notes cut into chunks at quiet moments, so progress can be reported and a restart resumes after
  the last finished chunk instead of from the start.
"""

from __future__ import annotations

import io
import itertools
import logging
import time
import wave
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.voice import AudioError, AudioLimits, Transcriber, TranscriptionResult
from bot.voice.types import SAMPLE_RATE
from core.services.voice_jobs import Transcribed

log = logging.getLogger(__name__)

Samples = npt.NDArray[np.float32]

CHUNK_SECONDS = 60.0
# Look this far around each cut for the quietest moment (a pause between words, ideally between sentences).
CUT_SEARCH_SECONDS = 8.0
# Notes up to this long go to the engine whole (one call, no re-encoding).
WHOLE_NOTE_SECONDS = 90.0
UNSURE_LANGUAGE = 0.6
_FRAME = SAMPLE_RATE // 10  # 100 ms windows when looking for a pause


@dataclass(frozen=True)
class ChunkDone:
    index: int
    text: str
    end_seconds: float
    duration: float
    language: str


def is_cjk_text(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def hotwords_for(names: Sequence[str], language: str | None) -> list[str]:
    """Names for the decoder prompt: Chinese names only where the decode may be Chinese."""
    if language == "en":
        return [n for n in names if not is_cjk_text(n)]
    return list(names)


def plan_chunks(n_samples: int, samples: Samples | None = None, *, chunk_seconds: float = CHUNK_SECONDS,
                whole_seconds: float = WHOLE_NOTE_SECONDS) -> list[tuple[int, int]]:
    """(start, end) sample ranges; one range for a short note. Cuts land on the quietest 100 ms nearby."""
    if n_samples <= whole_seconds * SAMPLE_RATE:
        return [(0, n_samples)]
    target = int(chunk_seconds * SAMPLE_RATE)
    search = int(CUT_SEARCH_SECONDS * SAMPLE_RATE)
    cuts = [0]
    while n_samples - cuts[-1] > target + search:
        ideal = cuts[-1] + target
        cut = ideal if samples is None else _quietest(samples, ideal - search, ideal + search)
        cuts.append(cut)
    cuts.append(n_samples)
    return list(itertools.pairwise(cuts))


def _quietest(samples: Samples, start: int, end: int) -> int:
    window = samples[start:end]
    frames = len(window) // _FRAME
    if frames < 2:
        return (start + end) // 2
    energy = np.square(window[: frames * _FRAME].reshape(frames, _FRAME)).mean(axis=1)
    return start + int(np.argmin(energy)) * _FRAME + _FRAME // 2


def wav_bytes(samples: Samples) -> bytes:
    """16 kHz mono 16-bit WAV, the cheapest container the engine decodes without loss that matters."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def choose_language(transcriber: Transcriber, samples: Samples, *, language: str | None,
                    allowed: Collection[str], user_language: str | None) -> str | None:
    """The decode language: given; the only allowed one; detected (only among `allowed`); the user's if unsure.

    None leaves detection to the engine (a transcriber without a separate detection step).
    """
    if language:
        return language
    allowed_set = sorted(set(allowed))
    if len(allowed_set) == 1:
        return allowed_set[0]
    detect = getattr(transcriber, "detect_language", None)
    if detect is None:
        return None
    detected, probability = detect(samples, allowed_set)
    if probability is not None and probability < UNSURE_LANGUAGE and user_language in allowed_set:
        log.info("language detection unsure (%s %.2f); using the user's %s", detected, probability, user_language)
        return user_language
    return str(detected)


def transcribe_note(
    transcriber: Transcriber,
    audio: bytes,
    *,
    long_transcriber: Callable[[float], Transcriber] | None = None,
    limits: AudioLimits,
    language: str | None,
    allowed: Collection[str],
    user_language: str | None,
    names: Sequence[str],
    done: Sequence[str] = (),
    on_chunk: Callable[[ChunkDone], None] | None = None,
    chunk_seconds: float = CHUNK_SECONDS,
    whole_seconds: float = WHOLE_NOTE_SECONDS,
) -> Transcribed:
    """Validate, pick the language, transcribe (chunk by chunk when long). Raises AudioError for bad input.

    `done`: texts of chunks a previous attempt finished — those chunks are skipped. `long_transcriber` picks
    the transcriber by the note's duration (language detection always uses `transcriber`).
    """
    from bot.voice.audio import load_audio  # PyAV loads on first use, in the worker thread

    started = time.perf_counter()
    decoded = load_audio(audio, limits)
    samples = decoded.samples
    duration = decoded.duration
    lang = choose_language(transcriber, samples, language=language, allowed=allowed, user_language=user_language)
    hotwords = hotwords_for(names, lang)
    decoder = long_transcriber(duration) if long_transcriber is not None else transcriber
    ranges = plan_chunks(len(samples), samples, chunk_seconds=chunk_seconds, whole_seconds=whole_seconds)
    if len(ranges) == 1:
        result = decoder.transcribe(audio, language=lang, allowed_languages=allowed, hotwords=hotwords)
        if on_chunk is not None:
            on_chunk(ChunkDone(0, result.text, duration, duration, result.language))
        return Transcribed(result.text, result.language, duration, time.perf_counter() - started, result.model,
                             result.backend)
    texts = list(done[: len(ranges)])
    last: TranscriptionResult | None = None
    for index, (start, end) in enumerate(ranges):
        if index < len(texts):
            continue
        try:
            last = decoder.transcribe(wav_bytes(samples[start:end]), language=lang, allowed_languages=allowed,
                                      hotwords=hotwords)
            text = last.text.strip()
            lang = lang or last.language
        except AudioError as exc:
            if exc.reason != "silent":
                raise
            text = ""  # a pause longer than a chunk
        texts.append(text)
        if on_chunk is not None:
            on_chunk(ChunkDone(index, text, end / SAMPLE_RATE, duration, lang or ""))
    joiner = "" if lang == "zh" else " "
    model = last.model if last is not None else ""
    backend = last.backend if last is not None else decoder.backend
    return Transcribed(joiner.join(t for t in texts if t).strip(), lang or "", duration,
                         time.perf_counter() - started, model, backend)

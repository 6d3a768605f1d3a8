"""What a voice job says: the acknowledgement, progress, the transcript line, and one clear reply per failure."""

from __future__ import annotations

from bot.voice import AudioLimits
from core.i18n import t
from core.outbound import Reply

# Failure reasons besides AudioError's (empty, silent, corrupt, not_audio, too_long, too_large, unsupported_codec).
FETCH_FAILED = "fetch_failed"
MODEL_UNAVAILABLE = "model_unavailable"
INTERNAL = "internal"
TRANSCRIPT_ON_CARD = 600


def clock(seconds: float) -> str:
    """0:07, 1:30, 12:05 — how long a note is, as a phone shows it."""
    total = max(0, round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def received(lang: str, declared_seconds: float | None, long_note_seconds: float) -> Reply:
    if declared_seconds and declared_seconds > long_note_seconds:
        text = t(lang, "voice.received_long", length=clock(declared_seconds))
    elif declared_seconds:
        text = t(lang, "voice.received_length", length=clock(declared_seconds))
    else:
        text = t(lang, "voice.received")
    return Reply(text=text, private=False)


def progress(lang: str, done_seconds: float, total_seconds: float) -> Reply:
    return Reply(text=t(lang, "voice.progress", done=clock(done_seconds), total=clock(total_seconds)), private=False)


def failure(lang: str, reason: str, limits: AudioLimits) -> Reply:
    """One reply per reason, in the user's language, saying what to do."""
    params: dict[str, object] = {}
    if reason == "too_long":
        params["limit"] = f"{round(limits.max_duration_s / 60, 1):g}"
    elif reason == "too_large":
        params["limit_mb"] = f"{round(limits.max_bytes / 2**20, 1):g}"
    key = f"voice.error.{reason}"
    try:
        text = t(lang, key, **params)
    except KeyError:
        text = t(lang, f"voice.error.{INTERNAL}")
    return Reply(text=text, private=False)


def transcript_line(lang: str, transcript: str, limit: int = TRANSCRIPT_ON_CARD) -> str:
    shown = transcript if len(transcript) <= limit else transcript[:limit].rstrip() + "…"
    return t(lang, "voice.transcript", text=shown)


def not_understood(lang: str, transcript: str) -> Reply:
    if not transcript.strip():
        return Reply(text=t(lang, "voice.heard_nothing"), private=False)
    return Reply(text=transcript_line(lang, transcript) + "\n" + t(lang, "voice.not_understood"))

"""Voice-job settings in one place: the speech section of the settings (SALESBOT_STT_*, SALESBOT_WHISPER_MODEL,
SALESBOT_VOICE_*, …) and the VoiceConfig bootstrap builds from it (tests build VoiceConfig directly)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings

from bot.voice import AudioLimits
from bot.voice.transcriber import available_cores, bounded_threads
from core.services.voice_jobs import DEFAULT_LEASE
from core.settings import section_config


class VoiceSettings(BaseSettings):
    """Voice notes (docs/voice.md). The model loads on the first transcription, never at import or bootstrap."""

    model_config = section_config()

    stt_backend: Literal["faster-whisper", "openai-whisper"] = "faster-whisper"
    whisper_model: str | None = None  # None: en=tiny.en, zh/auto=base; or "small", "en=base", a path
    stt_threads: int = Field(default=0, ge=0)  # CPU threads per transcription; 0: all cores
    voice_max_minutes: float = Field(default=15, gt=0)
    voice_long_note_seconds: float = Field(default=45, gt=0)  # longer notes become meeting minutes
    audio_retention_days: int = Field(default=30, ge=0)  # 0: audio is deleted once its note is processed
    team_languages: str = "en,zh"  # language detection chooses only among these

    @field_validator("team_languages")
    @classmethod
    def _language_list(cls, value: str) -> str:
        codes = [code.strip().lower() for code in value.replace(";", ",").split(",") if code.strip()]
        if not codes or not all(len(code) == 2 and code.isalpha() for code in codes):
            raise ValueError(f"expected comma-separated ISO 639-1 codes such as 'en,zh', got {value!r}")
        return ",".join(dict.fromkeys(codes))

    @property
    def team_language_list(self) -> tuple[str, ...]:
        return tuple(self.team_languages.split(","))


@dataclass(frozen=True)
class VoiceConfig:
    backend: str = "faster-whisper"
    model: str | None = None
    # Notes longer than long_note_seconds (minutes): with the default models, English goes to `base` — tiny.en
    # given names to listen for skipped the opening of a 50 s meeting note; base got every name (docs/voice.md).
    long_note_model: str | None = "en=base"
    data_dir: Path = Path("data")
    threads: int = 0  # per transcription; 0: all cores
    limits: AudioLimits = field(default_factory=AudioLimits)
    long_note_seconds: float = 45.0
    retention: timedelta = timedelta(days=30)
    team_languages: tuple[str, ...] = ("en", "zh")
    # Progress messages on long notes: at most one per this many seconds of waiting (0: after every chunk).
    progress_every: float = 10.0
    lease: timedelta = DEFAULT_LEASE
    chunk_seconds: float = 60.0
    whole_note_seconds: float = 90.0
    allow_download: bool = True

    @classmethod
    def from_settings(cls, settings: VoiceSettings, *, data_dir: Path, max_upload_mb: int) -> VoiceConfig:
        return cls(
            backend=settings.stt_backend,
            model=settings.whisper_model or None,
            long_note_model=None if settings.whisper_model else "en=base",
            data_dir=data_dir,
            threads=settings.stt_threads,
            limits=AudioLimits(max_duration_s=settings.voice_max_minutes * 60.0,
                               max_bytes=int(max_upload_mb * 1024 * 1024)),
            long_note_seconds=settings.voice_long_note_seconds,
            retention=timedelta(days=settings.audio_retention_days),
            team_languages=settings.team_language_list,
        )

    @property
    def cpu_threads(self) -> int:
        return bounded_threads(self.threads or None)

    @property
    def slots(self) -> int:
        """Transcriptions at once: never more CPU threads in use than the machine has cores."""
        return max(1, available_cores() // self.cpu_threads)

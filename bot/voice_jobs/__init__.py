"""Voice notes as durable jobs: intake, a bounded worker pool, and the transcript → intent → proposal pipeline.

    service = VoiceService(core, VoiceConfig.from_settings(settings), conversation, parser)
    replies = service.accept(message, user_id, language)      # "🎙 transcribing…", the job is stored
    await VoiceWorker(service).run(stop)                      # claims jobs, transcribes, proposes

Channels whose audio URLs need credentials register `fetch_audio(ref) -> bytes` (see `fetch.FetchesAudio`);
`service.on_delivered` is called (thread-safe) when replies were queued in the outbox.
Importing this package loads no model.
"""

from __future__ import annotations

from bot.voice_jobs.config import VoiceConfig
from bot.voice_jobs.fetch import AudioFetcher, FetchError, FetchesAudio, channel_fetchers, file_fetcher, http_fetcher
from bot.voice_jobs.service import VOICE_ACTION, VoiceService
from bot.voice_jobs.steps import JobView
from bot.voice_jobs.worker import VoiceWorker

__all__ = [
    "VOICE_ACTION",
    "AudioFetcher",
    "FetchError",
    "FetchesAudio",
    "JobView",
    "VoiceConfig",
    "VoiceService",
    "VoiceWorker",
    "channel_fetchers",
    "file_fetcher",
    "http_fetcher",
]

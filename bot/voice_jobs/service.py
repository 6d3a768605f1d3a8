"""Voice notes as durable jobs: accepted at once, then fetched → transcribed → understood → proposed.

`accept` (called by the assistant for a message with audio) stores a job and answers "🎙 transcribing…";
a `VoiceWorker` claims jobs and runs `process`, whose steps each commit their result, so a restart resumes a
job where it stopped. The last step runs the conversation turn (action "voice:<job id>") and queues its
replies in the outbox in the same transaction that marks the job done: a job proposes exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bot.conversation import MIN_CONFIDENCE, Conversation, Turn
from bot.intents.base import IntentParser, ParseContext
from bot.intents.schema import LogInteraction, dump
from bot.messages import AudioRef, IncomingMessage
from bot.minutes import MinutesContext, MinutesExtractor, wants_minutes
from bot.voice import AudioError, ModelUnavailableError, Transcriber, VoiceError, build_transcriber
from bot.voice_jobs import steps, texts
from bot.voice_jobs.config import VoiceConfig
from bot.voice_jobs.fetch import AudioFetcher, FetchError, file_fetcher
from bot.voice_jobs.joined import JoinedGateway
from bot.voice_jobs.steps import JobView, LeaseLost
from bot.voice_jobs.transcribe import ChunkDone, transcribe_note
from core.context import CoreGateway
from core.outbound import Reply, reply_payload
from core.services import minutes as minutes_store
from core.services import voice_jobs
from core.services.voice_jobs import MAX_ATTEMPTS, AudioSource, Claim

log = logging.getLogger(__name__)

VOICE_ACTION = "voice"


class VoiceService:
    def __init__(self, core: CoreGateway, config: VoiceConfig, conversation: Conversation, parser: IntentParser,
                 *, minutes: MinutesExtractor | None = None, transcriber: Transcriber | None = None,
                 long_transcriber: Transcriber | None = None) -> None:
        self.core = core
        self.config = config
        self.conversation = conversation
        self.parser = parser
        self.minutes = minutes or MinutesExtractor()
        self._transcriber = transcriber
        # Given a transcriber (tests, bench), long notes use it too unless a long-note one is given as well.
        self._long_transcriber = long_transcriber or transcriber
        self._transcriber_lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self.fetchers: dict[str, AudioFetcher] = {"console": file_fetcher(config.limits.max_bytes)}
        # Set by whoever runs the outbox: called (on the event loop) once a job queued replies there.
        self.on_delivered: Callable[[], None] = lambda: None
        self._model_error_logged = False

    # -- wiring ------------------------------------------------------------------------------------------

    @property
    def transcriber(self) -> Transcriber:
        """Built on first use; its model loads on the first transcription (or `check_model`)."""
        with self._transcriber_lock:
            if self._transcriber is None:
                self._transcriber = build_transcriber(
                    self.config.backend, self.config.model, self.config.data_dir, self.config.threads or None,
                    limits=self.config.limits, allow_download=self.config.allow_download)
            return self._transcriber

    def transcriber_for(self, duration: float) -> Transcriber:
        """The transcriber for a note of this length (long notes may use a sturdier model; see VoiceConfig)."""
        if duration <= self.config.long_note_seconds or not self.config.long_note_model:
            return self.transcriber
        with self._transcriber_lock:
            if self._long_transcriber is None:
                self._long_transcriber = build_transcriber(
                    self.config.backend, self.config.long_note_model, self.config.data_dir,
                    self.config.threads or None, limits=self.config.limits, allow_download=self.config.allow_download)
            return self._long_transcriber

    @property
    def executor(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=self.config.slots, thread_name_prefix="stt")
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def register_fetcher(self, channel: str, fetcher: AudioFetcher) -> None:
        self.fetchers[channel] = fetcher

    def check_model(self, languages: tuple[str, ...] = ("auto",)) -> str | None:
        """Load the models serving `languages`; the error message (naming the fix) if one cannot be loaded."""
        try:
            self.transcriber.warm_up(languages)
        except VoiceError as exc:
            return str(exc)
        return None

    # -- intake --------------------------------------------------------------------------------------------

    def accept(self, message: IncomingMessage, user_id: int, language: str) -> list[Reply]:
        """Store the note as a job and answer at once (blocking: the assistant calls it from a thread)."""
        ref = message.audio
        assert ref is not None
        limits = self.config.limits
        early = None
        if ref.size is not None and ref.size > limits.max_bytes:
            early = "too_large"
        elif ref.duration is not None and ref.duration > limits.max_duration_s:
            early = "too_long"
        with self.core.system() as system:
            job = voice_jobs.create(
                system, user_id=user_id, channel=message.channel, chat_id=message.chat_id,
                conversation_id=message.conversation_id or message.chat_id, is_group=message.is_group,
                message_id=message.message_id, source=_source(ref))
            if early is not None:
                # Refused before download: the job records why; the caller delivers the reply.
                reply = texts.failure(language, early, limits)
                voice_jobs.fail(system, job, reason=early, detail="declared by the platform",
                                replies=[reply_payload(reply)], deliveries=[])
                return [reply]
        # No wake-up from here: the server wakes the worker once the acknowledgement is queued (so it is
        # delivered before anything the job says); the worker's poll finds the job otherwise.
        return [texts.received(language, ref.duration, self.config.long_note_seconds)]

    # -- processing ----------------------------------------------------------------------------------------

    def claim_next(self, channels: list[str] | None) -> Claim | None:
        with self.core.system() as system:
            return voice_jobs.claim_next(system, lease=self.config.lease, channels=channels)

    def claim(self, job_id: int) -> Claim | None:
        with self.core.system() as system:
            return voice_jobs.claim(system, job_id, lease=self.config.lease)

    async def process(self, claim: Claim) -> None:
        """Run a claimed job to its end (done or failed), or give it back for a retry."""
        loop = asyncio.get_running_loop()
        delivered = _threadsafe(loop, self.on_delivered)
        renewing = asyncio.create_task(self._keep_lease(claim))
        try:
            job = await asyncio.to_thread(steps.load, self.core, claim)
            if not job.has_audio:
                await self._fetch(claim, job)
            if job.transcript is None:
                await loop.run_in_executor(self.executor, self._transcribe, claim, delivered)
            if not job.understood:
                await asyncio.to_thread(self._understand, claim)
            await asyncio.to_thread(self._finish, claim)
            delivered()
        except LeaseLost:
            log.info("voice job %s: lease lost; another worker has it", claim.job_id)
        except Exception as exc:
            try:
                await self._failed(claim, exc)
            except Exception:  # the database is gone too: the lease runs out and the job is retried
                log.exception("voice job %s: could not record the failure", claim.job_id)
            delivered()
        finally:
            renewing.cancel()

    async def _keep_lease(self, claim: Claim) -> None:
        interval = max(1.0, self.config.lease.total_seconds() / 3)
        while True:
            await asyncio.sleep(interval)
            try:
                if not await asyncio.to_thread(steps.renew, self.core, claim):
                    return  # lost: the next step notices (LeaseLost) and stops
            except Exception:  # the database is unreachable: the steps will fail and retry; keep trying
                log.warning("voice job %s: could not renew its lease", claim.job_id, exc_info=True)

    async def _fetch(self, claim: Claim, job: JobView) -> None:
        fetcher = self.fetchers.get(job.channel)
        if fetcher is None or not job.source_url:
            raise FetchError(f"no way to fetch audio for channel {job.channel!r}", permanent=True)
        ref = AudioRef(job.source_url, job.mime_type, job.size_bytes, job.declared_seconds, job.file_name)
        try:
            data = await fetcher(ref)
        except FetchError:
            raise
        except Exception as exc:  # a channel's own fetch error: the download failed, whatever its type
            raise FetchError(f"{type(exc).__name__}: {exc}", too_large="too large" in str(exc)) from exc
        if not data:
            raise AudioError("empty", "The audio file is empty (0 bytes).")
        if len(data) > self.config.limits.max_bytes:
            raise FetchError("over the size limit", too_large=True, permanent=True)
        await asyncio.to_thread(steps.store_audio, self.core, claim, data)

    def _transcribe(self, claim: Claim, delivered: Callable[[], None]) -> None:
        job = steps.load(self.core, claim)
        data = steps.audio(self.core, job.id)
        user = self._user(job.user_id)
        last_progress = [time.monotonic()]  # wall time between progress messages, not the domain clock

        def on_chunk(chunk: ChunkDone) -> None:
            if self._save_chunk(claim, chunk, user.language, last_progress):
                delivered()

        names = [name for entry in user.vocabulary for name in (entry.spoken, *entry.contacts)]
        result = transcribe_note(
            self.transcriber, data, long_transcriber=self.transcriber_for, limits=self.config.limits, language=None,
            allowed=self.config.team_languages, user_language=user.language, names=names, done=job.chunks,
            on_chunk=on_chunk, chunk_seconds=self.config.chunk_seconds, whole_seconds=self.config.whole_note_seconds)
        with self.core.system() as system:
            row = steps.owned(system, claim)
            if not result.model:
                result = dataclasses.replace(result, model=row.model or "")
            voice_jobs.save_transcript(system, row, result)

    def _save_chunk(self, claim: Claim, chunk: ChunkDone, lang: str, last_progress: list[float]) -> bool:
        """Record a finished chunk; on a long note, also queue a progress message now and then."""
        sent = False
        with self.core.system() as system:
            job = steps.owned(system, claim)
            voice_jobs.save_chunk(system, job, chunk.text, chunk.end_seconds, language=chunk.language,
                                  duration=chunk.duration)
            due = time.monotonic() - last_progress[0] >= self.config.progress_every
            if chunk.duration > self.config.long_note_seconds and chunk.end_seconds < chunk.duration and due:
                number = voice_jobs.note_progress(system, job)
                reply = texts.progress(lang, chunk.end_seconds, chunk.duration)
                voice_jobs.deliver(system, steps.deliveries(job, [reply], f"progress:{number}", lang))
                last_progress[0] = time.monotonic()
                sent = True
        return sent

    def _understand(self, claim: Claim) -> None:
        """Transcript → minutes (long, or called minutes) or one command; stored on the job before proposing."""
        job = steps.load(self.core, claim)
        transcript = job.transcript or ""
        user = self._user(job.user_id)
        now = self.core.clock.now()
        customer_names = tuple(entry.customer for entry in user.vocabulary)
        if transcript and wants_minutes(transcript, job.duration or 0.0, self.config.long_note_seconds):
            context = MinutesContext(now, user.timezone, job.language or user.language, customer_names,
                                     tuple(c for entry in user.vocabulary for c in entry.contacts), user.name,
                                     user.team)
            # Outside any transaction: an LLM may take a while, and SQLite would hold its write lock meanwhile.
            minutes, how = self.minutes.extract(transcript, context)
            with self.core.system() as system:
                row = steps.owned(system, claim)
                stored = minutes_store.create(system, row, language=context.language, extractor=how,
                                              data=minutes.dump(), selected=list(range(1, len(minutes.items()) + 1)))
                command = LogInteraction(channel="meeting", customer=minutes.customer or None)
                voice_jobs.save_understanding(system, row, "minutes", dump(command),
                                              {"voice_job_id": row.id, "minutes_id": stored.id})
            return
        parsed = self.parser.parse(transcript, ParseContext(now=now, timezone=user.timezone, language=user.language,
                                                            customer_names=customer_names)) if transcript else None
        understood = parsed is not None and parsed.command.intent not in ("unknown", "cancel") \
            and parsed.confidence >= MIN_CONFIDENCE
        with self.core.system() as system:
            row = steps.owned(system, claim)
            if understood and parsed is not None:
                voice_jobs.save_understanding(system, row, "note", dump(parsed.command), {"voice_job_id": row.id})
            else:
                voice_jobs.save_understanding(system, row, "note", None, None)

    def _finish(self, claim: Claim) -> None:
        """The conversation turn and its replies, queued, and the job done — one transaction."""
        with self.core.system() as system:
            job = steps.owned(system, claim)
            lang = steps.user_language(system, job.user_id, self.core.defaults.language)
            transcript = job.transcript or ""
            if job.command is None:
                replies = [texts.not_understood(lang, transcript)]
            else:
                joined = copy.copy(self.conversation)  # the same engine, its units joined to this transaction
                joined.core = JoinedGateway(self.core, system)
                turn = Turn(job.user_id, job.channel, job.conversation_id, transcript,
                            action=f"{VOICE_ACTION}:{job.id}", source="voice")
                replies = joined.handle(turn)
                if job.mode == "note" and replies:
                    # The card shows what was heard, so a misheard name is caught before confirming.
                    first = replies[0]
                    replies[0] = first.model_copy(
                        update={"text": texts.transcript_line(lang, transcript) + "\n\n" + first.text})
            voice_jobs.complete(system, job, replies=[reply_payload(r) for r in replies],
                                deliveries=steps.deliveries(job, replies, "reply", lang),
                                retention=self.config.retention)

    async def _failed(self, claim: Claim, exc: Exception) -> None:
        lang = await asyncio.to_thread(self._language_of_job, claim.job_id)
        reason, detail, retry = _classify(exc)
        if reason == texts.MODEL_UNAVAILABLE and not self._model_error_logged:
            self._model_error_logged = True
            log.error("voice notes cannot be transcribed: %s", exc)
        elif reason == texts.INTERNAL:
            log.error("voice job %s failed (attempt %s)", claim.job_id, claim.attempts, exc_info=exc)
        if retry and claim.attempts < MAX_ATTEMPTS:
            delay = min(60.0, 2.0 ** claim.attempts)
            await asyncio.to_thread(steps.release, self.core, claim, delay, detail)
            return
        reply = texts.failure(lang, reason, self.config.limits)
        await asyncio.to_thread(steps.fail, self.core, claim, reply, reason, detail)

    # -- reading ---------------------------------------------------------------------------------------

    def view(self, job_id: int) -> JobView | None:
        return steps.view(self.core, job_id)

    def job_for_message(self, channel: str, message_id: str) -> int | None:
        with self.core.system() as system:
            job = voice_jobs.job_for_message(system, channel, message_id)
            return None if job is None else job.id

    def purge_audio(self) -> int:
        with self.core.system() as system:
            return voice_jobs.purge_expired_audio(system)

    def _language_of_job(self, job_id: int) -> str:
        with self.core.system() as system:
            job = voice_jobs.get(system, job_id)
            if job is None:
                return self.core.defaults.language
            return steps.user_language(system, job.user_id, self.core.defaults.language)

    def _user(self, user_id: int) -> UserContext:
        with self.core.unit(user_id) as ctx:
            return UserContext(ctx.actor.language, ctx.actor.timezone, ctx.actor.name,
                               voice_jobs.vocabulary(ctx), tuple(voice_jobs.team_names(ctx)))


@dataclass(frozen=True)
class UserContext:
    """Who the note is from, as transcription and understanding need it (read once per step, as the user)."""

    language: str
    timezone: str
    name: str
    vocabulary: list[voice_jobs.VocabularyEntry]
    team: tuple[str, ...]


def _source(ref: AudioRef) -> AudioSource:
    return AudioSource(ref.url, ref.mime_type, ref.size, ref.duration, ref.file_name)


def _classify(exc: Exception) -> tuple[str, str, bool]:
    """(reason, detail, worth retrying) for a failed step."""
    if isinstance(exc, AudioError):
        return exc.reason, exc.message, False
    if isinstance(exc, ModelUnavailableError):
        return texts.MODEL_UNAVAILABLE, str(exc), False
    if isinstance(exc, FetchError):
        if exc.too_large:
            return "too_large", str(exc), False
        return texts.FETCH_FAILED, str(exc), not exc.permanent
    if isinstance(exc, VoiceError):
        return texts.INTERNAL, f"{type(exc).__name__}: {exc}", True
    return texts.INTERNAL, f"{type(exc).__name__}: {exc}"[:2000], True


def _threadsafe(loop: asyncio.AbstractEventLoop, callback: Callable[[], None]) -> Callable[[], None]:
    def call() -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closing: the next round picks the rows up anyway
            loop.call_soon_threadsafe(callback)

    return call


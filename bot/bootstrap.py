"""The composition root: settings → engine → core → parser → conversation → assistant (→ channels, jobs)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from bot.assistant import Assistant
from bot.attachments_intake import AttachmentIntake
from bot.conversation import Conversation
from bot.handlers import default_actions, default_handlers, default_slash_commands
from bot.intents.base import IntentParser
from bot.intents.llm import LLMSettings, build_chat_model, build_llm_parser
from bot.intents.llm.polish import report_polisher
from bot.minutes import MinutesExtractor
from bot.settings import Settings
from bot.voice_jobs import VoiceConfig, VoiceService
from core.clock import Clock, SystemClock
from core.context import CoreGateway, Defaults
from core.datadir import ensure_data_dir
from core.db import check_schema, make_engine, make_session_factory, upgrade
from core.redaction import install as install_redaction


@dataclass
class App:
    settings: Settings
    engine: Engine
    core: CoreGateway
    parser: IntentParser
    assistant: Assistant
    # Voice notes → jobs (the model loads on the first transcription; the worker runs in serve / the console).
    voice: VoiceService | None = None
    # Turns the offline daily-report draft into prose when an LLM is configured (None: the draft as is).
    polisher: Callable[[str, str], str] | None = None

    def close(self) -> None:
        if self.voice is not None:
            self.voice.close()
        self.engine.dispose()


def llm_settings(settings: Settings) -> LLMSettings:
    return settings.llm


def build_parser(llm: LLMSettings) -> IntentParser:
    """Rules first; the configured chat model (if any) for what they cannot parse."""
    from bot.intents.router import Router
    from bot.intents.rules import RuleParser

    return Router(RuleParser(), build_llm_parser(llm))


def chat_model(llm: LLMSettings) -> Any | None:
    """The configured LangChain chat model, or None (offline); constructing one connects nothing."""
    if not llm.enabled:
        return None
    try:
        return build_chat_model(llm)
    except (ValueError, ImportError) as exc:
        logging.getLogger(__name__).warning("the LLM cannot be built, working offline (%s)", exc)
        return None


def bootstrap(settings: Settings | None = None, *, clock: Clock | None = None, migrate: bool | None = None) -> App:
    settings = settings or Settings()
    # Before anything can log: no configured token, secret or API key ever reaches a log line.
    install_redaction(settings.secrets())
    core_settings = settings.core
    ensure_data_dir(core_settings.data_dir)  # 0700, before anything (database, models, images) goes in it
    engine = make_engine(core_settings.resolved_database_url, data_dir=core_settings.data_dir)
    try:
        if core_settings.auto_migrate if migrate is None else migrate:
            upgrade(engine)
        else:
            check_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    defaults = Defaults(core_settings.default_currency, core_settings.default_timezone,
                        core_settings.default_language, core_settings.data_dir, core_settings.public_url,
                        settings.scoring.intent_config())
    core = CoreGateway(make_session_factory(engine), clock or SystemClock(), defaults)
    llm = llm_settings(settings)
    model = chat_model(llm)
    parser = build_parser(llm)
    conversation = Conversation(core, parser, default_handlers(), default_actions(), default_slash_commands())
    minutes = MinutesExtractor() if model is None else MinutesExtractor(model, timeout=max(30.0, 4 * llm.timeout))
    voice_config = VoiceConfig.from_settings(settings.voice, data_dir=core_settings.data_dir,
                                             max_upload_mb=settings.channels.max_upload_mb)
    voice = VoiceService(core, voice_config, conversation, parser, minutes=minutes)
    files = AttachmentIntake(core, max_bytes=settings.channels.max_upload_mb * 1024 * 1024)
    assistant = Assistant(core, conversation, core_settings.default_language, voice=voice, files=files)
    polisher = None if model is None else report_polisher(model, timeout=llm.timeout)
    return App(settings, engine, core, parser, assistant, voice, polisher)

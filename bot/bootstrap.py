"""The composition root: settings → engine → core → parser → conversation → assistant (→ channels, jobs)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from bot.assistant import Assistant
from bot.conversation import Conversation
from bot.handlers import default_actions, default_handlers, default_slash_commands
from bot.intents.base import IntentParser
from core.clock import Clock, SystemClock
from core.context import CoreGateway, Defaults
from core.db import check_schema, make_engine, make_session_factory, upgrade
from core.settings import Settings


@dataclass
class App:
    settings: Settings
    engine: Engine
    core: CoreGateway
    parser: IntentParser
    assistant: Assistant

    def close(self) -> None:
        self.engine.dispose()


def build_parser(settings: Settings) -> IntentParser:
    from bot.intents.router import Router
    from bot.intents.rules import RuleParser

    return Router(RuleParser())


def bootstrap(settings: Settings | None = None, *, clock: Clock | None = None, migrate: bool | None = None) -> App:
    settings = settings or Settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        if settings.auto_migrate if migrate is None else migrate:
            upgrade(engine)
        else:
            check_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    defaults = Defaults(settings.default_currency, settings.default_timezone, settings.default_language)
    core = CoreGateway(make_session_factory(engine), clock or SystemClock(), defaults)
    parser = build_parser(settings)
    conversation = Conversation(core, parser, default_handlers(), default_actions(), default_slash_commands())
    return App(settings, engine, core, parser, Assistant(core, conversation, settings.default_language))

"""Helpers the CLI commands share: building the app with an optional fixed clock."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from bot.bootstrap import App, bootstrap
from bot.intents.base import IntentParser
from bot.settings import Settings
from core.clock import Clock, FixedClock, SystemClock
from core.db import DatabaseError
from core.errors import DomainError
from core.services.customers import CustomerName
from core.settings import ConfigError
from core.timeutil import zone


def parse_now(value: str | None, tz: str) -> Clock:
    """`--now 2026-11-25T10:00` (in the default zone unless an offset is given) fixes the clock."""
    if not value:
        return SystemClock()
    try:
        instant = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO-8601 date/time: {value!r}", param_hint="--now") from exc
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=zone(tz))
    return FixedClock(instant)


def build_app(now: str | None = None, *, migrate: bool | None = None) -> App:
    settings = Settings()
    return bootstrap(settings, clock=parse_now(now, settings.core.default_timezone), migrate=migrate)


F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """One clear line and a non-zero exit instead of a traceback, for the failures users can fix."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (DatabaseError, ConfigError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
            click.echo(f"error: invalid setting {where}: {first.get('msg')}", err=True)
            sys.exit(2)
        except DomainError as exc:
            from bot.conversation import render_error

            click.echo(f"error: {render_error('en', exc)}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


class CliServices:
    """What `salesbot parse` / `nlu-eval` take from the configured installation, read only when asked."""

    def __init__(self) -> None:
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = Settings()
        return self._settings

    @property
    def default_timezone(self) -> str:
        return self.settings.core.default_timezone

    def known_customer_names(self) -> list[CustomerName]:
        """Every customer (name and aliases) in the database — read without migrating it (parsing writes nothing)."""
        from core.clock import SystemClock
        from core.context import CoreGateway, Defaults
        from core.db import check_schema, make_engine, make_session_factory
        from core.services import customers

        engine = make_engine(self.settings.core.resolved_database_url)
        try:
            check_schema(engine)
            with CoreGateway(make_session_factory(engine), SystemClock(), Defaults()).system() as system:
                return customers.name_directory(system)
        finally:
            engine.dispose()

    def intent_parser(self) -> IntentParser:
        from bot.bootstrap import build_parser, llm_settings

        return build_parser(llm_settings(self.settings))

"""Helpers the CLI commands share: building the app with an optional fixed clock."""

from __future__ import annotations

import json
import re
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
from core.services import users
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


def acting_user(app: App, name: str) -> tuple[int, str]:
    """The user a `--as NAME` command acts for: their id and language (an unknown or inactive name is refused)."""
    with app.core.system() as system:
        user = users.require_by_name(system, name)
        if not user.active:
            raise click.ClickException(f"user {name} is inactive")
        return user.id, user.language


def build_app(now: str | None = None, *, migrate: bool | None = None) -> App:
    settings = Settings()
    return bootstrap(settings, clock=parse_now(now, settings.core.default_timezone), migrate=migrate)


F = TypeVar("F", bound=Callable[..., Any])


JSON_SETTING_EXAMPLES = {"notify_stale_days": '{"proposal": 5, "negotiation": 7}'}


def setting_name(field: str) -> str:
    return f"SALESBOT_{field.upper()}"


def error_line(exc: BaseException) -> str | None:
    """The one line (what is wrong, how to fix it) for a failure the user can fix, or None for a bug."""
    from pydantic_settings import SettingsError

    from core.datadir import DataDirError

    if isinstance(exc, DatabaseError | DataDirError | ConfigError):
        return f"error: {exc}"
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        loc = [str(p) for p in first.get("loc", ())]
        where = setting_name(loc[0]) if loc and exc.title == Settings.__name__ else ".".join(loc) or "settings"
        return f"error: invalid setting {where}: {first.get('msg')}"
    if isinstance(exc, SettingsError):
        match = re.search(r'field "([^"]+)"', str(exc))
        field = match.group(1) if match else None
        name = setting_name(field) if field else "a SALESBOT_* setting"
        example = JSON_SETTING_EXAMPLES.get(field or "", "")
        cause = exc.__cause__
        why = f"not valid JSON ({cause})" if isinstance(cause, json.JSONDecodeError) else str(cause or exc)
        return f"error: invalid setting {name}: {why}; it takes JSON" + (f", e.g. {example}" if example else "")
    if isinstance(exc, DomainError):
        from bot.error_text import render_error

        return f"error: {render_error('en', exc)}"
    return None


def friendly_errors(func: F) -> F:
    """One clear line and exit 2 instead of a traceback, for the failures users can fix."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            line = error_line(exc)
            if line is None:
                raise
            click.echo(line, err=True)
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

        engine = make_engine(self.settings.core.resolved_database_url, data_dir=self.settings.core.data_dir)
        try:
            check_schema(engine)
            with CoreGateway(make_session_factory(engine), SystemClock(), Defaults()).system() as system:
                return customers.name_directory(system)
        finally:
            engine.dispose()

    def intent_parser(self) -> IntentParser:
        from bot.bootstrap import build_parser, llm_settings

        return build_parser(llm_settings(self.settings))

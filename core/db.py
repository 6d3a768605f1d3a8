"""Engine, sessions and schema migrations (Alembic), with failures turned into one clear error."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from core.datadir import DataDirError, create_private_file, ensure_data_dir, is_within

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
URL_EXAMPLES = "sqlite:////var/lib/salesbot/salesbot.db or postgresql+psycopg://user:password@host:5432/salesbot"


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says why and what to do, in one line."""


def make_engine(url: str, *, data_dir: str | os.PathLike[str] | None = None) -> Engine:
    """An engine for `url`. A SQLite file is created 0600; its directory must exist, except the data dir
    (`data_dir`, or a directory inside it), which is created 0700. No other directory is ever created."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"SALESBOT_DATABASE_URL is not a database URL: use one like {URL_EXAMPLES}") from None
    kwargs: dict[str, Any] = {"future": True}
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(parsed, data_dir)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(url, **kwargs)
    except (NoSuchModuleError, ArgumentError, ImportError) as exc:
        shown = parsed.render_as_string(hide_password=True)
        raise DatabaseError(f"SALESBOT_DATABASE_URL {shown} names no database salesbot supports ({_short(exc)}): "
                            f"use one like {URL_EXAMPLES}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


def _prepare_sqlite_file(parsed: URL, data_dir: str | os.PathLike[str] | None) -> None:
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:") or parsed.query.get("uri"):
        return
    path = Path(database).absolute()
    directory = path.parent
    if not directory.is_dir():
        home = Path(data_dir).absolute() if data_dir is not None else None
        if home is None or not is_within(directory, home):
            raise DatabaseError(f"the SQLite database's directory {directory} does not exist: create it, or set "
                                "SALESBOT_DATABASE_URL to a file in an existing directory (unset, the database lives "
                                "in SALESBOT_DATA_DIR)")
        try:
            ensure_data_dir(home)
            for part in reversed([directory, *directory.parents]):
                if is_within(part, home) and part != home and not part.is_dir():
                    part.mkdir(mode=0o700)
        except (DataDirError, OSError) as exc:
            raise DatabaseError(str(exc) if isinstance(exc, DataDirError) else
                                f"cannot create {directory} ({exc.strerror})") from None
    try:
        create_private_file(path)  # SQLite gives its -wal and -shm files the database file's mode
    except OSError as exc:
        raise DatabaseError(f"cannot create the SQLite database {path} ({exc.strerror}): check the permissions of "
                            f"{directory}") from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling defers BEGIN; we issue it ourselves (see _sqlite_begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


READ_ONLY = "salesbot_read_only"


def _sqlite_begin_immediate(connection: Any) -> None:
    # Take the write lock at BEGIN so two confirmations of one proposal serialise instead of failing; a
    # read-only unit takes no lock (WAL readers never wait for writers, nor they for it).
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_only(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit that only reads: never commits, takes no write lock, and refuses to flush anything."""
    session = factory(autoflush=False)
    session.connection(execution_options={READ_ONLY: True})

    def refuse(*_: object) -> None:
        raise RuntimeError("a read-only unit of work tried to write")

    event.listen(session, "before_flush", refuse)
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def add_unless_exists(session: Session, row: object) -> bool:
    """Insert `row`; False (and nothing inserted) when it would break a unique key — someone stored it first.

    A savepoint keeps the surrounding transaction usable after the conflict.
    """
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision."""
    try:
        with engine.connect():
            pass  # a wrong host, password or option fails here, as one line, not as a migration error
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot reach the database ({_short(exc)}): check SALESBOT_DATABASE_URL") from exc
    try:
        command.upgrade(_alembic_config(engine), "head")
    except OperationalError as exc:
        raise DatabaseError(f"cannot reach the database ({_short(exc)})") from exc


def check_schema(engine: Engine) -> None:
    """Raise DatabaseError unless the database is reachable and at the newest revision."""
    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot reach the database ({_short(exc)})") from exc
    if current is None:
        raise DatabaseError("the database is not set up yet: run `salesbot db upgrade`")
    if current != head:
        raise DatabaseError(
            f"the database schema is at revision {current}, this version needs {head}: run `salesbot db upgrade`"
        )


def _short(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__

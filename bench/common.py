"""What the benchmarks (and the test database fixture) share: percentiles and a private PostgreSQL schema."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.db import make_engine


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@contextmanager
def private_schema(url: str | None, prefix: str = "bench") -> Iterator[str | None]:
    """On PostgreSQL, a schema of our own, dropped afterwards: concurrent runs never meet, nothing is left
    behind. Other databases (SQLite files, None) pass through unchanged."""
    if url is None or not url.startswith("postgresql"):
        yield url
        return
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

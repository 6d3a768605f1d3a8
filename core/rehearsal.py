"""A system unit whose work is always rolled back: what a dry run (`salesbot jobs run-due --dry-run`) computes,
renders and would queue, it never keeps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core.context import CoreGateway, SystemContext


@contextmanager
def rehearsal(core: CoreGateway) -> Iterator[SystemContext]:
    session = core.factory()
    try:
        yield SystemContext(session, core.clock, core.defaults)
    finally:
        session.rollback()
        session.close()

"""pytest fixtures for the fakes.

Import them into a conftest to use them (``pytest_plugins`` is only allowed in
the rootdir conftest, a plain import works everywhere)::

    from tests.fakes.fixtures import fake_slack, fake_telegram  # noqa: F401

They are ``pytest_asyncio`` fixtures, so they work in both asyncio modes.
Each test gets fresh fakes bound to its own event loop and ephemeral ports.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .slack_api import FakeSlack
from .telegram_api import FakeTelegram


@pytest_asyncio.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    fake = await FakeTelegram.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest_asyncio.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack.start()
    try:
        yield fake
    finally:
        await fake.stop()

"""Self-tests of tests/fakes against the real PTB / slack-bolt / slack_sdk.

The fixtures live in ``tests.fakes.fixtures``; importing them here makes them
available to these tests without touching the project's root conftest.
"""

from tests.fakes.fixtures import fake_slack, fake_telegram

__all__ = ["fake_slack", "fake_telegram"]

"""Web API failures → what the outbox does: wait (RetryLater, with Slack's Retry-After) or give up."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

from bot.channels.slack.errors import classify, delivery_errors
from core.outbound import PermanentFailure, RetryLater


def api_error(status: int, error: str, headers: dict[str, str] | None = None) -> SlackApiError:
    response = SlackResponse(client=None, http_verb="POST", api_url="https://slack.test/api/chat.postMessage",
                             req_args={}, data={"ok": False, "error": error}, headers=headers or {},
                             status_code=status)
    return SlackApiError("failed", response)  # type: ignore[no-untyped-call]


def test_rate_limit_waits_for_retry_after() -> None:
    outcome = classify(api_error(429, "ratelimited", {"Retry-After": "7"}))
    assert isinstance(outcome, RetryLater) and outcome.after == 7.0


def test_outages_and_connection_errors_retry_with_backoff() -> None:
    for error in (api_error(503, "service_unavailable"), aiohttp.ClientConnectionError("refused"),
                  TimeoutError(), ConnectionResetError()):
        outcome = classify(error)
        assert isinstance(outcome, RetryLater) and outcome.after is None, error


@pytest.mark.parametrize("code", ["channel_not_found", "not_in_channel", "invalid_blocks", "is_archived"])
def test_requests_that_can_never_succeed_fail_permanently(code: str) -> None:
    assert isinstance(classify(api_error(200, code)), PermanentFailure)


def test_unknown_api_errors_are_kept_for_retry_not_lost() -> None:
    assert isinstance(classify(api_error(200, "invalid_auth")), RetryLater)


async def test_delivery_errors_translates_and_lets_other_bugs_through() -> None:
    with pytest.raises(PermanentFailure):
        async with delivery_errors():
            raise api_error(200, "channel_not_found")
    with pytest.raises(KeyError):
        async with delivery_errors():
            raise KeyError("a bug stays a bug")

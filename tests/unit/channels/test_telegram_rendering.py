"""Reply → inline keyboards and message parts; Telegram errors → what the outbox does about them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.channels.telegram.rendering import Unreachable, call, keyboard, split_text, translate
from core.outbound import Choice, PermanentFailure, RetryLater

PID = "0b7f8f9e-6d7a-4c1e-9a43-2f1f6f0d9c11"


def card_choices() -> list[Choice]:
    return [Choice(label="✅ Confirm", action=f"confirm:{PID}", fallback="yes"),
            Choice(label="✏️ Edit", action=f"edit:{PID}", fallback="edit"),
            Choice(label="✖️ Cancel", action=f"cancel:{PID}", fallback="no")]


def test_confirm_edit_cancel_share_one_row() -> None:
    markup = keyboard(card_choices())
    assert markup is not None
    rows = markup.inline_keyboard
    assert len(rows) == 1
    assert [b.callback_data for b in rows[0]] == [f"confirm:{PID}", f"edit:{PID}", f"cancel:{PID}"]


def test_long_choices_get_a_row_each() -> None:
    choices = [Choice(label=f"Acme Industrial Holdings Group No. {n}", action=f"choose:{PID}:{n}", fallback=str(n))
               for n in (1, 2)]
    markup = keyboard(choices)
    assert markup is not None and [len(row) for row in markup.inline_keyboard] == [1, 1]


def test_no_choices_no_keyboard_and_oversized_data_dropped() -> None:
    assert keyboard([]) is None
    too_long = Choice(label="x", action="choose:" + "9" * 60, fallback="1")  # over Telegram's 64 bytes
    assert keyboard([too_long]) is None
    markup = keyboard([too_long, card_choices()[0]])
    assert markup is not None and [b.text for row in markup.inline_keyboard for b in row] == ["✅ Confirm"]


def test_long_text_splits_at_line_breaks_under_the_limit() -> None:
    text = "\n".join(f"line {n:04d} " + "x" * 80 for n in range(120))
    parts = split_text(text)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text
    assert split_text("y" * 5000) == ["y" * 4096, "y" * 904]
    assert split_text("short") == ["short"]


def test_rate_limit_becomes_retry_later_with_telegrams_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    decision = translate(RetryAfter(timedelta(seconds=7)))
    assert isinstance(decision, RetryLater) and decision.after == 7.0


@pytest.mark.parametrize("error", [NetworkError("Bad Gateway"), TimedOut(), Conflict("terminated"),
                                   InvalidToken("Unauthorized")])
def test_network_trouble_retries_with_backoff(error: Exception) -> None:
    decision = translate(error)  # type: ignore[arg-type]
    assert isinstance(decision, RetryLater) and decision.after is None


def test_refusals_are_permanent() -> None:
    assert isinstance(translate(Forbidden("Forbidden: bot was blocked by the user")), Unreachable)
    assert isinstance(translate(Forbidden("x")), PermanentFailure)
    for message in ("Chat not found", "Message is too long", "Button_data_invalid"):
        decision = translate(BadRequest(message))
        assert isinstance(decision, PermanentFailure) and not isinstance(decision, Unreachable)


def test_int_retry_after_without_the_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    with pytest.warns(PTBDeprecationWarning):
        decision = translate(RetryAfter(5))
    assert isinstance(decision, RetryLater) and decision.after == 5.0


async def test_call_translates_but_lets_chat_migration_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    async def rate_limited() -> None:
        raise RetryAfter(timedelta(seconds=3))

    async def migrated() -> None:
        raise ChatMigrated(-1009)

    with pytest.raises(RetryLater):
        await call(rate_limited())
    with pytest.raises(ChatMigrated):
        await call(migrated())

"""What a typed answer to a pending item picks, and whether a parse's values may go on a card at all."""

from __future__ import annotations

from decimal import Decimal

from bot.handlers.base import HandlerContext
from bot.intents.base import Parsed
from bot.replies import NO_WORDS, YES_WORDS, normalise_answer
from core.names import loose_key
from core.services.conversation import Option as StoredOption
from core.services.conversation import Pending


def value_problem(parsed: Parsed, h: HandlerContext) -> str | None:
    for slot, value in parsed.rejected.items():
        if slot == "amount":
            try:
                number = Decimal(str(value))
            except ArithmeticError:
                return h.t("value.rejected", value=value)
            key = "value.negative_amount" if number < 0 else "value.absurd_amount"
            return h.t(key, amount=h.money(abs(number) if number < 0 else number))
        if slot in ("probability", "percent"):
            return h.t("value.bad_percent", value=value)
        return h.t("value.rejected", value=value)
    return None

def unread_date(parsed: Parsed) -> tuple[str, str] | None:
    """The date slot an unread date expression was meant for (a deadline first), if the command has none."""
    if not parsed.unread_dates:
        return None
    fields = type(parsed.command).model_fields
    for slot in ("due", "follow_up", "close_date", "date"):
        if slot in fields and getattr(parsed.command, slot, None) is None:
            return slot, parsed.unread_dates[0]
    return None


def pick(pending: Pending, answer: str) -> int | None:
    """The option a typed answer picks: its number, its label, or "yes" when there is only one candidate
    (a near match still needs that "yes": it never becomes the record silently)."""
    options = pending.options
    if answer.isdigit():
        return int(answer)
    for number, option in enumerate(options, start=1):
        if normalise_answer(option.label) == answer:
            return number
    fragment = pick_by_fragment(options, answer)
    if fragment is not None:
        return fragment
    if answer in YES_WORDS and pending.stage == "choose":
        candidates = [n for n, option in enumerate(options, start=1) if not option.creates]
        if len(options) == 1:
            return 1
        if len(candidates) == 1:
            return candidates[0]
    return None


def pick_by_fragment(options: list[StoredOption], answer: str) -> int | None:
    """"acme" answering [phase 2 · Acme Corp …] [phase 2 · Globex Inc …]: the one option whose label contains what
    was typed. Only when exactly one does, never an option that creates a record, never a one-letter answer."""
    key = loose_key(answer)
    if len(key) < 2 or answer in YES_WORDS or answer in NO_WORDS:
        return None
    hits = [n for n, option in enumerate(options, start=1) if not option.creates and key in loose_key(option.label)]
    return hits[0] if len(hits) == 1 else None

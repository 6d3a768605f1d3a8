"""A deal's title is what is sold — never the (new, unknown) customer's name or the amount."""

from __future__ import annotations

from bot.intents.base import ParseContext
from bot.intents.rules import RuleParser

from .conftest import NOW, TZ


def slots(text: str, known: tuple[str, ...] = ()) -> dict[str, object]:
    return RuleParser().parse(text, ParseContext(now=NOW, timezone=TZ, customer_names=known)).command.slots()


def test_a_new_customer_after_for_is_the_customer_not_the_title() -> None:
    assert slots("new deal for Zenith 500k") == {"customer": "Zenith", "amount": 500000}
    parsed = slots("new deal for Zenith Labs, gene sequencer, 500k")
    assert parsed["customer"] == "Zenith Labs" and parsed["title"] == "gene sequencer"


def test_what_follows_deal_for_is_the_title_when_the_customer_is_known() -> None:
    parsed = slots("acme: new deal for the lobby kiosks, 60k", ("Acme Corp",))
    assert parsed["title"] == "lobby kiosks" and parsed["customer"] == "Acme Corp"

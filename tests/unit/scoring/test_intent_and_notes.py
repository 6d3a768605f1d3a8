"""High-intent scoring (decay maths by hand, crossings once) and the negative-note rules, en + zh."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.scoring import churn, intent
from core.scoring.intent import Event, IntentConfig
from core.scoring.notes import negative_words

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
CONFIG = IntentConfig(half_life_days=7.0, threshold=10.0)


def _ev(kind: str, days: float, page: str = "") -> Event:
    return Event(kind, 1, T0 + timedelta(days=days), {"page": page} if page else {})


def test_decay_by_hand() -> None:
    # A download (3) 7 days old is worth 1.5; a product page view (2) 14 days old is worth 0.5; a pricing view
    # (2 × 1.5 = 3) today is worth 3: 5.0 in all.
    events = [_ev("product_page_view", 0), _ev("download", 7), _ev("product_page_view", 14, "pricing")]
    assert intent.score_at(events, T0 + timedelta(days=14), CONFIG) == pytest.approx(0.5 + 1.5 + 3.0)
    # Events after the instant do not count yet.
    assert intent.score_at(events, T0 + timedelta(days=7), CONFIG) == pytest.approx(1.0 + 3.0)


def test_a_configurable_half_life() -> None:
    fast = IntentConfig(half_life_days=1.0)
    assert intent.score_at([_ev("download", 0)], T0 + timedelta(days=2), fast) == pytest.approx(0.75)


def test_crossing_is_found_once_and_again_only_after_falling_below() -> None:
    # Four pricing views a day apart: 3, 3·0.5^(1/7)+3, ... crosses 10 on the fourth (3.0, 5.72, 8.18, 10.40).
    burst = [_ev("product_page_view", d, "pricing") for d in range(4)]
    found = intent.crossings(burst, CONFIG)
    assert found == [T0 + timedelta(days=3)]
    # A fifth view the next day: the score dipped to 10.40 × 0.5^(1/7) = 9.43 < 10 before it, but not under the
    # re-arm level (5): no new crossing.
    more = [*burst, _ev("product_page_view", 4, "pricing")]
    assert intent.crossings(more, CONFIG) == found
    # Five weeks later the score has decayed far below 5; a new burst crosses again.
    again = [*more, *[_ev("product_page_view", 40 + d, "pricing") for d in range(4)]]
    assert intent.crossings(again, CONFIG) == [T0 + timedelta(days=3), T0 + timedelta(days=43)]
    # Flagged since the latest crossing, only while the score is still over the threshold.
    assert intent.flagged_since(again, T0 + timedelta(days=43), CONFIG) == T0 + timedelta(days=43)
    assert intent.flagged_since(again, T0 + timedelta(days=60), CONFIG) is None


def test_highlight_says_what_happened_this_week_in_both_languages() -> None:
    events = [_ev("product_page_view", d, "pricing") for d in range(4)] + [_ev("email_open", 1)]
    found = intent.highlights(events, T0 + timedelta(days=4), CONFIG)
    assert (found[0].kind, found[0].subject, found[0].count) == ("product_page_view", "pricing", 4)
    assert intent.describe("Acme", found, "en") == "Acme viewed the pricing page 4 times this week"
    assert intent.describe("Acme", found, "zh") == "Acme本周查看了pricing页面4次"
    once = intent.highlights([_ev("download", 0)], T0, CONFIG)
    assert intent.describe("Acme", once, "en") == "Acme downloaded files once this week"


@pytest.mark.parametrize("text", ["Customer is unhappy with the response time", "they mentioned a competitor",
                                  "complaint about invoice errors", "客户对交付不满意", "他们在考虑换供应商",
                                  "收到投诉,系统经常宕机"])
def test_negative_notes_are_found(text: str) -> None:
    assert negative_words(text)


@pytest.mark.parametrize("text", ["great meeting, they are happy", "no complaints this quarter",
                                  "not unhappy at all", "客户很满意,准备续约", "没有投诉"])
def test_positive_or_negated_notes_are_not(text: str) -> None:
    assert negative_words(text) == []


def test_churn_reasons_by_hand() -> None:
    # 1 interaction in the last 30 days against 8 in the 60 before (4 a month): down 75% → 40 × 0.75 = 30 points.
    down = churn.activity_reason(1, 8)
    assert down is not None and (down.key, down.points) == ("activity_down", 30)
    assert churn.describe(down, "en") == "activity down: 1 interactions in the last 30 days, usually 4.0 a month"
    assert churn.describe(down, "zh") == "互动减少:近30天1次,以往每月约4.0次"
    assert churn.activity_reason(3, 8) is None  # 3 of 4: not down by half
    assert churn.activity_reason(0, 0) == churn.ChurnReason("silent", 30, {"days": 90})
    from decimal import Decimal

    late = churn.money_reason({"1_30": {"CNY": Decimal("1000")}, "31_60": {"CNY": Decimal("500")}})
    assert late is not None and late.points == 25
    assert churn.describe(late, "en").startswith("overdue payments: ")
    assert "over 31 days late" in churn.describe(late, "en")
    notes = churn.notes_reason(["客户说在考虑换供应商", "all good", "unhappy with support"])
    assert notes is not None and (notes.points, notes.params["count"]) == (30, 2)
    assert "换供应商" in churn.describe(notes, "zh")

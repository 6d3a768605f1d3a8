"""Payment matching as a pure rule: oldest due first, invoices before uninvoiced installments on the same day,
undated last; partial payments, several items in one payment, and the excess reported (never dropped)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.services.payments import OpenItem, allocate
from core.services.receivables import bucket_of

D = Decimal


def _item(kind: str, ident: int, due: date | None, owed: str) -> OpenItem:
    return OpenItem(kind, ident, f"#{ident}", due, D(owed), "CNY")  # type: ignore[arg-type]


ITEMS = [_item("installment", 3, None, "100"), _item("installment", 2, date(2026, 3, 1), "200"),
         _item("invoice", 1, date(2026, 3, 1), "50"), _item("invoice", 4, date(2026, 1, 15), "25")]


def test_partial_payment_goes_to_the_oldest() -> None:
    allocations, left = allocate(ITEMS, D("10"))
    assert [(a.item.id, a.amount) for a in allocations] == [(4, D("10"))] and left == 0


def test_one_payment_covers_several_in_order() -> None:
    allocations, left = allocate(ITEMS, D("300"))
    assert [(a.item.id, a.amount) for a in allocations] == [(4, D("25")), (1, D("50")), (2, D("200")), (3, D("25"))]
    assert left == 0


def test_excess_is_reported() -> None:
    allocations, left = allocate(ITEMS, D("400"))
    assert sum(a.amount for a in allocations) == D("375") and left == D("25")


def test_aging_buckets_at_their_edges() -> None:
    today = date(2026, 11, 25)
    assert [bucket_of(date(2026, 11, d), today) for d in (26, 25, 24)] == ["current", "current", "1_30"]
    assert bucket_of(date(2026, 10, 26), today) == "1_30"  # 30 days
    assert bucket_of(date(2026, 10, 25), today) == "31_60"
    assert bucket_of(date(2026, 9, 26), today) == "31_60"  # 60 days
    assert bucket_of(date(2026, 9, 25), today) == "61_90"

"""What a change request asks, said to its approver in their language."""

from __future__ import annotations

from core.services.change_requests import describe, kind_of


def test_a_change_request_is_described_in_both_languages() -> None:
    changes = {"planned_end": "2027-03-15", "budget_amount": "550000.00", "add_task": {"name": "Training", "days": 2}}
    english = describe("en", "ERP rollout", "CNY", changes)
    assert english.startswith("Change request · ERP rollout: planned end → ")
    assert "Mar" in english and "550,000" in english and "add task “Training” (2 days)" in english
    chinese = describe("zh", "运输管理系统", "CNY", {"budget_amount": "400000"})
    assert chinese == "变更申请 · 运输管理系统:预算 → 40万元"


def test_the_kind_of_a_change_follows_what_it_touches() -> None:
    assert kind_of({"planned_end": "2027-03-15"}) == "dates"
    assert kind_of({"planned_end": "2027-03-15", "budget_amount": "1"}) == "budget"
    assert kind_of({"add_task": {"name": "x", "days": 1}, "budget_amount": "1"}) == "scope"

"""Reminder kinds are a registry of small rules (new ones plug in without touching the engine); charts render
to PNG and fall back to English labels when no CJK font is installed; every push message exists in en and zh."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.context import CoreGateway, Unit
from core.i18n import catalogue
from core.models import Notification
from core.services import preferences
from core.services.preferences import KINDS
from notifications import charts
from notifications import rules as registry
from notifications.engine import NotificationEngine
from notifications.rules.base import DueItem, PushItem, Recipient, RenderContext, Scan, reminder_item
from tests.notify_helpers import person, texts

SH = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parents[3]


class ContractAwaitingSignature:
    """What the contracts work will add: one small object, nothing else changes."""

    kind = "contract_unsigned"
    batchable = True

    def due(self, scan: Scan) -> Iterable[DueItem]:
        for who in scan.audience.all():
            yield DueItem(self.kind, f"{self.kind}:7:{who.user_id}", who.user_id, scan.now,
                          {"title": "Acme ERP contract"}, ("customer", 1))

    def relevant(self, unit: Unit, note: Notification, now: datetime) -> bool:
        return True

    def render(self, note: Notification, who: Recipient, view: RenderContext) -> PushItem:
        return reminder_item(who.language, note.id, f"✍️ {note.params['title']}", [], open_=False)


def test_a_new_kind_plugs_in_without_touching_the_engine(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100", mute=["suggestion", "daily_report"], quiet_enabled=False)
    rules = {**registry.registry(), "contract_unsigned": ContractAwaitingSignature()}
    report = NotificationEngine(core, rules=rules, charts=False).tick()
    assert report.queued == 1 and texts(core) == ["✍️ Acme ERP contract"]
    assert NotificationEngine(core, rules=rules, charts=False).tick().queued == 0


def test_the_builtin_kinds_are_registered() -> None:
    assert set(registry.registry()) == set(KINDS)
    extra = ContractAwaitingSignature()
    registry.register(extra)
    try:
        assert registry.get("contract_unsigned") is extra
        with pytest.raises(ValueError, match="registered twice"):
            registry.register(ContractAwaitingSignature())
    finally:
        registry._REGISTRY.pop("contract_unsigned")


def test_every_kind_is_one_vocabulary_rules_prefs_catalogue_and_docs() -> None:
    """A kind is named once (preferences.KINDS): each registered rule is a kind users can mute, each kind has its
    label in both languages and a line in the notifications page."""
    known = catalogue()
    docs = (ROOT / "docs" / "notifications.md").read_text("utf-8")
    for kind, rule in registry.registry().items():
        assert rule.kind == kind and kind in KINDS
    for kind in KINDS:
        label = known.get(f"notify.kind.{kind}", {})
        assert label.get("en") and label.get("zh"), kind
        assert f"`{kind}`" in docs, kind
    preferences.validate(preferences.PrefChanges(mute=list(KINDS)))  # every kind is mutable


def test_a_chart_is_png_bytes() -> None:
    png = charts.bar_chart("Pipeline", [charts.Bar("lead", 1.0, "1"), charts.Bar("won", 3.0, "3")])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000


def test_chinese_labels_only_with_a_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    charts.cjk_font.cache_clear()
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such Font",))
    assert charts.cjk_font() is None and charts.chart_language("zh") == "en"
    charts.cjk_font.cache_clear()
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("DejaVu Sans",))  # pretend: the fallback path picks it up
    assert charts.chart_language("zh") == "zh" and charts.chart_language("en") == "en"
    charts.cjk_font.cache_clear()


def test_every_push_message_exists_in_both_languages() -> None:
    used: set[str] = set()
    for folder in ("notifications", "bot/handlers", "core/services", "core/suggestions"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r'"((?:notify|settings|digest|suggest)\.[a-z0-9_.]+)"', path.read_text("utf-8")))
    known = catalogue()
    assert used and not sorted(key for key in used if key not in known)
    for rule in ("proposal_no_reply", "close_soon", "high_intent", "no_next_step"):
        for part in ("reason", "action", "task"):
            assert f"suggest.{rule}.{part}" in known

"""Reports through the real conversation (rule parser, handler, catalogue) in both languages: the text a rep and a
manager get over tests/integration/report_world.py, the PNG chart sent with it, an empty report said plainly
with no chart, and a period that ends before it starts refused with a clear answer."""

from __future__ import annotations

from datetime import date

import pytest

from bot.intents.base import ParseContext, Parsed
from bot.intents.rules import RuleParser
from bot.intents.specs.reports import Report
from core.clock import FixedClock
from core.context import CoreGateway
from core.i18n import t
from core.outbound import Reply
from core.services import users
from tests.integration.report_world import ReportWorld, build
from tests.notify_helpers import chat, person

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def world(core: CoreGateway, clock: FixedClock) -> ReportWorld:
    found = build(core, clock, chinese=("Mia",))
    with core.system() as system:
        for name, telegram in (("Alice", "100"), ("Mia", "200"), ("Carol", "300")):
            users.link(system, users.require_by_name(system, name), "telegram", telegram)
    return found


def _png_width(reply: Reply) -> int:
    assert reply.image is not None and reply.image.data.startswith(PNG)
    return int.from_bytes(reply.image.data[16:20], "big")


def test_a_reps_funnel_in_english_with_its_chart(core: CoreGateway, world: ReportWorld) -> None:
    say = chat(core, RuleParser())
    [reply] = say("show me the sales funnel")
    assert reply.text.splitlines()[0].startswith("Sales funnel · your deals · ")
    assert "lead: 5 deal(s) · ¥470,000 · 80.0% went on" in reply.text
    assert "negotiation: 2 deal(s) · ¥180,000 · 50.0% went on" in reply.text
    assert "won: 1 deal(s) · ¥100,000" in reply.text
    assert "5 deals created in the period: 1 won (20.0%), 1 lost." in reply.text
    assert _png_width(reply) == 800 and reply.private


def test_a_managers_reports_in_chinese_cover_the_team_only(core: CoreGateway, world: ReportWorld) -> None:
    say = chat(core, RuleParser())
    [funnel] = say("本季度销售漏斗", sender="200")
    assert funnel.text.splitlines()[0].startswith("销售漏斗 · 本团队 · ")
    assert "线索:7个商机" in funnel.text and "已签约:2个商机" in funnel.text  # Carol's deal is another team's
    assert _png_width(funnel) == 800
    [ranking] = say("团队排名", sender="200")
    lines = ranking.text.splitlines()
    assert lines[0].startswith("团队排名 · 本团队 · 11月1日")
    assert lines[1].strip() == "1. Bob:赢单30万元(1个) · 跟进1次 · 转化率100.0%"
    assert lines[2].strip() == "2. Alice:赢单10万元(1个) · 跟进3次 · 转化率50.0%"
    assert "Carol" not in ranking.text and ranking.image is not None
    [rate] = say("赢单率", sender="200")
    assert "赢单率66.7%:已结束的3个商机中赢单2个" in rate.text


def test_forecast_and_money_reports_in_english(core: CoreGateway, world: ReportWorld) -> None:
    say = chat(core, RuleParser())
    [forecast] = say("forecast for next month")
    assert "Dec 2026: commit ¥0 · best case ¥100,000 (1 deal(s))" in forecast.text
    assert "Commit: deals at 70% or more, or in negotiation" in forecast.text
    assert _png_width(forecast) == 800
    [margin] = say("profit margin of the Acme project")
    assert "Acme ERP: revenue ¥500,000, cost ¥120,000 → margin ¥380,000 (76.0%)" in margin.text
    [value] = say("customer lifetime value of Acme")
    assert "Acme: ¥70,000 = received ¥70,000 + expected ¥0 (0 open deal(s))" in value.text
    [aging] = say("receivables aging")
    assert "61–90 days late: ¥80,000" in aging.text and "31–60 days late: ¥300,000" in aging.text
    assert aging.image is not None
    [cycle] = say("average cycle time per stage")
    assert "lead: 7.5 days on average (2 moved on)" in cycle.text


def test_empty_reports_say_so_and_send_no_chart(core: CoreGateway, world: ReportWorld) -> None:
    say = chat(core, RuleParser())
    [rate] = say("win rate last quarter")  # Q3: nothing closed
    assert rate.text.startswith("No deals were won or lost in ") and rate.image is None
    [aging] = say("应收账龄", sender="300")  # Carol's customers owe nothing
    assert aging.text == "Nobody owes us money right now, so there is nothing to age." and aging.image is None
    [unknown] = say("customer lifetime value of Zorblax")
    assert "Zorblax" in unknown.text and unknown.image is None and "Globex" not in unknown.text


def test_an_empty_funnel_in_chinese(core: CoreGateway) -> None:
    person(core, "张伟", lang="zh", telegram="400")
    say = chat(core, RuleParser())
    [reply] = say("销售漏斗", sender="400")
    assert reply.text == t("zh", "report.empty.funnel", period="10月1日(周四) – 12月31日(周四)")
    assert reply.image is None


class _Backwards:
    """What an LLM might send: a period that ends before it starts."""

    def parse(self, text: str, context: ParseContext) -> Parsed:
        return Parsed(Report(kind="funnel", since=date(2026, 12, 1), until=date(2026, 11, 1)), 0.95, "llm")


def test_a_period_that_ends_before_it_starts_gets_a_clear_answer(core: CoreGateway) -> None:
    person(core, "Alice", telegram="100")
    [reply] = chat(core, _Backwards())("funnel please")
    assert reply.text == t("en", "error.bad_period", start="2026-12-01", end="2026-11-01") and reply.image is None

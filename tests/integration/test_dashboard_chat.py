"""Asking the bot for the dashboard through the real conversation (rule parser, handler, catalogue), en and zh:
a one-time link to SALESBOT_PUBLIC_URL that signs in once, a clear answer when no public URL is set, a project
manager refused, and a named report ("funnel dashboard", 销售漏斗看板) still the report intent's."""

from __future__ import annotations

import re

import pytest

from bot.intents.rules import RuleParser
from core.context import CoreGateway
from core.services import dashboard_access
from core.services.dashboard_access import SignIn
from tests.integration.dashboard_support import PUBLIC, with_public_url
from tests.notify_helpers import chat, person

pytestmark = pytest.mark.integration
LINK = re.compile(re.escape(PUBLIC) + r"/dashboard/login\?token=([A-Za-z0-9_-]{40,})")


@pytest.mark.parametrize(("text", "lang"), [("dashboard", "en"), ("open the dashboard", "en"),
                                            ("看板", "zh"), ("打开数据看板", "zh"), ("给我看板链接", "zh")])
def test_a_manager_gets_a_link_that_signs_in_once(core: CoreGateway, text: str, lang: str) -> None:
    core = with_public_url(core)
    person(core, "Mia", "manager", lang=lang, telegram="200")
    [reply] = chat(core, RuleParser())(text, sender="200")
    found = LINK.search(reply.text)
    assert found, reply.text
    assert reply.private
    assert ("15 minutes" in reply.text) if lang == "en" else ("15 分钟内有效" in reply.text)
    with core.system() as system:
        assert isinstance(dashboard_access.exchange_link(system, found.group(1)), SignIn)
    with core.system() as system:
        assert dashboard_access.exchange_link(system, found.group(1)) == "used"


def test_each_request_gets_a_new_link(core: CoreGateway) -> None:
    core = with_public_url(core)
    person(core, "Mia", "manager", telegram="200")
    say = chat(core, RuleParser())
    first, second = (LINK.search(say("dashboard", sender="200")[0].text) for _ in range(2))
    assert first and second and first.group(1) != second.group(1)


@pytest.mark.parametrize(("lang", "says"), [("en", "not configured"), ("zh", "还没有配置数据看板")])
def test_without_a_public_url_the_bot_says_so(core: CoreGateway, lang: str, says: str) -> None:
    person(core, "Mia", "manager", lang=lang, telegram="200")
    [reply] = chat(core, RuleParser())("dashboard", sender="200")
    assert says in reply.text and "SALESBOT_PUBLIC_URL" in reply.text and "token" not in reply.text


def test_a_project_manager_is_told_the_dashboard_is_not_for_them(core: CoreGateway) -> None:
    core = with_public_url(core)
    person(core, "Pat", "pm", telegram="300")
    [reply] = chat(core, RuleParser())("dashboard", sender="300")
    assert "your role" in reply.text and not LINK.search(reply.text)


@pytest.mark.parametrize("text", ["show me the funnel dashboard", "销售漏斗看板", "本季度销售漏斗"])
def test_a_named_report_stays_a_report(core: CoreGateway, text: str) -> None:
    core = with_public_url(core)
    person(core, "Mia", "manager", telegram="200")
    [reply] = chat(core, RuleParser())(text, sender="200")
    assert not LINK.search(reply.text)
    assert reply.image is not None or "funnel" in reply.text.lower() or "漏斗" in reply.text

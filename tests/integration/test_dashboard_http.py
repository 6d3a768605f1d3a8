"""The dashboard over real HTTP (aiohttp server on port 0): signing in with a one-time link, the session cookie's
edges, and what each role sees, over tests/integration/report_world.py (today 2026-11-25, Shanghai).

Team East: Alice, Bob (reps), Mia (manager); team North: Carol (rep); Fay (finance), Root (admin). This quarter's
funnel for East: 7 deals created, lead ¥830,000 (100k + 50k + 300k + 200k + 80k + 60k + 40k), 2 won; North's one
deal is Carol's ¥500,000 Wayne campus, won."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.clock import FixedClock
from core.context import CoreGateway
from core.errors import PermissionDenied
from core.models import DashboardLink
from core.services import dashboard_access
from tests.factories import add_user
from tests.integration.dashboard_support import issue, running_dashboard, section, visible
from tests.integration.report_world import ReportWorld, build

pytestmark = pytest.mark.integration


@pytest.fixture
def world(core: CoreGateway, clock: FixedClock) -> ReportWorld:
    return build(core, clock, chinese=("Carol",))


async def test_a_link_signs_in_once_and_the_manager_sees_the_team_only(core: CoreGateway,
                                                                       world: ReportWorld) -> None:
    token = issue(core, world.ids["Mia"])
    async with running_dashboard(core) as site:
        async with site.client.get(f"{site.base}/dashboard/login", params={"token": token},
                                   allow_redirects=False) as reply:
            assert reply.status == 303 and reply.headers["Location"] == "/dashboard"
            cookie = reply.headers["Set-Cookie"]
        for attribute in ("salesbot_dashboard=", "HttpOnly", "SameSite=Lax", "Path=/dashboard", "Max-Age=43200"):
            assert attribute in cookie
        assert token not in cookie
        status, html, reply = await site.get("/dashboard")
        assert status == 200 and reply.headers["Cache-Control"] == "no-store"
        funnel = section(html, "funnel")
        assert "7 deal(s) · ¥830,000" in funnel and "won: 2 deal(s) · ¥400,000" in funnel
        assert "500,000" not in funnel  # Carol's deal, team North
        assert "Carol" not in visible(html) and "Wayne" not in visible(html)
        assert "Team East" in html
        assert 'name="team"' not in html  # a manager has no team to pick
        # The page carries text; each chart is its own request, under the same session.
        chart = re.search(r'id="report-funnel".*?<img src="([^"]+)"', html, re.S)
        assert chart is not None and chart.group(1) == "/dashboard/chart/funnel"
        async with site.client.get(site.base + chart.group(1)) as reply:
            assert reply.status == 200 and reply.content_type == "image/png"
            assert (await reply.read()).startswith(b"\x89PNG")
        # The same link again: spent.
        status, html = await site.sign_in(token)
        assert status == 410 and "already been used" in html


async def test_a_link_is_stored_hashed_and_expires_after_15_minutes(core: CoreGateway, clock: FixedClock,
                                                                    world: ReportWorld) -> None:
    token = issue(core, world.ids["Mia"])
    with core.system() as system:
        stored = system.session.scalars(select(DashboardLink.token_hash)).all()
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64
    clock.advance(timedelta(minutes=15))
    async with running_dashboard(core) as site:
        status, html = await site.sign_in(token)
        assert status == 410 and "has expired" in html and "15 minutes" in html
        assert "Traceback" not in html
        status, _, _ = await site.get("/dashboard")
        assert status == 401  # no session was opened


async def test_a_link_just_before_expiry_still_works(core: CoreGateway, clock: FixedClock,
                                                     world: ReportWorld) -> None:
    token = issue(core, world.ids["Mia"])
    clock.advance(timedelta(minutes=14, seconds=59))
    async with running_dashboard(core) as site:
        status, html = await site.sign_in(token)
        assert status == 200 and "Sales dashboard" in html


async def test_an_expired_or_spent_link_answers_in_its_users_language(core: CoreGateway, clock: FixedClock,
                                                                      world: ReportWorld) -> None:
    spent, stale = issue(core, world.ids["Carol"]), issue(core, world.ids["Carol"])
    async with running_dashboard(core) as site:
        assert (await site.sign_in(spent))[0] == 200
        site.client.cookie_jar.clear()
        status, html = await site.sign_in(spent)
        assert status == 410 and "已经用过了" in html
        clock.advance(timedelta(hours=1))
        status, html = await site.sign_in(stale)
        assert status == 410 and "已过期" in html and 'lang="zh-CN"' in html


async def test_an_unknown_or_missing_token_is_401_in_the_browsers_language(core: CoreGateway,
                                                                           world: ReportWorld) -> None:
    async with running_dashboard(core) as site:
        status, html, _ = await site.get("/dashboard/login?token=nonsense", **{"Accept-Language": "en-GB,en"})
        assert status == 401 and "not valid" in html and "dashboard" in html
        status, html, _ = await site.get("/dashboard/login", **{"Accept-Language": "zh-CN,zh;q=0.9"})
        assert status == 401 and "登录链接无效" in html
        status, html, _ = await site.get("/dashboard/login?token=" + "x" * 5000)
        assert status == 401


async def test_a_session_cookie_that_is_forged_expired_or_signed_out_opens_nothing(
        core: CoreGateway, clock: FixedClock, world: ReportWorld) -> None:
    async with running_dashboard(core) as site:
        status, html, _ = await site.get("/dashboard", **{"Accept-Language": "en"})
        assert status == 401 and "not signed in" in html
        status, _, _ = await site.get("/dashboard", Cookie="salesbot_dashboard=forged-value")
        assert status == 401
        assert (await site.sign_in(issue(core, world.ids["Mia"])))[0] == 200
        clock.advance(timedelta(hours=11, minutes=59))
        assert (await site.get("/dashboard"))[0] == 200
        clock.advance(timedelta(minutes=1))  # 12 hours after signing in
        status, html, _ = await site.get("/dashboard", **{"Accept-Language": "zh-CN"})
        assert status == 401 and "Ask the bot" in html  # in Mia's language (English), not the browser's
        # A fresh session, then signing out: the old cookie value opens nothing any more.
        assert (await site.sign_in(issue(core, world.ids["Mia"])))[0] == 200
        [kept] = [c.value for c in site.client.cookie_jar if c.key == "salesbot_dashboard"]
        async with site.client.post(f"{site.base}/dashboard/logout") as reply:
            assert reply.status == 200 and "signed out" in await reply.text()
        status, _, _ = await site.get("/dashboard", Cookie=f"salesbot_dashboard={kept}")
        assert status == 401


async def test_a_rep_sees_only_their_own_numbers(core: CoreGateway, world: ReportWorld) -> None:
    async with running_dashboard(core) as site:
        status, html = await site.sign_in(issue(core, world.ids["Alice"]))
        assert status == 200 and "Your own deals" in html
        funnel = section(html, "funnel")
        assert "lead: 5 deal(s) · ¥470,000" in funnel
        assert "Hooli" not in visible(html) and "Bob" not in visible(html)  # Bob's deal and name


async def test_an_admin_picks_a_team_and_a_manager_cannot(core: CoreGateway, world: ReportWorld) -> None:
    async with running_dashboard(core) as site:
        assert (await site.sign_in(issue(core, world.ids["Root"])))[0] == 200
        status, html, _ = await site.get("/dashboard")
        assert status == 200 and "All teams" in html and 'name="team"' in html
        assert "8 deal(s) · ¥1,330,000" in section(html, "funnel")  # both teams
        status, html, _ = await site.get(f"/dashboard?team={_team_id(html, 'North')}")
        funnel = section(html, "funnel")
        assert status == 200 and "Team North" in html
        assert "lead: 1 deal(s) · ¥500,000" in funnel and "830,000" not in funnel
        assert "Alice" not in section(html, "ranking") and "Carol" in section(html, "ranking")
        east = _team_id(html, "East")
        site.client.cookie_jar.clear()
        assert (await site.sign_in(issue(core, world.ids["Mia"])))[0] == 200
        north_id = await _north(core)
        status, html, _ = await site.get(f"/dashboard?team={north_id}")
        assert status == 400 and "chosen from the list" in html and 'id="report-funnel"' not in html
        assert "Wayne" not in visible(html)
        status, html, _ = await site.get(f"/dashboard?team={east}")
        assert status == 200 and "7 deal(s)" in section(html, "funnel")


async def test_a_chart_is_drawn_only_for_its_session_scope_and_report(core: CoreGateway,
                                                                      world: ReportWorld) -> None:
    async with running_dashboard(core) as site:
        status, _, _ = await site.get("/dashboard/chart/funnel")
        assert status == 401  # no session, no figures
        assert (await site.sign_in(issue(core, world.ids["Mia"])))[0] == 200
        north = await _north(core)
        status, body, _ = await site.get(f"/dashboard/chart/funnel?team={north}")
        assert status == 400 and not body  # another team's chart: refused, as the page is
        assert (await site.get("/dashboard/chart/nonsense"))[0] == 404
        status, html, _ = await site.get("/dashboard?period=this_month")
        assert '<img src="/dashboard/chart/funnel?period=this_month"' in html  # the page's filters travel along
        async with site.client.get(f"{site.base}/dashboard/chart/funnel?period=this_month") as reply:
            assert reply.status == 200 and (await reply.read()).startswith(b"\x89PNG")


async def test_bad_filters_get_a_clear_answer_not_a_crash(core: CoreGateway, world: ReportWorld) -> None:
    async with running_dashboard(core) as site:
        assert (await site.sign_in(issue(core, world.ids["Mia"])))[0] == 200
        for query, says in (("period=someday", 'know the period "someday"'),
                            ("period=custom&from=2026-11-30&to=2026-11-01", "must not end before it starts"),
                            ("from=yesterday", '"yesterday" is not a date'),
                            ("team=abc", "chosen from the list"),
                            ("period=custom&from=1066-10-14", "outside the dates")):
            status, html, _ = await site.get(f"/dashboard?{query}")
            assert status == 400 and says in html.replace("&#34;", '"'), query
            assert "Traceback" not in html


async def test_named_and_custom_periods_change_the_figures(core: CoreGateway, world: ReportWorld) -> None:
    async with running_dashboard(core) as site:
        assert (await site.sign_in(issue(core, world.ids["Mia"])))[0] == 200
        # This month (November): A3, A4, B2, A5 created → 4 deals, lead 200k + 80k + 60k + 40k.
        status, html, _ = await site.get("/dashboard?period=this_month")
        assert status == 200 and "lead: 4 deal(s) · ¥380,000" in section(html, "funnel")
        assert 'value="this_month" selected' in html
        # 5–8 October: A1, A2, B1.
        status, html, _ = await site.get("/dashboard?period=custom&from=2026-10-05&to=2026-10-08")
        assert status == 200 and "lead: 3 deal(s) · ¥450,000" in section(html, "funnel")


async def test_the_page_speaks_the_users_language(core: CoreGateway, world: ReportWorld) -> None:
    async with running_dashboard(core) as site:
        status, html = await site.sign_in(issue(core, world.ids["Carol"]))
        assert status == 200 and "数据看板" in html and "当前用户:Carol" in html and "销售漏斗" in html
        assert "第四季度" in html and "你自己的商机" in html
        # Carol is a rep of North: her own deal only — lead 1, ¥500,000 (50万元).
        assert "线索:1个商机" in section(html, "funnel")


def test_project_managers_get_no_link(core: CoreGateway) -> None:
    pm = add_user(core, "Pat", role="pm")
    with core.unit(pm.id) as ctx, pytest.raises(PermissionDenied):
        dashboard_access.issue_link(ctx)


def _team_id(html: str, name: str) -> str:
    options = html.split('<select name="team" id="team">')[1].split("</select>")[0]
    for part in options.split('<option value="')[1:]:
        value, rest = part.split('"', 1)
        if rest.split(">", 1)[1].startswith(name + "<"):
            return value
    raise AssertionError(f"no team {name}")


async def _north(core: CoreGateway) -> int:
    from core.models import Team

    with core.system() as system:
        return int(system.session.scalar(select(Team.id).where(Team.name == "North")) or 0)

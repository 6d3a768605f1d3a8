"""The dashboard's HTTP routes on the one aiohttp server of `salesbot serve` / `salesbot api`:

- GET /dashboard/login?token=… spends a one-time link (core.services.dashboard_access), sets the session cookie
  and redirects to /dashboard (so the token leaves the address bar and the history); an unknown link is 401, an
  expired or used one 410, each a page in the user's language saying what to do;
- GET /dashboard: the reports (bot/dashboard/page.py); without a valid session 401 and a page saying so;
- GET /dashboard/chart/<kind>?<the page's filters>: one report's chart (PNG), same session, same scoping;
- POST /dashboard/logout ends the session.

The cookie is HttpOnly, SameSite=Lax, path /dashboard, Secure when the public URL is https. Core calls are
blocking, so they run in a worker thread. Nothing here logs a token, a cookie or a query string."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.dashboard import filters, page
from bot.handlers.dashboard import LOGIN_PATH
from bot.intents.directory import CustomerDirectory
from core.context import CoreGateway
from core.errors import DomainError
from core.i18n import t
from core.reports import ReportKind
from core.services import dashboard_access
from core.services.dashboard_access import SignIn
from core.services.users import language_of

log = logging.getLogger(__name__)
COOKIE = "salesbot_dashboard"
PATH = "/dashboard"
# The page holds figures and its address once held a token: keep both out of caches and Referer headers.
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}
CORE_KEY = web.AppKey("salesbot_dashboard_core", CoreGateway)


def _templates() -> Environment:
    return Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def add_dashboard_routes(http: web.Application, core: CoreGateway) -> None:
    views = _Views(core, _templates())
    http[CORE_KEY] = core
    http.router.add_get(LOGIN_PATH, views.login)
    http.router.add_get(PATH, views.dashboard)
    http.router.add_get(f"{PATH}/chart/{{kind}}", views.chart)
    http.router.add_post(f"{PATH}/logout", views.logout)


class _Views:
    def __init__(self, core: CoreGateway, templates: Environment) -> None:
        self.core = core
        self.templates = templates
        self.directory = CustomerDirectory()

    # -- pages ----------------------------------------------------------------------------------------------
    def _html(self, name: str, status: int, **variables: Any) -> web.Response:
        lang = variables["lang"]
        body = self.templates.get_template(name).render(
            t=lambda key, **params: t(lang, key, **params), **variables)
        return web.Response(text=body, status=status, content_type="text/html", charset="utf-8", headers=HEADERS)

    def _notice(self, status: int, lang: str, key: str, heading: str = "dashboard.denied.title", **params: Any
                ) -> web.Response:
        return self._html("notice.html", status, lang=lang, heading=t(lang, heading), message=t(lang, key, **params))

    def _guess_language(self, request: web.Request) -> str:
        """A visitor we do not know yet: the browser's first preference among ours, else the server's."""
        for part in request.headers.get("Accept-Language", "").split(","):
            tag = part.split(";")[0].strip().lower()
            if tag.startswith("zh"):
                return "zh"
            if tag.startswith("en"):
                return "en"
        return self.core.defaults.language

    # -- routes ---------------------------------------------------------------------------------------------
    async def login(self, request: web.Request) -> web.StreamResponse:
        token = request.query.get("token", "")
        outcome, lang = await asyncio.to_thread(self._exchange, token)
        if isinstance(outcome, SignIn):
            response = web.Response(status=303, headers={**HEADERS, "Location": PATH})
            response.set_cookie(COOKIE, outcome.secret, max_age=outcome.max_age_seconds, path=PATH,
                                httponly=True, samesite="Lax", secure=self._secure())
            return response
        lang = lang or self._guess_language(request)
        if outcome == "unknown":
            return self._notice(401, lang, "dashboard.denied.unknown")
        return self._notice(410, lang, f"dashboard.denied.{outcome}", minutes=dashboard_access.LINK_MINUTES)

    async def dashboard(self, request: web.Request) -> web.StreamResponse:
        secret = request.cookies.get(COOKIE)
        user_id = await asyncio.to_thread(self._session_user, secret)
        if user_id is None:
            known = await asyncio.to_thread(self._owner_language, secret)
            return self._notice(401, known or self._guess_language(request), "dashboard.denied.signed_out",
                                heading="dashboard.denied.not_signed_in")
        try:
            built, status = await asyncio.to_thread(self._build, user_id, request.query)
        except Exception:
            # Never a stack trace in the browser: the user gets a sentence, the log the details.
            log.exception("dashboard page failed")
            return self._notice(500, self._guess_language(request), "dashboard.page.failed",
                                heading="dashboard.denied.failed_title")
        return self._html("dashboard.html", status, lang=built.lang, page=built)

    async def chart(self, request: web.Request) -> web.StreamResponse:
        kind = request.match_info["kind"]
        if kind not in page.SHOWN:
            return web.Response(status=404, headers=HEADERS)
        user_id = await asyncio.to_thread(self._session_user, request.cookies.get(COOKIE))
        if user_id is None:
            return web.Response(status=401, headers=HEADERS)
        try:
            png = await asyncio.to_thread(self._chart, user_id, request.query, kind)
        except DomainError:
            return web.Response(status=400, headers=HEADERS)  # the page itself says what was wrong
        except Exception:
            log.exception("dashboard chart failed")
            return web.Response(status=500, headers=HEADERS)
        if png is None:
            return web.Response(status=404, headers=HEADERS)
        return web.Response(body=png, content_type="image/png", headers=HEADERS)

    async def logout(self, request: web.Request) -> web.StreamResponse:
        secret = request.cookies.get(COOKIE)
        user_id = await asyncio.to_thread(self._session_user, secret)
        known = None if user_id is None else await asyncio.to_thread(self._language, user_id)
        lang = known or self._guess_language(request)
        await asyncio.to_thread(self._end, secret)
        response = self._notice(200, lang, "dashboard.denied.bye", heading="dashboard.denied.signed_out_title")
        response.del_cookie(COOKIE, path=PATH)
        return response

    # -- the blocking parts, in a worker thread -------------------------------------------------------------
    def _exchange(self, token: str) -> tuple[SignIn | dashboard_access.Refusal, str | None]:
        with self.core.system() as system:
            outcome = dashboard_access.exchange_link(system, token)
            language = None
            if isinstance(outcome, SignIn):
                return outcome, None
            owner = dashboard_access.link_owner(system, token)
            if owner is not None and outcome != "unknown":
                language = language_of(system, owner)
            return outcome, language

    def _session_user(self, secret: str | None) -> int | None:
        with self.core.system() as system:
            return dashboard_access.session_user(system, secret)

    def _owner_language(self, secret: str | None) -> str | None:
        with self.core.system() as system:
            owner = dashboard_access.session_owner(system, secret)
            return None if owner is None else language_of(system, owner)

    def _language(self, user_id: int) -> str | None:
        with self.core.system() as system:
            return language_of(system, user_id)

    def _end(self, secret: str | None) -> None:
        with self.core.system() as system:
            dashboard_access.end_session(system, secret)

    def _build(self, user_id: int, query: Mapping[str, str]) -> tuple[page.DashboardPage, int]:
        try:
            chosen = filters.read(query)
        except DomainError as refused:
            built = page.build(self.core, user_id, filters.Filters(), self.directory, skip_reports=True)
            built.error = t(built.lang, "dashboard.page.bad_filter", reason=page.said(built.lang, refused))
            return built, 400
        built = page.build(self.core, user_id, chosen, self.directory)
        return built, 200 if built.error is None else 400

    def _chart(self, user_id: int, query: Mapping[str, str], kind: str) -> bytes | None:
        return page.chart(self.core, user_id, filters.read(query), self.directory, cast(ReportKind, kind))

    def _secure(self) -> bool:
        return (self.core.defaults.public_url or "").startswith("https://")

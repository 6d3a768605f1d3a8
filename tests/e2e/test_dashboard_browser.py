"""The dashboard in a real headless browser: Debian's chromium driven by selenium through /usr/bin/chromedriver
(no Selenium Manager download; `.ci/run` installs both packages when missing).

The real server (`salesbot serve`'s build_server, port 0) over tests/integration/report_world.py; Mia, East's
manager, asks the bot for the dashboard in chat and opens the link on a phone-sized window (390 × 844): the page
loads, the funnel is her team's (7 deals, lead ¥830,000) and nothing of team North's (Carol's ¥500,000 Wayne
deal) is on it, and the page needs no sideways scrolling. A link opened after 15 minutes gets the clear "expired"
page. Waits are generous (60 s: the browser fetches eight charts, each drawn by matplotlib, on a loaded machine);
nothing asserts a duration.

The public URL is a proxy's address in production; here the link's path and token are opened on the server's own
port (which is only known once it listens)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from bot.bootstrap import App
from bot.messages import IncomingMessage
from bot.serve import build_server
from core.clock import FixedClock
from core.services import users
from tests.integration.report_world import build

pytestmark = pytest.mark.e2e
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 60
LINK = re.compile(r"https?://\S+/dashboard/login\?token=[A-Za-z0-9_-]+")


def _browser() -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=390,844", "--lang=en-US", "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    return driver


def _ask_for_link(app: App, sender: str, message_id: str) -> str:
    [reply] = app.assistant.handle_sync(IncomingMessage(channel="telegram", chat_id=sender, sender_id=sender,
                                                        message_id=message_id, text="dashboard"))
    found = LINK.search(reply.text)
    assert found, reply.text
    return found.group(0)


def _on(port: int, link: str) -> str:
    parts = urlsplit(link)
    return f"http://127.0.0.1:{port}{parts.path}?{parts.query}"


def _drive(port: int, fresh: str, stale: str, expire: Callable[[], None]) -> None:
    driver = _browser()
    try:
        driver.get(_on(port, fresh))
        funnel = WebDriverWait(driver, WAIT).until(
            expected_conditions.visibility_of_element_located((By.ID, "report-funnel")))
        assert driver.current_url.endswith("/dashboard")  # the token left the address bar
        text = funnel.text
        assert "lead: 7 deal(s) · ¥830,000" in text and "won: 2 deal(s)" in text
        assert "500,000" not in text
        page = driver.find_element(By.TAG_NAME, "body").text
        assert "Team East" in page and "Carol" not in page and "Wayne" not in page
        chart = funnel.find_element(By.TAG_NAME, "img")
        WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth", chart) == 800)
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        # Choosing "last quarter" in the form: July–September, when East created nothing.
        driver.find_element(By.CSS_SELECTOR, "#period option[value='last_quarter']").click()
        driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
        WebDriverWait(driver, WAIT).until(lambda d: "period=last_quarter" in d.current_url)
        funnel = WebDriverWait(driver, WAIT).until(
            expected_conditions.visibility_of_element_located((By.ID, "report-funnel")))
        assert "830,000" not in funnel.text
        # A link opened too late: a clear page, no data, no stack trace.
        expire()
        driver.delete_all_cookies()
        driver.get(_on(port, stale))
        notice = WebDriverWait(driver, WAIT).until(
            expected_conditions.visibility_of_element_located((By.ID, "notice")))
        assert "This sign-in link has expired" in notice.text and "dashboard" in notice.text
        assert "Traceback" not in driver.page_source and "report-funnel" not in driver.page_source
    finally:
        driver.quit()


async def test_a_manager_opens_the_dashboard_in_chromium(make_app: Callable[..., App], clock: FixedClock) -> None:
    app = make_app(public_url="https://sales.example.com")
    build(app.core, clock)
    with app.core.system() as system:
        users.link(system, users.require_by_name(system, "Mia"), "telegram", "200")
    fresh = _ask_for_link(app, "200", "1")
    stale = _ask_for_link(app, "200", "2")
    assert fresh.startswith("https://sales.example.com/dashboard/login?token=")
    server = build_server(app)
    await server.start()
    try:
        await asyncio.to_thread(_drive, server.port, fresh, stale,
                                lambda: clock.advance(timedelta(minutes=16)))
    finally:
        await server.stop()

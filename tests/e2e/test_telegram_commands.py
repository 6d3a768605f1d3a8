"""Slash commands and invite links: /start CODE (once, before it expires), /help, /pipeline, /tasks, /report,
/settings, the command menu, and `salesbot user invite` printing the deep link."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.handlers.meta import help_text
from core.clock import FixedClock
from core.i18n import t
from tests.e2e.telegram_support import Telegram, link_by_invite, world
from tests.fakes import DEFAULT_USER, TgUser

__all__ = ["world"]

pytestmark = pytest.mark.asyncio

BOB = TgUser(20002, "Bob", username="bob_sales", language_code="en")


async def command(world: Telegram, name: str, args: str = "", user: TgUser = DEFAULT_USER) -> str:
    before = len(world.fake.sent_to(user.id))
    await world.deliver(world.fake.command_update(name, args, user=user))
    (reply,) = await world.replies_after(user.id, before)
    return reply.text or ""


@pytest.mark.parametrize("world", ["polling", "webhook"], indirect=True)
async def test_commands_map_onto_the_assistant(world: Telegram) -> None:
    world.add_user("Alice")
    world.add_deal("Alice", world.add_customer("Alice", "Acme Corp"), "ERP rollout")
    await link_by_invite(world, "Alice")

    assert await command(world, "help") == help_text("en")
    pipeline = await command(world, "pipeline")
    assert "ERP rollout" in pipeline
    assert [m.text for m in await world.say("my pipeline")] == [pipeline]
    tasks = await command(world, "tasks")
    assert [m.text for m in await world.say("what's on today")] == [tasks]

    report = await command(world, "report")
    await world.say("no")
    assert [m.text for m in await world.say("daily report")] == [report]


async def test_settings_show_language_and_time_zone_in_the_users_language(world: Telegram) -> None:
    world.add_user("Alice")
    world.add_user("王芳", lang="zh", team="华东销售部")
    world.link("Alice", DEFAULT_USER)
    world.link("王芳", BOB)
    assert await command(world, "settings") == t(
        "en", "telegram.settings", language=t("en", "telegram.language.en"), timezone="Asia/Shanghai")
    assert await command(world, "settings", user=BOB) == t(
        "zh", "telegram.settings", language=t("zh", "telegram.language.zh"), timezone="Asia/Shanghai")


async def test_invite_codes_work_once_and_expire(world: Telegram) -> None:
    world.add_user("Alice")
    world.add_user("Bob")
    assert await command(world, "start") == t("en", "telegram.start.need_invite")
    assert await command(world, "start", "not-a-real-code") == t("en", "error.invite_invalid")

    code = world.invite("Alice")
    assert await command(world, "start", code) == t("en", "link.welcome", name="Alice")
    assert await command(world, "start") == t("en", "link.already", name="Alice")
    assert await command(world, "start", code, user=BOB) == t("en", "error.invite_invalid")  # used already

    late = world.invite("Bob")
    world.advance(timedelta(days=8).total_seconds())
    assert await command(world, "start", late, user=BOB) == t("en", "error.invite_invalid")  # expired
    assert (await world.say("help", user=BOB))[0].text == t("en", "access.unknown_user")


async def test_the_command_menu_is_published_in_both_languages(world: Telegram) -> None:
    menus = world.fake.commands
    assert len(menus) == 2
    for commands in menus.values():
        assert [c["command"] for c in commands] == ["help", "pipeline", "tasks", "report", "settings"]
    descriptions = {c["description"] for commands in menus.values() for c in commands}
    assert t("zh", "telegram.commands.tasks") in descriptions and t("en", "telegram.commands.tasks") in descriptions


async def test_user_invite_prints_a_deep_link_that_links_the_account(world: Telegram) -> None:
    world.add_user("Alice")
    clock = world.app.core.clock
    assert isinstance(clock, FixedClock)
    clock.set(datetime.now(UTC))  # the CLI runs on the real clock; keep the server on the same time
    settings = world.app.settings
    env = {"SALESBOT_DATABASE_URL": settings.core.resolved_database_url,
           "SALESBOT_DATA_DIR": str(settings.core.data_dir),
           "SALESBOT_TELEGRAM_TOKEN": world.fake.token, "SALESBOT_TELEGRAM_API_URL": world.fake.root}
    # The CLI runs its own event loop (asyncio.run), so it gets a thread; the fake keeps serving on ours.
    result = await asyncio.to_thread(CliRunner().invoke, main, ["user", "invite", "Alice"], env=env)
    assert result.exit_code == 0, result.output
    found = re.search(r"https://t\.me/salesbot_test_bot\?start=([A-Za-z0-9_-]+)", result.output)
    assert found is not None, result.output
    assert len(found.group(1)) <= 64  # Telegram's limit for a deep-link parameter
    assert await command(world, "start", found.group(1)) == t("en", "link.welcome", name="Alice")

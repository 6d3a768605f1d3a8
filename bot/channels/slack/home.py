"""The App Home tab: the user's open deals and today's tasks, read through core as that user."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.blocks import escape, section
from bot.channels.slack.people import People, Person
from core.context import CoreGateway, ServiceContext
from core.i18n import format as fmt
from core.i18n import t
from core.models import Task
from core.services import deals, tasks
from core.timeutil import local_today, zone

log = logging.getLogger(__name__)

JSON = dict[str, Any]
MAX_ROWS = 15


def header(text: str) -> JSON:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": True}}


def context(text: str) -> JSON:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


class HomeTab:
    def __init__(self, core: CoreGateway, client: AsyncWebClient, people: People) -> None:
        self.core = core
        self.client = client
        self.people = people

    async def publish(self, slack_user: str) -> None:
        person = await self.people.find(slack_user)
        blocks = await asyncio.to_thread(self.blocks_for, person, slack_user)
        try:
            await self.client.views_publish(user_id=slack_user, view={"type": "home", "blocks": blocks})
        except (TimeoutError, SlackClientError, aiohttp.ClientError, OSError) as exc:
            # The tab is drawn again the next time it is opened; nothing to queue.
            log.warning("views.publish for %s failed: %s", slack_user, exc)

    def blocks_for(self, person: Person | None, slack_user: str) -> list[JSON]:
        if person is None:
            lang = self.people.default_language
            return [header(t(lang, "slack.home.welcome")), section(t(lang, "slack.home.no_access"))]
        with self.core.unit(person.user_id) as ctx:
            return _linked_home(ctx, person.language)


def _linked_home(ctx: ServiceContext, lang: str) -> list[JSON]:
    today = local_today(ctx.now(), ctx.actor.timezone)
    open_deals = deals.query(ctx, mine_only=True, limit=MAX_ROWS)
    names = deals.customer_names(ctx, open_deals)
    due = tasks.list_open(ctx, day=today, mine_only=True, limit=MAX_ROWS)
    blocks: list[JSON] = [header(t(lang, "slack.home.title", name=ctx.actor.name)),
                          context(escape(t(lang, "slack.home.today", date=fmt.day(today, lang))))]
    blocks += [{"type": "divider"}, section(f"*{t(lang, 'slack.home.deals')}*")]
    if not open_deals:
        blocks.append(section(t(lang, "slack.home.no_deals")))
    for deal in open_deals:
        close = fmt.day_with_year(deal.expected_close_date, lang, today) if deal.expected_close_date else "—"
        line = t(lang, "slack.home.deal_line", title=escape(deal.title),
                 customer=escape(names.get(deal.customer_id, "")), stage=t(lang, f"stage.{deal.stage}"),
                 amount=fmt.money(deal.amount, deal.currency, lang), close=close)
        blocks.append(section(line))
    blocks += [{"type": "divider"}, section(f"*{t(lang, 'slack.home.tasks')}*")]
    if not due:
        blocks.append(section(t(lang, "slack.home.no_tasks")))
    for task in due:
        overdue = task.due_at is not None and task.due_at.astimezone(zone(ctx.actor.timezone)).date() < today
        key = "slack.home.task_overdue" if overdue else "slack.home.task_line"
        blocks.append(section(t(lang, key, due=_due(task, ctx.actor.timezone, lang, today),
                                title=escape(task.title))))
    blocks += [{"type": "divider"}, context(escape(t(lang, "slack.home.hint")))]
    return blocks


def _due(task: Task, tz: str, lang: str, today: date) -> str:
    if task.due_at is None:
        return "—"
    local = task.due_at.astimezone(zone(tz))
    day = fmt.day_with_year(local.date(), lang, today)
    return day if task.due_all_day else f"{day} {local:%H:%M}"

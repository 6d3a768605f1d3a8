"""The daily report (日报): submit what you say, or a draft written from what you logged today."""

from __future__ import annotations

from typing import Any

from bot.handlers.base import Answer, HandlerContext, Outcome, Proposal
from bot.intents.schema import Command, DailyReport
from core.permissions import Entity
from core.services import customers, daily_reports


class DailyReportHandler:
    intent = "daily_report"
    changes: Entity = "daily_report"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        assert isinstance(command, DailyReport)
        content = command.summary or draft(h)
        if not content:
            return Answer(h.t("daily.nothing_logged"), private=False)
        header = h.t("card.daily_report", date=h.day(h.today()))
        return Proposal([header, *("  " + line for line in content.splitlines())], {"content": content})

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        report = daily_reports.submit(h.ctx, str(resolved["content"]))
        return Answer(h.t("daily.submitted", date=h.day(report.report_date)))


def draft(h: HandlerContext) -> str:
    """An offline draft from the day's logged interactions and completed tasks."""
    activity = daily_reports.activity(h.ctx)
    lines: list[str] = []
    for item in activity.interactions:
        name = customers.get(h.ctx, item.customer_id).name
        lines.append(h.t("daily.line_interaction", channel=h.t(f"channel.{item.channel}"), customer=name,
                         summary=item.summary))
    for task in activity.completed_tasks:
        lines.append(h.t("daily.line_task", title=task.title))
    return "\n".join(lines)

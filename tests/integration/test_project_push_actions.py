"""Project pushes' buttons through the real conversation (both databases): Open shows the project's status card
with its Gantt chart; Done on a milestone push marks the milestone done (said in the PM's language)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.intents.rules import RuleParser
from core.context import CoreGateway
from core.models import ProjectTask
from tests.integration.project_support import won_project
from tests.notify_helpers import chat, notes, person, tick

SH = ZoneInfo("Asia/Shanghai")
CALM = ["suggestion", "daily_report", "deal_stale", "digest_daily", "digest_weekly", "task_due", "project_at_risk"]


def test_open_on_a_new_project_push_shows_its_card_and_gantt(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=[*CALM, "milestone_due"])
    person(core, "Pat", role="pm", telegram="200", mute=[*CALM, "milestone_due"])
    won_project(core, alice.id)
    tick(core, datetime(2026, 11, 25, 10, 5, tzinfo=SH))
    mine = [n for n in notes(core, "project_created") if n.user_id == alice.id]
    assert len(mine) == 1
    say = chat(core, RuleParser())
    [opened] = say(action=f"notify:open:{mine[0].id}", sender="100")
    assert opened.text.startswith("📁 Acme ERP rollout · Acme") and "PM: Pat" in opened.text
    assert opened.image is not None and opened.image.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_done_on_a_milestone_push_marks_it_done_in_the_pms_language(core: CoreGateway) -> None:
    alice = person(core, "Alice", telegram="100", mute=[*CALM, "project_created", "milestone_due"])
    person(core, "Pat", role="pm", lang="zh", telegram="200", mute=[*CALM, "project_created"])
    project_id = won_project(core, alice.id)
    tick(core, datetime(2026, 12, 30, 9, 0, tzinfo=SH))  # the default template's Acceptance milestone
    [note] = notes(core, "milestone_due")
    say = chat(core, RuleParser())
    [done] = say(action=f"notify:done:{note.id}", sender="200")
    assert done.text == "🚩 里程碑“Acceptance”已标记完成。"  # task names are in the owner's language
    with core.system() as system:
        task = system.session.scalar(select(ProjectTask).where(ProjectTask.project_id == project_id,
                                                               ProjectTask.milestone.is_(True),
                                                               ProjectTask.status == "done"))
        assert task is not None and task.name == "Acceptance"

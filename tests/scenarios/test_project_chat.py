"""The project conversation through the real assistant, checking what text checks cannot: the Gantt image in the
status reply (a PNG, en and zh), and what was written (project, task after design, hours with the day's rate)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from core.context import CoreGateway, Defaults
from core.models import Deal, Project, ProjectTask, TaskDependency, TimeEntry
from tests.scenarios.harness import Chat, Turn
from tests.scenarios.test_scenarios import core_for_scenario, world_template  # noqa: F401 (fixtures)

PNG = b"\x89PNG\r\n\x1a\n"


def _say(chat: Chat, *lines: str) -> list[str]:
    texts = []
    for line in lines:
        texts += [reply.text for reply in chat.send(Turn(say=line))]
    return texts


def test_won_to_gantt_in_english(core_for_scenario: CoreGateway) -> None:  # noqa: F811
    chat = Chat(core_for_scenario, "Alice")
    _say(chat, "we won Northwind Traders", "yes",
         "add task data migration to the Northwind Traders project, 5 days, after design", "yes",
         "log 3h on Northwind Traders", "yes")
    replies = chat.send(Turn(say="how is the Northwind Traders project"))
    assert len(replies) == 1 and replies[0].image is not None
    assert replies[0].image.data[:8] == PNG and "POS upgrade" in replies[0].text
    with core_for_scenario.system() as system:
        project = system.session.scalar(select(Project).where(Project.name == "POS upgrade"))
        assert project is not None and project.manager_id is not None
        tasks = {t.name: t for t in system.session.scalars(select(ProjectTask)
                                                           .where(ProjectTask.project_id == project.id))}
        migration, design = tasks["data migration"], tasks["Design"]
        assert system.session.scalar(select(TaskDependency.id).where(
            TaskDependency.task_id == migration.id, TaskDependency.depends_on_id == design.id)) is not None
        hours = system.session.scalars(select(TimeEntry.hours).where(TimeEntry.project_id == project.id)).all()
        assert hours == [Decimal("3.00")]


def test_won_to_gantt_in_chinese(core_for_scenario: CoreGateway) -> None:  # noqa: F811
    chat = Chat(core_for_scenario, "张伟")
    _say(chat, "蓝海物流赢单了", "确认", "给蓝海物流项目加个任务 数据迁移 5天 在方案设计之后", "确认")
    replies = chat.send(Turn(say="蓝海物流项目进展怎么样"))
    assert replies[0].image is not None and replies[0].image.data[:8] == PNG
    assert "运输管理系统" in replies[0].text and "数据迁移" not in replies[0].text  # the tasks are in the chart


def test_a_broken_template_refuses_the_win_in_the_users_language(core_for_scenario: CoreGateway,  # noqa: F811
                                                                   tmp_path: Path) -> None:
    (tmp_path / "project_templates").mkdir()
    (tmp_path / "project_templates" / "default.toml").write_text(
        'name = "x"\n\n[[tasks]]\nname = "Design"\ndays = 5\nafter = ["Design"]\n', "utf-8")
    broken = CoreGateway(core_for_scenario.factory, core_for_scenario.clock,
                         Defaults("CNY", "Asia/Shanghai", "zh", data_dir=tmp_path))
    english = _say(Chat(broken, "Alice"), "we won Northwind Traders", "yes")
    assert "default.toml" in english[-1] and "line 4" in english[-1] and "Design → Design" in english[-1]
    chinese = _say(Chat(broken, "张伟"), "蓝海物流赢单了", "确认")
    assert chinese[-1].startswith("数据文件 default.toml 无法使用") and "line 4" in chinese[-1]
    with broken.system() as system:
        assert system.session.scalar(select(func.count(Project.id))) == 2  # the demo's own won deals only
        stages = system.session.scalars(select(Deal.stage).where(Deal.title.in_(("POS upgrade", "运输管理系统"))))
        assert sorted(stages) == ["negotiation", "qualified"]  # neither deal was won

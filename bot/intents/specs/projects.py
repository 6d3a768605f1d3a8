"""Delivery projects: update_project, query_project, project_task (add / move / reassign a task), change_request."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from bot.intents.command import CURRENCY, CUSTOMER, MAX_AMOUNT, Amount, Command, Percent, Text, When
from bot.intents.rules import slots_projects, slots_work
from bot.intents.rules.features import Features
from bot.intents.rules.phrases import PROGRESS, PROJECT_QUERY
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec, L, R, cues

_TITLE = "the project's name, without the customer and the word 'project'"


class UpdateProject(Command):
    """Progress, risks or news on a delivery project."""

    intent: Literal["update_project"] = "update_project"
    customer: Text | None = Field(None, description=CUSTOMER)
    title: Text | None = Field(None, description=_TITLE)
    percent: Percent | None = Field(None, description="the project's progress, 0-100")
    summary: Text | None = Field(None, description="what happened or what is at risk, in the user's words")
    manager: Text | None = Field(None, description="the colleague named as the project's manager (PM), their "
                                                   "name as written ('Pat is the PM' → Pat, 项目经理是张伟 → 张伟)")


class QueryProject(Command):
    """How a project stands (one, or all of the user's)."""

    intent: Literal["query_project"] = "query_project"
    customer: Text | None = Field(None, description=CUSTOMER)
    title: Text | None = Field(None, description=_TITLE)
    at_risk: bool | None = Field(None, description="true when the user asks which projects are at risk or late "
                                                   "('which projects are at risk', 哪些项目有风险)")


class ProjectTaskChange(Command):
    """A task of a delivery project to add, move (new start or duration) or reassign."""

    intent: Literal["project_task"] = "project_task"
    action: Literal["add", "move", "reassign"] | None = Field(
        None, description="add a new task, move one (new start, new number of days, after another task) or "
                          "reassign it to someone")
    customer: Text | None = Field(None, description=CUSTOMER)
    title: Text | None = Field(None, description=_TITLE)
    task: Text | None = Field(None, description="the task's name ('data migration', 数据迁移)")
    days: Annotated[int, Field(ge=0, le=3650)] | None = Field(None, description="how many working days it takes")
    after: Text | None = Field(None, description="the name of the task it comes after ('after design' → design)")
    start: When | None = Field(None, description="the day it is to start")
    assignee: Text | None = Field(None, description="the colleague who is to do it, their name as written")


class RequestChange(Command):
    """A change request on a project (its end or start date, its budget), applied once approved."""

    intent: Literal["change_request"] = "change_request"
    customer: Text | None = Field(None, description=CUSTOMER)
    title: Text | None = Field(None, description=_TITLE)
    end: When | None = Field(None, description="the project's new planned end")
    start: When | None = Field(None, description="the project's new planned start")
    budget: Amount | None = Field(None, description="the project's new total budget")
    budget_change: Annotated[Decimal, Field(gt=-MAX_AMOUNT, lt=MAX_AMOUNT)] | None = Field(
        None, description="an amount added to the budget (negative when it is cut): 预算加5万 → 50000")
    currency: str | None = Field(None, description=CURRENCY)
    reason: Text | None = Field(None, description="why, in the user's words")


# Progress and risk words (PROGRESS) and asking words (PROJECT_QUERY) are shared with signals: other intents
# read them as facts about the message (a progress report is not a finished task).
def _score_update_project(f: Features, s: Signals, own: float) -> float:
    score = own
    if s.project_noun and s.hit(slots_projects.PM_NAMED):
        score += 3  # "Pat is the PM of the Acme project", Acme项目经理是张伟
    if s.progress_percent:
        score += 3 if s.project_noun or score > 0 else 1.5
        if s.project_noun and f.channels:
            score += 4  # "Acme rollout is 20% done, kick-off done": a percent of a project is progress
    if s.project_noun:
        score += 1
        if score >= 2 and not s.question and not f.channels:
            score += 2  # "项目风险：需求变更": a statement about the project
    elif not f.percents:
        score = min(score, 1)  # progress words alone ("done", 完成了) are not about a project
    if s.question and (s.project_noun or s.project_query_word):
        score -= 2  # asking how it stands
    return score


_WHICH = re.compile(rf"{L}(?:which|what|any|list|show|my|our){R}|哪些|哪个|有没有|列出|[?？]", re.IGNORECASE)


def _score_query_project(f: Features, s: Signals, own: float) -> float:
    if not s.project_noun or s.hit(slots_projects.PM_NAMED):
        return min(own, 1)  # "Pat is the PM of the Acme project" tells, it does not ask
    if slots_projects.wants_risks(f) and s.hit(_WHICH):
        return own + 5  # "which projects are at risk", 哪些项目有风险
    if s.question or own > 0:
        return own + 2.5
    if not f.percents and not s.progress_word:
        return own + 2.5  # "鼎新MES项目进展": a noun phrase asks
    return own


def _update_project(f: Features) -> dict[str, object]:
    slots = slots_work.update_project(f)
    manager = slots_projects.manager_named(f)
    if manager:
        slots["manager"] = manager
        summary = slots.get("summary")
        if isinstance(summary, str) and manager in summary:
            slots.pop("summary")  # "Pat is the PM": the whole news is who manages it
    return slots


def _query_project(f: Features) -> dict[str, object]:
    slots = slots_work.query_project(f)
    if "customer" not in slots and slots_projects.wants_risks(f):
        slots["at_risk"] = True  # about the user's projects, not one customer's
    return slots


_F = re.IGNORECASE
# "Pat is the PM of the Acme project", "Acme项目经理是张伟": who manages a project.
_PM_NAMED = cues((slots_projects.PM_NAMED, 4),)
# "add task data migration to the Acme project", 给Acme项目加个任务, "move data migration in the Acme project to
# Jan 4", 把数据迁移分配给张伟: a task of a project (not a to-do of the user's: those have no project).
_PROJECT_TASK = cues(
    (rf"{L}(?:add|new|create|insert)\s+(?:a\s+|the\s+)?(?:new\s+)?(?:task|milestone)\b.{{0,60}}\bproject{R}|"
     rf"{L}project\b.{{0,40}}\b(?:add|new)\s+(?:a\s+)?(?:task|milestone){R}|"
     rf"{L}(?:move|reschedule|shift|push|delay|postpone|extend|shorten)\s+.{{1,60}}\b(?:in|on|of)\s+(?:the\s+)?"
     rf".{{0,40}}project{R}|"
     rf"{L}(?:re-?assign|assign|hand|give)\s+.{{1,60}}\b(?:in|on|of)\s+(?:the\s+)?.{{0,40}}project\b.{{0,10}}"
     rf"\bto\s+\w", 8),
    (r"项目.{0,8}(?:加|添加|新增|新建|增加)(?:个|一个)?(?:任务|里程碑)|(?:加|添加|新增|新建)(?:个|一个)?(?:任务|里程碑).{0,20}项目|"
     r"项目.{0,20}把.{1,20}(?:改到|挪到|推迟|延后|提前|调整|延长|缩短|分配给|交给|指派给|安排给|转给|改由)|"
     r"把.{1,20}(?:改到|挪到|推迟|延后|提前|调整|分配给|交给|指派给|安排给|转给).{0,20}项目", 8),
)
# "change request: move Acme project end to 15 March", 变更：Acme项目预算加5万
_CHANGE_REQUEST = cues(
    (rf"{L}(?:change request|change order|scope change|request a change|cr\s*[:：]){R}|变更\s*[:：]|变更申请|申请变更|"
     r"提(?:个|一个)?变更|(?:预算|工期|范围|结束日期|完工日期)变更", 8),
)


def _score_needs_project(f: Features, s: Signals, own: float) -> float:
    return own + 1 if s.project_noun else min(own, 1)


SPECS = (
    IntentSpec(
        name="update_project", command=UpdateProject, writes=True, order=180, required=("customer",),
        cues=(*PROGRESS, *_PM_NAMED), scorer=_score_update_project, filler=_update_project,
        help="help.update_project",
        examples={"en": ("Acme rollout is 60% done, hardware delivered",), "zh": ("华东电力项目进度60% 硬件已到位",)},
        handler="bot.handlers.projects:UpdateProjectHandler",
    ),
    IntentSpec(
        name="query_project", command=QueryProject, writes=False, order=190, cues=PROJECT_QUERY,
        scorer=_score_query_project, filler=_query_project, help="help.query_project",
        examples={"en": ("how's the Acme project going?", "which projects are at risk"),
                  "zh": ("鼎新MES项目进展怎么样", "哪些项目有风险")},
        handler="bot.handlers.project_reads:QueryProjectHandler",
    ),
    IntentSpec(
        name="project_task", command=ProjectTaskChange, writes=True, order=175, required=("task",),
        cues=_PROJECT_TASK, scorer=_score_needs_project, filler=slots_projects.project_task,
        help="help.project_task",
        examples={"en": ("add task data migration to the Acme project, 5 days, after design",),
                  "zh": ("给华东电力项目加个任务 数据迁移 5天 在方案设计之后",)},
        handler="bot.handlers.project_tasks:ProjectTaskHandler",
    ),
    IntentSpec(
        name="change_request", command=RequestChange, writes=True, order=176, required=("customer",),
        cues=_CHANGE_REQUEST, scorer=_score_needs_project, filler=slots_projects.change_request,
        help="help.change_request",
        examples={"en": ("change request: move the Acme project end to 15 March",),
                  "zh": ("变更：华东电力项目预算加5万",)},
        handler="bot.handlers.project_changes:ChangeRequestHandler",
    ),
)

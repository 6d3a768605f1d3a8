"""Delivery projects: update_project, query_project. Written, not registered yet."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.intents.command import CUSTOMER, Command, Percent, Text
from bot.intents.rules import slots_work
from bot.intents.rules.features import Features
from bot.intents.rules.phrases import PROGRESS, PROJECT_QUERY
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec

_TITLE = "the project's name, without the customer and the word 'project'"


class UpdateProject(Command):
    """Progress, risks or news on a delivery project."""

    intent: Literal["update_project"] = "update_project"
    customer: Text | None = Field(None, description=CUSTOMER)
    title: Text | None = Field(None, description=_TITLE)
    percent: Percent | None = Field(None, description="the project's progress, 0-100")
    summary: Text | None = Field(None, description="what happened or what is at risk, in the user's words")


class QueryProject(Command):
    """How a project stands (one, or all of the user's)."""

    intent: Literal["query_project"] = "query_project"
    customer: Text | None = Field(None, description=CUSTOMER)
    title: Text | None = Field(None, description=_TITLE)


# Progress and risk words (PROGRESS) and asking words (PROJECT_QUERY) are shared with signals: other intents
# read them as facts about the message (a progress report is not a finished task).
def _score_update_project(f: Features, s: Signals, own: float) -> float:
    score = own
    if s.progress_percent:
        score += 3 if s.project_noun or score > 0 else 1.5
    if s.project_noun:
        score += 1
        if score >= 2 and not s.question and not f.channels:
            score += 2  # "项目风险：需求变更": a statement about the project
    elif not f.percents:
        score = min(score, 1)  # progress words alone ("done", 完成了) are not about a project
    if s.question and (s.project_noun or s.project_query_word):
        score -= 2  # asking how it stands
    return score


def _score_query_project(f: Features, s: Signals, own: float) -> float:
    if not s.project_noun:
        return min(own, 1)
    if s.question or own > 0:
        return own + 2.5
    if not f.percents and not s.progress_word:
        return own + 2.5  # "鼎新MES项目进展": a noun phrase asks
    return own


SPECS = (
    IntentSpec(
        name="update_project", command=UpdateProject, writes=True, order=180, required=("customer",),
        cues=PROGRESS, scorer=_score_update_project, filler=slots_work.update_project, help="help.update_project",
        examples={"en": ("Acme rollout is 60% done, hardware delivered",), "zh": ("华东电力项目进度60% 硬件已到位",)},
        handler=None,  # projects have no handler yet
    ),
    IntentSpec(
        name="query_project", command=QueryProject, writes=False, order=190, cues=PROJECT_QUERY,
        scorer=_score_query_project, filler=slots_work.query_project, help="help.query_project",
        examples={"en": ("how's the Acme project going?",), "zh": ("鼎新MES项目进展怎么样",)},
        handler=None,  # projects have no handler yet
    ),
)

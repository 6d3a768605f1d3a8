"""The rep's own work: create_task, list_tasks, complete_task, daily_report, log_time."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field

from bot.intents.command import CUSTOMER, PERSON, Command, Text, When
from bot.intents.rules import slots_reads, slots_work
from bot.intents.rules.features import Features
from bot.intents.rules.phrases import DONE, REMINDER
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec, L, R, cues

_F = re.IGNORECASE


class CreateTask(Command):
    """A to-do or reminder for the user."""

    intent: Literal["create_task"] = "create_task"
    task: Text | None = Field(None, description="what to do, verb first, without the reminder words or the due date")
    due: When | None = Field(None, description="when it is due")
    customer: Text | None = Field(None, description=CUSTOMER)


class ListTasks(Command):
    """Open tasks: the user's (or a colleague's), due on a day or in a period, overdue, or for one customer."""

    intent: Literal["list_tasks"] = "list_tasks"
    due: When | None = Field(None, description="only tasks due that day; with due_until, the first day of the period "
                                               "('next week' → its Monday)")
    due_until: When | None = Field(None, description="the last day of the period asked about ('next week' → its "
                                                     "Sunday, 这周 → this Sunday)")
    overdue: bool | None = Field(None, description="true for overdue tasks only ('overdue tasks', 逾期的任务)")
    customer: Text | None = Field(None, description=CUSTOMER)
    person: Text | None = Field(None, description=PERSON)
    team: bool | None = Field(None, description="true for the whole team's tasks ('the team's overdue tasks', "
                                                "团队逾期的任务), as far as the user may see them")


class CompleteTask(Command):
    """A task the user has done."""

    intent: Literal["complete_task"] = "complete_task"
    task: Text | None = Field(None, description="the task that is done, verb first ('send the quote', '寄样品')")


class DailyReport(Command):
    """The user's end-of-day report."""

    intent: Literal["daily_report"] = "daily_report"
    summary: Annotated[str, Field(min_length=1, max_length=8000)] | None = Field(
        None, description="the report's text, when the message carries it (left empty, it is drafted)")


class LogTime(Command):
    """Hours the user spent on a task."""

    intent: Literal["log_time"] = "log_time"
    hours: Annotated[float, Field(gt=0, le=24)] | None = Field(None, description="time spent, in hours: 90 min → 1.5")
    task: Text | None = Field(None, description="what the time went on")
    customer: Text | None = Field(None, description=CUSTOMER)
    date: When | None = Field(None, description="the day the work was done")


# -- create_task: "remind me …" (shared with signals.reminder_phrase), or a future time then something to do -----
def _score_create_task(f: Features, s: Signals, own: float) -> float:
    score = own
    if score >= 5 and s.direct_question:
        score -= 3  # "did I set a reminder for acme?" asks
    if s.implicit_task and not s.question and not s.direct_question:
        score += 3.5
    if s.planned and not s.direct_question:
        score += 5  # "meeting with Globex next Tue 3pm", 明天上午十点约了北方重工: into the calendar
    return score


# -- list_tasks -------------------------------------------------------------------------------------------------
# "tasks next week", 这周的任务, "this week's todos", Alice的任务, "bob's tasks", "tasks for alice": the tasks of a
# period or of someone — a list, even when the message opens with "tasks" (which alone would start a new one).
_TASKS_OF = re.compile(slots_reads.gated(
    r"tasks?|to-?dos?|reminders?|任务|待办|安排|提醒",
    rf"^\W*(?:my\s+|all\s+|open\s+)?(?:tasks?|to-?dos?|reminders?)\s+(?:for\s+|due\s+|in\s+)?(?:this|next|nxt)\s+"
    rf"(?:week|wk|month)\s*[?？.!]*$|{L}(?:this|next|nxt)\s+(?:week|wk|month)['’]?s?\s+(?:tasks?|to-?dos?){R}|"
    rf"['’]s\s+(?:open\s+|pending\s+)?(?:tasks?|to-?dos?|reminders?){R}|"
    rf"^\W*(?:tasks|to-?dos|reminders)\s+(?:for|of|assigned to)\s+[\w\u4e00-\u9fff]+(?:\s+[\w\u4e00-\u9fff]+){{0,3}}"
    rf"\s*[?？.!]*$|"
    rf"[\w\u4e00-\u9fff]\s+(?:tasks|to-?dos|reminders)\s*[?？]*$|"
    r"(?:这周|本周|这个?星期|这礼拜|下周|下个?星期|下礼拜|上周|这个月|本月|下个月|今天|明天|后天)(?:的\s?(?:任务|待办|安排|提醒)|"
    r"\s?(?:任务|待办)(?:$|[?？]|有哪些|有啥|呢))|"
    r"的\s?(?:任务|待办|tasks?|to-?dos?)(?:有哪些|有啥|列表|清单|[?？]|呢|吗|$)"),
    _F,
)
_LIST_TASKS = cues(
    (rf"{L}(?:my|list|show|any|all|open|pending|outstanding|upcoming|remaining)\b[\w\s']{{0,12}}"
     rf"(?:tasks?|to-?dos?|reminders?){R}", 6),
    (rf"{L}(?:tasks?|to-?dos?|reminders?)\s?(?:list|for (?:today|tomorrow|tmr|this week|\w+day)|due|pls|please)"
     rf"{R}|(?:tasks?|to-?dos?|reminders?)\s*\?", 5),
    (rf"{L}(?:what'?s on|what is on|whats on|what do i have|what have i got|what r my|what are my|what'?s due|"
     rf"what is due|anything due|due (?:today|tomorrow|tmr|this week)|on my plate|"
     rf"anything (?:due|on|overdue)|my (?:agenda|schedule|day)|agenda for|schedule for|overdue\?*$|"
     rf"(?:anything|what(?: else)?|what'?s)\s+(?:do\s+)?(?:i|we)\s+(?:need|have|got)\s+to\s+do){R}", 5),
    (r"我的\s?(?:待办|任务|提醒|安排|tasks?|to-?dos?|reminders?)|(?:待办|任务|提醒|todo|tasks?)(?:事项)?(?:列表|清单)|"
     r"有(?:什么|啥|哪些)\s?(?:任务|待办|安排|事|提醒|reminders?|to-?dos?|tasks?)|(?:任务|待办|安排)[^，,。]{0,3}(?:有哪些|有啥|是什么)|"
     r"要干啥|要做什么|干啥|要?干嘛|要做啥|要忙什么|的安排|哪些任务|任务没完成|没完成的任务|还有哪些(?:任务|待办)|"
     r"(?:还有|有)(?:啥|什么|哪些)(?:没做|要做|没完成|没干|事情?要)", 6),
    # "overdue tasks", "what's past due", 逾期的任务, 过期没做的待办
    (slots_reads.gated(r"overdue|due|late|missed|behind|逾期|过期|超期|到期|延期",
     rf"{L}(?:overdue|past[- ]due|late|missed)\s+(?:\w+\s+)?(?:tasks?|to-?dos?|reminders?|items?|follow-?ups?){R}|"
     rf"{L}(?:tasks?|to-?dos?|reminders?)\b.{{0,16}}\b(?:overdue|past[- ]due){R}|^\W*overdue{R}|"
     rf"{L}(?:my|all|any)\s+(?:overdue|late)\s+(?:stuff|things|items|work){R}|{L}(?:am i|are we|i'?m|we'?re)\s+"
     rf"(?:behind|late)\s+(?:on|with){R}|{L}(?:what'?s|what is)\s+(?:late|behind){R}|"
     rf"{L}(?:what'?s|what is|anything|which|show|list)\b.{{0,12}}\b(?:overdue|past[- ]due)\s*[?？!.]*$|"
     r"(?:逾期|过期|超期|到期没做|到期未完成|延期)的?.{0,4}(?:任务|待办|事项|事)|"
     r"(?:任务|待办).{0,6}(?:逾期|过期|超期)"), 6),
    (_TASKS_OF, 6),
)
_MY = re.compile(rf"{L}my{R}|我的", _F)
_MAKE_TASK = re.compile(rf"[:：]|{L}(?:remind|don'?t forget|add|new|create|set){R}|"
                        r"提醒我|提醒一下|别忘|记得|新建|加个|添加|创建", _F)
# "overdue invoices", 逾期未回款: money that is late, not a task.
_MONEY_LATE = re.compile(rf"{L}(?:invoices?|payments?|paid|pay|owes?|owed|receivables?|bills?|money|collect){R}|"
                         r"回款|付款|款项|尾款|欠|账款|应收|到账", _F)


def _score_list_tasks(f: Features, s: Signals, own: float) -> float:
    score = own
    # "tasks next week", "tasks for alice": whose or when, nothing to do ("remind me to check bob's tasks" and
    # "明天的任务：打电话" still make one)
    listing = s.hit(_TASKS_OF) and not s.hit(_MAKE_TASK)
    creating = s.reminder_phrase and not s.direct_question and not listing  # "add it to my tasks" makes one
    if score >= 5 and creating and not s.question:
        score -= 3
    done = s.done_phrase
    if s.task_noun and (f.dates or s.hit(_MY) or slots_reads.period(f)) and not creating and not done:
        score += 4  # "tasks for friday", "my reminders", "tasks this week"
    if score > 0 and not s.task_noun and s.hit(_MONEY_LATE):
        score -= 6  # "show overdue invoices": receivables
    return score


# -- complete_task: "done: …" (shared with signals.done_phrase) plus weaker done words --------------------------
_COMPLETE_TASK = (*DONE, *cues(
    (rf"{L}(?:done|finished|completed){R}", 2),
    (r"已完成|完成了|搞定了?|做完了|写完了|弄完了|办完了", 2),
    # "完成 准备安全方案", "搞定:发方案": the done word opening the message, then the task.
    (r"^\s*(?:完成|已完成|搞定|做完|办完)\s*[:：]?\s*[\u4e00-\u9fffA-Za-z]{2,}", 5),
    # "给周工回电话 搞定了": a to-do, then the done word.
    (r"^(?:给[^\s，,]{1,8})?(?:回|打|发|寄|送|交|准备|整理|写|约|跟进|催)[^，,。！!？?]{0,16}[\s,，]*"
     r"(?:搞定了|做完了|弄好了|办好了|已完成|完成了)\s*[。!！]*$", 5),
))


def _score_complete_task(f: Features, s: Signals, own: float) -> float:
    score = own
    if s.question:
        score -= 3
    if s.progress_percent:
        score -= 2  # "60% done" is progress
    if s.project_noun and (s.progress_word or s.progress_percent) and not s.question:
        score -= 3  # "项目验收完成了": a statement about a project
    if f.channels and not s.task_noun and score < 5:
        score -= 2  # "demo done": an interaction; "cross off call acme" stays a task
    if s.task_noun and score >= 2:
        score += 1
    if s.meeting_done:
        score -= 5  # "site visit done", 拜访完了
    if s.reminder_phrase and not s.done_phrase:
        score -= 3  # "建任务 年底前完成所有老客户回访": a new task whose text says "complete"
    return score


# -- daily_report -----------------------------------------------------------------------------------------------
_DAILY_REPORT = cues(
    (rf"{L}(?:daily (?:report|update|summary|log)|eod (?:report|update)|^eod|end[- ]of[- ]day (?:report|update)|"
     rf"day report|today'?s report|my report for today|today'?s (?:summary|recap|wrap-?up)|"
     rf"daily (?:recap|wrap-?up)|eod (?:summary|recap)){R}", 6),
    (r"日报|工作汇报|今日汇报|今日总结|今天的总结|每日汇报|工作日志|当日总结|今日工作", 6),
    # "my daily", "today's daily", "submitting my daily:": daily as the noun for the report.
    (rf"(?:{L}(?:my|today'?s|the|submit(?:ting)?|send(?:ing)?|post(?:ing)?)\s+|今天的?\s?)daily{R}"
     rf"(?!\s+(?:standup|stand-up|meeting|call|sync|huddle|check-?in){R})", 6),
)
# "submitting my daily: …", "日报：…": a daily-report label opening the message frames what follows.
_DAILY_FRAME = re.compile(r"^\W{0,3}(?:[\w']+\s+){0,3}(?:daily|eod|wrap-?up|日报|工作日志|今日总结)\s*[:：]", _F)


def _score_daily_report(f: Features, s: Signals, own: float) -> float:
    score = own + 3 if s.hit(_DAILY_FRAME) else own
    if s.report_query and not s.hit(_DAILY_FRAME):
        score -= 7  # "who hasn't sent a daily report", 谁还没交日报, "Alice's reports": a question about reports
    return score


# -- log_time: only with a duration in the message ----------------------------------------------------------------
_LOG_TIME = cues(
    (rf"{L}(?:spent|worked|timesheet|time ?sheet|time log|log(?:ged)? time|put down|book(?:ed)? (?:time|\d)|"
     rf"billable|billed|bill|charged){R}|工时|花了|耗时|用了.{{0,3}}(?:小时|分钟)|记.{{0,2}}时间", 3),
    # "昨天现场支持银河物流 8小时", "onsite support at acme 6h": work done for a customer, counted with a duration.
    (rf"{L}(?:on-?site support|remote support|support(?:ed)?|implementation|install(?:ation|ed)?|training|"
     rf"trained|debugg(?:ing|ed)|configur(?:ing|ed|ation)|worked on|overtime){R}|"
     r"(?:现场|远程|技术)支持|支持了|驻场|实施|调试|部署|培训|加班|配置", 3),
)
_DURATION_LOG = re.compile(
    rf"^\s*(?:pls |please )?(?:log|record|add|track)\b\s*[:\-]?\s*(?:time\b|\d|half|an? (?:hour|hr))|"
    rf"{L}(?:log it|pls log|please log|log this|log pls|log that){R}|记一下|记录一下|登记",
    _F,
)
_STARTS_WITH_DURATION = re.compile(r"^\s*\d+(?:\.\d+)?\s?(?:h|hrs?|hours?|mins?|minutes?)\b", _F)


def _score_log_time(f: Features, s: Signals, own: float) -> float:
    if f.hours is None:
        return min(own, 1)
    score = own + 3 if own > 0 else own
    if s.hit(_DURATION_LOG) or s.hit(_STARTS_WITH_DURATION):
        score += 5  # "log 2h …", "3h on the acme deck"
    return score


SPECS = (
    IntentSpec(
        name="create_task", command=CreateTask, writes=True, order=80, required=("task",), cues=REMINDER,
        scorer=_score_create_task, filler=slots_work.create_task, help="help.create_task",
        examples={"en": ("remind me to call Li Wei tomorrow 3pm", "todo: send acme the revised quote by friday"),
                  "zh": ("提醒我明天下午三点给王总打电话", "待办：周五前给华东电力发报价")},
        handler="bot.handlers.tasks:CreateTaskHandler",
    ),
    IntentSpec(
        name="list_tasks", command=ListTasks, writes=False, order=70, cues=_LIST_TASKS,
        scorer=_score_list_tasks, filler=slots_reads.list_tasks, help="help.list_tasks",
        examples={"en": ("what's on today", "tasks next week", "overdue tasks", "Alice's tasks"),
                  "zh": ("今天有什么事", "这周的任务", "逾期的任务", "张伟的任务")},
        handler="bot.handlers.tasks:ListTasksHandler",
    ),
    IntentSpec(
        name="complete_task", command=CompleteTask, writes=True, order=60, required=("task",),
        cues=_COMPLETE_TASK, scorer=_score_complete_task, filler=slots_work.complete_task,
        help="help.complete_task",
        examples={"en": ("done: send quote", "mark the acme follow-up as done"),
                  "zh": ("完成任务 发报价", "样品寄了 那条待办勾掉")},
        handler="bot.handlers.tasks:CompleteTaskHandler",
    ),
    IntentSpec(
        name="daily_report", command=DailyReport, writes=True, order=40, cues=_DAILY_REPORT,
        scorer=_score_daily_report, filler=slots_work.daily_report, help="help.daily_report",
        examples={"en": ("daily report",), "zh": ("写日报",)},
        handler="bot.handlers.reports:DailyReportHandler",
    ),
    IntentSpec(
        name="log_time", command=LogTime, writes=True, order=50, required=("hours",), cues=_LOG_TIME,
        scorer=_score_log_time, filler=slots_work.log_time, help="help.log_time",
        examples={"en": ("log 2 hours on the acme proposal", "spent 90 min on the globex demo prep"),
                  "zh": ("记工时 星辰科技 方案编写 两个半小时",)},
        handler="bot.handlers.time:LogTimeHandler",
    ),
)

"""Tasks, time, projects, reports and the daily report."""

from __future__ import annotations

import re

from bot.intents.lexers.dates import DateMatch
from bot.intents.rules.features import Features
from bot.intents.rules.signals import is_planned
from bot.intents.rules.slots_common import Slots, customer_cut_spans, customer_slot, first_future, first_past
from bot.intents.rules.slots_reads import day_of, period, single_day
from bot.intents.rules.text import clauses, cut, join_pieces, meaningful, pieces, tidy
from core.reports.catalog import AS_OF, BY_CUSTOMER

_F = re.IGNORECASE
_L, _R = r"(?<![A-Za-z])", r"(?![A-Za-z])"
_TASK_CUE = re.compile(
    rf"{_L}(?:(?:pls |please |can you |could you )?remind(?:er)?s?(?: me)?(?: to| about| that| of)?|"
    rf"set (?:a |an )?(?:reminder|alarm|task)(?: for| to)?|add (?:a |an )?(?:task|to-?do|reminder)|"
    rf"new (?:task|to-?do|reminder)|create (?:a )?(?:task|to-?do|reminder)|to-?do|task|"
    rf"don'?t let me forget(?: to| about)?|dont let me forget(?: to| about)?|don'?t forget(?: to)?|"
    rf"note to self|need to remember to|(?:i )?need to|(?:i )?have to|gotta|due|pls|please|"
    rf"(?:put|add|stick|throw)\s+(?:it|this|that)?\s*(?:on|to)\s+my\s+(?:list|to-?do(?: list)?|tasks?|plate|"
    rf"agenda)){_R}|"
    r"提醒我一下|提醒我|提醒一下|设个?提醒|设置提醒|加个?提醒|新建任务|新建待办|加个?待办|加个?任务|创建任务|"
    r"记个?待办|待办|任务|记得|别忘了|不要忘了|别让我忘了?|帮我|下班前|下班之前|上班前|之前",
    _F,
)
_DONE_CUE = re.compile(
    rf"{_L}(?:done with|done|finished|completed?|mark(?:ed)?|as done|as complete(?:d)?|as finished|"
    rf"check(?:ed)? off|tick(?:ed)? (?:that |the |this )?(?:task |one )?off|tick|cross(?:ed)? off|task|"
    rf"close it|it'?s done|is done|clear(?:ed)?|ok|okay|sent|off|close|to-?do|(?:that|this|the|my) reminder|"
    rf"you can|pls|please){_R}|"
    r"完成任务|任务完成|这个任务完成了|那个任务完成了|任务标记完成|标记完成|标记为完成|完成了|勾掉|划掉|打勾|"
    r"那条待办|这条待办|那条|这条|待办|任务|已经[\u4e00-\u9fff]?了|把|搞定了?|做完了|写完了|弄完了|这个|那个|[✅✔☑]|"
    r"关掉吧?|关了|关闭|标成|标为|标记为|done了|那个提醒|这个提醒",
    _F,
)
_TIME_CUE = re.compile(
    rf"{_L}(?:log(?:ged)?(?: time)?|spent|worked|timesheet|time ?sheet|put down|pls log|log it|please log|"
    rf"log this|on|pls|please|it|of){_R}|记录工时|登记工时|记一下工时|记工时|工时|记一下|记录|花了|用了|在|上|做了",
    _F,
)
_PROJECT_WORDS = re.compile(
    rf"{_L}(?:project|proj|update|updated|progress|status|done|complete|completed|finished|halfway|there|is|at|"
    rf"now|percent|the|of|for|on|how'?s|going|where|are|we|with|any|risks?|hit|hits|reached|reaches){_R}|"
    r"进度|更新|完成|一半|还是|已|了|项目|风险|的|到|多少|怎么样|状态|进展|查一下|有|吗|什么时候|验收?|现在|目前|大概|"
    r"大约|差不多|左右|做了|已经|做到",
    _F,
)
_TITLE_STOP = re.compile(
    rf"\s*(?:{_L}(?:project|proj|is|at|progress|status|update|done|complete|completed|percent|going|on|has|now|"
    rf"hit|reached|hits|reaches|nearly|almost|about|around|"
    rf"-|:|risk|risks){_R}|项目|进度|的|那边|[:：,，\-]|\d+\s?%|$)",
    _F,
)
_DAILY_CUE = re.compile(
    rf"{_L}(?:daily (?:report|update|summary|log)|eod(?: report| update)?|end[- ]of[- ]day (?:report|update)|"
    rf"today'?s report|day report|my report for today|today'?s (?:summary|recap|wrap-?up)|daily (?:recap|wrap-?up)|"
    rf"eod (?:summary|recap)|submit(?:ting)?|start|send|write|my|pls|please|generate|create|make|do|today'?s|daily|"
    rf"the|here'?s|report){_R}|"
    r"今日工作汇报|工作汇报|今日汇报|今日总结|今天的日报|今天的|日报|提交|写|发一下|发|今日工作|当日总结|每日汇报|帮我|出一下|"
    r"生成|一下",
    _F,
)


def create_task(f: Features) -> Slots:
    slots: Slots = {}
    due = first_future(f) or _past_due(f)
    if due is not None:
        slots["due"] = due.value
    slots.update(customer_slot(f, guess=False))
    # Only the due date leaves the task: "prep tomorrow's demo deck" tonight keeps its tomorrow.
    dates = [(d.start, d.end) for d in f.dates if due is None or d is due or d.tense == "past"]
    taken = dates + [m.span() for m in _TASK_CUE.finditer(f.text) if m.end() > m.start()]
    soft = customer_cut_spans(f) if "customer" in slots else []
    task = join_pieces(p for p in pieces(cut(f.text, taken, soft)) if meaningful(p))
    if task and is_planned(f):
        task = _PLAN_LEAD.sub("", task).replace("约了", "约", 1)  # "booked a call" → "call", 约了刘工 → 约刘工
    if task:
        slots["task"] = tidy(task)
    return slots


_PLAN_LEAD = re.compile(r"^(?:i\s+|we\s+)?(?:have\s+)?(?:booked|scheduled|set up|lined up|planned|arranged|got)\s+"
                        r"(?:a\s+|an\s+|the\s+)?", re.IGNORECASE)


def _past_due(f: Features) -> DateMatch | None:
    """A due date already past ("remind me to call acme yesterday"): kept, so the conversation can question it —
    but not a date that only qualifies something ("yesterday's notes", 昨天的会议纪要)."""
    for match in f.dates:
        if match.tense == "past" and not re.match(r"'s\b|\s?的", f.text[match.end:]):
            return match
    return None


def complete_task(f: Features) -> Slots:
    taken = [m.span() for m in _DONE_CUE.finditer(f.text) if m.end() > m.start()]
    quoted = re.search(r"['\"]([^'\"]{2,80})['\"]", f.text)
    if quoted:
        return {"task": quoted.group(1).strip()}
    # "printed the brochures, you can close that task": the clause that names the task, not the one that closes it.
    candidates = [p for start, end in clauses(f.text)
                  for p in pieces(cut(f.text[start:end], _local(taken, start, end)))
                  if meaningful(p)]
    if not candidates:
        return {}
    return {"task": _verb_first(max(candidates, key=len))}


def _local(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return [(s - start, e - start) for s, e in spans if start <= s < end]


_OBJECT_VERB = re.compile(r"^(?P<o>[\u4e00-\u9fff]{2,8}?)(?P<v>[发交寄签打写回约催送付报])了?$")


def _verb_first(task: str) -> str:
    """样品寄了 → 寄样品: a task is named verb first."""
    match = _OBJECT_VERB.match(task)
    return match.group("v") + match.group("o") if match else task


def log_time(f: Features) -> Slots:
    slots: Slots = {}
    if f.hours is not None:
        slots["hours"] = f.hours.value
    slots.update(customer_slot(f, guess=False))
    taken = [m.span() for m in _TIME_CUE.finditer(f.text) if m.end() > m.start()]
    if f.hours is not None:
        taken.append((f.hours.start, f.hours.end))
    taken += [(d.start, d.end) for d in f.dates]
    parts = [p for p in pieces(cut(f.text, taken, customer_cut_spans(f))) if meaningful(p)]
    if parts:
        slots["task"] = max(parts, key=len)
    happened = [d for d in f.dates if d.tense in ("past", "today")]
    if happened:
        past = first_past(f)
        if past is not None:
            slots["date"] = past.value
    elif any(d.tense == "future" for d in f.dates):
        # "log 2h tomorrow": kept, so the handler refuses hours for a day still to come (never logged as today)
        slots["date"] = next(d for d in f.dates if d.tense == "future").value
    return slots


def update_project(f: Features) -> Slots:
    slots: Slots = dict(customer_slot(f, guess=False))
    if f.percents:
        slots["percent"] = f.percents[0].value
    title = _project_title(f)
    if title:
        slots["title"] = title
    summary = _project_summary(f, title)
    if summary:
        slots["summary"] = summary
    return slots


def query_project(f: Features) -> Slots:
    slots: Slots = dict(customer_slot(f, guess=False))
    title = _project_title(f)
    if title:
        slots["title"] = title
    return slots


def report(f: Features) -> Slots:
    """Which report, the period it names (its first and last day), and the customer for a customer's books."""
    if not f.reports:
        return {}
    slots: Slots = {"kind": f.reports[0].value}
    span = period(f, past=slots["kind"] != "forecast")  # a report looks back; a forecast ahead
    if span is not None:
        slots["since"], slots["until"] = span.first, span.last
    elif slots["kind"] in AS_OF:
        # An as-of report may name one day: "aging at the end of last month", 上季度末应收账龄, "as of 30 Sep".
        day = single_day(f, past=True)
        if day is not None:
            slots["since"] = slots["until"] = day_of(day.value)
    if slots["kind"] in BY_CUSTOMER:
        # A known name, or an unknown one after "of/for" (answered as unknown, never as everyone's report).
        slots.update(customer_slot(f, guess=False) if f.customer is not None else _report_party(f))
    return slots


_REPORT_PARTY = re.compile(r"(?<![A-Za-z])(?:of|for|on)\s+(?:the\s+)?(?P<name>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})")
_NOT_A_PARTY = re.compile(r"^(?:Q[1-4]|This|Last|Next|All|Everyone|Our|My|Team|The|Project|Projects|Customers?)\b",
                          re.IGNORECASE)


def _report_party(f: Features) -> Slots:
    found = _REPORT_PARTY.search(f.text)
    if found is None or _NOT_A_PARTY.match(found.group("name")):
        return {}
    blocked = [(d.start, d.end) for d in f.dates]
    if any(found.start("name") < e and s < found.end("name") for s, e in blocked):
        return {}
    return {"customer": re.sub(r"\s+(?:project|account|customer)$", "", found.group("name"), flags=re.IGNORECASE)}


def daily_report(f: Features) -> Slots:
    match = re.search(r"[:：]\s*(.+)$", f.text, re.S)
    # The report words open or close the message; the same words inside it ("下午写方案") are the report.
    body = match.group(1) if match else _DAILY_EDGES.sub("", f.text)
    body = tidy(body, edges=False)
    body = re.sub(r"^(?:pls|please|提交)\s*[:：]?\s*", "", body, flags=_F)
    stripped = _DAILY_CUE.sub(" ", body)
    return {"summary": body} if meaningful(stripped) and len(tidy(stripped)) > 3 else {}


_DAILY_EDGES = re.compile(rf"^(?:(?:{_DAILY_CUE.pattern})[\s,，]*)+|(?:[\s,，]*(?:{_DAILY_CUE.pattern}))+$", _F)



def _project_title(f: Features) -> str | None:
    mention = f.customer
    if mention is None:
        return None
    rest = f.text[mention.end:]
    stop = _TITLE_STOP.search(rest.lstrip())
    lead = len(rest) - len(rest.lstrip())
    candidate = rest[lead: lead + (stop.start() if stop else len(rest))]
    candidate = tidy(candidate)
    if not candidate or not meaningful(candidate) or _PROJECT_WORDS.fullmatch(candidate):
        return None
    return candidate


def _project_summary(f: Features, title: str | None) -> str | None:
    text = f.text
    header = [(m.start, m.end) for m in f.mentions] + [(p.start, p.end) for p in f.percents]
    kept: list[str] = []
    for start, end in clauses(text):
        clause = text[start:end]
        local = [(max(s, start) - start, min(e, end) - start) for s, e in header if s < end and start < e]
        residue = cut(clause, local)
        if title:
            residue = residue.replace(title, " ")
        residue = tidy(_PROJECT_WORDS.sub(" ", residue))
        if not meaningful(residue):
            continue
        if local:
            kept.append(tidy(cut(clause, local).replace(title or "\u0001", " ")))
        else:
            kept.append(tidy(clause, edges=False))
    if not kept:
        return None
    summary = " ".join(kept)
    summary = tidy(re.sub(r"^(?:项目|project|proj)?\s*(?:update|更新)?\s*", "", summary, flags=_F))
    return summary or None

"""Slots of the reads reps and managers ask for: periods ("closing next month", 这周的任务), a colleague ("Alice's
pipeline", 张伟的单子), overdue, a customer's contacts, the team's reports and activity.

A period is the date lexer's match for a whole week, month, quarter, year, a rolling span or a day range
(`DateMatch.first`..`last`, see docs/intents.md "Periods"), read here as a range of local days; a single day stays
a day. The person a
question is about is read from the text's shape (a possessive, "for Alice", a name opening a question about work):
the parser does not know the team, so the handler decides whether that person is one the user may read about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.intents.lexers.dates import DateMatch
from bot.intents.rules.features import Features
from bot.intents.rules.lexicon import is_common
from bot.intents.rules.people import EN_FIRST_NAMES, ZH_SURNAMES
from bot.intents.rules.signals import deal_stages
from bot.intents.rules.slots_common import Slots, customer_slot, first_future
from bot.intents.rules.slots_crm import query_customer as customer_query_slots
from bot.intents.rules.slots_deals import query_deals as deal_query_slots

_F = re.IGNORECASE
_L, _R = r"(?<![A-Za-z])", r"(?![A-Za-z])"
Span = tuple[int, int]


def gated(words: str, pattern: str) -> str:
    """A cue `pattern` tried only on texts that contain one of `words` (a plain alternation): one quick scan
    rules most messages out before the alternatives are tried at every position. For patterns whose match is a
    yes/no (cues, signals); the span of a gated match starts at the text's start."""
    return rf"^(?=[\s\S]*?(?:{words}))[\s\S]*?(?:{pattern})"


# -- periods ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PeriodMatch:
    first: date
    last: date  # inclusive
    unit: str  # the date lexer's grain: week, month, quarter, season, year, or day for a range of days
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def as_period(match: DateMatch, today: date) -> PeriodMatch | None:
    """A date match as a range of days, when it names more than one day. A rolling span asked about ("the past
    2 weeks", 最近一周, "the next 7 days") reaches from or to today: the lexer's whole units before or after the
    current one would leave out what happened (or is due) today and this week."""
    if match.last is None or isinstance(match.last, datetime) or isinstance(match.value, datetime):
        return None
    first, last = match.first or match.value, match.last
    if match.rolling:
        length = timedelta(days=(last - first).days + 1)
        first, last = (today - length, today) if last < today else (today, today + length)
    return PeriodMatch(first, last, match.grain, match.start, match.end)


def period(f: Features, *, past: bool = False) -> PeriodMatch | None:
    """The first period the message names (not part of a day: 这周五, "end of next month" are days); `past` reads
    it looking back ("March" in November is the March gone, as a report means it)."""
    found = _periods(f, past=past)
    return found[0] if found else None


def _periods(f: Features, *, past: bool = False) -> list[PeriodMatch]:
    today = today_of(f)
    dates = f.past_dates() if past else f.dates
    return [found for found in (as_period(match, today) for match in dates) if found is not None]


def today_of(f: Features) -> date:
    return f.context.now.astimezone(ZoneInfo(f.context.timezone)).date()


def day_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def single_day(f: Features, *, past: bool = False) -> DateMatch | None:
    """The one day the message names outside a period ("tomorrow", 周五), read ahead (or, `past`, looking back)."""
    spans = [p.span for p in _periods(f)]
    dates = f.past_dates() if past else f.dates
    for d in dates:
        if any(d.start < e and s < d.end for s, e in spans):
            continue
        if past or d.tense != "past":
            return d
    return None


# -- the person a question is about -------------------------------------------------------------------------------
# Words that open or fill a question but are nobody's name.
_NOT_A_NAME_EN_WORDS = """
my our your his her their its team teams everyone everybody anyone anybody someone today tomorrow yesterday
tonight this next last week month year quarter what that it who where here there let he she one today's
todays company customer customers client clients account rep reps sales manager boss people folks me us you
them all each other
"""
_NOT_A_NAME_EN = frozenset(_NOT_A_NAME_EN_WORDS.split())
_ZH_NOT_NAMES_WORDS = """
全部 所有 常规 重要 明天 明年 明日 万一 金额 项目 方案 成交 签约 谈判 初步 跟进
逾期 过期 关键 主要 商机 单子 任务 客户 合同 团队 大家 我们 你们 他们 自己 上周
下周 本周 这周 今天 华东 华北 华南 华中 东北 西北 西南 其他 别人 同事 下属 手下
销售 每个人 谁的 哪些 还有 没有 没完成 已完成 未完成 最近 今年 本月 下月 上月 这个
那个 公司 部门 小组 组里 管理 经理 总监 老板 领导 江湖
"""
_ZH_NOT_NAMES = frozenset(_ZH_NOT_NAMES_WORDS.split())
# "帮我看看", "查一下", "我想看": the asking words before a name.
_ZH_ASK = (r"(?:帮我|请|麻烦|给我)?(?:看看|看一下|看下|查查|查一下|查下|查看|显示|列出|列一下|列下|看|查|"
           r"我想看看?|瞧瞧|问一下|问下)?(?:一下)?")
_ZH_LEAD = re.compile("^" + _ZH_ASK)
_EN_NAME = r"[A-Za-z][A-Za-z.\-]{1,30}"
_ZH_NAME = r"[\u4e00-\u9fff]{2,4}"
# "Alice's pipeline", "show me 张伟's tasks"; before a word for someone's work any name will do ("xiaoming's tasks")
_POSSESSIVE = re.compile(rf"(?<![A-Za-z\u4e00-\u9fff])(?P<n>{_EN_NAME}|{_ZH_NAME})['’]s?{_R}"
                         rf"(?P<work>\s+(?:open\s+|recent\s+|daily\s+|overdue\s+)?(?:pipeline|deals|opps|tasks|to-?dos|"
                         rf"reminders|customers|clients|accounts|visits|calls|meetings|activity|reports|eods|plate){_R})?",
                         _F)
# "pipeline for bob", "tasks assigned to alice", "visits by 张伟"
_FOR_PERSON = re.compile(
    rf"{_L}(?:for|of|by|from|assigned to|owned by|belonging to)\s+(?P<n>{_EN_NAME}|{_ZH_NAME})"
    rf"(?![A-Za-z\u4e00-\u9fff])", _F)
# "what did alice do today", "who has bob visited", "has 张伟 sent …"
_DID_PERSON = re.compile(
    rf"{_L}(?:did|has|have|is|was)\s+(?P<n>{_EN_NAME}|{_ZH_NAME})\s+(?:been\s+)?(?:visit|visited|call|called|meet|met|"
    rf"see|seen|do|done|doing|log|logged|work|worked|send|sent|submit|submitted|file|filed|up to|talk|talked){_R}", _F)
# 张伟的单子, Alice的任务, 看看王芳手下的 …
_ZH_OF = re.compile(rf"(?P<n>{_EN_NAME}|[\u4e00-\u9fff]{{2,12}}?)\s?(?:的|名下的?|手上的?|手里的?|负责的)")
# A name opening a question about someone's work: "Alice最近拜访了哪些客户", 张伟这周做了什么
_ZH_OPENING = re.compile(
    rf"^{_ZH_ASK}(?P<n>{_EN_NAME}|{_ZH_NAME}?)\s?(?=最近|这周|本周|上周|这个月|本月|上个月|今天|昨天|都|有没有|"
    r"拜访|见了|联系了|打了|做了|干了|跑了|去了|交了|提交|写了|发了|在跟|跟进了|还有|有哪些|有几个|有多少|负责|手上|手里|名下|"
    r"管的|管着)")


def person(f: Features) -> str | None:
    """The colleague a question is about, as written ("Alice", "张伟"); None for the user's own work."""
    blocked = _taken(f)
    for pattern, capitalised in ((_POSSESSIVE, True), (_DID_PERSON, True), (_FOR_PERSON, False)):
        for match in pattern.finditer(f.text):
            about_work = pattern is _POSSESSIVE and match.group("work") is not None
            name = _name(match.group("n"), match.span("n"), blocked, capitalised=capitalised, any_word=about_work)
            if name:
                return name
    for match in _ZH_OF.finditer(f.text):
        raw = _ZH_LEAD.sub("", match.group("n")) or match.group("n")
        start = match.end("n") - len(raw)
        name = _name(raw, (start, match.end("n")), blocked)
        if name:
            return name
    opening = _ZH_OPENING.match(f.text)
    if opening and opening.group("n"):
        return _name(opening.group("n"), opening.span("n"), blocked)
    return None


def _taken(f: Features) -> list[Span]:
    spans = [(m.start, m.end) for m in f.mentions] + [(d.start, d.end) for d in f.dates]
    spans += [(s.start, s.end) for s in f.stages] + [(c.start, c.end) for c in f.channels]
    return spans


def _name(raw: str, span: Span, blocked: list[Span], *, capitalised: bool = True, any_word: bool = False
          ) -> str | None:
    """A person's name: a Chinese one (a surname and one or two characters, or 小王/老李), an English first name,
    (`capitalised`) a capitalised word that is not an ordinary one, or (`any_word`, before "'s tasks") any word that
    is not an ordinary one. Never a customer, date, stage or channel."""
    name = raw.strip(" '’.")
    if not name or any(span[0] < e and s < span[1] for s, e in blocked):
        return None
    if "\u4e00" <= name[0] <= "\u9fff":
        if name in _ZH_NOT_NAMES or not 2 <= len(name) <= 3:
            return None
        familiar = len(name) == 2 and name[0] in "小老" and name[1] in ZH_SURNAMES  # 小王, 老李
        return name if name[0] in ZH_SURNAMES or familiar else None
    folded = name.casefold()
    if folded in _NOT_A_NAME_EN or (is_common(name) and folded not in EN_FIRST_NAMES):
        return None
    if folded in EN_FIRST_NAMES or (any_word and name.isalpha() and name.islower()):
        return name[0].upper() + name[1:] if name.islower() else name
    return name if (capitalised or any_word) and name[0].isupper() and len(name) >= 2 else None


# -- query_deals ----------------------------------------------------------------------------------------------
# "closing", 要签, 预计成交: the expected close date; "won", "closed", 签了, 赢单: a move into a stage.
CLOSING = re.compile(
    rf"{_L}(?:closing|close|closes|to close|due to close|expected to close|expect to close|land|landing|sign|signing|"
    rf"slated|expected){_R}|(?:要|能|会|预计|将|可以|准备|打算|计划|可能|有望)\s?(?:签|成交|拿下|落地)|"
    r"签约时间|成交时间|预计成交|预计签",
    _F,
)
_MOVED = re.compile(rf"{_L}(?:won|win|closed|signed|landed|bagged|lost|lose|dropped){_R}|赢|签了|签下|拿下了|成交了|"
                    r"丢了|丢单|输了|成交的", _F)
# "pipeline by rep", 按销售看管道, 每个人的单子
BY_REP = re.compile(
    rf"{_L}(?:by|per|for each|each|every)\s+(?:rep|reps|owner|owners|salesperson|sales ?rep|sales ?person|person|"
    rf"people|member|team member|seller){_R}|{_L}(?:rep|owner|seller)\s+breakdown{_R}|"
    rf"{_L}(?:each|every)\s+rep'?s{_R}|{_L}everyone'?s\s+(?:pipeline|deals){_R}|"
    r"按(?:销售|人|负责人|业务员|成员|人员|销售员|个人)|每个人的?|各(?:个)?销售|每个销售|分人|各人",
    _F,
)


def query_deals(f: Features) -> Slots:
    slots: Slots = dict(deal_query_slots(f))
    who = person(f)
    if who:
        slots["person"] = who
    if BY_REP.search(f.text):
        slots["by_rep"] = True
    stages = deal_stages(f)
    stage = slots.get("stage")
    span = period(f)
    expected = CLOSING.search(f.text) is not None
    moved = stage in ("won", "lost") or _MOVED.search(f.text) is not None
    if span is not None:
        if moved and not expected and span.first <= today_of(f):
            slots["stage"] = stage if stage in ("won", "lost") else _moved_stage(f)
            slots["moved_from"], slots["moved_until"] = span.first, span.last
        else:
            if stage in ("won", "lost") and not any(s.value not in ("won", "lost") for s in stages):
                slots.pop("stage", None)  # 下个月要签的: when they close, not deals already won
            slots["closing_from"], slots["close_date"] = span.first, span.last
    elif expected:
        day = first_future(f)
        if day is not None:
            slots["close_date"] = day_of(day.value)
            if stage in ("won", "lost"):
                slots.pop("stage", None)
    return slots


def _moved_stage(f: Features) -> str:
    return "lost" if re.search(rf"{_L}(?:lost|lose|dropped){_R}|丢|输", f.text, _F) else "won"


# -- list_tasks -----------------------------------------------------------------------------------------------
OVERDUE = re.compile(
    rf"{_L}(?:overdue|over-due|past due|past-due|late|missed|slipped|behind){_R}|逾期|过期|超期|延期的|到期(?:没|未)|"
    r"过了(?:期|截止)|拖了|没按时",
    _F,
)


def list_tasks(f: Features) -> Slots:
    slots: Slots = {}
    span = period(f)
    if span is not None:
        slots["due"], slots["due_until"] = span.first, span.last
    else:
        day = first_future(f)
        if day is not None:
            slots["due"] = day.value
    if OVERDUE.search(f.text) and span is None and "due" not in slots:
        slots["overdue"] = True
    slots.update(customer_slot(f, guess=False))
    who = person(f)
    if who:
        slots["person"] = who
    elif TEAM.search(f.text):
        slots["team"] = True
    return slots


# "the team's overdue tasks", 团队逾期的任务, 我们组的待办: everyone's the asker may read, not only their own.
TEAM = re.compile(rf"{_L}(?:(?:the|my|our) team|team'?s|everyone'?s|everybody'?s|all (?:the )?reps'?){_R}|"
                  r"团队|我们组|组里|全组|大家的|部门的?|手下", _F)


# -- query_customer -------------------------------------------------------------------------------------------
CONTACTS = re.compile(
    rf"{_L}(?:contacts?|contact person|poc|people (?:at|we know)|who (?:do we|we) know|key people){_R}|联系人|对接人|"
    r"联系方式|谁对接|找谁",
    _F,
)
HISTORY = re.compile(
    rf"{_L}(?:history|interactions|activity|visits|calls|last (?:talked|spoke|contact(?:ed)?|visit(?:ed)?|call(?:ed)?|"
    rf"touch)|when did (?:we|i) last){_R}|跟进记录|拜访记录|沟通记录|联系记录|互动记录|"
    r"上次.{0,6}(?:跟进|联系|拜访|沟通)|最近的?(?:跟进|拜访|沟通)",
    _F,
)


def query_customer(f: Features) -> Slots:
    slots: Slots = dict(customer_query_slots(f))
    if CONTACTS.search(f.text):
        slots["part"] = "contacts"
    elif HISTORY.search(f.text):
        slots["part"] = "interactions"
    return slots


# -- list_customers, query_reports, query_activity ------------------------------------------------------------
def list_customers(f: Features) -> Slots:
    who = person(f)
    return {"person": who} if who else {}


def query_reports(f: Features) -> Slots:
    slots: Slots = {}
    who = person(f)
    if who:
        slots["person"] = who
    day = single_day(f, past=True)
    if day is not None:
        slots["day"] = day_of(day.value)
    return slots


_CHANNELS = {"visits": "visit", "calls": "call", "meetings": "meeting", "emails": "email", "messages": "message"}
_CHANNEL_PLURAL = re.compile(rf"{_L}(visits|calls|meetings|emails|messages){_R}", _F)


def query_activity(f: Features) -> Slots:
    slots: Slots = {}
    who = person(f)
    if who:
        slots["person"] = who
    if f.channels:
        slots["channel"] = f.channels[0].value
    else:
        plural = _CHANNEL_PLURAL.search(f.text)
        if plural is not None:
            slots["channel"] = _CHANNELS[plural.group(1).casefold()]
    span = period(f)
    if span is not None:
        slots["since"], slots["until"] = span.first, span.last
    else:
        day = single_day(f, past=True)
        if day is not None:
            slots["since"] = slots["until"] = day_of(day.value)
    return slots

"""Shared facts about one message, computed once and read by every intent's scorer.

A signal is a fact about the text ("it asks a question", "it names a deal", "it asks for a new deal"), never
another intent's score: each intent scores only itself (see `spec.Scorer`). Where one intent used to look at
another's score, the text fact behind that score is a signal here. Signals are computed on first use; the
cue phrases other intents read (`phrases.py`) come from the cue search the ranking has already done.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any, Generic, TypeVar

from bot.intents.lexers.prefilter import may_match
from bot.intents.lexers.vocab import VocabMatch
from bot.intents.rules.deal_refs import deal_reference
from bot.intents.rules.features import Features
from bot.intents.rules.phrases import DONE, NEW_DEAL, PROGRESS, PROJECT_QUERY, REMINDER, REPORT_QUERY
from bot.intents.spec import Cue, L, R

_F = re.IGNORECASE

# A question in the broad sense: wh-words, 吗/呢, and asking verbs (show, 查, 看看, 进展, 情况).
QUESTION = re.compile(
    rf"[?？]|{L}(?:what|whats|what's|which|how many|how much|any|show|list|where|who|when|is the|"
    rf"are we|did|do we|does|has|have we|status|see){R}|吗|呢|哪些|哪个|什么|多少|几个|怎么样|如何|查|"
    r"看看|看一下|看下|列一下|列出|列表|有没有|是否|到哪|进展|情况",
    _F,
)
# A question in the narrow sense: a question mark, a leading wh-word, 吗, 有没有 (not "show", 查, 情况).
DIRECT_QUESTION = re.compile(
    rf"[?？]|^(?:what|which|any|do i|have i|show|list){R}|吗|哪些|哪里|去哪|什么|多少|有没有|有啥", _F)
DEAL_NOUN = re.compile(
    rf"{L}(?:deals?|opps?|oppty|opportunit(?:y|ies)|pipeline|close date|closing date){R}|"
    r"商机|单子|这单|那单|机会|deal|签约时间|签约日期|成交时间|成交日期|预计成交|预计签约",
    _F,
)
TASK_NOUN = re.compile(
    rf"{L}(?:tasks?|to-?dos?|reminders?|action items?){R}|待办|任务|提醒|事项",
    _F,
)
PROJECT_NOUN = re.compile(
    rf"{L}(?:projects?|proj|implementation|rollout|roll-out|install(?:ation)?|go-?live|deployment|"
    rf"delivery|phase \d|milestone){R}|项目|实施|上线|验收|交付|工程|进度",
    _F,
)
# "it", "that deal", 这个单子: the message means the record just talked about.
CONTEXT_REF = re.compile(
    rf"{L}(?:it|that deal|this deal|the deal|that one|this one|that opp|this opp){R}|这个单子|这单|那单|"
    r"这个商机|该商机|这个deal|那个deal|这个项目机会|这笔单|这个(?:商机|单)|把它|它",
    _F,
)
# Something that already happened with someone: visited, called, 拜访了, 说.
PAST_VERB = re.compile(
    rf"{L}(?:visited|called|rang|met|emailed|e-mailed|texted|messaged|spoke|talked|chatted|phoned|dropped by|"
    rf"stopped by|went|had (?:a|an)|got off|caught up|heard back|replied|responded|wrote|sent them|just got){R}|"
    r"拜访了|打了|开了|见了|聊了|去了|沟通了|回复了?|发了|通了|来电|回了|刚跟|刚和|刚给|联系了|谈了|碰了|约了|吃饭|"
    r"拜访完|说|反馈|表示|回邮件|发邮件来|发消息|打电话来|打电话过来|打过来|来电话|打来电话",
    _F,
)
UPDATE_VERB = re.compile(
    rf"{L}(?:moved?|push(?:ed)?|bump(?:ed)?|slipp?(?:ed)?|downsized?|upsized?|increased?|reduced?|changed?|"
    rf"update[ds]?|set|mark(?:ed)?|now|is now|back to|to){R}|改|调|推迟|提前|更新|砍|进入|变成|降到|涨到|提高",
    _F,
)
PROBABILITY_WORD = re.compile(rf"{L}(?:likely|likelihood|chance|prob|probability|odds){R}|"
                              r"概率|把握|可能性|胜算|赢率", _F)
_ACTION = re.compile(
    rf"{L}(?:call|email|send|prepare|prep|follow up|visit|meet|ping|chase|submit|review|draft|book|check|"
    rf"remind|confirm|schedule|write|finish|update|renew|pay|invoice){R}|给.{{1,12}}(?:打|发|回|寄|送|交|出|做|准备|提供)|"
    r"发|准备|约|去|拜访|跟进|催|交|提交|寄|整理|写|回访|联系|开会|打电话|把|更新|修改|出一?[版份个]|做一?[版份个]|"
    r"call|meeting|会",
    _F,
)
_TASK_LEAD = re.compile(r"^\s*(?:(?:帮我|请)?(?:记一下|记下|记得|备忘)|帮我|note|memo)[\s,，:：]*", _F)
# 要去…, 得把…, 需要…: what has to happen, before the thing to do.
_MUST = re.compile(r"^(?:我|我们)?(?:需要|必须|得|要)", _F)
# "更新泓源能源的报价", "出一版新方案": the stage word is what the task produces, not a stage the deal moves to.
_PRODUCE = re.compile(r"^(?:给.{1,12}?)?(?:更新|修改|改|出|做|准备|写|发|提交|整理|提供)|"
                      r"^(?:prep|prepare|send|draft|update|revise|write|submit|finish)\b", _F)
_IMPERATIVE_START = re.compile(
    rf"^(?:pls |please )?(?:(?:i |we )?(?:need to|have to|gotta|got to|must|should)\s+)?"
    rf"(?:call|email|send|visit|meet|prepare|prep|follow up|ping|chase|submit|review|draft|book|"
    rf"schedule|text|message|remind|check|confirm|invoice){R}",
    _F,
)
# "called a new prospect", 一个新客户: the counterpart is introduced, not a request to create it.
NEW_PARTY = re.compile(
    rf"{L}(?:with|w/|to|for|at|from|called|visited|met|emailed|texted|messaged|rang|phoned|saw)\s+"
    rf"(?:a|an|one|some)\s+(?:new|potential|brand new)\s+"
    rf"(?:prospect|customer|client|company|lead|account|logo){R}|"
    rf"{L}(?:for|with|from)\s+a\s+(?:company|customer|client|prospect)\s+(?:not|that|who|which){R}|"
    r"(?:跟|和|与|给|拜访了?|去了?|见了?)(?:一个|一家|个|家)新(?:客户|公司)|"
    # "visited Cobalt Ridge today, new prospect", 拜访了朗峰文旅 新客户: the visit is the news, the customer is new.
    rf"{L}(?:visited|met|called|phoned|saw)\s[^,，;；.。]{{2,40}}?[,，;；]\s*(?:(?:a|an)\s+)?(?:new|brand new)\s+"
    rf"(?:prospect|customer|client|lead|logo){R}|"
    r"(?:拜访了|去了|见了)[^\s,，;；。]{2,12}\s*[,，;；]?\s*(?:是个?|一家)?新(?:客户|的客户)",
    _F,
)
# "site visit done", 拜访完了: reports an interaction, not a finished task.
MEETING_DONE = re.compile(
    rf"{L}(?:visit|site visit|meeting|mtg|demo|presentation|workshop|kickoff|kick-off|walkthrough|tour)\s*"
    rf"(?:is\s+|was\s+)?(?:done|finished|completed|over|wrapped(?: up)?){R}|"
    r"(?:拜访|会议|演示|会)(?:已经)?(?:完了|结束了?|开完了?)",
    _F,
)


_T = TypeVar("_T")


class cached_fact(Generic[_T]):  # lower case: a decorator, like functools.cached_property
    """A fact computed on first read and then a plain attribute (functools.cached_property takes a lock per
    first read on Python 3.11, which costs more than most facts)."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    def __get__(self, signals: Any, owner: type | None = None) -> _T:
        value = self.compute(signals)
        signals.__dict__[self.name] = value
        return value


class Signals:
    """The facts about one message, each computed when first read."""

    def __init__(self, features: Features, matched: Collection[int] | None = None) -> None:
        self.f = features
        self.text = features.text
        # The ids of the cue patterns the ranking found (it searches every spec's cues): phrases are not searched
        # again. Ids, because hashing a compiled pattern hashes its whole source.
        self._matched = matched

    def hit(self, pattern: re.Pattern[str]) -> bool:
        return may_match(pattern, self.text) and pattern.search(self.text) is not None

    def any(self, phrases: tuple[Cue, ...]) -> bool:
        if self._matched is None:
            return any(self.hit(cue.pattern) for cue in phrases)
        matched = self._matched
        return any(id(cue.pattern) in matched for cue in phrases)

    @cached_fact
    def customer(self) -> bool:
        """The message names a known customer."""
        return self.f.customer is not None

    @cached_fact
    def words(self) -> int:
        """Length in words; two Chinese characters count as one."""
        return len(self.text.split()) + sum(1 for ch in self.text if "\u4e00" <= ch <= "\u9fff") // 2

    @cached_fact
    def question(self) -> bool:
        return self.hit(QUESTION)

    @cached_fact
    def direct_question(self) -> bool:
        return self.hit(DIRECT_QUESTION)

    @cached_fact
    def deal_noun(self) -> bool:
        return self.hit(DEAL_NOUN)

    @cached_fact
    def task_noun(self) -> bool:
        return self.hit(TASK_NOUN)

    @cached_fact
    def project_noun(self) -> bool:
        return self.hit(PROJECT_NOUN)

    @cached_fact
    def planned(self) -> bool:
        """A meeting arranged for later — "meeting with Globex next Tue 3pm", 明天上午十点约了北方重工刘工, "lunch w
        acme friday": a plan to put in the calendar, not a visit to log today."""
        return _planned(self.f)

    @cached_fact
    def deal_named(self) -> bool:
        """The message names a deal by its title ("move phase 2 to won", 运输管理系统金额改成80万)."""
        return deal_reference(self.f) is not None

    @cached_fact
    def context_ref(self) -> bool:
        return self.hit(CONTEXT_REF)

    @cached_fact
    def past_verb(self) -> bool:
        return self.hit(PAST_VERB)

    @cached_fact
    def update_verb(self) -> bool:
        return self.hit(UPDATE_VERB)

    @cached_fact
    def probability_word(self) -> bool:
        return self.hit(PROBABILITY_WORD)

    @cached_fact
    def stages(self) -> list[VocabMatch]:
        """Stage words that are about a deal's stage (not 成交概率, 签约时间, "ops lead")."""
        return deal_stages(self.f)

    @cached_fact
    def progress_percent(self) -> bool:
        """A percentage that is progress, not a deal's win probability."""
        return bool(self.f.percents) and not self.probability_word and not self.deal_noun

    @cached_fact
    def new_deal_phrase(self) -> bool:
        """It asks for a new deal ("new deal for …", 新建商机)."""
        return self.any(NEW_DEAL)

    @cached_fact
    def reminder_phrase(self) -> bool:
        """It asks for a reminder or a to-do ("remind me", 提醒我, "todo:")."""
        return self.any(REMINDER)

    @cached_fact
    def done_phrase(self) -> bool:
        """It says a task is done, explicitly ("done: …", "cross off", 任务完成)."""
        return self.any(DONE)

    @cached_fact
    def progress_word(self) -> bool:
        """It reports progress or risk ("halfway", "delayed", 延期, 到货)."""
        return self.any(PROGRESS)

    @cached_fact
    def project_query_word(self) -> bool:
        """It asks how something stands ("status of", "on track", 进展)."""
        return self.any(PROJECT_QUERY)

    @cached_fact
    def report_query(self) -> bool:
        """It asks about daily reports — who has (not) sent one, or someone's ("谁还没交日报", "Alice's reports")."""
        return self.any(REPORT_QUERY)

    @cached_fact
    def implicit_task(self) -> bool:
        """A future time, then something to do: "tmr 3pm call globex", "明天下午三点给华东电力打电话"."""
        return _implicit_task(self.f, self.stages)

    @cached_fact
    def new_party(self) -> bool:
        return self.hit(NEW_PARTY)

    @cached_fact
    def meeting_done(self) -> bool:
        return self.hit(MEETING_DONE)


# Arranging, not reporting: 约了/约好/约在 (an appointment made), "meeting with … <when>", "booked a call".
_PLAN_WORDS = re.compile(
    rf"约了|约好了?|约在|约定|预约了?|安排了|定了.{{0,6}}(?:会|见面|拜访)|{L}(?:scheduled|booked|set up|lined up|"
    rf"planned|arranged)\b|^(?:a\s+)?(?:meeting|mtg|call|lunch|dinner|coffee|demo|visit|site visit|workshop)\s+"
    rf"(?:with|w/?|at)\b|(?:meeting|mtg|call|lunch|dinner|coffee|demo|workshop)\s+(?:with|w/?)\s",
    _F,
)
# Reporting what happened (约了 is not here: an appointment made is a plan).
_HAPPENED = re.compile(
    rf"{L}(?:visited|met|spoke|talked|chatted|phoned|dropped by|stopped by|went|had (?:a|an)|got off|caught up|"
    rf"heard back|replied|said|says|told|wants?|wanted|needs?|liked|agreed|finished|wrapped|just (?:had|did|got)|"
    rf"interested|keen|meets|decided|decision|happy|unhappy){R}|拜访了|见了|聊了|去了|沟通了|谈了|说|反馈|表示|回复了|"
    r"想要|需要|感兴趣|满意",
    _F,
)
# The plan phrase and its time in one clause: "meeting with Globex next Tue 3pm" (a colon or comma between them
# starts a report: "quick call w lumen: board meets on the 2nd").
_CLAUSE_BREAK = re.compile(r"[:：,，.。;；!！?？]")


def is_planned(f: Features) -> bool:
    return _planned(f)


def _planned(f: Features) -> bool:
    if not f.dates:
        return False
    plan = _PLAN_WORDS.search(f.text) if may_match(_PLAN_WORDS, f.text) else None
    if plan is None or _HAPPENED.search(f.text):
        return False
    first = min(f.dates, key=lambda d: d.start)
    between = f.text[min(plan.end(), first.end): max(plan.start(), first.start)]
    if _CLAUSE_BREAK.search(between):
        return False
    now = f.context.now
    for match in f.dates:
        value = match.value
        later = value > now if isinstance(value, datetime) else match.tense in ("future", "any")
        if not later:
            return False
    return True


def deal_stages(f: Features) -> list[VocabMatch]:
    return [s for s in f.stages if not stage_is_other(f.text, s.start, s.end)]


def stage_is_other(text: str, start: int, end: int) -> bool:
    """成交概率, 签约时间, 方案要改, 'ops lead': stage words that are not about the stage."""
    after = text[end: end + 3]
    before = text[max(0, start - 6): start].lower()
    word = text[start:end]
    if re.match(r"率|概率|时间|日期|价|额|周期|金额", after):
        return True
    if word.lower() == "win" and re.match(r"[- ]?(?:probability|prob|chances?|odds|likelihood|rate|ratio)",
                                          text[end: end + 14], re.IGNORECASE):
        return True  # "the win probability of the acme deal": not that it was won
    chance_before = re.compile(r"(?:chances?|odds|likely|likelihood|probability)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
    if word.lower() in ("win", "won") and chance_before.search(text[max(0, start - 30): start]):
        return True  # "what are the chances we win globex"
    if word == "方案" and not re.match(r"阶段|报价", after):
        return True
    closing_soon = re.search(r"(?:预计|月底|年底|前|能|可以|下周|明天|就)\s*$", text[max(0, start - 4): start])
    if word.startswith("成交") and closing_soon:
        return True  # 预计月底成交: when it closes, not that it closed
    if word.lower() in ("lead", "leads") and re.search(r"(?:ops|team|tech|project|sales|product)\s$", before):
        return True
    return bool(word.lower() in ("signed", "won", "lost") and re.search(r"contract\s?$", before))


def _implicit_task(f: Features, stages: list[VocabMatch]) -> bool:
    """"tmr 3pm call globex", "明天下午三点给华东电力打电话": a future time, then something to do."""
    future = [d for d in f.dates if d.tense in ("future", "any") or (d.tense == "today" and d.has_time)]
    if not future or PAST_VERB.search(f.text) or re.search(r"了(?!解)|过(?!来|去)", f.text):
        return False
    if f.amounts or f.percents:
        return False  # "update soylent: amount $220k, close end of month" is about a deal
    first = min(f.dates, key=lambda d: d.start)
    lead = _TASK_LEAD.match(f.text)
    rest = _MUST.sub("", _after_date(f.text, first.end))
    if stages and not _PRODUCE.match(rest):
        return False  # "下周进入谈判阶段": where a deal goes, not a to-do
    if first.start > (lead.end() if lead else 0) + 2:
        # No date first: only an English imperative ("call acme friday") reads as a to-do; "拜访美的 … 下周一前给报价"
        # is a visit note with a deadline in it.
        return _IMPERATIVE_START.match(f.text) is not None and not re.match(
            r"\S+\s+(?:with|w/?)\b", f.text, _F)
    if re.match(r"(?:call|meeting|meet|mtg)\s+(?:with|w/?)\b", rest, _F):
        return False  # "call w massive dynamic": a call that happened
    return _ACTION.match(rest) is not None


def _after_date(text: str, end: int) -> str:
    """What follows a date, without the glue ("之前", "by", a comma)."""
    return re.sub(r"^[\s,，:：\-]*(?:之前|以前|前|by|before|at|on)?[\s,，:：\-]*", "", text[end:], flags=_F)

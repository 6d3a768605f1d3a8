"""Deals, contracts, payments and receivables."""

from __future__ import annotations

import re

from bot.intents.rules.deal_refs import deal_reference
from bot.intents.rules.features import Features
from bot.intents.rules.signals import CONTEXT_REF, stage_is_other
from bot.intents.rules.slots_common import (
    INTRODUCED,
    Slots,
    amount_slots,
    customer_slot,
    first_future,
    first_past,
)
from bot.intents.rules.text import cut, meaningful, tidy

_F = re.IGNORECASE
_L, _R = r"(?<![A-Za-z])", r"(?![A-Za-z])"
# Words around a deal that are not its title.
_DEAL_NOISE = re.compile(
    rf"{_L}(?:new|create|add|open|log|register|a|an|the|for|deal|deals|opp|opps|oppty|opportunity|called|named|"
    rf"worth|valued at|value|budget|amount|estimated|est\.?|approx\.?|around|about|expected|expect|close|closing|"
    rf"close date|closes|by|stage|in|at|already|just|for now|sent|likely|chance|prob|probability|percent|"
    rf"contract|contracts|draft|record|signed|w|with|w/|usd|rmb|eur|now|pls|please|set up|wants?|needs?|"
    rf"looking for|interested in|to|q[1-4]|customer|client|prospect|pipeline|done|paper|the paper|record it|"
    rf"put it in|add it|as a deal|stick|throw|stick it in)?{_R}|[\u2600-\u27bf\U0001F000-\U0001FAFF]|"
    r"新建|新增|新的|新|建个?|加个?|录个?|创建|登记|商机|单子|机会|一个|帮我|先|金额|预算|大概|大约|左右|预计|"
    r"签约?|成交概率|概率|把握|阶段|能定|定|前|之前|的|了|需求|来了个|有个|合同|录一下|录入|起草|一份|给|新建|"
    r"建一下|签了|帮我|一下|新客户|客户|录进去|录进系统|搞定",
    _F,
)
_DEAL_CUES = re.compile(
    rf"{_L}(?:new|create|add|open|log|register|start)\b.{{0,14}}?\b(?:deal|opp|oppty|opportunity)(?: for)?{_R}|"
    rf"{_L}(?:deal|opp|oppty|opportunity)\b.{{0,3}}\bnew{_R}|(?:新建|新增|新|建个?|加个?|录个?|创建|登记|开个?)"
    rf"(?:一个|个)?(?:商机|单子|单|机会|deal|opp)|新项目机会|来了个新(?:需求|项目|机会)|有个新(?:机会|需求|项目)|"
    rf"{_L}(?:new|create|add|draft|record|log)\b.{{0,8}}?\bcontracts?(?: for| with| w)?{_R}|"
    r"(?:帮我)?(?:新建|新增|录入|起草|签了|新|建)(?:一下|一份|个)?合同|合同|contract[:：]?",
    _F,
)
# "60k contract for lobby kiosks", "deal for the warehouse retrofit": what follows "for" names it.
_FOR_WHAT = re.compile(rf"{_L}(?:contract|deal|opp|opportunity|order|po)\s+for\s+(?:the\s+|a\s+|an\s+)?"
                       rf"(?P<t>[^,.;:!?\n]{{3,60}}?)\s*(?=[,.;:!?\n]|{_L}(?:pls|please|worth|at|@)\b|$)", _F)
_QUOTED = re.compile(r"['\"]([^'\"]{2,60})['\"]")
_TITLE_SKIP = re.compile(
    r"^(?:[\W\d_]+|for now|just a|sent|already|in|usd|rmb|eur|pls|please|mil|million|k|m|grand|"
    r"dollars?|bucks|stage|q[1-4]|[a-z])$", _F)


def create_deal(f: Features) -> Slots:
    slots: Slots = dict(customer_slot(f, after=_DEAL_CUES))
    slots.update(amount_slots(f))
    stage = _stage(f)
    if stage:
        slots["stage"] = stage
    due = first_future(f)
    if due is not None:
        slots["close_date"] = due.value
    if f.percents:
        slots["probability"] = f.percents[0].value
    title = deal_title(f)
    if title:
        slots["title"] = title
    return slots


def update_deal(f: Features) -> Slots:
    refers = refers_to_context(f)
    named = deal_reference(f)
    slots: Slots = dict(customer_slot(f, guess=not refers and named is None))
    if named is not None:
        slots["title"] = named.title  # which deal: by its title, never another one's
    if refers:
        slots["refers_to_context"] = True  # "move it to negotiation": the deal just talked about
    stage = _stage(f)
    if stage:
        slots["stage"] = stage
    slots.update(amount_slots(f))
    due = first_future(f)
    if due is not None:
        slots["close_date"] = due.value
    if f.percents:
        slots["probability"] = f.percents[0].value
    return slots


def query_deals(f: Features) -> Slots:
    slots: Slots = dict(customer_slot(f, guess=False))
    stage = _stage(f)
    if stage:
        slots["stage"] = stage
    return slots


def create_contract(f: Features) -> Slots:
    from bot.intents.rules.slots_money import payment_plan  # the money domain reads plans

    slots: Slots = dict(customer_slot(f, after=_DEAL_CUES))
    slots.update(amount_slots(f))
    title = deal_title(f)
    plan = payment_plan(f)
    if plan is not None:
        slots["payment_plan"] = plan[1]
        if title and f.text.find(title) >= plan[0]:
            title = None  # words of the plan ("on signing", 付款方式), not what the contract covers
    if title:
        slots["title"] = title
    return slots


def record_payment(f: Features) -> Slots:
    slots: Slots = dict(customer_slot(f))
    slots.update(amount_slots(f))
    when = first_past(f)
    if when is not None:
        slots["date"] = when.value
    return slots


def query_receivables(f: Features) -> Slots:
    return customer_slot(f, guess=True)


def refers_to_context(f: Features) -> bool:
    return f.customer is None and CONTEXT_REF.search(f.text) is not None


def deal_title(f: Features) -> str | None:
    """What is being sold: the words left once customer, money, dates, stage and cue words are gone."""
    quoted = _QUOTED.search(f.text)
    if quoted is not None:
        return quoted.group(1).strip()
    # Without a known customer, the customer is guessed from the sentence: "deal for Zenith, …" names the
    # customer, not what is sold.
    guess = None if f.mentions else customer_slot(f, after=_DEAL_CUES).get("customer")
    named = _FOR_WHAT.search(f.text)
    if named is not None and not INTRODUCED.search(named.group("t")) and not any(
            m.start >= named.start("t") for m in f.mentions) and not (
            guess and named.group("t").casefold().startswith(str(guess).casefold())):
        title = tidy(_DEAL_NOISE.sub(" ", named.group("t")), light=True)
        if meaningful(title):
            return tidy(named.group("t"), light=True)
    taken = [(m.start, m.end) for m in f.mentions] + [(a.start, a.end) for a in f.amounts]
    taken += [(d.start, d.end) for d in f.dates] + [(p.start, p.end) for p in f.percents]
    taken += [(s.start, s.end) for s in f.stages]
    taken += [m.span() for m in _DEAL_CUES.finditer(f.text) if m.end() > m.start()]
    taken += [m.span() for m in INTRODUCED.finditer(f.text)]
    found = f.text.find(str(guess)) if guess else -1
    if found >= 0:
        taken.append((found, found + len(str(guess))))
    rest = cut(f.text, taken)
    for piece in re.split(r"\u0000|[,，;；:：\n]|\s[-–—]\s|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fffA-Za-z])|"
                          r"(?<=[A-Za-z])\s+(?=[\u4e00-\u9fff])", rest):
        words = tidy(_DEAL_NOISE.sub(" ", piece), light=True)
        if not words or _TITLE_SKIP.match(words) or not meaningful(words):
            continue
        if re.fullmatch(r"[\u4e00-\u9fff]", words):
            continue
        original = _original_span(piece, words)
        return original
    return None


def _original_span(piece: str, words: str) -> str:
    """Prefer the words as typed (with inner glue) over the de-noised copy when both agree at the ends."""
    first, last = words.split()[0], words.split()[-1]
    start = piece.find(first)
    end = piece.rfind(last)
    if start >= 0 and end >= start:
        candidate = tidy(piece[start: end + len(last)], light=True)
        if candidate and len(candidate.split()) <= len(words.split()) + 2:
            return candidate
    return words


def _stage(f: Features) -> str | None:
    stages = [s for s in f.stages if not stage_is_other(f.text, s.start, s.end)]
    return stages[-1].value if stages else None

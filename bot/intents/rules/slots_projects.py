"""Slots of the project intents: a project task to add, move or reassign; a change request; "which projects are
at risk"."""

from __future__ import annotations

import re

from bot.intents.lexers.numbers import parse_number
from bot.intents.rules.features import Features
from bot.intents.rules.slots_common import Slots, customer_slot
from bot.intents.rules.text import tidy

_F = re.IGNORECASE
_L, _R = r"(?<![A-Za-z])", r"(?![A-Za-z])"

DAYS = re.compile(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)\s*(?:working\s+|work\s+|business\s+)?"
                  r"(?:days?(?![A-Za-z])|d(?![A-Za-z])|个?工作日|天)", _F)
_AFTER_EN = re.compile(rf"{_L}(?:after|following|once)\s+(?:the\s+)?(.+?)(?:\s+(?:is|are)\s+done)?"
                       rf"(?=\s*(?:[,，;.]|$|\s+(?:and|with|for|to|in|on)\s|\s*\d+\s*(?:days?|d)\b))", _F)
_AFTER_ZH = re.compile(r"(?:改到|挪到|排到|放到|移到|调到|调整到|在|排在|等)([^\s，,。；;在到]{1,20}?)"
                       r"(?:之后|以后|后面|完成后|做完后)")
_AFTER_ZH_BARE = re.compile(r"(?:^|[\s，,])([^\s，,。；;]{1,20}?)(?:之后|以后|完成后|做完后)")
_ASSIGNEE_EN = re.compile(rf"{_L}(?:to|for)\s+([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?|(?i:me|myself))\s*[.!]?$")
_ASSIGNEE_ZH = re.compile(r"(?:分配给|交给|指派给|安排给|转给|改由|由)\s*([\u4e00-\u9fffA-Za-z]{1,12}?)"
                          r"(?:负责|来做|做|$|[，,。 ])")
_ADD = re.compile(rf"{_L}(?:add|new|create|insert){_R}|加|添加|新增|新建|增加", _F)
_MOVE = re.compile(rf"{_L}(?:move|moved|reschedule|shift|push|delay|postpone|bring forward|start|extend|shorten|"
                   rf"change){_R}|改到|挪到|推迟|延后|提前|调整|改成|改为|延长|缩短|开始", _F)
_ASSIGN = re.compile(rf"{_L}(?:re-?assign|assign|hand|give|allocate){_R}|分配给|交给|指派给|安排给|转给|改由", _F)
# The task's name: after the add words ("add task data migration to …"), or between the verb and the project.
_TASK_EN = re.compile(
    rf"{_L}(?:add|new|create|insert)\s+(?:a\s+|the\s+)?(?:new\s+)?(?:task|milestone)\s*[:：]?\s*(.+?)"
    rf"(?=\s+(?:to|in|on|for|into)\s+(?:the\s+)?|\s*[,，;]|\s+after\b|\s+\d+\s*(?:days?|d)\b|$)|"
    rf"{_L}(?:move|reschedule|shift|push|delay|postpone|extend|shorten|re-?assign|assign|hand|give)\s+"
    rf"(?:the\s+)?(?:task\s+)?(.+?)(?=\s+(?:in|on|of|for|to|by|from)\s|\s*[,，;]|$)", _F)
_TASK_ZH = re.compile(
    r"(?:加|添加|新增|新建|增加)(?:个|一个)?(?:任务|里程碑)\s*[:：]?\s*"
    r"([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{0,30})|"
    r"把\s*([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9 ]{0,30}?)\s*(?:任务)?"
    r"(?:改到|挪到|推迟|延后|提前|调整|改成|改为|延长|缩短|分配给|交给|指派给|安排给|转给|改由|从)")
_PROJECT_TAIL = re.compile(rf"\s*(?:{_L}the\s+)?(?:{_L}project{_R}|项目)\s*$", _F)
_RISK = re.compile(rf"{_L}(?:at risk|risks?|risky|behind|late|slipping|delayed|in trouble){_R}|风险|延期|落后|滞后|"
                   r"拖期|有问题", _F)


def _number(text: str) -> int | None:
    value = parse_number(text)
    if value is None:
        return None
    return int(value) if value == int(value) else round(float(value))


def days_of(f: Features) -> int | None:
    found = DAYS.search(f.text)
    return _number(found.group(1)) if found else None


def _clean_task(name: str | None, f: Features) -> str | None:
    if not name:
        return None
    text = name
    mention = f.customer
    if mention is not None:
        text = text.replace(f.text[mention.start:mention.end], " ")
    text = _PROJECT_TAIL.sub("", DAYS.sub(" ", text))
    text = tidy(re.sub(r"(?:\s+(?:the|a|an)\s*$)", "", text, flags=_F))
    return text or None


def project_task(f: Features) -> Slots:
    slots: Slots = dict(customer_slot(f, guess=False))
    text = f.text
    if _ASSIGN.search(text):
        slots["action"] = "reassign"
    elif _ADD.search(text):
        slots["action"] = "add"
    elif _MOVE.search(text) or f.dates:
        slots["action"] = "move"
    task = None
    en = _TASK_EN.search(text)
    zh = _TASK_ZH.search(text)
    if zh:
        task = zh.group(1) or zh.group(2)
    elif en:
        task = en.group(1) or en.group(2)
    cleaned = _clean_task(task, f)
    if cleaned:
        slots["task"] = cleaned
    days = days_of(f)
    if days is not None:
        slots["days"] = days
    after = _AFTER_EN.search(text)
    after_zh = (_AFTER_ZH.search(text) or _AFTER_ZH_BARE.search(text)) if f.cjk else None
    raw_after = after.group(1) if after else after_zh.group(1) if after_zh else None
    if raw_after:
        clean = tidy(DAYS.sub(" ", raw_after))
        if clean:
            slots["after"] = clean
    if slots.get("action") == "reassign":
        who = _ASSIGNEE_ZH.search(text) or _ASSIGNEE_EN.search(text)
        if who:
            slots["assignee"] = tidy(who.group(1)) or who.group(1).strip()  # tidy drops "me"
    elif f.dates:
        slots["start"] = f.dates[0].value
    return slots


_END_WORDS = re.compile(rf"{_L}(?:end|finish|deadline|go-?live|completion|due){_R}|"
                        r"结束|完工|截止|交付|完成日期|上线", _F)
_START_WORDS = re.compile(rf"{_L}(?:start|kick-?off|begin){_R}|开始|开工|启动", _F)
_MORE = re.compile(rf"{_L}(?:add|plus|increase|more|raise|up|extra|additional){_R}|\+|加|增加|追加|多", _F)
_LESS = re.compile(rf"{_L}(?:cut|reduce|minus|less|lower|down|decrease){_R}|减|减少|降|少", _F)
_REASON = re.compile(rf"(?:{_L}(?:because|since|reason|due to){_R}|因为|原因|由于)\s*[:：]?\s*(.+)$", _F)


def change_request(f: Features) -> Slots:
    slots: Slots = dict(customer_slot(f, guess=False))
    if f.dates:
        day = f.dates[0].value
        if _START_WORDS.search(f.text) and not _END_WORDS.search(f.text):
            slots["start"] = day
        else:
            slots["end"] = day
    if f.amounts:
        amount = f.amounts[0]
        if amount.currency:
            slots["currency"] = amount.currency
        if amount.value < 0 or _LESS.search(f.text):
            slots["budget_change"] = -abs(amount.value)
        elif _MORE.search(f.text):
            slots["budget_change"] = amount.value
        else:
            slots["budget"] = amount.value
    reason = _REASON.search(f.text)
    if reason:
        slots["reason"] = tidy(reason.group(1))
    return slots


def wants_risks(f: Features) -> bool:
    return bool(_RISK.search(f.text))



# "Pat is the PM", "PM: Pat", "make Pat the project manager", 项目经理是张伟, 由张伟负责这个项目
PM_NAMED = re.compile(
    rf"{_L}(?P<en1>[A-Z][a-z]+)\s+(?i:is|will be|as)\s+(?i:the\s+)?(?i:pm|project manager){_R}|"
    rf"{_L}(?i:pm|project manager)\s*(?i:is|:|=|will be)\s*(?P<en2>[A-Z][a-z]+){_R}|"
    rf"{_L}(?i:make)\s+(?P<en3>[A-Z][a-z]+)\s+(?i:the\s+)?(?i:pm|project manager){_R}|"
    r"项目经理(?:是|为|:|：|由|换成|改成|改为)\s*(?P<zh1>[\u4e00-\u9fff]{2,4}?)(?:负责|来|$|[，,。 ])|"
    r"由\s*(?P<zh2>[\u4e00-\u9fff]{2,4}?)\s*(?:负责|担任项目经理|当项目经理)")


def manager_named(f: Features) -> str | None:
    found = PM_NAMED.search(f.text)
    if not found:
        return None
    return next(v for k, v in found.groupdict().items() if v)

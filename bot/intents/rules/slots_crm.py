"""create_customer, add_contact, query_customer."""

from __future__ import annotations

import re

from bot.intents.rules.features import Features
from bot.intents.rules.gazetteer import CITY_RE, INDUSTRY_EN_RE, INDUSTRY_ZH_RE
from bot.intents.rules.people import ZH_TITLE_WORD, en_title
from bot.intents.rules.slots_common import Slots, contact_person, customer_slot
from bot.intents.rules.text import cut, meaningful, tidy

_F = re.IGNORECASE
_LEAD_FILLER = re.compile(
    r"^\s*(?:(?:(?:pls|please|can you|could you|can u|could u|need|i need|we need|got|i have|we have|have|a|an|the|"
    r"add|create|set up|setup|register|"
    r"onboard|new|customer|client|account|acct|cust|prospect|company|record|for|called|named)\b|"
    r"帮我|请|有个|新建|新增|添加|录入|建个|建|加一个|加个|加|录一个|录个|录|创建|一个|个|新|客户|要录一下|要录|"
    r"叫做|叫|一下|名称|名字)\s*[:：\-]?\s*)+",
    _F,
)
_ANY_FILLER = re.compile(
    r"\b(?:add them|add it|pls|please|as (?:a |an )?(?:new )?(?:customer|client|account|prospect)|"
    r"to (?:the |our |my )?(?:customers|clients|accounts|crm))\b|名字叫|叫做",
    _F,
)
_CUSTOMER_CUE = re.compile(
    r"\b(?:new|add|create|set up|register|onboard)\b(?:\s+(?:a|an|the))?(?:\s+new)?\s+"
    r"(?:customer|client|account|acct|cust|prospect)(?:\s+(?:company|record))?(?:\s+(?:for|called|named))?\b\s*[:：\-]?|"
    r"\b(?:customer|client|account) record(?:\s+for)?\b\s*[:：\-]?|"
    r"(?:新建|新增|添加|录入|建个?|加一个|加个|加|录一个|录个|录|创建)(?:一个|个)?(?:新)?客户[:：]?|新客户[:：]?",
    _F,
)
_LABEL = re.compile(r"名称|名字|行业|城市|所在地|地区|name|industry|city|sector|location", _F)
_LABEL_VALUE = re.compile(r"(?P<label>名称|名字|行业|城市|name|industry|city|sector)\s*[:：]?\s*(?P<value>.+)", _F)
_LOCATED = re.compile(r"\s*\b(?:based in|located in|headquartered in|hq in|in|from|out of)\b\s*|^在", _F)
_SUBJECT = re.compile(r"^\s*(?:they'?re|they are|it'?s|it is|we'?re|their|they)\s+(?=in\b|a\b|an\b)|"
                      r"^\s*(?:hq|headquarters|head office|office|based)\s+(?=in\b)", _F)
_CITY_STATE = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)? [A-Z]{2}")
_QUOTED = re.compile(r"['\"]([^'\"]{2,60})['\"]")
_ZH_INDUSTRY_PHRASE = re.compile(
    r"做(?P<a>[\u4e00-\u9fffA-Za-z]{2,6}?)的?|(?P<b>[\u4e00-\u9fff]{2,4}?)(?:行业|业|领域)|(?P<c>[\u4e00-\u9fff]{2,3})公司"
)
_EN_INDUSTRY_PHRASE = re.compile(r"(?:industry|sector)\s*[:：]?\s*(?P<a>[\w&]+(?: [\w&]+)?)|"
                                 r"(?P<b>[\w&]+(?: [\w&]+)?) (?:sector|industry|company|firm)\b|"
                                 r"(?P<c>[\w&]+(?: [\w&]+){0,2}) (?:co|startup|business|outfit|player|shop|brand)\b",
                                 _F)
_QUERY_CUE = re.compile(
    r"\b(?:tell me about|info(?:rmation)? (?:on|about|for)|details (?:on|for|about)|pull up|look ?up|"
    r"profile (?:of|for)|what do we know about|background on|customer (?:info|details|profile)(?: for| on)?)\b|"
    r"客户信息|客户资料|客户详情|查一下|看看|看一下",
    _F,
)
_CONTACT_CUE = re.compile(
    r"\b(?:add|new|save|pls|please)\b(?: a)?(?: new)?(?: contact)?(?: for)?\s*[:\-]?|\bcontacts?\b\s*[:\-]?|"
    r"\b(?:number|phone|email|mobile|cell|tel)\b|\bis the\b|\bas a\b|\b(?:him|her|them)\b|\b(?:she'?s|he'?s)\b|\bto\b|"
    r"(?:添加|新增|新建|加个?|存个?|记一下|录入|帮我存一下|帮我|存到|加到|存一下)?(?:新)?联系人[:：]?|"
    r"电话|手机|邮箱|号码|的对接人是|对接人是|对接人|存到联系人|加到联系人",
    _F,
)


def create_customer(f: Features) -> Slots:
    """Name, industry and city from a new-customer line: segments are classified, the first unknown one names."""
    slots: Slots = {}
    quoted = _QUOTED.search(f.text)
    cue = _CUSTOMER_CUE.search(f.text)
    text = f.text[cue.end():] if cue is not None and meaningful(f.text[cue.end():]) else f.text
    text = _LEAD_FILLER.sub("", text, count=1)
    text = _ANY_FILLER.sub(" \u0000 ", text)
    pending: str | None = None
    unlabelled: list[str] = []
    for segment in _segments(text):
        label = _LABEL.fullmatch(segment)
        if label is not None:
            pending = _label_slot(label.group())
            continue
        labelled = _LABEL_VALUE.match(segment)
        if labelled is not None:
            pending, segment = _label_slot(labelled.group("label")), labelled.group("value").strip()
        for part, kind in _classify_segment(segment, pending):
            if kind == "unknown":
                unlabelled.append(part)
            elif kind not in slots and part:
                slots[kind] = part
        pending = None
    if unlabelled and "name" not in slots:
        slots["name"] = unlabelled.pop(0)
    if unlabelled and "industry" not in slots and len(unlabelled[0]) <= 16:
        slots["industry"] = unlabelled[0]  # "恒星光电, 光电, 合肥": the word after the name is its trade
    if quoted is not None:
        slots["name"] = quoted.group(1).strip()
    name = slots.get("name")
    if isinstance(name, str) and name.isascii() and name == name.lower():
        slots["name"] = name.title()
    if isinstance(slots.get("city"), str) and str(slots["city"]).islower():
        slots["city"] = str(slots["city"]).title()
    return slots


def _classify_segment(segment: str, pending: str | None) -> list[tuple[str, str]]:
    segment = tidy(_SUBJECT.sub("", segment), light=True)
    if not segment or _is_filler(segment):
        return []
    if pending:
        return [(segment, pending)]
    located = _LOCATED.split(segment, maxsplit=1)
    if len(located) == 2 and located[1].strip():
        head, place = located[0].strip(), located[1].strip()
        if not CITY_RE.match(place) and _industry_of(place) and not head:
            return [(_industry_of(place) or place, "industry")]  # "they're in food & beverage"
        city = CITY_RE.match(place)
        out = _classify_segment(head, None) if head else []
        return [*out, (city.group() if city else place.split(",")[0].strip(), "city")]
    city = CITY_RE.fullmatch(segment) or _CITY_STATE.fullmatch(segment)
    if city is not None:
        return [(CITY_RE.match(segment).group() if CITY_RE.match(segment) else segment, "city")]  # type: ignore[union-attr]
    industry = _industry_of(segment)
    if industry:
        return [(industry, "industry")]
    # "northstar hotels hospitality": a lower-case name followed by its industry.
    words = segment.split()
    if len(words) > 1 and segment == segment.lower():
        tail = _industry_of(words[-1])
        if tail:
            return [(" ".join(words[:-1]), "name"), (tail, "industry")]
    return [(segment, "unknown")]


def _industry_of(segment: str) -> str | None:
    phrase = _ZH_INDUSTRY_PHRASE.fullmatch(segment) or _EN_INDUSTRY_PHRASE.fullmatch(segment)
    if phrase is not None:
        found = next(g for g in phrase.groups() if g)
        if phrase.group("b") and segment.endswith("业") and not segment.endswith("行业") and not (
                INDUSTRY_ZH_RE.fullmatch(found) or INDUSTRY_ZH_RE.fullmatch(found + "业")):
            return None  # 白岭矿业 is a company name; 纺织业 is a trade
        if phrase.re is _EN_INDUSTRY_PHRASE and phrase.group("c") and not INDUSTRY_EN_RE.fullmatch(found):
            return None  # "biotech startup" is a trade; "Orion Freight Co" is a name
        return found
    if INDUSTRY_EN_RE.fullmatch(segment) or INDUSTRY_ZH_RE.fullmatch(segment):
        return segment
    return None


def _label_slot(label: str) -> str:
    label = label.lower()
    if label in ("行业", "industry", "sector"):
        return "industry"
    if label in ("城市", "city", "所在地", "地区", "location"):
        return "city"
    return "name"


def add_contact(f: Features) -> Slots:
    slots: Slots = dict(customer_slot(f))
    person = contact_person(f, full=True)
    if person is not None:
        slots["contact"] = person[0]
    if f.emails:
        slots["email"] = f.emails[0].value
    if f.phones:
        slots["phone"] = f.phones[0].value
    taken = [(m.start, m.end) for m in f.mentions] + [(e.start, e.end) for e in f.emails]
    taken += [(p.start, p.end) for p in f.phones]
    if person is not None:
        taken.append((person[1], person[2]))
    if "customer" in slots and not f.mentions:
        found = f.text.find(str(slots["customer"]))
        if found >= 0:
            taken.append((found, found + len(str(slots["customer"]))))
    title = _title(f.text, taken)
    if title:
        slots["title"] = title
    return slots


def query_customer(f: Features) -> Slots:
    return customer_slot(f, guess=True, after=_QUERY_CUE)


def _title(text: str, taken: list[tuple[int, int]]) -> str | None:
    paren = re.search(r"\(([^)]{2,40})\)", text)
    if paren and not any(s <= paren.start(1) < e for s, e in taken):
        return paren.group(1).strip()
    rest = cut(text, taken + [m.span() for m in _CONTACT_CUE.finditer(text) if m.end() > m.start()])
    for piece in _segments(rest):
        zh = ZH_TITLE_WORD.search(piece)
        if zh is not None:
            return zh.group()
        english = en_title(piece)
        if english is not None:
            words = tidy(piece)
            return words.upper() if words.lower() in ("ceo", "cto", "cfo", "coo", "cio", "cmo") else (
                words if len(words.split()) <= 5 and english.lower() in words.lower() else english)
    return None


def _segments(text: str) -> list[str]:
    parts = re.split(r"\u0000|[,，;；:：()（）\n]|\.\s|\s[-–—]\s|(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])", text)
    return [p for p in (tidy(part, edges=False) for part in parts) if p]


def _is_filler(piece: str) -> bool:
    return bool(re.fullmatch(r"(?:add|new|pls|please|them|it|a|the|company|customer|client|行业|城市|客户|业|的|在|"
                             r"做|一下|要录一下|record|for|called|named|based|sector|industry|[\W_]+)+", piece, _F))

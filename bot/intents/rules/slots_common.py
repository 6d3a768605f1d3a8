"""Slot helpers every intent uses: the customer, money, dates, people."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.intents.lexers.dates import DateMatch
from bot.intents.rules.features import Features
from bot.intents.rules.gazetteer import COMPANY_ZH_RE, ZH_LEAD_WORDS
from bot.intents.rules.lexicon import is_common
from bot.intents.rules.people import (
    EN_FIRST_NAMES,
    PINYIN_SURNAMES,
    ZH_TITLE_WORD,
    en_people,
    en_title,
    role_people,
    with_at_people,
    zh_full_names,
    zh_people,
)

Slots = dict[str, Any]
Span = tuple[int, int]

_EN_COMPANY_AFTER = re.compile(
    r"(?:\b(?:at|@|for|with|w/|from|visited|called|emailed|texted|met with|meeting with|call with|deal with|"
    r"contract with|customer|client|account|to)\s+|@)"
    r"(?P<name>[A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|&|of|and|de|la))*)"
)


def customer_spans(f: Features) -> list[Span]:
    return [(m.start, m.end) for m in f.mentions]


def customer_slot(f: Features, *, guess: bool = True, after: re.Pattern[str] | None = None) -> Slots:
    """The known customer named in the message (canonical when exact), else a guessed new name."""
    mention = f.customer
    if mention is not None:
        return {"customer": mention.name if mention.exact else mention.text}
    introduced = introduced_company(f)
    if introduced:
        return {"customer": introduced}
    visited = party_after_verb(f)
    if visited:
        return {"customer": visited}
    if guess:
        name = guess_company(f, after)
        if name:
            return {"customer": name}
    return {}


# Who was visited, called or met: the words right after the verb name the counterpart — even lower case and
# unknown ("visited umbrella today"). Missing it would leave the customer to the conversation context, i.e. to
# whoever was talked about last: the worst mistake there is. A person (a first name, 王总) is not a company.
_PARTY_VERB = re.compile(
    r"(?<![A-Za-z])(?:visited|visiting|visit(?:ed)? to|called|rang|phoned|emailed|e-mailed|texted|messaged|pinged|"
    r"met with|meeting with|mtg with|call with|lunch with|dinner with|demo (?:at|for|with)|dropped by|stopped by|"
    r"went to|was at|were at|drove to|swung by|onsite at|on-site at)\s+(?:the\s+)?"
    r"|(?:拜访了?|去了|走访了?|见了|跑了(?:一?趟)?|拜会了?|约见了?|到访了?)\s*",
    re.IGNORECASE,
)
_ZH_PARTY_END = re.compile(r"今天|昨天|前天|上午|下午|晚上|中午|刚才|刚刚|那边|这边|的|了|和|跟|与|聊|说|谈|开会|沟通|"
                           r"见|一下|一趟|[\s，,。.;；:：!！?？]")
_ZH_NOT_PARTY = re.compile(r"^(?:客户|一下|一趟|一个|一家|那家|这家|他们|她们|对方|公司|现场|工厂|总部|办公室|仓库|"
                           r"门店|展会|会场|机场|酒店|老板|领导)$")


def party_after_verb(f: Features) -> str | None:
    """The counterpart right after an interaction verb, when it is no known customer, person or date."""
    found = _party(f)
    return found[0] if found else None


def party_spans(f: Features) -> list[Span]:
    """Where that counterpart sits (it is header, not story, in a visit note)."""
    if f.mentions:
        return []
    found = _party(f)
    return [(found[1], found[2])] if found else []


def _party(f: Features) -> tuple[str, int, int] | None:
    blocked = [(d.start, d.end) for d in f.dates] + [(e.start, e.end) for e in f.emails + f.phones]
    blocked += [(a.start, a.end) for a in f.amounts]
    people = [(p[1], p[2]) for p in zh_people(f.text) + en_people(f.text) + zh_full_names(f.text)]
    for match in _PARTY_VERB.finditer(f.text):
        start = match.end()
        if any(s <= start < e for s, e in blocked + people):
            continue
        if start < len(f.text) and "\u4e00" <= f.text[start] <= "\u9fff":
            name = _zh_party(f.text, start)
        else:
            name = _name_run(f.text, start, blocked, strict=False)
        if name:
            at = f.text.find(name, start)
            shown = name.title() if name.isascii() and name == name.lower() else name
            return shown, at, at + len(name)
    return None


def _zh_party(text: str, start: int) -> str | None:
    end = start
    while end < len(text) and end - start < 12:
        stop = _ZH_PARTY_END.match(text, end)
        if stop is not None and end > start:
            break
        end += 1
    name = text[start:end]
    if len(name) < 2 or _ZH_NOT_PARTY.match(name) or zh_people(name) or not all(
            "\u4e00" <= ch <= "\u9fff" or ch.isalnum() for ch in name):
        return None
    return name


# "a new client, Marlow & Birch Bakery", "a company not in the system yet: Tallow Creek": the name that follows
# such a phrase is a company, whatever the intent.
INTRODUCED = re.compile(
    r"(?:一个|一家|个|家)新(?:客户|公司)|"
    r"\b(?:a|an|one|our)\s+(?:new|potential|brand new)\s+(?:prospect|customer|client|company|account|lead|logo)"
    r"|\b(?:company|customer|client|prospect)\s+(?:not|that'?s not|that is not|who'?s not)\s+in\s+(?:the\s+)?"
    r"(?:system|crm|database)(?:\s+yet)?",
    re.IGNORECASE,
)


def introduced_company(f: Features) -> str | None:
    for match in INTRODUCED.finditer(f.text):
        rest = re.match(r"\s*[,:：\-]?\s*(?:called |named )?", f.text[match.end():])
        start = match.end() + (rest.end() if rest else 0)
        zh = COMPANY_ZH_RE.match(f.text, start)
        if zh is not None:
            return zh.group()
        name = _name_run(f.text, start, [(d.start, d.end) for d in f.dates], strict=True)
        if name and "\u4e00" <= name[0] <= "\u9fff":
            continue  # a Chinese name is only taken in its company shape
        if name and not is_common(name):
            return name
    return None


def introduced_spans(f: Features) -> list[Span]:
    """Where "a new client, Marlow & Birch Bakery" sits: both the phrase and the name."""
    name = introduced_company(f)
    if not name:
        return []
    found = f.text.find(name)
    return [m.span() for m in INTRODUCED.finditer(f.text)] + ([(found, found + len(name))] if found >= 0 else [])


def guess_company(f: Features, after: re.Pattern[str] | None = None) -> str | None:
    """A company the database does not know (yet): "at Acme", "new deal Acme …", "Acme paid …", 星辰科技.

    With known customers loaded only a capitalised or company-shaped name is guessed: lower-case words
    are then more likely ordinary words than a customer we have never heard of.
    """
    strict = bool(f.context.customer_names)
    blocked = [(d.start, d.end) for d in f.dates] + [(e.start, e.end) for e in f.emails]
    blocked += [(a.start, a.end) for a in f.amounts]
    for match in _EN_COMPANY_AFTER.finditer(f.text):
        name = _name_run(f.text, match.start("name"), blocked, strict=True)
        if name:
            return name
    if after is not None:
        cue = after.search(f.text)
        if cue is not None:
            name = _name_run(f.text, cue.end(), blocked, strict=strict)
            if name:
                return name
    name = _name_run(f.text, 0, blocked, strict=strict, subject=True)
    if name:
        return name
    for match in COMPANY_ZH_RE.finditer(f.text):
        if any(match.start() < e and s < match.end() for s, e in blocked):
            continue
        name = ZH_LEAD_WORDS.sub("", match.group())
        if len(name) >= 3:
            return name
    return None


_RUN_SKIP = re.compile(
    r"[\s:：,，\-–—]*(?:(?:for|with|w/|w|called|named|at|@|to|customer|client|客户是|客户)\b[\s:：]*)*", re.IGNORECASE
)
_TOKEN = re.compile(r"[A-Za-z][\w&'.-]*|[\u4e00-\u9fff]+")
_SUBJECT_VERB = re.compile(
    r"\s*(?:'s\s)?(?:deal|opp|opportunity|project|paid|wired|signed|won|lost|sent|owes|is|was|has|just|called|"
    r"emailed|texted|moved|deal's|contract|payment|account|customer|profile|info|details)\b",
    re.IGNORECASE,
)


def _name_run(text: str, start: int, blocked: list[Span], *, strict: bool, subject: bool = False) -> str | None:
    """The company-looking words at `start`: a run of capitalised words, or (lenient) one plain word."""
    skip = _RUN_SKIP.match(text, start)
    position = skip.end() if skip else start
    words: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text, position):
        if words and text[words[-1][2]: match.start()].strip() not in ("", "&"):
            break
        if not words and match.start() != position:
            break
        if any(match.start() < e and s < match.end() for s, e in blocked):
            break
        words.append((match.group(), match.start(), match.end()))
        if len(words) >= 4:
            break
    if not words:
        return None
    first = words[0][0]
    if "\u4e00" <= first[0] <= "\u9fff":
        if subject:
            return None  # a Chinese sentence start is rarely just the company; COMPANY_ZH_RE decides
        name = ZH_LEAD_WORDS.sub("", first)
        return name if 2 <= len(name) <= 12 else None
    capitalised = [w for w in words if w[0][0].isupper() and not is_common(w[0])]
    run: list[str] = []
    for word, _, _ in words:
        if word[0].isupper() and not is_common(word) and not (run and word.isupper() and len(word) <= 4):
            run.append(word)
        else:
            break
    if run:
        first_start, last_end = words[0][1], words[len(run) - 1][2]
        name = text[first_start:last_end].rstrip(".,'")  # as typed: "Marlow & Birch Bakery" keeps its "&"
        if len(run) == 1 and run[0].lower() in EN_FIRST_NAMES:
            return None
        if subject and not _SUBJECT_VERB.match(text, words[len(run) - 1][2]):
            return None
        return name
    if strict or capitalised or is_common(first) or first.lower() in EN_FIRST_NAMES or len(first) < 3:
        return None
    if subject and not _SUBJECT_VERB.match(text, words[0][2]):
        return None
    return first


_EN_GLUE_BEFORE = re.compile(r"(?:\b(?:for|with|to|at|from|on|re|about|of|w)\s*/?|\bw/)\s*$", re.IGNORECASE)
_ZH_GLUE_BEFORE = re.compile(r"[给跟和与对找向]$")
_PHRASE_END = re.compile(r"\s*(?:$|[,，.。;；:：!！?？\-–—(（]|(?:by|before|until|till|due|on|at|in|tmr|tmrw|tomorrow|"
                         r"today|next|this|for|to|with|about|re)\b)", re.IGNORECASE)
_ZH_PERSON_NEXT = re.compile(r"\s?(?:的)?\s?[\u4e00-\u9fff]{1,2}(?:总|经理|工|主任|老师|老板|总监|主管|姐|哥)")


def customer_cut_spans(f: Features) -> list[Span]:
    """The customer's words in a free-text slot, with their glue: when the customer has its own slot the task
    is what to do ("给天虹商场寄样品" → 寄样品, "follow up w/ granite bank" → follow up)."""
    spans: list[Span] = []
    text = f.text
    named = [(m.start, m.end) for m in f.mentions]
    if not named:
        named = introduced_spans(f)
    for start, end in named:
        if start < 0:
            continue
        possessive = re.match(r"'s|\s?的", text[end:])
        if possessive is not None:
            end += possessive.end()
        zh_before = _ZH_GLUE_BEFORE.search(text[:start])
        en_before = _EN_GLUE_BEFORE.search(text[:start])
        if zh_before is not None and not _ZH_PERSON_NEXT.match(text, end):
            start = zh_before.start()
        elif en_before is not None and _PHRASE_END.match(text, end):
            start = en_before.start()
        spans.append((start, end))
    return spans


# "met li wei", "spoke to wang fang": a lower-case full name after a meeting verb — a pinyin surname or a first
# name, then a name — is the person (the conversation matches it to a known contact in any order and case).
_MET = re.compile(
    r"(?<![A-Za-z])(?:met|meeting|with|saw|spoke (?:to|with)|talked (?:to|with)|chatted with|called|rang)\s+"
    r"(?P<a>[a-z]{2,12})\s+(?P<b>[a-z]{2,12})(?![A-Za-z])"
)


def _met_people(text: str, blocked: Sequence[Span]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for match in _MET.finditer(text):
        first, second = match.group("a"), match.group("b")
        span = (match.start("a"), match.end("b"))
        if any(span[0] < e and s < span[1] for s, e in blocked) or is_common(second) or is_common(first):
            continue
        if first in PINYIN_SURNAMES or first in EN_FIRST_NAMES or second in PINYIN_SURNAMES:
            out.append((f"{first.title()} {second.title()}", *span))
    return out


@dataclass(frozen=True)
class PersonDetails:
    slots: Slots
    spans: list[Span]


_TITLE_AFTER = re.compile(r"\s*(?:[,，(（]\s*|\s+-\s+|\s+the\s+|\s+our\s+)?(?P<t>[^,，()（）.。;；\n]{2,40})")


def person_details(f: Features, person: tuple[str, int, int]) -> PersonDetails:
    """The job title, e-mail and phone the note gives for the person ("met Sarah Connor, VP Ops,
    sarah@…, 138 …", "见了王总(采购总监) 13800138000") — as contact slots, with where they sit."""
    slots: Slots = {}
    spans: list[Span] = []
    if f.emails:
        slots["contact_email"] = f.emails[0].value
        spans.append((f.emails[0].start, f.emails[0].end))
    if f.phones:
        slots["contact_phone"] = f.phones[0].value
        spans.append((f.phones[0].start, f.phones[0].end))
    after = _TITLE_AFTER.match(f.text, person[2])
    if after is not None:
        piece = after.group("t").strip()
        zh = ZH_TITLE_WORD.fullmatch(piece)
        english = en_title(piece)
        if zh is not None or (english is not None and len(piece.split()) <= 4 and english.lower() in piece.lower()):
            slots["contact_title"] = piece if zh is None and len(piece.split()) > 1 else (english or piece)
            spans.append((after.start("t"), after.end("t")))
    return PersonDetails(slots, spans)


def amount_slots(f: Features) -> Slots:
    if not f.amounts:
        return {}
    amount = max(f.amounts, key=lambda a: (a.currency is not None, a.value)) if len(f.amounts) > 1 else f.amounts[0]
    slots: Slots = {"amount": amount.value}
    currency = amount.currency or next((a.currency for a in f.amounts if a.currency), None)
    if currency:
        slots["currency"] = currency
    return slots


def first_future(f: Features) -> DateMatch | None:
    return next((d for d in f.dates if d.tense != "past"), None)


def first_past(f: Features) -> DateMatch | None:
    """A date read looking back ("paid on Monday" = the Monday just gone)."""
    past = f.past_dates()
    return past[0] if past else None


def contact_person(f: Features, *, full: bool = False) -> tuple[str, int, int] | None:
    """The person named in the message, not a customer and not inside an e-mail address.

    `full` (a contact card): a full name beats a form of address — "瑞丰的张总 张海涛" is 张海涛.
    """
    blocked = customer_spans(f) + [(e.start, e.end) for e in f.emails] + [(d.start, d.end) for d in f.dates]
    blocked += party_spans(f)
    names = zh_full_names(f.text, blocked, positional=full)
    candidates = names + zh_people(f.text, blocked) + en_people(f.text, blocked, full=full)
    candidates += role_people(f.text, blocked) + with_at_people(f.text, blocked) + _met_people(f.text, blocked)
    if full and names:
        candidates = names
    if not candidates:
        return None
    first = min(c[1] for c in candidates)
    # The longest reading of the first name: "Maria Lopez" over "Maria".
    return max((c for c in candidates if c[1] == first), key=lambda c: c[2] - c[1])

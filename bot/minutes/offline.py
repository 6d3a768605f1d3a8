"""Minutes without a model: sentences, cue phrases, and the intent layer's date, amount and name lexers.

Dictated minutes follow a spoken template more often than not — "attendees …", "we agreed …", "action items:
Li Wei to send the contract by December 15", "open question …", "next step …" (参会人员…, 决定…, 待办…, 风险…,
下一步…) — so cues at the start of a sentence (or section) say what it is. Sentences that match no cue make
the summary. Dates and amounts come from the same lexers the text parser uses, so "by Friday" means the
same Friday in a voice note as in a typed message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from bot.intents.lexers.amounts import find_amount
from bot.intents.lexers.dates import DateMatch, find_date
from bot.intents.lexers.normalize import is_cjk
from bot.intents.rules.mentions import spotter_for
from bot.intents.rules.people import en_people, zh_full_names, zh_people
from bot.minutes.model import ActionItem, CrmChanges, Minutes, MinutesContext
from core.models.deals import Stage
from core.names import name_key

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；!?;])")
_TITLE_CUE = re.compile(
    r"^\W*(?:(?:the|a|our)\s+)?(?:(?:meeting|call|visit)\s+)?minutes\s*(?:for|of|from)?\s*(?:the\s+)?"
    r"|^\W*(?:会议)?纪要[\s:：,，]*",
    re.I,
)
_HEADER = re.compile(r"^\W*(?:(?:the|a|our)\s+)?(?:(?:meeting|call|visit)\s+)?minutes\b|^\W*(?:会议)?纪要", re.I)

# Sections: a sentence starting with one of these (after "first topic," and the like) belongs to it.
_ATTENDEES = re.compile(
    r"\b(?:attendees|participants|present were|present|attending|in attendance|people there were)\b[\s:,]*"
    r"|(?:参会人员|参会人|与会人员|与会者|出席人员|参加人员|参会的有|出席的有|参加的有)[\s:：,，是有]*",
    re.I,
)
_DECISION = re.compile(
    r"\b(?:we agreed|agreed to|agreed that|we decided|decided to|decided that|decisions?|it was decided|"
    r"we will go with|approved|we settled on)\b|决定|同意|确定了|一致认为|达成一致|拍板|敲定",
    re.I,
)
_ACTIONS = re.compile(
    r"^\W*(?:(?:the\s+)?action items?|to-?dos?|tasks|follow-?ups?|next actions)\b[\s:,]*"
    r"|^\W*(?:待办事项|待办|行动项|任务分工|分工)[\s:：,，]*",
    re.I,
)
_RISK = re.compile(
    r"\b(?:risks?|concerns?|concerned|worried|worry|open questions?|issues?|problems?|blockers?|unclear|"
    r"uncertain|not sure)\b|风险|担心|顾虑|隐患|不确定|疑问|待确认",
    re.I,
)
_NEXT = re.compile(
    r"^\W*(?:the\s+)?(?:next steps?|next meeting|going forward)\b[\s:,]*|\bwe (?:will )?meet again\b"
    r"|^\W*(?:下一步|下次|后续安排|后续)[\s:：,，]*",
    re.I,
)
_TOPIC_PREFIX = re.compile(
    r"^\W*(?:(?:first|second|third|fourth|next|last|another)\s+topic|topic\s+\w+)[\s:,]*"
    r"|^\W*(?:第[一二三四五六七八九十\d]+个?议题|议题[一二三四五六七八九十\d]*)[\s:：,，]*",
    re.I,
)
# "Li Wei to send …", "Tom will update …", "Anna needs to call …"; 李伟负责…, 由王总…, 张伟…前…
_EN_OWNER = re.compile(
    r"^\W*(?P<owner>I|we|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+(?:to|will|shall|should|needs? to|has to|have to|"
    r"is going to|are going to|is to|are to)\s+(?P<rest>.+)$"
)
_ZH_OWNER = re.compile(r"^\W*(?:由)?(?P<owner>[\u4e00-\u9fff]{1,4}?)(?:负责|来|去|将|要|会|需要)(?P<rest>.+)$")
_DUE_PREP = re.compile(r"\s*(?:\b(?:by|before|until|on|due|no later than)\s*)?$", re.I)
_ZH_DUE_PREP = re.compile(r"(?:在|于|之前|以前|前)$")
_STAGE_CUES: tuple[tuple[Stage, re.Pattern[str]], ...] = (
    ("won", re.compile(r"\b(?:signed the contract|contract (?:is|was) signed|we won|closed the deal|deal is closed)"
                       r"|签约了|已签约|签了合同|成交了|拿下了", re.I)),
    ("lost", re.compile(r"\b(?:we lost|went with (?:a|another) (?:competitor|vendor)|chose (?:a|another) "
                        r"(?:competitor|vendor)|lost the deal)|丢单|输给了|选了竞争对手", re.I)),
    ("negotiation", re.compile(r"\b(?:negotiat\w*|discount|price reduction|counter-?offer|contract terms)"
                               r"|谈判|折扣|降价|议价|合同条款", re.I)),
    ("proposal", re.compile(r"\b(?:proposal|quote|quotation|pricing)\b|报价|方案|建议书", re.I)),
    ("qualified", re.compile(r"\b(?:budget (?:is )?(?:confirmed|approved)|decision maker|qualified)\b"
                             r"|预算已确认|决策人", re.I)),
)
_CLOSE_CUE = re.compile(
    r"\b(?:sign(?:ing)?(?: the (?:contract|deal|order))? (?:by|on|before|in)|close (?:by|on|before|in)|"
    r"expected to close|closing date|decision (?:by|on|before))\b|签约|签合同|签单|成交|拍板",
    re.I,
)
_LIST_SPLIT = re.compile(r"\s*(?:,|，|、|;|；|\band\b|&|和|及|以及|与)\s*", re.I)
_FILLER = re.compile(r"^\W*(?:and|also|then|so|well|okay|ok|um|uh|然后|还有|另外|以及)\b[\s,，]*", re.I)
MAX_SUMMARY_SENTENCES = 3


def split_sentences(text: str) -> list[str]:
    parts = (p.strip(" \t\n,，") for p in _SENTENCE_END.split(text))
    return [p for p in parts if p and re.search(r"\w", p)]


_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("attendees", _ATTENDEES), ("actions", _ACTIONS), ("next", _NEXT), ("risks", _RISK), ("decisions", _DECISION),
)
_SEPARATORS = ",:：，;；"


def _heading(sentence: str) -> tuple[str, str] | None:
    """A sentence opening with a section cue ("Open question, …", "Action items.", 待办:…): (kind, rest)."""
    for kind, cue in _KINDS:
        match = cue.search(sentence)
        if match is None or match.start() != 0:
            continue
        after = sentence[match.end():]
        consumed = match.end() > 0 and sentence[match.end() - 1] in _SEPARATORS + " "
        bare = not after.strip(" .。!！?？")
        if bare or after.lstrip()[:1] in tuple(_SEPARATORS) or (consumed and kind in ("attendees", "actions",
                                                                                        "next")):
            return kind, "" if bare else after.strip().lstrip(_SEPARATORS).strip()
    return None


def _cue_inside(sentence: str, context: MinutesContext) -> str | None:
    """What a sentence with no heading says of itself: a next step, a risk, a decision, or a task for someone."""
    for kind, cue in _KINDS[2:]:
        if cue.search(sentence):
            return kind
    return "actions" if _owner_of(sentence, context) is not None else None


def extract(transcript: str, context: MinutesContext) -> Minutes:
    sentences = split_sentences(transcript)
    found: dict[str, list[str]] = {"attendees": [], "actions": [], "next": [], "risks": [], "decisions": []}
    title: str | None = None
    summary: list[str] = []
    section: str | None = None  # the section a heading opened; it runs until the next cue
    for index, raw in enumerate(sentences):
        sentence = _FILLER.sub("", raw).strip()
        if index == 0 and _HEADER.search(sentence):
            title, sentence = _after_header(sentence)
            if not sentence:
                continue
        heading = _heading(sentence)
        if heading is not None:
            section, rest = heading
            if rest:
                section = _add(found, section, rest, context)
            continue
        if section == "actions" and (_owner_of(sentence, context) is not None
                                     or _cue_inside(sentence, context) is None):
            _add(found, "actions", sentence, context)
            continue
        kind = _cue_inside(sentence, context)
        if kind is not None:
            section = section if kind == section else None
            _add(found, kind, sentence, context)
        elif section is not None:
            section = _add(found, section, sentence, context)
        else:
            summary.append(_sentence(_TOPIC_PREFIX.sub("", sentence)))
    attendees = _names(found["attendees"][0], context) if found["attendees"] else []
    items = [_full_owner(item, attendees) for text in found["actions"]
             if (item := _action_item(text, context)) is not None]
    next_step = _clean(found["next"][0]) if found["next"] else None
    next_date = _date(next_step, context) if next_step else None
    return Minutes(
        customer=_customer(transcript, context),
        title=title,
        attendees=attendees,
        summary=_join([s for s in summary if s][:MAX_SUMMARY_SENTENCES]),
        decisions=[d for d in (_clean(x) for x in found["decisions"]) if d],
        action_items=items,
        risks=[r for r in (_clean(x) for x in found["risks"]) if r],
        next_step=next_step or None,
        next_step_date=next_date.value if next_date else None,
        crm_changes=_crm_changes(transcript, sentences, attendees, context),
    )


def _full_owner(item: ActionItem, attendees: list[str]) -> ActionItem:
    """ "Tom to prepare the report" with Tom Baker attending: the task is Tom Baker's."""
    if item.owner and " " not in item.owner and not _has_cjk(item.owner):
        matches = [a for a in attendees if a.split()[0].casefold() == item.owner.casefold()]
        if len(matches) == 1:
            return item.model_copy(update={"owner": matches[0]})
    return item


def _add(found: dict[str, list[str]], kind: str, text: str, context: MinutesContext) -> str | None:
    """File `text` under `kind`; returns the section still open afterwards (one-sentence sections close)."""
    if kind == "actions":
        found["actions"].extend(clause for item in _list_items(text) for clause in _clauses(item))
        return "actions"
    if kind in ("attendees", "next"):
        if not found[kind]:
            found[kind].append(text)
        return None
    found[kind].append(text)
    return kind


def _after_header(sentence: str) -> tuple[str | None, str]:
    """ "Meeting minutes for the weekly sales meeting, attendees, …" → (title, what follows the title)."""
    parts = re.split(r"[,，:：]\s*", sentence, maxsplit=1)
    title = _clean(_TITLE_CUE.sub("", parts[0]))
    return (title or None), (parts[1].strip() if len(parts) > 1 else "")


def _join(sentences: list[str]) -> str:
    return "".join(s if s.endswith("。") else s + " " for s in sentences).strip()


def _clean(text: str) -> str:
    return text.strip(" \t\n,，.。;；:：").strip()


def _sentence(text: str) -> str:
    """A summary sentence: capitalised and closed with the full stop of its script."""
    body = _clean(text)
    if not body:
        return ""
    if _has_cjk(body):
        return body + "。"
    return body[0].upper() + body[1:] + "."


def _names(text: str, context: MinutesContext) -> list[str]:
    """A spoken list of people: "Anna Schmidt, Li Wei, and Tom Baker" / 王总、李工和张伟."""
    out: list[str] = []
    for part in _LIST_SPLIT.split(_clean(text)):
        name = _clean(part)
        if name and len(name) <= 40 and name_key(name) not in {name_key(n) for n in out}:
            out.append(_known_spelling(name, context))
    return out


def _known_spelling(name: str, context: MinutesContext) -> str:
    key = name_key(name)
    for known in (*context.contact_names, *context.team_names):
        if name_key(known) == key:
            return known
    return name


def _list_items(text: str) -> list[str]:
    """The rest of an "action items: a; b; c" sentence, one item per clause."""
    if not text:
        return []
    parts = [p for p in re.split(r"\s*(?:;|；|、)\s*", text) if p.strip()]
    return parts if len(parts) > 1 else [text]


_NEXT_OWNER = re.compile(r",\s+(?=(?:and\s+)?(?:I|we|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+"
                         r"(?:to|will|shall|should|needs? to|has to|is going to)\s)")
_LEADING_TO = re.compile(r"^\W*(?:and\s+)?(?:to\s+)?", re.I)


def _clauses(sentence: str) -> list[str]:
    """ "Anna to call the customer, Tom to prepare the report" is two action items."""
    parts = [p.strip() for p in _NEXT_OWNER.split(sentence) if p.strip()]
    return [re.sub(r"^and\s+", "", p, flags=re.I) for p in parts]


def _owner_of(sentence: str, context: MinutesContext) -> str | None:
    match = _EN_OWNER.match(sentence)
    if match is not None:
        owner = match.group("owner")
        if owner.lower() in ("i", "we"):
            return context.user_name or owner
        if en_people(owner, full=True) or _is_known_person(owner, context):
            return _known_spelling(owner, context)
        return None
    match = _ZH_OWNER.match(sentence)
    if match is not None:
        owner = match.group("owner")
        if owner == "我":
            return context.user_name or owner
        if zh_people(owner) or zh_full_names(owner) or _is_known_person(owner, context):
            return _known_spelling(owner, context)
    leading = _zh_leading_person(sentence)
    return _known_spelling(leading[0], context) if leading else None


def _zh_leading_person(sentence: str) -> tuple[str, int] | None:
    """李工准备技术方案: a Chinese name or name+title opening the sentence is who does it."""
    stripped = sentence.lstrip()
    offset = len(sentence) - len(stripped)
    for name, start, end in (*zh_people(stripped), *zh_full_names(stripped)):
        if start == 0:
            return name, offset + end
    return None


def _is_known_person(name: str, context: MinutesContext) -> bool:
    key = name_key(name)
    return any(name_key(known) == key or name_key(known).startswith(key) for known in
               (*context.contact_names, *context.team_names) if known)


def _action_item(sentence: str, context: MinutesContext) -> ActionItem | None:
    owner = _owner_of(sentence, context)
    text = sentence
    match = _EN_OWNER.match(sentence) or _ZH_OWNER.match(sentence)
    leading = _zh_leading_person(sentence) if match is None else None
    if owner is not None and match is not None:
        text = match.group("rest")
    elif owner is not None and leading is not None:
        text = sentence[leading[1]:]
    found = _date(text, context)
    due = found.value if found else None
    if found is not None:
        before, after = text[: found.start], text[found.end:]
        before = (_ZH_DUE_PREP if _has_cjk(before) else _DUE_PREP).sub("", before.rstrip())
        after = re.sub(r"^(?:之前|以前|前)", "", after)
        text = f"{before} {after}".strip() if after.strip(" .。") else before
    text = _clean(text if owner is not None else _LEADING_TO.sub("", text))
    if not text:
        return None
    return ActionItem(text=text[:300], owner=owner, due=due)


def _date(text: str, context: MinutesContext) -> DateMatch | None:
    return find_date(text, context.now, context.timezone)


def _has_cjk(text: str) -> bool:
    return any(is_cjk(ch) for ch in text)


def _customer(text: str, context: MinutesContext) -> str | None:
    """The known customer mentioned most (exact mentions first); a near miss is reported as heard."""
    if not context.customer_names:
        return None
    mentions = spotter_for(tuple(context.customer_names)).spot(text)
    if not mentions:
        return None
    exact = [m for m in mentions if m.exact]
    pool = exact or mentions
    counts: dict[str, int] = {}
    for mention in pool:
        counts[mention.name if mention.exact else mention.text] = counts.get(
            mention.name if mention.exact else mention.text, 0) + 1
    return max(counts, key=lambda name: counts[name])


def _crm_changes(text: str, sentences: list[str], attendees: list[str], context: MinutesContext) -> CrmChanges:
    amount = find_amount(text)
    stage = _stage(sentences)
    close: date | None = None
    for sentence in sentences:
        if _NEXT.search(sentence) or _EN_OWNER.match(sentence) or _ZH_OWNER.match(sentence):
            continue  # "meet again Monday to review the signed contract" is not when it closes
        if _CLOSE_CUE.search(sentence):
            found = _date(sentence, context)
            if found is not None:
                value = found.value
                close = value.date() if isinstance(value, datetime) else value
                break
    known = {name_key(n) for n in (*context.contact_names, *context.team_names, context.user_name) if n}
    new_contacts = [name for name in attendees if name_key(name) not in known and _looks_like_person(name)]
    return CrmChanges(stage=stage, amount=amount.value if amount else None,
                      currency=amount.currency if amount else None, close_date=close, new_contacts=new_contacts)


def _stage(sentences: Iterable[str]) -> Stage | None:
    joined = " ".join(sentences)
    for stage, cue in _STAGE_CUES:
        if cue.search(joined):
            return stage
    return None


def _looks_like_person(name: str) -> bool:
    if _has_cjk(name):
        return bool(zh_people(name) or zh_full_names(name)) or 2 <= len(name) <= 4
    return bool(en_people(name, full=True)) or bool(re.fullmatch(r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}", name))

"""log_interaction: who, how, when, what happened (summary), what next (next_step, follow_up).

A visit note reads "<header>, <what happened>, <what next>": the header names the customer, channel,
person and day; the rest is the story. We split at clause boundaries and sort clauses into those roles.
"""

from __future__ import annotations

import re

from bot.intents.lexers.dates import DateMatch
from bot.intents.rules.features import Features
from bot.intents.rules.gist import gist
from bot.intents.rules.slots_common import (
    Slots,
    amount_slots,
    contact_person,
    customer_slot,
    introduced_spans,
    party_spans,
    person_details,
)
from bot.intents.rules.text import clauses, cut, meaningful, pieces, tidy

_F = re.IGNORECASE
_L, _R = r"(?<![A-Za-z])", r"(?![A-Za-z])"
_DELIVERABLE = re.compile(
    rf"{_L}(?:quote|qoute|quotation|pricing|price list|proposal|demo|contract|draft|sow|spec|specs|samples?|"
    rf"references?|case stud(?:y|ies)|deck|slides|poc|pilot|trial|invoice|po|nda|rfp|estimate|plan|"
    rf"documentation|docs|whitepaper|white paper|brochure|datasheet|credentials|certificates?|references?){_R}|"
    r"报价|方案|合同|样品|案例|资料|报价单|文档|标书|演示|demo|poc|POC|清单|发票|白皮书|资质|证明|证书",
    _F,
)
_NEXT_EXPLICIT = re.compile(
    r"(?:next steps?(?![A-Za-z])\s*(?:is|was|will be|are|:|=|是|：)?|next\s*[:：=]|下一步\s*(?:是|要|：|:)?)"
    r"\s*(?P<x>.+)",
    _F,
)
_NEED_TO = re.compile(
    r"(?:^|\b(?:so\s+|and\s+)?(?:i|we)\s+)(?:need|needs|have|has|got|gotta|must|should)\s+to\s+(?P<x>.+)|"
    r"^(?:我们|我)?(?:需要|得|还得|要)(?!我们|你们|他们|求)(?P<y>(?:重新|再|尽快|马上|先)?"
    r"(?:发|给|出|准备|提交|约|跟进|回复|安排|确认|寄|补|催|报价|联系|打|改|做|上门|拜访|演示|去)\S*)$", _F
)
_WANT = re.compile(
    rf"{_L}(?:want|wants|wanted|wanna|asked for|asking for|asks for|requested|requests|request|would like|"
    rf"expects?|expecting|needs?|require[sd]?)\s+(?:us to send |us to |to see |to get |to have |a |an |the |some )*"
    rf"(?P<x>.+)|"
    r"(?:想要|需要我们|要求|需要|希望|想|要)(?:我们)?(?:先|给|出|提供)?(?P<y>.+)",
    _F,
)
_ACTION_START = re.compile(
    rf"^(?:(?:i|we)(?:'ll| will)?\s+|will\s+|must\s+|必须|要|需要|得)?"
    rf"(?P<x>(?:send|resend|try|follow|call|email|confirm|check|get back|prepare|prep|schedule|set up|book|"
    rf"review|submit|share|meet|visit|ping|chase|circle back|reach out|finali[sz]e|draft|deliver){_R}.*|"
    rf"(?:再|发|给|出|准备|提交|交|约|跟进|回复|安排|确认|寄|做|走|催|报价|联系|打|远程|线上|上门|过去).*)",
    _F,
)
_PLAN = re.compile(
    r"^(?:准备|打算|计划|下一步|接下来|回头)(?P<x>.+)|^(?:try again|follow up|circle back|call back)\b.*", _F
)
_FILLER_CLAUSE = re.compile(
    r"^(?:帮我记一下|帮我记录一下|记一下|记录一下|帮我log一下|log一下|跟进记录|拜访记录|log|note|fyi|update|"
    r"quick update|visit report|call notes?|meeting notes?|\d+\s?(?:min|mins|minutes|h|hrs?|hours?))$",
    _F,
)
_SUBJECT_SAID = re.compile(
    r"^(?:(?:他|她|他们|对方|客户)?(?:说|表示|反馈|回复说|提到)|(?:(?:he|she|they)\s+)?(?:said|says)(?:\s+that)?)\s*",
    _F,
)
_HEADER_WORDS = re.compile(
    rf"{_L}(?:with|w/|w|at|the|their|our|my|and|just|quick|had|a|an|got off the phone|on the phone|again|log|"
    rf"back|went|today|yesterday|this morning|2nd|round|first|second|ppl|people|guys|team|folks|hq|office|"
    rf"warehouse|plant|site|follow[- ]?up|to|from|re|over|about|via|by|me|i|we|us|then|also|port|expo|"
    rf"lunch|dinner|coffee|video|zoom|went well|ok|okay|done|w\/|'s){_R}|"
    r"那边|这边|的|了|跟|和|与|给|在|去|今天|上午|下午|晚上|中午|一下|个|刚|又|完了|来|公司|一起|次|视频|吃饭|聊了聊|过|"
    r"回复|在公司|现场|刚刚|已经|做了",
    _F,
)
# Words that may sit between the names and the channel that open a note ("um called X talked to Y").
_GAP_WORDS = re.compile(
    rf"{_L}(?:okay|ok|so|um|uh|well|just|finished|had|a|an|the|note|for|talked|spoke|to|with|w/?|at|and|i|we|"
    rf"quick|got off|off|phone|on|'s){_R}|"
    r"的|跟|和|与|那边|这边|回复|技术负责人|负责人|对接人|联系人|采购部?|工程师|老板|团队|刚|刚才|今天|又",
    _F,
)
_TRAILING_DEADLINE = re.compile(r"(?:\s*(?:by|before|until|till|due|no later than|on|at|最晚|之前|以前|前))+\s*$", _F)


def log_interaction(f: Features) -> Slots:
    slots: Slots = dict(customer_slot(f))
    channels = [c for c in f.channels if not any(c.start < m.end and m.start < c.end for m in f.mentions)]
    if channels:
        # "met X at their office": meeting someone at their place is a visit.
        first = channels[0]
        met = first.value == "meeting" and re.fullmatch(r"met|meet", f.text[first.start:first.end], _F)
        visit = next((c for c in channels if c.value == "visit"), None)
        slots["channel"] = visit.value if met and visit is not None else channels[0].value
    person = contact_person(f)
    details: list[tuple[int, int]] = []
    if person is not None:
        slots["contact"] = person[0]
        # What the note says about the person (title, e-mail, phone) belongs to the contact, not the summary.
        found = person_details(f, person)
        slots.update(found.slots)
        details = found.spans
    happened, follow = _split_dates(f)
    if happened is not None:
        past = next((p for p in f.past_dates() if p.start == happened.start), happened)
        slots["date"] = past.value
    if follow is not None:
        slots["follow_up"] = follow.value
    slots.update(amount_slots(f))
    summary, next_step = _narrative(f, person, follow, happened, details)
    if summary:
        slots["summary"] = summary
    if next_step:
        slots["next_step"] = next_step
    return slots


def _split_dates(f: Features) -> tuple[DateMatch | None, DateMatch | None]:
    happened = next((d for d in f.dates if d.tense in ("past", "today")), None)
    if happened is None:
        # "Met … at their office on Monday": a bare weekday in the clause that tells what happened is when.
        happened = next((d for d in f.dates if d.tense == "any" and _in_event_clause(f, d)), None)
    later = [d for d in f.dates if d.tense in ("future", "any") and d is not happened]
    # The date an action is attached to ("ping him on the 18th") over one that only reports ("meets on the 17th").
    follow = next((d for d in later if _ACTION_BEFORE.search(_clause_before(f.text, d.start))), None)
    return happened, follow or (later[0] if later else None)


_ACTION_BEFORE = re.compile(
    rf"{_L}(?:ping|call|email|send|follow(?:[- ]up)?|chase|check|remind|circle back|get back|reach out|try|"
    rf"by|before|due|until|till|no later than){_R}|之前|以前|前$|给|回复|跟进|催|约|发",
    _F,
)
_EVENT_VERB = re.compile(rf"{_L}(?:met|visited|called|spoke|talked|saw|had|was at|were at|went|dropped by){_R}", _F)


def _clause_before(text: str, position: int) -> str:
    start = max((e for s, e in clauses(text) if e <= position), default=0)
    return text[start:position]


def _in_event_clause(f: Features, date: DateMatch) -> bool:
    before = _clause_before(f.text, date.start)
    return _EVENT_VERB.search(before) is not None and not _ACTION_BEFORE.search(before)


def _narrative(f: Features, person: tuple[str, int, int] | None, follow: DateMatch | None,
               happened: DateMatch | None, details: list[tuple[int, int]] | None = None) -> tuple[str, str]:
    text = f.text
    spans = _join_next_labels(text, clauses(text))
    header_spans = [(m.start, m.end) for m in f.mentions] + list(details or [])
    header_spans += [(d.start, d.end) for d in f.dates if d.tense in ("past", "today") or d is happened]
    header_spans += introduced_spans(f) + party_spans(f)
    if person is not None:
        header_spans.append((person[1], person[2]))
    # The channel that names the interaction is header; "kickoff" later in the story is not.
    anchors = [s for s in spans if any(s[0] <= h[0] < s[1] for h in header_spans)]
    for index, channel in enumerate(f.channels):
        if index == 0 or any(a[0] <= channel.start < a[1] for a in anchors):
            header_spans.append((channel.start, channel.end))
    date_spans = [(d.start, d.end) for d in f.dates]
    roles: list[str] = []
    next_step = ""
    for start, end in spans:
        clause = text[start:end]
        local_dates = [(s - start, e - start) for s, e in date_spans if start <= s < end]
        bare = tidy(cut(clause, local_dates))
        explicit = _NEXT_EXPLICIT.search(clause)
        has_follow = follow is not None and start <= follow.start < end
        action = _ACTION_START.match(bare)
        plan = _PLAN.match(bare)
        need = _NEED_TO.search(bare)
        if explicit:
            next_step = next_step or _clean_step(tidy(cut(explicit.group("x"),
                                                          _shift(local_dates, explicit.start("x")))))
            roles.append("next")
        elif _FILLER_CLAUSE.match(bare) or _is_header(text, start, end, header_spans):
            roles.append("header")
        elif need is not None:
            next_step = next_step or _clean_step(need.group("x") or need.group("y"))
            # "need to send tech spec by wed": our next step; it opens the story only when nothing else does.
            roles.append("next" if "story" in roles else "story")
        elif (has_follow and action is not None and not _WANT.search(clause)) or plan is not None:
            if plan is not None:
                found = plan.group("x") or plan.group(0)
            else:
                found = action.group("x") if action is not None else bare
            next_step = next_step or _clean_step(found)
            roles.append("next")
        elif has_follow and len(tidy(cut(clause, local_dates)).split()) <= 1 and not f.cjk:
            roles.append("next")  # "decision end of month": a date with a word, not a story
        else:
            roles.append("story")
        if not next_step and roles[-1] == "story":
            next_step = _want_step(clause, local_dates, has_follow)
    story = [i for i, role in enumerate(roles) if role == "story"]
    if story:
        begin, finish = spans[story[0]][0], spans[story[-1]][1]
        # "青山环保发邮件来问实施周期": the story starts after the name/channel words that open its first clause.
        lead = _leading_header_end(f, text, begin, spans[story[0]][1], header_spans)
        if lead > begin and meaningful(text[lead: finish]):
            begin = lead
        elif story[0] > 0 and roles[story[0] - 1] == "header" and _carries_object(f, spans[story[0] - 1]):
            begin = _object_start(f, spans[story[0] - 1])
        summary_text = text[begin:finish]
        offset_dates = [(s - begin, e - begin) for s, e in date_spans
                        if begin <= s < finish and (follow is None or s == follow.start)]
        summary = _strip_deadline(summary_text, offset_dates, want_clause=_WANT.search(summary_text) is not None)
    else:
        summary = _header_residue(text, spans, roles, header_spans, date_spans)
    summary = _SUBJECT_SAID.sub("", _strip_said(tidy(summary, edges=False), person)).strip()
    names = [person[0]] if person is not None else []
    return gist(tidy(summary, edges=False), names, [text[d.start:d.end] for d in f.dates]), next_step


def _join_next_labels(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"next: legal review" was split at the colon; glue the label back to what it labels."""
    out: list[tuple[int, int]] = []
    for span in spans:
        if out and re.fullmatch(r"\s*(?:next(?: steps?)?|下一步)\s*", text[out[-1][0]: out[-1][1]], _F):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


def _leading_header_end(f: Features, text: str, start: int, end: int, header_spans: list[tuple[int, int]]) -> int:
    """End of the run of name/channel spans that opens a clause (a run with only a person keeps the person)."""
    position, has_anchor = start, False
    channel_spans = {(c.start, c.end) for c in f.channels} | {(m.start, m.end) for m in f.mentions}
    for span in sorted(s for s in header_spans if start <= s[0] < end):
        gap = _GAP_WORDS.sub("", text[position: span[0]])
        if len(gap.strip()) > 3:
            break
        position = max(position, span[1])
        has_anchor = has_anchor or span in channel_spans
    return position if has_anchor else start


def _carries_object(f: Features, clause: tuple[int, int]) -> bool:
    """'emailed umbrella the revised proposal': what was sent is part of the story."""
    return any(c.value in ("email", "message") and clause[0] <= c.start < clause[1] for c in f.channels)


def _object_start(f: Features, clause: tuple[int, int]) -> int:
    ends = [m.end for m in f.mentions if clause[0] <= m.start < clause[1]]
    ends += [c.end for c in f.channels if clause[0] <= c.start < clause[1]]
    return max(ends) if ends else clause[0]


def _is_header(text: str, start: int, end: int, header_spans: list[tuple[int, int]]) -> bool:
    inside = [(max(s, start) - start, min(e, end) - start) for s, e in header_spans if s < end and start < e]
    if not inside:
        return False
    residue = _HEADER_WORDS.sub(" ", cut(text[start:end], inside))
    residue = tidy(residue)
    words = re.findall(r"[A-Za-z0-9']+", residue)
    cjk = sum(1 for ch in residue if "\u4e00" <= ch <= "\u9fff")
    return len(words) + cjk / 2 < 2.5


def _header_residue(text: str, spans: list[tuple[int, int]], roles: list[str],
                    header_spans: list[tuple[int, int]], date_spans: list[tuple[int, int]]) -> str:
    """Only header clauses: what is left of them once names, channel and dates are gone ("re the demo")."""
    best = ""
    for (start, end), role in zip(spans, roles, strict=True):
        if role != "header":
            continue
        inside = [(max(s, start) - start, min(e, end) - start) for s, e in header_spans + date_spans
                  if s < end and start < e]
        for piece in pieces(cut(text[start:end], inside)):
            piece = tidy(_HEADER_WORDS.sub(lambda m: m.group() if len(m.group()) > 3 else " ", piece))
            if meaningful(piece) and len(piece) > len(best):
                best = piece
    return best


def _strip_deadline(text: str, date_spans: list[tuple[int, int]], *, want_clause: bool = False) -> str:
    """'they want a quote by friday' → 'they want a quote': the deadline became follow_up."""
    for start, end in sorted(date_spans, reverse=True):
        before = text[:start]
        after = text[end:]
        zh_deadline = re.match(r"^\s*(?:之前|以前|前)", after)
        if zh_deadline is not None and re.fullmatch(r"\s*(?:说|要求)?\s*", before):
            text = before + after[zh_deadline.end():]
        elif re.search(r"(?:by|before|until|till|due|no later than)\s*$", before, _F) or re.match(
                r"(?:by|before|until|till|due)\b", text[start:end], _F) or (
                want_clause and re.match(r"^\s*(?:[,，;；.。!！]|$)", after)):
            # Only a deadline is cut; "PO is coming next week" keeps its date.
            text = _TRAILING_DEADLINE.sub("", before) + after
    text = re.sub(r"\s+([,，.;；])", r"\1", text)
    return text


def _want_step(clause: str, local_dates: list[tuple[int, int]], has_follow: bool) -> str:
    match = _WANT.search(clause)
    if match is None:
        return ""
    group = "x" if match.group("x") else "y"
    step = tidy(cut(clause[match.start(group):], _shift(local_dates, match.start(group))))
    step = _TRAILING_DEADLINE.sub("", step).strip()
    if not step or not (_DELIVERABLE.search(step) or has_follow):
        return ""
    return _clean_step(step)


_BA_STEP = re.compile(r"^把(?P<o>.{2,12}?)(?P<v>发|寄|交|送|做|写|改|给)(?:过去|出去|过来|完|好|掉)?了?$")
_OBJECT_FIRST_STEP = re.compile(r"^(?P<o>[^\s把]{2,12}?)(?P<v>发|寄|交|送)(?:过去|出去|过来)了?$")


def _clean_step(step: str) -> str:
    step = re.sub(r"^(?:to\s+|给|for\s+)", "", step.strip(), flags=_F)
    # "把技术方案发过去" → "发技术方案": the action, verb first.
    ba = _BA_STEP.match(step) or _OBJECT_FIRST_STEP.match(step)
    if ba is not None:
        step = ba.group("v") + ba.group("o")
    step = _TRAILING_DEADLINE.sub("", tidy(step)).strip()
    return tidy(step) if meaningful(step) else ""


def _strip_said(summary: str, person: tuple[str, int, int] | None) -> str:
    if person is not None and summary.startswith(person[0]):
        rest = summary[len(person[0]):]
        if re.match(r"\s*(?:说|表示|反馈|said|says)", rest):
            return re.sub(r"^\s*(?:说|表示|反馈|said|says)(?:\s+that)?\s*", "", rest)
    return summary


def _shift(spans: list[tuple[int, int]], offset: int) -> list[tuple[int, int]]:
    return [(s - offset, e - offset) for s, e in spans if s >= offset]

"""The gist of a visit note: what the customer said or wants, without who/where/how and without the parts
that became other slots.

"spoke to Ana in finance - they're happy with the pilot, budget around 50k" → "happy with the pilot";
"他说预算批下来了 50万" → "预算批下来了"; "她说 they are still comparing us …" → "still comparing us …".
Applied clause by clause to the summary that `slots_log` cut out of the message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.intents.lexers.amounts import iter_amounts
from bot.intents.rules.people import ROLE
from bot.intents.rules.text import clauses, meaningful, tidy

_F = re.IGNORECASE
_L, _R = r"(?<![A-Za-z])", r"(?![A-Za-z])"
# Who said it: "he said", "Mike says", "对方明确说", "吴经理说", "she said that".
_SPEAKER = (r"(?:he|she|they|we|i|the client|the customer|[A-Z][a-z]+|他们|她们|他|她|对方|客户|[\u4e00-\u9fff]{1,5}?"
            r"(?:总|经理|工|主任|老师|老板|总监|主管))")
_SAID = re.compile(
    rf"^(?:(?:{_SPEAKER}\s*)?(?:明确|也|还|又|刚)?(?:said|says|told (?:us|me)|说|反馈说|回复说)|"
    rf"{_SPEAKER}\s*(?:明确|也|还|又)?(?:mentioned|表示|反馈|提到))(?:\s+that)?{_R}\s*",
)
_SUBJECT = re.compile(
    # "they're interested" → "interested"; "they want a demo" keeps its subject (the verb needs it in English).
    r"^(?:they'?re|they are|she'?s|he'?s|she is|he is)\s+"
    r"(?=[a-z])|^(?:他们|她们|对方|他|她)\s?(?=[\u4e00-\u9fffA-Za-z])",
    _F,
)
_FILLER = re.compile(
    rf"^(?:(?:and|but|so|um+|uh+|also|then|well|ok|okay|就是|然后|而且|但是|不过|另外|所以)(?:{_R}|\s)\s*)+", _F)
# A clause that only names the meeting: the person, their department, the talking verb.
_HEADER_CLAUSE = re.compile(
    r"^(?:(?:spoke|spoken|talked|chatted|met|caught up|got out of|just got out of|had|was|were)\b.*"
    r"|.*\b(?:in|from) (?:procurement|purchasing|finance|legal|it|ops|operations|engineering|sales|marketing)$"
    r"|.*(?:沟通了?一下|聊了一?下|聊了聊|打了个?电话|通了个?电话|吃了?饭|吃饭|见了面?|碰了个?头)$"
    r"|(?:帮我)?记(?:录)?一下$|(?:发邮件|打电话|发微信)?来了$"
    r"|(?:那边)?(?:微信|邮件|电话)?(?:回复|回|回邮件|发邮件来|打电话来|来电话)了?$"
    r"|.*(?:拜访了?|见了|约了|跟|和|与).{0,8}(?:总|经理|工|主任|老师|老板|总监|主管)$"
    r"|(?:和|跟|与|及)?[\u4e00-\u9fff]{0,6}?(?:负责人|经理|总监|主管|工程师)(?:[\u4e00-\u9fff]{2,3})?$)",
    _F,
)
_LEAD_SAID = re.compile(
    rf"^(?P<lead>.{{2,140}}?)\s*(?:{_L}(?:and|so)\s+)?(?:um+\s+|uh+\s+)?"
    rf"(?:{_L}(?:he|she|they|[A-Z][a-z]+)\s+(?:said|says|told (?:us|me))(?:\s+that)?{_R}|"
    rf"(?:他|她|他们|对方|客户)(?:明确|也|还)?说)\s*"
)
_HEADER_LEAD = re.compile(
    rf"{_L}(?:spoke|spoken|talked|chatted|called|phone|call|met|meeting|mtg|emailed|texted|got off|caught up){_R}|"
    r"聊|沟通|电话|拜访|见了|微信|邮件|开会|会上",
    _F,
)
_DEADLINE = re.compile(rf"{_L}(?:by|before|until|till|due|on|no later than){_R}|之前|以前|前|最晚", _F)
_MONEY_WORDS = re.compile(
    rf"{_L}(?:budget|budgets|is|was|of|maybe|around|about|approx|roughly|~|usd|rmb|eur|total|price|quote)"
    rf"{_R}|预算|金额|大概|大约|约|左右|报价|总价|是|[\s,，.。~]",
    _F,
)


def gist(summary: str, names: Sequence[str], dates: Sequence[str] = ()) -> str:
    """Trim lead-ins clause by clause; drop clauses that only name the meeting, a date or the budget."""
    if not summary:
        return summary
    kept: list[str] = []
    spans = clauses(summary)
    for index, (start, end) in enumerate(spans):
        clause = summary[start:end]
        trimmed = _trim(clause, names)
        if not meaningful(trimmed) or not meaningful(_DEADLINE.sub(" ", _without(trimmed, dates))):
            continue  # "了", "后天之前": a leftover of the header or of a date that became follow_up
        if _HEADER_CLAUSE.match(trimmed) and index < len(spans) - 1:
            continue
        kept.append(trimmed)
    # A trailing budget figure became `amount`; keep it only when it is all there is.
    while len(kept) > 1 and _money_only(kept[-1]) and not _money_only(" ".join(kept[:-1]), words_only=True):
        kept.pop()
    return ", ".join(kept) if kept else summary


def _trim(clause: str, names: Sequence[str]) -> str:
    text = tidy(clause, edges=False)
    previous = None
    while previous != text:
        previous = text
        text = _FILLER.sub("", text)
        for name in names:
            # "procurement mgr Tomasz walked us …", "Maria wants a call back": the person opening the clause is header
            # (a bare name only before a verb of saying or wanting: "Tom presents to their board" stays).
            said_name = rf"(?i:{re.escape(name)})"  # "nancy said …": the name as typed, in any case
            lead = re.match(rf"(?:(?:the|our|their)\s+)?{ROLE}\s+{said_name}\s*(?=[a-z])|"
                            rf"{said_name}\s*(?=(?:wants?|wanted|said|says|asked|needs?|说|表示|反馈))", text)
            if name and lead is not None:
                text = text[lead.end():]
        said = _LEAD_SAID.match(text)
        if said is not None and _HEADER_LEAD.search(said.group("lead")):
            text = text[said.end():]  # "聊了下 she said 预算 …", "spoke with Anna on the phone and she said …"
        text = _SAID.sub("", text)
        text = _SUBJECT.sub("", text)
    return tidy(text, edges=False)


def _without(text: str, parts: Sequence[str]) -> str:
    for part in parts:
        if part:
            text = text.replace(part, " ")
    return text


def _money_only(clause: str, *, words_only: bool = False) -> bool:
    amounts = list(iter_amounts(clause))
    if words_only:
        return not _MONEY_WORDS.sub("", clause).strip()
    if not amounts:
        bare = re.fullmatch(r"(?:budget|预算)\s*(?:is|of|大概|大约|约)?\s*[\d.,]+\s*(?:k|m|万)?", clause, _F)
        return bare is not None
    rest = clause
    for amount in reversed(amounts):
        rest = rest[: amount.start] + " " + rest[amount.end:]
    return not _MONEY_WORDS.sub("", rest).strip()

"""Which deal a message is about, by its title: "move phase 2 to won", "push the erp rollout close date",
"运输管理系统金额改成80万", "把数据平台推进到谈判".

A title the user's own open deals carry is spotted wherever it appears (case and spacing aside). A title in a
deal-change phrase that matches none of them is still read as a title — it names a deal, just not one of the
user's (a colleague's, or a typo) — so the conversation answers "no such deal among yours" instead of falling
back to the deal talked about last. A customer's name is never a title: "set the initech deal amount" names the
customer, whose deal it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.intents.lexers.prefilter import may_match
from bot.intents.rules.features import Features
from bot.intents.rules.lexicon import is_common

_F = re.IGNORECASE
_L, _R = r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])"
_STAGE_WORDS = (r"won|lost|lead|qualified|proposal|negotiation|negotiating|closed(?: won| lost)?|signed|"
                r"contract|quote|quoting|discovery|demo|poc|pilot")
_FIELD_WORDS = r"close date|closing date|close|amount|value|deal size|budget|probability|prob|likelihood|stage|odds"
_EN_PHRASES = (
    # "move phase 2 to won", "push the erp rollout to negotiation", "set data platform as lost"
    re.compile(rf"{_L}(?:move|moved|moving|push|pushed|set|mark|marked|update|updated|change|changed|bump|bumped|"
               rf"put|advance|advanced|progress|progressed|drop|dropped)\s+(?P<x>[^,，.。;!?]{{2,40}}?)\s+"
               rf"(?:deal\s+|opp\s+)?(?:to|into|as|in|at|back to)\s+(?:the\s+)?(?:stage\s+)?"
               rf"(?:{_STAGE_WORDS}){_R}", _F),
    # "push the erp rollout close date to …", "set phase 2 amount to 80k", "phase 2 probability 60%"
    re.compile(rf"{_L}(?:move|moved|push|pushed|set|update|updated|change|changed|bump|bumped|slip|slipped|"
               rf"raise|raised|lower|lowered|cut)\s+(?P<x>[^,，.。;!?]{{2,40}}?)(?:'s)?\s+(?:deal\s+)?"
               rf"(?:{_FIELD_WORDS}){_R}", _F),
    # "phase 2 is now in negotiation", "phase 2 moved to won"
    re.compile(rf"^(?P<x>[^,，.。;!?]{{2,40}}?)\s+(?:is\s+now|is|now|moved|has moved|went|goes|got|was)\s+"
               rf"(?:in\s+|to\s+|into\s+)?(?:{_STAGE_WORDS}){_R}", _F),
)
_ZH_PHRASES = (
    # 把数据平台推进到谈判, 把运输管理系统的金额改成80万
    re.compile(r"把(?P<x>[^，,。；;！!？?\s]{2,20}?)(?:的)?(?:阶段|金额|预算|签约时间|成交时间|预计签约|概率|把握)?"
               r"(?:推进|推|改|调|移|放|提|转)(?:到|成|为)"),
    # 运输管理系统金额改成80万, 数据平台的阶段改为谈判, 数据平台签约时间推迟到下月
    re.compile(r"^(?:把)?(?P<x>[^，,。；;！!？?\s]{2,20}?)(?:的)?(?:阶段|金额|预算|签约时间|成交时间|预计签约时间|概率|把握)"
               r"(?:改成|改为|改到|调到|调成|调整为|变成|推迟到|推到|延到|提前到|是|为|到)"),
    # 数据平台进入谈判, 数据平台赢单了, 数据平台签了
    re.compile(r"^(?P<x>[^，,。；;！!？?\s]{2,20}?)(?:的单子|这单|项目)?(?:已经)?(?:进入|到了|推进到|转为)?"
               r"(?:赢单|丢单|输单|签约|签了|拿下|成交|谈判|方案报价|初步接触)"),
)
_NOISE = re.compile(rf"^(?:the|this|that|our|my|a|an)\s+|\s+(?:deal|opp|opportunity|project)$|{_L}deal{_R}", _F)
_ZH_NOISE = re.compile(r"^(?:这个|那个|我们的|我的|客户的)|(?:的单子|的商机|单子|商机|这单|项目|的)$")
_CONTEXT = re.compile(rf"^(?:it|this|that|this one|that one|them|the deal|this deal|that deal|deal|opp){_R}|"
                      r"^(?:它|这个|那个|这单|那单|这个单子|这个商机|单子|商机)$", _F)


@dataclass(frozen=True)
class DealRef:
    title: str  # a known title as stored, or the words as typed
    start: int
    end: int
    known: bool


@lru_cache(maxsize=64)
def _known_pattern(titles: tuple[str, ...]) -> re.Pattern[str] | None:
    usable = sorted({t for t in titles if len(t.strip()) >= 2}, key=len, reverse=True)
    if not usable:
        return None

    def alternative(title: str) -> str:
        body = r"\s*".join(re.escape(part) for part in title.split())
        # Latin titles match as whole words ("phase 2" is not inside "phase 20"); Chinese ones anywhere.
        head = _L if title[0].isascii() and title[0].isalnum() else ""
        tail = _R if title[-1].isascii() and title[-1].isalnum() else ""
        return f"{head}{body}{tail}"

    return re.compile("|".join(alternative(t) for t in usable), _F)


def deal_reference(f: Features) -> DealRef | None:
    """The deal the message names by its title, if any (known titles first)."""
    customers = [(m.start, m.end) for m in f.mentions]
    titles = tuple(f.context.open_deals)
    pattern = _known_pattern(titles)
    if pattern is not None:
        for match in pattern.finditer(f.text):
            if any(match.start() < e and s < match.end() for s, e in customers):
                continue
            said = re.sub(r"\s+", " ", match.group()).casefold()
            title = next((t for t in titles if re.sub(r"\s+", " ", t).casefold() == said), match.group())
            return DealRef(title, match.start(), match.end(), True)
    for phrase in (*_EN_PHRASES, *_ZH_PHRASES):
        found = phrase.search(f.text) if may_match(phrase, f.text) else None
        if found is None:
            continue
        match = found
        start, end = match.start("x"), match.end("x")
        if any(start < e and s < end for s, e in customers):
            return None  # "set the initech deal amount": the customer names the deal
        words = _ZH_NOISE.sub("", _NOISE.sub("", match.group("x").strip())).strip()
        if len(words) < 2 or _CONTEXT.match(words) or all(is_common(w) for w in words.split()):
            return None
        return DealRef(words, start, end, False)
    return None

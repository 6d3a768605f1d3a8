"""Negative notes: simple keyword rules over interaction summaries, English and Chinese.

Deliberately plain — a rep must be able to see why a note counted (the matched words are shown). A negated
English phrase ("not unhappy", "no complaint") does not count.
"""

from __future__ import annotations

import re

_EN = re.compile(
    r"(?<![A-Za-z])(?:unhappy|dissatisfied|not (?:happy|satisfied)|complain(?:t|ts|ed|ing)?|frustrat(?:ed|ing|ion)|"
    r"disappoint(?:ed|ing|ment)?|angry|escalat(?:e|ed|ion)|competitors?|switch(?:ing)? (?:to|supplier|vendor)s?|"
    r"(?:another|new|other) (?:supplier|vendor)|cancel(?:led|ling|lation)?|terminat(?:e|ed|ion)|"
    r"too expensive|churn(?:ing)?|looking elsewhere|not renew(?:ing)?)(?![A-Za-z])", re.IGNORECASE)
_EN_NEGATED = re.compile(r"(?<![A-Za-z])(?:no|not|never|without)\s+(?:\w+\s+)?$", re.IGNORECASE)
_ZH = re.compile(r"不满意|不满|投诉|抱怨|换供应商|换一家|换厂商|竞争对手|竞品|对手报价|取消合同|取消订单|"
                 r"终止合作|不续约|失望|太贵|生气|升级投诉|流失|考虑别家|找别家")
_ZH_NEGATED = re.compile(r"(?:没有|没|无|并不|并没有)$")


def negative_words(text: str) -> list[str]:
    """The negative phrases a note contains (empty: the note is not negative)."""
    found: list[str] = []
    for match in _EN.finditer(text):
        if not _EN_NEGATED.search(text[max(0, match.start() - 20): match.start()]):
            found.append(match.group(0).casefold())
    for match in _ZH.finditer(text):
        if not _ZH_NEGATED.search(text[max(0, match.start() - 3): match.start()]):
            found.append(match.group(0))
    return list(dict.fromkeys(found))

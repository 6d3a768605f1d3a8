"""Name normalisation shared by storage (name_key) and resolution: "ACME Corp." and "acme" are one customer."""

from __future__ import annotations

import re
import unicodedata

_EN_SUFFIXES = (
    "corporation", "corp", "incorporated", "inc", "limited", "ltd", "llc", "company", "co",
    "group", "holdings", "holding", "plc", "gmbh", "ag", "sa", "pte", "pty", "international", "intl",
)
_ZH_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "(中国)", "（中国）")
_EN_SUFFIX_RE = re.compile(r"(?:[\s,.&]+(?:" + "|".join(_EN_SUFFIXES) + r")\.?)+$", re.IGNORECASE)
_PUNCT_RE = re.compile(r"[\W_]+", re.UNICODE)


def strip_company_suffix(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).strip()
    previous = None
    while previous != text:
        previous = text
        text = _EN_SUFFIX_RE.sub("", text).strip()
        for suffix in _ZH_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)].strip()
    return text or name.strip()


def name_key(name: str) -> str:
    """Case-, width-, punctuation- and suffix-insensitive: 'Acme Corp.' → 'acme', '星辰科技有限公司' → '星辰科技'."""
    return _PUNCT_RE.sub("", strip_company_suffix(name).casefold())


def loose_key(text: str) -> str:
    """Case-, width- and punctuation-insensitive key without touching suffixes (task titles, people)."""
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text).casefold())

"""Text clean-up before any lexer runs: the parsers see one canonical form of what the user typed.

NFKC folds full-width digits, letters and punctuation (１２月，Ａｃｍｅ) into ASCII so one set of patterns
serves phones with either keyboard. Offsets in every match refer to the normalised text.
"""

from __future__ import annotations

import re
import unicodedata

# Long pastes (meeting notes) are classified on their opening; the LLM (if any) sees the whole text.
MAX_RULE_CHARS = 1000

_CONTROL_RE = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACE_RE = re.compile(r"[ \t\u00a0\u3000]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "『": '"', "』": '"',
                         "、": ",", "～": "~", "—": "-", "–": "-", "－": "-", "·": " "})

# Pictographs (🏢 🙏 🎉 😬) end a thought like punctuation; the check marks ✅ ✔ ☑ ✓ carry meaning ("done") and stay.
_EMOJI_RE = re.compile(r"\s*(?:(?![\u2705\u2714\u2611\u2713])[\u2600-\u27bf\u2b00-\u2bff\U0001F000-\U0001FAFF]"
                       r"[\ufe0f\u200d]?)+\s*")
_EDGE_SEMICOLON = re.compile(r"^[;\s]+|[;\s]+$")
CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def normalize(text: str) -> str:
    """NFKC, unified quotes/dashes, no control or bidi characters, pictographs as clause breaks, single spaces,
    trimmed and bounded."""
    text = unicodedata.normalize("NFKC", text[: MAX_RULE_CHARS * 2])
    text = _CONTROL_RE.sub(" ", text.translate(_QUOTES))
    text = _EDGE_SEMICOLON.sub("", _EMOJI_RE.sub("; ", text))
    text = _SPACE_RE.sub(" ", text.replace("\r", "\n"))
    text = re.sub(r" ?\n ?", "\n", text).strip()
    if has_cjk(text):
        from bot.intents.lexers.simplified import to_simplified  # its tables load on the first Chinese message

        text = to_simplified(text)
    return text[:MAX_RULE_CHARS]


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"

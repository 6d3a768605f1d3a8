"""Cutting free text (summary, task, title, next step) out of a message once the lexers took their parts."""

from __future__ import annotations

import re
from collections.abc import Iterable

Span = tuple[int, int]

_CUT = "\u0000"  # marks where a span was taken out: text on either side never joins across it
_EDGE_EN = (r"to|for|by|on|at|with|w/|w|and|the|a|an|due|before|until|till|about|re:|re|of|from|pls|please|"
            r"so|then|also|just|ok|okay|um|uh|like|that|this|it|is|are|was|me|my|our|i|we|in|as")
# Single-character glue is trimmed, but not when it starts a word: 跟进, 要求, 说明, 还款, 来电, 把握, 在线 …
_EDGE_ZH_START = (r"之前|以前|前|的|了|吧|给我|帮我|把(?!握)|和|跟(?!进|踪)|与|在(?!线)|要(?!求|约)|说(?!明)|是(?!否)|"
                  r"就|都|还(?!款)|也|请(?!款|假)|来(?!电|访)")
_EDGE_ZH_END = r"之前|以前|前|的|了|吧|呢|啊|哦|一下"
_EDGE_RE = re.compile(
    rf"^(?:(?:{_EDGE_EN})\b|{_EDGE_ZH_START}|[\s,，.。;；:：!！?？\-–—~+&/|()（）\[\]\"'`*•·])+|"
    rf"(?:\b(?:{_EDGE_EN})|{_EDGE_ZH_END}|[\s,，.。;；:：!！?？\-–—~+&/|()（）\[\]\"'`*•·])+$",
    re.IGNORECASE,
)
_PUNCT = r"[\s,，.。;；:：!！?？\-–—~+&/|()（）\[\]\"'`*•·]+"
_PUNCT_EDGE = re.compile(rf"^{_PUNCT}|{_PUNCT}$")
_EDGE_LIGHT_RE = re.compile(
    rf"^(?:(?:{_EDGE_EN})\b|的|了|{_PUNCT})+|(?:\b(?:{_EDGE_EN})|的|了|{_PUNCT})+$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_EMOJI = re.compile(r"[\u2600-\u27bf\u2b00-\u2bff\U0001F000-\U0001FAFF\ufe0f]+")
_CLAUSE_SPLIT = re.compile(r"\s*(?:[,，;；。!！?？\n]|\s[-–—]\s|\s\+\s|:\s|：|\.\s)\s*")
_ZH_GAP = re.compile(r"(?<=[\u4e00-\u9fff)）%])\s+(?=[\u4e00-\u9fff(（])|(?<=[\u4e00-\u9fff])\s+(?=\d)")


def cut(text: str, spans: Iterable[Span], soft: Iterable[Span] = ()) -> str:
    """The text with the spans replaced by a cut mark; `soft` spans just vanish (the words around them join:
    "send acme the quote" without the customer is "send the quote")."""
    marks = {span: _CUT for span in spans}
    for span in soft:
        if not any(s < span[1] and span[0] < e for s, e in marks):
            marks[span] = " "
    out = text
    for (start, end), mark in sorted(marks.items(), reverse=True):
        if 0 <= start < end <= len(out):
            if mark == " " and start > 0 and end < len(out) and _is_cjk(out[start - 1]) and _is_cjk(out[end]):
                mark = ""  # 准备云帆软件的投标文件 → 准备投标文件
            out = out[:start] + mark + out[end:]
    return out


def tidy(text: str, *, edges: bool = True, light: bool = False) -> str:
    """Collapse spaces and cut marks, trim glue words and punctuation at both ends.

    `light` trims only English glue and 的/了: for names and titles, where 在线 or 给力 must stay whole.
    """
    text = _EMOJI.sub(" ", text.replace(_CUT, " "))
    text = _SPACES.sub(" ", text).strip()
    if edges:
        pattern = _EDGE_LIGHT_RE if light else _EDGE_RE
        previous = None
        while previous != text:
            previous = text
            text = pattern.sub("", text).strip()
    else:
        text = _PUNCT_EDGE.sub("", text).strip()
    return text


def join_pieces(parts: Iterable[str]) -> str:
    """Pieces back into one phrase: no space between two Chinese characters ("给" + "王总回电话")."""
    out = ""
    for part in parts:
        if out and not (_is_cjk(out[-1]) and _is_cjk(part[0])):
            out += " "
        out += part
    return out


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def pieces(text: str) -> list[str]:
    """Parts of a text between cut marks, each tidied, empty ones dropped."""
    return [p for p in (tidy(part) for part in text.split(_CUT)) if p]


def clauses(text: str, *, zh_spaces: bool = True) -> list[tuple[int, int]]:
    """Clause spans: split at sentence punctuation, ' - ', and (Chinese) at spaces between words."""
    boundaries: list[tuple[int, int]] = [(m.start(), m.end()) for m in _CLAUSE_SPLIT.finditer(text)]
    if zh_spaces:
        boundaries += [(m.start(), m.end()) for m in _ZH_GAP.finditer(text)]
    boundaries.sort()
    out: list[tuple[int, int]] = []
    position = 0
    for start, end in boundaries:
        if start < position:
            continue
        if start > position:
            out.append((position, start))
        position = end
    if position < len(text):
        out.append((position, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def meaningful(text: str) -> bool:
    """At least two content characters of Chinese or one real word: worth keeping as a slot."""
    stripped = tidy(text)
    cjk = sum(1 for ch in stripped if "\u4e00" <= ch <= "\u9fff")
    latin = re.findall(r"[A-Za-z0-9]{2,}", stripped)
    return cjk >= 2 or bool(latin)


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]

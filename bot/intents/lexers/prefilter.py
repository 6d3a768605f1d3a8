"""Cheap proofs that a regex cannot match a text, derived from the regex itself, so a lexer or the intent ranking
can skip the search.

`needs(pattern)` reads the compiled pattern's syntax tree and returns what every match must contain: a few
alternatives of literal strings, characters or a digit ("in 3 days" needs a digit; `remind me|提醒我` needs
"remind me" or "提醒我"). `GateSet(patterns).open(text)` answers them for many patterns in one pass over the
text (`may_match`/`finditer` for one pattern). A pattern is searched only when its needs are met, so skipping
changes no result: a match would contain what the text lacks.

Case-insensitive patterns are checked against the lower-cased text. That is exact for ASCII and caseless
characters (Chinese, digits, punctuation), the only ones a need keeps, except for the three characters the
regex engine also folds to an ASCII letter ("ı", "ſ", "İ"): a text with one of them skips no search (FOLDS).
tests/unit/lexers/test_prefilter.py proves these claims and compares gated with ungated results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]  # the syntax tree `re` itself compiles
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

# Non-ASCII characters a case-insensitive regex matches to an ASCII letter whose lower case is not that letter.
FOLDS = frozenset("ıſİ")
_FOLDS_RE = re.compile("[ıſİ]")
_DIGIT = re.compile(r"\d")
_MAX_CLASS = 64  # a class larger than this (a-z, the CJK block) proves too little to be worth a check
_USELESS = 4.0  # a requirement most texts meet is not kept (checking it costs little, but saves nothing)
_KEEP = 3  # how many of a sequence's requirements are kept (the most selective)


@dataclass(frozen=True)
class AnyOf:
    """One requirement: the lower-cased text contains one of these strings or characters (or, if `digit`, any
    digit). Lower case serves both kinds of pattern: a case-sensitive match's lower case is in the lower-cased
    text too."""

    strings: tuple[str, ...] = ()
    chars: frozenset[str] = frozenset()
    digit: bool = False

    @property
    def odds(self) -> float:
        """A rough chance that a message meets it (lower is a more useful requirement)."""
        total = 0.6 if self.digit else 0.0
        total += sum(_USELESS if ch.isspace() else 0.9 if ch in ",." else 0.02 if _cjk(ch) else 0.5
                     for ch in self.chars)
        total += sum(0.6 ** len(s) if s.isascii() else 0.02 ** len(s) for s in self.strings)
        return total


# All of these requirements; empty: nothing is known (the pattern is always searched).
Need = tuple[AnyOf, ...]

_NEEDS: dict[re.Pattern[str], Need] = {}


def needs(pattern: re.Pattern[str]) -> Need:
    """What every match of the pattern contains (cached per pattern)."""
    need = _NEEDS.get(pattern)
    if need is None:
        try:
            tree = sre_parse.parse(pattern.pattern, pattern.flags)
            need = _sequence(list(tree))
        except Exception:  # an unusual construct proves nothing: the pattern is simply always searched
            need = ()
        _NEEDS[pattern] = need
    return need


# ---- checking many patterns' needs at once ------------------------------------------------------------------
# A requirement is reduced to tokens of the lower-cased text — characters, pairs of characters, or "a digit" —
# one of which the text has whenever it meets the requirement (a string stands for its rarest pair: weaker,
# still sound; triples select better but cost more to list than they save). One pass over the text's tokens
# then tells every requirement of every pattern.

_DIGIT_TOKEN = "<digit>"  # longer than any text token
# Rough frequencies of English letters (per 100): a string is represented by its rarest pair.
_LETTER_FREQ = dict(zip("etaoinshrdlcumwfgypbvkjxqz",
                        (12, 9, 8, 7.5, 7, 6.7, 6.3, 6, 6, 4.3, 4, 2.8, 2.8, 2.4, 2.4, 2.2, 2, 2, 1.9, 1.5, 1, 0.8,
                         0.15, 0.15, 0.1, 0.07), strict=True))


def _rarity(token: str) -> float:
    odds = 1.0
    for ch in token:
        odds *= _LETTER_FREQ.get(ch, 12.0 if not ch.isalnum() else 1.0 if ch.isascii() else 0.2)
    return odds


def _tokens(requirement: AnyOf) -> frozenset[str]:
    out: set[str] = set(requirement.chars)
    if requirement.digit:
        out.add(_DIGIT_TOKEN)
    for string in requirement.strings:
        out.add(min((string[i:i + 2] for i in range(max(1, len(string) - 1))), key=_rarity))
    return frozenset(out)


@lru_cache(maxsize=64)  # one message asks about a few texts (itself, its folded form, parts of it)
def text_tokens(text: str) -> frozenset[str] | None:
    """The tokens of a text (None: it has a character the regex engine folds oddly, so every pattern is
    searched)."""
    if _FOLDS_RE.search(text) is not None:
        return None
    lower = text.lower()
    out = set(lower)
    out.update([lower[i:i + 2] for i in range(len(lower) - 1)])
    if _DIGIT.search(text) is not None:
        out.add(_DIGIT_TOKEN)
    return frozenset(out)


# Keyed by the pattern's id: hashing a compiled pattern hashes its whole source every time. The pattern is kept
# in the value so its id is never reused by another.
_ONE: dict[int, tuple[re.Pattern[str], tuple[frozenset[str], ...]]] = {}


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when no match of the pattern can be in the text (one pattern; see GateSet for many)."""
    known = _ONE.get(id(pattern))
    if known is None:
        known = _ONE[id(pattern)] = (pattern, tuple(_tokens(requirement) for requirement in needs(pattern)))
    wanted = known[1]
    if wanted:
        tokens = text_tokens(text)
        if tokens is not None:
            for one_of in wanted:
                if tokens.isdisjoint(one_of):
                    return False
    return True


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, without running the pattern on a text it cannot match."""
    return pattern.finditer(text) if may_match(pattern, text) else iter(())


class GateSet:
    """The needs of a list of patterns, checked together: `open(text)` says, per pattern, whether it can match.

    Requirements are bits of an int: a token maps to the requirements it meets, a pattern to those it needs, so a
    text's answer is a few ORs and one AND per pattern (ints of a few hundred bits beat frozenset unions)."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        ids: dict[frozenset[str], int] = {}
        index: dict[str, int] = {}
        self.wants: list[int] = []  # per pattern: the requirements (bits) it needs, all of them
        for pattern in patterns:
            wanted = 0
            for requirement in needs(pattern):
                tokens = _tokens(requirement)
                bit = 1 << ids.setdefault(tokens, len(ids))
                wanted |= bit
                for token in tokens:
                    index[token] = index.get(token, 0) | bit
            self.wants.append(wanted)
        self.index = index
        self.keys = frozenset(index)
        self.size = len(self.wants)

    def met(self, text: str) -> int | None:
        """The requirements (bits) the text meets (None: every pattern is to be searched)."""
        tokens = text_tokens(text)
        if tokens is None:
            return None
        index = self.index
        met = 0
        for token in tokens & self.keys:
            met |= index[token]
        return met

    def open(self, text: str) -> list[bool]:
        met = self.met(text)
        if met is None:
            return [True] * self.size
        return [wanted & met == wanted for wanted in self.wants]


def _cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _caseless_or_ascii(text: Iterable[str]) -> bool:
    return all(ch.isascii() or (ch.lower() == ch and ch.upper() == ch) for ch in text)


def _literal(chars: str) -> Need:
    if not _caseless_or_ascii(chars):
        return ()
    chars = chars.lower()
    if len(chars) == 1:
        return (AnyOf(chars=frozenset(chars)),)
    return (AnyOf(strings=(chars,)),)


def _sequence(items: list[tuple[Any, Any]]) -> Need:
    """A concatenation needs what each of its items needs; runs of literal characters are one string."""
    found: list[AnyOf] = []
    run: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            found.extend(_literal("".join(run)))
            run = []
        found.extend(_item(op, arg))
    if run:
        found.extend(_literal("".join(run)))
    return _best(found)


def _best(found: list[AnyOf]) -> Need:
    useful = sorted({r for r in found if r.odds < _USELESS}, key=lambda r: (r.odds, repr(r)))
    return tuple(useful[:_KEEP])


def _item(op: Any, arg: Any) -> Need:
    if op is sre.SUBPATTERN:
        _group, _add_flags, _del_flags, sub = arg
        return _sequence(list(sub))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(arg))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, sub = arg
        return _sequence(list(sub)) if low >= 1 else ()
    if op is sre.BRANCH:
        return _branch(arg[1])
    if op is sre.IN:
        return _class(arg)
    # Anything else (any character, a negated literal, anchors, lookarounds, back references) proves nothing.
    return ()


def _branch(alternatives: list[Any]) -> Need:
    """An alternation needs one of its alternatives' needs: each one's most selective requirement, joined."""
    strings: set[str] = set()
    chars: set[str] = set()
    digit = False
    for alternative in alternatives:
        need = _sequence(list(alternative))
        if not need:
            return ()
        first = need[0]
        strings.update(first.strings)
        chars.update(first.chars)
        digit = digit or first.digit
    # A string that contains another alternative (or one of its characters) is implied by it.
    kept = tuple(sorted(s for s in strings if not any(o != s and o in s for o in strings) and
                        not any(ch in chars for ch in s)))
    joined = AnyOf(strings=kept, chars=frozenset(chars), digit=digit)
    return (joined,) if joined.odds < _USELESS else ()


def _class(items: list[tuple[Any, Any]]) -> Need:
    chars: set[str] = set()
    digit = False
    for op, arg in items:
        if op is sre.LITERAL:
            chars.add(chr(arg))
        elif op is sre.RANGE:
            low, high = arg
            if high - low >= _MAX_CLASS:
                return ()
            chars.update(chr(code) for code in range(low, high + 1))
        elif op is sre.CATEGORY and arg in (sre.CATEGORY_DIGIT, sre.CATEGORY_UNI_DIGIT):
            digit = True
        else:  # a negated class, \w, \s …
            return ()
    if len(chars) > _MAX_CLASS or not _caseless_or_ascii(chars):
        return ()
    return (AnyOf(chars=frozenset(ch.lower() for ch in chars), digit=digit),)

"""Spotting known customers inside a message: "visited acme today", "给蓝海物流打了电话", "Globex的王总".

Exact (normalised name, suffixes ignored) matches carry the canonical name. Prefixes ("northwind",
"星辰"), typos ("acem", "globx") and one-character slips in Chinese ("星尘科技", "兰海物流") are reported as
written: the handler's resolver turns them into a "Did you mean …?" — a guess is never identity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from bot.intents.lexers.normalize import is_cjk
from bot.intents.lexers.pinyin import sounds_alike
from bot.intents.rules.lexicon import is_common
from core.names import name_key, strip_company_suffix

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&\-]*(?:'s)?|&")
_NON_ALNUM = re.compile(r"[\W_]+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_ZH_SUFFIX = re.compile(r"^(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司|\(中国\))")
_EN_SUFFIX = re.compile(
    r"^(?:[\s,.]*(?:corporation|corp|incorporated|inc|limited|ltd|llc|company|co|group|holdings|plc|gmbh)\b)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str  # as written in the message
    name: str  # the known customer it points to
    score: float  # 100 exact; 90+ prefix/alias of several tokens; < 90 a guess
    exact: bool


@dataclass(frozen=True)
class _Name:
    name: str
    key: str
    tokens: tuple[str, ...]
    cjk: bool


class CustomerSpotter:
    """Index of known names for scanning free text; built once per customer list (cached)."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names: list[_Name] = []
        self.by_key: dict[str, list[int]] = {}
        self.by_first: dict[str, list[int]] = {}
        self.cjk_bigrams: dict[str, list[tuple[int, int]]] = {}
        self.cjk_first: dict[str, list[int]] = {}
        cjk_keys: list[str] = []
        for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
            key = name_key(name)
            if not key:
                continue
            stripped = strip_company_suffix(name).casefold()
            tokens = tuple(t.removesuffix("'s") for t in _TOKEN.findall(stripped))
            cjk = any(is_cjk(ch) for ch in key)
            index = len(self.names)
            self.names.append(_Name(name, key, tokens, cjk))
            self.by_key.setdefault(key, []).append(index)
            if cjk:
                cjk_keys.append(key)
                self.cjk_first.setdefault(key[0], []).append(index)
                for offset in range(len(key) - 1):
                    self.cjk_bigrams.setdefault(key[offset: offset + 2], []).append((index, offset))
            elif tokens:
                self.by_first.setdefault(tokens[0], []).append(index)
        self.max_tokens = max((len(n.tokens) for n in self.names if not n.cjk), default=1) + 1
        # Every leading part of a known key, and the first letters of the Latin names: a run of words that starts
        # with neither can match no name exactly, and a typo keeps the first letter (see _fuzzy_latin).
        self.key_starts = {key[:size] for key in self.by_key for size in range(len(key) + 1)}
        self.latin_initials = {n.key[0] for n in self.names if not n.cjk}
        alternatives = sorted({k for k in cjk_keys if len(k) >= 2}, key=len, reverse=True)
        self.cjk_re = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None
        prefixes = sorted({k[:n] for k in cjk_keys for n in range(2, len(k)) if len(k) >= 3}, key=len, reverse=True)
        self.cjk_prefix_re = re.compile("|".join(map(re.escape, prefixes))) if prefixes else None

    def spot(self, text: str, blocked: Sequence[tuple[int, int]] = ()) -> list[Mention]:
        found = self._latin(text) + self._cjk(text)
        found = [m for m in found if not any(m.start < e and s < m.end for s, e in blocked)]
        found = [m for m in found if m.exact or not _inside_other_name(text, m)]
        # Longest, then strongest, mention wins an overlap.
        found.sort(key=lambda m: (-(m.end - m.start), -m.score, m.start))
        chosen: list[Mention] = []
        for mention in found:
            if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
                chosen.append(mention)
        chosen.sort(key=lambda m: m.start)
        return chosen

    # --- Latin script: n-grams of words ------------------------------------------------------------------

    def _latin(self, text: str) -> list[Mention]:
        tokens = [(m.group().casefold().removesuffix("'s"), m.start(), m.end() - (2 if m.group().endswith("'s") else 0))
                  for m in _TOKEN.finditer(text)]
        keys = [_NON_ALNUM.sub("", t[0]) for t in tokens]
        out: list[Mention] = []
        for i in range(len(tokens)):
            # Exact and prefix readings first, longest first; a typo only when nothing reads exactly.
            found = None
            exact_possible = keys[i] in self.key_starts or tokens[i][0] in self.by_first
            for fuzzy in (False, True) if exact_possible else (True,):
                for n in range(min(self.max_tokens, len(tokens) - i), 0, -1):
                    words = [t[0] for t in tokens[i: i + n]]
                    if words[0] == "&" or words[-1] == "&" or (fuzzy and n > 1 and is_common(words[-1])):
                        continue
                    start, end = tokens[i][1], tokens[i + n - 1][2]
                    found = self._latin_match(text, words, "".join(keys[i: i + n]), start, end, fuzzy=fuzzy)
                    if found is not None:
                        break
                if found is not None:
                    out.append(found)
                    break
        return out

    def _latin_match(self, text: str, words: list[str], key: str, start: int, end: int, *,
                     fuzzy: bool) -> Mention | None:
        # The words' keys joined: a name with its suffix ("acme corp") also matches without it ("acme")
        # and _extend_suffix then covers the suffix, so company suffixes need no stripping here.
        if not key:
            return None
        if fuzzy:
            all_common = all(is_common(w) or w.isdigit() for w in words)
            if all_common or len(key) < 4 or any(ch.isdigit() for ch in key):
                return None
            return self._fuzzy_latin(text, key, len(words), start, end)
        if key in self.by_key:
            end = _extend_suffix(text, end)
            return self._mention(text, start, end, self.by_key[key], 100.0, exact=True)
        # A leading run of a longer name ("northwind", "blue yonder") — not a lone common word ("wide").
        candidates = [i for i in self.by_first.get(words[0], ()) if self.names[i].tokens[: len(words)] == tuple(words)]
        if candidates and not (len(words) == 1 and (is_common(words[0]) or len(words[0]) < 4)):
            return self._mention(text, start, end, candidates, 92.0 if len(words) > 1 else 90.0, exact=False)
        return None

    def _fuzzy_latin(self, text: str, key: str, n_words: int, start: int, end: int) -> Mention | None:
        if key[0] not in self.latin_initials:
            return None
        best: tuple[float, int] | None = None
        for index, known in enumerate(self.names):
            # Typos keep the first letter; "came" is not "acme".
            if known.cjk or known.key[0] != key[0]:
                continue
            targets = [known.key]
            if n_words == 1 and known.tokens and len(known.tokens[0]) >= 5 and not is_common(known.tokens[0]):
                targets.append(known.tokens[0])
            elif 1 < n_words < len(known.tokens):
                # "northgate shiping" for Northgate Shipping Co: a typo in the leading words of a longer name.
                targets.append(_NON_ALNUM.sub("", "".join(known.tokens[:n_words])))
            for target in targets:
                if abs(len(target) - len(key)) > 2:
                    continue
                distance = OSA.distance(key, target)
                budget = 1 if len(target) < 8 else 2
                if distance <= budget or fuzz.ratio(key, target) >= 88:
                    score = max(88.0 - 4 * distance, float(fuzz.ratio(key, target)) - 4)
                    if best is None or score > best[0]:
                        best = (score, index)
        if best is None:
            return None
        return self._mention(text, start, end, [best[1]], min(best[0], 89.0), exact=False)

    # --- Chinese: substrings, prefixes, one-character slips ----------------------------------------------

    def _cjk(self, text: str) -> list[Mention]:
        out: list[Mention] = []
        if self.cjk_re is not None:
            for match in self.cjk_re.finditer(text):
                end = _extend_suffix(text, match.end())
                out.append(self._mention(text, match.start(), end, self.by_key[match.group()], 100.0, exact=True))
        if self.cjk_prefix_re is not None:
            for match in self.cjk_prefix_re.finditer(text):
                prefix = match.group()
                owners = [i for i, n in enumerate(self.names) if n.cjk and n.key.startswith(prefix)]
                score = 90.0 if len(prefix) >= 3 else 86.0
                out.append(self._mention(text, match.start(), match.end(), owners, score, exact=False))
        out.extend(self._cjk_slips(text))
        out.extend(self._cjk_short_slips(text))
        return out

    def _cjk_slips(self, text: str) -> list[Mention]:
        seen: set[tuple[int, int]] = set()
        out: list[Mention] = []
        for run in _CJK_RUN.finditer(text):
            chunk, base = run.group(), run.start()
            for pos in range(len(chunk) - 1):
                for index, offset in self.cjk_bigrams.get(chunk[pos: pos + 2], ()):
                    key = self.names[index].key
                    begin = pos - offset
                    if len(key) < 4 or begin < 0 or begin + len(key) > len(chunk) or (index, begin) in seen:
                        continue
                    seen.add((index, begin))
                    window = chunk[begin: begin + len(key)]
                    if window != key and _one_slip(window, key, edges_sound_alike=True):
                        out.append(self._mention(text, base + begin, base + begin + len(key), [index], 88.0, False))
        return out

    def _cjk_short_slips(self, text: str) -> list[Mention]:
        """A short form with an IME slip (启名星 for 启明星科技): first character exact, the other one a homophone."""
        out: list[Mention] = []
        for run in _CJK_RUN.finditer(text):
            chunk, base = run.group(), run.start()
            for pos, char in enumerate(chunk):
                for index in self.cjk_first.get(char, ()):
                    key = self.names[index].key
                    for size in (3, 2):
                        window = chunk[pos: pos + size]
                        if len(window) < size or size > len(key) or len(key) == 2:
                            continue  # a two-character name with a slip is any other word
                        if window != key[:size] and _one_slip(window, key[:size], homophone_only=True):
                            score = 86.0 if size == 3 else 84.0
                            out.append(self._mention(text, base + pos, base + pos + size, [index], score, False))
                            break
        return out

    def _mention(self, text: str, start: int, end: int, owners: Sequence[int], score: float, exact: bool) -> Mention:
        names = sorted({self.names[i].name for i in owners})
        # Several known customers behind one prefix: report the words; the resolver asks which one.
        if len(names) > 1:
            score = min(score, 80.0)
        return Mention(start, end, text[start:end], names[0], score, exact and len(names) == 1)


def _one_slip(window: str, key: str, *, edges_sound_alike: bool = False, homophone_only: bool = False) -> bool:
    """Exactly one character differs. A slip at the edge of a long name, or any slip in a short form, must be a
    homophone: 东方电视(台) is not a slip for 东方电气; 华东电利 is 华东电力 typed by ear."""
    diffs = [i for i, (a, b) in enumerate(zip(window, key, strict=True)) if a != b]
    if len(diffs) != 1:
        return False
    position = diffs[0]
    if homophone_only:
        return position > 0 and sounds_alike(window[position], key[position])
    if edges_sound_alike and position in (0, len(key) - 1):
        return sounds_alike(window[position], key[position])
    return True


_CAPITALISED = re.compile(r"[A-Z][a-z][A-Za-z&'-]*")


def _inside_other_name(text: str, mention: Mention) -> bool:
    """'Blue Granite Quarries' is not Granite Bank: a partial match wrapped in other capitalised words."""
    if is_cjk(text[mention.start]):
        return False
    before = re.search(r"([A-Za-z][\w&'-]*) $", text[max(0, mention.start - 30): mention.start])
    after = re.match(r" ([A-Za-z][\w&'-]*)", text[mention.end: mention.end + 30])
    for neighbour in (before, after):
        if neighbour is None:
            continue
        word = neighbour.group(1)
        if _CAPITALISED.fullmatch(word) and not is_common(word) and word.casefold() not in mention.name.casefold():
            return True
    return False


def _extend_suffix(text: str, end: int) -> int:
    rest = text[end:]
    match = _ZH_SUFFIX.match(rest) or _EN_SUFFIX.match(rest)
    return end + match.end() if match else end


@lru_cache(maxsize=32)
def spotter_for(names: tuple[str, ...]) -> CustomerSpotter:
    return CustomerSpotter(names)

"""Is this row something we already have — in the database (as far as the importer may see) or earlier in the file?

Exact means equal after normalisation (case, width, punctuation and legal suffixes ignored for companies; word
order for people): the row *merges* (fills what is empty, links its contact). Similar means a typo away or one
name inside the other: the row is *rejected as a duplicate*, with the name it resembles, because merging on a
guess would write into the wrong customer — unless the user asks for it (`--merge-near`, planning's
`merge_near`): then it merges into the record it resembles. Fuzzy scores come from rapidfuzz on the suffix-free
names.

Customer names are known to everyone (the 撞单 rule in core.permissions), so a row naming a colleague's customer
is told that much — the name — and nothing else about it; its owner, contacts and deals stay unread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from core.importing.normalising import company_core, company_key
from core.names import loose_key

# A typo in a long name scores ≥ 90 ("Umbrella"/"Umbrela" 93); 北京科技/南京科技 (75) are different companies.
SIMILAR = 90
# One name starting or ending with the other ("上海星辰科技" / "星辰科技", "Globex Trading" / "Globex") counts when
# the shorter has at least this many characters. Only ends are compared: that is how a city prefix or a trailing
# word is added, and it can be looked up by key instead of scanning every name for every row.
CONTAINED_MIN = 4
_CHUNK = 512  # rows scored at once: 512 × 50,000 one-byte scores is 25 MB


@dataclass(frozen=True)
class Known:
    """An existing (or earlier-in-file) thing a row is compared with."""

    key: str
    core: str
    name: str
    id: int | None = None  # database id, None for an earlier row
    row: int | None = None  # the row that introduced it, None for the database
    readable: bool = True


def similarity(a: str, b: str) -> int:
    """0–100: how alike two suffix-free names are (one starting or ending with the other, ≥ CONTAINED_MIN
    characters, counts as 100)."""
    if not a or not b:
        return 0
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= CONTAINED_MIN and (longer.startswith(shorter) or longer.endswith(shorter)):
        return 100
    return round(fuzz.ratio(a, b))


def _ends(core: str) -> set[str]:
    """Every proper prefix and suffix of at least CONTAINED_MIN characters."""
    return {part for n in range(CONTAINED_MIN, len(core)) for part in (core[:n], core[-n:])}


class Index:
    """Names by exact key, and a fuzzy look-up over their suffix-free forms."""

    def __init__(self, items: Iterable[Known] = ()) -> None:
        self.by_key: dict[str, Known] = {}
        self._cores: list[str] = []
        self._items: list[Known] = []
        self._by_core: dict[str, Known] = {}
        self._by_end: dict[str, Known] = {}  # a prefix or suffix of a known name → that name
        self._order: dict[str, int] = {}
        self._primed: dict[str, list[tuple[str, int]]] | None = None
        for item in items:
            self.add(item)

    def add(self, item: Known) -> None:
        if item.key and item.key not in self.by_key:
            self.by_key[item.key] = item
            self._cores.append(item.core)
            self._items.append(item)
            self._by_core.setdefault(item.core, item)
            self._order.setdefault(item.core, len(self._order))
            for end in _ends(item.core):
                self._by_end.setdefault(end, item)

    def exact(self, key: str) -> Known | None:
        return self.by_key.get(key)

    def prime(self, queries: Iterable[str], *, file_order: bool = False) -> None:
        """Score every name that will be asked about against every name that may be known by then, in one
        vectorised pass: against the known names, or — `file_order`, for an index filled as a file is read from
        the same names in file order — against the names before it (a row only ever meets earlier rows).

        A file of n rows is ~n²/2 comparisons either way; row by row they cost ~0.7 µs each, in one `cdist`
        ~0.1 µs. `similar` then only looks its candidates up."""
        asked = list(dict.fromkeys(q for q in queries if q))
        names = asked if file_order else list(dict.fromkeys(c for c in self._cores if c))
        self._primed = {}
        for start in range(0, len(asked), _CHUNK):
            part = asked[start:start + _CHUNK]
            choices = names[:start + len(part)] if file_order else names
            if not choices:
                continue
            scores = process.cdist(part, choices, scorer=fuzz.ratio, score_cutoff=SIMILAR, dtype=np.uint8,
                                   workers=-1)
            for row, column in zip(*np.nonzero(scores), strict=True):
                self._primed.setdefault(part[row], []).append((choices[column], int(scores[row, column])))

    def similar(self, core: str) -> tuple[Known, int] | None:
        """The most similar known name at or above the threshold (ties: the earliest)."""
        if not core or not self._cores:
            return None
        best: tuple[Known, int] | None = None
        # ratio ≥ SIMILAR (precomputed by `prime`, else over every name, in C); containment by looking ends up.
        if self._primed is not None:
            hits = [(score, -self._order[name], name) for name, score in self._primed.get(core, ())
                    if name in self._by_core]
            if hits:
                score, _, name = max(hits)
                best = (self._by_core[name], score)
        else:
            found = process.extractOne(core, self._cores, scorer=fuzz.ratio, score_cutoff=SIMILAR)
            if found is not None:
                best = (self._items[found[2]], round(found[1]))
        if best is None and len(core) >= CONTAINED_MIN:
            inside = self._by_end.get(core)  # this name begins or ends a known one
            if inside is None:
                inside = next((self._by_core[end] for end in sorted(_ends(core), key=len, reverse=True)
                               if end in self._by_core), None)  # a known name begins or ends this one
            if inside is not None:
                return inside, 100
        return best


def company(name: str, *, id: int | None = None, row: int | None = None, readable: bool = True) -> Known:
    return Known(company_key(name), company_core(name), name, id, row, readable)


def titled(name: str, *, id: int | None = None, row: int | None = None) -> Known:
    """A deal title (case-, width- and punctuation-insensitive; no suffix stripping)."""
    key = loose_key(name)
    return Known(key, key, name, id, row)

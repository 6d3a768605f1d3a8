"""Entity resolution: which known customer does "acme", "ACME corp." or "星辰" mean?

Exact matches on the normalised name or an alias are identity. Prefix and fuzzy matches (rapidfuzz) are
only ever *candidates*: the conversation asks "Did you mean …?" before a write uses one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.intents.lexers.pinyin import sounds_alike
from core.names import name_key, strip_company_suffix
from core.services.customers import CustomerName

FUZZY_CUTOFF = 78.0
STRONG = 90.0
MARGIN = 8.0
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Match:
    id: int
    name: str
    score: float
    exact: bool


@dataclass(frozen=True)
class Resolution:
    query: str
    matches: tuple[Match, ...]

    @property
    def exact(self) -> Match | None:
        exact = [m for m in self.matches if m.exact]
        return exact[0] if len(exact) == 1 else None

    @property
    def best(self) -> Match | None:
        """One clearly best candidate (exact, or strong and well ahead of the next) — a guess, not identity."""
        if self.exact is not None:
            return self.exact
        if not self.matches or any(m.exact for m in self.matches):
            return None
        first = self.matches[0]
        second = self.matches[1].score if len(self.matches) > 1 else 0.0
        return first if first.score >= STRONG and first.score - second >= MARGIN else None


@dataclass(frozen=True)
class Label:
    """One name or alias of a customer, normalised once (indexes are rebuilt per message; labels are not)."""

    owner: CustomerName
    key: str
    # The leading words of multi-word names ("juniper", "northgate shipping"): a typo in a short form.
    leads: tuple[tuple[int, str], ...]


def labels_of(customers: Sequence[CustomerName]) -> list[Label]:
    out: list[Label] = []
    for customer in customers:
        for label in (customer.name, *customer.aliases):
            key = name_key(label)
            if key:
                words = _WORD.findall(strip_company_suffix(label).casefold())
                leads = tuple((n, "".join(words[:n])) for n in range(1, len(words)))
                out.append(Label(customer, key, leads))
    return out


class CustomerIndex:
    """Normalised keys of the customers one user can see."""

    def __init__(self, customers: Sequence[CustomerName] = (), *, labels: Sequence[Label] | None = None) -> None:
        chosen = labels_of(customers) if labels is None else labels
        self._keys: list[str] = [label.key for label in chosen]
        self._owners: list[CustomerName] = [label.owner for label in chosen]
        self._by_key: dict[str, list[int]] = {}
        for index, key in enumerate(self._keys):
            self._by_key.setdefault(key, []).append(index)
        self._leads: list[tuple[int, str, int]] = [
            (n, lead, index) for index, label in enumerate(chosen) for n, lead in label.leads
        ]

    def __len__(self) -> int:
        return len(self._owners)

    def resolve(self, query: str, limit: int = 4) -> Resolution:
        key = name_key(query)
        if not key:
            return Resolution(query, ())
        found: dict[int, Match] = {}
        for index in self._by_key.get(key, ()):
            owner = self._owners[index]
            found[owner.id] = Match(owner.id, owner.name, 100.0, True)
        if found:
            return Resolution(query, tuple(found.values()))
        if len(key) >= _min_prefix(key):
            for index, candidate in enumerate(self._keys):
                # "星辰" for 星辰科技, "northwind" for Northwind Traders: a prefix is a strong hint.
                if candidate.startswith(key):
                    owner = self._owners[index]
                    found.setdefault(owner.id, Match(owner.id, owner.name, 92.0, False))
        for _candidate, score, index in process.extract(
            key, self._keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit * 2
        ):
            owner = self._owners[index]
            previous = found.get(owner.id)
            if previous is None or previous.score < score:
                found[owner.id] = Match(owner.id, owner.name, float(score), False)
        typo_budget = 1 if len(key) < 8 else 2
        if len(key) >= 4:
            # Transposed or dropped letters in short names ("acem") fall below a ratio cutoff; count edits.
            for candidate, distance, index in process.extract(
                key, self._keys, scorer=OSA.distance, score_cutoff=typo_budget, limit=limit * 2
            ):
                owner = self._owners[index]
                # One slip ("acem", 星尘科技 for 星辰科技) is a strong guess; it still needs a "Did you mean".
                score = 90.0 if distance == 1 else 100.0 * (1 - distance / max(len(key), len(candidate), 8))
                if owner.id not in found or found[owner.id].score < score:
                    found[owner.id] = Match(owner.id, owner.name, score, False)
        for owner, score in self._short_form_slips(query, key):
            if owner.id not in found or found[owner.id].score < score:
                found[owner.id] = Match(owner.id, owner.name, score, False)
        ranked = sorted(found.values(), key=lambda m: (-m.score, m.name))
        return Resolution(query, tuple(ranked[:limit]))

    def _short_form_slips(self, query: str, key: str) -> list[tuple[CustomerName, float]]:
        """One slip in a short form: "junipr" (Juniper Labs), 启名星 (启明星科技, typed by ear)."""
        out: list[tuple[CustomerName, float]] = []
        if any("\u4e00" <= ch <= "\u9fff" for ch in key):
            for index, candidate in enumerate(self._keys):
                if 2 <= len(key) < len(candidate) and _homophone_slip(key, candidate[: len(key)]):
                    out.append((self._owners[index], STRONG))
            return out
        n_words = len(_WORD.findall(strip_company_suffix(query).casefold()))
        if len(key) < 5:
            return out
        for n, lead, index in self._leads:
            if n == n_words and key[0] == lead[0] and OSA.distance(key, lead) == 1:
                out.append((self._owners[index], STRONG))
        return out


def _homophone_slip(typed: str, known: str) -> bool:
    diffs = [i for i, (a, b) in enumerate(zip(typed, known, strict=True)) if a != b]
    return len(diffs) == 1 and diffs[0] > 0 and sounds_alike(typed[diffs[0]], known[diffs[0]])


def _min_prefix(key: str) -> int:
    return 2 if any("\u4e00" <= ch <= "\u9fff" for ch in key) else 4

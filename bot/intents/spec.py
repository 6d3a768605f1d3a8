"""One intent, declared once: `IntentSpec`. The registry (`registry.py`) builds everything else from these.

A spec carries its command type, whether it writes, the slots it needs before proposing, its cues and its own
scorer, its slot filler, its tie-break order, its help line and examples (en + zh), its handler and its corpus
file. Adding an intent = its spec (in the domain's module under `specs/`), its handler, its messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.intents.command import Command, intent_of

if TYPE_CHECKING:
    from bot.intents.rules.features import Features
    from bot.intents.rules.signals import Signals

_F = re.IGNORECASE
L = r"(?<![A-Za-z])"  # word edges that also hold next to Chinese characters
R = r"(?![A-Za-z])"
LANGUAGES = ("en", "zh")

# (features, signals, own) -> this intent's score, where `own` is the total weight of its own cues that matched.
# A scorer reads only the message (features) and the shared facts about it (signals), never another intent's score.
Scorer = Callable[["Features", "Signals", float], float]
Filler = Callable[["Features"], dict[str, Any]]


@dataclass(frozen=True)
class Cue:
    """A phrase that signals the intent, with its weight: 5-6 an explicit command phrase ("remind me", 记工时),
    4 a strong phrase ("new deal"), 2-3 domain words that need company, 1 a hint."""

    pattern: re.Pattern[str]
    weight: float


def cues(*pairs: tuple[str | re.Pattern[str], float]) -> tuple[Cue, ...]:
    """Cues from (pattern, weight) pairs; strings are compiled case-insensitively."""
    return tuple(Cue(p if isinstance(p, re.Pattern) else re.compile(p, _F), w) for p, w in pairs)


def own_cues(features: Features, signals: Signals, own: float) -> float:
    """The scorer of an intent its cues settle alone."""
    return own


def no_slots(features: Features) -> dict[str, Any]:
    return {}


@dataclass(frozen=True, eq=False)  # identity: each spec is declared once (and is hashable for caches)
class IntentSpec:
    name: str
    # Its pydantic command; the fields' `description=`s feed the LLM tool schema.
    command: type[Command]
    # Whether executing it changes data (a write is proposed as a card, then confirmed).
    writes: bool
    # Tie-break between equal scores: the lower order wins.
    order: int
    # Catalogue key of its help line (en + zh); the same line names the intent in the LLM prompt.
    help: str
    # Utterances that must parse to it (shown in help, the first of each language): {"en": (...), "zh": (...)}.
    examples: Mapping[str, tuple[str, ...]]
    # "module:Class" of its handler, resolved lazily (bot/intents never imports bot/handlers). None: written but
    # not registered — the chat, help, LLM schema and handler map leave it out; `--all-intents` scores it.
    handler: str | None
    cues: tuple[Cue, ...] = ()
    scorer: Scorer = own_cues
    filler: Filler = no_slots
    # Slots it is hardly worth proposing without: a missing one lowers the confidence.
    required: tuple[str, ...] = ()
    # Its own labelled corpus (repository-relative; same line format as every corpus).
    corpus: str = field(default="")

    def __post_init__(self) -> None:
        if intent_of(self.command) != self.name:
            raise ValueError(f"spec {self.name!r} declares the command of {intent_of(self.command)!r}")
        unknown = set(self.required) - set(self.command.model_fields)
        if unknown:
            raise ValueError(f"spec {self.name!r} requires slots its command lacks: {sorted(unknown)}")
        if set(self.examples) != set(LANGUAGES) or not all(self.examples[lang] for lang in LANGUAGES):
            raise ValueError(f"spec {self.name!r} needs examples in {LANGUAGES}")
        if not self.corpus:
            object.__setattr__(self, "corpus", f"tests/data/nlu/intents/{self.name}.jsonl")

    @property
    def registered(self) -> bool:
        """Registered = it has a handler: only then does the chat understand it."""
        return self.handler is not None

    def slot_names(self) -> tuple[str, ...]:
        """The slots a message can fill (what the prompt lists and the LLM schema must carry)."""
        return tuple(name for name in self.command.model_fields if name not in ("intent", "refers_to_context"))

    def score(self, features: Features, signals: Signals) -> float:
        """This intent's score for a message: its scorer over the total weight of its own cues found in it.
        (The ranking does the same, searching every cue once for all specs.)"""
        own = sum(cue.weight for cue in self.cues if cue.pattern.search(features.text))
        return self.scorer(features, signals, own)

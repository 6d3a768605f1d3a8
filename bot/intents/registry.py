"""The intent registry: every declared `IntentSpec`, and the rules of ranking that belong to no single intent.

Everything intent-shaped is built from here: the command union (`schema.py`), the rule parser's scorers and
fillers (`rules/parser.py`), the LLM tool schema and the prompt's intent list (`llm/`), help
(`bot/handlers/meta.py`) and the handler map (`bot/handlers/__init__.py`).

Registered = has a handler (`REGISTRY.active()`): only those are understood in chat. Specs without a handler
stay written in their domain modules so that `salesbot parse --all-intents` and `nlu-eval --all-intents` can
score the full contract (`REGISTRY.all()`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from bot.intents.rules.features import Features
from bot.intents.rules.signals import Signals
from bot.intents.spec import IntentSpec
from bot.intents.specs import contracts, crm, dashboard, deals, meta, money, projects, reports, scoring, team, work


class Registry:
    def __init__(self, specs: Iterable[IntentSpec]) -> None:
        self._specs = tuple(specs)
        names = [s.name for s in self._specs]
        orders = [s.order for s in self._specs]
        if len(set(names)) != len(names) or "unknown" in names:
            raise ValueError(f"intent names must be unique (and not 'unknown'): {names}")
        if len(set(orders)) != len(orders) or UNKNOWN_ORDER in orders:
            raise ValueError(f"intent orders must be unique tie-breaks: {orders}")
        self._by_name = {s.name: s for s in self._specs}

    def all(self) -> tuple[IntentSpec, ...]:
        """Every written spec, in declaration order (the order help lists them in)."""
        return self._specs

    def active(self) -> tuple[IntentSpec, ...]:
        """The registered specs: those with a handler."""
        return tuple(s for s in self._specs if s.registered)

    def select(self, *, all_intents: bool = False) -> tuple[IntentSpec, ...]:
        return self.all() if all_intents else self.active()

    def get(self, name: str) -> IntentSpec | None:
        return self._by_name.get(name)

    def writes(self, name: str) -> bool:
        spec = self._by_name.get(name)
        return spec is not None and spec.writes


def resolve_handler(path: str) -> Any:
    """The handler class named by a spec ("module:Class"); imported on demand so that bot/intents never
    imports bot/handlers."""
    module, _, name = path.partition(":")
    return getattr(import_module(module), name)


# -- ranking rules that belong to no single intent (applied by rules/ranking.py) -------------------------------
# A winner must score at least FLOOR; below it, `fallback` decides.
FLOOR = 2.0
# Plain chit-chat ("thanks", 你好) competes as `unknown` with this score.
CHITCHAT_SCORE = 2.5
# `unknown` loses every tie.
UNKNOWN_ORDER = 10_000
# Confidence of `unknown` for a message read fairly as an intent that is written but not registered (a payment
# note while payments are off): as sure as chit-chat, so the LLM — which does not know that intent — is not asked
# and cannot force it into one that is offered.
OUT_OF_SCOPE = 0.9


@dataclass(frozen=True)
class Fallback:
    intent: str
    score: float


_WORDS = re.compile(r"[A-Za-z\u4e00-\u9fff]{2,}")


def fallback(f: Features, s: Signals, active: frozenset[str]) -> Fallback:
    """Nothing scored FLOOR. A message that names a customer is still about that customer: the bare name
    ("acme?") asks about it (as a fair reading); a question or a short text asks about it (a guess); a longer
    text is a note on it (a guess). Anything else is not understood. Only registered intents are answered."""
    chosen = Fallback("unknown", 1.0)
    mention = f.customer
    if mention is not None:
        rest = f.text[:mention.start] + f.text[mention.end:]
        if s.words <= 4 and not _WORDS.search(rest):
            chosen = Fallback("query_customer", 2.5)
        elif s.question or len(f.text.split()) <= 3 or len(f.text) <= 8:
            chosen = Fallback("query_customer", 1.5)
        else:
            chosen = Fallback("log_interaction", 1.0)
    return chosen if chosen.intent in active else Fallback("unknown", 1.0)


# Declaration order is the order help lists the intents in.
REGISTRY = Registry((*crm.SPECS, *deals.SPECS, *work.SPECS, *team.SPECS, *projects.SPECS, *money.SPECS,
                     *reports.SPECS, *dashboard.SPECS, *meta.SPECS, *contracts.SPECS, *scoring.SPECS))

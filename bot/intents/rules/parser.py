"""The offline rule parser, English, Chinese and mixed: lexers → each spec scores itself → its filler → Command.

Never raises: whatever the text, the answer is a validated Command (possibly `unknown`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.intents.base import ParseContext, Parsed
from bot.intents.command import Unknown
from bot.intents.commands import validated
from bot.intents.lexers.dates import find_unread_dates
from bot.intents.registry import OUT_OF_SCOPE, REGISTRY
from bot.intents.router import ASK_BELOW
from bot.intents.rules.features import extract
from bot.intents.rules.ranking import classify, confidence
from bot.intents.schema import commands_of
from bot.intents.spec import IntentSpec

log = logging.getLogger(__name__)


class RuleParser:
    """Implements IntentParser with rules only: fast (well under a millisecond) and offline.

    `specs` are the intents it answers with (default: the registered ones, what the chat understands;
    `REGISTRY.all()` scores the full contract). Every other written spec still scores the message, only so
    that what belongs to it never becomes a wrong command: when such a spec reads the message best, the answer
    is `unknown` — sure (OUT_OF_SCOPE, not sent to the LLM, whose schema lacks that intent) when the reading is
    fair, "nothing understood" (0.5) when it is a guess.
    """

    def __init__(self, specs: Iterable[IntentSpec] | None = None) -> None:
        self.specs = tuple(REGISTRY.active() if specs is None else specs)
        self._by_name = {spec.name: spec for spec in self.specs}
        self._answerable = frozenset(self._by_name)
        # Answerable first: on equal score and order nothing changes, and orders are unique anyway.
        self._scored = self.specs + tuple(s for s in REGISTRY.all() if s.name not in self._by_name)
        self._commands = commands_of(self.specs)

    def parse(self, text: str, context: ParseContext) -> Parsed:
        try:
            return self._parse(text, context)
        except Exception:  # a parser bug must cost one message its meaning, never the conversation
            log.exception("rule parser failed")
            return Parsed(Unknown(), 0.0, "rules")

    def _parse(self, text: str, context: ParseContext) -> Parsed:
        features = extract(text or "", context)
        if not features.text:
            return Parsed(Unknown(), 0.95, "rules")
        decision = classify(features, self._scored, self._answerable)
        score = confidence(decision)
        spec = self._by_name.get(decision.intent)
        if spec is None:
            if decision.intent == "unknown":
                return Parsed(Unknown(), score, "rules")
            # Understood as an intent that is written but not registered here: no command of another kind.
            return Parsed(Unknown(), OUT_OF_SCOPE if score >= ASK_BELOW else 0.5, "rules")
        command, rejected = validated(decision.intent, spec.filler(features), commands=self._commands)
        if spec.required and not any(getattr(command, slot, None) for slot in spec.required):
            score = round(max(0.05, score - 0.15), 2)
        unread = tuple(u.text for u in find_unread_dates(features.text, context.now, context.timezone))
        return Parsed(command, score, "rules", rejected, unread)

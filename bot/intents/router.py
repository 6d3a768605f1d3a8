"""Rules first, the LLM when configured and needed; one Command out, with a confidence that means something.

Confidence (calibrated per bucket on the labelled corpus with `salesbot nlu-eval`, see docs/intents.md):
- ≥ CONFIDENT (0.85): the rules matched an explicit command phrase; in the corpus ≥ 99% right.
- ASK_BELOW (0.6) … 0.85: probably right; writes are proposed as usual (they are always confirmed).
- < ASK_BELOW: a guess — the conversation should ask ("Did you mean …?") rather than propose.
The LLM is consulted when the rules say `unknown` (and it is not plain chit-chat), when their
confidence is below LLM_BELOW, or for long free-form text the rules only skim.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.intents.base import IntentParser, ParseContext, Parsed
from bot.intents.commands import safe_command
from bot.intents.lexers.normalize import normalize
from bot.intents.rules.safety import INJECTION

log = logging.getLogger(__name__)

CONFIDENT = 0.85
ASK_BELOW = 0.6
LLM_BELOW = 0.72
LONG_TEXT = 280
# Slots whose values the lexers compute deterministically; when both parsers agree on the intent, the
# rules' values win over the model's for these.
_EXACT_SLOTS = frozenset({
    "amount", "currency", "date", "follow_up", "due", "close_date", "hours", "percent", "probability",
    "stage", "channel", "kind", "email", "phone",
})


class Router:
    def __init__(self, rules: IntentParser, llm: IntentParser | None = None, *, llm_below: float = LLM_BELOW,
                 long_text: int = LONG_TEXT) -> None:
        self.rules = rules
        self.llm = llm
        self.llm_below = llm_below
        self.long_text = long_text

    def parse(self, text: str, context: ParseContext) -> Parsed:
        ruled = self.rules.parse(text, context)
        if self.llm is None or not self._needs_llm(text, ruled):
            return ruled
        if INJECTION.search(normalize(text)):
            return ruled  # instructions inside a message never reach a model that might follow them
        try:
            modelled = self.llm.parse(text, context)
        except Exception:  # the LLM parser should not raise; if it does, the rules still answer
            log.exception("LLM parser raised")
            return ruled
        return merge(ruled, modelled)

    def _needs_llm(self, text: str, ruled: Parsed) -> bool:
        if ruled.command.intent == "unknown":
            return ruled.confidence < CONFIDENT  # chit-chat the rules are sure about costs no model call
        return ruled.confidence < self.llm_below or len(text) > self.long_text


def merge(ruled: Parsed, modelled: Parsed) -> Parsed:
    """One answer from two: agreement raises confidence; a failed or empty model answer changes nothing."""
    if modelled.source != "llm" or modelled.command.intent == "unknown":
        return ruled
    if ruled.command.intent == modelled.command.intent:
        slots: dict[str, Any] = dict(_given(modelled.command))
        for name, value in _given(ruled.command).items():
            if name in _EXACT_SLOTS or name not in slots:
                slots[name] = value
        # The lexers' reading of values wins, so do their refusals (a negative amount the model turned positive).
        for name in ruled.rejected:
            slots.pop(name, None)
        command = safe_command(ruled.command.intent, slots)
        return Parsed(command, max(ruled.confidence, CONFIDENT), "rules+llm", ruled.rejected, ruled.unread_dates)
    if ruled.command.intent == "unknown" or ruled.confidence < ASK_BELOW:
        return Parsed(modelled.command, min(modelled.confidence, 0.75), "llm", modelled.rejected,
                      ruled.unread_dates)
    # They disagree and the rules had a fair reading: keep it, but make the conversation ask.
    return Parsed(ruled.command, min(ruled.confidence, ASK_BELOW - 0.01), "rules", ruled.rejected,
                  ruled.unread_dates)


def _given(command: Any) -> dict[str, Any]:
    fields = type(command).model_fields
    values = {name: getattr(command, name) for name in fields if name != "intent"}
    return {k: v for k, v in values.items() if v is not None and v != "" and v is not False}

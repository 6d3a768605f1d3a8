"""The offline rule parser, English, Chinese and mixed: lexers → intent scores → slot fillers → Command.

Never raises: whatever the text, the answer is a validated Command (possibly `unknown`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.intents.base import ParseContext, Parsed
from bot.intents.commands import safe_command
from bot.intents.rules import slots_crm, slots_deals, slots_log, slots_work
from bot.intents.rules.classify import Decision, classify, confidence
from bot.intents.rules.features import Features, extract
from bot.intents.schema import Command, Unknown

log = logging.getLogger(__name__)

Filler = Callable[[Features], dict[str, Any]]

FILLERS: dict[str, Filler] = {
    "log_interaction": slots_log.log_interaction,
    "create_customer": slots_crm.create_customer,
    "add_contact": slots_crm.add_contact,
    "query_customer": slots_crm.query_customer,
    "create_deal": slots_deals.create_deal,
    "update_deal": slots_deals.update_deal,
    "query_deals": slots_deals.query_deals,
    "create_contract": slots_deals.create_contract,
    "record_payment": slots_deals.record_payment,
    "query_receivables": slots_deals.query_receivables,
    "create_task": slots_work.create_task,
    "list_tasks": slots_work.list_tasks,
    "complete_task": slots_work.complete_task,
    "log_time": slots_work.log_time,
    "update_project": slots_work.update_project,
    "query_project": slots_work.query_project,
    "report": slots_work.report,
    "daily_report": slots_work.daily_report,
}

# Slots a command is hardly worth proposing without: missing ones lower the confidence.
_NEEDS: dict[str, tuple[str, ...]] = {
    "create_customer": ("name",), "add_contact": ("contact",), "create_deal": ("customer",),
    "log_interaction": ("customer",), "create_task": ("task",), "complete_task": ("task",),
    "log_time": ("hours",), "record_payment": ("amount",), "create_contract": ("customer",),
    "report": ("kind",), "update_project": ("customer",),
}


class RuleParser:
    """Implements IntentParser with rules only: fast (well under a millisecond) and offline."""

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
        decision = classify(features)
        command = self._build(decision, features)
        score = confidence(decision)
        needed = _NEEDS.get(command.intent, ())
        if needed and not any(getattr(command, slot, None) for slot in needed):
            score = round(max(0.05, score - 0.15), 2)
        return Parsed(command, score, "rules")

    def _build(self, decision: Decision, features: Features) -> Command:
        filler = FILLERS.get(decision.intent)
        slots: dict[str, Any] = filler(features) if filler else {}
        if decision.intent == "update_deal" and slots_deals.refers_to_context(features):
            slots["refers_to_context"] = True
        return safe_command(decision.intent, slots)


__all__ = ["RuleParser", "safe_command"]

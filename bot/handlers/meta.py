"""Help, undo, and the intents whose modules are not switched on yet."""

from __future__ import annotations

from typing import Any

from bot.handlers.base import Answer, HandlerContext, Outcome, Proposal, ReadHandler
from bot.intents.schema import Command
from core import audit


class HelpHandler(ReadHandler):
    intent = "help"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        return Answer(h.t("help.text"), private=False)


class UndoHandler:
    intent = "undo"
    changes = None  # undo reverts the actor's own last change, whatever it touched

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        change = audit.last_change(h.ctx)
        if change is None:
            return Answer(h.t("undo.nothing"), private=False)
        what = " + ".join(h.t(f"action.{action}") for action in change.actions)
        label = f" · {change.label}" if change.label else ""
        return Proposal([h.t("card.undo", what=what + label, when=h.day(change.at))], {"change_id": change.change_id},
                        editable=False)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        change = audit.undo_change(h.ctx, str(resolved["change_id"]))
        what = " + ".join(h.t(f"action.{action}") for action in change.actions)
        return Answer(h.t("undo.done", what=what))


class NotYetHandler(ReadHandler):
    """Understood, but the module it belongs to (projects, contracts, reports) is not built yet."""

    def __init__(self, intent: str) -> None:
        self.intent = intent

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        return Answer(h.t("not_yet", what=h.t(f"intent.{self.intent}")), private=False)

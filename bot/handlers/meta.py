"""Help (assembled from the intent registry), undo and cancel."""

from __future__ import annotations

from typing import Any

from bot.handlers.base import Answer, HandlerContext, Outcome, Proposal, ReadHandler
from bot.intents.registry import REGISTRY
from bot.intents.schema import Command
from core import audit
from core.i18n import t

# Examples per intent shown in help (the spec's first ones in the user's language).
HELP_EXAMPLES = 2


def help_text(lang: str) -> str:
    """One line per registered intent — its help label and first examples — between an intro and an outro."""
    lines = [t(lang, "help.intro")]
    for spec in REGISTRY.active():
        examples = t(lang, "help.separator").join(
            t(lang, "help.example", text=text) for text in spec.examples[lang][:HELP_EXAMPLES])
        lines.append(t(lang, "help.line", what=t(lang, spec.help), examples=examples))
    lines.append(t(lang, "help.outro"))
    return "\n".join(lines)


class HelpHandler(ReadHandler):
    intent = "help"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        return Answer(help_text(h.lang), private=False)


class UndoHandler:
    intent = "undo"
    changes = None  # undo reverts the actor's own last change, whatever it touched

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        change = audit.last_change(h.ctx)
        if change is None:
            return Answer(h.t("undo.nothing"), private=False)
        label = f" · {change.label}" if change.label else ""
        return Proposal([h.t("card.undo", what=_what(change, h) + label, when=h.day(change.at))],
                        {"change_id": change.change_id}, editable=False)

    def execute(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Answer:
        change = audit.undo_change(h.ctx, str(resolved["change_id"]))
        return Answer(h.t("undo.done", what=_what(change, h)))


def _what(change: audit.ChangeSummary, h: HandlerContext) -> str:
    """"logged interaction + new task · Initech": the actions, and the customer they were about."""
    what = " + ".join(h.t(f"action.{action}") for action in change.actions)
    return f"{what} · {change.customer}" if change.customer else what


class CancelHandler(ReadHandler):
    """A typed "cancel" never gets here: the conversation drops the pending card itself (that state is its own).
    A cancel that reaches the handler map another way (a button or slash action returning the command) drops it
    too — answering clears what is pending."""

    intent = "cancel"

    def prepare(self, command: Command, resolved: dict[str, Any], h: HandlerContext) -> Outcome:
        return Answer(h.t("cancel.done"), private=False)

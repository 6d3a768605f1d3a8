"""Propose → confirm → write. One message in, replies out, all state in the database.

A pending item is one of: a proposal to confirm, a question for one missing slot, a choice between
candidates, or an edit in progress. Typed answers ("yes", "确认", "2") and button actions act on it;
anything else is parsed as a new command.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from bot.handlers.base import Answer, Ask, Choose, Handler, HandlerContext, Outcome, Proposal, Run
from bot.intents.base import IntentParser, ParseContext
from bot.intents.directory import CustomerDirectory
from bot.intents.router import ASK_BELOW
from bot.intents.schema import Command, dump, load
from bot.messages import Reply
from bot.replies import EDIT_WORDS, NO_WORDS, YES_WORDS, choose_reply, normalise_answer, proposal_reply, question_reply
from bot.slot_filling import fill_slot, merge_edit
from core.context import CoreGateway, ServiceContext
from core.errors import DomainError
from core.i18n import has, t
from core.models import ConversationState
from core.services import conversation as state_store

log = logging.getLogger(__name__)

# Below this the parse is treated as not understood (the rules and the LLM report calibrated confidence).
MIN_CONFIDENCE = 0.35


@dataclass(frozen=True)
class Turn:
    """One user message as the conversation sees it (the channel is already resolved to a user)."""

    user_id: int
    channel: str
    chat_id: str
    text: str
    action: str | None = None
    source: str = "text"


class ActionHandler(Protocol):
    """Buttons not tied to a pending proposal (e.g. on a reminder: "task:done:42", "snooze:1h:42")."""

    def handle(self, argument: str, h: HandlerContext) -> Answer | Command | Run:
        """Answer directly, or return a command to run through the normal pipeline (propose, ask …)."""
        ...


class SlashCommand(Protocol):
    """Explicit commands ("/settings tz Europe/London") handled before any parsing."""

    def handle(self, arguments: str, h: HandlerContext) -> Answer | Command | Run: ...


class Conversation:
    def __init__(self, core: CoreGateway, parser: IntentParser, handlers: dict[str, Handler],
                 actions: dict[str, ActionHandler] | None = None,
                 slash_commands: dict[str, SlashCommand] | None = None) -> None:
        self.core = core
        self.parser = parser
        self.handlers = handlers
        self.actions = dict(actions or {})
        self.directory = CustomerDirectory()
        self.slash_commands = dict(slash_commands or {})

    def handle(self, turn: Turn) -> list[Reply]:
        lang = "en"
        try:
            with self.core.unit(turn.user_id) as ctx:
                lang = ctx.actor.language
                state = state_store.load(ctx.session, turn.channel, turn.chat_id, turn.user_id, ctx.now())
                h = HandlerContext(ctx, lang, dict(state.context or {}), source_text=turn.text, source=turn.source,
                                   directory=self.directory)
                replies = self._dispatch(turn, state, h)
                self._save_memory(ctx, state, h)
                return replies
        except DomainError as error:
            # The transaction rolled back: a failed confirmation leaves its proposal pending.
            return [Reply(text=render_error(lang, error), private=False)]

    # -- routing -------------------------------------------------------------------------------------

    def _dispatch(self, turn: Turn, state: ConversationState, h: HandlerContext) -> list[Reply]:
        pending = state.pending
        if turn.action:
            return self._on_action(turn.action, state, h)
        answer = normalise_answer(turn.text)
        slash = self._slash(turn.text)
        if slash is not None:
            name, arguments = slash
            return self._outcome_or_run(self.slash_commands[name].handle(arguments, h), state, h)
        if pending is not None:
            stage = pending["stage"]
            if answer in NO_WORDS:
                return self._cancel(state, h)
            if stage == "confirm" and answer in YES_WORDS:
                return self._confirm(state, str(pending["id"]), h)
            if stage == "confirm" and answer in EDIT_WORDS and pending.get("editable", True):
                return self._start_edit(state, h)
            if stage == "choose":
                picked = _pick(pending, answer)
                if picked is not None:
                    return self._choose(state, picked, h)
            if stage in ("ask", "edit"):
                return self._continue(state, turn.text, h)
        elif answer in YES_WORDS or answer in EDIT_WORDS:
            return [Reply(text=h.t("confirm.nothing_pending"), private=False)]
        parsed = self.parser.parse(turn.text, self._parse_context(h))
        command = parsed.command
        if command.intent == "cancel":
            return self._cancel(state, h)
        if command.intent == "unknown" or parsed.confidence < MIN_CONFIDENCE:
            reminder = [Reply(text=h.t("confirm.still_pending"), private=False)] if pending else []
            return [Reply(text=h.t("unknown.reply"), private=False), *reminder]
        replies: list[Reply] = []
        if pending is not None:
            state_store.clear_pending(h.ctx.session, state, h.ctx.now())
            replies.append(Reply(text=h.t("confirm.dropped_previous"), resolves=str(pending["id"]), private=False))
        answered = self._run(command, {}, state, h)
        if parsed.confidence < ASK_BELOW and answered and answered[0].proposal_id and answered[0].choices:
            # A guess: say so on the card, so the user reads it before tapping Confirm.
            answered[0].text = f"{h.t('confirm.unsure')}\n{answered[0].text}"
        return replies + answered

    def _slash(self, text: str) -> tuple[str, str] | None:
        stripped = text.strip()
        if not stripped.startswith("/"):
            return None
        name, _, arguments = stripped[1:].partition(" ")
        name = name.split("@", 1)[0].casefold()  # Telegram appends @botname in groups
        return (name, arguments.strip()) if name in self.slash_commands else None

    def _outcome_or_run(self, result: Answer | Command | Run, state: ConversationState,
                        h: HandlerContext) -> list[Reply]:
        if isinstance(result, Answer):
            return [result.reply()]
        if isinstance(result, Run):
            return self._run(result.command, dict(result.resolved), state, h)
        return self._run(result, {}, state, h)

    def _on_action(self, action: str, state: ConversationState, h: HandlerContext) -> list[Reply]:
        verb, _, rest = action.partition(":")
        if verb in self.actions:
            return self._outcome_or_run(self.actions[verb].handle(rest, h), state, h)
        pending_id, _, argument = rest.partition(":")
        pending = state.pending
        if pending is None or pending.get("id") != pending_id:
            return [Reply(text=h.t("confirm.already_done"), resolves=pending_id, private=False)]
        if verb == "confirm":
            return self._confirm(state, pending_id, h)
        if verb == "cancel":
            return self._cancel(state, h)
        if verb == "edit" and pending.get("editable", True):
            return self._start_edit(state, h)
        if verb == "choose" and argument.isdigit():
            return self._choose(state, int(argument), h)
        return [Reply(text=h.t("unknown.reply"), private=False)]

    # -- steps ---------------------------------------------------------------------------------------

    def _run(self, command: Command, resolved: dict[str, Any], state: ConversationState,
             h: HandlerContext) -> list[Reply]:
        handler = self.handlers.get(command.intent)
        if handler is None:
            return [Reply(text=h.t("unknown.reply"), private=False)]
        outcome = handler.prepare(command, resolved, h)
        return self._present(command, outcome, resolved, state, h)

    def _present(self, command: Command, outcome: Outcome, resolved: dict[str, Any], state: ConversationState,
                 h: HandlerContext) -> list[Reply]:
        session, now = h.ctx.session, h.ctx.now()
        if isinstance(outcome, Answer):
            if state.pending is not None:
                state_store.clear_pending(session, state, now)
            return [outcome.reply()]
        # The words the user first wrote stay with the item through questions and edits; "yes" is not them.
        source_text = (state.pending or {}).get("source_text") or h.source_text
        base = {"command": dump(command), "source_text": source_text}
        if isinstance(outcome, Proposal):
            pid = state_store.set_pending(session, state, {**base, "stage": "confirm", "resolved": outcome.resolved,
                                                            "card": outcome.lines, "editable": outcome.editable}, now)
            return [proposal_reply(h, outcome, pid)]
        if isinstance(outcome, Ask):
            pid = state_store.set_pending(session, state, {**base, "stage": "ask", "slot": outcome.slot,
                                                            "resolved": {**resolved, **outcome.resolved}}, now)
            return [question_reply(h, outcome.question, pid)]
        assert isinstance(outcome, Choose)
        options = [{"label": o.label, "resolved": o.resolved} for o in outcome.options]
        pid = state_store.set_pending(session, state, {**base, "stage": "choose", "options": options,
                                                        "resolved": resolved}, now)
        return [choose_reply(h, outcome, pid)]

    def _confirm(self, state: ConversationState, pending_id: str, h: HandlerContext) -> list[Reply]:
        pending = state.pending or {}
        if pending.get("stage") != "confirm":
            return [Reply(text=h.t("confirm.nothing_pending"), private=False)]
        # Claim first: a second tap, a second device or a redelivered message finds nothing to run.
        if not state_store.claim_pending(h.ctx.session, state.id, pending_id, h.ctx.now()):
            return [Reply(text=h.t("confirm.already_done"), resolves=pending_id, private=False)]
        command = load(pending["command"])
        h.source_text = str(pending.get("source_text") or "")
        answer = self.handlers[command.intent].execute(command, dict(pending.get("resolved") or {}), h)
        reply = answer.reply()
        reply.resolves = pending_id
        return [reply]

    def _cancel(self, state: ConversationState, h: HandlerContext) -> list[Reply]:
        if state.pending is None:
            return [Reply(text=h.t("cancel.nothing"), private=False)]
        pending_id = str(state.pending["id"])
        state_store.clear_pending(h.ctx.session, state, h.ctx.now())
        return [Reply(text=h.t("cancel.done"), resolves=pending_id, private=False)]

    def _start_edit(self, state: ConversationState, h: HandlerContext) -> list[Reply]:
        pending = dict(state.pending or {})
        old_id = str(pending.pop("id"))
        pid = state_store.set_pending(h.ctx.session, state, {**pending, "stage": "edit"}, h.ctx.now())
        return [Reply(text=h.t("edit.prompt"), resolves=old_id, private=False),
                question_reply(h, h.t("edit.example"), pid)]

    def _choose(self, state: ConversationState, number: int, h: HandlerContext) -> list[Reply]:
        pending = state.pending or {}
        options = pending.get("options") or []
        if not 1 <= number <= len(options):
            return [Reply(text=h.t("choose.out_of_range", count=len(options)), private=False)]
        resolved = {**(pending.get("resolved") or {}), **options[number - 1]["resolved"]}
        command = load(pending["command"])
        return _resolving(self._run(command, resolved, state, h), str(pending.get("id")))

    def _continue(self, state: ConversationState, text: str, h: HandlerContext) -> list[Reply]:
        """An answer to a question, or a correction during edit: merge it into the pending command."""
        pending = state.pending or {}
        command = load(pending["command"])
        resolved = dict(pending.get("resolved") or {})
        context = self._parse_context(h)
        if pending["stage"] == "ask":
            updated, resolved = fill_slot(command, str(pending["slot"]), text, resolved, self.parser, context)
        else:
            updated, resolved = merge_edit(command, text, resolved, self.parser, context)
        if updated is None:
            return [Reply(text=h.t("edit.not_understood"), private=False)]
        return _resolving(self._run(updated, resolved, state, h), str(pending.get("id")))

    # -- helpers -------------------------------------------------------------------------------------

    def _parse_context(self, h: HandlerContext) -> ParseContext:
        return ParseContext(now=h.ctx.now(), timezone=h.tz, language=h.lang, customer_names=h.known_names())

    @staticmethod
    def _save_memory(ctx: ServiceContext, state: ConversationState, h: HandlerContext) -> None:
        if not h.remembered:
            return
        memory = dict(state.context or {})
        new_customer = h.remembered.get("customer_id")
        if new_customer is not None and new_customer != memory.get("customer_id") and "deal_id" not in h.remembered:
            memory.pop("deal_id", None)  # "it" no longer means the other customer's deal
        memory.update(h.remembered)
        state_store.remember(ctx.session, state, ctx.now(), **memory)


def _resolving(replies: list[Reply], answered_id: str) -> list[Reply]:
    """The question or choice just answered is decided: the first reply resolves it, so a channel can remove
    its buttons (only one item is pending per chat, so they could only ever answer "already done")."""
    if replies and replies[0].resolves is None and replies[0].proposal_id != answered_id:
        replies[0].resolves = answered_id
    return replies


def _pick(pending: dict[str, Any], answer: str) -> int | None:
    options = pending.get("options") or []
    if answer.isdigit():
        return int(answer)
    for number, option in enumerate(options, start=1):
        if normalise_answer(str(option["label"])) == answer:
            return number
    return None


def render_error(lang: str, error: DomainError) -> str:
    params = dict(error.params)
    if "entity" in params:
        params["entity"] = t(lang, f"entity.{params['entity']}")
    if "field" in params and has(f"field.{params['field']}"):
        params["field"] = t(lang, f"field.{params['field']}")
    try:
        return t(lang, error.key, **params)
    except (KeyError, IndexError):
        log.exception("message %s could not be rendered with %s", error.key, params)
        return t(lang, "error.generic")

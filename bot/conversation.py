"""Propose → confirm → write. One message in, replies out, all state in the database.

A turn runs in three steps, so that parsing (which may call an LLM for seconds) never holds a write lock:
1. a read-only unit loads what the turn needs — the pending item, the user's customer names — and decides
   what the message is (a button, a slash command, an answer to the pending item, or something to parse);
2. the parser runs with no transaction open;
3. a write unit reloads the state, acts (propose, ask, confirm …) and saves it. Confirming claims the pending
   item atomically, so a double tap or a second device runs a write once.

A pending item is one of: a card to confirm, a question for one missing slot, a choice between candidates, an
edit in progress, or the question whether a new request replaces the card still waiting. It is never dropped
silently: a read is answered with the card left waiting, a new write first asks which one to keep.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from bot.answers import pick, unread_date, value_problem
from bot.error_text import render_error
from bot.handlers.base import Answer, Ask, Choose, Handler, HandlerContext, Outcome, Proposal, Run
from bot.intents.base import IntentParser, ParseContext, Parsed
from bot.intents.directory import CustomerDirectory
from bot.intents.router import ASK_BELOW, CONFIDENT
from bot.intents.schema import Command, dump, load
from bot.replies import (
    EDIT_WORDS,
    NO_WORDS,
    YES_WORDS,
    choose_reply,
    normalise_answer,
    proposal_reply,
    question_reply,
    switch_reply,
)
from bot.slot_filling import fill_slot, merge_edit
from core.context import CoreGateway, ServiceContext
from core.errors import DomainError
from core.outbound import Reply
from core.permissions import require_may_change
from core.services.conversation import Conversation as ChatState
from core.services.conversation import Option as StoredOption
from core.services.conversation import Pending, peek

log = logging.getLogger(__name__)

# Below this the parse is treated as not understood (the rules and the LLM report calibrated confidence).
MIN_CONFIDENCE = 0.35
# Commands that are never an answer to a pending question, whatever was asked.
_META = frozenset({"help", "undo", "cancel", "daily_report"})

Route = Literal["action", "slash", "cancel", "confirm", "edit", "pick", "continue", "new", "nothing_pending"]


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


@dataclass(frozen=True)
class _Look:
    """What step 1 found: where the message goes, and what the parser needs."""

    route: Route
    pending_id: str | None
    context: ParseContext | None


class Conversation:
    def __init__(self, core: CoreGateway, parser: IntentParser, handlers: dict[str, Handler],
                 actions: dict[str, ActionHandler] | None = None,
                 slash_commands: dict[str, SlashCommand] | None = None) -> None:
        self.core = core
        self.parser = parser
        self.handlers = handlers
        self.actions = dict(actions or {})
        self.slash_commands = dict(slash_commands or {})
        self.directory = CustomerDirectory()

    def handle(self, turn: Turn) -> list[Reply]:
        lang = "en"
        try:
            with self.core.reading(turn.user_id) as ctx:
                lang = ctx.actor.language
                look = self._look(turn, ctx)
            parsed = self._parse(turn.text, look.context) if look.context is not None else None
            with self.core.unit(turn.user_id) as ctx:
                state = ChatState(ctx, turn.channel, turn.chat_id)
                h = self._handler_context(ctx, state, turn)
                pending = state.pending
                route = look.route
                if (pending.id if pending else None) != look.pending_id:
                    # Someone (another device, a voice note) changed the pending item meanwhile: decide again.
                    route = self._route(turn, pending)
                    if route in ("continue", "new") and parsed is None:
                        parsed = self._parse(turn.text, self._parse_context(h))
                replies = self._dispatch(turn, route, parsed, state, h)
                if h.remembered:
                    state.remember(h.memory_after())
                return replies
        except DomainError as error:
            # The transaction rolled back: a failed confirmation leaves its proposal pending. An answer that names
            # anything (a customer, a value) goes to the sender only, never into a group or channel.
            return [Reply(text=render_error(lang, error), private=bool(error.params))]

    # -- step 1: what is this message? ------------------------------------------------------------------

    def _look(self, turn: Turn, ctx: ServiceContext) -> _Look:
        pending, memory = peek(ctx, turn.channel, turn.chat_id)
        route = self._route(turn, pending)
        context = None
        if route in ("continue", "new"):
            h = HandlerContext(ctx, ctx.actor.language, memory, self.directory, source_text=turn.text,
                               source=turn.source)
            context = self._parse_context(h)
        return _Look(route, pending.id if pending else None, context)

    def _route(self, turn: Turn, pending: Pending | None) -> Route:
        if turn.action:
            return "action"
        if self._slash(turn.text) is not None:
            return "slash"
        answer = normalise_answer(turn.text)
        if pending is None:
            return "nothing_pending" if answer in YES_WORDS or answer in EDIT_WORDS else "new"
        if answer in NO_WORDS:
            return "cancel"
        if pending.stage in ("confirm", "edit") and answer in YES_WORDS:
            return "confirm"
        if pending.stage == "confirm" and answer == "1":
            return "confirm"  # the card's first button, typed as its number (as every picker's options are)
        if pending.stage == "confirm" and answer in EDIT_WORDS and pending.editable:
            return "edit"
        if pending.stage in ("choose", "switch") and pick(pending, answer) is not None:
            return "pick"
        if pending.stage in ("ask", "edit"):
            return "continue"
        return "new"

    def _parse(self, text: str, context: ParseContext) -> Parsed:
        return self.parser.parse(text, context)

    def _parse_context(self, h: HandlerContext) -> ParseContext:
        return ParseContext(now=h.ctx.now(), timezone=h.tz, language=h.lang, customer_names=h.known_names(),
                            open_deals=h.known_deals())

    def _handler_context(self, ctx: ServiceContext, state: ChatState, turn: Turn) -> HandlerContext:
        return HandlerContext(ctx, ctx.actor.language, state.memory, self.directory, source_text=turn.text,
                              source=turn.source)

    # -- step 3: act -----------------------------------------------------------------------------------

    def _dispatch(self, turn: Turn, route: Route, parsed: Parsed | None, state: ChatState,
                  h: HandlerContext) -> list[Reply]:
        pending = state.pending
        if route == "action":
            assert turn.action is not None
            return self._on_action(turn.action, state, h)
        if route == "slash":
            slash = self._slash(turn.text)
            assert slash is not None
            name, arguments = slash
            return self._outcome_or_run(self.slash_commands[name].handle(arguments, h), state, h)
        if route == "nothing_pending":
            return [Reply(text=h.t("confirm.nothing_pending"), private=False)]
        if route == "cancel":
            return self._cancel(state, h)
        assert pending is not None or route == "new"
        if route == "confirm" and pending is not None:
            return self._confirm(state, pending, h)
        if route == "edit" and pending is not None:
            return self._start_edit(state, pending, h)
        if route == "pick" and pending is not None:
            number = pick(pending, normalise_answer(turn.text))
            assert number is not None
            return self._pick_option(state, pending, number, h)
        assert parsed is not None
        if route == "continue" and pending is not None:
            answered = self._continue(state, pending, turn.text, parsed, h)
            if answered is not None:
                return answered
        return self._new(state, pending, parsed, h)

    def _new(self, state: ChatState, pending: Pending | None, parsed: Parsed, h: HandlerContext) -> list[Reply]:
        command = parsed.command
        if command.intent == "cancel":
            return self._cancel(state, h)
        if command.intent == "unknown" or parsed.confidence < MIN_CONFIDENCE:
            reminder = [self._still_waiting(pending, h)] if pending else []
            return [Reply(text=h.t("unknown.reply"), private=False), *reminder]
        problem = value_problem(parsed, h) if command.writes else None
        if problem is not None:
            # A value the message gave is wrong: said now, before any card (and a waiting card keeps waiting).
            return [Reply(text=problem, private=False), *([self._still_waiting(pending, h)] if pending else [])]
        if pending is not None and command.writes:
            # A new change while a card waits: never drop the card silently — ask which one to keep.
            return self._ask_switch(state, pending, command, h)
        unread = unread_date(parsed)
        if unread is not None:
            slot, words = unread
            # A date the message gave but no date could be read from: asked for, never dropped.
            return self._present(command, Ask(slot, h.t("ask.date_unread", text=words)), {}, state, h)
        answered = self._run(command, {}, state, h, keep_pending=pending is not None)
        if pending is not None:
            answered.append(self._still_waiting(pending, h))
        elif parsed.confidence < ASK_BELOW and answered and answered[0].proposal_id and answered[0].choices:
            # A guess: say so on the card, so the user reads it before tapping Confirm.
            answered[0].text = f"{h.t('confirm.unsure')}\n{answered[0].text}"
        return answered

    def _slash(self, text: str) -> tuple[str, str] | None:
        stripped = text.strip()
        if not stripped.startswith("/"):
            return None
        name, _, arguments = stripped[1:].partition(" ")
        name = name.split("@", 1)[0].casefold()  # Telegram appends @botname in groups
        return (name, arguments.strip()) if name in self.slash_commands else None

    def _outcome_or_run(self, result: Answer | Command | Run, state: ChatState, h: HandlerContext) -> list[Reply]:
        if isinstance(result, Answer):
            return [result.reply()]
        if isinstance(result, Run):
            return self._run(result.command, dict(result.resolved), state, h)
        return self._run(result, {}, state, h)

    def _on_action(self, action: str, state: ChatState, h: HandlerContext) -> list[Reply]:
        verb, _, rest = action.partition(":")
        if verb in self.actions:
            return self._outcome_or_run(self.actions[verb].handle(rest, h), state, h)
        pending_id, _, argument = rest.partition(":")
        pending = state.pending
        if pending is None or pending.id != pending_id:
            return [Reply(text=h.t("confirm.already_done"), resolves=pending_id, private=False)]
        if verb == "confirm":
            return self._confirm(state, pending, h)
        if verb == "cancel":
            return self._cancel(state, h)
        if verb == "edit" and pending.editable:
            return self._start_edit(state, pending, h)
        if verb == "choose" and argument.isdigit():
            return self._pick_option(state, pending, int(argument), h)
        return [Reply(text=h.t("unknown.reply"), private=False)]

    # -- steps -----------------------------------------------------------------------------------------

    def _run(self, command: Command, resolved: dict[str, Any], state: ChatState, h: HandlerContext, *,
             keep_pending: bool = False, source_text: str | None = None) -> list[Reply]:
        handler = self.handlers.get(command.intent)
        if handler is None:
            return [Reply(text=h.t("unknown.reply"), private=False)]
        changes = getattr(handler, "changes", None)
        if command.writes and changes is not None:
            require_may_change(h.ctx.actor, changes)  # a read-only role hears it now, not after confirming
        outcome = handler.prepare(command, resolved, h)
        return self._present(command, outcome, resolved, state, h, keep_pending=keep_pending,
                             source_text=source_text)

    def _present(self, command: Command, outcome: Outcome, resolved: dict[str, Any], state: ChatState,
                 h: HandlerContext, *, keep_pending: bool = False, source_text: str | None = None) -> list[Reply]:
        if isinstance(outcome, Answer):
            if state.pending is not None and not keep_pending:
                state.clear_pending()
            return [outcome.reply()]
        # The words the user first wrote stay with the item through questions and edits; "yes" is not them.
        previous = state.pending
        text = source_text or (previous.source_text if previous is not None and previous.source_text else "") \
            or h.source_text
        base: dict[str, Any] = {"command": dump(command), "source_text": text}
        if isinstance(outcome, Proposal):
            pid = state.set_pending(Pending(stage="confirm", resolved=outcome.resolved, card=outcome.lines,
                                            editable=outcome.editable, **base))
            return [proposal_reply(h, outcome, pid)]
        if isinstance(outcome, Ask):
            pid = state.set_pending(Pending(stage="ask", slot=outcome.slot,
                                            resolved={**resolved, **outcome.resolved}, card=[outcome.question],
                                            **base))
            return [question_reply(h, outcome.question, pid)]
        assert isinstance(outcome, Choose)
        options = [StoredOption(label=o.label, resolved=o.resolved, creates=o.creates) for o in outcome.options]
        pid = state.set_pending(Pending(stage="choose", options=options, resolved=resolved, card=[outcome.question],
                                        **base))
        return [choose_reply(h, outcome, pid)]

    def _confirm(self, state: ChatState, pending: Pending, h: HandlerContext) -> list[Reply]:
        if pending.stage not in ("confirm", "edit"):
            return [Reply(text=h.t("confirm.nothing_pending"), private=False)]
        # Claim first: a second tap, a second device or a redelivered message finds nothing to run.
        if not state.claim(pending.id):
            return [Reply(text=h.t("confirm.already_done"), resolves=pending.id, private=False)]
        command = load(pending.command)
        h.source_text = pending.source_text
        handler = self.handlers[command.intent]
        changes = getattr(handler, "changes", None)
        if changes is not None:
            require_may_change(h.ctx.actor, changes)
        answer = handler.execute(command, dict(pending.resolved), h)
        reply = answer.reply()
        reply.resolves = pending.id
        return [reply]

    def _cancel(self, state: ChatState, h: HandlerContext) -> list[Reply]:
        pending = state.pending
        if pending is None:
            return [Reply(text=h.t("cancel.nothing"), private=False)]
        if pending.stage == "switch" and pending.waiting is not None:
            # "no" to the new request: the card that was waiting is back.
            return [Reply(text=h.t("switch.kept"), resolves=pending.id, private=False),
                    *self._restore(state, pending.waiting, h)]
        state.clear_pending()
        return [Reply(text=h.t("cancel.done"), resolves=pending.id, private=False)]

    def _start_edit(self, state: ChatState, pending: Pending, h: HandlerContext) -> list[Reply]:
        pid = state.set_pending(pending.model_copy(update={"stage": "edit"}))
        return [Reply(text=h.t("edit.prompt"), resolves=pending.id, private=False),
                question_reply(h, h.t("edit.example"), pid)]

    def _pick_option(self, state: ChatState, pending: Pending, number: int, h: HandlerContext) -> list[Reply]:
        if not 1 <= number <= len(pending.options):
            return [Reply(text=h.t("choose.out_of_range", count=len(pending.options)), private=False)]
        if pending.stage == "switch":
            if number == 1 and pending.waiting is not None:
                return _resolving(self._restore(state, pending.waiting, h), pending.id)
            state.clear_pending()
            command = load(pending.command)
            return _resolving(self._run(command, {}, state, h, source_text=pending.source_text), pending.id)
        resolved = {**pending.resolved, **pending.options[number - 1].resolved}
        command = load(pending.command)
        h.source_text = pending.source_text  # the words the item came from, not the "2" that picked
        return _resolving(self._run(command, resolved, state, h), pending.id)

    def _continue(self, state: ChatState, pending: Pending, text: str, parsed: Parsed,
                  h: HandlerContext) -> list[Reply] | None:
        """An answer to a question, or a correction during an edit: merged into the pending command. None when
        the message is not that but a request of its own (then it is handled as one)."""
        other = parsed.command
        if other.intent in _META or (other.intent != "unknown" and parsed.confidence >= CONFIDENT
                                     and other.intent != load(pending.command).intent and pending.stage == "ask"):
            return None
        command = load(pending.command)
        resolved = dict(pending.resolved)
        context = self._parse_context(h)
        h.source_text = pending.source_text
        if pending.stage == "ask" and pending.slot is not None:
            updated, resolved = fill_slot(command, pending.slot, text, resolved, parsed, context)
        else:
            updated, resolved = merge_edit(command, text, resolved, parsed, context)
        if updated is None:
            if other.intent != "unknown" and parsed.confidence >= CONFIDENT:
                return None
            return [Reply(text=h.t("edit.not_understood"), private=False)]
        return _resolving(self._run(updated, resolved, state, h), pending.id)

    def _ask_switch(self, state: ChatState, waiting: Pending, command: Command, h: HandlerContext) -> list[Reply]:
        title = waiting.card[0] if waiting.card else h.t(f"intent.{load(waiting.command).intent}")
        options = [StoredOption(label=h.t("switch.keep", title=_short(title))),
                   StoredOption(label=h.t("switch.replace"))]
        held = waiting.model_copy(update={"waiting": None})
        pid = state.set_pending(Pending(stage="switch", command=dump(command), source_text=h.source_text,
                                        options=options, waiting=held, card=[h.t("switch.question", title=title)]))
        return [switch_reply(h, h.t("switch.question", title=title), [o.label for o in options], pid,
                             resolves=waiting.id)]

    def _restore(self, state: ChatState, waiting: Pending, h: HandlerContext) -> list[Reply]:
        """Bring a held item back (with fresh buttons)."""
        pid = state.set_pending(waiting)
        if waiting.stage in ("confirm", "edit"):
            return [proposal_reply(h, Proposal(waiting.card, waiting.resolved, editable=waiting.editable), pid)]
        if waiting.stage == "choose":
            return [choose_reply(h, Choose(waiting.card[0] if waiting.card else "", [
                _option(o) for o in waiting.options]), pid)]
        return [question_reply(h, waiting.card[0] if waiting.card else h.t("edit.example"), pid)]

    def _still_waiting(self, pending: Pending | None, h: HandlerContext) -> Reply:
        title = pending.card[0] if pending is not None and pending.card else ""
        return Reply(text=h.t("confirm.still_waiting", title=_short(title)), private=False)


def _option(stored: StoredOption) -> Any:
    from bot.handlers.base import Option

    return Option(stored.label, stored.resolved, creates=stored.creates)


def _short(title: str, limit: int = 60) -> str:
    line = title.strip().splitlines()[0] if title.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _resolving(replies: list[Reply], answered_id: str) -> list[Reply]:
    """The question or choice just answered is decided: the first reply resolves it, so a channel can remove
    its buttons (only one item is pending per chat, so they could only ever answer "already done")."""
    if replies and replies[0].resolves is None and replies[0].proposal_id != answered_id:
        replies[0].resolves = answered_id
    return replies

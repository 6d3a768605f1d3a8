"""Delivering one user's due pushes: mute, relevance, quiet hours, address, batching, then the outbox.

Runs in one system unit (one transaction) per user: the notification rows turn `queued` in the same commit that
writes their outbox rows, so a process killed at any point either queued a push (and the outbox delivers it) or
did not (and the next tick does) — never twice. The outbox dedupe key is a second lock on the same door.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.context import SystemContext
from core.models import Notification
from core.schedule import is_quiet, quiet_until
from core.services import outbox, pushes
from notifications import compose
from notifications.rules.base import PushItem, Recipient, RenderContext, Rule

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What happened to one push in a tick (for `salesbot jobs run-due` and the logs)."""

    user: str
    kind: str
    status: str  # queued | held | muted | obsolete | no_channel | dropped
    address: str | None = None
    text: str = ""
    outbox_id: int | None = None
    reason: str | None = None


def deliver_user(system: SystemContext, view: RenderContext, who: Recipient | None, user_id: int,
                 rules: dict[str, Rule], batch_size: int) -> list[Outcome]:
    now = system.now()
    notes = pushes.take_due(system, user_id)
    if not notes:
        return []
    name = who.name if who else str(user_id)
    if who is None:
        return [_close(system, note, "dropped", name, "recipient inactive") for note in notes]
    outcomes: list[Outcome] = []
    ready: list[tuple[Notification, Rule]] = []
    quiet = who.prefs.quiet_enabled and is_quiet(now, who.timezone, who.prefs.quiet_start, who.prefs.quiet_end)
    for note in notes:
        rule = rules.get(note.kind)
        if rule is None:
            outcomes.append(_close(system, note, "dropped", name, f"unknown kind {note.kind}"))
        elif not who.prefs.wants(note.kind):
            outcomes.append(_close(system, note, "muted", name, None))
        elif note.team_id is not None and note.team_id != who.team_id:
            outcomes.append(_close(system, note, "dropped", name, "recipient left the team"))
        elif not rule.relevant(system, note, now):
            outcomes.append(_close(system, note, "obsolete", name, None))
        elif quiet and not note.urgent:
            # Quiet hours: it waits for the morning (and arrives batched with whatever else waited).
            until = quiet_until(now, who.timezone, who.prefs.quiet_end)
            pushes.hold(system, note, until, "quiet_hours")
            outcomes.append(Outcome(name, note.kind, "held", reason=f"quiet hours until {until:%H:%MZ}"))
        else:
            ready.append((note, rule))
    if not ready:
        return outcomes
    address = pushes.address(system, user_id, who.prefs)
    if address is None:
        return outcomes + [_close(system, note, "no_channel", name, "no linked chat") for note, _ in ready]
    channel, chat_id = address
    rendered = _render(system, ready, who, view, outcomes)
    for message in _messages(who, rendered, batch_size):
        queued = outbox.enqueue(system, channel=channel, chat_id=chat_id, payload=message.payload, user_id=user_id,
                                kind=message.kind, dedupe_key=message.dedupe_key)
        pushes.mark_queued(system, message.notes, queued)
        outcomes.append(Outcome(name, message.kind, "queued", f"{channel}:{chat_id}", message.reply.text, queued))
    return outcomes


def _render(system: SystemContext, ready: list[tuple[Notification, Rule]], who: Recipient, view: RenderContext,
            outcomes: list[Outcome]) -> list[tuple[Notification, Rule, PushItem]]:
    rendered = []
    for note, rule in ready:
        try:
            rendered.append((note, rule, rule.render(note, who, view)))
        except Exception as exc:  # a bug in one rule must not hold back the user's other pushes
            log.exception("rendering notification %s (%s) failed", note.id, note.kind)
            outcomes.append(_close(system, note, "dropped", who.name, f"render failed: {exc!r}"[:200]))
    return rendered


def _messages(who: Recipient, rendered: list[tuple[Notification, Rule, PushItem]], batch_size: int
              ) -> list[compose.Message]:
    lang = who.language
    batchable = [(note, push) for note, rule, push in rendered if rule.batchable]
    alone = [(note, push) for note, rule, push in rendered if not rule.batchable]
    messages: list[compose.Message] = []
    if who.prefs.batching and len(batchable) > 1:
        for start in range(0, len(batchable), batch_size):
            chunk = batchable[start:start + batch_size]
            messages.append(compose.batch(who.user_id, lang, chunk) if len(chunk) > 1
                            else compose.single(who.user_id, lang, *chunk[0]))
    else:
        alone = batchable + alone
    messages += [compose.single(who.user_id, lang, note, push) for note, push in alone]
    return messages


def _close(system: SystemContext, note: Notification, status: str, user: str, reason: str | None) -> Outcome:
    pushes.close(system, note, status, reason)
    return Outcome(user, note.kind, status, reason=reason)

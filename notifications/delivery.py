"""Delivering one user's due pushes: mute, relevance, quiet hours, address, batching, then the outbox.

Runs in one transaction per user: the notification rows turn `queued` in the same commit that writes their
outbox rows, so a process killed at any point either queued a push (and the outbox delivers it) or did not
(and the next tick does) — never twice. The outbox dedupe key is a second lock on the same door.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.context import SystemContext
from core.models import NOTIFICATION_OPEN, ChatIdentity, Deal, Notification, Task
from core.services import outbox
from core.services.preferences import PUSH_CHANNELS, Prefs
from notifications import compose
from notifications.rules.base import PushItem, Recipient, RenderContext, Rule
from notifications.schedule import is_quiet, quiet_until

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


def delivery_address(session: Session, user_id: int, prefs: Prefs) -> tuple[str, str] | None:
    """Where pushes go: the preferred linked chat, else the most recently linked one; None if none is linked.

    Telegram: the private chat with the bot has the user's id. Slack: a message to the user id lands in the
    app's DM with them (the Slack adapter may open it with conversations.open).
    """
    identities = session.execute(
        select(ChatIdentity.platform, ChatIdentity.platform_user_id)
        .where(ChatIdentity.user_id == user_id, ChatIdentity.platform.in_(PUSH_CHANNELS))
        .order_by(ChatIdentity.created_at.desc(), ChatIdentity.id.desc())
    ).all()
    if not identities:
        return None
    if prefs.channel:
        for platform, chat_id in identities:
            if platform == prefs.channel:
                return str(platform), str(chat_id)
    return str(identities[0][0]), str(identities[0][1])


def deliver_user(session: Session, view: RenderContext, who: Recipient | None, user_id: int,
                 rules: dict[str, Rule], batch_size: int) -> list[Outcome]:
    now = view.now
    notes = list(session.scalars(
        select(Notification)
        .where(Notification.user_id == user_id, Notification.status.in_(NOTIFICATION_OPEN),
               Notification.deliver_after <= now)
        .order_by(Notification.due_at, Notification.id)
        .with_for_update(skip_locked=True)
    ).all())
    if not notes:
        return []
    name = who.name if who else str(user_id)
    if who is None:
        return [_close(note, now, "dropped", name, "recipient inactive") for note in notes]
    _prefetch(session, notes)
    outcomes: list[Outcome] = []
    ready: list[tuple[Notification, Rule]] = []
    quiet = who.prefs.quiet_enabled and is_quiet(now, who.timezone, who.prefs.quiet_start, who.prefs.quiet_end)
    for note in notes:
        rule = rules.get(note.kind)
        if rule is None:
            outcomes.append(_close(note, now, "dropped", name, f"unknown kind {note.kind}"))
        elif not who.prefs.wants(note.kind):
            outcomes.append(_close(note, now, "muted", name, None))
        elif note.team_id is not None and note.team_id != who.team_id:
            outcomes.append(_close(note, now, "dropped", name, "recipient left the team"))
        elif not rule.relevant(session, note, now):
            outcomes.append(_close(note, now, "obsolete", name, None))
        elif quiet and not note.urgent:
            # Quiet hours: it waits for the morning (and arrives batched with whatever else waited).
            note.deliver_after = quiet_until(now, who.timezone, who.prefs.quiet_end)
            note.reason = "quiet_hours"
            note.updated_at = now
            outcomes.append(Outcome(name, note.kind, "held", reason=f"quiet hours until {note.deliver_after:%H:%MZ}"))
        else:
            ready.append((note, rule))
    if not ready:
        return outcomes
    address = delivery_address(session, user_id, who.prefs)
    if address is None:
        return outcomes + [_close(note, now, "no_channel", name, "no linked chat") for note, _ in ready]
    rendered = _render(ready, who, view, outcomes)
    for message in _messages(who, rendered, batch_size):
        channel, chat_id = address
        queued = outbox.enqueue(SystemContext(session, view.clock, view.defaults), channel=channel, chat_id=chat_id,
                                payload=message.payload,
                                user_id=user_id, kind=message.kind, dedupe_key=message.dedupe_key)
        for note in message.notes:
            note.status = "queued"
            note.outbox_id = queued
            note.delivered_at = now
            note.updated_at = now
            note.reason = None if queued is not None else "already queued"
        outcomes.append(Outcome(name, message.kind, "queued", f"{channel}:{chat_id}", message.reply.text, queued))
    return outcomes


def _prefetch(session: Session, notes: list[Notification]) -> None:
    """Load the tasks and deals the relevance checks will look at in one query each (not one per push)."""
    for model, kind in ((Task, "task"), (Deal, "deal")):
        ids = {note.entity_id for note in notes if note.entity_type == kind and note.entity_id is not None}
        if ids:
            session.scalars(select(model).where(model.id.in_(ids))).all()


def _render(ready: list[tuple[Notification, Rule]], who: Recipient, view: RenderContext, outcomes: list[Outcome]
            ) -> list[tuple[Notification, Rule, PushItem]]:
    rendered = []
    for note, rule in ready:
        try:
            rendered.append((note, rule, rule.render(note, who, view)))
        except Exception as exc:  # a bug in one rule must not hold back the user's other pushes
            log.exception("rendering notification %s (%s) failed", note.id, note.kind)
            outcomes.append(_close(note, view.now, "dropped", who.name, f"render failed: {exc!r}"[:200]))
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


def _close(note: Notification, now: datetime, status: str, user: str, reason: str | None) -> Outcome:
    note.status = status
    note.reason = reason
    note.updated_at = now
    return Outcome(user, note.kind, status, reason=reason)

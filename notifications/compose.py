"""From rendered pushes to outbox payloads: one push per message, or several due together as one (batching).

Every payload carries a "push" envelope naming the recipient and, per item, the entities it shows. The guard
in the outbox worker reads it right before sending, drops items the recipient may no longer see, and rebuilds
the message from what is left — so the envelope keeps each item's text and buttons.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from core.i18n import t
from core.models import Notification
from core.outbound import Choice, Reply, reply_payload
from notifications.rules.base import PushItem

# The outbox `kind` of each push; the guard checks every row of these kinds.
OUTBOX_KINDS = {
    "daily_report": "report_nudge", "digest_daily": "digest", "digest_weekly": "digest", "suggestion": "suggestion",
    "access_request": "access", "access_decided": "access",
}
DEFAULT_OUTBOX_KIND = "reminder"
PUSH_KINDS = frozenset({DEFAULT_OUTBOX_KIND, "batch", *OUTBOX_KINDS.values()})


def outbox_kind(note_kind: str) -> str:
    return OUTBOX_KINDS.get(note_kind, DEFAULT_OUTBOX_KIND)


@dataclass(frozen=True)
class Message:
    """One outbox message to queue: its payload, its outbox kind and the dedupe key that makes it unique."""

    kind: str
    dedupe_key: str
    payload: dict[str, Any]
    notes: list[Notification]
    reply: Reply


def _item(note: Notification, push: PushItem, choices: list[Choice], number: int | None) -> dict[str, Any]:
    return {
        "nid": note.id, "kind": note.kind, "number": number, "text": push.text,
        "choices": [choice.model_dump(mode="json") for choice in choices],
        "entities": [[kind, ident] for kind, ident in push.entities],
    }


def _envelope(user_id: int, lang: str, notes: list[Notification], items: list[dict[str, Any]], batched: bool
              ) -> dict[str, Any]:
    team_ids = sorted({note.team_id for note in notes if note.team_id is not None})
    return {"user_id": user_id, "lang": lang, "team_ids": team_ids, "batched": batched, "items": items}


def single(user_id: int, lang: str, note: Notification, push: PushItem) -> Message:
    reply = Reply(text=push.text, choices=push.choices, image=push.image, private=True)
    payload = {**reply_payload(reply), "push": _envelope(user_id, lang, [note], [_item(note, push, push.choices,
                                                                                     None)], False)}
    return Message(outbox_kind(note.kind), _key(f"push:{note.key}#{note.snoozes}"), payload, [note], reply)


def batch(user_id: int, lang: str, pushes: list[tuple[Notification, PushItem]]) -> Message:
    items = []
    for number, (note, push) in enumerate(pushes, start=1):
        compact = push.compact(number) if push.compact is not None else []
        items.append(_item(note, push, compact, number))
    reply = rebuild(lang, items, batched=True)
    notes = [note for note, _ in pushes]
    identity = ",".join(f"{note.id}#{note.snoozes}" for note in notes)
    payload = {**reply_payload(reply), "push": _envelope(user_id, lang, notes, items, True)}
    return Message("batch", _key(f"batch:{user_id}:{identity}"), payload, notes, reply)


def rebuild(lang: str, items: list[dict[str, Any]], *, batched: bool, image: Any = None) -> Reply:
    """The message for these items (used when composing, and by the guard after dropping some)."""
    choices = [Choice.model_validate(c) for item in items for c in item["choices"]]
    if not batched:
        return Reply(text=str(items[0]["text"]), choices=choices, image=image, private=True)
    header = t(lang, "notify.batch_header" if len(items) > 1 else "notify.batch_header_one", count=len(items))
    body = "\n\n".join(f"{item['number']}. {item['text']}" for item in items)
    return Reply(text=f"{header}\n\n{body}", choices=choices, private=True)


def _key(raw: str) -> str:
    """Dedupe keys fit the column; long ones keep a readable prefix and a digest of the rest."""
    if len(raw) <= 200:
        return raw
    return raw[:150] + "~" + hashlib.sha256(raw.encode()).hexdigest()[:40]

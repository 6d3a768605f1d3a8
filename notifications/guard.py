"""The send-time check of every push: is it still for this user, about things they may see, still true?

A push waits in the outbox (quiet hours, a channel down, retries); meanwhile a deal may be reassigned, a rep may
leave the team, a task may be done. Right before sending, the outbox worker asks this guard. Items the recipient
may no longer see or that no longer hold are removed and recorded; a push left with nothing is dropped — never
sent — and recorded too.

The recipient is checked in a system unit (active, still this user, still in the team); every item is then
checked inside the recipient's own unit (`unit_within`), so "may they still see it" and "is it still so" are
answered with their permissions, not the system's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from core.context import CoreGateway, ServiceContext, SystemContext
from core.outbound import Reply, reply_from_payload
from core.services import audience, pushes
from core.services.audience import Recipient
from core.services.notifications import CLOSED
from core.services.outbox import Claimed
from core.services.visibility import can_see
from notifications import compose
from notifications import rules as rule_registry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    reply: Reply | None
    reason: str = ""


class PushGuard:
    def __init__(self, core: CoreGateway) -> None:
        self.core = core

    def applies(self, row: Claimed) -> bool:
        return row.kind in compose.PUSH_KINDS or "push" in row.payload

    def review(self, row: Claimed) -> Verdict:
        envelope: dict[str, Any] | None = row.payload.get("push")
        if not isinstance(envelope, dict):
            return Verdict(None, "push without an envelope")
        nids = [int(item["nid"]) for item in envelope["items"]]
        with self.core.system() as system:
            who = audience.one(system, int(envelope["user_id"]))
            problem = self._recipient_problem(row, envelope, who)
            if problem is not None:
                self._drop(system, nids, problem)
                return Verdict(None, problem)
            assert who is not None
            kept: list[dict[str, Any]] = []
            problems: list[tuple[int, str]] = []
            with self.core.unit_within(system, who.user_id) as ctx:
                for item in envelope["items"]:
                    reason = self._item_problem(ctx, item, who)
                    if reason is None:
                        kept.append(item)
                    else:
                        problems.append((int(item["nid"]), reason))
            for nid, reason in problems:
                self._drop(system, [nid], reason)
        if not kept:
            return Verdict(None, "nothing left the recipient may see")
        if len(kept) == len(envelope["items"]):
            return Verdict(reply_from_payload(row.payload))
        original = reply_from_payload(row.payload)
        return Verdict(compose.rebuild(str(envelope.get("lang") or who.language), kept,
                                       batched=bool(envelope["batched"]), image=original.image))

    @staticmethod
    def _recipient_problem(row: Claimed, envelope: dict[str, Any], who: Recipient | None) -> str | None:
        if who is None:
            return "recipient inactive"
        if row.user_id is not None and row.user_id != who.user_id:
            return "recipient mismatch"
        for team_id in envelope.get("team_ids") or []:
            if who.team_id != team_id:
                return "recipient left the team"
        return None

    @staticmethod
    def _item_problem(ctx: ServiceContext, item: dict[str, Any], who: Recipient) -> str | None:
        kind = str(item["kind"])
        if not who.prefs.wants(kind):
            return "muted"
        for entity_type, entity_id in item["entities"]:
            if not can_see(ctx, str(entity_type), int(entity_id)):
                return f"not visible: {entity_type} {entity_id}"
        note = pushes.find(ctx, int(item["nid"]))
        if note is None:
            return "notification gone"
        if note.status in CLOSED:
            return f"already {note.status}"
        rule = rule_registry.get(kind)
        if rule is not None and not rule.relevant(ctx, note, ctx.now()):
            return "no longer relevant"
        return None

    def _drop(self, system: SystemContext, nids: list[int], reason: str) -> None:
        log.info("push for notifications %s dropped at send time: %s", nids, reason)
        pushes.drop(system, nids, reason)

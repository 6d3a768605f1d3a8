"""The owned-customer policy's buttons: asking for a colleague's customer, and the owner's decision.

`access:request:<customer id>` sits on the answer a rep gets when they name a colleague's customer;
`access:share|transfer|decline:<request id>` sit on the push the owner (and their manager) get. A tap acts at
once: the push named exactly what is decided, so the tap is the confirmation (and "undo" reverts it).
"""

from __future__ import annotations

from typing import get_args

from bot.handlers.base import Answer, HandlerContext, Run
from bot.intents.schema import Command
from core.services import access, customers, users

_DECISIONS: tuple[access.Decision, ...] = get_args(access.Decision)


class AccessActions:
    def handle(self, argument: str, h: HandlerContext) -> Answer | Command | Run:
        verb, _, ident = argument.partition(":")
        if not ident.isdigit():
            return Answer(h.t("unknown.reply"), private=False)
        if verb == "request":
            request = access.request(h.ctx, int(ident))
            return Answer(h.t("access.requested", name=customers.name_of(h.ctx, request.customer_id) or ""))
        for decision in _DECISIONS:
            if verb == decision:
                row = access.decide(h.ctx, int(ident), decision)
                name = customers.name_of(h.ctx, row.customer_id) or ""
                requester = users.name_of(h.ctx, row.requester_id) or ""
                return Answer(h.t(f"access.{row.status}", name=name, requester=requester))
        return Answer(h.t("unknown.reply"), private=False)

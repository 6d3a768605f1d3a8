"""A project change request decided from its push: `change:approve|reject:<change request id>`. The push named the
project and exactly what changes, so the tap is the confirmation (as for contracts); the engine decides once and
only for the designated approver, and applies the change on the last approval."""

from __future__ import annotations

from bot.handlers.base import Answer, HandlerContext, Run
from bot.intents.schema import Command
from core.services import approvals, change_requests, users


class ChangeApprovalActions:
    def handle(self, argument: str, h: HandlerContext) -> Answer | Command | Run:
        verb, _, ident = argument.partition(":")
        if not ident.isdigit() or verb not in ("approve", "reject"):
            return Answer(h.t("unknown.reply"), private=False)
        change = change_requests.get(h.ctx, int(ident))
        step = change_requests.my_step(h.ctx, change.id)
        decision = approvals.decide(h.ctx, step.id, verb == "approve")
        name, currency = change_requests.project_name(h.ctx, change.id)
        what = change_requests.describe(h.lang, name, currency, change.changes)
        said = h.t(f"change.decided_{verb}", change=what)
        if decision.notify:
            said += " " + h.t("change.told", who=", ".join(users.name_of(h.ctx, w) or "?" for w in decision.notify))
        return Answer(said)

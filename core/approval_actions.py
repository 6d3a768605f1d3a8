"""The Approve / Reject buttons an approval carries (on the push to the approver and on "what's waiting for my
approval"): `approval:approve|reject:<contract id>`, with typed fallbacks for clients without buttons."""

from __future__ import annotations

from core.i18n import t
from core.outbound import Choice

VERB = "approval"
CHANGE_VERB = "change"  # a project change request: `change:approve|reject:<change request id>`


def approval_buttons(lang: str, contract_id: int, number: str | None = None) -> list[Choice]:
    label = number or str(contract_id)
    return [
        Choice(label=t(lang, "button.approve"), action=f"{VERB}:approve:{contract_id}",
               fallback=t(lang, "fallback.approve", number=label)),
        Choice(label=t(lang, "button.reject"), action=f"{VERB}:reject:{contract_id}",
               fallback=t(lang, "fallback.reject", number=label)),
    ]


def change_buttons(lang: str, change_id: int) -> list[Choice]:
    return [
        Choice(label=t(lang, "button.approve"), action=f"{CHANGE_VERB}:approve:{change_id}",
               fallback=t(lang, "fallback.approve_change", id=change_id)),
        Choice(label=t(lang, "button.reject"), action=f"{CHANGE_VERB}:reject:{change_id}",
               fallback=t(lang, "fallback.reject_change", id=change_id)),
    ]

"""The Approve / Reject buttons an approval carries (on the push to the approver and on "what's waiting for my
approval"): `approval:approve|reject:<contract id>`, with typed fallbacks for clients without buttons."""

from __future__ import annotations

from core.i18n import t
from core.outbound import Choice

VERB = "approval"


def approval_buttons(lang: str, contract_id: int, number: str | None = None) -> list[Choice]:
    label = number or str(contract_id)
    return [
        Choice(label=t(lang, "button.approve"), action=f"{VERB}:approve:{contract_id}",
               fallback=t(lang, "fallback.approve", number=label)),
        Choice(label=t(lang, "button.reject"), action=f"{VERB}:reject:{contract_id}",
               fallback=t(lang, "fallback.reject", number=label)),
    ]

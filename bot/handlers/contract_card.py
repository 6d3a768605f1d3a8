"""The customer card's contracts and files (shown only when there are any)."""

from __future__ import annotations

from bot.handlers.base import HandlerContext
from core.services import attachments, contracts


def contract_lines(h: HandlerContext, customer_id: int) -> list[str]:
    lines: list[str] = []
    found = contracts.query(h.ctx, customer_id=customer_id, limit=5)
    if found:
        lines.append(h.t("card.contracts_header"))
        for contract in found:
            lines.append(f"  • {contract.number} · {contract.title} · {h.money(contract.amount, contract.currency)}"
                         f" · {h.t(f'contract_status.{contract.status}')}")
    files = attachments.of_customer(h.ctx, customer_id, limit=5)
    if files:
        lines.append(h.t("card.files_header"))
        for item in files:
            lines.append(f"  • {item.filename} · {h.day(h.local_date(item.created_at))}")
    return lines

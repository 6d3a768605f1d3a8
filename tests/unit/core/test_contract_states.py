"""The contract status machine as a table (every status × every move), the e-signature signature check, and
telling a kept file's type from its bytes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core import esign
from core.errors import Conflict
from core.models import Contract
from core.models.contracts import CONTRACT_STATUSES
from core.services import attachments, contracts

# status → the moves it allows (anything else is refused with the contract's number and status).
ALLOWED = {
    "draft": {"submit", "cancel"},
    "pending_approval": {"approve", "reject", "cancel"},
    "approved": {"send", "cancel"},
    "rejected": {"submit", "cancel"},
    "sent": {"sign", "decline", "cancel"},
    "signed": set(),
    "cancelled": set(),
}
ENDS = {"submit": "pending_approval", "approve": "approved", "reject": "rejected", "send": "sent", "sign": "signed",
        "decline": "approved", "cancel": "cancelled"}


def _contract(status: str) -> Contract:
    return Contract(number="C-2026-007", customer_id=1, owner_id=1, title="ERP", amount=Decimal(1), currency="CNY",
                    status=status)


def test_the_table_covers_every_status() -> None:
    assert set(ALLOWED) == set(CONTRACT_STATUSES) and set(ENDS) == set(contracts.MOVES)


@pytest.mark.parametrize("status", CONTRACT_STATUSES)
@pytest.mark.parametrize("move", sorted(contracts.MOVES))
def test_each_move_from_each_status(status: str, move: str) -> None:
    contract = _contract(status)
    if move in ALLOWED[status]:
        contracts.check_move(contract, move)
        assert contracts.MOVES[move][1] == ENDS[move]
    else:
        with pytest.raises(Conflict) as refused:
            contracts.check_move(contract, move)
        assert refused.value.key == f"contract.illegal_move.{move}"
        assert refused.value.params == {"number": "C-2026-007", "status": status}


def test_signed_and_cancelled_are_final() -> None:
    for status in ("signed", "cancelled"):
        assert not any(status in sources for sources, _ in contracts.MOVES.values())


def test_the_webhook_signature() -> None:
    body = b'{"reference": "manual-C-2026-001", "outcome": "signed"}'
    header = esign.sign_body("k3y", body)
    assert header.startswith("sha256=") and esign.verify("k3y", body, header)
    assert not esign.verify("other", body, header)
    assert not esign.verify("k3y", body + b" ", header)
    assert not esign.verify("k3y", body, None) and not esign.verify("", body, header)


def test_a_manual_envelope_and_its_events() -> None:
    provider = esign.provider("manual")
    assert provider.send(_contract("approved")) == "manual-C-2026-007"
    event = provider.parse_event({"reference": "manual-C-2026-007", "outcome": "declined", "extra": 1})
    assert event.outcome == "declined" and event.signed_on is None
    with pytest.raises(ValueError):
        provider.parse_event({"reference": "x", "outcome": "maybe"})
    with pytest.raises(ValueError):
        esign.provider("docusign")


@pytest.mark.parametrize(("data", "kind"), [
    (b"\xff\xd8\xff\xe0rest", "image/jpeg"), (b"\x89PNG\r\n\x1a\nrest", "image/png"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"), (b"%PDF-1.7\n", "application/pdf"),
    (b"\n %PDF-1.4", "application/pdf"), (b"MZ\x90\x00", None), (b"GIF89a", None), (b"", None),
])
def test_types_are_read_from_the_bytes(data: bytes, kind: str | None) -> None:
    assert attachments.sniff(data) == kind

"""E-signature: the small interface a real provider (DocuSign, e签宝, 法大大 …) plugs into.

A provider sends a contract for signature and returns its envelope id (kept on the contract as
`esign_reference`); later its webhook says that envelope was signed or declined. The webhook's body is
authenticated with a shared secret (HMAC-SHA256 over the raw body, hex, in the `X-Salesbot-Signature` header as
`sha256=<hex>`); an adapter for a provider that signs differently turns its request into the same event.

The "manual" provider sends nothing: the rep sends the PDF themselves, and either says "signed" in chat or posts
the event to the webhook (e.g. from a form).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from core.models import Contract

SIGNATURE_HEADER = "X-Salesbot-Signature"
Outcome = Literal["signed", "declined"]


class SignatureEvent(BaseModel):
    """What a provider's webhook says about one envelope."""

    model_config = ConfigDict(extra="ignore")

    reference: str = Field(min_length=1, max_length=128)
    outcome: Outcome
    signed_on: date | None = None


class ESignProvider(Protocol):
    name: str

    def send(self, contract: Contract) -> str:
        """Send the contract for signature; its envelope id at the provider."""
        ...

    def parse_event(self, payload: Mapping[str, Any]) -> SignatureEvent:
        """The provider's webhook payload as an event (ValueError when it is not one)."""
        ...


class ManualProvider:
    """No provider: the envelope id is made from the contract's number; events are posted in our own shape
    ({"reference": …, "outcome": "signed" | "declined", "signed_on": "2026-12-03"})."""

    name = "manual"

    def send(self, contract: Contract) -> str:
        return f"manual-{contract.number}"

    def parse_event(self, payload: Mapping[str, Any]) -> SignatureEvent:
        return SignatureEvent.model_validate(dict(payload))


PROVIDERS: dict[str, ESignProvider] = {"manual": ManualProvider()}


def provider(name: str) -> ESignProvider:
    found = PROVIDERS.get(name)
    if found is None:
        raise ValueError(f"unknown e-signature provider {name!r}; known: {', '.join(sorted(PROVIDERS))}")
    return found


def sign_body(secret: str, body: bytes) -> str:
    """The header value a sender puts on `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """Whether the header carries the body's HMAC under the shared secret (constant-time)."""
    if not secret or not header:
        return False
    return hmac.compare_digest(sign_body(secret, body), header.strip())

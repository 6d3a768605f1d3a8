"""Outgoing webhooks: subscriptions (admin), events emitted with the change that caused them, deliveries.

The outbox pattern: `emit` writes a `webhook_events` row in the same transaction as the deal, payment or
contract change (an actor's unit may insert it, never read it), so an event exists exactly when its change
committed. The worker (system unit) fans each event out into one delivery per subscription that wants it, then
sends deliveries, retrying with backoff until the receiver answers 2xx or the attempts run out (the row is kept
as `failed`: nothing is dropped silently). Every delivery is signed: HMAC-SHA256 over "<timestamp>.<body>".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from core.context import SystemContext, Unit
from core.errors import InvalidInput, NotFound
from core.models import WEBHOOK_EVENTS, WebhookDelivery, WebhookEvent, WebhookSubscription
from core.redaction import redact

SIGNATURE_HEADER = "X-Salesbot-Signature"
TIMESTAMP_HEADER = "X-Salesbot-Timestamp"
EVENT_HEADER = "X-Salesbot-Event"
DELIVERY_HEADER = "X-Salesbot-Delivery"
DEFAULT_LEASE = timedelta(seconds=60)
# Waits after each failed attempt; past the last one the delivery is marked failed.
BACKOFF = (timedelta(seconds=10), timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10),
           timedelta(minutes=30), timedelta(hours=1), timedelta(hours=3), timedelta(hours=6))


def emit(unit: Unit, kind: str, payload: dict[str, Any]) -> None:
    """Record a business event for the subscribers, in the caller's transaction."""
    if kind not in WEBHOOK_EVENTS:
        raise ValueError(f"unknown webhook event {kind}")
    unit.session.add(WebhookEvent(kind=kind, payload=payload, created_at=unit.now()))


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value: `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>." + body)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str, timestamp: str | None, body: bytes, signature: str | None) -> bool:
    if not secret or not timestamp or not signature:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature.strip())


# -- subscriptions (the admin CLI, system unit) ----------------------------------------------------------------

def _events(names: list[str]) -> list[str]:
    wanted = [n.strip() for name in names for n in name.split(",") if n.strip()]
    for name in wanted:
        if name not in WEBHOOK_EVENTS:
            raise InvalidInput("webhook.unknown_event", event=name, known=", ".join(WEBHOOK_EVENTS))
    if not wanted:
        raise InvalidInput("webhook.unknown_event", event="", known=", ".join(WEBHOOK_EVENTS))
    return list(dict.fromkeys(wanted))


def subscribe(system: SystemContext, url: str, events: list[str]) -> tuple[WebhookSubscription, str]:
    """A new subscription; returns it and its signing secret (shown to the admin once)."""
    clean = url.strip()
    if not clean.startswith(("http://", "https://")) or len(clean) > 2000:
        raise InvalidInput("webhook.bad_url")
    secret = "whsec_" + secrets.token_urlsafe(32)
    row = WebhookSubscription(url=clean, secret=secret, events=_events(events), active=True,
                              created_at=system.now())
    system.session.add(row)
    system.session.flush()
    return row, secret


def subscriptions(system: SystemContext) -> list[WebhookSubscription]:
    query = select(WebhookSubscription).where(WebhookSubscription.active).order_by(WebhookSubscription.id)
    return list(system.session.scalars(query).all())


def unsubscribe(system: SystemContext, subscription_id: int) -> None:
    """Stop a subscription; its past deliveries stay (what was sent is kept), pending ones are not sent."""
    row = system.session.get(WebhookSubscription, subscription_id)
    if row is None or not row.active:
        raise NotFound(entity="webhook")
    row.active = False
    system.session.execute(update(WebhookDelivery).where(WebhookDelivery.subscription_id == row.id,
                                                         WebhookDelivery.status.in_(("pending", "sending")))
                           .values(status="failed", last_error="subscription removed"))


# -- the worker's side (system unit) ---------------------------------------------------------------------------

def fan_out(system: SystemContext, *, limit: int = 500) -> int:
    """One delivery per (new event, subscription that wants it); returns how many deliveries were made."""
    events = list(system.session.scalars(select(WebhookEvent).where(WebhookEvent.fanned_out_at.is_(None))
                                         .order_by(WebhookEvent.id).limit(limit).with_for_update(skip_locked=True)))
    if not events:
        return 0
    subs = subscriptions(system)
    now, made = system.now(), 0
    for event in events:
        for sub in subs:
            if event.kind in sub.events:
                system.session.add(WebhookDelivery(event_id=event.id, subscription_id=sub.id, status="pending",
                                                   attempts=0, next_attempt_at=now, created_at=now))
                made += 1
        event.fanned_out_at = now
    system.session.flush()
    return made


@dataclass(frozen=True)
class Outgoing:
    """A delivery to send: where, signed with what, and the exact body."""

    id: int
    url: str
    secret: str
    event: str
    body: bytes
    attempts: int


def body_of(event: WebhookEvent) -> bytes:
    document = {"id": event.id, "event": event.kind, "created_at": event.created_at.isoformat(),
                "data": event.payload}
    return json.dumps(document, ensure_ascii=False, sort_keys=True, default=str).encode()


def claim_due(system: SystemContext, *, limit: int = 50, lease: timedelta = DEFAULT_LEASE) -> list[Outgoing]:
    """Take due deliveries for sending (a `sending` one whose sender died is due again after the lease)."""
    now = system.now()
    rows = list(system.session.execute(
        select(WebhookDelivery, WebhookEvent, WebhookSubscription)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .where(WebhookDelivery.status.in_(("pending", "sending")), WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.id).limit(limit).with_for_update(of=WebhookDelivery, skip_locked=True)).all())
    out = []
    for delivery, event, sub in rows:
        delivery.status = "sending"
        delivery.next_attempt_at = now + lease
        out.append(Outgoing(delivery.id, sub.url, sub.secret, event.kind, body_of(event), delivery.attempts))
    system.session.flush()
    return out


def mark_sent(system: SystemContext, delivery_id: int, status: int) -> None:
    system.session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id).values(
        status="sent", attempts=WebhookDelivery.attempts + 1, last_status=status, last_error=None,
        sent_at=system.now()))


def mark_failed_attempt(system: SystemContext, delivery_id: int, attempts_before: int, error: str,
                        status: int | None = None, *, max_attempts: int = len(BACKOFF) + 1) -> datetime | None:
    """Count a failed attempt: back to pending after the backoff, or `failed` once attempts run out. Returns
    when it will be tried again (None: given up)."""
    attempts = attempts_before + 1
    values: dict[str, Any] = {"attempts": attempts, "last_status": status, "last_error": redact(error)[:1000]}
    retry_at: datetime | None = None
    if attempts >= max_attempts:
        values["status"] = "failed"
    else:
        retry_at = system.now() + BACKOFF[min(attempts - 1, len(BACKOFF) - 1)]
        values.update(status="pending", next_attempt_at=retry_at)
    system.session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id).values(**values))
    return retry_at


@dataclass(frozen=True)
class DeliveryView:
    id: int
    event: str
    status: str
    attempts: int
    last_status: int | None


def deliveries(system: SystemContext, subscription_id: int | None = None, limit: int = 50) -> list[DeliveryView]:
    query = (select(WebhookDelivery, WebhookEvent.kind).join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
             .order_by(WebhookDelivery.id.desc()).limit(limit))
    if subscription_id is not None:
        query = query.where(WebhookDelivery.subscription_id == subscription_id)
    return [DeliveryView(d.id, kind, d.status, d.attempts, d.last_status)
            for d, kind in system.session.execute(query).all()]

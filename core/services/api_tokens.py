"""Per-user API tokens: created (the secret shown once), listed, revoked; only a sha256 of each is stored.

A token reads `sb_<prefix>_<secret>`: the prefix finds the row, the hash of the whole token is compared in
constant time. Authenticating acts for nobody yet (the token says who), so it takes the system unit.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import select

from core.context import ServiceContext, SystemContext
from core.errors import Conflict, InvalidInput, NotFound
from core.models import ApiToken, User
from core.services import validation as v

TOKEN_PREFIX = "sb_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(ctx: ServiceContext, name: str, *, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for the actor; returns the row and the token itself (never stored, never shown again)."""
    clean = v.required_text(name, "name", limit=80)
    taken = ctx.session.scalar(select(ApiToken.id).where(ApiToken.user_id == ctx.actor.user_id,
                                                         ApiToken.name == clean))
    if taken is not None:
        raise Conflict("api_token.name_taken", name=clean)
    if expires_at is not None and expires_at.tzinfo is None:
        raise InvalidInput("behaviour.naive_time")
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken(user_id=ctx.actor.user_id, name=clean, prefix=prefix, secret_hash=_hash(token),
                   created_at=ctx.now(), expires_at=expires_at)
    ctx.session.add(row)
    ctx.session.flush()
    return row, token


def listed(ctx: ServiceContext) -> list[ApiToken]:
    """The actor's own tokens (revoked ones too, marked), oldest first."""
    query = select(ApiToken).where(ApiToken.user_id == ctx.actor.user_id).order_by(ApiToken.id)
    return list(ctx.session.scalars(query).all())


def revoke(ctx: ServiceContext, name: str) -> ApiToken:
    """Revoke the actor's token by name: it authenticates nothing from now on."""
    row = ctx.session.scalar(select(ApiToken).where(ApiToken.user_id == ctx.actor.user_id,
                                                    ApiToken.name == name.strip(), ApiToken.revoked_at.is_(None)))
    if row is None:
        raise NotFound(entity="api_token")
    row.revoked_at = ctx.now()
    return row


def authenticate(system: SystemContext, token: str) -> int | None:
    """The user a token acts for (its last use noted), or None: unknown, malformed, revoked, expired, or its
    user deactivated. Every failure looks the same to the caller."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    prefix, _, rest = token[len(TOKEN_PREFIX):].partition("_")
    if not prefix or not rest:
        return None
    row = system.session.scalar(select(ApiToken).where(ApiToken.prefix == prefix))
    if row is None or not hmac.compare_digest(row.secret_hash, _hash(token)):
        return None
    now = system.now()
    if row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now):
        return None
    user = system.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    row.last_used_at = now
    return row.user_id

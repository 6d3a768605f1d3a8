"""Signing in to the web dashboard: a one-time link the bot sends, exchanged for a browser session.

The link's token is random (256 bits), valid for `LINK_MINUTES`, and spent by its first use; the session's secret
lives in an HttpOnly cookie for `SESSION_HOURS`. Only sha256 hashes of either are stored. Issuing a link acts for
the user (their own unit); exchanging a link and recognising a session act for nobody yet, so they take the
system unit. A failed exchange says why (unknown, expired, used) so the page can tell the user what to do; a
failed session lookup is simply no session.

Old rows are purged by the scheduler's tick (`purge`): a link a day after it expired (spent or not), a session a day
after it expired or was signed out. The day's grace keeps the helpful answers: a second click on a spent link still
says "used" (410), an old cookie still gets "signed out" in its owner's language.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from sqlalchemy import delete, or_, select

from core.context import ServiceContext, SystemContext
from core.errors import PermissionDenied
from core.models import DashboardLink, DashboardSession, User
from core.permissions import DASHBOARD_READERS

LINK_MINUTES = 15
SESSION_HOURS = 12
# How long a link or session is kept once it can no longer open anything (see the module's note).
KEPT_AFTER_END = timedelta(days=1)
# Tokens and session ids are token_urlsafe(32): 43 characters; anything far longer is not ours.
_MAX_SECRET = 100

Refusal = Literal["unknown", "expired", "used"]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def may_open(ctx: ServiceContext) -> bool:
    return ctx.actor.role in DASHBOARD_READERS


def issue_link(ctx: ServiceContext) -> str:
    """A new one-time sign-in token for the actor (returned once, stored hashed)."""
    if not may_open(ctx):
        raise PermissionDenied("dashboard.not_for_role")
    token = secrets.token_urlsafe(32)
    now = ctx.now()
    ctx.session.add(DashboardLink(user_id=ctx.actor.user_id, token_hash=_hash(token), created_at=now,
                                  expires_at=now + timedelta(minutes=LINK_MINUTES)))
    ctx.session.flush()
    return token


@dataclass(frozen=True)
class SignIn:
    """A successful exchange: whose session, its secret (for the cookie) and how long it lasts."""

    user_id: int
    secret: str
    max_age_seconds: int


def exchange_link(system: SystemContext, token: str) -> SignIn | Refusal:
    """Spend a link: a new session for its user, or why not. A link is spent even if its user may no longer open
    the dashboard (then "unknown": nothing to tell a stranger)."""
    if not token or len(token) > _MAX_SECRET:
        return "unknown"
    link = system.session.scalar(select(DashboardLink).where(DashboardLink.token_hash == _hash(token))
                                 .with_for_update())
    if link is None:
        return "unknown"
    now = system.now()
    if link.used_at is not None:
        return "used"
    if link.expires_at <= now:
        return "expired"
    link.used_at = now
    user = system.session.get(User, link.user_id)
    if user is None or not user.active or user.role not in DASHBOARD_READERS:
        return "unknown"
    secret = secrets.token_urlsafe(32)
    system.session.add(DashboardSession(user_id=user.id, session_hash=_hash(secret), created_at=now,
                                        expires_at=now + timedelta(hours=SESSION_HOURS)))
    system.session.flush()
    return SignIn(user.id, secret, SESSION_HOURS * 3600)


def link_owner(system: SystemContext, token: str) -> int | None:
    """Whose link this is (to answer a spent or expired one in its user's language), or None."""
    if not token or len(token) > _MAX_SECRET:
        return None
    return system.session.scalar(select(DashboardLink.user_id).where(DashboardLink.token_hash == _hash(token)))


def session_user(system: SystemContext, secret: str | None) -> int | None:
    """The user a session cookie signs in, or None (unknown, expired, ended, user gone or no longer allowed)."""
    if not secret or len(secret) > _MAX_SECRET:
        return None
    row = system.session.scalar(select(DashboardSession).where(DashboardSession.session_hash == _hash(secret)))
    if row is None or row.ended_at is not None or row.expires_at <= system.now():
        return None
    user = system.session.get(User, row.user_id)
    if user is None or not user.active or user.role not in DASHBOARD_READERS:
        return None
    return row.user_id


def session_owner(system: SystemContext, secret: str | None) -> int | None:
    """Whose cookie this is, valid or not (to say "signed out" in their language), or None."""
    if not secret or len(secret) > _MAX_SECRET:
        return None
    return system.session.scalar(select(DashboardSession.user_id)
                                 .where(DashboardSession.session_hash == _hash(secret)))


def end_session(system: SystemContext, secret: str | None) -> None:
    """Sign out: the cookie's session opens nothing from now on."""
    if not secret or len(secret) > _MAX_SECRET:
        return
    row = system.session.scalar(select(DashboardSession).where(DashboardSession.session_hash == _hash(secret)))
    if row is not None and row.ended_at is None:
        row.ended_at = system.now()


@dataclass(frozen=True)
class Purged:
    links: int
    sessions: int


def purge(system: SystemContext) -> Purged:
    """Delete links and sessions that ended more than KEPT_AFTER_END ago (the scheduler's tick calls this)."""
    cutoff = system.now() - KEPT_AFTER_END
    # A link is spent before it expires, so its expiry alone says when it ended.
    links = system.session.execute(delete(DashboardLink).where(DashboardLink.expires_at < cutoff))
    sessions = system.session.execute(delete(DashboardSession).where(
        or_(DashboardSession.expires_at < cutoff, DashboardSession.ended_at < cutoff)))
    return Purged(int(getattr(links, "rowcount", 0) or 0), int(getattr(sessions, "rowcount", 0) or 0))

"""One-time invite codes that link a Telegram or Slack account to a salesbot user."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import update

from core import audit
from core.context import Unit
from core.errors import InvalidInput
from core.models import Invite, User
from core.services import users

DEFAULT_TTL = timedelta(days=7)


SEALED_PREFIX = "sha256:"


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def seal(code: str) -> str:
    """What a channel stores instead of a code a user sent (`/start CODE`, `link CODE`): its hash, which still
    redeems it (`redeem` accepts it) but tells nobody reading the inbox what the code was."""
    return SEALED_PREFIX + _hash(code)


def _lookup_hash(code: str) -> str:
    value = code.strip()
    digest = value[len(SEALED_PREFIX):]
    if value.startswith(SEALED_PREFIX) and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest):
        return digest
    return _hash(value)


def create(unit: Unit, user: User, *, ttl: timedelta = DEFAULT_TTL) -> str:
    """A fresh code for `user`; only its hash is stored. Telegram deep links allow [A-Za-z0-9_-], ≤ 64 chars."""
    code = secrets.token_urlsafe(18)
    now = unit.now()
    invite = Invite(code_hash=_hash(code), user_id=user.id, created_at=now, expires_at=now + ttl)
    unit.session.add(invite)
    audit.record_admin(unit, "create_invite", invite, None)
    return code


def redeem(unit: Unit, code: str, platform: str, platform_user_id: str) -> User:
    """Link the account to the invite's user. Expired, used or unknown codes all fail the same way. `code` is
    the code itself or its `seal`."""
    if not code or len(code) > len(SEALED_PREFIX) + 64:
        raise InvalidInput("error.invite_invalid")
    session, now = unit.session, unit.now()
    # Claim atomically: two simultaneous redemptions of one code cannot both succeed.
    claimed = session.execute(
        update(Invite)
        .where(Invite.code_hash == _lookup_hash(code), Invite.used_at.is_(None), Invite.expires_at > now)
        .values(used_at=now, used_by=f"{platform}:{platform_user_id}")
        .returning(Invite.user_id)
    ).scalar_one_or_none()
    if claimed is None:
        raise InvalidInput("error.invite_invalid")
    user = session.get(User, claimed)
    if user is None or not user.active:
        raise InvalidInput("error.invite_invalid")
    users.link(unit, user, platform, platform_user_id)
    return user

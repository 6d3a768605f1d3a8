"""Linking a chat account to a salesbot user: by one-time invite code, or by a matching profile email."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from core.context import CoreGateway
from core.errors import DomainError
from core.i18n import t
from core.outbound import Reply
from core.services import invites, users


@dataclass(frozen=True)
class LinkResult:
    linked: bool
    reply: Reply


class Linker:
    def __init__(self, core: CoreGateway, default_language: str) -> None:
        self.core = core
        self.default_language = default_language

    async def redeem(self, platform: str, platform_user_id: str, code: str, lang_hint: str | None = None
                     ) -> LinkResult:
        return await asyncio.to_thread(self._redeem, platform, platform_user_id, code, lang_hint)

    def _redeem(self, platform: str, platform_user_id: str, code: str, lang_hint: str | None) -> LinkResult:
        lang = lang_hint or self.default_language
        with self.core.system() as system:
            existing = users.user_for_identity(system, platform, platform_user_id)
            if existing is not None:
                return LinkResult(True, Reply(text=t(existing.language, "link.already", name=existing.name),
                                              private=False))
        try:
            with self.core.system() as system:
                user = invites.redeem(system, code, platform, platform_user_id)
                name, lang = user.name, user.language
        except DomainError as error:
            return LinkResult(False, Reply(text=t(lang, error.key), private=False))
        return LinkResult(True, Reply(text=t(lang, "link.welcome", name=name), private=False))

    async def by_email(self, platform: str, platform_user_id: str, email: str) -> LinkResult | None:
        """Link when exactly one active user has this email (only where the admin allowed it)."""
        return await asyncio.to_thread(self._by_email, platform, platform_user_id, email)

    def _by_email(self, platform: str, platform_user_id: str, email: str) -> LinkResult | None:
        wanted = email.strip().lower()
        if not wanted:
            return None
        with self.core.system() as system:
            user = users.only_with_email(system, wanted)
            if user is None:
                return None
            users.link(system, user, platform, platform_user_id)
            return LinkResult(True, Reply(text=t(user.language, "link.welcome", name=user.name), private=False))

"""Who a Slack user is to salesbot (linked user, language) and where their private chat with the bot is."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.assistant import guess_language
from bot.linking import Linker, LinkResult
from core.context import CoreGateway
from core.errors import DomainError
from core.services import users

log = logging.getLogger(__name__)

PLATFORM = "slack"


@dataclass(frozen=True)
class Person:
    user_id: int
    language: str


class People:
    def __init__(self, core: CoreGateway, client: AsyncWebClient, linker: Linker, *, default_language: str,
                 link_by_email: bool) -> None:
        self.core = core
        self.client = client
        self.linker = linker
        self.default_language = default_language
        self.link_by_email = link_by_email
        # A user's DM with the bot never changes, so one conversations.open per user and process is enough.
        self._dms: dict[str, str] = {}

    def remember_dm(self, slack_user: str, channel: str) -> None:
        self._dms[slack_user] = channel

    def known_dm(self, slack_user: str) -> str | None:
        return self._dms.get(slack_user)

    async def dm(self, slack_user: str) -> str:
        """The DM channel id (conversations.open). If Slack cannot be asked, the user id: posting to a user id
        lands in the same DM, so a reply is still deliverable."""
        known = self._dms.get(slack_user)
        if known is not None:
            return known
        try:
            response = await self.client.conversations_open(users=slack_user)
            channel = str((response.get("channel") or {}).get("id") or "")
        except (TimeoutError, SlackClientError, aiohttp.ClientError, OSError) as exc:
            log.warning("conversations.open for %s failed: %s", slack_user, exc)
            return slack_user
        if not channel:
            return slack_user
        self._dms[slack_user] = channel
        return channel

    async def find(self, slack_user: str) -> Person | None:
        return await asyncio.to_thread(self._find, slack_user)

    def _find(self, slack_user: str) -> Person | None:
        with self.core.system() as system:
            user = users.user_for_identity(system, PLATFORM, slack_user)
            return Person(user.id, user.language) if user is not None else None

    async def language(self, slack_user: str, text: str | None = None) -> str:
        person = await self.find(slack_user)
        return person.language if person else guess_language(text, self.default_language)

    async def link_by_profile_email(self, slack_user: str) -> LinkResult | None:
        """Link an unknown Slack user whose profile email matches exactly one salesbot user — only when the
        admin allowed it (SALESBOT_SLACK_LINK_BY_EMAIL), because it trusts the workspace's email addresses."""
        if not self.link_by_email:
            return None
        try:
            response = await self.client.users_info(user=slack_user)
        except (TimeoutError, SlackClientError, aiohttp.ClientError, OSError) as exc:
            log.warning("users.info for %s failed: %s", slack_user, exc)
            return None
        profile_user = response.get("user") or {}
        if profile_user.get("is_bot") or profile_user.get("deleted"):
            return None
        email = str((profile_user.get("profile") or {}).get("email") or "")
        if not email:
            return None
        try:
            result = await self.linker.by_email(PLATFORM, slack_user, email)
        except DomainError as exc:  # e.g. linked concurrently by an invite code
            log.info("email link for %s refused: %s", slack_user, exc)
            return None
        if result is not None and result.linked:
            log.info("linked slack user %s by profile email", slack_user)
        return result

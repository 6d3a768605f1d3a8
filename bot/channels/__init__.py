"""Channel adapters: each turns platform events into IncomingMessage and renders Reply for its platform."""

from __future__ import annotations

from typing import Protocol

from aiohttp import web

from core.outbound import ChannelPort


class ChannelRuntime(ChannelPort, Protocol):
    async def start(self, http: web.Application) -> None:
        """Begin receiving (polling, socket, or routes added to the shared HTTP server before it starts)."""
        ...

    async def stop(self) -> None: ...

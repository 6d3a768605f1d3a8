"""Getting a note's bytes: the protocol channels implement, and the fetchers that need no channel.

A channel whose audio URLs need credentials offers `async fetch_audio(ref: AudioRef) -> bytes` (Slack:
url_private with the bot token). The server registers it for that channel's jobs. Channels whose URL
authenticates itself (Telegram's Bot API file URL) use the plain HTTP fetcher; the console reads a local file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

import aiohttp

from bot.messages import AudioRef

AudioFetcher = Callable[[AudioRef], Awaitable[bytes]]
DOWNLOAD_TIMEOUT = 60.0


class FetchError(Exception):
    """The audio could not be fetched (gone, unreachable, or larger than allowed)."""

    def __init__(self, message: str, *, too_large: bool = False, permanent: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large
        self.permanent = permanent


@runtime_checkable
class FetchesAudio(Protocol):
    """What a channel offers when its audio URLs need the channel's credentials."""

    async def fetch_audio(self, ref: AudioRef) -> bytes: ...


def http_fetcher(max_bytes: int, *, timeout: float = DOWNLOAD_TIMEOUT,
                 headers: Mapping[str, str] | None = None) -> AudioFetcher:
    """GET the URL (with `headers`, e.g. a bearer token), never reading more than `max_bytes`."""

    async def fetch(ref: AudioRef) -> bytes:
        if ref.size is not None and ref.size > max_bytes:
            raise FetchError(f"{ref.size} bytes is over the limit", too_large=True, permanent=True)
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http, \
                    http.get(ref.url, headers=dict(headers or {})) as response:
                if response.status in (401, 403, 404, 410):
                    raise FetchError(f"HTTP {response.status}", permanent=True)
                if response.status != 200:
                    raise FetchError(f"HTTP {response.status}")
                # Slack answers a url_private request it does not accept with its HTML login page, status 200.
                if response.content_type.startswith("text/html"):
                    raise FetchError("got an HTML page instead of the file (token or scope)", permanent=True)
                if (response.content_length or 0) > max_bytes:
                    raise FetchError("too large", too_large=True, permanent=True)
                parts: list[bytes] = []
                received = 0
                async for chunk in response.content.iter_chunked(64 * 1024):
                    received += len(chunk)
                    if received > max_bytes:
                        raise FetchError("too large", too_large=True, permanent=True)
                    parts.append(chunk)
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from exc
        return b"".join(parts)

    return fetch


def file_fetcher(max_bytes: int) -> AudioFetcher:
    """A local path (the console's `/voice PATH`): read it, refusing what is over the limit before reading."""

    def read(path: Path) -> bytes:
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise FetchError(f"{size} bytes is over the limit", too_large=True, permanent=True)
            return path.read_bytes()
        except OSError as exc:
            raise FetchError(f"cannot read {path}: {exc.strerror}", permanent=True) from exc

    async def fetch(ref: AudioRef) -> bytes:
        return await asyncio.to_thread(read, Path(ref.url.removeprefix("file://")))

    return fetch


def channel_fetchers(channels: Mapping[str, object], max_bytes: int) -> dict[str, AudioFetcher]:
    """A fetcher per running channel: its own `fetch_audio` when it has one, plain HTTP otherwise."""
    fetchers: dict[str, AudioFetcher] = {}
    for name, channel in channels.items():
        fetchers[name] = channel.fetch_audio if isinstance(channel, FetchesAudio) else http_fetcher(max_bytes)
    return fetchers

"""Fetching a note's bytes (plain HTTP, local file, a channel's own) and what a job says when it fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.messages import AudioRef
from bot.voice import AUDIO_ERROR_REASONS, AudioLimits
from bot.voice_jobs import FetchError, channel_fetchers, file_fetcher, http_fetcher
from bot.voice_jobs.texts import FETCH_FAILED, INTERNAL, MODEL_UNAVAILABLE, clock, failure
from core.i18n import t


async def serve(routes: dict[str, web.Response]) -> tuple[web.AppRunner, str]:
    app = web.Application()

    def handler(response: web.Response) -> Any:
        async def handle(request: web.Request) -> web.Response:
            return response

        return handle

    for path, response in routes.items():
        app.router.add_get(path, handler(response))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


async def test_http_fetcher_downloads_and_refuses_what_is_too_big_or_gone() -> None:
    runner, root = await serve({"/ok": web.Response(body=b"OggS" * 10), "/big": web.Response(body=b"x" * 5000),
                                "/gone": web.Response(status=404)})
    try:
        fetch = http_fetcher(1000)
        assert await fetch(AudioRef(f"{root}/ok")) == b"OggS" * 10
        with pytest.raises(FetchError) as big:
            await fetch(AudioRef(f"{root}/big"))
        assert big.value.too_large
        with pytest.raises(FetchError) as gone:
            await fetch(AudioRef(f"{root}/gone"))
        assert gone.value.permanent and not gone.value.too_large
        with pytest.raises(FetchError) as declared:
            await fetch(AudioRef(f"{root}/ok", size=5000))
        assert declared.value.too_large
    finally:
        await runner.cleanup()


async def test_file_fetcher_reads_local_files(tmp_path: Path) -> None:
    note = tmp_path / "note.ogg"
    note.write_bytes(b"OggS....")
    assert await file_fetcher(100)(AudioRef(str(note))) == b"OggS...."
    with pytest.raises(FetchError):
        await file_fetcher(100)(AudioRef(str(tmp_path / "missing.ogg")))
    with pytest.raises(FetchError):
        await file_fetcher(3)(AudioRef(str(note)))


def test_a_channel_with_its_own_fetch_audio_uses_it() -> None:
    class Slackish:
        async def fetch_audio(self, ref: AudioRef) -> bytes:
            return b""

    class Telegramish:
        pass

    slack, telegram = Slackish(), Telegramish()
    fetchers = channel_fetchers({"slack": slack, "telegram": telegram}, 1000)
    assert fetchers["slack"] == slack.fetch_audio and fetchers["telegram"] is not None


def test_every_failure_has_a_reply_in_both_languages() -> None:
    limits = AudioLimits()
    for reason in (*AUDIO_ERROR_REASONS, FETCH_FAILED, MODEL_UNAVAILABLE, INTERNAL):
        for lang in ("en", "zh"):
            assert failure(lang, reason, limits).text == t(lang, f"voice.error.{reason}",
                                                           **({"limit": "15"} if reason == "too_long" else {}),
                                                           **({"limit_mb": "20"} if reason == "too_large" else {}))
    assert failure("en", "something new", limits).text == t("en", "voice.error.internal")


def test_clock() -> None:
    assert [clock(s) for s in (0, 7.36, 59.6, 90, 754)] == ["0:00", "0:07", "1:00", "1:30", "12:34"]

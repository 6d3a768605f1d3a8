"""Files people share with the bot (voice clips, audio files) and images the bot shares back."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import AudioRef, InboundFile
from bot.voice_jobs.fetch import DOWNLOAD_TIMEOUT, FetchError, http_fetcher
from core.outbound import DocumentRef, ImageRef

log = logging.getLogger(__name__)

JSON = dict[str, Any]
EVIDENCE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})


@dataclass(frozen=True)
class FileVerdict:
    """An audio file to hand on, or the catalogue key (and its params) of why the files cannot be used."""

    audio: AudioRef | None = None
    # A photo or PDF to attach, downloaded (only for a message that is just the file).
    file: InboundFile | None = None
    problem: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def is_audio(info: JSON) -> bool:
    mimetype = str(info.get("mimetype") or "")
    return mimetype.startswith("audio/") or info.get("subtype") == "slack_audio"


class SlackFiles:
    def __init__(self, client: AsyncWebClient, max_upload_mb: int) -> None:
        self.client = client
        self.max_mb = max_upload_mb
        self.max_bytes = max_upload_mb * 1024 * 1024

    async def inspect(self, files: list[JSON], *, evidence: bool = False) -> FileVerdict:
        """The first audio file of a message, checked by type and size before anything is downloaded; with
        `evidence`, else the first photo or PDF, downloaded now (within the limit) to be attached."""
        infos = [await self._complete(f) for f in files if isinstance(f, dict)]
        audio = next((info for info in infos if info is not None and is_audio(info)), None)
        if audio is None:
            kept = next((i for i in infos if i is not None and str(i.get("mimetype") or "") in EVIDENCE_TYPES), None)
            if evidence and kept is not None:
                return await self._evidence(kept)
            return FileVerdict(problem="slack.file.unsupported")
        size = int(audio.get("size") or 0)
        if size > self.max_bytes:
            return FileVerdict(problem="slack.file.too_large", params={"max_mb": self.max_mb})
        duration = audio.get("duration_ms")
        ref = AudioRef(
            url=str(audio.get("url_private_download") or audio.get("url_private") or ""),
            mime_type=str(audio.get("mimetype") or "") or None,
            size=size or None,
            duration=float(duration) / 1000 if isinstance(duration, int | float) else None,
            file_name=str(audio.get("name") or "") or None,
        )
        if not ref.url:
            return FileVerdict(problem="slack.file.fetch_failed")
        # Downloaded once, by the transcription job (through `fetch`): a failed download is reported there.
        return FileVerdict(audio=ref)

    async def _evidence(self, info: JSON) -> FileVerdict:
        size = int(info.get("size") or 0)
        if size > self.max_bytes:
            return FileVerdict(problem="slack.file.too_large", params={"max_mb": self.max_mb})
        url = str(info.get("url_private_download") or info.get("url_private") or "")
        try:
            data = await self.fetch(AudioRef(url=url, size=size or None))
        except FetchError as exc:
            log.warning("downloading %s failed: %s", info.get("id"), exc)
            key = "slack.file.too_large" if exc.too_large else "slack.file.fetch_failed"
            return FileVerdict(problem=key, params={"max_mb": self.max_mb} if exc.too_large else {})
        name = str(info.get("name") or "") or "file"
        return FileVerdict(file=InboundFile(data=data, file_name=name, mime_type=str(info.get("mimetype") or "")))

    async def _complete(self, info: JSON) -> JSON | None:
        """Events may carry a stub (`file_access: check_file_info`); files.info has the whole object."""
        if info.get("url_private") and info.get("mimetype") and info.get("file_access") != "check_file_info":
            return info
        file_id = info.get("id")
        if not file_id:
            return None
        try:
            response = await self.client.files_info(file=str(file_id))
        except (TimeoutError, SlackClientError, aiohttp.ClientError, OSError) as exc:
            log.warning("files.info %s failed: %s", file_id, exc)
            return None
        found = response.get("file")
        return dict(found) if isinstance(found, dict) else None

    async def fetch(self, ref: AudioRef) -> bytes:
        """Download with the bot token (url_private needs it), never more than max_upload_mb."""
        fetch = http_fetcher(self.max_bytes, timeout=DOWNLOAD_TIMEOUT,
                             headers={"Authorization": f"Bearer {self.client.token}"})
        return await fetch(ref)

    async def upload_image(self, channel: str, image: ImageRef, comment: str | None) -> str:
        """files_upload_v2 (getUploadURLExternal, the bytes, completeUploadExternal); returns the file id."""
        response = await self.client.files_upload_v2(
            channel=channel, file=image.data, filename=image.filename, title=image.caption or image.filename,
            initial_comment=comment, request_file_info=False,
        )
        uploaded = response.get("files") or [response.get("file") or {}]
        return str((uploaded[0] or {}).get("id") or "")

    async def upload_document(self, channel: str, document: DocumentRef, comment: str | None) -> str:
        """A file sent back (a signed contract, a site photo), the same way as an image; returns the file id."""
        response = await self.client.files_upload_v2(
            channel=channel, file=document.data, filename=document.filename,
            title=document.caption or document.filename, initial_comment=comment, request_file_info=False,
        )
        uploaded = response.get("files") or [response.get("file") or {}]
        return str((uploaded[0] or {}).get("id") or "")

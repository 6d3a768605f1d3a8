"""Attachments (附件): photos and PDFs reps send from the field, kept as evidence on a visit or a contract.

The bytes live in the data dir under `attachments/<first two hex>/<sha256>` (0600), named by their hash, so the
same file sent twice is stored once; the row says whose customer, which visit or contract, the name it was sent
under and its media type. The type is read from the bytes themselves (a PDF renamed .jpg is still a PDF; a
program renamed .pdf is refused), and the size is capped by the channel settings (`max_bytes`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from core import audit
from core.context import ServiceContext
from core.datadir import PRIVATE_FILE_MODE, ensure_data_dir
from core.errors import InvalidInput, NotFound
from core.models import Attachment, Interaction
from core.services import contracts, customers
from core.services import validation as v

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
FOLDER = "attachments"
# The media types we keep, recognised by their first bytes.
MEDIA_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}


def sniff(data: bytes) -> str | None:
    """The media type the bytes are, of those we keep; None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "application/pdf"
    return None


def check_size(size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse a file over the limit before downloading it (the platform says how big it is)."""
    if size > max_bytes:
        raise InvalidInput("attachment.too_big", size_mb=_mb(size), limit_mb=_mb(max_bytes))


def check(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The media type of an acceptable file, or the refusal in the user's words (too big, empty, wrong type)."""
    check_size(len(data), max_bytes)
    if not data:
        raise InvalidInput("attachment.empty")
    media_type = sniff(data)
    if media_type is None:
        raise InvalidInput("attachment.wrong_type")
    return media_type


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _root(ctx: ServiceContext) -> Path:
    if ctx.defaults.data_dir is None:
        raise RuntimeError("attachments need a data dir (Defaults.data_dir)")
    root = ensure_data_dir(ctx.defaults.data_dir) / FOLDER
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def _path_of(ctx: ServiceContext, sha256: str) -> Path:
    return _root(ctx) / sha256[:2] / sha256


def _write_once(path: Path, data: bytes) -> None:
    """Write the file unless a file of that hash is already there (0600, created whole then renamed)."""
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(partial, PRIVATE_FILE_MODE)
    os.replace(partial, path)


def store(ctx: ServiceContext, data: bytes, filename: str, *, customer_id: int | None = None,
          interaction_id: int | None = None, contract_id: int | None = None,
          max_bytes: int = DEFAULT_MAX_BYTES) -> Attachment:
    """Attach a file to a visit or a contract (its customer's otherwise). The customer must be one the actor
    may change (a contract: one the actor may change)."""
    media_type = check(data, max_bytes)
    if contract_id is not None:
        contract = contracts.get(ctx, contract_id, for_write=True)
        customer_id = contract.customer_id
    if interaction_id is not None:
        interaction = ctx.session.get(Interaction, interaction_id)
        if interaction is None or (customer_id is not None and interaction.customer_id != customer_id):
            raise NotFound(entity="interaction")
        customer_id = interaction.customer_id
    if customer_id is None:
        raise InvalidInput("error.invalid_input")
    if contract_id is None:
        customers.get(ctx, customer_id, for_write=True)
    sha = hashlib.sha256(data).hexdigest()
    name = _filename(filename, sha, media_type)
    attachment = Attachment(customer_id=customer_id, interaction_id=interaction_id, contract_id=contract_id,
                            uploaded_by_id=ctx.actor.user_id, filename=name, content_type=media_type,
                            size=len(data), sha256=sha, created_at=ctx.now())
    ctx.session.add(attachment)
    audit.record(ctx, "attach_file", attachment, None)
    _write_once(_path_of(ctx, sha), data)  # after the row passed the permission checks of the flush
    return attachment


def _filename(given: str, sha: str, media_type: str) -> str:
    base = Path(given or "").name.strip()
    cleaned = v.clean_text(base, "filename", limit=200) if base else None
    return cleaned or f"{sha[:12]}{EXTENSIONS[media_type]}"


def of_customer(ctx: ServiceContext, customer_id: int, *, limit: int = 20) -> list[Attachment]:
    """The customer's attachments the actor can see, newest first."""
    return list(ctx.session.scalars(select(Attachment).where(Attachment.customer_id == customer_id)
                                    .order_by(Attachment.created_at.desc(), Attachment.id.desc()).limit(limit)))


def of_contract(ctx: ServiceContext, contract_id: int) -> list[Attachment]:
    contracts.get(ctx, contract_id)
    return list(ctx.session.scalars(select(Attachment).where(Attachment.contract_id == contract_id)
                                    .order_by(Attachment.created_at.desc(), Attachment.id.desc())))


# A file sent this soon after a visit was logged is evidence of that visit (the rep sends the site photo after
# telling the bot about it).
VISIT_WINDOW = timedelta(hours=6)


@dataclass(frozen=True)
class Target:
    """Where a file sent in chat goes: a visit, a contract, or (else) just its customer."""

    customer_id: int
    interaction_id: int | None = None
    contract_id: int | None = None


def target_for(ctx: ServiceContext, customer_id: int | None, media_type: str) -> Target:
    """Where a file sent in chat about `customer_id` (the customer talked about last) belongs: a PDF to the
    customer's contract out for signature or signed (the signed copy); otherwise the actor's visit to the customer
    logged within VISIT_WINDOW; otherwise the customer. No customer talked about: asked, never guessed."""
    if customer_id is None:
        raise InvalidInput("attachment.no_target")
    customers.get(ctx, customer_id)
    if media_type == "application/pdf":
        signed = contracts.query(ctx, customer_id=customer_id, statuses=("sent", "signed"), limit=1)
        if signed:
            return Target(customer_id, contract_id=signed[0].id)
    visit = ctx.session.scalar(
        select(Interaction.id).where(Interaction.customer_id == customer_id,
                                     Interaction.author_id == ctx.actor.user_id,
                                     Interaction.created_at >= ctx.now() - VISIT_WINDOW)
        .order_by(Interaction.created_at.desc(), Interaction.id.desc()).limit(1))
    return Target(customer_id, interaction_id=visit)


@dataclass(frozen=True)
class StoredFile:
    attachment: Attachment
    data: bytes


def read(ctx: ServiceContext, attachment_id: int) -> StoredFile:
    """An attachment and its bytes (to send back in chat)."""
    attachment = ctx.session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound(entity="attachment")
    path = _path_of(ctx, attachment.sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound("attachment.missing_file") from None
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise NotFound("attachment.missing_file")
    return StoredFile(attachment, data)

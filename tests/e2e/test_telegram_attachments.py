"""Photos and PDFs sent in Telegram (the real PTB application against the fake Bot API) become attachments: of
the visit just logged, of the contract out for signature, or of the customer talked about; with a clear answer
when there is no customer to go to, the file is too big or is not a picture or a PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.esign import ManualProvider
from core.i18n import t
from core.services import approvals, attachments, contracts, conversation, customers, interactions
from tests.e2e.telegram_support import Factory, Telegram, telegram_settings, world
from tests.fakes import DEFAULT_USER, FakeTelegram

__all__ = ["world"]

pytestmark = pytest.mark.asyncio

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 300
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


async def send(world: Telegram, update: dict[str, Any]) -> str:
    before = len(world.fake.sent_to(DEFAULT_USER.id))
    await world.deliver(update)
    (reply,) = await world.replies_after(DEFAULT_USER.id, before)
    return reply.text or ""


def photo(world: Telegram, data: bytes = JPEG, size: int | None = None) -> dict[str, Any]:
    file_id = world.fake.add_file(data, "photos/site.jpg")
    sizes = [{"file_id": file_id, "file_unique_id": "u-site", "width": 640, "height": 480,
              "file_size": size if size is not None else len(data)}]
    return world.fake.text_update(None, photo=sizes)  # type: ignore[arg-type]


def document(world: Telegram, data: bytes, name: str, mime: str) -> dict[str, Any]:
    file_id = world.fake.add_file(data, f"documents/{name}")
    doc = {"file_id": file_id, "file_unique_id": f"u-{name}", "file_name": name, "mime_type": mime,
           "file_size": len(data)}
    return world.fake.text_update(None, document=doc)  # type: ignore[arg-type]


def remember(world: Telegram, user_id: int, customer_id: int) -> None:
    """The conversation has just been about this customer (as after "tell me about Acme")."""
    with world.app.core.unit(user_id) as ctx:
        conversation.Conversation(ctx, "telegram", str(DEFAULT_USER.id)).remember(
            conversation.Memory(customer_id=customer_id))


def data_files(tmp: Path) -> list[Path]:
    return [p for p in (tmp / "attachments").rglob("*") if p.is_file()]


async def test_a_site_photo_goes_with_the_visit_just_logged(world: Telegram, tmp_path: Path) -> None:
    alice = world.add_user("Alice")
    world.link("Alice", DEFAULT_USER)
    assert await send(world, photo(world)) == t("en", "attachment.no_target")
    with world.app.core.unit(alice) as ctx:
        acme = customers.create(ctx, "Acme Corp").id
        visit = interactions.log(ctx, acme, channel="visit", summary="walked the site").interaction.id
    remember(world, alice, acme)
    reply = await send(world, photo(world))
    assert reply.startswith("📎 Kept photo-u-site.jpg with your visit to Acme Corp")
    with world.app.core.reading(alice) as ctx:
        [kept] = attachments.of_customer(ctx, acme)
        assert (kept.interaction_id, kept.content_type, kept.size) == (visit, "image/jpeg", len(JPEG))
        sha = kept.sha256
    assert [p.name for p in data_files(tmp_path)] == [sha]
    card = await send(world, world.fake.text_update("tell me about Acme Corp"))
    assert "📎 Files:" in card and "photo-u-site.jpg" in card  # listed on the customer card


async def test_the_signed_pdf_goes_on_the_contract_out_for_signature(world: Telegram) -> None:
    alice = world.add_user("Alice")
    mia = world.add_user("Mia", role="manager")
    fay = world.add_user("Fay", role="finance")
    world.link("Alice", DEFAULT_USER)
    core = world.app.core
    with core.unit(alice) as ctx:
        acme = customers.create(ctx, "Acme Corp").id
        contract = contracts.create(ctx, acme, amount=Decimal("1000")).id
        contracts.submit(ctx, contract)
    for approver in (mia, fay):
        with core.unit(approver) as ctx:
            approvals.decide(ctx, contracts.my_step(ctx, contract).id, True)
    with core.unit(alice) as ctx:
        contracts.send_for_signature(ctx, contract, ManualProvider())
    remember(world, alice, acme)
    reply = await send(world, document(world, PDF, "signed.pdf", "application/pdf"))
    assert reply == "📎 Kept signed.pdf as the signed copy of contract C-2026-001 (Acme Corp)."
    # And it is sent back on request.
    before = len(world.fake.sent_to(DEFAULT_USER.id))
    await world.deliver(world.fake.text_update("send me the Acme contract"))
    (back,) = await world.replies_after(DEFAULT_USER.id, before)
    assert back.method == "sendDocument" and back.upload is not None and back.upload.data == PDF


async def test_bad_files_are_answered_and_nothing_is_kept(make_app: Factory, fake_telegram: FakeTelegram,
                                                         tmp_path: Path) -> None:
    world = Telegram(fake_telegram, make_app(max_upload_mb=1, **telegram_settings(fake_telegram, "polling")),
                     "polling")
    await world.start()
    try:
        alice = world.add_user("Alice", lang="zh")
        world.link("Alice", DEFAULT_USER)
        with world.app.core.unit(alice) as ctx:
            acme = customers.create(ctx, "Acme Corp").id
        remember(world, alice, acme)
        fake_pdf = b"MZ\x90\x00 not a pdf at all"
        assert await send(world, document(world, fake_pdf, "contract.pdf", "application/pdf")) == t(
            "zh", "attachment.wrong_type")
        too_big = await send(world, photo(world, size=3 * 1024 * 1024))
        assert too_big == t("zh", "telegram.file_too_large", size_mb="3.0", limit_mb=1)
        assert data_files(tmp_path) == []
    finally:
        await world.stop()

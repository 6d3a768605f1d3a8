"""Attachments on a real database: stored once per hash (0600) in the data dir, type read from the bytes, size
capped with an answer in the user's language, and only where the actor may write."""

from __future__ import annotations

import stat
from decimal import Decimal
from pathlib import Path

import pytest

from bot.error_text import render_error
from core.context import CoreGateway, Defaults
from core.errors import InvalidInput, NotFound
from core.services import attachments, contracts, customers
from tests.factories import add_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%fake but well-formed enough\n%%EOF\n"


@pytest.fixture
def files(core: CoreGateway, tmp_path: Path) -> CoreGateway:
    return CoreGateway(core.factory, core.clock, Defaults(data_dir=tmp_path / "data"))


@pytest.fixture
def people(files: CoreGateway) -> dict[str, int]:
    return {name: add_user(files, name.title(), role, "East").id
            for name, role in (("alice", "rep"), ("bob", "rep"), ("fay", "finance"))}


def _customer(core: CoreGateway, owner: int, name: str = "Acme") -> int:
    with core.unit(owner) as ctx:
        return customers.create(ctx, name).id


def test_stored_once_by_hash_private_and_read_back(files: CoreGateway, people: dict[str, int],
                                                   tmp_path: Path) -> None:
    acme = _customer(files, people["alice"])
    with files.unit(people["alice"]) as ctx:
        first = attachments.store(ctx, PNG, "site.png", customer_id=acme)
        again = attachments.store(ctx, PNG, "same-photo.png", customer_id=acme)
        assert first.sha256 == again.sha256 and first.content_type == "image/png" and first.size == len(PNG)
        sha = first.sha256
    stored = list((tmp_path / "data" / "attachments").rglob("*"))
    blobs = [p for p in stored if p.is_file()]
    assert len(blobs) == 1 and blobs[0].name == sha
    assert stat.S_IMODE(blobs[0].stat().st_mode) == 0o600
    with files.reading(people["alice"]) as ctx:
        listed = attachments.of_customer(ctx, acme)
        assert [a.filename for a in listed] == ["same-photo.png", "site.png"]
        assert attachments.read(ctx, listed[1].id).data == PNG
        first_id = listed[1].id
    with files.reading(people["bob"]) as ctx:  # a colleague's customer's files are not his
        assert attachments.of_customer(ctx, acme) == []
        with pytest.raises(NotFound):
            attachments.read(ctx, first_id)


def test_the_type_comes_from_the_bytes_not_the_name(files: CoreGateway, people: dict[str, int]) -> None:
    acme = _customer(files, people["alice"])
    with files.unit(people["alice"]) as ctx:
        assert attachments.store(ctx, PDF, "photo.jpg", customer_id=acme).content_type == "application/pdf"
    with pytest.raises(InvalidInput) as wrong, files.unit(people["alice"]) as ctx:
        attachments.store(ctx, b"MZ\x90\x00 an exe", "contract.pdf", customer_id=acme)
    assert render_error("en", wrong.value) == "I can attach photos (JPEG, PNG, WebP) and PDFs only."
    assert render_error("zh", wrong.value) == "只能添加照片(JPEG、PNG、WebP)或PDF作为附件。"


def test_too_big_is_said_with_the_limit(files: CoreGateway, people: dict[str, int]) -> None:
    acme = _customer(files, people["alice"])
    big = PDF + b"0" * (3 * 1024 * 1024)
    with pytest.raises(InvalidInput) as refused, files.unit(people["alice"]) as ctx:
        attachments.store(ctx, big, "scan.pdf", customer_id=acme, max_bytes=2 * 1024 * 1024)
    assert render_error("en", refused.value) == "That file is 3 MB; files up to 2 MB can be attached."
    assert render_error("zh", refused.value) == "这个文件有3 MB,附件最大2 MB。"
    with pytest.raises(InvalidInput):
        attachments.check_size(25 * 1024 * 1024)  # refused before download, by the size the platform gives


def test_the_signed_pdf_goes_on_the_contract(files: CoreGateway, people: dict[str, int]) -> None:
    acme = _customer(files, people["alice"])
    with files.unit(people["alice"]) as ctx:
        contract = contracts.create(ctx, acme, amount=Decimal("100"))
        attachments.store(ctx, PDF, "signed.pdf", contract_id=contract.id)
        contract_id = contract.id
    with files.reading(people["fay"]) as ctx:  # finance reads every contract and its files
        assert [a.filename for a in attachments.of_contract(ctx, contract_id)] == ["signed.pdf"]
    with pytest.raises(NotFound), files.unit(people["bob"]) as ctx:
        attachments.store(ctx, PDF, "x.pdf", contract_id=contract_id)
    with pytest.raises(NotFound), files.unit(people["bob"]) as ctx:
        attachments.store(ctx, PDF, "x.pdf", customer_id=acme)

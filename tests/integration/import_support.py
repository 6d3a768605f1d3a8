"""Shared by the import/export tests: a small team, files written in the encodings people send, row counts."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from core.context import CoreGateway
from core.models import Base, User
from core.services import customers
from tests.factories import acting, add_user


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def count(core: CoreGateway, model: type[Base]) -> int:
    with core.system() as system:
        return int(system.session.scalar(select(func.count()).select_from(model)) or 0)


class Team:
    """Alice and Bob (reps, East; Bob speaks Chinese), Mia (East's manager), Carol (rep, West), Root (admin),
    Fay (finance). Alice owns Acme Corp; Carol owns 环球贸易有限公司."""

    def __init__(self, core: CoreGateway) -> None:
        self.alice = add_user(core, "Alice")
        self.bob = add_user(core, "Bob", lang="zh")
        self.mia = add_user(core, "Mia", role="manager")
        self.carol = add_user(core, "Carol", team="West")
        self.root = add_user(core, "Root", role="admin", team=None)
        self.fay = add_user(core, "Fay", role="finance", team=None)
        with acting(core, self.alice) as ctx:
            self.acme = customers.create(ctx, "Acme Corp", city="Shanghai").id
        with acting(core, self.carol) as ctx:
            self.globex = customers.create(ctx, "环球贸易有限公司", industry="物流").id

    def user(self, name: str) -> User:
        return {"Alice": self.alice, "Bob": self.bob, "Mia": self.mia, "Carol": self.carol, "Root": self.root,
                "Fay": self.fay}[name]


@pytest.fixture
def team(core: CoreGateway) -> Team:
    return Team(core)


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SALESBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("SALESBOT_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # no stray .env
    return CliRunner()

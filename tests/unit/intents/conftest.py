"""Fixtures for the intent layer: the corpus clock (Wed 25 Nov 2026, 10:00 Shanghai) and known customers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.intents.base import ParseContext, Parsed
from bot.intents.registry import REGISTRY
from bot.intents.rules import RuleParser

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TZ = "Asia/Shanghai"
DATA = Path(__file__).resolve().parents[2] / "data" / "nlu"
DEV = Path(__file__).resolve().parent / "data"


def names_from(path: Path) -> tuple[str, ...]:
    return tuple(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@pytest.fixture(scope="session")
def dev_customers() -> tuple[str, ...]:
    return names_from(DEV / "dev_customers.txt")


@pytest.fixture(scope="session")
def context(dev_customers: tuple[str, ...]) -> ParseContext:
    return ParseContext(now=NOW, timezone=TZ, customer_names=dev_customers)


@pytest.fixture(scope="session")
def rules() -> RuleParser:
    return RuleParser()


@pytest.fixture(scope="session")
def parse(rules: RuleParser, context: ParseContext) -> Callable[[str], Parsed]:
    return lambda text: rules.parse(text, context)


@pytest.fixture(scope="session")
def full_parse(context: ParseContext) -> Callable[[str], Parsed]:
    """The full contract: every written spec, registered or not (`salesbot parse --all-intents`)."""
    parser = RuleParser(REGISTRY.all())
    return lambda text: parser.parse(text, context)

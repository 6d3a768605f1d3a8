"""Finding known customers in text, and resolving what was found: exact is identity, the rest a guess."""

from __future__ import annotations

import pytest

from bot.intents.evaluation import customer_index
from bot.intents.lexers.dates import find_dates
from bot.intents.resolve import CustomerIndex
from bot.intents.rules.mentions import CustomerSpotter
from core.services.customers import CustomerName

from .conftest import NOW, TZ

NAMES = ("Acme Corp", "Globex Inc", "Northwind Traders Ltd", "Blue Yonder Airlines", "Wide World Importers",
         "星辰科技有限公司", "蓝海物流", "华东电力集团", "宏达汽车零部件有限公司", "天和农业", "盛世传媒")


@pytest.fixture(scope="module")
def spotter() -> CustomerSpotter:
    return CustomerSpotter(NAMES)


@pytest.fixture(scope="module")
def index() -> CustomerIndex:
    return customer_index(NAMES)


@pytest.mark.parametrize(("text", "mention", "name", "exact"), [
    ("visited acme today", "acme", "Acme Corp", True),
    ("ACME Corp. signed", "ACME Corp", "Acme Corp", True),
    ("spoke to blue yonder's CFO", "blue yonder", "Blue Yonder Airlines", False),
    ("pipeline for northwind", "northwind", "Northwind Traders Ltd", False),
    ("acem follow up call", "acem", "Acme Corp", False),
    ("globx visit", "globx", "Globex Inc", False),
    ("给蓝海物流打了电话", "蓝海物流", "蓝海物流", True),
    ("星辰科技有限公司的单子", "星辰科技有限公司", "星辰科技有限公司", True),
    ("今天和星尘科技王总开会", "星尘科技", "星辰科技有限公司", False),
    ("宏达汽配微信说", "宏达汽", "宏达汽车零部件有限公司", False),
    ("Globex的王总", "Globex", "Globex Inc", True),
])
def test_spotting(spotter: CustomerSpotter, text: str, mention: str, name: str, exact: bool) -> None:
    dates = [(d.start, d.end) for d in find_dates(text, NOW, TZ)]  # as the parser does: dates are not names
    found = spotter.spot(text, blocked=dates)
    assert [(m.text, m.name, m.exact) for m in found] == [(mention, name, exact)]


@pytest.mark.parametrize("text", ["they came back with questions", "a massive deal with wide appeal",
                                  "the sun is out", "how wide is the world"])
def test_ordinary_words_are_not_customers(spotter: CustomerSpotter, text: str) -> None:
    assert spotter.spot(text) == []


def test_dates_block_overlapping_prefixes(spotter: CustomerSpotter) -> None:
    # "前天和盛世传媒开会": 天和 belongs to 前天 (a date), so only 盛世传媒 is a customer.
    text = "前天和盛世传媒开会"
    found = spotter.spot(text, blocked=[(0, 2)])
    assert [m.name for m in found] == ["盛世传媒"]


@pytest.mark.parametrize(("query", "best", "exact"), [
    ("acme", "Acme Corp", True), ("ACME corp.", "Acme Corp", True), ("acem", "Acme Corp", False),
    ("northwind", "Northwind Traders Ltd", False), ("星辰", "星辰科技有限公司", False),
    ("星尘科技", "星辰科技有限公司", False), ("兰海物流", "蓝海物流", False), ("蓝海物流", "蓝海物流", True),
])
def test_resolution_best_and_exact(index: CustomerIndex, query: str, best: str, exact: bool) -> None:
    resolution = index.resolve(query)
    assert resolution.best is not None and resolution.best.name == best
    assert (resolution.exact is not None) is exact


def test_two_close_candidates_have_no_best() -> None:
    index = CustomerIndex([CustomerName(1, "Acme Corp", ()), CustomerName(2, "Acme Labs", ())])
    resolution = index.resolve("acme l")
    assert len(resolution.matches) >= 1
    twins = CustomerIndex([CustomerName(1, "Apex One", ()), CustomerName(2, "Apex Two", ())])
    assert twins.resolve("apex").best is None


def test_aliases_resolve_exactly() -> None:
    index = CustomerIndex([CustomerName(7, "International Business Machines", ("IBM",))])
    assert index.resolve("ibm").exact is not None

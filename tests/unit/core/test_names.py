from __future__ import annotations

import pytest

from core.names import loose_key, name_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme Corp.", "acme"),
        ("ACME Corporation Ltd", "Acme"),
        ("Initech, Inc.", "initech"),
        ("星辰科技有限公司", "星辰科技"),
        ("华东电力集团", "华东电力"),
        ("North Wind Traders", "Northwind Traders Ltd"),
        ("ＡＣＭＥ", "acme"),  # full-width letters typed on a Chinese keyboard
    ],
)
def test_the_same_company_has_the_same_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_different_companies_keep_different_keys() -> None:
    assert name_key("Acme Logistics") != name_key("Acme")
    assert name_key("Co") == "co"  # a name that is only a suffix is kept, not emptied


def test_loose_key_keeps_suffix_words() -> None:
    assert loose_key("Call Acme Group!") == "callacmegroup"

"""SALESBOT_PUBLIC_URL: the dashboard links' base — trimmed, no trailing slash, http(s) only; unset or blank = none."""

from __future__ import annotations

import pytest

from core.settings import ConfigError, CoreSettings, load_section


@pytest.mark.parametrize(("given", "kept"), [("https://sales.example.com/", "https://sales.example.com"),
                                             ("  http://10.0.0.5:8080  ", "http://10.0.0.5:8080"),
                                             ("", None)])
def test_public_url_is_normalised(given: str, kept: str | None) -> None:
    assert load_section(CoreSettings, env_file=None, public_url=given).public_url == kept


def test_unset_means_no_dashboard_links() -> None:
    assert load_section(CoreSettings, env_file=None).public_url is None


@pytest.mark.parametrize("given", ["sales.example.com", "ftp://sales.example.com"])
def test_a_public_url_without_http_is_refused_naming_the_variable(given: str) -> None:
    with pytest.raises(ConfigError, match="SALESBOT_PUBLIC_URL"):
        load_section(CoreSettings, env_file=None, public_url=given)

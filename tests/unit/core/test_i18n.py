"""The message catalogue: every key in both languages, same placeholders, every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import bot  # noqa: F401 - importing a package registers its sentences
import notifications  # noqa: F401
from core.i18n import LANGS, catalogue, t
from core.i18n import format as fmt
from core.models import CHANNELS, CUSTOMER_STATUSES, STAGES

ROOT = Path(__file__).resolve().parents[3]
# h.t("key") and t(<language expression>, "key"): literal keys as the code writes them.
KEY_USE = re.compile(
    r"""(?:\bh\.t|\bt\((?:lang|language|self\.lang|user\.language|existing\.language)\s*,)\s*\(?\s*"([a-z_]+(?:\.[a-z0-9_]+)+)\""""
)
ERROR_KEY = re.compile(r"""["'](error\.[a-z_]+)["']""")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, entry in catalogue().items():
        assert set(entry) == set(LANGS), key
        assert all(entry[lang].strip() for lang in LANGS), key
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


def test_every_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for folder in ("core", "bot", "notifications"):
        for path in (ROOT / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            used |= set(KEY_USE.findall(source)) | set(ERROR_KEY.findall(source))
    assert len(used) > 80, "the scan should find the keys the handlers use"
    missing = sorted(key for key in used if key not in catalogue())
    assert not missing, missing


def test_enumerations_have_names_in_both_languages() -> None:
    for stage in STAGES:
        assert t("zh", f"stage.{stage}") != t("en", f"stage.{stage}")
    for channel in CHANNELS:
        assert t("zh", f"channel.{channel}")
    for status in CUSTOMER_STATUSES:
        assert t("en", f"customer_status.{status}")


def test_money_is_written_the_way_each_language_writes_it() -> None:
    from decimal import Decimal

    assert fmt.money(Decimal(500000), "CNY", "zh") == "50万元"
    assert fmt.money(Decimal(35000), "CNY", "zh") == "3.5万元"
    assert fmt.money(Decimal(8000), "CNY", "zh") == "¥8,000"
    assert fmt.money(Decimal(500000), "CNY", "en") == "¥500,000"
    assert fmt.money(Decimal("1200000.50"), "USD", "en") == "$1,200,000.50"
    assert fmt.money(Decimal(10), "CHF", "en") == "10 CHF"


def test_each_package_owns_its_sentences() -> None:
    """Core holds domain words, errors and what its services say; channel, speech and push texts live with
    the packages that send them."""
    core_files = {path.name for path in (ROOT / "core" / "i18n" / "messages").glob("*.toml")}
    assert core_files.isdisjoint({"slack.toml", "telegram.toml", "voice.toml", "cards.toml", "conversation.toml"})
    assert (ROOT / "bot" / "i18n" / "telegram.toml").exists()
    assert (ROOT / "notifications" / "i18n" / "notifications.toml").exists()
    assert catalogue()["telegram.not_yours"]["zh"] and catalogue()["digest.risk_none"]["en"]

"""The one message catalogue: every user-facing sentence exists in `en` and `zh`.

Messages live in TOML files next to this module, one per area; a leaf is a table with `en` and `zh`.
Files are read on first use, not at import.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("en", "zh")
_DIR = Path(__file__).parent / "messages"


class MissingMessage(KeyError):
    pass


@cache
def catalogue() -> dict[str, dict[str, str]]:
    messages: dict[str, dict[str, str]] = {}
    for path in sorted(_DIR.glob("*.toml")):
        with path.open("rb") as handle:
            _flatten(tomllib.load(handle), "", messages, path.name)
    return messages


def _flatten(node: dict[str, Any], prefix: str, out: dict[str, dict[str, str]], source: str) -> None:
    if set(node) == set(LANGS) and all(isinstance(node[lang], str) for lang in LANGS):
        if prefix in out:
            raise ValueError(f"message {prefix!r} defined twice ({source})")
        out[prefix] = {lang: node[lang] for lang in LANGS}
        return
    for key, value in node.items():
        if not isinstance(value, dict):
            raise ValueError(f"{source}: {prefix}.{key} must have exactly 'en' and 'zh' entries")
        _flatten(value, f"{prefix}.{key}" if prefix else key, out, source)


def t(lang: str, key: str, /, **params: Any) -> str:
    """The message `key` in `lang` (falls back to English for an unknown language) with params filled in."""
    entry = catalogue().get(key)
    if entry is None:
        raise MissingMessage(key)
    template = entry.get(lang) or entry["en"]
    return template.format(**params) if params else template


def has(key: str) -> bool:
    return key in catalogue()

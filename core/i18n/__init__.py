"""The one message catalogue: every user-facing sentence exists in `en` and `zh`.

Each package owns its sentences: core's are in `messages/` next to this module, and `bot` and `notifications`
register their own folders (`register`, from their package `__init__`) — core never names them. A leaf is a
table with `en` and `zh`; a key defined twice anywhere is an error. Files are read on first use, not at import.
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


_FOLDERS: list[Path] = [_DIR]


def register(folder: Path) -> None:
    """Add a package's message folder to the catalogue (idempotent; the catalogue is re-read on next use)."""
    if folder not in _FOLDERS:
        _FOLDERS.append(folder)
        catalogue.cache_clear()


@cache
def catalogue() -> dict[str, dict[str, str]]:
    messages: dict[str, dict[str, str]] = {}
    for folder in _FOLDERS:
        for path in sorted(folder.glob("*.toml")):
            with path.open("rb") as handle:
                _flatten(tomllib.load(handle), "", messages, f"{folder.parent.name}/{path.name}")
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

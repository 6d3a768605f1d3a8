"""Homophones: Chinese text is typed through a pinyin IME, so a slip in a name is usually a character that
sounds the same (启名星 for 启明星, 星尘 for 星辰, 华东电利 for 华东电力) — rarely one that merely differs.

`homophones.txt` holds the toneless reading of the 6,763 GB2312 characters (first reading only, generated
once with pypinyin; no run-time dependency). Loaded on first use, not at import time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_DATA = Path(__file__).with_name("homophones.txt")


@cache
def _readings() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        syllable, _, chars = line.partition(" ")
        for char in chars.strip():
            table.setdefault(char, syllable)
    return table


def reading(char: str) -> str | None:
    """The toneless pinyin of a common character ('扬' → 'yang'), None for others."""
    return _readings().get(char)


def sounds_alike(a: str, b: str) -> bool:
    """Two characters an IME could swap: the same toneless reading."""
    if a == b:
        return True
    first, second = reading(a), reading(b)
    return first is not None and first == second

"""Traditional Chinese read as simplified, so every pattern, cue and customer name written once in simplified form
also reads 拜訪了藍海物流 (Taiwan and Hong Kong keyboards, or a rep who prefers them).

OpenCC's t2s tables (the pure-Python port: no native build, ~10 µs a message) are loaded on the first Chinese
message, not at import. Cantonese date words are folded first (聽日 → 明日): t2s alone would make them 听日.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from bot.intents.lexers.hant import fold_cantonese_words


@cache
def _converter() -> Any:
    from opencc_purepy import OpenCC

    return OpenCC("t2s")


# Left as typed: 點 tells the date lexer the clock is Cantonese (三點三 is 3:15 there, see date_rules.py); it folds
# 點 to 点 itself, keeping that fact.
_KEPT = "點"


@cache
def _starters() -> frozenset[str] | None:
    """The characters t2s can start a replacement with (its tables' first characters): a text with none of them
    converts to itself, so it is not converted (the conversion costs more than the rest of normalising). None
    when the library's tables cannot be read (then every Chinese text is converted)."""
    try:
        refs = _converter()._get_dict_refs("t2s")
        tables = [table.merged_map for table in (refs.round_1, refs.round_2, refs.round_3) if table]
        return frozenset(key[0] for table in tables for key in table if key)
    except Exception:  # a private table layout we do not know: no shortcut
        return None


def to_simplified(text: str) -> str:
    text = fold_cantonese_words(text)
    starters = _starters()
    if starters is not None and starters.isdisjoint(text):
        return text
    if not any(ch in text for ch in _KEPT):
        return str(_converter().convert(text))
    # Convert the runs between kept characters (each run whole, for OpenCC's phrase tables).
    runs = re.split(f"([{_KEPT}])", text)
    return "".join(run if run in _KEPT else str(_converter().convert(run)) for run in runs if run)

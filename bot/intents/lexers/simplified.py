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


# Left as typed: 點 tells the date lexer the clock is Cantonese (三點三 is 3:15 there, see clock_rules.py); it folds
# 點 to 点 itself, keeping that fact.
_KEPT = "點"


def to_simplified(text: str) -> str:
    text = fold_cantonese_words(text)
    if not any(ch in text for ch in _KEPT):
        return str(_converter().convert(text))
    # Convert the runs between kept characters (each run whole, for OpenCC's phrase tables).
    runs = re.split(f"([{_KEPT}])", text)
    return "".join(run if run in _KEPT else str(_converter().convert(run)) for run in runs if run)

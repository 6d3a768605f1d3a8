"""The words and numbers date expressions are built from, shared by the day rules (`date_rules.py`) and the time-of-day
rules (`clock_rules.py`): regex fragments for weekdays, months, ordinals, counts and clock hours, and the helpers
that read a matched count, ordinal or year."""

from __future__ import annotations

import re
from datetime import date

from bot.intents.lexers.calendar import MONTHS_EN, WEEKDAYS_EN
from bot.intents.lexers.numbers import parse_number

WORD_START = r"(?<![A-Za-z0-9])"  # an English word start that also works next to Chinese characters
WORD_END = r"(?![A-Za-z])"
WEEKDAY_WORDS = "|".join(sorted(WEEKDAYS_EN, key=len, reverse=True))
MONTH_WORDS = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
AFTER_DAY_OF_MONTH = (r"(?:at|by|of|or|and|to|in|on|for|then|pls|please|morning|afternoon|evening|night|eod|am|pm|with|"
             r"is|was|works|latest|the latest|would|will|should|if|as|so|but|ok|okay|too|also|we|i|they|it)\b")
CN_DIGITS = "〇零一二两三四五六七八九"
CN_SMALL = r"(?:\d{1,2}|[一二两三四五六七八九十廿卅]{1,3})"
CN_COUNT = r"(?:\d{1,3}|[一二两三四五六七八九十百]{1,4}|几)"
EN_WORD_COUNT = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                  r"sixteen|eighteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety")
EN_COUNT = (rf"(?:[13]/4 of an?|1/2 an?|a pair of|[13]/4|1/2|three[- ]quarters of an?|a quarter of an?|"
             rf"\d{{1,3}}(?:\.\d)?|a couple of|couple of|a couple|a few|few|several|half an?|a half|an?|"
             rf"{EN_WORD_COUNT})")
ORDINALS_EN: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
for _unit, _n in list(ORDINALS_EN.items())[:9]:
    ORDINALS_EN[f"twenty-{_unit}"] = 20 + _n
    ORDINALS_EN[f"twenty {_unit}"] = 20 + _n
ORDINALS_EN["thirty-first"] = ORDINALS_EN["thirty first"] = 31
ORDINAL_WORDS = "|".join(sorted(ORDINALS_EN, key=len, reverse=True))
ORDINAL = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{ORDINAL_WORDS})"
HOURS_EN: dict[str, int] = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
HOUR_WORDS = "|".join(sorted(HOURS_EN, key=len, reverse=True))
AMPM = r"(?:a\.m\.?|p\.m\.?|am|pm|a\s?m|p\s?m|(?<=\d)[ap]\.?)(?![a-z])"
RELATIVE_MONTH = r"(?:the )?(?:next|this|current|coming|following|last|previous|past) month|(?:the )?month"




def count(token: str) -> int | None:
    token = token.strip().lower()
    if token in ("a", "an", "one"):
        return 1
    if token in ("a couple of", "couple of", "a couple", "a pair of"):
        return 2
    if token in ("a few", "few", "几", "several"):
        return 3
    if token == "半":
        return None
    if token[:1] in ("廿", "卅"):  # 廿號 = the 20th, 卅 = 30
        token = ("二十" if token[0] == "廿" else "三十") + token[1:]
    value = parse_number(token)
    return int(value) if value is not None and value == int(value) and 0 <= value < 1000 else None


def amount(token: str) -> float | None:
    """A count that may be fractional: "half an" (0.5), "1.5", 半, 三."""
    token = token.strip().lower()
    if token in ("half a", "half an", "a half", "半") or token.startswith("1/2"):
        return 0.5
    if token.startswith(("1/4", "a quarter")):
        return 0.25
    if token.startswith(("3/4", "three-quarter", "three quarter")):
        return 0.75
    if re.fullmatch(r"\d{1,3}\.\d", token):
        return float(token)
    whole = count(token)
    return float(whole) if whole is not None else None


def ordinal(token: str) -> int | None:
    token = token.strip().lower()
    if token in ORDINALS_EN:
        return ORDINALS_EN[token]
    digits = re.match(r"\d{1,2}", token)
    return int(digits.group()) if digits else None


def year_of(token: str | None, today: date) -> int | None:
    """2027, 27, 二〇二七, 明年, 今年, 去年."""
    if not token:
        return None
    relative = {"今年": 0, "明年": 1, "后年": 2, "去年": -1, "前年": -2}
    if token in relative:
        return today.year + relative[token]
    if token.isdigit():
        year = int(token)
        return year + 2000 if year < 100 else year
    if all(ch in CN_DIGITS for ch in token):
        digits = token.replace("两", "二").replace("零", "〇")
        year = int("".join(str("〇一二三四五六七八九".index(ch)) for ch in digits))
        return year + 2000 if year < 100 else year
    return None


def month_offset(phrase: str) -> int:
    phrase = phrase.lower()
    if re.search(r"next|following|coming|下", phrase):
        return 1
    if re.search(r"last|previous|past|上", phrase):
        return -1
    return 0

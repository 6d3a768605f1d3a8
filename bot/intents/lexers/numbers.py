"""Numbers as people type them: 1,200 · 3.5 · three · 三十 · 一百二十万 · 九万五 (95,000) · 8万4 · 两个半.

Chinese numerals need our own code: no maintained library handles the colloquial forms sales reps type
("九万五" means 95,000, "一百五" means 150, "两" is 2), mixed with Arabic digits ("3.5万", "12.8万").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}

CN_NUM_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "".join(CN_BIG)
# A Chinese numeral run, possibly starting with Arabic digits ("3.5万", "8万4", "12万5千").
CN_NUMBER = rf"(?:\d{{1,15}}(?:\.\d{{1,6}})?[{CN_NUM_CHARS}]{{0,12}}|[{CN_NUM_CHARS}]{{1,16}})(?:\d(?!\d))?"

EN_SMALL: dict[str, int | Decimal] = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a couple of": 2, "couple of": 2, "a couple": 2, "a few": 3, "several": 3, "half a": Decimal("0.5"),
    "half an": Decimal("0.5"), "half": Decimal("0.5"), "a half": Decimal("0.5"),
}
EN_WORD_NUMBER = (
    r"(?:a couple of|couple of|a couple|a few|half an?|a half|(?:twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|{EN_WORD_NUMBER})"

_EN_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_EN_UNIT_WORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|"
                 r"seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                 r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)")
# A spelled-out number with scales: "three hundred and fifty thousand", "twelve hundred", "a hundred", "forty-two".
EN_WORDS_NUMBER = (rf"(?:(?:an?|{_EN_UNIT_WORD})(?:[ -](?:hundred|thousand|million|billion))+"
                   rf"(?:(?: and | |-){_EN_UNIT_WORD}(?:[ -](?:hundred|thousand|million|billion))*)*|{_EN_UNIT_WORD})")


def parse_en_number(token: str) -> Decimal | None:
    """'1,200.5', 'twenty-five', 'half a' → Decimal; None when it is not a number."""
    token = token.strip().lower()
    if not token:
        return None
    if token[0].isdigit() or token[0] == ".":
        try:
            return Decimal(token.replace(",", ""))
        except InvalidOperation:
            return None
    if token in EN_SMALL:
        return Decimal(EN_SMALL[token])
    parts = re.split(r"[- ]", token)
    if len(parts) == 2 and parts[0] in EN_SMALL and parts[1] in EN_SMALL:
        return Decimal(EN_SMALL[parts[0]]) + Decimal(EN_SMALL[parts[1]])
    return None


def parse_en_words(text: str) -> Decimal | None:
    """'three hundred and fifty thousand' → 350000, 'twelve hundred' → 1200, 'a hundred' → 100, 'forty-two' → 42."""
    tokens = [t for t in re.split(r"[\s-]+", text.strip().lower()) if t and t != "and"]
    if not tokens:
        return None
    total, current = 0, 0
    for token in tokens:
        if token in ("a", "an"):
            current += 1
        elif token in _EN_SCALES:
            scale = _EN_SCALES[token]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        elif token in EN_SMALL and isinstance(EN_SMALL[token], int):
            current += int(EN_SMALL[token])
        else:
            return None
    return Decimal(total + current)


def _section(text: str) -> Decimal | None:
    """A numeral below 10,000: 三千五百二十, 一百五 (=150), 十二, 两千, 3.5, 五."""
    if not text:
        return Decimal(0)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    total = Decimal(0)
    digit: Decimal | None = None
    last_unit = 1
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isdigit():
            match = re.match(r"\d+(?:\.\d+)?", text[i:])
            assert match is not None
            digit = Decimal(match.group())
            i += len(match.group())
            continue
        if ch in CN_DIGITS:
            digit = Decimal(CN_DIGITS[ch])
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            total += (digit if digit is not None else Decimal(1)) * unit
            digit = None
            last_unit = unit
        else:
            return None
        i += 1
    if digit is not None:
        # "一百五" = 150 and "三千五" = 3500: a trailing bare digit counts in the next lower unit,
        # unless a 零 came before it ("一百零五" = 105).
        if last_unit >= 100 and "零" not in text and "〇" not in text:
            total += digit * (last_unit // 10)
        else:
            total += digit
    return total


def parse_cn_number(text: str) -> Decimal | None:
    """'一百二十万' → 1200000, '九万五' → 95000, '3.5万' → 35000, '8万4' → 84000, '两' → 2, '1.2亿' → 120000000."""
    text = text.strip()
    if not text or len(text) > 24:
        return None  # no amount is written with that many numerals; also bounds the recursion below
    if all(ch in CN_DIGITS for ch in text) and len(text) > 1:
        # Digit-by-digit reading ("二零二六") is a code or a year, not a quantity we can trust.
        return Decimal("".join(str(CN_DIGITS[ch]) for ch in text))
    for big_char, big in (("亿", 100_000_000), ("万", 10_000), ("萬", 10_000)):
        if big_char in text:
            head, _, tail = text.partition(big_char)
            head_value = parse_cn_number(head) if head else Decimal(1)
            if head_value is None:
                return None
            tail_value: Decimal | None
            if len(tail) == 1 and (tail in CN_DIGITS or tail.isdigit()):
                # "九万五" = 95,000 and "8万4" = 84,000: a lone digit after 万 means thousands.
                tail_value = Decimal(CN_DIGITS[tail] if tail in CN_DIGITS else int(tail)) * (big // 10)
            else:
                tail_value = parse_cn_number(tail) if tail else Decimal(0)
            if tail_value is None:
                return None
            return head_value * big + tail_value
    return _section(text)


def parse_number(token: str) -> Decimal | None:
    """Any of the forms above."""
    token = token.strip()
    if not token:
        return None
    if any(ch in CN_NUM_CHARS for ch in token):
        return parse_cn_number(token.replace(",", ""))
    return parse_en_number(token)

"""Reading a payment plan as people write it: "30/60/10", "30%/60%/10%", "首付30% 中期60% 尾款10%",
"100k on signing, 400k on go-live", "30% on 2027-03-01, 70% on acceptance".

Pure text → installments (no database): each part is a percent or an amount, with an optional label (what it is
for: "首付", "signing") and an optional due (a date, or the name of a milestone the service looks up). Percents
must sum to 100, amounts to the contract's amount; the amounts are rounded to the cent and the last installment
takes the remainder, so the parts always add up to the whole exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import pairwise

from core.errors import InvalidInput

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_MULTIPLIERS = {"k": Decimal(1000), "K": Decimal(1000), "千": Decimal(1000), "w": Decimal(10000),
                "W": Decimal(10000), "万": Decimal(10000), "m": Decimal(1000000), "M": Decimal(1000000),
                "百万": Decimal(1000000), "亿": Decimal(100000000)}
# One part's value: a number with an optional percent sign or size word ("30%", "100k", "20万", "1,000,000").
_VALUE = re.compile(
    r"(?<![\d.\-])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>%|％|百万|万|千|亿|[kKmMwW](?![A-Za-z])|元|块)?(?![\d\-.年月])")
_DATE = re.compile(r"(?P<y>\d{4})\s*(?:[-.]|年)\s*(?P<m>\d{1,2})\s*(?:[-.]|月)\s*(?P<d>\d{1,2})\s*日?")
# Between parts: slashes, commas, semicolons, "and", line breaks (a slash inside a date is not supported).
_SEPARATORS = re.compile(r"\s*(?:[/,，;；、+\n]|\band\b|\bthen\b|然后|再)\s*", re.IGNORECASE)
# Words that join a value to its due or label, not part of either.
_FILLER = re.compile(r"^(?:(?:on|upon|at|after|by|due|when|for|of|in|the|paid|payable)\b\s*)+|"
                     r"^(?:在|于|按|到|为|是|支付|的)+|(?:时|时支付|时付款|时付)$", re.IGNORECASE)


@dataclass(frozen=True)
class PlannedInstallment:
    seq: int
    label: str | None
    percent: Decimal | None
    amount: Decimal
    due_on: date | None
    # A name the due hangs on when it is no date ("go-live", "验收"): the service matches it to a milestone.
    due_event: str | None


@dataclass(frozen=True)
class _Part:
    value: Decimal
    kind: str  # "percent" | "amount" | "bare"
    label: str | None
    due_on: date | None
    due_event: str | None


def _number(text: str, unit: str | None) -> Decimal:
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise InvalidInput("plan.unreadable", text=text) from exc
    return number * _MULTIPLIERS.get(unit or "", Decimal(1))


def _date(match: re.Match[str]) -> date:
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError as exc:
        raise InvalidInput("plan.bad_date", text=match.group(0)) from exc


def _clean(words: str) -> str | None:
    words = words.strip(" \t:：-–—()（）")
    for _ in range(3):
        words = _FILLER.sub("", words).strip(" \t:：-–—()（）")
    return words or None


def _part(piece: str) -> _Part:
    found = _DATE.search(piece)
    due_on = _date(found) if found else None
    rest = piece[:found.start()] + " " + piece[found.end():] if found else piece
    values = list(_VALUE.finditer(rest))
    if len(values) != 1:
        raise InvalidInput("plan.unreadable", text=piece.strip())
    value = values[0]
    unit = value["unit"]
    kind = "percent" if unit in ("%", "％") else "amount" if unit else "bare"
    number = _number(value["num"], None if kind == "percent" else unit)
    before, after = _clean(rest[:value.start()]), _clean(rest[value.end():])
    # "首付30%": the words before name it; "30% on go-live": the words after say when it is due.
    label = before or (after if due_on is None else None)
    event = after if due_on is None and after else None
    if event is None and before and due_on is None and not after:
        event = before
    return _Part(number, kind, label, due_on, event)


def _pieces(text: str) -> list[str]:
    pieces = [p for p in _SEPARATORS.split(text.strip()) if p and p.strip()]
    out: list[str] = []
    for piece in pieces:
        values = [m for m in _VALUE.finditer(_DATE.sub(" ", piece))]
        if len(values) > 1:
            # Parts set apart by spaces only ("首付30% 中期60% 尾款10%", "30% on signing 70% on go-live"): each
            # part starts at the last space before its value, so its label and due stay with it.
            cuts = [0]
            for previous, value in pairwise(values):
                space = piece.rfind(" ", previous.end(), value.start())
                if space < 0:
                    raise InvalidInput("plan.unreadable", text=piece.strip())
                cuts.append(space)
            cuts.append(len(piece))
            out.extend(piece[a:b].strip() for a, b in pairwise(cuts) if piece[a:b].strip())
        else:
            out.append(piece)
    return out


def split_amounts(total: Decimal, percents: list[Decimal]) -> list[Decimal]:
    """Each percent of `total`, to the cent (half up); the last takes the remainder, so they sum to `total`."""
    amounts = [(total * p / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP) for p in percents[:-1]]
    return [*amounts, total - sum(amounts, Decimal(0))]


def parse_plan(text: str, total: Decimal) -> list[PlannedInstallment]:
    """The installments `text` describes for a contract of `total` (refused with a clear reason otherwise)."""
    if not text or not text.strip():
        raise InvalidInput("plan.empty")
    if total <= 0:
        raise InvalidInput("plan.no_total")
    parts = [_part(piece) for piece in _pieces(text)]
    kinds = {p.kind for p in parts}
    if any(p.value <= 0 for p in parts):
        raise InvalidInput("plan.not_positive")
    if kinds == {"bare"}:
        # "30/60/10" are percents; bare numbers adding up to the contract's amount are amounts.
        as_amounts = sum((p.value for p in parts), Decimal(0)) == total
        kinds = {"amount"} if as_amounts else {"percent"}
    elif "bare" in kinds:
        kinds = (kinds - {"bare"}) or kinds  # "30%/60/10": the bare ones follow the marked ones
    if len(kinds) != 1:
        raise InvalidInput("plan.mixed")
    percent = kinds == {"percent"}
    values = [p.value for p in parts]
    summed = sum(values, Decimal(0))
    if percent:
        if summed != HUNDRED:
            raise InvalidInput("plan.percent_sum", total=_plain(summed))
        amounts = split_amounts(total, values)
    else:
        amounts = [v.quantize(CENT, rounding=ROUND_HALF_UP) for v in values]
        if sum(amounts, Decimal(0)) != total.quantize(CENT):
            raise InvalidInput("plan.amount_sum", total=_plain(sum(amounts, Decimal(0))), expected=_plain(total))
    return [PlannedInstallment(seq=i, label=p.label, percent=p.value if percent else None, amount=a,
                               due_on=p.due_on, due_event=p.due_event)
            for i, (p, a) in enumerate(zip(parts, amounts, strict=True), start=1)]


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")

"""Slots of the money intents of my own: which installment an invoice is for, overdue-only receivables, and the
customer whose project margin is asked about."""

from __future__ import annotations

import re

from bot.intents.rules.features import Features
from bot.intents.rules.slots_common import Slots, amount_slots, customer_slot

_F = re.IGNORECASE
_L, _R = r"(?<![A-Za-z])", r"(?![A-Za-z])"
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "fifth": 5, "5th": 5, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "1": 1, "2": 2, "3": 3, "4": 4,
             "5": 5}
_NTH = re.compile(rf"{_L}(?P<en>first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+(?:installment|payment|"
                  rf"tranche|milestone payment|part){_R}|第(?P<zh>[一二三四五1-5])(?:期|笔|次)", _F)
_LAST = re.compile(rf"{_L}(?:last|final)\s+(?:installment|payment|tranche|part){_R}|尾款|最后一期", _F)
_NEXT = re.compile(rf"{_L}next\s+(?:installment|payment|tranche|part){_R}|下一期", _F)
_FIRST_ZH = re.compile(r"首付|首期|预付款")
_OVERDUE = re.compile(rf"{_L}(?:overdue|late|past due|behind){_R}|逾期|超期|拖欠|过期", _F)
_TAX = re.compile(r"(?P<rate>\d{1,2}(?:\.\d+)?)\s*[%％]\s*(?:vat|tax)|"
                  r"(?:vat|tax|税率|税)\D{0,4}(?P<rate2>\d{1,2}(?:\.\d+)?)\s*[%％]", _F)


def installment_ref(f: Features) -> str | None:
    """Which installment: "1".."5", "last" or "next" (None: the next one not invoiced)."""
    nth = _NTH.search(f.text)
    if nth is not None:
        return str(_ORDINALS[(nth.group("en") or nth.group("zh")).casefold()])
    if _LAST.search(f.text):
        return "last"
    if _FIRST_ZH.search(f.text):
        return "1"
    if _NEXT.search(f.text):
        return "next"
    return None


def create_invoice(f: Features) -> Slots:
    slots: Slots = dict(customer_slot(f, guess=True))
    which = installment_ref(f)
    if which is not None:
        slots["installment"] = which
    tax = _TAX.search(f.text)
    if tax is not None:
        slots["tax_rate"] = float(tax.group("rate") or tax.group("rate2"))
    elif which is None:
        slots.update(amount_slots(f))
    return slots


def query_receivables(f: Features) -> Slots:
    slots: Slots = dict(customer_slot(f, guess=True))
    if _OVERDUE.search(f.text):
        slots["overdue"] = True
    return slots


def query_margin(f: Features) -> Slots:
    return customer_slot(f, guess=True)


# "海尔回款2万": a name the directory does not know, said before the payment word, still names the customer
# (so an unknown customer is answered as unknown, never replaced by the one talked about before).
_ZH_PAYER = re.compile(r"^\s*(?P<name>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9&·]{1,19}?)(?:的|那边|这边)?"
                       r"(?:今天|昨天|前天|刚才|刚刚|上周|已经)?(?:回款|打款|付款|付了|汇款|转账|转了|打了|到账)")
_ZH_RECEIVED_FROM = re.compile(r"^\s*(?:今天|昨天|前天|刚才|刚刚)?收到(?:了)?"
                               r"(?P<name>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z&·]{1,19}?)(?:的|那边)?(?:回款|款|打来的|转来的)?\s*[\d一二三四五六七八九十两¥￥]")
_NOT_A_PAYER = re.compile(r"^(?:款|钱|一笔|他们|他|她|客户|对方|今天|昨天|前天|刚才|刚刚|已经|收到|我们|这笔|"
                          r"那笔|首付|尾款|中期|第.期|帮我|登记|记一下|记录)")


def record_payment(f: Features) -> Slots:
    from bot.intents.rules import slots_deals

    slots = slots_deals.record_payment(f)
    if "customer" not in slots and f.cjk:
        payer = _ZH_PAYER.search(f.text) or _ZH_RECEIVED_FROM.search(f.text)
        if payer is not None and not _NOT_A_PAYER.match(payer.group("name")):
            slots["customer"] = payer.group("name")
    return slots


# A payment plan in a contract message: after "plan:", 付款方式：, 分期：…; or shares that add up to 100
# ("30/60/10", "30%/60%/10%", "首付30% 中期60% 尾款10%"). Read by core's plan parser when the card is confirmed.
_PLAN_AFTER = re.compile(rf"{_L}(?:payment plan|payment terms|installments|plan|paid in|pay(?:able)? in)\s*[:：]?\s*"
                         r"(?P<a>\S.*)$|(?:付款方式|付款计划|分期|回款计划|付款节点)\s*[:：]?\s*(?P<b>\S.*)$", _F)
_SHARES = re.compile(r"(?<![\d./])\d{1,3}\s*[%％]?(?:\s*/\s*\d{1,3}\s*[%％]?){1,5}(?![\d/])")
_ZH_LABEL = re.compile(r"[\u4e00-\u9fff]{1,4}\s*$")  # 首付 in 首付30%


def payment_plan(f: Features) -> tuple[int, str] | None:
    """Where the plan starts in the text, and the plan as written."""
    after = _PLAN_AFTER.search(f.text)
    if after is not None:
        return after.start(), (after.group("a") or after.group("b")).strip(" .。")
    for shares in _SHARES.finditer(f.text):
        numbers = [int(n) for n in re.findall(r"\d+", shares.group())]
        if sum(numbers) == 100:
            return shares.start(), shares.group().strip()
    percents = [m for m in re.finditer(r"(\d{1,3})\s*[%％]", f.text)]
    if len(percents) >= 2 and sum(int(m.group(1)) for m in percents) == 100:
        start = percents[0].start()
        label = _ZH_LABEL.search(f.text[:start])
        if label is not None:
            start = label.start()
        return start, f.text[start:].strip(" .。")
    return None

"""Reading a correction in the edit step: any field the card shows, phrased the way people write it.

"probability 60%", "close end of feb", "金额改成80万", "customer Globex", "follow up Monday", "next step send the
deck", "阶段 谈判", or just "600k" / "60%" / "next Friday": a label (English or Chinese) names the field, and
the lexers read its value; without a label the value's kind decides (money → amount, a percentage → the
probability, a stage word → the stage, a date → the card's main date). Only fields the pending command has are
changed.
"""

from __future__ import annotations

import re
from typing import Any

from bot.intents.base import ParseContext
from bot.intents.lexers.amounts import find_amount
from bot.intents.lexers.dates import find_date
from bot.intents.lexers.quantities import find_emails, find_percents, find_phones
from bot.intents.lexers.vocab import find_channel, find_stage
from bot.intents.rules.text import tidy
from bot.intents.schema import Command

_F = re.IGNORECASE
_SET = r"(?:\s*(?:is|to|=|:|：|改成|改为|改到|调到|调成|变成|换成|为|是|到)\s*)?"
# Field labels people type, English and Chinese; the value follows.
LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (slot, re.compile(rf"^\s*(?:the\s+)?(?:{words}){_SET}(?P<v>.*)$", _F)) for slot, words in (
        ("probability", r"probability|prob|likelihood|chance|odds|win probability|成交概率|赢单概率|概率|把握|"
                        r"可能性|胜算"),
        ("close_date", r"close date|closing date|expected close|close by|close|closing|closes|签约时间|签约日期|"
                       r"成交时间|成交日期|预计签约|预计成交|签约|成交"),
        ("amount", r"amount|value|deal size|budget|price|worth|金额|预算|合同额|总价|报价|价格"),
        ("currency", r"currency|币种|货币"),
        ("stage", r"stage|phase|status|阶段|状态"),
        ("follow_up", r"follow[- ]?up(?: on| by)?|remind me|next contact|跟进|回访|下次跟进"),
        ("due", r"due(?: on| by)?|deadline|截止(?:时间|日期)?|到期"),
        ("date", r"date|when|happened|日期|时间"),
        ("customer", r"customer|client|account|company|客户|公司"),
        ("contact", r"contact|person|met|with|联系人|对接人"),
        ("title", r"title|name|deal name|标题|名称|商机名称|项目名称"),
        ("next_step", r"next step|下一步"),
        ("summary", r"summary|notes?|gist|摘要|内容|备注"),
        ("task", r"task|to-?do|待办|任务"),
        ("email", r"e-?mail|邮箱"),
        ("phone", r"phone|mobile|tel|cell|电话|手机"),
        ("channel", r"channel|type|方式|类型"),
        ("industry", r"industry|sector|行业"),
        ("city", r"city|location|城市|地点"),
        ("name", r"name|company name|名称|名字|客户名称"),
    )
)
# Which date the card means by a bare date, per command (the first one it has).
_MAIN_DATE = ("close_date", "due", "follow_up", "date")


def read_correction(command: Command, text: str, context: ParseContext) -> dict[str, Any]:
    """The fields the correction changes, with their new values (empty when none could be read)."""
    fields = set(type(command).model_fields) - {"intent", "refers_to_context"}
    for slot, label in LABELS:
        if slot not in fields:
            continue
        match = label.match(text)
        if match is not None and match.group("v").strip():
            value = _value(slot, match.group("v").strip(), context)
            if value:
                return value
    return _unlabelled(fields, text, context)


def _value(slot: str, raw: str, context: ParseContext) -> dict[str, Any]:
    if slot == "amount":
        amount = find_amount(raw)
        if amount is None:
            return {}
        return {"amount": amount.value, **({"currency": amount.currency} if amount.currency else {})}
    if slot in ("probability",):
        percents = find_percents(raw) or find_percents(raw + "%")
        return {slot: percents[0].value} if percents else {}
    if slot in ("close_date", "due", "follow_up", "date"):
        found = find_date(raw, context.now, context.timezone, past=slot == "date")
        return {slot: found.value} if found is not None else {}
    if slot == "stage":
        stage = find_stage(raw)
        return {"stage": stage.value} if stage is not None else {}
    if slot == "channel":
        channel = find_channel(raw)
        return {"channel": channel.value} if channel is not None else {}
    if slot == "currency":
        code = raw.strip().upper()
        return {"currency": code} if re.fullmatch(r"[A-Z]{3}", code) else {}
    if slot == "email":
        emails = find_emails(raw)
        return {"email": emails[0].value} if emails else {}
    if slot == "phone":
        phones = find_phones(raw)
        return {"phone": phones[0].value} if phones else {}
    value = tidy(raw, light=True)
    return {slot: value} if value else {}


def _unlabelled(fields: set[str], text: str, context: ParseContext) -> dict[str, Any]:
    """A value alone: its kind says which field it is."""
    if "probability" in fields:
        percents = find_percents(text)
        if percents:
            return {"probability": percents[0].value}
    if "stage" in fields:
        stage = find_stage(text)
        if stage is not None:
            return {"stage": stage.value}
    if "amount" in fields:
        amount = find_amount(text)
        if amount is not None:
            return {"amount": amount.value, **({"currency": amount.currency} if amount.currency else {})}
    date_slot = next((slot for slot in _MAIN_DATE if slot in fields), None)
    if date_slot is not None:
        found = find_date(text, context.now, context.timezone, past=date_slot == "date")
        if found is not None:
            return {date_slot: found.value}
    return {}

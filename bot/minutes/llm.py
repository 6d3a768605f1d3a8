"""Minutes through any LangChain chat model (tool calling), with the prompt in prompts/minutes_<lang>.md.

The model fills plain strings; dates, amounts and the stage are then checked here (a relative date the model
left as words goes through the same date lexer as text). LangChain is never imported by this module: the chat
model object arrives ready-made from the caller.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from string import Template
from typing import Any, get_args
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, ValidationError

import prompts
from bot.intents.lexers.amounts import find_amount
from bot.intents.lexers.dates import find_date
from bot.intents.rules.mentions import spotter_for
from bot.minutes.model import ActionItem, CrmChanges, Minutes, MinutesContext, When
from core.models.deals import STAGES, Stage

log = logging.getLogger(__name__)

MAX_TRANSCRIPT_CHARS = 24_000
MAX_NAMES = 60
_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
}


class DraftActionItem(BaseModel):
    text: str
    owner: str | None = None
    due: str | None = None


class MeetingMinutes(BaseModel):
    """Structured minutes of a sales meeting (the tool the model fills)."""

    customer: str | None = None
    title: str | None = None
    attendees: list[str] = Field(default_factory=list)
    summary: str = ""
    decisions: list[str] = Field(default_factory=list)
    action_items: list[DraftActionItem] = Field(default_factory=list)
    risks: list[str] = Field(default_factory=list)
    next_step: str | None = None
    next_step_date: str | None = None
    stage: str | None = None
    amount: str | None = None
    currency: str | None = None
    close_date: str | None = None
    new_contacts: list[str] = Field(default_factory=list)


class LLMMinutesError(Exception):
    """The model did not answer with usable minutes (timeout, provider error, invalid output)."""


def system_prompt(context: MinutesContext) -> str:
    language = "zh" if context.language == "zh" else "en"
    local = context.now.astimezone(ZoneInfo(context.timezone))
    none = "（无）" if language == "zh" else "(none)"
    return Template(prompts.load(f"minutes_{language}.md")).safe_substitute(
        today=local.date().isoformat(),
        weekday=_WEEKDAYS[language][local.weekday()],
        timezone=context.timezone,
        user=context.user_name or none,
        customers="; ".join(context.customer_names[:MAX_NAMES]) or none,
        contacts="; ".join(context.contact_names[:MAX_NAMES]) or none,
        stages=("、" if language == "zh" else ", ").join(STAGES),
    )


def extract_with_model(model: Any, transcript: str, context: MinutesContext, *, timeout: float) -> Minutes:
    structured = model.with_structured_output(MeetingMinutes, method="function_calling", include_raw=True)
    messages = [("system", system_prompt(context)),
                ("human", f"<transcript>\n{transcript[:MAX_TRANSCRIPT_CHARS]}\n</transcript>")]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="minutes-llm") as pool:
        future = pool.submit(structured.invoke, messages)
        try:
            result = future.result(timeout=timeout)
        except FutureTimeout as exc:
            raise LLMMinutesError(f"no answer within {timeout:.0f}s") from exc
        except Exception as exc:  # a provider outage must not lose the note: the caller falls back to rules
            raise LLMMinutesError(f"{type(exc).__name__}: {exc}") from exc
    draft = _draft(result)
    return to_minutes(draft, context)


def _draft(result: Any) -> MeetingMinutes:
    parsed = result.get("parsed") if isinstance(result, dict) else result
    if isinstance(parsed, MeetingMinutes):
        return parsed
    raw = result.get("raw") if isinstance(result, dict) else None
    calls = getattr(raw, "tool_calls", None) or []
    if calls:
        try:
            return MeetingMinutes.model_validate(calls[0].get("args") or {})
        except ValidationError as exc:
            raise LLMMinutesError(f"invalid minutes: {exc.error_count()} errors") from exc
    raise LLMMinutesError("the model answered without filling the minutes")


def to_minutes(draft: MeetingMinutes, context: MinutesContext) -> Minutes:
    amount = _amount(draft.amount)
    close = _when(draft.close_date, context)
    try:
        return Minutes(
            customer=_customer(draft.customer, context),
            title=_text(draft.title),
            attendees=[a.strip() for a in draft.attendees if a.strip()],
            summary=draft.summary.strip(),
            decisions=[d.strip() for d in draft.decisions if d.strip()],
            action_items=[ActionItem(text=i.text.strip()[:300], owner=_text(i.owner), due=_when(i.due, context))
                          for i in draft.action_items if i.text.strip()],
            risks=[r.strip() for r in draft.risks if r.strip()],
            next_step=_text(draft.next_step),
            next_step_date=_when(draft.next_step_date, context),
            crm_changes=CrmChanges(
                stage=draft.stage if draft.stage in get_args(Stage) else None,
                amount=amount,
                currency=(draft.currency or "").strip().upper()[:3] or None if amount is not None else None,
                close_date=close.date() if isinstance(close, datetime) else close,
                new_contacts=[c.strip() for c in draft.new_contacts if c.strip()],
            ),
        )
    except ValidationError as exc:
        raise LLMMinutesError(f"minutes out of range: {exc.error_count()} errors") from exc


def _text(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _customer(name: str | None, context: MinutesContext) -> str | None:
    name = _text(name)
    if name is None or not context.customer_names:
        return name
    mentions = [m for m in spotter_for(tuple(context.customer_names)).spot(name) if m.exact]
    return mentions[0].name if mentions else name


def _amount(value: str | None) -> Decimal | None:
    if not value:
        return None
    try:
        amount = Decimal(value.replace(",", "").strip())
    except InvalidOperation:
        found = find_amount(value)
        return found.value if found else None
    return amount if amount.is_finite() and amount >= 0 else None


def _when(value: str | None, context: MinutesContext) -> When | None:
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        if "T" in text or " " in text.strip():
            parsed = datetime.fromisoformat(text)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(context.timezone))
        return date.fromisoformat(text)
    except ValueError:
        found = find_date(text, context.now, context.timezone)
        return found.value if found else None

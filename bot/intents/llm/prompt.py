"""The system prompt: template from prompts/ (en or zh) + the clock + the user's bounded context + examples."""

from __future__ import annotations

import json
import re
from string import Template
from typing import Any

import prompts
from bot.intents.base import ParseContext
from bot.intents.lexers.dates import find_date
from bot.intents.lexers.normalize import has_cjk

MAX_CUSTOMERS = 60
MAX_DEALS = 30
MAX_MESSAGE_CHARS = 4000
_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
}


def prompt_language(text: str, context: ParseContext) -> str:
    """The message decides; the user's language breaks a tie (no letters of either script)."""
    if has_cjk(text):
        return "zh"
    if re.search(r"[A-Za-z]", text):
        return "en"
    return "zh" if context.language == "zh" else "en"


def system_prompt(text: str, context: ParseContext) -> str:
    language = prompt_language(text, context)
    local = context.now.astimezone(_zone(context.timezone))
    none = "（无）" if language == "zh" else "(none)"
    template = Template(prompts.load(f"intent.{language}.md"))
    return template.safe_substitute(
        today=local.date().isoformat(),
        weekday=_WEEKDAYS[language][local.weekday()],
        time=local.strftime("%H:%M"),
        timezone=context.timezone,
        customers=_listing(context.customer_names, MAX_CUSTOMERS) or none,
        deals=_listing(context.open_deals, MAX_DEALS) or none,
        examples=_examples(context),
    )


def user_message(text: str) -> str:
    # The message is data, not instructions: fenced so the model can tell where it ends.
    return f"<message>\n{text[:MAX_MESSAGE_CHARS]}\n</message>"


def _listing(values: Any, limit: int) -> str:
    items = [str(v).replace("\n", " ")[:80] for v in list(values)[:limit]]
    return "; ".join(items)


def _examples(context: ParseContext) -> str:
    rows = json.loads(prompts.load("intent_examples.json"))
    lines = []
    for row in rows:
        args = json.dumps(row["args"], ensure_ascii=False)
        args = re.sub(r"\$d_([a-z_]+)", lambda m: _resolve(m.group(1), context), args)
        lines.append(f"{row['text']} → {args}")
    return "\n".join(lines)


def _resolve(expression: str, context: ParseContext) -> str:
    found = find_date(expression.replace("_", " "), context.now, context.timezone, past="yesterday" in expression)
    return found.value.isoformat()[:16] if found is not None else expression


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)

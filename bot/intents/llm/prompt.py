"""The system prompt: template from prompts/ (en or zh) + the clock + the intents and stages (from the registry
and the vocabulary) + the user's bounded context + few-shot examples of the offered intents."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from string import Template
from typing import Any, get_args

import prompts
from bot.intents.base import ParseContext
from bot.intents.lexers.dates import find_date
from bot.intents.lexers.normalize import has_cjk
from bot.intents.lexers.vocab import STAGE_WORDS
from bot.intents.llm.schema import slots_of
from bot.intents.registry import REGISTRY
from bot.intents.spec import IntentSpec
from bot.intents.vocabulary import STAGES
from core.i18n import t

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


def system_prompt(text: str, context: ParseContext, specs: Sequence[IntentSpec] | None = None) -> str:
    """`specs`: the intents the model may answer with (default: the registered ones)."""
    specs = tuple(REGISTRY.active() if specs is None else specs)
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
        intents=intent_list(specs, language),
        stages=stage_list(language),
        examples=_examples(context, {spec.name for spec in specs} | {"unknown"}),
    )


def intent_list(specs: Sequence[IntentSpec], language: str) -> str:
    """One line per intent: its name, its help label in the prompt's language, its slots (enum values shown)."""
    kinds = {slot.name: slot for slot in slots_of(tuple(specs))}
    lines = []
    for spec in specs:
        slots = []
        for name in spec.slot_names():
            slot = kinds[name]
            # Enum values inline; the stages have their own line, with the words users type for them.
            inline = slot.kind == "enum" and name != "stage"
            slots.append(f"{name}: {'/'.join(get_args(slot.type))}" if inline else name)
        listed = f" ({', '.join(slots)})" if slots else ""
        lines.append(f"- {spec.name}: {t(language, spec.help)}{listed}")
    return "\n".join(lines)


def stage_list(language: str, words: int = 3) -> str:
    """The stages in order, each with a few of the Chinese words users type for it (from the lexer's table)."""
    sep = "、" if language == "zh" else ", "
    parts = []
    for stage in STAGES:
        typed = _plain_words(STAGE_WORDS[stage])[:words]
        said = "/".join(typed)
        parts.append(f"{stage} {said}" if language == "zh" else f"{stage} ({said})")
    return sep.join(parts)


def _plain_words(pattern: str) -> list[str]:
    """The plain Chinese alternatives of a lexer pattern (赢单|赢了|成交了?… → 赢单, 赢了): no regex syntax."""
    return list(dict.fromkeys(p for p in pattern.split("|") if re.fullmatch(r"[\u4e00-\u9fff]+", p)))


def user_message(text: str) -> str:
    # The message is data, not instructions: fenced so the model can tell where it ends.
    return f"<message>\n{text[:MAX_MESSAGE_CHARS]}\n</message>"


def _listing(values: Any, limit: int) -> str:
    items = [str(v).replace("\n", " ")[:80] for v in list(values)[:limit]]
    return "; ".join(items)


def _examples(context: ParseContext, intents: set[str]) -> str:
    rows = json.loads(prompts.load("intent_examples.json"))
    lines = []
    for row in rows:
        if row["args"].get("intent") not in intents:
            continue  # an example of an intent the model is not offered would teach it to answer with it
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

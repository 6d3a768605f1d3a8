"""An IntentParser backed by any LangChain chat model with tool calling.

Structured output uses `method="function_calling"`: with the `json_schema` default some providers answer
with a tool call that then parses silently to None. A timeout, an error or an answer that does not
validate yields `Unknown` with confidence 0 and source "llm-error" — the router then keeps the rules'
answer. LangChain is only imported by the factory in `__init__`, never at import time of bot.intents.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from pydantic import BaseModel

from bot.intents.base import ParseContext, Parsed
from bot.intents.command import Unknown
from bot.intents.llm.output import to_command
from bot.intents.llm.prompt import system_prompt, user_message
from bot.intents.llm.schema import tool_schema
from bot.intents.registry import REGISTRY
from bot.intents.spec import IntentSpec

log = logging.getLogger(__name__)

# What we report for a validated LLM answer: it understood, but it is a model, not a rule (see router).
LLM_CONFIDENCE = 0.75
FAILED = "llm-error"

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm-parse")
        return _executor


class LLMParser:
    """`specs` are the intents the model may answer with (default: the registered ones): the tool schema, the
    prompt's intent list and its examples are built from them."""

    def __init__(self, model: Any, *, timeout: float = 8.0, specs: Iterable[IntentSpec] | None = None) -> None:
        self._specs = tuple(REGISTRY.active() if specs is None else specs)
        self._schema = tool_schema(self._specs)
        self._structured = model.with_structured_output(self._schema, method="function_calling", include_raw=True)
        self._timeout = timeout

    def parse(self, text: str, context: ParseContext) -> Parsed:
        try:
            messages = [("system", system_prompt(text, context, self._specs)), ("human", user_message(text))]
            future = _pool().submit(self._structured.invoke, messages)
            # The client has its own timeout; this bounds the whole call, retries and parsing included.
            result = future.result(timeout=self._timeout + 1.0)
            raw = _arguments(result, self._schema)
            if raw is None:
                return Parsed(Unknown(), 0.0, FAILED)
            return Parsed(to_command(raw, text, context, self._specs), LLM_CONFIDENCE, "llm")
        except FutureTimeout:
            log.warning("LLM parse timed out after %.1fs", self._timeout)
            return Parsed(Unknown(), 0.0, FAILED)
        except Exception as exc:  # a provider outage must never break the conversation
            log.warning("LLM parse failed: %s", type(exc).__name__)
            return Parsed(Unknown(), 0.0, FAILED)


def _arguments(result: Any, schema: type[BaseModel]) -> dict[str, Any] | None:
    """The tool arguments: the parsed model if it validated, else the raw tool call (validated by us)."""
    if not isinstance(result, dict):
        return result.model_dump() if isinstance(result, schema) else None
    parsed = result.get("parsed")
    if isinstance(parsed, schema):
        return parsed.model_dump()
    raw = result.get("raw")
    calls = getattr(raw, "tool_calls", None) or []
    for call in calls:
        args = call.get("args") if isinstance(call, dict) else None
        if isinstance(args, dict):
            return args
    return None

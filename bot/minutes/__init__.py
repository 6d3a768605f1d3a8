"""Meeting minutes from a long voice note: an LLM through a prompt in prompts/ when one is configured,
otherwise (and whenever the model fails) an offline extractor built on the intent layer's lexers.

    extractor = MinutesExtractor()                      # offline
    extractor = MinutesExtractor(chat_model=model)      # any LangChain chat model with tool calling
    minutes, how = extractor.extract(transcript, MinutesContext(now, "Asia/Shanghai", "en", ...))
"""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.minutes.model import ActionItem, CrmChanges, Minutes, MinutesContext
from bot.minutes.offline import extract as extract_offline

log = logging.getLogger(__name__)

# Said near the start: "meeting minutes …", "minutes of the call …", 会议纪要 / 纪要. Later on, "in ten minutes"
# is a duration, not a request.
_CUE_EN = re.compile(r"^\W*(?:\w+\W+){0,4}?(?:(?:meeting|call|visit)\s+minutes\b|minutes\s+(?:of|for|from)\b)"
                     r"|^\W*minutes\b", re.I)
_CUE_ZH = re.compile(r"纪要")
CUE_WINDOW_ZH = 20


def wants_minutes(transcript: str, duration: float, long_note_seconds: float) -> bool:
    """A long note, or one the speaker calls minutes / 纪要, becomes meeting minutes."""
    if duration > long_note_seconds:
        return True
    return bool(_CUE_EN.search(transcript) or _CUE_ZH.search(transcript[:CUE_WINDOW_ZH]))


class MinutesExtractor:
    """The one entry point: the model when given (falling back to rules on any failure), else rules."""

    def __init__(self, chat_model: Any | None = None, *, timeout: float = 60.0) -> None:
        self.chat_model = chat_model
        self.timeout = timeout

    def extract(self, transcript: str, context: MinutesContext) -> tuple[Minutes, str]:
        if self.chat_model is not None:
            from bot.minutes.llm import LLMMinutesError, extract_with_model

            try:
                return extract_with_model(self.chat_model, transcript, context, timeout=self.timeout), "llm"
            except LLMMinutesError as exc:
                log.warning("LLM minutes failed (%s); using the offline extractor", exc)
        return extract_offline(transcript, context), "rules"


__all__ = ["ActionItem", "CrmChanges", "Minutes", "MinutesContext", "MinutesExtractor", "wants_minutes"]

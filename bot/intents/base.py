"""What every intent parser takes and gives: text plus context in, one validated Command out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.intents.command import Command


@dataclass(frozen=True)
class ParseContext:
    now: datetime  # timezone-aware; relative dates resolve against it
    timezone: str  # the user's zone: "tomorrow" is the user's tomorrow
    language: str = "zh"  # the user's language (a hint; the text decides)
    # Bounded context for parsers that can use it (the LLM prompt; spotting names in text).
    customer_names: Sequence[str] = field(default_factory=tuple)
    open_deals: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class Parsed:
    command: Command
    # 0..1: how sure the parser is; the conversation asks before acting on low confidence.
    confidence: float
    source: str = "rules"


class IntentParser(Protocol):
    def parse(self, text: str, context: ParseContext) -> Parsed: ...

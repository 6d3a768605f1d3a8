"""What every intent parser takes and gives: text plus context in, one validated Command out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

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
    # Values the message gave that failed validation (slot → value): said back, never dropped silently.
    rejected: Mapping[str, Any] = field(default_factory=dict)
    # Date-like words no date could be read from ("Feb 30"): asked about, never dropped silently.
    unread_dates: tuple[str, ...] = ()


class IntentParser(Protocol):
    def parse(self, text: str, context: ParseContext) -> Parsed: ...

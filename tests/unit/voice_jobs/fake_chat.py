"""A LangChain fake chat model that answers with a `MeetingMinutes` tool call (so structured output works offline)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage


class ToolCallingFake(FakeMessagesListChatModel):
    """Replays scripted AI messages; `bind_tools` returns itself (the fake ignores tool schemas)."""

    seen: list[list[BaseMessage]] = []  # noqa: RUF012 - a pydantic field (each fake gets its own list)
    fail: bool = False

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ToolCallingFake:
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.seen.append(list(messages))
        if self.fail:
            raise ConnectionError("provider down")
        return super()._generate(messages, *args, **kwargs)


def minutes_model(**args: Any) -> ToolCallingFake:
    answer = AIMessage(content="", tool_calls=[{"name": "MeetingMinutes", "args": args, "id": "call_1"}])
    return ToolCallingFake(responses=[answer], seen=[])


def failing_model() -> ToolCallingFake:
    return ToolCallingFake(responses=[AIMessage(content="")], seen=[], fail=True)

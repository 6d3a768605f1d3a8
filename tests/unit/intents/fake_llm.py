"""A LangChain fake chat model that answers with tool calls, so `with_structured_output` works offline."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage
from pydantic import Field


class ToolCallingFake(FakeMessagesListChatModel):
    """Replays scripted AI messages; `bind_tools` returns itself (the fake ignores tool schemas)."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)
    delay: float = 0.0

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ToolCallingFake:
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.seen.append(list(messages))
        if self.delay:
            time.sleep(self.delay)
        return super()._generate(messages, *args, **kwargs)


def tool_answer(**args: Any) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": "SalesCommand", "args": args, "id": "call_1"}])


def fake(*answers: BaseMessage, delay: float = 0.0) -> ToolCallingFake:
    return ToolCallingFake(responses=list(answers), delay=delay)

"""The daily-report polish step: the configured chat model rephrases; failures keep the offline draft."""

from __future__ import annotations

import time
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.intents.llm.polish import report_polisher

DRAFT = "• visit Acme Corp: wants a quote\n• done: send brochure"


def test_the_model_rephrases_the_draft_with_the_prompt_in_the_users_language() -> None:
    model = FakeListChatModel(responses=["Visited Acme Corp (they want a quote) and sent the brochure."])
    polish = report_polisher(model, timeout=5)
    assert polish(DRAFT, "en") == "Visited Acme Corp (they want a quote) and sent the brochure."


def test_an_answer_far_longer_than_the_draft_is_refused() -> None:
    polish = report_polisher(FakeListChatModel(responses=["blah " * 400]), timeout=5)
    with pytest.raises(ValueError):
        polish(DRAFT, "zh")


def test_a_slow_model_times_out() -> None:
    class Slow:
        def invoke(self, messages: Any) -> str:
            time.sleep(1.0)
            return "late"

    polish = report_polisher(Slow(), timeout=0.05)
    with pytest.raises(TimeoutError):
        polish(DRAFT, "en")

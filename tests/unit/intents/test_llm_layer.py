"""The LLM layer with LangChain's fake chat models: structured output, validation, failures, prompts."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from langchain_core.messages import AIMessage

from bot.bootstrap import llm_settings
from bot.intents.base import ParseContext
from bot.intents.llm import LLMSettings, build_llm_parser
from bot.intents.llm.parser import FAILED, LLMParser
from bot.intents.llm.prompt import system_prompt
from bot.settings import Settings

from .conftest import NOW, TZ
from .fake_llm import fake, tool_answer

CTX = ParseContext(now=NOW, timezone=TZ, customer_names=("Acme Corp", "星辰科技有限公司"),
                   open_deals=("Acme Corp · ERP rollout",))


def test_a_tool_call_becomes_a_validated_command() -> None:
    parser = LLMParser(fake(tool_answer(intent="create_deal", customer="Acme Corp", title="ERP rollout",
                                        amount=500000, close_date="2026-11-30", stage="proposal")))
    parsed = parser.parse("acme wants the erp rollout, 500k, proposal out, closing end of month", CTX)
    assert parsed.source == "llm"
    assert parsed.command.slots() == {"customer": "Acme Corp", "title": "ERP rollout", "amount": 500000,
                                      "stage": "proposal", "close_date": "2026-11-30"}


def test_values_are_checked_and_bad_ones_dropped() -> None:
    answer = tool_answer(intent="log_interaction", customer="Initech", channel="carrier pigeon", amount="lots",
                         date="last tuesday", follow_up="2026-12-01T15:00", summary="they liked it")
    parsed = LLMParser(fake(answer)).parse("met acme last tuesday, they liked it, call back dec 1 3pm", CTX)
    slots = parsed.command.slots()
    # "Initech" appears neither in the message nor among the user's customers: the model invented it.
    assert "customer" not in slots and "channel" not in slots and "amount" not in slots
    assert slots["date"] == "2026-11-17"  # our own date rule resolved the model's words, looking back
    assert slots["follow_up"] == "2026-12-01T15:00"
    assert isinstance(parsed.command.follow_up, datetime) and parsed.command.follow_up.tzinfo is not None  # type: ignore[attr-defined]


def test_an_invalid_enum_in_the_tool_call_is_dropped_not_fatal() -> None:
    # Pydantic rejects the whole tool call; we fall back to the raw arguments and drop the bad slot.
    parsed = LLMParser(fake(tool_answer(intent="update_deal", stage="almost won", amount=90000))).parse(
        "acme deal almost won 90k", CTX)
    assert parsed.command.intent == "update_deal"
    assert parsed.command.slots() == {"amount": 90000}


@pytest.mark.parametrize("answer", [
    AIMessage(content="I think you want to create a deal!"),  # no tool call at all
    tool_answer(intent="delete_everything"),
    tool_answer(),
    AIMessage(content="", tool_calls=[{"name": "SalesCommand", "args": {"intent": 42}, "id": "x"}]),
])
def test_nonsense_is_unknown(answer: AIMessage) -> None:
    parsed = LLMParser(fake(answer)).parse("whatever", CTX)
    assert parsed.command.intent == "unknown"


def test_errors_and_timeouts_never_raise() -> None:
    class Broken:
        def with_structured_output(self, *args: object, **kwargs: object) -> Broken:
            return self

        def invoke(self, *args: object, **kwargs: object) -> None:
            raise ConnectionError("provider down")

    assert LLMParser(Broken()).parse("hello", CTX).source == FAILED
    slow = LLMParser(fake(tool_answer(intent="help"), delay=2.0), timeout=0.2)
    assert slow.parse("help", CTX).source == FAILED  # it would answer (help) after 2 s: the timeout cut it off


def test_prompt_carries_clock_context_and_examples() -> None:
    model = fake(tool_answer(intent="help"))
    LLMParser(model).parse("怎么用", CTX)
    system, human = model.seen[0]
    assert "2026-11-25" in str(system.content) and "星期三" in str(system.content)
    assert "星辰科技有限公司" in str(system.content) and "ERP rollout" in str(system.content)
    assert "2026-11-27" in str(system.content)  # the example's "friday" resolved with our rule
    assert "<message>" in str(human.content)
    english = system_prompt("remind me tomorrow", CTX)
    assert "Wednesday" in english and "Today is 2026-11-25" in english


def test_the_context_in_the_prompt_is_bounded() -> None:
    many = ParseContext(now=NOW, timezone=TZ, customer_names=tuple(f"Customer {i}" for i in range(500)))
    prompt = system_prompt("hello", many)
    assert "Customer 59" in prompt and "Customer 60" not in prompt


def test_settings_and_factory() -> None:
    assert build_llm_parser(LLMSettings()) is None
    env = {"SALESBOT_LLM_PROVIDER": "openai", "SALESBOT_LLM_MODEL": "qwen2.5",
           "SALESBOT_LLM_BASE_URL": "http://127.0.0.1:9/v1", "SALESBOT_LLM_TIMEOUT": "3"}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        settings = llm_settings(Settings(_env_file=None))  # type: ignore[call-arg]
    assert settings.provider == "openai" and settings.timeout == 3.0 and settings.enabled
    assert build_llm_parser(settings) is not None
    ollama = LLMSettings(provider="ollama", model="qwen2.5:7b", base_url="http://127.0.0.1:9")
    assert build_llm_parser(ollama) is not None
    with pytest.raises(ValueError, match="MODEL"):
        build_llm_parser(LLMSettings(provider="openai"))


def test_importing_the_intent_layer_does_not_import_langchain() -> None:
    import subprocess
    import sys

    code = ("import sys, bot.intents, bot.intents.router, bot.intents.rules, bot.intents.llm, bot.cli.nlu; "
            "print(any(m.startswith('langchain') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_dates_without_time_stay_dates() -> None:
    parsed = LLMParser(fake(tool_answer(intent="create_task", task="call Li Wei", due="2026-11-26"))).parse(
        "call li wei tomorrow", CTX)
    assert parsed.command.due == date(2026, 11, 26)  # type: ignore[attr-defined]

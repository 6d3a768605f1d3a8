"""Minutes through a chat model: the prompt, the checks on what the model filled in, and the fallback."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.minutes import MinutesContext, MinutesExtractor
from bot.minutes.llm import MeetingMinutes, system_prompt, to_minutes
from tests.unit.voice_jobs.fake_chat import failing_model, minutes_model

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CONTEXT = MinutesContext(NOW, "Asia/Shanghai", "en", ("Northwind Traders Ltd",), ("Li Wei",), "Alice")


def test_the_prompt_names_the_day_the_user_and_their_customers_in_the_transcript_language() -> None:
    en = system_prompt(CONTEXT)
    assert "Wednesday 2026-11-25 (Asia/Shanghai)" in en and "Alice" in en and "Northwind Traders Ltd" in en
    zh = system_prompt(MinutesContext(NOW, "Asia/Shanghai", "zh", (), (), "张伟"))
    assert "2026-11-25 星期三" in zh and "张伟" in zh and "（无）" in zh


def test_model_output_is_checked_and_resolved() -> None:
    draft = MeetingMinutes(customer="northwind traders", summary="s", stage="closing", amount="1,200,000",
                           currency="usd", close_date="next Friday", next_step_date="2026-12-01T09:30",
                           action_items=[{"text": "send quote", "due": "Friday"}, {"text": " "}])
    m = to_minutes(draft, CONTEXT)
    assert m.customer == "Northwind Traders Ltd"
    assert m.crm_changes.stage is None  # not a stage we know
    assert (m.crm_changes.amount, m.crm_changes.currency) == (Decimal(1_200_000), "USD")
    assert m.crm_changes.close_date == date(2026, 12, 4)  # relative dates through the date lexer
    assert m.next_step_date == datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert [(a.text, a.due) for a in m.action_items] == [("send quote", date(2026, 11, 27))]


def test_the_model_fills_the_minutes() -> None:
    model = minutes_model(customer="Northwind Traders", summary="Pricing.", decisions=["8% discount"])
    minutes, how = MinutesExtractor(model).extract("some transcript", CONTEXT)
    assert how == "llm" and minutes.decisions == ["8% discount"] and minutes.customer == "Northwind Traders Ltd"


def test_a_failing_or_empty_model_falls_back_to_the_offline_extractor() -> None:
    text = "Minutes of the call. Action items, Alice to send the quote by Friday."
    for model in (failing_model(), minutes_model(amount=-5)):
        minutes, how = MinutesExtractor(model, timeout=5).extract(text, CONTEXT)
        assert how == "rules" and minutes.action_items[0].text == "send the quote"

"""The offline minutes extractor on spoken-template transcripts (English and Chinese), and when a note is minutes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.minutes import MinutesContext, MinutesExtractor, wants_minutes
from bot.minutes.offline import extract, split_sentences

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday
EN = ("The meeting minutes for the weekly sales meeting, attendees, Anna Schmidt, Li Wei, and Tom Baker. "
      "First topic, the Northwind Traders deal. The customer asked for a discount of 10%. We agreed to offer 8% if "
      "they sign a two-year contract. Second topic, the new price list for next quarter. Tom will update the prices "
      "on the website. Action items, Li Wei to send the contract by December 15. Anna to call the customer about the "
      "delivery schedule. Tom to prepare the quarterly report. Open question, does the budget of 500,000 include "
      "installation. Next step, we meet again next Monday at 10 in the morning to review the signed contract.")
# The same note as the base model punctuates it: headings as sentences of their own.
EN_HEADINGS = ("Meeting minutes for the weekly sales meeting. Attendees, Anna Schmidt, Li Wei, and Tom Baker. "
               "Action items. Li Wei to send the contract by December 15. And to call the customer about the "
               "delivery schedule. Open question. Does the budget of 500,000 include installation? Next step. "
               "We meet again next Monday at 10 in the morning.")
ZH = ("会议纪要。参会人员:王总、李工和张伟。我们讨论了星辰科技的项目,客户希望降价百分之十。我们决定给百分之五的折扣。"
      "待办:张伟负责在下周五前发送合同;李工准备技术方案。风险:客户预算可能不够。下一步:下周一上午十点再开会。"
      "客户计划在12月20日签约。")


def en_context(**kw: object) -> MinutesContext:
    return MinutesContext(NOW, "Asia/Shanghai", "en", ("Northwind Traders Ltd", "Acme Corp"), ("Li Wei",), "Alice",
                          ("Alice", "王芳"))


def test_english_minutes_have_every_part() -> None:
    m = extract(EN, en_context())
    assert m.customer == "Northwind Traders Ltd" and m.title == "weekly sales meeting"
    assert m.attendees == ["Anna Schmidt", "Li Wei", "Tom Baker"]
    assert m.summary.startswith("The Northwind Traders deal. The customer asked for a discount of 10%.")
    assert m.decisions == ["We agreed to offer 8% if they sign a two-year contract"]
    assert [(a.owner, a.text, a.due) for a in m.action_items] == [
        ("Tom Baker", "update the prices on the website", None),
        ("Li Wei", "send the contract", date(2026, 12, 15)),
        ("Anna Schmidt", "call the customer about the delivery schedule", None),
        ("Tom Baker", "prepare the quarterly report", None),
    ]
    assert m.risks == ["does the budget of 500,000 include installation"]
    assert m.next_step is not None and m.next_step.startswith("we meet again")
    assert m.next_step_date == datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    changes = m.crm_changes
    assert (changes.stage, changes.amount, changes.close_date) == ("negotiation", Decimal(500000), None)
    assert changes.new_contacts == ["Anna Schmidt", "Tom Baker"]  # Li Wei is a known contact already


def test_headings_spoken_as_sentences_of_their_own_open_their_section() -> None:
    m = extract(EN_HEADINGS, en_context())
    assert [a.text for a in m.action_items] == ["send the contract", "call the customer about the delivery schedule"]
    assert m.risks == ["Does the budget of 500,000 include installation?"]
    assert m.next_step == "We meet again next Monday at 10 in the morning"


def test_chinese_minutes() -> None:
    context = MinutesContext(NOW, "Asia/Shanghai", "zh", ("星辰科技有限公司",), ("王总",), "张伟", ("张伟",))
    m = extract(ZH, context)
    assert m.customer == "星辰科技有限公司" and m.attendees == ["王总", "李工", "张伟"]
    assert m.decisions == ["我们决定给百分之五的折扣"]
    assert [(a.owner, a.text, a.due) for a in m.action_items] == [
        ("张伟", "发送合同", date(2026, 12, 4)), ("李工", "准备技术方案", None)]
    assert m.risks == ["客户预算可能不够"] and m.next_step == "下周一上午十点再开会"
    assert m.crm_changes.close_date == date(2026, 12, 20) and m.crm_changes.stage == "negotiation"
    assert m.crm_changes.new_contacts == ["李工"]  # not the rep, not a known contact


def test_items_are_numbered_tasks_first_then_crm_changes() -> None:
    m = extract(EN, en_context())
    kinds = [kind for kind, _ in m.items()]
    assert kinds == ["task"] * 4 + ["stage", "amount", "contact", "contact"]
    assert m.model_validate(m.dump()) == m  # survives storage as JSON


def test_sentences_split_on_both_scripts_punctuation() -> None:
    assert split_sentences("One. Two? 三。四！") == ["One.", "Two?", "三。", "四！"]


@pytest.mark.parametrize(("text", "seconds", "expected"), [
    ("Meeting minutes for the call with Acme", 10, True),
    ("minutes of the weekly sales meeting", 10, True),
    ("Call minutes, Globex", 10, True),
    ("会议纪要:今天和蓝海物流开会", 10, True),
    ("visited acme, call them back in ten minutes", 10, False),
    ("visited acme today", 10, False),
    ("visited acme today", 46, True),  # longer than the 45 s threshold
])
def test_when_a_note_is_minutes(text: str, seconds: float, expected: bool) -> None:
    assert wants_minutes(text, seconds, 45.0) is expected


def test_without_a_model_the_extractor_is_offline() -> None:
    minutes, how = MinutesExtractor().extract(EN, en_context())
    assert how == "rules" and minutes.customer == "Northwind Traders Ltd"

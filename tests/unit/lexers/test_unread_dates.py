"""Date-like expressions the parser could not read are reported, so the conversation can ask."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.intents.lexers.dates import UnreadDate, find_unread_dates

TZ = "Asia/Shanghai"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo(TZ))


@pytest.mark.parametrize(("text", "unread"), [
    ("call them on Feb 30", "Feb 30"), ("2月30号交付", "2月30号"), ("the 32nd", "the 32nd"),
    ("due on the 32nd", "on the 32nd"), ("kickoff on the 35th of may", "the 35th of may"), ("ship 13/45", "13/45"),
    ("上上上周八开会", "上上上周八"), ("2027-02-30", "2027-02-30"), ("31 november", "31 november"),
    ("13月5号", "13月5号"), ("下午25点见", "下午25点"), ("april 31st", "april 31st"), ("45號前交", "45號"),
    ("send it by the 40th pls", "by the 40th"),
])
def test_impossible_dates_are_reported(text: str, unread: str) -> None:
    found = find_unread_dates(text, NOW, TZ)
    assert [u.text for u in found] == [unread]
    assert all(isinstance(u, UnreadDate) and text[u.start:u.end] == u.text for u in found)


@pytest.mark.parametrize("text", [
    "Sun Microsystems", "24/7 support", "call 13812345678", "phase 2", "50 seats", "$1,200", "50/50 split",
    "version 3.2", "room 1215", "net 60", "15%", "3号楼", "32号楼", "1/2 day", "today", "dec 15", "Dec 15 2027",
    "2月28号", "下周五", "10:30", "+1 415 555 0199", "2/3 of the team", "the 2nd milestone", "the 32nd floor",
    "Q3 2027", "12.5k", "555-0142", "明天下午三点", "in 2 wks", "周五", "3 of 5", "top 10 accounts", "买了32台",
])
def test_ordinary_text_and_read_dates_are_not_reported(text: str) -> None:
    assert find_unread_dates(text, NOW, TZ) == []


def test_a_read_date_next_to_an_unread_one() -> None:
    found = find_unread_dates("meet dec 15, deliver feb 30", NOW, TZ)
    assert [u.text for u in found] == ["feb 30"]

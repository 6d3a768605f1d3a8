"""Preferences: what people type is read strictly; invalid values are refused at input."""

from __future__ import annotations

from datetime import time

import pytest

from bot.handlers.notifications_settings import parse
from core.context import CoreGateway
from core.errors import InvalidInput
from core.services import preferences
from core.services.preferences import PrefChanges, parse_clock, parse_range
from tests.notify_helpers import person


@pytest.mark.parametrize(("text", "expected"), [("18:00", time(18)), ("8:30", time(8, 30)), ("0830", time(8, 30)),
                                                ("18", time(18)), ("18点", time(18)), ("7：45", time(7, 45))])
def test_times_of_day(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["25:00", "7pm", "", "12:60", "noon"])
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_clock(text)


def test_ranges() -> None:
    assert parse_range("21:00-08:00") == (time(21), time(8))
    assert parse_range("22:30 to 7:15") == (time(22, 30), time(7, 15))
    assert parse_range("22:00到07:00") == (time(22), time(7))
    with pytest.raises(InvalidInput):
        parse_range("21:00-21:00")


def test_settings_words_in_both_languages() -> None:
    assert parse("时区 Asia/Shanghai")[1].timezone == "Asia/Shanghai"
    assert parse("lang English")[1].language == "en"
    assert parse("免打扰 关")[1].quiet_enabled is False
    assert parse("合并 开")[1].batching is True
    assert parse("静音 deal_stale, suggestion")[1].mute == ["deal_stale", "suggestion"]
    assert parse("")[0] == "show"
    with pytest.raises(InvalidInput):
        parse("tz")
    with pytest.raises(InvalidInput):
        parse("headsup soon")


def test_invalid_values_never_reach_the_database(core: CoreGateway) -> None:
    alice = person(core, "Alice")
    for changes in (PrefChanges(timezone="Mars/Olympus"), PrefChanges(language="fr"), PrefChanges(mute=["spam"]),
                    PrefChanges(channel="email"), PrefChanges(heads_up_minutes=-5), PrefChanges(max_suggestions=99)):
        with core.system() as system, pytest.raises(InvalidInput):
            preferences.apply(system, alice.id, changes)
    with core.system() as system:
        assert preferences.load(system, alice.id) == preferences.DEFAULT


def test_defaults_and_changes(core: CoreGateway) -> None:
    alice = person(core, "Alice")
    with core.system() as system:
        prefs = preferences.apply(system, alice.id,
                                  PrefChanges(quiet=(time(22), time(7)), mute=["deal_stale"], channel="slack"))
        assert (prefs.quiet_start, prefs.quiet_end, prefs.channel) == (time(22), time(7), "slack")
        assert not prefs.wants("deal_stale") and prefs.wants("task_due")
        prefs = preferences.apply(system, alice.id, PrefChanges(unmute=["deal_stale"],
                                                                                    channel="auto"))
        assert prefs.wants("deal_stale") and prefs.channel is None
    with core.system() as system:
        assert preferences.load_many(system, [alice.id, 999]) == {alice.id: prefs, 999: preferences.DEFAULT}

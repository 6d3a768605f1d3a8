"""The yardstick of the real-model tests (tests/speech.py): references read from the fixture script, and error rates
that pass what Whisper hears on different CPUs and fail what it would hear if something broke."""

from __future__ import annotations

import pytest

from tests.speech import (
    CER_ZH_VISIT,
    MEETING_AS_HEARD,
    WER_MEETING,
    WER_VISIT,
    cer,
    cer_words,
    reference,
    wer,
    words,
)


def test_references_come_from_the_fixture_script() -> None:
    assert reference("en_visit.ogg") == reference("en_visit.m4a") == (
        "Visited Northwind Traders today, met Li Wei. They want a quote by Friday, budget five hundred thousand.")
    assert reference("en_short.webm") == "Send the Northwind quote on Friday."
    assert reference("zh_visit.ogg") == "今天我拜访了星辰科技，客户想要一份报价。"
    meeting = reference("en_meeting.ogg")
    assert meeting.startswith("Meeting minutes for the weekly sales meeting. Attendees:")
    assert meeting.endswith("End of minutes.") and "\\" not in meeting and "  " not in meeting


@pytest.mark.parametrize(("text", "expected"), [
    ("budget five hundred thousand.", ["budget", "500000"]),
    ("Budget $500,000.", ["budget", "500000"]),
    ("500 thousand", ["500000"]),
    ("a discount of ten percent", ["a", "discount", "of", "10", "percent"]),
    ("a discount of 10%", ["a", "discount", "of", "10", "percent"]),
    ("by December fifteen", ["by", "december", "15"]),
    ("by December 15th.", ["by", "december", "15"]),
    ("a two-year contract", ["a", "2", "year", "contract"]),
    ("twenty five", ["25"]),
])
def test_words_are_normalised(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_error_rates() -> None:
    visit = reference("en_visit")
    assert wer(visit, visit) == 0
    assert wer(visit, "visited Northwind traders today, Metlai Y. They want a quote by Friday, budget 500,000.") == 0.2
    assert wer(visit, "") == 1
    assert wer(visit, "the weather was nice and we had lunch") > 0.9
    assert cer_words("Send the Northwind quote on Friday.", "and the North Wind Quot on Friday.") < 0.2
    assert cer(reference("zh_visit"), "今天我派反了新神科技可不想要一份爆炸") == pytest.approx(8 / 18)


def test_the_bounds_pass_other_cpus_transcripts_and_fail_broken_ones() -> None:
    """Transcripts seen on one machine forced to other instruction sets pass; a wrong language or a lost half fails."""
    meeting = reference("en_meeting")
    other_cpu = MEETING_AS_HEARD.replace("Anna Schmidt, Li Wei,", "Anishmit, LightWy").replace(
        "Li Wei to send the contract", "LightWy to send The contract")
    assert wer(meeting, other_cpu) <= WER_MEETING
    assert wer(meeting, MEETING_AS_HEARD) <= WER_MEETING
    assert wer(meeting, MEETING_AS_HEARD[: len(MEETING_AS_HEARD) // 2]) > WER_MEETING
    assert wer(reference("en_visit"), "Visited Northwind Traders today. Met like why. They want a quote by Friday, "
                                      "budget 500 thousand.") <= WER_VISIT
    assert cer(reference("zh_visit"), "Today I visited Xingchen Technology") > CER_ZH_VISIT
    assert cer(reference("zh_visit"), "今天我派反了新城科技可不想要一份爆炸") <= CER_ZH_VISIT

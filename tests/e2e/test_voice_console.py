"""Voice notes through `salesbot chat` (`/voice PATH`, piped), on SQLite and PostgreSQL, with the
real default speech backend on the committed fixtures.

The model's words differ from one CPU to another: these tests check structure (the customer found, an action item
present) and bound the error rate of the stored transcript (tests/speech.py), never exact words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core.i18n import t
from tests.e2e.cli_process import CliResult, run_salesbot
from tests.speech import CER_ZH_VISIT, WER_MEETING, WER_VISIT, cer, reference, wer

NOW = "2026-11-25T10:00"  # a Wednesday in Shanghai
AUDIO = Path(__file__).resolve().parents[1] / "data" / "audio"
Talk = Callable[[str, list[str]], str]


@pytest.fixture
def chat(database_url: str, tmp_path: Path, speech_data_dir: Path) -> Talk:
    # The session's models dir as the data dir: the base model is already assembled there.
    env = {"SALESBOT_DATABASE_URL": database_url, "SALESBOT_DATA_DIR": str(speech_data_dir)}

    def run(*args: str, stdin: str = "") -> CliResult:
        return run_salesbot(*args, env=env, stdin=stdin, cwd=tmp_path)

    demo = run("demo")
    assert demo.returncode == 0, demo.stderr

    def talk(user: str, lines: list[str]) -> str:
        result = run("chat", "--as", user, "--now", NOW, stdin="\n".join(lines) + "\n")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr, result.stderr
        return result.stdout

    return talk


def transcript(database_url: str) -> str:
    return str(scalar(database_url, "SELECT transcript FROM voice_jobs ORDER BY id DESC LIMIT 1") or "")


def scalar(database_url: str, sql: str) -> object:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def test_a_voice_note_becomes_a_proposed_visit_for_the_right_customer_and_is_logged(chat: Talk,
                                                                                   database_url: str) -> None:
    out = chat("Alice", [f"/voice {AUDIO / 'en_visit.m4a'}", "1"])
    note, confirmed = out.split("> 1", 1)
    assert t("en", "voice.received") in note
    heard = transcript(database_url)
    assert f"🎙 “{heard}”" in note  # the card shows what was heard
    assert wer(reference("en_visit"), heard) <= WER_VISIT, heard
    assert "Log visit · Northwind Traders Ltd" in note  # the customer found
    assert "Logged for Northwind Traders Ltd." in confirmed
    assert scalar(database_url, "SELECT source FROM interactions ORDER BY id DESC LIMIT 1") == "voice"
    assert scalar(database_url, "SELECT count(*) FROM voice_jobs WHERE status = 'done' AND interaction_id IS NOT "
                                "NULL") == 1


def test_a_long_note_becomes_minutes_with_action_items_and_confirm_saves_them(chat: Talk, database_url: str) -> None:
    out = chat("Alice", [f"/voice {AUDIO / 'en_meeting.ogg'}", "yes"])
    card, saved = out.split("> yes", 1)
    assert "📋 Meeting minutes · Northwind Traders Ltd" in card  # the customer found
    assert "action items → tasks:" in card  # at least one action item
    assert "[1] ✅ Confirm" in card and "⇄ 1" in card
    assert wer(reference("en_meeting"), transcript(database_url)) <= WER_MEETING, transcript(database_url)
    assert "📋 Minutes saved for Northwind Traders Ltd." in saved and "Tasks created:" in saved
    assert scalar(database_url, "SELECT count(*) FROM meeting_minutes WHERE status = 'confirmed'") == 1
    assert scalar(database_url, "SELECT channel FROM interactions ORDER BY id DESC LIMIT 1") == "meeting"


def test_a_chinese_note_from_a_chinese_speaking_rep(chat: Talk, database_url: str) -> None:
    out = chat("张伟", [f"/voice {AUDIO / 'zh_visit.ogg'}"])
    assert t("zh", "voice.received") in out and "星辰科技有限公司" in out and "[1] ✅ 确认" in out
    assert scalar(database_url, "SELECT language FROM voice_jobs") == "zh"
    assert cer(reference("zh_visit"), transcript(database_url)) <= CER_ZH_VISIT, transcript(database_url)


def test_bad_files_get_one_clear_reply_each(chat: Talk, database_url: str) -> None:
    out = chat("Alice", [f"/voice {AUDIO / 'truncated.ogg'}", f"/voice {AUDIO / 'silent.ogg'}",
                         "/voice /no/such/file.ogg", "/voice"])
    assert t("en", "voice.error.corrupt") in out and t("en", "voice.error.silent") in out
    assert t("en", "voice.file_not_found", path="/no/such/file.ogg") in out and t("en", "voice.usage") in out
    assert scalar(database_url, "SELECT count(*) FROM voice_jobs WHERE status = 'failed'") == 2
    assert scalar(database_url, "SELECT count(*) FROM voice_audio") == 0

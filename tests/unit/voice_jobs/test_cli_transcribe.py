"""`salesbot transcribe FILE [--lang] [--json]` with the real default backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.speech import CER_ZH_VISIT, WER_VISIT, cer, reference, wer

AUDIO = Path(__file__).resolve().parents[2] / "data" / "audio"


@pytest.fixture(scope="module")
def data_dir(speech_data_dir: Path) -> Path:
    return speech_data_dir  # the session's models: assembled and loaded once


def run(data_dir: Path, *args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["transcribe", *args], env={"SALESBOT_DATA_DIR": str(data_dir), **env})
    return result.exit_code, result.stdout, result.stderr


def test_prints_the_text(data_dir: Path) -> None:
    code, out, _ = run(data_dir, str(AUDIO / "en_visit.m4a"), "--lang", "en")
    assert code == 0 and out.count("\n") == 1 and wer(reference("en_visit"), out) <= WER_VISIT, out


def test_json_has_the_timings_and_the_detected_language(data_dir: Path) -> None:
    code, out, _ = run(data_dir, str(AUDIO / "zh_visit.ogg"), "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"text", "language", "duration", "seconds", "rtf", "model"}
    assert data["language"] in {"en", "zh"} and 6.5 < data["duration"] < 7.5
    assert data["model"] == ("base" if data["language"] == "zh" else "tiny.en")
    assert cer(reference("zh_visit"), data["text"]) <= CER_ZH_VISIT, data  # also fails a wrong language pick
    assert data["seconds"] > 0 and data["rtf"] == pytest.approx(data["seconds"] / data["duration"], rel=0.01)


def test_bad_audio_is_one_line_and_exit_1(data_dir: Path) -> None:
    code, out, err = run(data_dir, str(AUDIO / "not_audio.png"))
    assert code == 1 and out == "" and err.startswith("error: ") and ": not_audio: " in err


def test_a_broken_model_is_one_line_naming_the_fix_and_exit_2(data_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "model"
    broken.mkdir()
    (broken / "model.bin").write_bytes(b"not a model")
    code, _, err = run(data_dir, str(AUDIO / "en_short.wav"), "--lang", "en", SALESBOT_WHISPER_MODEL=str(broken))
    assert code == 2 and err.count("\n") == 1 and "delete the directory and retry" in err

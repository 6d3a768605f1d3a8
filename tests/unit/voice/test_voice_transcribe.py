"""The real default backend (faster-whisper, int8) on the committed fixtures: no mocks.

Models come from the bundled packages (tiny.en, base); nothing is downloaded. Whisper's words differ from one CPU
to another, so these tests bound error rates against the fixtures' reference texts (tests/speech.py) and check
structure; they never assert exact words or how fast the model ran (bench/stt_bench.py measures speed).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot.voice import AudioError
from bot.voice.registry import choose_language
from bot.voice.transcriber import available_cores, bounded_threads
from tests.speech import CER_SHORT, CER_ZH_VISIT, WER_MEETING, WER_VISIT, cer, cer_words, reference, wer

CJK = re.compile(r"[\u4e00-\u9fff]")
NAMES = ["Northwind Traders", "Li Wei", "Anna Schmidt", "Tom Baker"]


def cjk_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return len(CJK.findall(text)) / max(1, len(chars))


@pytest.mark.parametrize("name", ["en_visit.ogg", "en_visit.m4a"])
def test_english_visit_note(transcriber: Any, audio_dir: Path, name: str) -> None:
    result = transcriber.transcribe(audio_dir / name, language="en")
    assert wer(reference(name), result.text) <= WER_VISIT, result.text
    assert result.language == "en"
    assert result.model == "tiny.en"
    assert result.backend == "faster-whisper"
    assert result.duration == pytest.approx(7.3, abs=0.2)
    assert result.processing_seconds > 0
    assert result.rtf == pytest.approx(result.processing_seconds / result.duration)  # the definition, not a speed
    assert result.segments and result.segments[0].start >= 0
    assert result.segments[-1].end <= result.duration + 1
    assert result.text == "".join(s.text for s in result.segments).strip()
    assert not result.detected


@pytest.mark.parametrize("name", ["en_short.webm", "en_short.mp3", "en_short.wav"])
def test_other_containers(transcriber: Any, audio_dir: Path, name: str) -> None:
    result = transcriber.transcribe((audio_dir / name).read_bytes(), language="en")
    # 2.5 s of speech: tiny.en splits and misspells words ("North Wind Quot"), so count characters.
    assert cer_words(reference(name), result.text) <= CER_SHORT, result.text


class Prompts:
    """Records the decoder prompt the backend is given, then decodes for real."""

    def __init__(self, transcriber: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen: list[str | None] = []
        real = transcriber._decode

        def decode(model: Any, samples: Any, language: str, prompt: str | None) -> Any:
            self.seen.append(prompt)
            return real(model, samples, language, prompt)

        monkeypatch.setattr(transcriber, "_decode", decode)


def test_hotwords_reach_the_decoder_for_a_contact_name(transcriber: Any, audio_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    prompts = Prompts(transcriber, monkeypatch)
    plain = transcriber.transcribe(audio_dir / "en_visit.ogg", language="en")
    hinted = transcriber.transcribe(audio_dir / "en_visit.ogg", language="en", hotwords=NAMES)
    assert prompts.seen == [None, "Northwind Traders, Li Wei, Anna Schmidt, Tom Baker."]
    for result in (plain, hinted):
        assert wer(reference("en_visit"), result.text) <= WER_VISIT, result.text


def test_chinese_clip_gives_chinese_text(transcriber: Any, audio_dir: Path) -> None:
    result = transcriber.transcribe(audio_dir / "zh_visit.ogg", language="zh")
    assert result.model == "base"
    assert result.language == "zh"
    assert cjk_share(result.text) >= 0.8, result.text
    assert cer(reference("zh_visit"), result.text) <= CER_ZH_VISIT, result.text


def test_hotwords_reach_the_decoder_for_a_chinese_company_name(transcriber: Any, audio_dir: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    prompts = Prompts(transcriber, monkeypatch)
    hinted = transcriber.transcribe(audio_dir / "zh_visit.ogg", language="zh", hotwords=["星辰科技"])
    assert prompts.seen == ["星辰科技."]
    assert cjk_share(hinted.text) >= 0.8, hinted.text
    assert cer(reference("zh_visit"), hinted.text) <= CER_ZH_VISIT, hinted.text
    assert len(hinted.text) <= 2 * len(reference("zh_visit")), hinted.text  # no repetition loop


@pytest.mark.parametrize("name", ["zh_visit.ogg", "en_visit.ogg"])
def test_detection_among_allowed_languages(transcriber: Any, audio_dir: Path, name: str) -> None:
    result = transcriber.transcribe(audio_dir / name, language=None, allowed_languages={"en", "zh"})
    assert result.detected
    assert result.language in {"en", "zh"}
    assert result.language_probability is not None and 0 < result.language_probability <= 1
    assert result.model == ("base" if result.language == "zh" else "tiny.en")
    # Whichever it picked, the words must come out close to what was said: a wrong pick fails here.
    if name.startswith("zh"):
        assert cer(reference(name), result.text) <= CER_ZH_VISIT, (result.language, result.text)
    else:
        assert wer(reference(name), result.text) <= WER_VISIT, (result.language, result.text)


def test_detection_picks_the_likeliest_allowed_language(transcriber: Any, audio_dir: Path) -> None:
    """Why allowed_languages exists: the choice is made among the team's languages only, whatever base's own top
    guess over all its languages is (for this espeak clip it is not always Chinese)."""
    from bot.voice.audio import load_audio

    samples = load_audio(audio_dir / "zh_visit.ogg").samples
    scores = transcriber._language_scores(transcriber.model("base"), samples)
    assert len({lang for lang, _ in scores}) > 2  # base scores every language it knows
    lang, probability = transcriber.detect_language(samples, {"en", "zh"})
    assert (lang, probability) == choose_language(scores, {"en", "zh"})
    assert lang in {"en", "zh"}


def test_single_allowed_language_skips_detection(transcriber: Any, audio_dir: Path) -> None:
    result = transcriber.transcribe(audio_dir / "en_visit.ogg", allowed_languages={"en"})
    assert result.language == "en" and result.language_probability is None


def test_meeting_minutes(transcriber: Any, audio_dir: Path) -> None:
    result = transcriber.transcribe(audio_dir / "en_meeting.ogg", language="en")
    assert result.duration > 45
    assert len(result.segments) >= 2
    assert wer(reference("en_meeting"), result.text) <= WER_MEETING, result.text


def test_meeting_minutes_with_names_on_base(long_transcriber: Any, audio_dir: Path) -> None:
    """What long notes use: base with the rep's names to listen for."""
    result = long_transcriber.transcribe(audio_dir / "en_meeting.ogg", language="en", hotwords=NAMES)
    assert result.model == "base"
    assert wer(reference("en_meeting"), result.text) <= WER_MEETING, result.text


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.ogg", "empty"),
        ("silent.ogg", "silent"),
        ("truncated.ogg", "corrupt"),
        ("not_audio.ogg", "not_audio"),
        ("not_audio.png", "not_audio"),
        ("unsupported_codec.wav", "unsupported_codec"),
    ],
)
def test_bad_input_through_the_transcriber(transcriber: Any, audio_dir: Path, name: str, reason: str) -> None:
    with pytest.raises(AudioError) as info:
        transcriber.transcribe(audio_dir / name, language="en")
    assert info.value.reason == reason


def test_threads_bounded_and_model_cached(voice_data_dir: Path, transcriber: Any) -> None:
    from bot.voice import build_transcriber

    other = build_transcriber("faster-whisper", None, voice_data_dir, threads=64)
    assert other.threads == available_cores()  # type: ignore[attr-defined]
    assert transcriber.threads == bounded_threads(None) == available_cores()
    assert bounded_threads(1) == 1
    same = build_transcriber("faster-whisper", None, voice_data_dir, threads=None)
    assert same.model("tiny.en") is transcriber.model("tiny.en")  # type: ignore[attr-defined]


def test_unknown_model_offline_gives_clear_error(voice_data_dir: Path) -> None:
    from bot.voice import ModelUnavailableError, build_transcriber

    stt = build_transcriber("faster-whisper", "large-v3", voice_data_dir, threads=1, allow_download=False)
    with pytest.raises(ModelUnavailableError, match="large-v3"):
        stt.transcribe(audio_dir_path() / "en_visit.ogg", language="en")


def audio_dir_path() -> Path:
    from tests.unit.voice.conftest import AUDIO_DIR

    return AUDIO_DIR

"""Model registry, language choice among allowed languages, hotword prompt, thread bound."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.voice.registry import (
    DEFAULT_LANGUAGE_MODELS,
    ModelRegistry,
    choose_language,
    is_english_only,
    normalize_language,
)
from bot.voice.transcriber import available_cores, bounded_threads, hotword_text


def test_defaults() -> None:
    reg = ModelRegistry.from_setting(None)
    assert dict(reg.models) == dict(DEFAULT_LANGUAGE_MODELS)
    assert reg.model_for("en") == "tiny.en"
    assert reg.model_for("en-US") == "tiny.en"
    assert reg.model_for("zh") == "base"
    assert reg.model_for("zh_CN") == "base"
    assert reg.model_for(None) == "base"
    assert reg.model_for("fr") == "base"  # unlisted language -> auto model
    assert ModelRegistry.from_setting("default") == reg
    assert ModelRegistry.from_setting("") == reg


def test_single_model_serves_every_language() -> None:
    reg = ModelRegistry.from_setting("small")
    assert reg.model_for("en") == reg.model_for("zh") == reg.model_for(None) == "small"
    assert reg.model_names() == ["small"]


def test_overrides_on_top_of_defaults() -> None:
    reg = ModelRegistry.from_setting("en=base, auto=/models/my-ct2")
    assert reg.model_for("en") == "base"
    assert reg.model_for("zh") == "base"
    assert reg.model_for(None) == "/models/my-ct2"
    assert ModelRegistry.from_setting({"EN": "small.en"}).model_for("en") == "small.en"


def test_bad_settings() -> None:
    with pytest.raises(ValueError, match="LANG=MODEL"):
        ModelRegistry.from_setting("en=,zh=base")
    with pytest.raises(ValueError, match="auto"):
        ModelRegistry({"en": "tiny.en"})


def test_normalize_language() -> None:
    assert normalize_language("EN-us") == "en"
    assert normalize_language("zh-Hans") == "zh"
    assert normalize_language("cmn") == "zh"
    assert normalize_language("Chinese") == "zh"


def test_is_english_only() -> None:
    assert is_english_only("tiny.en")
    assert is_english_only("/x/faster-whisper-base.en/")
    assert not is_english_only("base")


def test_choose_language_restricted_to_allowed() -> None:
    # What unrestricted detection said about a synthetic Mandarin clip: Thai first.
    scores = [("th", 0.71), ("zh", 0.14), ("vi", 0.02), ("en", 0.017)]
    lang, prob = choose_language(scores, {"en", "zh"})
    assert lang == "zh"
    assert prob == pytest.approx(0.14 / (0.14 + 0.017))
    assert choose_language(scores, {"en"}) == ("en", 1.0)
    assert choose_language(scores, {"de", "fr"})[0] == "de"  # none scored: first allowed
    with pytest.raises(ValueError):
        choose_language(scores, set())


def test_hotword_text() -> None:
    assert hotword_text([]) is None
    assert hotword_text(["  ", ""]) is None
    assert hotword_text(["Northwind  Traders", "Li Wei", "northwind traders"]) == "Northwind Traders, Li Wei."
    long = hotword_text([f"Customer {i}" for i in range(500)])
    assert long is not None and len(long) <= 601 and long.endswith(".")


def test_threads_bounded_to_cores() -> None:
    cores = available_cores()
    assert bounded_threads(None) == cores
    assert bounded_threads(0) == cores
    assert bounded_threads(1) == 1
    assert bounded_threads(cores + 16) == cores


def test_import_loads_no_model_or_native_library() -> None:
    code = (
        "import sys, bot.voice\n"
        "from bot.voice import build_transcriber\n"
        "t = build_transcriber('faster-whisper', None, '/nonexistent', threads=1)\n"
        "heavy = [m for m in ('faster_whisper', 'ctranslate2', 'av', 'torch', 'whisper') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    from tests.unit.voice.conftest import REPO_ROOT

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_backend() -> None:
    from bot.voice import build_transcriber

    with pytest.raises(ValueError, match="unknown speech backend"):
        build_transcriber("kaldi")

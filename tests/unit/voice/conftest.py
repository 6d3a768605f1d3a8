"""Fixtures for the voice tests: real models from the bundled packages, no network."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
if str(REPO_ROOT) not in sys.path:  # running without an installed/editable salesbot
    sys.path.insert(0, str(REPO_ROOT))

AUDIO_DIR = REPO_ROOT / "tests" / "data" / "audio"


@pytest.fixture(scope="session")
def audio_dir() -> Path:
    return AUDIO_DIR


@pytest.fixture(scope="session")
def voice_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data dir per session: the base model is assembled into it once."""
    return tmp_path_factory.mktemp("voice-data")


@pytest.fixture(scope="session")
def transcriber(voice_data_dir: Path) -> Iterator[object]:
    from bot.voice import build_transcriber

    yield build_transcriber("faster-whisper", None, voice_data_dir, threads=2, allow_download=False)

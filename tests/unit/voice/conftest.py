"""Fixtures for the voice tests: real models from the bundled packages, no network.

The real transcriber and its data dir are the session's own (tests/conftest.py: `transcriber`, `speech_data_dir`).
"""

from __future__ import annotations

import sys
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
def voice_data_dir(speech_data_dir: Path) -> Path:
    return speech_data_dir

"""The chat assistant: channels, understanding, handlers."""

from pathlib import Path

from core.i18n import register

# This package's sentences join the one catalogue (core never names the packages above it).
register(Path(__file__).parent / "i18n")

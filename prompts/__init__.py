"""LLM prompt templates, versioned as files next to this module (English and Chinese)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=16)
def load(name: str) -> str:
    """The text of a prompt file in this package, e.g. `load("intent.en.md")`."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")

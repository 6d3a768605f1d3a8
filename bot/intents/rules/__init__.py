"""The offline rule parser (`RuleParser`, in `parser.py`) and the pieces it is made of: features and lexers,
shared signals, ranking, slot fillers.

`RuleParser` is loaded on first access: the registry imports the intent specs, which import this package's
slot fillers and signals, so importing the package itself must not import the registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.intents.rules.parser import RuleParser


def __getattr__(name: str) -> Any:
    if name == "RuleParser":
        from bot.intents.rules.parser import RuleParser

        return RuleParser
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["RuleParser"]

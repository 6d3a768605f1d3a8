"""The registry of reminder kinds. A kind is a small rule object; registering it is all it takes to ship one."""

from __future__ import annotations

from notifications.rules.base import Rule

_REGISTRY: dict[str, Rule] = {}
_BUILTIN_LOADED: list[bool] = []


def register(rule: Rule) -> Rule:
    if rule.kind in _REGISTRY and _REGISTRY[rule.kind] is not rule:
        raise ValueError(f"reminder kind {rule.kind!r} registered twice")
    _REGISTRY[rule.kind] = rule
    return rule


def registry() -> dict[str, Rule]:
    """Every registered rule; the built-in ones are loaded on first use (nothing runs at import)."""
    if not _BUILTIN_LOADED:
        _BUILTIN_LOADED.append(True)
        _load_builtin()
    return dict(_REGISTRY)


def get(kind: str) -> Rule | None:
    return registry().get(kind)


def _load_builtin() -> None:
    from notifications.rules import (
        access,
        change_requests,
        contracts,
        daily,
        deals,
        money,
        projects,
        scoring,
        suggestions,
        tasks,
    )

    for module in (tasks, deals, daily, suggestions, access, projects, change_requests, contracts, money,
                   scoring):
        for rule in module.RULES:
            register(rule)

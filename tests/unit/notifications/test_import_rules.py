"""The layers, enforced by reading the source (an AST walk, nothing imported):

- `notifications` never imports `bot`; `core` imports neither;
- among `bot`'s modules only the composition root and the CLI import `notifications` (so handlers, channels and
  intents never do);
- only `core` talks SQL: outside it, `sqlalchemy` is imported by the short list below and nowhere else;
- outside `core`, nothing reaches for an attribute named `session` (units of work are handed to core services,
  never opened up).

`tests/` and `bench/` may import everything (DESIGN.md) and are not checked.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("core", "bot", "notifications", "prompts")

# bot modules that wire notifications in: the composition root, the settings it composes, and the command line.
NOTIFICATIONS_IMPORTERS = ("bot/bootstrap.py", "bot/serve.py", "bot/settings.py", "bot/cli/")
# Outside core, who may import sqlalchemy: the composition root builds the engine from settings.
SQLALCHEMY_IMPORTERS = ("bot/bootstrap.py",)
# Outside core, who may touch `.session`: the voice worker's gateway that joins an open transaction (it opens a
# nested system unit; it belongs next to `CoreGateway.unit_within` and is listed here until it moves there).
SESSION_USERS = ("bot/voice_jobs/joined.py",)


def _modules(*packages: str) -> Iterator[tuple[str, ast.Module]]:
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text("utf-8"), str(path))


def _imports(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _top(module: str) -> str:
    return module.split(".")[0]


def _allowed(path: str, allowed: tuple[str, ...]) -> bool:
    return any(path == entry or (entry.endswith("/") and path.startswith(entry)) for entry in allowed)


def test_notifications_and_core_never_import_bot() -> None:
    wrong = [(path, name) for path, tree in _modules("notifications", "core") for name in _imports(tree)
             if _top(name) == "bot" or (path.startswith("core/") and _top(name) == "notifications")]
    assert wrong == []


def test_core_never_imports_the_web_frameworks() -> None:
    """The REST API lives in bot/api; core stays importable without FastAPI, Starlette or the ASGI adapter."""
    wrong = [(path, name) for path, tree in _modules("core") for name in _imports(tree)
             if _top(name) in ("fastapi", "starlette", "aiohttp_asgi", "aiohttp")]
    assert wrong == []


def test_only_the_composition_root_and_the_cli_import_notifications() -> None:
    wrong = [(path, name) for path, tree in _modules("bot", "prompts") for name in _imports(tree)
             if _top(name) == "notifications" and not _allowed(path, NOTIFICATIONS_IMPORTERS)]
    assert wrong == []
    # Spelled out, as the issue puts it: handlers, channels and intents never do.
    assert not any(path.startswith(("bot/handlers/", "bot/channels/", "bot/intents/")) for path, _ in wrong)


def test_only_core_imports_sqlalchemy() -> None:
    wrong = [(path, name) for path, tree in _modules("bot", "notifications", "prompts") for name in _imports(tree)
             if _top(name) == "sqlalchemy" and not _allowed(path, SQLALCHEMY_IMPORTERS)]
    assert wrong == []


def test_nothing_outside_core_opens_a_unit_of_work_up() -> None:
    wrong = [(path, node.lineno) for path, tree in _modules("bot", "notifications", "prompts")
             for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr == "session" and not _allowed(path, SESSION_USERS)]
    assert wrong == []


def test_the_allowed_lists_name_files_that_exist() -> None:
    """An entry whose file went away (or moved) must leave the list, not linger as a silent permission."""
    for entry in (*NOTIFICATIONS_IMPORTERS, *SQLALCHEMY_IMPORTERS, *SESSION_USERS):
        assert (ROOT / entry).exists(), entry

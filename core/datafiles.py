"""Data files a team may edit (project templates, approval flows): packaged defaults in `core/data/`, a team's
own copy in the data dir taking their place. Read when needed and re-read when the file changes, so an edit
applies without a restart; a file that does not parse is a clear error naming the file and the line."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from core.errors import InvalidInput

PACKAGED = Path(__file__).parent / "data"
T = TypeVar("T")
_cache: dict[tuple[str, Callable[..., Any]], tuple[float, Any]] = {}


class DataFileError(InvalidInput):
    """A data file that cannot be used; `detail` says where and why (shown to the admin and the user)."""

    key = "error.data_file"

    def __init__(self, file: str, detail: str) -> None:
        super().__init__(file=file, detail=detail)


def locate(relative: str, data_dir: Path | None) -> Path:
    """The team's own file if there is one, else the packaged default."""
    if data_dir is not None and (data_dir / relative).is_file():
        return data_dir / relative
    return PACKAGED / relative


def load(path: Path, parse: Callable[[dict[str, Any], str], T]) -> T:
    """`parse(document, file name)` applied to a TOML file, cached until the file changes."""
    key = (str(path), parse)
    try:
        stamp = path.stat().st_mtime
    except OSError as exc:
        raise DataFileError(path.name, exc.strerror or "cannot be read") from None
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]  # type: ignore[no-any-return]
    try:
        document = tomllib.loads(path.read_text("utf-8"))
    except UnicodeDecodeError:
        raise DataFileError(path.name, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(path.name, str(exc)) from None
    try:
        value = parse(document, path.name)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise DataFileError(path.name, f"{where}: {first.get('msg')}") from None
    _cache[key] = (stamp, value)
    return value

"""Where the trained win model lives: in memory, and (when a data dir is set) in `scoring/win_model.json` in
it, 0600 — plain numbers, never a pickle, so a restart starts from the last nightly model without retraining."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.context import Defaults, ServiceContext, SystemContext
from core.datadir import PRIVATE_FILE_MODE
from core.scoring.model import WinModel

FILE = Path("scoring") / "win_model.json"


@dataclass(frozen=True)
class Status:
    """The last training: its model (None while history is thin) and what it was trained on."""

    model: WinModel | None
    closed_deals: int
    trained_at: datetime


_MEMORY: dict[str, Status] = {}


def _key(unit: ServiceContext | SystemContext) -> str:
    """One model per database (and data dir): two apps in one process never share one."""
    bind = unit.session.get_bind()
    return f"{unit.defaults.data_dir}|{bind.engine.url.render_as_string(hide_password=True)}"


def current(unit: ServiceContext | SystemContext) -> Status | None:
    defaults = unit.defaults
    key = _key(unit)
    if key not in _MEMORY and defaults.data_dir is not None:
        path = defaults.data_dir / FILE
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            model = WinModel.from_json(data["model"]) if data.get("model") else None
            _MEMORY[key] = Status(model, int(data["closed_deals"]), datetime.fromisoformat(data["trained_at"]))
    return _MEMORY.get(key)


def save(unit: ServiceContext | SystemContext, status: Status) -> None:
    defaults = unit.defaults
    _MEMORY[_key(unit)] = status
    if defaults.data_dir is None:
        return
    path = defaults.data_dir / FILE
    path.parent.mkdir(mode=0o700, exist_ok=True)
    body = json.dumps({"model": status.model.to_json() if status.model else None,
                       "closed_deals": status.closed_deals, "trained_at": status.trained_at.isoformat()})
    partial = path.with_suffix(".tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(body)
    os.chmod(partial, PRIVATE_FILE_MODE)
    os.replace(partial, path)


def forget() -> None:
    """Drop the in-memory models (tests; a data dir's file stays)."""
    _MEMORY.clear()


def path(defaults: Defaults) -> Path | None:
    return defaults.data_dir / FILE if defaults.data_dir is not None else None

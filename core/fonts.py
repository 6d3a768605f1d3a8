"""Where the bundled CJK font file is (Noto Sans SC from pylopdf-fonts-zh-cn, OFL-1.1), so Chinese labels render
without boxes. Only the file lookup lives here — no matplotlib in core; each chart module (notifications/charts.py,
bot/charts/gantt.py) registers this file with matplotlib itself."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def bundled_cjk_font() -> Path | None:
    """The bundled CJK font file, or None (with a warning saying how to get it) when it is missing."""
    try:
        from pylopdf_fonts_zh_cn import sans_path
    except ImportError:
        log.warning("the bundled CJK font is missing (pip install pylopdf-fonts-zh-cn); Chinese labels need one")
        return None
    path = Path(sans_path())
    if not path.is_file():
        log.warning("the bundled CJK font %s is missing; reinstall pylopdf-fonts-zh-cn", path)
        return None
    return path

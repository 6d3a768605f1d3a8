"""Charts for pushes, drawn with matplotlib's Agg backend into PNG bytes (no display, no files).

Chinese labels need a font that has CJK glyphs. One installs with salesbot: Noto Sans SC from the
pylopdf-fonts-zh-cn package (OFL-1.1), registered with matplotlib when the first chart is drawn. We then look for
a CJK family among the fonts matplotlib can see; should there be none (the package removed), labels fall back to
English so the chart never shows empty boxes. matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from core.fonts import bundled_cjk_font

log = logging.getLogger(__name__)

# Families known to carry CJK glyphs, most preferred first.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "SimHei", "Heiti SC", "Droid Sans Fallback",
    "AR PL UMing CN", "Noto Serif CJK SC",
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str = ""


def register_bundled_font() -> Path | None:
    """Make the Noto Sans SC that installs with salesbot known to matplotlib; its path, or None if it is missing."""
    path = bundled_cjk_font()
    if path is None:
        return None
    from matplotlib import font_manager

    if str(path) not in {str(font.fname) for font in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    return path


@cache
def cjk_font() -> str | None:
    """The name of an installed font family with CJK glyphs (the bundled one unless a preferred one exists)."""
    from matplotlib import font_manager

    register_bundled_font()
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    return None


def chart_language(lang: str) -> str:
    """The language chart labels can be drawn in: Chinese only when a CJK font exists."""
    return "zh" if lang == "zh" and cjk_font() is not None else "en"


def bar_chart(title: str, bars: list[Bar], *, value_label: str = "") -> bytes:
    """A horizontal bar chart as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    font = cjk_font()
    rc: Any = {"font.family": [font, "DejaVu Sans"]} if font else {}
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(6.4, 0.6 + 0.55 * max(len(bars), 1)), dpi=110)
        axes = figure.add_subplot()
        labels = [bar.label for bar in bars]
        values = [bar.value for bar in bars]
        positions = list(range(len(bars)))
        drawn = axes.barh(positions, values, color="#3b82f6")
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_title(title)
        if value_label:
            axes.set_xlabel(value_label)
        axes.bar_label(drawn, labels=[bar.note for bar in bars], padding=3, fontsize=8)
        axes.spines[["top", "right", "bottom"]].set_visible(False)
        axes.xaxis.set_visible(False)  # every bar carries its own figure
        high = max(values, default=0) or 1
        axes.set_xlim(0, high * 1.35)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def as_float(amount: Decimal) -> float:
    return float(amount)

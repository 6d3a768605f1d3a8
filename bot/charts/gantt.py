"""A project's Gantt chart as PNG bytes: tasks as bars, milestones as diamonds, today's line, late tasks in red,
critical-path tasks outlined, done tasks grey. matplotlib's Agg backend, imported only when a chart is drawn; the
bundled CJK font (`core.fonts`) is registered first so Chinese task names render with no boxes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from core.fonts import bundled_cjk_font

BAR = "#4c78a8"
LATE = "#e45756"
DONE = "#9e9e9e"
CRITICAL_EDGE = "#1f2d3d"
TODAY = "#d62728"


@dataclass(frozen=True)
class GanttBar:
    label: str
    start: date
    end: date  # inclusive
    milestone: bool = False
    late: bool = False
    critical: bool = False
    done: bool = False


@cache
def font_family() -> str | None:
    """The bundled CJK font's family name, registered with matplotlib (None without it: labels may show boxes)."""
    path = bundled_cjk_font()
    if path is None:
        return None
    from matplotlib import font_manager

    if str(path) not in {str(font.fname) for font in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    return str(font_manager.FontProperties(fname=str(path)).get_name())


def gantt_png(title: str, bars: list[GanttBar], today: date, *, today_label: str = "today") -> bytes:
    import importlib

    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    dates: Any = importlib.import_module("matplotlib.dates")  # untyped: reached through Any
    date2num = dates.date2num

    family = font_family()
    rc: Any = {"font.family": [family, "DejaVu Sans"]} if family else {}
    rows = max(len(bars), 1)
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(9, 1.3 + 0.28 * rows), dpi=100)
        axes = figure.add_subplot()
        tasks = [(i, b) for i, b in enumerate(bars) if not b.milestone]
        if tasks:
            lefts = [date2num(b.start) for _, b in tasks]
            widths = [date2num(b.end + timedelta(days=1)) - date2num(b.start) for _, b in tasks]
            colours = [DONE if b.done else LATE if b.late else BAR for _, b in tasks]
            edges = [CRITICAL_EDGE if b.critical and not b.done else "none" for _, b in tasks]
            axes.barh([i for i, _ in tasks], widths, left=lefts, height=0.6, color=colours, edgecolor=edges,
                      linewidth=1.2)
        marks = [(i, b) for i, b in enumerate(bars) if b.milestone]
        if marks:
            axes.scatter([date2num(b.start) + 0.5 for _, b in marks], [i for i, _ in marks], marker="D", s=60,
                         zorder=3, color=[DONE if b.done else LATE if b.late else "#f58518" for _, b in marks])
        axes.axvline(date2num(today) + 0.5, color=TODAY, linestyle="--", linewidth=1)
        axes.text(date2num(today) + 0.5, -0.9, today_label, color=TODAY, fontsize=8, ha="center")
        axes.set_yticks(range(len(bars)), [b.label for b in bars], fontsize=8 if rows < 40 else 6)
        axes.set_ylim(rows - 0.4, -1.2)
        locator = dates.AutoDateLocator()
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))
        axes.grid(axis="x", alpha=0.3)
        axes.set_title(title)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()

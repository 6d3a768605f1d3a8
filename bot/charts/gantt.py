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
    collections: Any = importlib.import_module("matplotlib.collections")
    date2num = dates.date2num

    family = font_family()
    rc: Any = {"font.family": [family, "DejaVu Sans"]} if family else {}
    rows = max(len(bars), 1)
    # Sizes are set, not measured: tight_layout and tick labels would lay out every label several times, the
    # bulk of the cost of a 200-task chart. Task names are plain texts drawn once, left of the axes.
    row_height = 0.28 if rows <= 40 else 0.17
    font_size = 8 if rows <= 40 else 6
    widest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in b.label) for b in bars), default=4)
    label_width = min(3.2, 0.2 + widest * font_size * 0.0075)
    width, height = 7.5 + label_width, 1.3 + row_height * rows
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(width, height), dpi=100)
        figure.subplots_adjust(left=label_width / width, right=0.98, top=1 - 0.55 / height, bottom=0.45 / height)
        axes = figure.add_subplot()
        tasks = [(i, b) for i, b in enumerate(bars) if not b.milestone]
        if tasks:
            # One collection for all bars (one artist, not one patch per task).
            boxes = []
            for i, b in tasks:
                left, right = date2num(b.start), date2num(b.end + timedelta(days=1))
                boxes.append([(left, i - 0.3), (right, i - 0.3), (right, i + 0.3), (left, i + 0.3)])
            colours = [DONE if b.done else LATE if b.late else BAR for _, b in tasks]
            edges = [CRITICAL_EDGE if b.critical and not b.done else "none" for _, b in tasks]
            axes.add_collection(collections.PolyCollection(boxes, facecolors=colours, edgecolors=edges,
                                                           linewidths=1.2))
        marks = [(i, b) for i, b in enumerate(bars) if b.milestone]
        if marks:
            axes.scatter([date2num(b.start) + 0.5 for _, b in marks], [i for i, _ in marks], marker="D", s=60,
                         zorder=3, color=[DONE if b.done else LATE if b.late else "#f58518" for _, b in marks])
        axes.axvline(date2num(today) + 0.5, color=TODAY, linestyle="--", linewidth=1)
        axes.text(date2num(today) + 0.5, -0.9, today_label, color=TODAY, fontsize=8, ha="center")
        first = min([b.start for b in bars] + [today])
        last = max([b.end for b in bars] + [today])
        axes.set_xlim(date2num(first) - 1, date2num(last) + 2)
        axes.set_yticks([])
        names = axes.get_yaxis_transform()  # x in axes fractions, y in rows
        for i, bar in enumerate(bars):
            # Figure texts: no clip path to set up per label (axes texts cost twice as much to add).
            figure.text(-0.01, i, bar.label, transform=names, ha="right", va="center", fontsize=font_size,
                        color=LATE if bar.late else "#222222")
        axes.set_ylim(rows - 0.4, -1.2)
        locator = dates.AutoDateLocator()
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))
        axes.grid(axis="x", alpha=0.3)
        figure.text(0.5, 1 - 0.3 / height, title, ha="center", va="center", fontsize=11)
        axes.spines[["top", "right"]].set_visible(False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 3})
    return buffer.getvalue()

"""Report charts as PNG bytes, sized for a phone: 800 px wide, large type, one figure per report.

Colours are fixed per meaning so a stage looks the same on every chart (the funnel, the cycle time, the forecast's
stage mix): `STAGE_COLOURS` is the one palette, keyed by the stage list in `core.models`. matplotlib's Agg
backend is imported only when a chart is drawn (no pyplot, no global state); the bundled CJK font is registered
first (bot/charts/gantt.font_family), so Chinese labels render with no boxes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bot.charts.gantt import font_family
from core.models import STAGES

# One colour per stage (ColorBrewer-like, readable in sunlight and for the common colour blindness).
STAGE_COLOURS: dict[str, str] = {
    "lead": "#9ecae1", "qualified": "#6baed6", "proposal": "#3182bd", "negotiation": "#08519c",
    "won": "#31a354", "lost": "#de2d26",
}
COMMIT = "#08519c"
BEST_CASE = "#9ecae1"
NEUTRAL = "#4c78a8"
# Receivables buckets, from not yet due (green) to over 90 days late (dark red).
BUCKET_COLOURS: dict[str, str] = {"current": "#74c476", "1_30": "#fdae6b", "31_60": "#fd8d3c", "61_90": "#e6550d",
                                  "90_plus": "#a50f15"}
WIDTH_INCHES = 8.0  # × DPI = 800 px
DPI = 100
TITLE_SIZE = 20
LABEL_SIZE = 16
NOTE_SIZE = 14
TITLE_WIDTH = 56  # columns of TITLE_SIZE type across 800 px

assert set(STAGE_COLOURS) == set(STAGES), "every stage has its one colour"


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: float
    note: str = ""  # the figure written at the bar's end
    colour: str = NEUTRAL


def stage_colour(stage: str) -> str:
    return STAGE_COLOURS.get(stage, NEUTRAL)


def wrapped(title: str, width: int = TITLE_WIDTH) -> str:
    """A title that fits the phone's width: broken at its " · " separators (a CJK character is two columns)."""
    lines: list[str] = []
    for part in title.split(" · "):
        if lines and _columns(lines[-1] + " · " + part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return "\n".join(lines)


def _columns(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


@contextmanager
def _figure(title: str, height: float) -> Iterator[tuple[Any, Any, io.BytesIO]]:
    """A figure with one axes and the title; the PNG lands in the yielded buffer when the block ends."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    family = font_family()
    rc: Any = {"font.family": [family, "DejaVu Sans"]} if family else {}
    buffer = io.BytesIO()
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
        axes = figure.add_subplot()
        axes.set_title(wrapped(title), fontsize=TITLE_SIZE, pad=14)
        axes.spines[["top", "right"]].set_visible(False)
        yield figure, axes, buffer
        figure.tight_layout()
        figure.savefig(buffer, format="png")


def bar_chart(title: str, bars: list[ChartBar]) -> bytes:
    """Horizontal bars, first on top, each with its figure written at its end."""
    with _figure(title, 1.6 + 0.75 * max(len(bars), 1)) as (_, axes, buffer):
        positions = list(range(len(bars)))
        drawn = axes.barh(positions, [b.value for b in bars], color=[b.colour for b in bars], height=0.65)
        axes.set_yticks(positions, [b.label for b in bars], fontsize=LABEL_SIZE)
        axes.invert_yaxis()
        axes.bar_label(drawn, labels=[b.note for b in bars], padding=6, fontsize=NOTE_SIZE)
        axes.xaxis.set_visible(False)  # every bar carries its own figure
        axes.spines[["bottom"]].set_visible(False)
        axes.set_xlim(0, (max((b.value for b in bars), default=0) or 1) * 1.45)
    return buffer.getvalue()


def funnel_chart(title: str, bars: list[ChartBar]) -> bytes:
    """A funnel: centred bars, widest first, the stage and its figure inside or beside each."""
    with _figure(title, 1.6 + 0.85 * max(len(bars), 1)) as (_, axes, buffer):
        widest = max((b.value for b in bars), default=0) or 1
        positions = list(range(len(bars)))
        axes.barh(positions, [b.value for b in bars], left=[(widest - b.value) / 2 for b in bars],
                  color=[b.colour for b in bars], height=0.8)
        for position, bar in zip(positions, bars, strict=True):
            axes.text(widest / 2, position, f"{bar.label}  {bar.note}", ha="center", va="center",
                      fontsize=LABEL_SIZE, color="#111111",
                      bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.75, "edgecolor": "none"})
        axes.invert_yaxis()
        axes.set_xlim(0, widest)
        axes.set_axis_off()
    return buffer.getvalue()


def column_chart(title: str, labels: list[str], series: list[tuple[str, str, list[float]]],
                 notes: list[str] | None = None) -> bytes:
    """Vertical columns per label, one per series (name, colour, values) side by side; `notes` under the labels."""
    with _figure(title, 5.6) as (_, axes, buffer):
        count = max(len(series), 1)
        width = 0.8 / count
        for index, (name, colour, values) in enumerate(series):
            offsets = [i - 0.4 + width * (index + 0.5) for i in range(len(labels))]
            axes.bar(offsets, values, width=width * 0.95, color=colour, label=name)
        ticks = labels if notes is None else [f"{label}\n{note}" for label, note in zip(labels, notes, strict=True)]
        axes.set_xticks(list(range(len(labels))), ticks, fontsize=LABEL_SIZE)
        axes.tick_params(axis="y", labelsize=NOTE_SIZE)
        axes.yaxis.set_major_formatter(_short_number_formatter())
        if len(series) > 1:
            axes.legend(fontsize=NOTE_SIZE, frameon=False)
        axes.grid(axis="y", alpha=0.3)
    return buffer.getvalue()


def _short_number_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    def short(value: float, _position: int) -> str:
        for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
            if abs(value) >= size:
                return f"{value / size:g}{suffix}"
        return f"{value:g}"

    return FuncFormatter(short)

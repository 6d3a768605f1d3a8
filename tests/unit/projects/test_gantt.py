"""The Gantt chart: a valid PNG, Chinese task names with every glyph covered by the bundled font, any size."""

from __future__ import annotations

import warnings
from datetime import date, timedelta

import pytest

from bot.charts import gantt
from bot.charts.gantt import GanttBar, gantt_png

TODAY = date(2026, 11, 27)
PNG = b"\x89PNG\r\n\x1a\n"


def test_a_gantt_with_chinese_task_names_has_every_glyph() -> None:
    gantt.font_family.cache_clear()
    bars = [GanttBar("项目启动", date(2026, 11, 25), date(2026, 11, 25), milestone=True, done=True),
            GanttBar("需求调研", date(2026, 11, 25), date(2026, 12, 1), critical=True, late=True),
            GanttBar("数据迁移", date(2026, 12, 2), date(2026, 12, 8)),
            GanttBar("验收", date(2026, 12, 9), date(2026, 12, 9), milestone=True)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = gantt_png("华东电力 · 运输管理系统", bars, TODAY, today_label="今天")
    assert png[:8] == PNG
    assert [str(w.message) for w in caught if "missing from" in str(w.message)] == []
    assert gantt.font_family() == "Noto Sans SC"


def test_without_the_font_file_the_chart_still_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    gantt.font_family.cache_clear()
    monkeypatch.setattr(gantt, "bundled_cjk_font", lambda: None)
    assert gantt_png("Acme", [GanttBar("Design", TODAY, TODAY + timedelta(days=3))], TODAY)[:8] == PNG
    gantt.font_family.cache_clear()


def test_a_large_plan_and_an_empty_one_draw() -> None:
    bars = [GanttBar(f"Task {i}", TODAY + timedelta(days=i), TODAY + timedelta(days=i + 3), milestone=i % 10 == 0,
                     late=i % 7 == 0) for i in range(200)]
    assert gantt_png("Big", bars, TODAY)[:8] == PNG
    assert gantt_png("Empty", [], TODAY)[:8] == PNG


def test_importing_the_gantt_module_loads_no_matplotlib() -> None:
    import subprocess
    import sys

    code = "import sys, bot.charts.gantt, core.fonts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

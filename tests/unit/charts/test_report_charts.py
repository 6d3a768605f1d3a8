"""Report charts: PNGs 800 px wide (a phone screen), every Chinese glyph in the shipped font (no boxes), one colour
per stage everywhere, and no matplotlib at import time."""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Callable

import pytest

from bot.charts import report_charts as charts
from bot.charts.report_charts import ChartBar
from core.models import STAGES

PNG = b"\x89PNG\r\n\x1a\n"
ZH_STAGES = {"lead": "线索", "qualified": "初步接触", "proposal": "方案报价", "negotiation": "谈判中", "won": "已签约",
             "lost": "已丢单"}


def _drawn(draw: Callable[[], bytes]) -> tuple[bytes, list[str]]:
    """The PNG and every warning about a glyph the font lacks."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = draw()
    return png, [str(w.message) for w in caught if "missing from" in str(w.message)]


def _width(png: bytes) -> int:
    assert png.startswith(PNG)
    return int.from_bytes(png[16:20], "big")


CHINESE = [
    pytest.param(lambda: charts.funnel_chart("销售漏斗 · 本团队 · 10月1日 – 12月31日", [
        ChartBar(ZH_STAGES[s], 10.0 - i, f"{10 - i}个", charts.stage_colour(s)) for i, s in enumerate(STAGES[:5])]),
        id="funnel"),
    pytest.param(lambda: charts.bar_chart("团队排名 · 本团队", [
        ChartBar("1. 王芳", 300000.0, "30万元"), ChartBar("2. 张伟", 100000.0, "10万元")]), id="ranking"),
    pytest.param(lambda: charts.column_chart("销售预测 · 我的 (CNY)", ["2026年11月", "2026年12月", "2027年1月"],
                                             [("承诺", charts.COMMIT, [60000.0, 0.0, 32000.0]),
                                              ("最佳", charts.BEST_CASE, [60000.0, 100000.0, 32000.0])]),
                 id="forecast"),
    pytest.param(lambda: charts.bar_chart("应收账龄 · 截至11月25日", [
        ChartBar("逾期61–90天", 80000.0, "8万元", charts.BUCKET_COLOURS["61_90"]),
        ChartBar("逾期90天以上", 0.0, "¥0", charts.BUCKET_COLOURS["90_plus"])]), id="aging"),
]


@pytest.mark.parametrize("draw", CHINESE)
def test_chinese_labels_have_every_glyph_and_fit_a_phone(draw: Callable[[], bytes]) -> None:
    png, missing = _drawn(draw)
    assert missing == []
    assert _width(png) == 800


def test_a_missing_glyph_would_be_caught() -> None:
    """The check above can fail: a glyph no font has (a private-use code point) is reported."""
    _, missing = _drawn(lambda: charts.bar_chart("\ue000", [ChartBar("\ue001", 1.0, "1")]))
    assert missing


def test_one_colour_per_stage_everywhere() -> None:
    assert set(charts.STAGE_COLOURS) == set(STAGES)
    assert len(set(charts.STAGE_COLOURS.values())) == len(STAGES)
    assert charts.stage_colour("won") == charts.STAGE_COLOURS["won"]
    assert charts.stage_colour("no such stage") == charts.NEUTRAL


def test_a_chart_of_one_bar_or_all_zeros_still_draws() -> None:
    assert _width(charts.bar_chart("Win rate", [ChartBar("won", 0.0, "0")])) == 800
    assert _width(charts.funnel_chart("Funnel", [ChartBar("lead", 0.0, "0")])) == 800


def test_importing_the_charts_loads_no_matplotlib() -> None:
    code = "import sys, bot.charts.report_charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_long_title_breaks_at_its_separators() -> None:
    assert charts.wrapped("Win rate · your deals · Q4") == "Win rate · your deals · Q4"
    long = "Customer lifetime value · your deals · all time to Wed 25 Nov 2026"
    assert charts.wrapped(long) == "Customer lifetime value · your deals\nall time to Wed 25 Nov 2026"
    assert charts.wrapped("客户生命周期价值 · 本团队 · 截至2026年11月25日(周三)的全部") == \
        "客户生命周期价值 · 本团队\n截至2026年11月25日(周三)的全部"

"""A CJK font installs with salesbot, so Chinese chart labels render with no extra step on a bare server."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from notifications import charts


@pytest.fixture
def fresh_font_lookup() -> None:
    charts.cjk_font.cache_clear()


def test_the_bundled_font_is_registered_when_a_chart_is_built(fresh_font_lookup: None) -> None:
    from matplotlib import font_manager

    path = charts.register_bundled_font()
    assert path is not None and path.is_file() and path.name == "NotoSansSC-Regular.otf"
    registered = [font for font in font_manager.fontManager.ttflist if Path(str(font.fname)) == path]
    assert [font.name for font in registered] == ["Noto Sans SC"]
    charts.register_bundled_font()  # idempotent: registered once
    assert len([f for f in font_manager.fontManager.ttflist if Path(str(f.fname)) == path]) == 1
    assert charts.cjk_font() in charts.CJK_FAMILIES
    assert charts.chart_language("zh") == "zh"


def test_importing_charts_loads_no_font() -> None:
    import subprocess
    import sys

    code = "import sys, notifications.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # registration happens at chart-build time, not import time


def test_a_chart_with_chinese_labels_has_every_glyph(fresh_font_lookup: None) -> None:
    bars = [charts.Bar("线索", 1.0, "1 · 15万元"), charts.Bar("方案报价", 2.0, "2"), charts.Bar("赢单", 3.0, "3")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = charts.bar_chart("商机概览", bars, value_label="金额")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []


def test_without_any_cjk_font_labels_fall_back_to_english(fresh_font_lookup: None,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "register_bundled_font", lambda: None)
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such Font",))
    assert charts.cjk_font() is None and charts.chart_language("zh") == "en"
    charts.cjk_font.cache_clear()

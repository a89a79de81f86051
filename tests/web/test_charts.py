"""The SVG charts: valid XML, accessible names, bars in proportion, escaping, and the same numbers in the table."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from charte.web.charts import bar_chart, hbar_chart, line_chart, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (0, [0.0, 1.0]),
        (7, [0, 2, 4, 6, 8]),
        (100, [0, 25, 50, 75, 100]),
        (3.2, [0, 1, 2, 3, 4]),
        (1.2, [0, 0.5, 1, 1.5]),
    ],
)
def test_ticks_are_round_and_cover_the_top(top: float, ticks: list[float]) -> None:
    assert nice_ticks(top) == ticks


def test_stacked_bars_are_in_proportion_and_named() -> None:
    chart = bar_chart(
        "checks",
        "Posts checked",
        "12 posts",
        ["1 Nov", "2 Nov"],
        [("allowed", [4, 2]), ("blocked", [4, 2])],
        first_column="Day",
    )
    root = _parse(str(chart.svg))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "checks-t checks-d"
    assert root.find(f"{SVG}title").text == "Posts checked" and root.find(f"{SVG}desc").text == "12 posts"
    heights = [
        float(r.get("height"))
        for g in root.findall(f"{SVG}g")
        for r in g.findall(f"{SVG}rect")
        if g.get("class", "").startswith("chart-s")
    ]
    assert heights[0] == pytest.approx(2 * heights[1])  # 4 against 2, same series
    assert chart.table.header == ("Day", "allowed", "blocked")
    assert chart.table.rows == (("1 Nov", "4", "4"), ("2 Nov", "2", "2"))
    assert not chart.empty


def test_labels_are_escaped_and_gaps_shown_as_dashes() -> None:
    chart = line_chart(
        "lead", "Lead <time>", "d", ["a", "b", "c"], [('<script>"x"', [1.5, None, 3])], first_column="Week"
    )
    assert "<script>" not in str(chart.svg) and "&lt;script&gt;" in str(chart.svg)
    _parse(str(chart.svg))
    assert chart.table.rows == (("a", "1.5"), ("b", "–"), ("c", "3"))
    assert len(_parse(str(chart.svg)).findall(f".//{SVG}circle")) == 2


def test_empty_charts_say_so() -> None:
    assert bar_chart("x", "t", "d", ["a"], [("s", [0])], first_column="Day").empty
    assert hbar_chart("y", "t", "d", [], [], first_column="Rule", value_column="Count").empty
    top = hbar_chart("z", "t", "d", ["pii", "links"], [10, 5], first_column="Rule", value_column="Count")
    widths = [float(r.get("width")) for r in _parse(str(top.svg)).iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.2)  # written to 0.1


def test_counts_have_whole_ticks() -> None:
    assert nice_ticks(2, whole=True) == [0, 1, 2]

"""Charts drawn on the server as inline SVG: stacked bars, lines and horizontal bars, each with a table.

Why not a chart library: the pages' content security policy allows no inline script and no inline style,
and the charts are inlined in the page so that the site's stylesheet colours them (contrast, dark mode,
print) and screen readers reach them. pygal, the obvious PyPI choice, writes a ``<style>`` element and
a script tag for its tooltips into every SVG, which that policy blocks; a JavaScript library would need a
vendored build. The figures here are a few rectangles and polylines on a linear scale with round ticks, about
the size of the code that would adapt pygal's output.

Accessibility: each ``<svg>`` is ``role="img"`` with a ``<title>`` and a ``<desc>`` that states the totals,
series are told apart by colour *and* by a pattern class (stripes, dots) and a legend, and every chart comes
with a :class:`Table` of the same numbers that the page shows beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 12, 52
SERIES_CLASSES = 6  # chart-s0 … chart-s5 in the stylesheet


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    desc: str
    svg: Markup
    table: Table
    empty: bool


def nice_ticks(top: float, count: int = 4, *, whole: bool = False) -> list[float]:
    """Round tick values from 0 to at least ``top`` (1, 2, 2.5 or 5 times a power of ten; ``whole``: counts,
    so no tick between two integers)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole:
        step = max(1, math.ceil(step))
    return [step * i for i in range(math.ceil(top / step - 1e-9) + 1)]


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _open(chart_id: str, title: str, desc: str, height: int = HEIGHT) -> list[str]:
    return [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>',
    ]


def _axes(ticks: list[float], plot_h: float, labels: Sequence[str], slot: float) -> list[str]:
    parts = ['<g class="chart-axis" aria-hidden="true">']
    top = ticks[-1] or 1
    for t in ticks:
        y = TOP + plot_h - plot_h * t / top
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="chart-grid"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 5:.1f}" text-anchor="end">{escape(_fmt(t))}</text>')
    every = max(1, math.ceil(len(labels) / 7))  # at most seven labels under the axis
    for i, label in enumerate(labels):
        if i % every:
            continue
        x = LEFT + slot * (i + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 20:.1f}" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</g>")
    return parts


def _legend(names: Sequence[str], y: float, first: int = 0) -> list[str]:
    parts = ['<g class="chart-legend" aria-hidden="true">']
    x = float(LEFT)
    for i, name in enumerate(names, start=first):
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" class="chart-s{i % SERIES_CLASSES}"/>'
        )
        parts.append(f'<text x="{x + 14:.1f}" y="{y:.1f}">{escape(name)}</text>')
        x += 28 + 8.5 * len(name)
    parts.append("</g>")
    return parts


def _table(
    caption: str, first: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]
) -> Table:
    return Table(
        caption,
        (first, *(name for name, _v in series)),
        tuple(
            (label, *("–" if values[i] is None else _fmt(values[i] or 0) for _n, values in series))
            for i, label in enumerate(labels)
        ),
    )


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    first_column: str,
    whole: bool = True,
) -> Chart:
    """Vertical bars, one per label, the series stacked (a ``None`` value draws nothing)."""
    plot_h = HEIGHT - TOP - BOTTOM
    totals = [sum(v[i] or 0 for _n, v in series) for i in range(len(labels))]
    ticks = nice_ticks(max(totals, default=0), whole=whole)
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    bar_w = max(slot * 0.7, 1.0)
    parts = _open(chart_id, title, desc)
    parts += _axes(ticks, plot_h, labels, slot)
    scale = plot_h / (ticks[-1] or 1)
    for s, (name, values) in enumerate(series):
        parts.append(f'<g class="chart-s{s % SERIES_CLASSES}"><title>{escape(name)}</title>')
        for i, value in enumerate(values):
            if not value:
                continue
            below = sum(series[k][1][i] or 0 for k in range(s))
            h = value * scale
            y = TOP + plot_h - below * scale - h
            x = LEFT + slot * i + (slot - bar_w) / 2
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
                f"<title>{escape(labels[i])}: {escape(name)} {escape(_fmt(value))}</title></rect>"
            )
        parts.append("</g>")
    if len(series) > 1:
        parts += _legend([n for n, _v in series], HEIGHT - 8)
    parts.append("</svg>")
    return Chart(
        chart_id,
        title,
        desc,
        Markup("".join(parts)),
        _table(title, first_column, labels, series),
        not any(totals),
    )


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    first_column: str,
) -> Chart:
    """One line per series (counts), with a dot on each point (so a single bucket still shows)."""
    legend_rows = math.ceil(len(series) / 2)
    height = HEIGHT + 20 * max(legend_rows - 1, 0)
    plot_h = HEIGHT - TOP - BOTTOM
    top = max((v or 0 for _n, values in series for v in values), default=0)
    ticks = nice_ticks(top, whole=True)
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    scale = plot_h / (ticks[-1] or 1)
    parts = _open(chart_id, title, desc, height)
    parts += _axes(ticks, plot_h, labels, slot)
    for s, (name, values) in enumerate(series):
        points = [
            (LEFT + slot * (i + 0.5), TOP + plot_h - (v or 0) * scale)
            for i, v in enumerate(values)
            if v is not None
        ]
        parts.append(f'<g class="chart-line chart-s{s % SERIES_CLASSES}"><title>{escape(name)}</title>')
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}"/>')
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3"/>' for x, y in points]
        parts.append("</g>")
    for row in range(legend_rows):  # two names per row: clause titles are long
        pair = [n for n, _v in series[row * 2 : row * 2 + 2]]
        parts += _legend(pair, HEIGHT - 8 + 20 * row, first=row * 2)
    parts.append("</svg>")
    return Chart(
        chart_id, title, desc, Markup("".join(parts)), _table(title, first_column, labels, series), top == 0
    )


def hbar_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[int],
    *,
    first_column: str,
    value_column: str,
) -> Chart:
    """Horizontal bars, largest first, the label above each bar (long rule ids stay readable)."""
    row_h = 40
    height = TOP + row_h * max(len(labels), 1) + 8
    top = max(values, default=0)
    ticks = nice_ticks(top, whole=True)
    width = WIDTH - LEFT - RIGHT - 40
    parts = _open(chart_id, title, desc, height)
    parts.append('<g class="chart-s0">')
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + row_h * i
        w = width * value / (ticks[-1] or 1)
        parts.append(f'<text class="chart-label" x="{LEFT}" y="{y + 14:.1f}">{escape(label)}</text>')
        parts.append(
            f'<rect x="{LEFT}" y="{y + 20:.1f}" width="{max(w, 1):.1f}" height="14">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        parts.append(f'<text class="chart-value" x="{LEFT + w + 6:.1f}" y="{y + 32:.1f}">{value}</text>')
    parts.append("</g></svg>")
    table = Table(
        title,
        (first_column, value_column),
        tuple((lab, str(v)) for lab, v in zip(labels, values, strict=True)),
    )
    return Chart(chart_id, title, desc, Markup("".join(parts)), table, not values)

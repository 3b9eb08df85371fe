"""Server-rendered SVG charts of the survey results: no JavaScript, no inline style (the CSP
refuses both), scaled by its viewBox so it fits a 360 px phone. Each chart is `aria-hidden`
decoration beside a table that carries the same figures for screen readers (the templates render
that table)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 320
LABEL_WIDTH = 40
VALUE_WIDTH = 48
BAR_HEIGHT = 18
GAP = 10


@dataclass(frozen=True)
class Bar:
    label: str  # short: "U1"
    value: Decimal | None
    shown: str  # the value as the page prints it ("3,62")


def _number(value: float) -> str:
    return f"{value:.1f}"


def horizontal_bars(bars: Sequence[Bar], *, maximum: Decimal, title: str) -> SafeString:
    """One bar per row, its label on the left and its value on the right (NRR 0–4 per element)."""
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    rows = []
    for row, bar in enumerate(bars):
        y = GAP + row * (BAR_HEIGHT + GAP)
        length = float(bar.value / maximum) * span if bar.value is not None and maximum else 0.0
        rows.append(
            (
                _number(y + BAR_HEIGHT * 0.72),
                bar.label,
                LABEL_WIDTH,
                _number(y),
                _number(max(length, 0.0)),
                BAR_HEIGHT,
                _number(LABEL_WIDTH + length + 4),
                _number(y + BAR_HEIGHT * 0.72),
                bar.shown,
            )
        )
    body = format_html_join(
        "",
        '<text class="chart-label" x="0" y="{}">{}</text>'
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" rx="2"></rect>'
        '<text class="chart-value" x="{}" y="{}">{}</text>',
        rows,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-hidden="true" focusable="false"'
        ' preserveAspectRatio="xMinYMin meet"><title>{}</title>'
        '<line class="chart-axis" x1="{}" y1="0" x2="{}" y2="{}"></line>{}</svg>',
        WIDTH,
        height,
        title,
        LABEL_WIDTH,
        LABEL_WIDTH,
        height,
        body,
    )


def column_trend(bars: Sequence[Bar], *, lowest: Decimal, highest: Decimal, title: str) -> SafeString:
    """Columns side by side, oldest on the left (the converted IKM of the last periods, 25–100);
    a period without a figure is an empty slot labelled "–"."""
    height, top, bottom = 180, 18, 34
    slot = WIDTH / max(len(bars), 1)
    plot = height - top - bottom
    columns = []
    for index, bar in enumerate(bars):
        x = index * slot + slot * 0.2
        size = float((bar.value - lowest) / (highest - lowest)) * plot if bar.value is not None else 0.0
        size = max(size, 0.0)
        columns.append(
            (
                _number(x),
                _number(top + plot - size),
                _number(slot * 0.6),
                _number(size),
                _number(x + slot * 0.3),
                _number(top + plot - size - 4),
                bar.shown,
                _number(x + slot * 0.3),
                _number(height - bottom + 16),
                bar.label,
            )
        )
    body = format_html_join(
        "",
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" rx="2"></rect>'
        '<text class="chart-value" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
        columns,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-hidden="true" focusable="false"'
        ' preserveAspectRatio="xMinYMin meet"><title>{}</title>'
        '<line class="chart-axis" x1="0" y1="{}" x2="{}" y2="{}"></line>{}</svg>',
        WIDTH,
        height,
        title,
        top + plot,
        WIDTH,
        top + plot,
        body,
    )

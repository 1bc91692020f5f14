"""Charts drawn on the server as inline SVG: no JavaScript library, nothing from a CDN.

Each chart is an ``<svg role="img">`` with a <title> naming it; the page puts
the same numbers in a table next to it for screen readers and for copying.
Every label passes through ``format_html``: a channel name cannot inject markup.
The text size and colour are also set as attributes on ``<svg>``: WeasyPrint (the
weekly PDF) does not apply the page's CSS inside inline SVG, and drew the labels at
16px, off the page; in the browser the stylesheet still decides.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

CATEGORY_COLOURS = {
    "threat": "#b3261e",
    "abuse": "#c2410c",
    "negative": "#d4a017",
    "question": "#1d4ed8",
    "praise": "#15803d",
    "spam": "#9ca3af",
    "other": "#64748b",
    "": "#cbd5e1",
}
ACCENT = "#2f5d8a"
LIGHT = "#9db8d3"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return step
    magnitude = 10 ** (len(str(int(value))) - 1)
    return (int(value / magnitude) + 1) * magnitude


def hbars(title: str, rows: list[tuple[str, float, str]], *, width: int = 520) -> str:
    """Horizontal bars: rows of (label, value, shown value)."""
    bar_h, gap, left = 18, 8, 170
    height = max(1, len(rows)) * (bar_h + gap) + gap
    top = _nice_max(max((v for _l, v, _s in rows), default=0))
    scale = (width - left - 70) / top
    parts = format_html_join(
        "",
        '<g><text x="{}" y="{}" text-anchor="end" class="lbl">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
        '<text x="{}" y="{}" class="val">{}</text></g>',
        (
            (
                left - 6,
                gap + i * (bar_h + gap) + 13,
                label[:28],
                left,
                gap + i * (bar_h + gap),
                round(max(value, 0) * scale, 1),
                bar_h,
                ACCENT,
                label,
                shown,
                left + round(max(value, 0) * scale, 1) + 4,
                gap + i * (bar_h + gap) + 13,
                shown,
            )
            for i, (label, value, shown) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="100%" '
        'font-size="11" fill="#334155" '
        'preserveAspectRatio="xMinYMin meet"><title>{t}</title>{p}</svg>',
        w=width,
        h=height,
        t=title,
        p=parts,
    )


def paired_hbars(
    title: str, rows: list[tuple[str, float | None, float | None, str]], labels: tuple[str, str]
) -> str:
    """Two bars per row (median and p90 for instance); values in seconds shown as text."""
    width, bar_h, gap, left = 520, 11, 10, 170
    height = max(1, len(rows)) * (2 * bar_h + gap) + gap + 18
    top = _nice_max(max((max(a or 0, b or 0) for _l, a, b, _s in rows), default=0))
    scale = (width - left - 110) / top
    items = []
    for i, (label, a, b, shown) in enumerate(rows):
        y = 18 + gap + i * (2 * bar_h + gap)
        items.append(
            format_html(
                '<g><text x="{}" y="{}" text-anchor="end" class="lbl">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" class="val">{}</text></g>',
                left - 6,
                y + bar_h + 3,
                label[:28],
                left,
                y,
                round((a or 0) * scale, 1),
                bar_h,
                ACCENT,
                left,
                y + bar_h,
                round((b or 0) * scale, 1),
                bar_h,
                LIGHT,
                left + round(max(a or 0, b or 0) * scale, 1) + 4,
                y + bar_h + 3,
                shown,
            )
        )
    legend = format_html(
        '<g class="legend"><rect x="{}" y="2" width="10" height="10" fill="{}"/>'
        '<text x="{}" y="11">{}</text><rect x="{}" y="2" width="10" height="10" fill="{}"/>'
        '<text x="{}" y="11">{}</text></g>',
        left,
        ACCENT,
        left + 14,
        labels[0],
        left + 120,
        LIGHT,
        left + 134,
        labels[1],
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'font-size="11" fill="#334155" '
        'preserveAspectRatio="xMinYMin meet"><title>{}</title>{}{}</svg>',
        width,
        height,
        title,
        legend,
        mark_safe("".join(items)),  # noqa: S308  (each item built by format_html)
    )


def stacked_columns(
    title: str,
    columns: list[tuple[str, dict[str, int]]],
    series: list[tuple[str, str]],
    *,
    width: int = 760,
) -> str:
    """Columns (a day or an hour each) stacked by series (categories), with a legend."""
    height, bottom, left, top_pad = 240, 40, 36, 28
    plot_h = height - bottom - top_pad
    n = max(1, len(columns))
    col_w = (width - left - 10) / n
    top = _nice_max(max((sum(c.values()) for _l, c in columns), default=0))
    items = []
    every = max(1, n // 12)  # at most a dozen labels under the axis
    for i, (label, counts) in enumerate(columns):
        x = left + i * col_w + col_w * 0.1
        y = height - bottom
        for key, name in series:
            value = counts.get(key, 0)
            if not value:
                continue
            h = value / top * plot_h
            y -= h
            items.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{} · {}: {}</title></rect>",
                    round(x, 1),
                    round(y, 1),
                    round(col_w * 0.8, 1),
                    round(h, 1),
                    CATEGORY_COLOURS.get(key, ACCENT),
                    label,
                    name,
                    value,
                )
            )
        if i % every == 0:
            items.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" class="lbl">{}</text>',
                    round(x + col_w * 0.4, 1),
                    height - bottom + 14,
                    label,
                )
            )
    axis = format_html(
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#94a3b8"/>'
        '<text x="{tx}" y="{ty}" text-anchor="end" class="lbl">{top}</text>'
        '<text x="{tx}" y="{b}" text-anchor="end" class="lbl">0</text>',
        l=left,
        r=width - 10,
        b=height - bottom,
        tx=left - 4,
        ty=top_pad + 4,
        top=int(top),
    )
    legend = []
    for j, (key, name) in enumerate(series):
        legend.append(
            format_html(
                '<rect x="{}" y="4" width="10" height="10" fill="{}"/><text x="{}" y="13">{}</text>',
                left + j * 95,
                CATEGORY_COLOURS.get(key, ACCENT),
                left + j * 95 + 14,
                name,
            )
        )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'font-size="11" fill="#334155" '
        'preserveAspectRatio="xMinYMin meet"><title>{}</title><g class="legend">{}</g>{}{}</svg>',
        width,
        height,
        title,
        mark_safe("".join(legend)),  # noqa: S308  (built by format_html)
        axis,
        mark_safe("".join(items)),  # noqa: S308  (built by format_html)
    )

"""Charts as inline SVG, drawn here rather than with Plotly or Vega-Lite.

Why hand-written: the report must open with no network and print to PDF. Plotly and Vega-Lite
draw in the browser with JavaScript (a 3-4 MB bundle to inline per report), and WeasyPrint, which
makes the PDF, runs no JavaScript at all; the offline Vega renderer (``vl-convert-python``) is a
~50 MB native wheel. Static SVG renders the same in a browser, in WeasyPrint and in an e-mail, and
the few chart kinds an audit needs (bars, grouped bars, lines) fit in this small module.

>>> svg = bar_chart([("64483", 1200), ("62323", 300)], money=True)
>>> svg.startswith("<svg") and "64483" in svg and "$1,200" in svg
True
>>> "<svg" in line_chart(["2026-01", "2026-02"], [("Medicare", [1, 2])])
True
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Sequence

PALETTE = ("#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0ea5e9", "#84cc16", "#f97316")
FONT = "font-family:Helvetica,Arial,sans-serif"


def _fmt(v, money: bool, unit: str = "") -> str:
    v = Decimal(str(v))
    if money:
        return f"${v:,.0f}" if abs(v) >= 100 else f"${v:,.2f}"
    return f"{v:,.0f}{unit}" if v == v.to_integral_value() else f"{v:,.1f}{unit}"


def bar_chart(rows: Sequence[tuple[str, object]], *, money: bool = False, width: int = 560, bar: int = 18,
              color: str = PALETTE[0], title: str = "", unit: str = "") -> str:
    """Horizontal bars, one per (label, value), largest first as given."""
    rows = list(rows)[:14]
    label_w, top = 150, 24 if title else 6
    height = top + len(rows) * (bar + 6) + 6
    peak = max((float(v) for _, v in rows), default=0) or 1
    inner = width - label_w - 80
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" style="{FONT};font-size:12px">']
    if title:
        parts.append(f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>')
    for i, (label, v) in enumerate(rows):
        y = top + i * (bar + 6)
        w = max(1.0, inner * max(float(v), 0) / peak)
        parts.append(f'<text x="{label_w - 6}" y="{y + bar - 5}" text-anchor="end">{escape(str(label)[:24])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" rx="2" fill="{color}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar - 5}">{_fmt(v, money, unit)}</text>')
    if not rows:
        parts.append(f'<text x="0" y="{top + 12}" fill="#666">nothing to show</text>')
    parts.append("</svg>")
    return "".join(parts)


def grouped_bars(categories: Sequence[str], series: Sequence[tuple[str, Sequence[object]]], *, width: int = 560,
                 height: int = 220, money: bool = False) -> str:
    """Vertical grouped bars: one group per category, one bar per series, with a legend."""
    n, k = max(len(categories), 1), max(len(series), 1)
    left, bottom, top = 40, 36, 26
    plot_w, plot_h = width - left - 10, height - top - bottom
    peak = max((float(v) for _, vals in series for v in vals), default=0) or 1
    group = plot_w / n
    bw = min(28.0, (group - 8) / k)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" style="{FONT};font-size:11px">']
    for j, (name, _) in enumerate(series):
        parts.append(f'<rect x="{left + j * 140}" y="4" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}"/>'
                     f'<text x="{left + j * 140 + 16}" y="14">{escape(name)}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#999"/>')
    for i, cat in enumerate(categories):
        gx = left + i * group + (group - bw * k) / 2
        for j, (_, vals) in enumerate(series):
            v = float(vals[i]) if i < len(vals) else 0.0
            h = plot_h * max(v, 0) / peak
            x = gx + j * bw
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bw - 2:.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[j % len(PALETTE)]}"/>')
            if v:
                parts.append(f'<text x="{x + (bw - 2) / 2:.1f}" y="{top + plot_h - h - 3:.1f}" text-anchor="middle" '
                             f'font-size="9">{_fmt(vals[i], money)}</text>')
        parts.append(f'<text x="{left + i * group + group / 2:.1f}" y="{top + plot_h + 14}" '
                     f'text-anchor="middle">{escape(str(cat))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[object]]], *, width: int = 560,
               height: int = 220, money: bool = False) -> str:
    """One line per series over the x labels (months), with a legend."""
    left, bottom, top = 64, 30, 26
    plot_w, plot_h = width - left - 14, height - top - bottom
    values = [float(v) for _, vals in series for v in vals]
    peak = max(values, default=0) or 1
    n = max(len(x_labels), 1)
    step = plot_w / max(n - 1, 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" style="{FONT};font-size:11px">']
    for j, (name, _) in enumerate(series[:8]):
        parts.append(f'<rect x="{left + j * 150}" y="4" width="12" height="3" fill="{PALETTE[j % len(PALETTE)]}"/>'
                     f'<text x="{left + j * 150 + 16}" y="10">{escape(str(name)[:22])}</text>')
    for t in range(5):
        y = top + plot_h - plot_h * t / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 14}" y2="{y:.1f}" stroke="#eee"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{_fmt(peak * t / 4, money)}</text>')
    for i, lab in enumerate(x_labels):
        if n <= 13 or i % 2 == 0:
            parts.append(f'<text x="{left + i * step:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                         f'{escape(str(lab))}</text>')
    for j, (_, vals) in enumerate(series[:8]):
        pts = " ".join(f"{left + i * step:.1f},{top + plot_h - plot_h * float(v) / peak:.1f}"
                       for i, v in enumerate(vals))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{PALETTE[j % len(PALETTE)]}" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def kpi_bar(value, benchmark, *, unit: str, better: str, width: int = 220) -> str:
    """A small bar of the value with the benchmark as a tick (green when the benchmark is met)."""
    if value is None:
        return ""
    v, b = float(value), float(benchmark) if benchmark is not None else None
    scale = 100.0 if unit == "%" else max(v, b or 0, 1) * 1.25
    meets = b is None or (v >= b if better == "higher" else v < b)
    color = "#10b981" if meets else "#ef4444"
    w = width * min(v / scale, 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="16" viewBox="0 0 {width} 16">',
             f'<rect x="0" y="3" width="{width}" height="10" fill="#e5e7eb" rx="2"/>',
             f'<rect x="0" y="3" width="{w:.1f}" height="10" fill="{color}" rx="2"/>']
    if b is not None:
        bx = width * min(b / scale, 1)
        parts.append(f'<line x1="{bx:.1f}" y1="0" x2="{bx:.1f}" y2="16" stroke="#111" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


__all__ = ["bar_chart", "grouped_bars", "line_chart", "kpi_bar"]

"""Jinja2 rendering of the pages (autoescaped; templates in ``web/templates``) and the
small inline-SVG charts of the dashboard (hand-written: a bar chart is a few rectangles,
no charting library or Node build needed).

>>> svg = bar_chart([("a", 1), ("b", 3)], width=100, height=40)
>>> svg.count("<rect")
2
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"

env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True)


def money(value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        return f"${Decimal(str(value)):,.2f}"
    except ArithmeticError:
        return str(value)


env.filters["money"] = money


def bar_chart(items: Iterable[tuple[str, float]], *, width: int = 520, height: int = 160,
              color: str = "#2f6fb0", fmt: str = "{:,.0f}") -> Markup:
    """A labelled vertical bar chart as an inline SVG."""
    items = [(str(k), float(v)) for k, v in items]
    if not items:
        return Markup('<svg class="chart" width="%d" height="%d" role="img"></svg>' % (width, height))
    top = max(v for _, v in items) or 1.0
    n = len(items)
    gap = 6
    bar_w = max((width - gap * (n + 1)) / n, 4)
    plot_h = height - 34
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for i, (label, value) in enumerate(items):
        h = plot_h * value / top
        x = gap + i * (bar_w + gap)
        y = 14 + plot_h - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{color}" rx="2">'
                     f'<title>{escape(label)}: {escape(fmt.format(value))}</title></rect>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">'
                     f'{escape(fmt.format(value))}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - 6}" font-size="10" text-anchor="middle">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


env.globals["bar_chart"] = bar_chart


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    actor = getattr(request.state, "actor", None)
    html = env.get_template(template).render(request=request, actor=actor, csrf=actor.csrf if actor else "",
                                             **context)
    return HTMLResponse(html, status_code=status_code)


def error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status, title=title, message=message, pid=None)


__all__ = ["env", "render", "error_page", "bar_chart", "money"]

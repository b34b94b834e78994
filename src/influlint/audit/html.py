"""The audit report: one self-contained HTML file (jinja2, autoescape on; inline CSS and SVG; no script,
no font or image from the network; a Content-Security-Policy forbids them anyway). It reads the figures
document only; it never re-reads inputs."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from influlint.i18n import text

TEMPLATES = Path(__file__).resolve().parent / "templates"
MAX_MEMBER_ROWS = 200
CHART_W, CHART_H, PAD = 720, 200, 30


@cache
def _env() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def percent(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    shown = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{shown.replace('.', ',')}\u00a0%" if lang == "fr" else f"{shown}%"


def chart(timeline: list[dict[str, Any]]) -> dict[str, Any]:
    """Bar geometry of the weekly timeline (messages, promotional part) and the findings polyline."""
    n = len(timeline)
    if not n:
        return {"bars": [], "line": "", "dots": [], "width": CHART_W, "height": CHART_H, "max_messages": 0,
                "max_findings": 0}
    inner_w, inner_h = CHART_W - 2 * PAD, CHART_H - 2 * PAD
    step = inner_w / n
    top_m = max(w["messages"] for w in timeline) or 1
    top_f = max(w["findings"] for w in timeline) or 1
    bars, points = [], []
    for i, w in enumerate(timeline):
        x = PAD + i * step
        h = inner_h * w["messages"] / top_m
        hp = inner_h * w["promotional"] / top_m
        bars.append({"x": round(x + step * 0.1, 2), "w": round(max(step * 0.8, 0.5), 2),
                     "y": round(PAD + inner_h - h, 2), "h": round(h, 2), "yp": round(PAD + inner_h - hp, 2),
                     "hp": round(hp, 2), "week": w})
        points.append((round(x + step / 2, 2), round(PAD + inner_h - inner_h * w["findings"] / top_f, 2)))
    return {"bars": bars, "line": " ".join(f"{x},{y}" for x, y in points), "dots": points, "width": CHART_W,
            "height": CHART_H, "max_messages": max(w["messages"] for w in timeline),
            "max_findings": max(w["findings"] for w in timeline), "pad": PAD, "bottom": PAD + inner_h}


def render_html(figures: dict[str, Any]) -> str:
    lang = figures["tool"]["locale"]
    members = sorted(figures["members"], key=lambda m: -m["messages"])[:MAX_MEMBER_ROWS]
    env = _env()
    env.filters["when"] = lambda v: v.replace("T", " ") if isinstance(v, str) else "—"
    return env.get_template("report.html.j2").render(
        f=figures, lang=lang, members=members, chart=chart(figures["timeline"]),
        t=lambda key, **kw: text(lang, f"audit.{key}", **kw), pct=lambda v: percent(v, lang),
        yesno=lambda v: text(lang, "audit.word_yes" if v else "audit.word_no"),
        severity=lambda s: text(lang, f"severity.{s}"), category=lambda c: text(lang, f"category.{c}"),
    )

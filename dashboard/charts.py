"""Small server-rendered SVG charts, each with its text equivalent (`aria-label` and `<title>`).

No chart library and nothing fetched: a sparkline is a few points, a timeline a line and some
markers. Colours come from CSS classes so that every theme (light, dark, high contrast) applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from programme.terms import rag_word

from .formats import rag_class, uk_date
from .html import Markup, escape, join, tag

RAG_LEVEL = {"green": 0, "amber": 1, "red": 2}  # drawn top to bottom: green high, red low
SPARK_W, SPARK_H, SPARK_PAD = 84, 24, 4


def trend_words(trend: Sequence[str | None]) -> list[str]:
    return [rag_word(r) if r else "no update" for r in trend]


def trend_text(trend: Sequence[str | None], periods: Sequence[str]) -> str:
    if not periods:
        return "No update cycles yet."
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    n = len(periods)
    return (
        f"RAG over the last {n} cycle{'s' if n != 1 else ''} ({span}), oldest first: {', '.join(trend_words(trend))}."
    )


def sparkline(trend: Sequence[str | None], periods: Sequence[str]) -> Markup:
    """RAG per cycle as a line (green at the top, red at the bottom) with a dot per update.

    Thousands of projects share a handful of trends, so each distinct one is drawn once."""
    return _sparkline(tuple(trend), tuple(periods))


@lru_cache(maxsize=4096)
def _sparkline(trend: tuple[str | None, ...], periods: tuple[str, ...]) -> Markup:
    label = trend_text(trend, periods)
    n = len(trend)
    if n == 0:
        return tag("span", "No cycles yet", class_="spark-empty")
    step = (SPARK_W - 2 * SPARK_PAD) / max(n - 1, 1)
    xs = [SPARK_PAD + i * step if n > 1 else SPARK_W / 2 for i in range(n)]
    ys = {k: SPARK_PAD + v * (SPARK_H - 2 * SPARK_PAD) / 2 for k, v in RAG_LEVEL.items()}
    parts: list[Markup] = [
        tag("title", label),
        Markup(f'<line class="spark-base" x1="0" x2="{SPARK_W}" y1="{SPARK_H - 1}" y2="{SPARK_H - 1}"/>'),
    ]
    run: list[str] = []
    for i, rag in enumerate(list(trend) + [None]):
        if rag in RAG_LEVEL:
            run.append(f"{xs[i]:.1f},{ys[rag]:.1f}")
            continue
        if len(run) > 1:
            parts.append(Markup(f'<polyline class="spark-line" points="{" ".join(run)}"/>'))
        run = []
    for i, rag in enumerate(trend):
        if rag in RAG_LEVEL:
            parts.append(
                Markup(f'<circle class="dot dot-{rag_class(rag)}" cx="{xs[i]:.1f}" cy="{ys[rag]:.1f}" r="3"/>')
            )
    return Markup(
        f'<svg class="spark" viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" height="{SPARK_H}" '
        f'role="img" aria-label="{escape(label)}" focusable="false">' + join(parts) + "</svg>"
    )


def milestone_timeline(milestones: Sequence, *, start: date | None, end: date | None, today: date) -> Markup:
    """Milestones placed by due date between the project's start and end, with today marked.

    Markers are numbered to match the list printed under the chart, which is the full text
    version (title, date, status); the chart's own label summarises it.
    """
    dated = [(i + 1, m) for i, m in enumerate(milestones) if m.due_date is not None]
    if not dated:
        return Markup("")
    days = [m.due_date for _, m in dated] + [d for d in (start, end, today) if d]
    lo, hi = min(days), max(days)
    if (hi - lo).days < 30:
        hi = date.fromordinal(lo.toordinal() + 30)
    width, height, pad, axis_y = 640, 84, 24, 52

    def x(d: date) -> float:
        return pad + (d - lo).days / (hi - lo).days * (width - 2 * pad)

    label = (
        f"Timeline of {len(dated)} dated milestone{'s' if len(dated) != 1 else ''} between {uk_date(lo)} and "
        f"{uk_date(hi)}; today is {uk_date(today)}. Each is listed with its date and status below."
    )
    parts: list[Markup] = [
        tag("title", label),
        Markup(f'<line class="tl-axis" x1="{pad}" x2="{width - pad}" y1="{axis_y}" y2="{axis_y}"/>'),
        Markup(f'<text class="tl-date" x="{pad}" y="{height - 4}">{escape(_month(lo))}</text>'),
        Markup(
            f'<text class="tl-date" x="{width - pad}" y="{height - 4}" text-anchor="end">{escape(_month(hi))}</text>'
        ),
    ]
    tx = x(today)
    parts.append(
        Markup(
            f'<line class="tl-today" x1="{tx:.1f}" x2="{tx:.1f}" y1="8" y2="{axis_y + 10}"/>'
            f'<text class="tl-label" x="{tx:.1f}" y="{height - 4}" text-anchor="middle">Today</text>'
        )
    )
    for k, (number, m) in enumerate(dated):
        mx = x(m.due_date)
        state = milestone_state(m, today)
        ny = axis_y - 14 - (k % 2) * 14
        parts.append(
            Markup(
                f'<circle class="tl-marker tl-{state}" cx="{mx:.1f}" cy="{axis_y}" r="6"/>'
                f'<text class="tl-number" x="{mx:.1f}" y="{ny}" text-anchor="middle">{number}</text>'
            )
        )
    return Markup(
        f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'focusable="false" preserveAspectRatio="xMinYMid meet">' + join(parts) + "</svg>"
    )


def milestone_state(m, today: date) -> str:
    if m.status == "done":
        return "done"
    if m.due_date is not None and m.due_date < today:
        return "overdue"
    return "progress" if m.status == "in progress" else "todo"


def milestone_state_words(m, today: date) -> str:
    return {"done": "Done", "overdue": f"Overdue, {m.status}", "progress": "In progress", "todo": "Not started"}[
        milestone_state(m, today)
    ]


def _month(d: date) -> str:
    return f"{d:%b %Y}"

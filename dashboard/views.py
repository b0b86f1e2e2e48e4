"""The dashboard's pages as HTML fragments (the contents of `<main>`), built from read models.

No request and no database here: each function takes what `store.dashboard_repo` read and the
viewer, and returns a `Page`. The same fragment is either embedded in the page (local mode) or
sent as JSON to the page's script after it has signed in through Teams (see routes.py). Who may
see what is asked of `programme.access`, never decided here.

This module is the matrix and the one import path for every page: one project is `project_view.py`, the
digests `digest_pages.py`, what they share (`Page`, `ViewContext`, the templates) `view_base.py`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from programme.access import may_see_missing_updates
from programme.terms import RAGS, rag_word
from store.dashboard_repo import Portfolio, ProjectCell

from . import filters as F
from .charts import sparkline
from .digest_pages import digest, digests, visible_digest_statuses
from .formats import plural, rag_badge, rag_class, uk_date, uk_datetime
from .html import Markup, escape, join, tag
from .project_view import project
from .view_base import (
    DIGEST_STATUS_WORDS,
    PUBLIC_DIGEST_STATUSES,
    STATUS_WORDS,
    TEMPLATES,
    Page,
    ViewContext,
    message,
    viewer_note,
)

__all__ = [
    "DIGEST_STATUS_WORDS",
    "PUBLIC_DIGEST_STATUSES",
    "STATUS_WORDS",
    "TEMPLATES",
    "Page",
    "ViewContext",
    "digest",
    "digests",
    "matrix",
    "message",
    "project",
    "viewer_note",
    "visible_digest_statuses",
]

# --------------------------------------------------------------------------- the matrix


def matrix(portfolio: Portfolio, query: Mapping[str, str], ctx: ViewContext) -> Page:
    f = F.parse(query, portfolio, ctx.viewer)
    shown = F.apply(portfolio, f)
    periods = [c.period_key for c in portfolio.trend_cycles]
    privileged = may_see_missing_updates(ctx.viewer)
    areas_html = _area_sections(portfolio, shown, periods, ctx, privileged, f)
    if not shown:
        areas_html = tag(
            "p", "No projects match these filters. Choose “Clear filters” to see every project.", class_="notice"
        )
    words = F.describe(f, portfolio)
    result = f"Showing {len(shown)} of {plural(len(portfolio.projects), 'project')}" + (
        f" ({'; '.join(words)})." if words else "."
    )
    notices = join(tag("p", n, class_="notice") for n in f.ignored)
    if f.changed and portfolio.last_digest is None:
        notices += tag(
            "p", "No digest has been posted yet, so every project with an update counts as changed.", class_="notice"
        )
    if f.missing and portfolio.current_cycle is None:
        notices += tag("p", "No update cycle has opened yet, so no project is missing an update.", class_="notice")
    html = TEMPLATES.render(
        "matrix",
        viewer_note=viewer_note(ctx),
        summary=_portfolio_summary(portfolio, ctx),
        action=ctx.base,
        area_options=_options([("", "All priority areas")] + [(a.key, a.name) for a in portfolio.areas], f.area),
        enabler_options=_options([("", "All enablers")] + [(e.key, e.name) for e in portfolio.enablers], f.enabler),
        rag_options=_options([("", "Any RAG")] + [(r, rag_word(r)) for r in RAGS] + [("none", rag_word(None))], f.rag),
        lead_options=_options(
            [("", "Anyone")] + [(str(pid), name) for pid, name in portfolio.leads],
            "" if f.lead is None else str(f.lead),
        ),
        changed_checked=Markup(" checked") if f.changed else "",
        missing_check=_missing_check(f) if privileged else "",
        theme_field=Markup(f'<input type="hidden" name="theme" value="{escape(ctx.theme)}">') if ctx.theme else "",
        clear_url=ctx.url(),
        notices=notices,
        result=result,
        legend=_legend(periods),
        areas=areas_html,
    )
    return Page("Programme", html)


def _legend(periods: list[str]) -> str:
    shapes = (
        "Each project shows its current RAG as a word and a shape (circle Green, triangle Amber, square Red, "
        "dashed ring Not reported)"
    )
    if not periods:
        return shapes + "; its trend line appears once update cycles have run."
    span = f"{periods[0]} to {periods[-1]}" if len(periods) > 1 else periods[0]
    return (
        shapes + f", and a line of its RAG over the last {plural(len(periods), 'update cycle')}, oldest first ({span})."
    )


def _portfolio_summary(portfolio: Portfolio, ctx: ViewContext) -> str:
    counts = Counter(p.rag or "none" for p in portfolio.projects)
    parts = [f"{counts.get(r, 0)} {rag_word(r)}" for r in RAGS] + [f"{counts.get('none', 0)} {rag_word(None)}"]
    text = f"{plural(len(portfolio.projects), 'project')}: {', '.join(parts)}."
    if portfolio.current_cycle:
        cycle = portfolio.current_cycle
        text += f" Current update cycle {cycle.period_key}, due {uk_datetime(cycle.due_at, ctx.tz)}."
    if portfolio.last_digest:
        text += f" Last digest {portfolio.last_digest.period_key}, posted {uk_date(portfolio.last_digest.at, ctx.tz)}."
    return text


def _missing_check(f: F.Filters) -> Markup:
    checked = " checked" if f.missing else ""
    return Markup(
        f'<div class="check"><input type="checkbox" id="f-missing" name="missing" value="1"{checked}>'
        '<label for="f-missing">with no update this cycle <span class="tag tag-private">admins and DLG '
        "only</span></label></div>"
    )


def _options(choices: list[tuple[str, str]], selected: str) -> Markup:
    return join(
        Markup(f'<option value="{escape(v)}"{" selected" if v == selected else ""}>{escape(label)}</option>')
        for v, label in choices
    )


def _area_sections(
    portfolio: Portfolio, shown: list[ProjectCell], periods: list[str], ctx: ViewContext, privileged: bool, f: F.Filters
) -> Markup:
    by_area: dict[int | None, list[ProjectCell]] = {}
    for p in shown:
        by_area.setdefault(p.area_id, []).append(p)
    rows = [(a.id, a.name) for a in portfolio.areas] + ([(None, "No priority area")] if None in by_area else [])
    out = []
    for i, (area_id, name) in enumerate(rows, start=1):
        cells = by_area.get(area_id, [])
        if not cells and f.active:
            continue
        counts = Counter(p.rag or "none" for p in cells)
        summary = (
            f"{plural(len(cells), 'project')}: "
            + ", ".join(f"{counts[r]} {rag_word(r if r != 'none' else None)}" for r in (*RAGS, "none") if counts.get(r))
            if cells
            else "No projects yet."
        )
        out.append(
            TEMPLATES.render(
                "area",
                heading_id=f"area-{i}",
                name=name,
                summary=summary,
                cells=join((_cell(p, periods, ctx, privileged, portfolio) for p in cells), "\n"),
            )
        )
    return join(out, "\n")


def _cell(p: ProjectCell, periods: list[str], ctx: ViewContext, privileged: bool, portfolio: Portfolio) -> Markup:
    tags: list[Markup] = []
    if p.status != "active":
        tags.append(tag("span", STATUS_WORDS.get(p.status, p.status), class_="tag"))
    if p.progress_pct is not None:
        tags.append(tag("span", f"{p.progress_pct}% complete", class_="tag"))
    if p.updated_since_digest and portfolio.last_digest is not None:
        moved = p.rag_at_digest and p.rag != p.rag_at_digest
        tags.append(
            tag(
                "span",
                f"Changed: {rag_word(p.rag_at_digest)} to {rag_word(p.rag)}"
                if moved
                else "Updated since the last digest",
                class_="tag tag-changed",
            )
        )
    if privileged and p.active and portfolio.current_cycle is not None and not p.updated_this_cycle:
        tags.append(tag("span", "No update this cycle", class_="tag tag-missing"))
    return TEMPLATES.render(
        "cell",
        rag_class=rag_class(p.rag),
        url=ctx.project_url(p.ref),
        name=p.name,
        ref=p.ref,
        badge=rag_badge(p.rag),
        trend=sparkline(p.trend, periods),
        tags=tag("p", join(tags, " "), class_="cell-tags") if tags else "",
    )

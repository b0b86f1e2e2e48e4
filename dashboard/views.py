"""The dashboard's pages as HTML fragments (the contents of `<main>`), built from read models.

No request and no database here: each function takes what `store.dashboard_repo` read and the
viewer, and returns a `Page`. The same fragment is either embedded in the page (local mode) or
sent as JSON to the page's script after it has signed in through Teams (see routes.py). Who may
see what is asked of `programme.access`, never decided here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from programme.access import Viewer, may_see_missing_updates, may_see_sensitive
from programme.asks import outcome_sentence
from programme.terms import RAGS, rag_word
from store.dashboard_repo import DigestFull, DigestRef, Portfolio, ProjectCell, ProjectDetail, UpdateRow

from . import filters as F
from .charts import milestone_state, milestone_state_words, milestone_timeline, sparkline
from .diff import changes, milestone_moves, shown_risks
from .digest_view import DigestRenderer
from .formats import iso, plural, rag_badge, rag_class, uk_date, uk_datetime
from .html import Markup, Templates, escape, join, tag

TEMPLATES = Templates()
STATUS_WORDS = {"active": "Active", "paused": "Paused", "closed": "Closed", "retired": "Retired"}
DIGEST_STATUS_WORDS = {
    "posted": "Posted",
    "sending": "Being posted",
    "draft": "Draft (not approved)",
    "approved": "Approved, not yet posted",
    "failed": "Posting failed",
    "needs_admin": "Needs an admin",
}
PUBLIC_DIGEST_STATUSES = ("posted",)


@dataclass(frozen=True)
class Page:
    title: str
    html: Markup
    status: int = 200


@dataclass(frozen=True)
class ViewContext:
    viewer: Viewer
    base: str = "/dashboard"
    tz: str = "Europe/London"
    now: datetime | None = None
    theme: str = ""  # kept on links so a Teams theme survives navigation
    local_mode: bool = False

    @property
    def today(self) -> date:
        return (self.now or datetime.now(ZoneInfo(self.tz))).astimezone(ZoneInfo(self.tz)).date()

    def url(self, path: str = "", query: Mapping[str, str] | None = None) -> str:
        q = dict(query or {})
        if self.theme:
            q["theme"] = self.theme
        return f"{self.base}{path}" + (f"?{urlencode(q)}" if q else "")

    def project_url(self, ref: str) -> str:
        return self.url(f"/projects/{quote(ref, safe='')}")


def viewer_note(ctx: ViewContext) -> Markup:
    v = ctx.viewer
    if may_see_sensitive(v):
        who = "Local mode, on this machine" if ctx.local_mode else f"Signed in as {v.name or 'an admin'}"
        role = "admin" if v.is_admin else "DLG member"
        text = f"{who} ({role} view): sensitive risks and who has not updated are included."
    else:
        who = "Local mode" if ctx.local_mode else f"Signed in as {v.name or 'a member of staff'}"
        text = f"{who} (staff view): sensitive risks and who has not updated are shown to admins and DLG members only."
    return tag("p", text, class_="viewer-note")


def message(title: str, text: str, status: int, more: Markup | str = "") -> Page:
    return Page(title, TEMPLATES.render("message", title=title, text=text, more=more), status)


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


# --------------------------------------------------------------------------- one project


def project(d: ProjectDetail, ctx: ViewContext) -> Page:
    latest = d.latest
    area_crumb = tag("li", tag("a", d.area, href=ctx.url(query={"area": d.area_key or ""}))) if d.area else ""
    status_note = ""
    if d.status == "retired":
        status_note = tag("p", "This project has been retired from the plan; its history is kept.", class_="notice")
    elif d.status in ("paused", "closed"):
        status_note = tag("p", f"This project is {d.status}.", class_="notice")
    risks, held = shown_risks(latest.risks if latest else [], ctx.viewer)
    html = TEMPLATES.render(
        "project",
        home_url=ctx.url(),
        area_crumb=area_crumb,
        name=d.name,
        ref=d.ref,
        viewer_note=viewer_note(ctx),
        status_note=status_note,
        now=_now(d, ctx),
        facts=_facts(d, ctx),
        people=_people(d),
        risks=_risks(risks, held, latest),
        blockers=_text_or(latest.blockers if latest else "", "No blockers reported."),
        asks=_asks(d, ctx),
        milestones=_milestones(d, ctx),
        history=_history(d, ctx),
    )
    return Page(d.name, html)


def _asks(d: ProjectDetail, ctx: ViewContext) -> Markup:
    """The project's asks of the DLG as records: open ones, and what the DLG decided, with its notes."""
    if not d.asks:
        latest = d.latest
        return _text_or(latest.asks_of_dlg if latest else "", "No asks of the DLG in the latest update.")
    items = []
    for a in d.asks:
        head = tag(
            "p",
            join(
                [
                    tag("span", a.text, class_="text"),
                    tag(
                        "span", f" — raised {uk_date(a.raised_at.astimezone(ZoneInfo(ctx.tz)).date())}", class_="muted"
                    ),
                ]
            ),
        )
        steps = [
            tag(
                "li",
                join(
                    [
                        tag("strong", outcome_sentence(outcome, until)),
                        f" on {uk_date(at.astimezone(ZoneInfo(ctx.tz)).date())} by {by}",
                        tag("span", f": {note}", class_="text") if note else "",
                    ]
                ),
            )
            for outcome, at, by, note, until in a.decisions
        ]
        status = tag("p", "Waiting for the DLG's decision.", class_="muted") if a.status == "open" else ""
        items.append(tag("li", head + (tag("ul", join(steps)) if steps else "") + status))
    return tag("ul", join(items), class_="asks")


def _text(value: str) -> Markup:
    return tag("p", value, class_="text")


def _text_or(value: str, empty: str) -> Markup:
    return _text(value) if (value or "").strip() else tag("p", empty, class_="muted")


def _now(d: ProjectDetail, ctx: ViewContext) -> Markup:
    u = d.latest
    if u is None:
        return tag("p", rag_badge(None)) + tag(
            "p", "No update has been submitted for this project yet.", class_="muted"
        )
    parts = [tag("p", rag_badge(u.rag), class_="now-rag")]
    if u.progress_pct is not None:
        parts.append(
            tag(
                "p",
                tag("label", f"Progress: {u.progress_pct}% complete", for_="progress")
                + tag("progress", f"{u.progress_pct}%", id="progress", max="100", value=str(u.progress_pct)),
            )
        )
    if u.rag_reason.strip():
        parts.append(tag("p", tag("strong", "Why: ") + tag("span", u.rag_reason, class_="text")))
    if u.summary.strip():
        parts.append(_text(u.summary))
    parts.append(
        tag(
            "p",
            f"Last update: cycle {u.period_key}, submitted {uk_datetime(u.submitted_at, ctx.tz)}"
            + (f" by {u.submitted_by}" if u.submitted_by else "")
            + (" (late)." if u.late else "."),
            class_="muted",
        )
    )
    return join(parts)


def _facts(d: ProjectDetail, ctx: ViewContext) -> Markup:
    rows = [
        ("Reference", d.ref),
        ("Priority area", d.area or "None"),
        ("Enablers", ", ".join(d.enablers) or "None"),
        ("Status", STATUS_WORDS.get(d.status, d.status)),
    ]
    if d.start_date:
        rows.append(("Starts", uk_date(d.start_date)))
    if d.end_date:
        rows.append(("Ends", uk_date(d.end_date)))
    if d.aliases:
        rows.append(("Also known as", ", ".join(d.aliases)))
    if d.source_note:
        rows.append(("Source", d.source_note))
    dl = tag("dl", join(tag("div", tag("dt", k) + tag("dd", v)) for k, v in rows), class_="facts")
    return dl + (_text(d.description) if d.description.strip() else Markup(""))


def _people(d: ProjectDetail) -> Markup:
    if not d.people:
        return tag("p", "No lead has been assigned.", class_="muted")
    words = {"lead": "Lead", "deputy": "Deputy"}
    return tag(
        "ul",
        join(
            tag("li", tag("span", words.get(p.role, p.role.title()), class_="tag") + " " + escape(p.name))
            for p in d.people
        ),
        class_="people",
    )


def _risks(risks: list[dict], held: int, latest: UpdateRow | None) -> Markup:
    if latest is None:
        return tag("p", "No update yet, so no risks reported.", class_="muted")
    out = (
        tag(
            "ul",
            join(
                tag(
                    "li",
                    tag("span", r["text"], class_="text")
                    + (Markup(" ") + tag("span", "Sensitive", class_="tag tag-private") if r.get("sensitive") else ""),
                )
                for r in risks
            ),
            class_="risks",
        )
        if risks
        else tag("p", "No risks shown in the latest update.", class_="muted")
    )
    if held:
        out += tag(
            "p",
            f"{plural(held, 'risk')} marked sensitive {'is' if held == 1 else 'are'} shown to admins and DLG members "
            "only.",
            class_="held-back",
        )
    return out


def _milestones(d: ProjectDetail, ctx: ViewContext) -> Markup:
    if not d.milestones:
        return tag("p", "No milestones recorded.", class_="muted")
    today = ctx.today
    chart = milestone_timeline(d.milestones, start=d.start_date, end=d.end_date, today=today)
    items = []
    for m in d.milestones:
        due = f"due {uk_date(m.due_date)}" if m.due_date else "no date set"
        extra = []
        if m.original_due_date and m.due_date and m.original_due_date != m.due_date:
            extra.append(f"originally {uk_date(m.original_due_date)}")
        if m.completed_on:
            extra.append(f"completed {uk_date(m.completed_on)}")
        items.append(
            tag(
                "li",
                tag("span", m.title, class_="ms-title")
                + Markup(" — ")
                + escape(due)
                + (escape(f" ({'; '.join(extra)})") if extra else "")
                + Markup(" ")
                + tag("span", milestone_state_words(m, today), class_=f"tag tag-ms-{milestone_state(m, today)}"),
            )
        )
    return (
        tag(
            "figure",
            chart + tag("figcaption", "Milestones on a timeline; the numbers match the list."),
            class_="timeline-figure",
        )
        if chart
        else Markup("")
    ) + tag("ol", join(items), class_="milestones")


def _history(d: ProjectDetail, ctx: ViewContext) -> Markup:
    if not d.updates:
        return tag("p", "No updates yet.", class_="muted")
    items = []
    previous: UpdateRow | None = None
    for u in d.updates:
        items.append(_update(u, previous, ctx))
        previous = u
    items.reverse()  # newest first
    return tag(
        "p",
        f"{plural(len(d.updates), 'update')}, newest first. Each shows what changed from the one before.",
        class_="muted",
    ) + tag("ol", join(items, "\n"), class_="history", reversed=True)


def _update(u: UpdateRow, previous: UpdateRow | None, ctx: ViewContext) -> Markup:
    flags = []
    if u.late:
        flags.append(" Late.")
    if u.no_change:
        flags.append(" Marked “no change”.")
    if previous is None:
        diff = tag("p", "The first update on record.", class_="muted")
    else:
        found = changes(previous, u, ctx.viewer)
        what = f"{previous.period_key}, version {previous.version}"
        if found:
            rows = join(
                tag(
                    "tr",
                    tag("th", c.label, scope="row")
                    + tag("td", tag("span", c.before, class_="text"))
                    + tag("td", tag("span", c.after, class_="text")),
                )
                for c in found
            )
            diff = tag(
                "div",
                tag(
                    "table",
                    tag("caption", f"What changed since {what}")
                    + tag(
                        "thead",
                        tag(
                            "tr",
                            tag("th", "Field", scope="col")
                            + tag("th", "Before", scope="col")
                            + tag("th", "After", scope="col"),
                        ),
                    )
                    + tag("tbody", rows),
                    class_="changes",
                ),
                class_="table-wrap",
            )
        else:
            diff = tag("p", f"Nothing changed since {what}.", class_="muted")
    moves = milestone_moves(u)
    if moves:
        diff += tag("ul", join(tag("li", m) for m in moves), class_="moves", aria_label="Milestone dates moved")
    return TEMPLATES.render(
        "update",
        uid=str(u.id),
        period=f"Cycle {u.period_key}",
        version=str(u.version),
        badge=rag_badge(u.rag),
        when=uk_datetime(u.submitted_at, ctx.tz),
        who=f" by {u.submitted_by}" if u.submitted_by else "",
        flags="".join(flags),
        changes=diff,
        full=_full_update(u, ctx),
    )


def _full_update(u: UpdateRow, ctx: ViewContext) -> Markup:
    risks, held = shown_risks(u.risks, ctx.viewer)
    rows: list[tuple[str, Markup | str]] = [("RAG", rag_badge(u.rag))]
    if u.progress_pct is not None:
        rows.append(("Progress", f"{u.progress_pct}%"))
    for label, value in (
        ("Reason for the RAG", u.rag_reason),
        ("Summary", u.summary),
        ("Achievements", u.achievements),
        ("Next steps", u.next_steps),
        ("Blockers", u.blockers),
        ("Asks of the DLG", u.asks_of_dlg),
    ):
        if value.strip():
            rows.append((label, tag("span", value, class_="text")))
    if risks or held:
        risk_text = join((tag("span", r["text"], class_="text") for r in risks), Markup("<br>"))
        if held:
            risk_text += escape(f"{' ' if risks else ''}({plural(held, 'sensitive risk')} not shown)")
        rows.append(("Risks", risk_text))
    return tag("dl", join(tag("div", tag("dt", k) + tag("dd", v)) for k, v in rows), class_="facts")


# --------------------------------------------------------------------------- digests


def visible_digest_statuses(viewer: Viewer) -> tuple[str, ...] | None:
    """Posted digests for everyone; drafts and failures only for admins (None = every status)."""
    return None if viewer.is_admin else PUBLIC_DIGEST_STATUSES


def digests(items: list[DigestRef], ctx: ViewContext) -> Page:
    if not items:
        listing = tag("p", "No digests have been posted yet.", class_="muted")
    else:
        rows = join(
            tag(
                "tr",
                tag(
                    "th",
                    tag("a", f"Digest {d.period_key}", href=ctx.url(f"/digests/{quote(d.period_key, safe='')}")),
                    scope="row",
                )
                + tag("td", DIGEST_STATUS_WORDS.get(d.status, d.status))
                + tag("td", Markup(f'<time datetime="{escape(iso(d.at))}">{escape(uk_datetime(d.at, ctx.tz))}</time>')),
            )
            for d in items
        )
        listing = tag(
            "div",
            tag(
                "table",
                tag("caption", "Digests, newest first")
                + tag(
                    "thead",
                    tag(
                        "tr",
                        tag("th", "Digest", scope="col")
                        + tag("th", "Status", scope="col")
                        + tag("th", "Posted or created", scope="col"),
                    ),
                )
                + tag("tbody", rows),
            ),
            class_="table-wrap",
        )
    return Page("Digests", TEMPLATES.render("digests", viewer_note=viewer_note(ctx), listing=listing))


def digest(d: DigestFull, ctx: ViewContext) -> Page:
    content = d.content or {}
    title = str(content.get("title") or f"Digest {d.period_key}")
    meta_rows = [("Status", DIGEST_STATUS_WORDS.get(d.status, d.status))]
    if d.posted_at:
        meta_rows.append(("Posted", uk_datetime(d.posted_at, ctx.tz)))
    else:
        meta_rows.append(("Created", uk_datetime(d.created_at, ctx.tz)))
    if d.approved_by and ctx.viewer.is_admin:
        meta_rows.append(("Approved by", d.approved_by))
    meta = tag("dl", join(tag("div", tag("dt", k) + tag("dd", v)) for k, v in meta_rows), class_="facts")
    intro_text = d.intro or str(content.get("intro") or "")
    renderer = DigestRenderer(may_see_missing=may_see_missing_updates(ctx.viewer), project_url=ctx.project_url)
    html = TEMPLATES.render(
        "digest",
        digests_url=ctx.url("/digests"),
        period=d.period_key,
        title=title,
        viewer_note=viewer_note(ctx),
        subtitle=str(content.get("subtitle") or f"Update cycle {d.period_key}"),
        meta=meta,
        intro=tag("div", _text(intro_text), class_="digest-intro") if intro_text.strip() else "",
        body=renderer.render(content),
    )
    return Page(title, html)

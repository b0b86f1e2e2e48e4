"""One project's dashboard page: where it is now, its facts, people, risks, milestones, asks and history
(`views.project`)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from programme.asks import outcome_sentence
from store.dashboard_repo import ProjectDetail, UpdateRow

from .charts import milestone_state, milestone_state_words, milestone_timeline
from .diff import changes, milestone_moves, shown_risks
from .formats import plural, rag_badge, uk_date, uk_datetime
from .html import Markup, data_table, escape, header_row, join, tag
from .view_base import STATUS_WORDS, TEMPLATES, Page, ViewContext, text, text_or, viewer_note

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
        blockers=text_or(latest.blockers if latest else "", "No blockers reported."),
        asks=_asks(d, ctx),
        milestones=_milestones(d, ctx),
        history=_history(d, ctx),
    )
    return Page(d.name, html)


def _asks(d: ProjectDetail, ctx: ViewContext) -> Markup:
    """The project's asks of the DLG as records: open ones, and what the DLG decided, with its notes."""
    if not d.asks:
        latest = d.latest
        return text_or(latest.asks_of_dlg if latest else "", "No asks of the DLG in the latest update.")
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
        parts.append(text(u.summary))
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
    return dl + (text(d.description) if d.description.strip() else Markup(""))


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
            diff = data_table(
                f"What changed since {what}", header_row("Field", "Before", "After"), rows, class_="changes"
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

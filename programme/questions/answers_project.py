"""The answer about one project: its overview, leads, a field of its latest update (blockers, risks, asks …),
its milestones, RAG history, description, area, enablers, progress or last update; and the facts of such an
answer as plain data (`project_data`) for tests and the question-set score.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from programme.terms import rag_word
from programme.text import uk_date

from . import answers_more as more
from . import answers_said, replanned, rules_sent
from . import cards as c
from . import query as q
from .answer_base import _k, _local_day, _Out, _people, _progress, _source, _submitted_day, _t
from .answers_milestones import _milestones
from .results import ProjectInfo, Result, UpdateInfo

# --- one project --------------------------------------------------------------------------


def _project_data(result: Result, tz: str) -> dict[str, Any]:
    projects = result.projects
    first = projects[0] if projects else None
    latest = first.latest if first else None
    field_name = "leads" if result.query.intent == q.PROJECT_LEADS else result.query.field
    data: dict[str, Any] = {
        "projects": [p.ref for p in projects],
        "field": field_name,
        "fields": _fields_of(result.query, field_name),
        "leads": [n for p in projects for n in p.leads],
        "deputies": [n for p in projects for n in p.deputies],
        "people": result.people,
        "rag": first.rag if first else None,
        "progress": latest.progress if latest else None,
        "withheld": result.withheld,
        "source": _source(latest, tz)[1] or None,
    }
    qy = result.query
    if qy.field == "milestones" and qy.mode in ("said", "replanned"):  # a day an update gives
        data["dates"] = answers_said.dates(
            result, latest.submitted_at.date() if latest and latest.submitted_at else None
        )
    elif qy.field == "milestones":
        shown = [m for p in projects for m in more.milestones_shown(result, p)]
        data["dates"] = [m.due_date.isoformat() for m in shown if m.due_date]
        if qy.mode == "count" or qy.status == "open":
            data["count"] = len(shown)
    if qy.field == "history":
        data["rags"] = [u.rag for u in result.history]
        mine = [u for u in result.history if first is not None and u.project_id == first.id]
        then = more.as_it_was(result, mine, tz)
        if then is not None:  # "what rag was it in August": the RAG and % of then, not of now
            data["rag"], data["progress"] = then.rag, then.progress
        drop = more.progress_drop(mine) if qy.mode == "worse" and more.progress_asked(qy.text) else None
        if drop is not None and drop.submitted_at:  # "has its % gone down?": the day it last went down
            data["dates"] = [_local_day(drop.submitted_at, tz).isoformat()]
        if qy.period is not None and rules_sent.asks_who_sent(qy.text):  # "who was writing its updates in october"
            days = [(u, _local_day(u.submitted_at, tz)) for u in mine if u.submitted_at]
            sent = [u for u, d in days if (qy.period.start or d) <= d <= (qy.period.end or d)]
            data["people"] = list(dict.fromkeys(u.submitted_by for u in sent if u.submitted_by))
        if qy.mode in ("went", "left") and first:
            mine = [u for u in result.history if u.project_id == first.id]
            start = more.went(mine, qy.rag or "red") if qy.mode == "went" else _left(mine, qy.rag or "red")
            data["dates"] = [_local_day(start.submitted_at, tz).isoformat()] if start and start.submitted_at else []
    if qy.field == "dates":
        data["dates"] = [d.isoformat() for p in projects for d in (p.start_date, p.end_date) if d]
        data["dates"] += [m.day.isoformat() for p in projects if (m := _finish_moved(p, tz)) is not None]
    if qy.field in ("summary", "achievements", "next_steps") and latest and latest.submitted_at:
        data["dates"] = [_local_day(latest.submitted_at, tz).isoformat()]
    if qy.intent == q.PROJECT_OVERVIEW and latest and latest.submitted_at:  # the day of the update it is from
        data["dates"] = [_local_day(latest.submitted_at, tz).isoformat()]
    if qy.field == "last_update" and latest and latest.submitted_at:
        data["dates"] = [_local_day(latest.submitted_at, tz).isoformat()]
        data["people"] = [latest.submitted_by]
    return data


def _fields_of(qy: q.Query, field_name: str | None) -> list[str]:
    """Every part of a project the answer shows ("risks and blockers" shows both)."""
    if field_name == "issues":
        return ["issues", "risks", "blockers"]
    if field_name == "leads":
        return ["leads", "deputies"]
    if field_name == "why":  # _why_field: the RAG reason, blockers, latest summary and risks
        return ["why", "rag", "summary", "blockers", "risks"]
    if qy.intent == q.PROJECT_OVERVIEW:
        return ["status", "rag", "progress", "summary", "leads"]
    return [field_name] if field_name else []


def _one_project(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    field_name = result.query.field if result.query.intent == q.PROJECT_FIELD else None
    out.head(f"{_t(p.name)} ({p.ref})", f"{_k(p.name)} ({p.ref})")
    if p.status in ("retired", "closed", "paused"):
        out.say(f"This project is {p.status}.")
    u = p.latest
    if (
        result.since is not None
        and field_name in ("summary", "last_update")
        and u is not None
        and u.submitted_at is not None
        and u.submitted_at < result.since
    ):  # asked "since Monday": nothing since
        since = _local_day(result.since, tz)
        out.say(
            f"Nothing new since {since:%A} {uk_date(since)}: its latest update is from "
            f"{uk_date(_local_day(u.submitted_at, tz))}."
        )
    if result.query.intent == q.PROJECT_LEADS:
        _leads(out, p)
        out.say(_rag_line(p), _rag_line(p, _k), subtle=True)
    elif result.query.mode in answers_said.MODES and result.message:
        answers_said.quote(out, result, p, tz)
    elif field_name:
        _FIELD_RENDERERS.get(field_name, _overview)(out, result, p, tz)
        if field_name not in ("progress", "last_update"):
            _context_line(out, p)
    else:
        _overview(out, result, p, tz)
    line, _ = _source(p.latest, tz)
    if line and field_name not in ("description", "area", "enablers"):
        out.say(f"_{_t(line)}_", _k(line), subtle=True)


def _leads(out: _Out, p: ProjectInfo) -> None:
    lead = _people([n for n in p.leads if n]) or "no one yet"
    text = f"Led by **{_t(lead)}**."
    card = f"Led by **{_k(lead)}**."
    if any(p.deputies):
        text += f" Deputy: {_t(_people(p.deputies))}."
        card += f" Deputy: {_k(_people(p.deputies))}."
    else:
        text += " No deputy is recorded."
        card += " No deputy is recorded."
    out.say(text, card)


def _context_line(out: _Out, p: ProjectInfo) -> None:
    """Who leads it and how it is doing, under a one-part answer ("who leads X and what blocks it")."""
    lead = _people(p.leads) or "no lead recorded"
    out.say(f"Lead: {_t(lead)}. RAG: {rag_word(p.rag)}.", f"Lead: {_k(lead)}. RAG: {rag_word(p.rag)}.", subtle=True)


def _rag_line(p: ProjectInfo, escape: Callable[[str], str] | None = None) -> str:
    u = p.latest
    if u is None:
        return "RAG **Not reported**: no update has been submitted yet."
    line = ", ".join(x for x in (f"RAG **{rag_word(u.rag)}**", _progress(u)) if x) + "."
    return line + (f" Reason: {(escape or _t)(u.rag_reason)}" if u.rag_reason else "")


def _overview(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    u = p.latest
    out.lines.append(_rag_line(p))
    out.body.append(c.rag_block(p.rag, f" — {_progress(u)}" if _progress(u) else ""))
    if u and u.rag_reason:
        out.body.append(c.para(f"Reason: {_k(u.rag_reason)}"))
    out.body.append(
        c.facts(
            [
                ("Lead", _k(_people(p.leads))),
                ("Deputy", _k(_people(p.deputies))),
                ("Priority area", _k(p.area)),
                ("Enablers", _k(", ".join(p.enablers))),
            ]
        )
    )
    out.lines.append(f"Lead: {_t(_people(p.leads)) or 'none recorded'}. Area: {_t(p.area) or 'none'}.")
    if p.description:
        out.say(_t(p.description), _k(p.description))
    if u and u.summary:
        out.say(f"Latest: {_t(u.summary)}", f"Latest: {_k(u.summary)}")


def _text_field(label: str, attr: str, empty: str) -> Callable[[_Out, Result, ProjectInfo, str], None]:
    def render_field(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
        u = p.latest
        if u is None:
            out.say("No update has been submitted yet, so there is nothing to report.")
            return
        value = getattr(u, attr)
        if value:
            out.say(f"{label}: {_t(value)}", f"**{label}:** {_k(value)}")
        else:
            out.say(empty)

    return render_field


def _asks(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    """The latest update's asks of the DLG, and the ones still open from earlier cycles (they stay on the agenda
    until decided, whether or not the lead repeats them)."""
    carried = [a for a in result.carried_asks if a.project_id == p.id]
    u = p.latest
    if u is None and not carried:
        out.say("No update has been submitted yet, so there is nothing to report.")
        return
    if u is not None and not more.empty(u.asks):
        out.say(f"Asks of the DLG: {_t(u.asks)}", f"**Asks of the DLG:** {_k(u.asks)}")
    elif not carried:
        out.say("There are no asks of the DLG in the latest update, and none is still open.")
    if carried:
        lines = [
            f"{a.text} (raised {uk_date(a.raised_on) if a.raised_on else 'earlier'}"
            + (
                f", deferred to {uk_date(a.deferred_until)}"
                if a.deferred_until
                else ", deferred"
                if a.status == "deferred"
                else ""
            )
            + ")"
            for a in carried
        ]
        out.say(
            "Still open from earlier cycles, waiting for the DLG's decision:",
            "**Still open from earlier cycles**, waiting for the DLG's decision:",
        )
        out.items([_t(x) for x in lines], [_k(x) for x in lines])


def _risks(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    u = p.latest
    if u is None:
        out.say("No update has been submitted yet, so no risks are recorded.")
        return
    if u.risks:
        out.say(f"Risks ({len(u.risks)}):", f"**Risks ({len(u.risks)})**")
        out.items([_t(r) for r in u.risks], [_k(r) for r in u.risks])
    elif not u.withheld_risks:
        out.say("No risks were reported in the latest update.")
    if u.withheld_risks:
        n = u.withheld_risks
        out.say(
            f"{n} more risk{'s are' if n > 1 else ' is'} marked sensitive and shown only to admins and DLG "
            "members in a 1:1 chat.",
            subtle=True,
        )


def _issues(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    _text_field("Blockers", "blockers", "There are no blockers in the latest update.")(out, result, p, tz)
    _risks(out, result, p, tz)


def _history(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    mine = [u for u in result.history if u.project_id == p.id]
    if not mine:
        out.say("No updates have been submitted yet.")
        return
    then = more.as_it_was(result, mine, tz)
    if then is not None and result.query.compare_to is not None:
        pct = f", {then.progress}%" if then.progress is not None else ""
        day = uk_date(_submitted_day(then, tz))
        label = result.query.compare_to.label
        out.say(f"{label[:1].upper()}{label[1:]}: **{rag_word(then.rag)}**{pct} (its update of {day}).")
    text = [
        f"{u.cycle_key}: {rag_word(u.rag)}{', ' + str(u.progress) + '%' if u.progress is not None else ''} "
        f"({uk_date(_submitted_day(u, tz))}, {_t(u.submitted_by)})"
        for u in mine
    ]
    out.lines.append("RAG over the last cycles, oldest first:\n" + "\n".join(f"- {t}" for t in text))
    out.body.append(c.para("**RAG over the last cycles, oldest first**"))
    for u in mine:
        out.body.append(
            c.rag_row(
                f"{u.cycle_key} ({uk_date(_submitted_day(u, tz))})",
                u.rag,
                f" {u.progress}%" if u.progress is not None else "",
            )
        )


def _description(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    text = p.description or "No description is recorded."
    out.say(_t(text), _k(text))


def _area(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    area = p.area or "no priority area"
    out.say(f"Priority area: **{_t(area)}**.", f"Priority area: **{_k(area)}**.")


def _enablers(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    if not p.enablers:
        out.say("No enablers are recorded for this project.")
        return
    out.say("Enablers:", "**Enablers**")
    out.items([_t(e) for e in p.enablers], [_k(e) for e in p.enablers])


def _progress_field(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    u = p.latest
    if u is None or u.progress is None:
        out.say("No progress figure has been reported yet.")
        return
    out.say(f"**{u.progress}% complete**, RAG **{rag_word(u.rag)}**.")
    out.body.append(c.rag_block(u.rag))


def _last_update(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    u = p.latest
    if u is None:
        out.say("No update has been submitted yet.")
        return
    day = uk_date(_submitted_day(u, tz))
    if u.submitted_at is not None:  # the time of day too, local: "what time was its update?"
        day += f"** at **{u.submitted_at.astimezone(ZoneInfo(tz)):%H:%M}"
    out.say(
        f"Last updated on **{day}** by **{_t(u.submitted_by)}** (cycle {u.cycle_key}), RAG {rag_word(u.rag)}.",
        f"Last updated on **{day}** by **{_k(u.submitted_by)}** (cycle {u.cycle_key}), RAG {rag_word(u.rag)}.",
    )


def _dates_field(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    start = uk_date(p.start_date) if p.start_date else "not recorded"
    end = uk_date(p.end_date) if p.end_date else "not recorded"
    today = result.today
    began = "Started" if today and p.start_date and p.start_date <= today else "Starts"
    ends = "ended" if today and p.end_date and p.end_date < today else "ends"
    out.say(f"{began} **{start}**, {ends} **{end}** (from the project plan).")
    moved = _finish_moved(p, tz)
    if moved is not None and p.latest is not None:  # the plan keeps the old date until someone edits it
        when = f"{moved.day:%B %Y}" if moved.month else uk_date(moved.day)
        out.say(
            f"The latest update ({uk_date(_submitted_day(p.latest, tz))}) says it will now finish **{when}**: "
            f"“{moved.words.strip()}”"
        )


def _finish_moved(p: ProjectInfo, tz: str) -> replanned.Moved | None:
    u = p.latest
    if u is None or p.end_date is None:
        return None
    texts = (u.summary, u.rag_reason, u.next_steps, *u.risks, u.blockers, u.asks)
    return replanned.finish_moved(texts, p.end_date, _submitted_day(u, tz))


def _why_field(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    u = p.latest
    if u is None:
        out.say("No update has been submitted yet, so there is no reason on record.")
        return
    bits = [
        (label, value)
        for label, value in (("RAG reason", u.rag_reason), ("Blockers", u.blockers), ("Latest", u.summary))
        if not more.empty(value)
    ]
    bits += [("Risk", r) for r in u.risks[:2]]
    out.lines.append(f"RAG **{rag_word(u.rag)}**.")
    out.body.append(c.rag_block(u.rag))
    for label, value in bits:
        out.say(f"{label}: {_t(value)}", f"**{label}:** {_k(value)}")


_FIELD_RENDERERS = {
    "risks": _risks,
    "issues": _issues,
    "blockers": _text_field("Blockers", "blockers", "There are no blockers in the latest update."),
    "asks": lambda out, result, p, tz: _asks(out, result, p, tz),
    "next_steps": _text_field("Next steps", "next_steps", "No next steps were given in the latest update."),
    "summary": _text_field("Latest summary", "summary", "The latest update has no summary."),
    "achievements": _text_field("Achievements", "achievements", "No achievements were recorded in the latest update."),
    "milestones": _milestones,
    "history": _history,
    "description": _description,
    "area": _area,
    "enablers": _enablers,
    "progress": _progress_field,
    "dates": _dates_field,
    "why": _why_field,
    "last_update": _last_update,
}


def _left(history: list[UpdateInfo], rag: str) -> UpdateInfo | None:
    """The update that ended the latest run of `rag` (when it "came off red"), None while it still is."""
    after = None
    for before, u in zip(history, history[1:], strict=False):
        if before.rag == rag and u.rag != rag:
            after = u
    return after

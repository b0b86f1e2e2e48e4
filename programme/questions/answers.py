"""Turning a `Result` into an `Answer`: plain text, an Adaptive Card, and structured data for tests.

Every answer says where it came from ("from Priya Shah's update on 3 March 2026"), writes RAG as a
word, writes dates the UK way, and escapes whatever people typed. When the engine is not sure it
says so and offers questions that work; when a name fits several projects it offers a pick.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from programme.terms import rag_word
from programme.text import uk_date

from . import answers_more as more
from . import cards as c
from . import query as q
from .answer_base import (
    FIELD_TITLES,
    MAX_LISTED,
    Answer,
    _k,
    _local_day,
    _more,
    _Out,
    _people,
    _progress,
    _source,
    _submitted_day,
    _t,
)
from .decisions import DECISIONS, DecisionsResult
from .decisions_answers import render as render_decisions
from .results import AMBIGUOUS, NOT_FOUND, REFUSED, Change, MilestoneInfo, ProjectInfo, Result
from .suggest import general_examples
from .vocab import Vocabulary

def render(result: Result, vocab: Vocabulary | None = None, *, tz: str = "Europe/London") -> Answer:
    """The answer to show for `result` (its `data` holds the same facts for tests and logs)."""
    renderer = _RENDERERS.get(result.kind, _unknown)
    answer = renderer(result, vocab or Vocabulary.empty(), tz)
    _finish(result, answer, tz)
    answer.data.setdefault("kind", result.kind)
    answer.data.setdefault("intent", result.query.intent)
    answer.data.setdefault("understood", list(result.query.explanation))
    answer.data.setdefault("confidence", result.query.confidence)
    return answer


def _finish(result: Result, answer: Answer, tz: str) -> None:
    """Yes or no first (when asked and the facts decide it), and the window and count in the data."""
    if result.kind not in _RENDERERS or result.kind in (q.HELP, q.UNKNOWN, AMBIGUOUS, NOT_FOUND, REFUSED):
        return
    yes_no = more.yes_no_of(result)
    if yes_no:
        answer.data["answer"] = yes_no
        more.first_words(answer, "Yes." if yes_no == "yes" else "No.")
    if result.since is not None:
        answer.data.setdefault("since", _local_day(result.since, tz).isoformat())
    if result.until is not None:
        last = result.until - timedelta(microseconds=1)  # the window ends before `until`
        answer.data.setdefault("until", _local_day(last, tz).isoformat())
    if result.count is not None:
        answer.data.setdefault("count", result.count)


# --- one project --------------------------------------------------------------------------

def _project_data(result: Result, tz: str) -> dict[str, Any]:
    projects = result.projects
    first = projects[0] if projects else None
    latest = first.latest if first else None
    field_name = "leads" if result.query.intent == q.PROJECT_LEADS else result.query.field
    data: dict[str, Any] = {
        "projects": [p.ref for p in projects], "field": field_name, "fields": _fields_of(result.query, field_name),
        "leads": [n for p in projects for n in p.leads], "deputies": [n for p in projects for n in p.deputies],
        "people": result.people, "rag": first.rag if first else None,
        "progress": latest.progress if latest else None, "withheld": result.withheld,
        "source": _source(latest, tz)[1] or None,
    }
    qy = result.query
    if qy.field == "milestones":
        shown = [m for p in projects for m in more.milestones_shown(result, p)]
        data["dates"] = [m.due_date.isoformat() for m in shown if m.due_date]
        if qy.mode == "count" or qy.status == "open":
            data["count"] = len(shown)
    if qy.field == "history":
        data["rags"] = [u.rag for u in result.history]
        if qy.mode == "went" and first:
            start = more.went([u for u in result.history if u.project_id == first.id], qy.rag or "red")
            data["dates"] = [_local_day(start.submitted_at, tz).isoformat()] if start and start.submitted_at else []
    if qy.field == "dates":
        data["dates"] = [d.isoformat() for p in projects for d in (p.start_date, p.end_date) if d]
    if qy.field in ("summary", "achievements", "next_steps") and latest and latest.submitted_at:
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
    if qy.intent == q.PROJECT_OVERVIEW:
        return ["status", "rag", "progress", "summary", "leads"]
    return [field_name] if field_name else []


def _about_project(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    if not result.projects:
        return _unknown(result, vocab, tz)
    for p in result.projects:
        _one_project(out, result, p, tz)
    if len(result.projects) == 1:
        out.actions.append(c.history_action(result.projects[0].ref))
    return out.answer(result.kind, _project_data(result, tz))


def _one_project(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    field_name = result.query.field if result.query.intent == q.PROJECT_FIELD else None
    out.head(f"{_t(p.name)} ({p.ref})", f"{_k(p.name)} ({p.ref})")
    if p.status in ("retired", "closed", "paused"):
        out.say(f"This project is {p.status}.")
    if result.query.intent == q.PROJECT_LEADS:
        _leads(out, p)
        out.say(_rag_line(p), _rag_line(p, _k), subtle=True)
    elif result.query.mode == "figure" and result.message:
        out.say(f"The latest update says: “{_t(result.message)}”", f"The latest update says: “{_k(result.message)}”")
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


def _rag_line(p: ProjectInfo, escape: Callable[[str | None], str] | None = None) -> str:
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
    out.body.append(c.facts([("Lead", _k(_people(p.leads))), ("Deputy", _k(_people(p.deputies))),
                             ("Priority area", _k(p.area)), ("Enablers", _k(", ".join(p.enablers)))]))
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
        out.say(f"{n} more risk{'s are' if n > 1 else ' is'} marked sensitive and shown only to admins and DLG "
                "members in a 1:1 chat.", subtle=True)


def _issues(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    _text_field("Blockers", "blockers", "There are no blockers in the latest update.")(out, result, p, tz)
    _risks(out, result, p, tz)


def _milestones(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    mine = more.milestones_shown(result, p)
    if not mine:
        out.say("No overdue milestones." if result.query.status == "overdue" else
                "No open milestones are left." if result.query.status == "open" else
                "No milestones are recorded for this project.")
        return
    if result.query.mode == "count":
        what = "left to do" if result.query.status == "open" else "in the plan"
        out.say(f"**{len(mine)}** milestone{'s' if len(mine) != 1 else ''} {what}.")
    out.items([_milestone_line(m, _t, result.today) for m in mine], [_milestone_line(m, _k, result.today) for m in mine])
    nxt = next((m for m in mine if m.status != "done" and m.due_date), None)
    if nxt:
        when = f"due {uk_date(nxt.due_date)}" + (" (overdue)" if "overdue" in _milestone_status(nxt, result.today) else "")
        out.say(f"Next open milestone: {_t(nxt.title)}, {when}.", f"Next open milestone: {_k(nxt.title)}, {when}.")
    out.say("_Dates from the project plan._", "Dates from the project plan.", subtle=True)


def _milestone_line(m: MilestoneInfo, escape: Callable[[str | None], str], today: date | None) -> str:
    due = f"due {uk_date(m.due_date)}" if m.due_date else "no date set"
    return f"{escape(m.title)} — {due} ({_milestone_status(m, today)})"


def _milestone_status(m: MilestoneInfo, today: date | None) -> str:
    late = today is not None and m.due_date is not None and m.due_date < today and m.status != "done"
    return f"{m.status}, overdue" if late else m.status


def _history(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    mine = [u for u in result.history if u.project_id == p.id]
    if not mine:
        out.say("No updates have been submitted yet.")
        return
    text = [f"{u.cycle_key}: {rag_word(u.rag)}{', ' + str(u.progress) + '%' if u.progress is not None else ''} "
            f"({uk_date(_submitted_day(u, tz))}, {_t(u.submitted_by)})" for u in mine]
    out.lines.append("RAG over the last cycles, oldest first:\n" + "\n".join(f"- {t}" for t in text))
    out.body.append(c.para("**RAG over the last cycles, oldest first**"))
    for u in mine:
        out.body.append(c.rag_row(f"{u.cycle_key} ({uk_date(_submitted_day(u, tz))})", u.rag,
                                  f" {u.progress}%" if u.progress is not None else ""))


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
    out.say(f"Last updated on **{day}** by **{_t(u.submitted_by)}** (cycle {u.cycle_key}), RAG {rag_word(u.rag)}.",
            f"Last updated on **{day}** by **{_k(u.submitted_by)}** (cycle {u.cycle_key}), RAG {rag_word(u.rag)}.")


_FIELD_RENDERERS = {
    "risks": _risks,
    "issues": _issues,
    "blockers": _text_field("Blockers", "blockers", "There are no blockers in the latest update."),
    "asks": _text_field("Asks of the DLG", "asks", "There are no asks of the DLG in the latest update."),
    "next_steps": _text_field("Next steps", "next_steps", "No next steps were given in the latest update."),
    "summary": _text_field("Latest summary", "summary", "The latest update has no summary."),
    "achievements": _text_field("Achievements", "achievements", "No achievements were recorded in the latest update."),
    "milestones": _milestones,
    "history": _history,
    "description": _description,
    "area": _area,
    "enablers": _enablers,
    "progress": _progress_field,
    "dates": more.dates_field,
    "why": more.why_field,
    "last_update": _last_update,
}


# --- lists --------------------------------------------------------------------------------

def _list_title(result: Result, vocab: Vocabulary) -> str:
    qy = result.query
    bits = []
    if qy.rags and len(qy.rags) > 1:
        bits.append(" or ".join(rag_word(r) for r in qy.rags))
    elif qy.rag:
        bits.append(rag_word(qy.rag))
    what = "projects"
    where = []
    if qy.area and qy.area in vocab.areas:
        where.append(f"in {vocab.areas[qy.area].name}")
    if qy.enabler and qy.enabler in vocab.enablers:
        where.append(f"supported by {vocab.enablers[qy.enabler].name}")
    if result.kind == q.NOT_REPORTED or qy.field == "not_reported":
        bits.append("not yet reported")
        return " ".join([what.capitalize(), *bits[-1:], *where])
    return " ".join([*(bits or ["All"]), what, *where]).strip()


def _project_line(p: ProjectInfo, escape: Callable[[str | None], str]) -> str:
    lead = f" — {escape(_people(p.leads))}" if p.leads else ""
    prog = f", {p.latest.progress}%" if p.latest and p.latest.progress is not None else ""
    return f"{escape(p.name)} ({p.ref}): {rag_word(p.rag)}{prog}{lead}"


def _listing(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    if result.query.mode == "breakdown":
        return more.breakdown(result, vocab, tz)
    out = _Out()
    title = _list_title(result, vocab)
    projects = result.projects
    total = result.total if result.total is not None else len(projects)
    if result.kind == q.COUNT:
        out.head(f"{total} {'project' if total == 1 else 'projects'}")
        out.say(f"{_t(title)}: {total}.", f"{_k(title)}: {total}.")
    else:
        out.head(f"{_t(title)}: {total}", f"{_k(title)}: {total}")
    if not projects:
        out.say("None at the moment.")
    shown = projects[:MAX_LISTED]
    out.lines.append("\n".join(f"- {_project_line(p, _t)}" for p in shown))
    for p in shown:
        out.body.append(c.rag_row(f"{_k(p.name)} ({p.ref})", p.rag))
    if _more(total):
        out.say(_more(total))
    out.say("_RAG and progress from each project's latest update._", "RAG and progress from each project's latest update.",
            subtle=True)
    data = {"projects": [p.ref for p in projects], "rag": result.query.rag, "area": result.query.area,
            "enabler": result.query.enabler, "count": total}
    return out.answer(result.kind, data)


def _led_by(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    name = _people(result.people) or "They"
    if result.query.exclude_ids:  # "what else is she on?": the others, said as the others
        out.head(f"{_t(name)}: other projects", f"{_k(name)}: other projects")
        if not (result.projects or result.deputy_projects):
            out.say("None besides those already mentioned.")
        if result.projects:
            out.say("Leads:", "**Leads**")
            out.items([_project_line(p, _t) for p in result.projects], [_project_line(p, _k) for p in result.projects])
    elif result.projects:
        out.head(f"{_t(name)} leads {len(result.projects)} project{'s' if len(result.projects) != 1 else ''}",
                 f"{_k(name)} leads {len(result.projects)} project{'s' if len(result.projects) != 1 else ''}")
        out.items([_project_line(p, _t) for p in result.projects], [_project_line(p, _k) for p in result.projects])
    else:
        out.say(f"{_t(name)} does not lead any projects.", f"{_k(name)} does not lead any projects.")
    if result.deputy_projects:
        out.say("Deputy on:", "**Deputy on**")
        out.items([_project_line(p, _t) for p in result.deputy_projects],
                  [_project_line(p, _k) for p in result.deputy_projects])
    role = result.query.role or "lead"
    shown = {"lead": result.projects, "deputy": result.deputy_projects}.get(role, result.projects + result.deputy_projects)
    data = {"projects": [p.ref for p in shown], "deputy_projects": [p.ref for p in result.deputy_projects],
            "people": result.people, "field": "leads" if role == "lead" else role, "count": len(shown)}
    return out.answer(result.kind, data)


def _changed(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    qy = result.query
    since_day = _local_day(result.since, tz) if result.since else None
    label = qy.period.label if qy.period else "since the last digest"
    if qy.period and qy.period.since_digest and result.since:
        label = f"since the last digest ({uk_date(result.since, tz)})"
    out.head(f"What changed {label}")
    if result.message:
        out.say(result.message)
    if not result.changes:
        out.say("Nothing moved: no RAG or progress changes and no first updates.")
    lines_t = [_change_line(ch, _t) for ch in result.changes[:MAX_LISTED]]
    out.lines.append("\n".join(f"- {x}" for x in lines_t))
    for ch in result.changes[:MAX_LISTED]:
        out.body.append(c.rag_row(_change_line(ch, _k, with_rag=False), ch.after.rag))
    if _more(result.total or 0):
        out.say(_more(result.total or 0))
    if result.unchanged_count:
        n = result.unchanged_count
        out.say(f"{n} other project{'s' if n != 1 else ''} updated with no change in RAG or progress.", subtle=True)
    data = {"projects": [ch.project.ref for ch in result.changes], "since": since_day.isoformat() if since_day else None,
            "also_updated": result.unchanged_count, "total": result.total,
            "changes": [{"ref": ch.project.ref, "from": ch.before.rag if ch.before else None, "to": ch.after.rag,
                         "progress_from": ch.before.progress if ch.before else None, "progress_to": ch.after.progress,
                         "new": ch.new} for ch in result.changes]}
    return out.answer(result.kind, data)


def _change_line(ch: Change, escape: Callable[[str | None], str], *, with_rag: bool = True) -> str:
    p, a, b = ch.project, ch.after, ch.before
    name = f"{escape(p.name)} ({p.ref})"
    if b is None:
        return f"{name}: first update, {rag_word(a.rag)}" + (f", {a.progress}%" if a.progress is not None else "")
    bits = []
    if b.rag != a.rag:
        bits.append(f"{rag_word(b.rag)} → {rag_word(a.rag)}")
    elif with_rag:
        bits.append(f"still {rag_word(a.rag)}")
    if b.progress != a.progress:
        bits.append(f"progress {b.progress if b.progress is not None else '?'}% → "
                    f"{a.progress if a.progress is not None else '?'}%")
    return f"{name}: {', '.join(bits)} ({escape(a.submitted_by)})"


def _milestones_due(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    qy = result.query
    label = qy.period.label if qy.period else ""
    out.head(f"Milestones due {label}".strip() if not (qy.period and qy.period.overdue) else "Overdue milestones")
    names = {p.id: p for p in result.projects}
    if not result.milestones:
        out.say("No open milestones fall in that period.")
    rows = result.milestones[:MAX_LISTED]
    text = [f"{uk_date(m.due_date)}: {_t(m.title)} — {_t(names[m.project_id].name)} ({names[m.project_id].ref}), "
            f"{_milestone_status(m, result.today)}" for m in rows if m.project_id in names]
    card = [f"{uk_date(m.due_date)}: {_k(m.title)} — {_k(names[m.project_id].name)} ({names[m.project_id].ref}), "
            f"{_milestone_status(m, result.today)}" for m in rows if m.project_id in names]
    out.items(text, card)
    if _more(result.total if result.total is not None else len(result.milestones)):
        out.say(_more(result.total if result.total is not None else len(result.milestones)))
    which = {"done": "Done milestones only", "not started": "Milestones not started yet only"}.get(
        qy.status, "Open milestones only (not done)")
    out.say(f"_{which}, from the project plan._", f"{which}, from the project plan.", subtle=True)
    # (milestones due in a period all have a date: `if m.due_date` is for the type checker)
    data = {"projects": sorted({p.ref for p in result.projects}),
            "dates": [m.due_date.isoformat() for m in result.milestones if m.due_date],
            "milestones": [{"ref": names[m.project_id].ref, "title": m.title,
                            "due": m.due_date.isoformat() if m.due_date else None,
                            "status": m.status} for m in result.milestones if m.project_id in names],
            "count": result.total if result.total is not None else len(result.milestones), "field": "milestones"}
    if qy.period and qy.period.start:
        data["since"] = qy.period.start.isoformat()
    if qy.period and qy.period.end and not qy.period.overdue:
        data["until"] = qy.period.end.isoformat()
    return out.answer(result.kind, data)


def _missing(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    if result.message and not result.projects:
        out.say(result.message)
    out.head(f"Not yet updated in cycle {result.cycle_key}: {len(result.projects)}" if result.cycle_key else "Not yet updated")
    text = [f"{_t(p.name)} ({p.ref}) — {_t(_people(p.leads)) or 'no lead'}" for p in result.projects]
    card = [f"{_k(p.name)} ({p.ref}) — {_k(_people(p.leads)) or 'no lead'}" for p in result.projects]
    out.items(text, card)
    data = {"projects": [p.ref for p in result.projects], "people": result.people, "cycle": result.cycle_key}
    return out.answer(result.kind, data)


def _search(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    words = " ".join(result.query.terms)
    if not result.hits:
        out.say(f"No updates mention “{_t(words)}”.", f"No updates mention “{_k(words)}”.")
    else:
        out.head(f"Updates mentioning “{_t(words)}”: {len(result.hits)} project{'s' if len(result.hits) != 1 else ''}",
                 f"Updates mentioning “{_k(words)}”: {len(result.hits)} project{'s' if len(result.hits) != 1 else ''}")
    for h in result.hits:
        line, _ = _source(h.update, tz)
        out.say(f"**{_t(h.project.name)} ({h.project.ref})**: {_t(h.snippet)} _{_t(line)}_",
                f"**{_k(h.project.name)} ({h.project.ref})**: {_k(h.snippet)} — {_k(line)}")
    data = {"projects": [h.project.ref for h in result.hits], "terms": list(result.query.terms)}
    return out.answer(result.kind, data)


# --- not sure, pick one, refused, help ----------------------------------------------------

def _ambiguous(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    cands = result.query.candidates
    out.head("Which one did you mean?")
    out.say("That could be more than one:", "That could be more than one. Pick one:")
    out.items([_t(x.label) for x in cands], [_k(x.label) for x in cands])
    for x in cands[:6]:
        out.actions.append(c.ask_button(x.label[:60], _rephrase(result.query, x)))
    data = {"candidates": [x.ref or x.label for x in cands], "suggestions": [_rephrase(result.query, x) for x in cands]}
    return out.answer(AMBIGUOUS, data)


def _rephrase(qy: q.Query, cand: q.Candidate) -> str:
    """The same question about one candidate, in words the parser reads back the same way."""
    if cand.kind == "person":
        return f"what does {cand.label} lead?"
    ref = cand.ref or cand.label
    if qy.intent == q.PROJECT_LEADS:
        return f"who leads {ref}?"
    if qy.intent == q.PROJECT_FIELD and qy.field:
        return f"{FIELD_TITLES.get(qy.field, qy.field).lower()} for {ref}"
    return f"tell me about {ref}"


def _unknown(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    qy = result.query
    suggestions = list(qy.suggestions) or list(general_examples(vocab))[:4]
    if qy.date_error:
        out.say(f"I'm not sure about that date: {_t(qy.date_error)}.", f"I'm not sure about that date: {_k(qy.date_error)}.")
    elif result.message:
        out.say(_t(result.message), _k(result.message))
    else:
        out.say("I'm not sure what you're asking, so I won't guess. Try one of these:",
                "I'm not sure what you're asking, so I won't guess. Try one of these:")
    _offer(out, suggestions)
    return out.answer(q.UNKNOWN if result.kind != NOT_FOUND else NOT_FOUND, {"suggestions": suggestions})


def _not_found(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    name = result.message
    out.say(f"I couldn't find a project or person called “{_t(name)}” in the programme.",
            f"I couldn't find a project or person called “{_k(name)}” in the programme.")
    suggestions = list(result.query.suggestions) or list(general_examples(vocab))[:4]
    _offer(out, suggestions)
    return out.answer(NOT_FOUND, {"suggestions": suggestions, "not_found": name})


def _offer(out: _Out, suggestions: list[str]) -> None:
    out.items([_t(s) for s in suggestions], [_k(s) for s in suggestions])
    for s in suggestions[:4]:
        out.actions.append(c.ask_button(s[:60], s))


def _refused(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    out.say(result.message or "Sorry, I can't share that here.")
    return out.answer(REFUSED, {"message": result.message})


def small_talk(kind: str, vocab: Vocabulary) -> Answer:
    """A friendly word back to 'thanks' or 'morning!', with one question to try."""
    out = _Out()
    example = next(iter(general_examples(vocab)), "which projects are red?")
    if kind == "thanks":
        out.say("You're welcome! Ask me anything else about the programme whenever you like.")
    else:
        out.say(f"Hello! Ask me about any Digital First project, for example “{_t(example)}”, or type **help**.",
                f"Hello! Ask me about any Digital First project, for example “{_k(example)}”, or type **help**.")
        out.actions.append(c.ask_button(example[:60], example))
    return out.answer(q.SMALL_TALK, {"kind": q.SMALL_TALK, "small_talk": kind})


NOT_ANSWERED = (q.UNKNOWN, NOT_FOUND, AMBIGUOUS)


def combine(answers: list[tuple[str, Answer]]) -> Answer:
    """One reply to several questions: each answered in turn; a part not understood is left out, and
    the reply says which. One part, or none understood, is that answer alone."""
    if len(answers) == 1:
        return answers[0][1]
    done = [(part, a) for part, a in answers if a.kind not in NOT_ANSWERED]
    if not done:
        return answers[0][1]
    skipped = [part for part, a in answers if a.kind in NOT_ANSWERED]
    lines, body, actions = [], [], []
    for i, (_, a) in enumerate(done):
        lines.append(a.text)
        if a.card:
            if i:
                body.append({"type": "TextBlock", "text": " ", "separator": True, "spacing": "Medium"})
            body += a.card.get("body", [])
            actions += a.card.get("actions", [])
    for part in skipped:
        note = f"I didn't understand “{part.strip()}”, so I left that part out; try asking it on its own."
        lines.append(_t(note))
        body.append(c.para(_k(note), subtle=True))
    data = {"kind": "parts", "parts": [a.data for _, a in done], "skipped": skipped}
    return Answer("parts", "\n\n".join(lines), c.card(body, _unique_actions(actions)[:6] or None), data)


def _unique_actions(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for a in actions:
        key = (a.get("title"), a.get("verb"))
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


HELP_TEXT = "I answer questions about the Digital First programme from the latest updates. For example:"


def _help(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    out.head("Ask me about projects")
    out.say(HELP_TEXT)
    examples = list(general_examples(vocab)) + ["anything about funding?"]
    examples = list(dict.fromkeys(examples))
    out.items([_t(e) for e in examples], [_k(e) for e in examples])
    out.say("Follow-ups work too: “and who leads it?”, “what about Digital Care?”.")
    for e in examples[:4]:
        out.actions.append(c.ask_button(e[:60], e))
    return out.answer(q.HELP, {"examples": examples})


def _decisions(result: Result, _vocab: Vocabulary, tz: str) -> Answer:
    assert isinstance(result, DecisionsResult)  # what store/decisions_query.py answers a DECISIONS query with
    return Answer(*render_decisions(result, tz))


_RENDERERS: dict[str, Callable[[Result, Vocabulary, str], Answer]] = {
    q.PROJECT_OVERVIEW: _about_project,
    q.PROJECT_LEADS: _about_project,
    q.PROJECT_FIELD: _about_project,
    q.PROJECTS_BY_AREA: _listing,
    q.PROJECTS_BY_ENABLER: _listing,
    q.PROJECTS_BY_RAG: _listing,
    q.NOT_REPORTED: _listing,
    q.COUNT: _listing,
    q.LED_BY_PERSON: _led_by,
    q.CHANGED_SINCE: _changed,
    q.MILESTONES_DUE: _milestones_due,
    q.MISSING_UPDATES: _missing,
    q.SEARCH: _search,
    q.UPDATED: more.updated,
    q.NOT_UPDATED: more.not_updated,
    q.WITH_FIELD: more.with_field,
    q.RANKING: more.ranking,
    q.COMPARE: more.compare,
    AMBIGUOUS: _ambiguous,
    NOT_FOUND: _not_found,
    REFUSED: _refused,
    q.HELP: _help,
    q.UNKNOWN: _unknown,
    DECISIONS: _decisions,
}

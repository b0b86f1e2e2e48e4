"""Turning a `Result` into an `Answer`: plain text, an Adaptive Card, and structured data for tests.

Every answer says where it came from ("from Priya Shah's update on 3 March 2026"), writes RAG as a
word, writes dates the UK way, and escapes whatever people typed. When the engine is not sure it
says so and offers questions that work; when a name fits several projects it offers a pick.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from programme.terms import rag_word
from programme.text import uk_date

from . import answers_more as more
from . import cards as c
from . import query as q
from .answer_base import MAX_LISTED, Answer, _k, _local_day, _more, _Out, _people, _source, _t
from .answers_changes import _changed
from .answers_help import _ambiguous, _help, _not_found, _refused, _rephrase, _unknown, combine, small_talk
from .answers_milestones import _milestone_status
from .answers_project import _one_project, _project_data
from .decisions import DECISIONS, DecisionsResult
from .decisions_answers import render as render_decisions
from .results import AMBIGUOUS, NOT_FOUND, REFUSED, ProjectInfo, Result
from .vocab import Vocabulary

# What callers use: `render`, and the answers that need no result (services/ask.py, the tests' _rephrase).
__all__ = ["_rephrase", "combine", "render", "small_talk"]


def render(result: Result, vocab: Vocabulary | None = None, *, tz: str = "Europe/London") -> Answer:
    """The answer to show for `result` (its `data` holds the same facts for tests and logs)."""
    result = more.only_those_it_holds_for(result)
    if more.undecided(result):
        why = "I can't tell yes or no to that from the plan and the updates, so I won't guess."
        result = replace(result, kind=q.UNKNOWN, message=why)
    renderer = _RENDERERS.get(result.kind, _unknown)
    answer = renderer(result, vocab or Vocabulary.empty(), tz)
    answer.data.setdefault("kind", result.kind)
    answer.data.setdefault("intent", result.query.intent)
    answer.data.setdefault("understood", list(result.query.explanation))
    answer.data.setdefault("confidence", result.query.confidence)
    qy = result.query
    listed = bool(qy.rag or qy.rags or qy.area or qy.enabler or qy.within)  # "the red projects and their leads"
    if result.kind in q.PROJECT_INTENTS and len(result.projects) > 1 and not qy.from_context and not listed:
        # "status of the app, the portal and payments?": one part per project named, as if asked one by one
        answer.data["parts"] = [
            {**_project_data(one, tz), "kind": result.kind, "intent": result.query.intent}
            | ({"answer": yes_no} if (yes_no := more.yes_no_of(one)) else {})
            for one in (replace(result, projects=[p]) for p in result.projects)
        ]
    _finish(result, answer, tz)
    return answer


def _finish(result: Result, answer: Answer, tz: str) -> None:
    """Yes or no first (when asked and the facts decide it), and the window and count in the data."""
    if result.kind not in _RENDERERS or result.kind in (q.HELP, q.UNKNOWN, AMBIGUOUS, NOT_FOUND, REFUSED):
        return
    yes_no = more.yes_no_of(result)
    verdict = more.either_way(result)  # "better or worse than last month?": which, also after a yes or no
    if yes_no and "parts" not in answer.data:  # "is X on track. is Y?": each part its own yes or no, not X's for both
        answer.data["answer"] = yes_no
        said = "Yes" if yes_no == "yes" else "No"
        more.first_words(answer, f"{said}, {verdict[0].lower()}{verdict[1:]}" if verdict else f"{said}.")
    elif verdict:
        more.first_words(answer, verdict)
    if result.since is not None:
        answer.data.setdefault("since", _local_day(result.since, tz).isoformat())
    if result.until is not None:
        last = result.until - timedelta(microseconds=1)  # the window ends before `until`
        answer.data.setdefault("until", _local_day(last, tz).isoformat())
    elif result.since is not None and result.today is not None:  # a window ending now ("in the last 7 days")
        answer.data.setdefault("until", result.today.isoformat())
    if result.count is not None:
        answer.data.setdefault("count", result.count)


# --- one project --------------------------------------------------------------------------


def _about_project(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    if not result.projects:
        return _unknown(result, vocab, tz)
    for p in result.projects:
        _one_project(out, result, p, tz)
    if len(result.projects) == 1:
        out.actions.append(c.history_action(result.projects[0].ref))
    return out.answer(result.kind, _project_data(result, tz))


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
    if qy.person_ids:  # "Priya's red projects": those she leads
        names = _people([vocab.people[i].name for i in qy.person_ids if i in vocab.people])
        verb = {"deputy": "is deputy on", "both": "is on"}.get(qy.role, "leads" if len(qy.person_ids) == 1 else "lead")
        if names:
            where.append(f"that {names} {verb}")
    if result.kind == q.NOT_REPORTED or qy.field == "not_reported":
        bits.append("not yet reported")
        return " ".join([what.capitalize(), *bits[-1:], *where])
    said = " or ".join(rag_word(r) for r in (qy.rags or ((qy.rag,) if qy.rag else ("red",))))
    span = qy.period.label if qy.period else ""
    mode = {
        "ever": f"that have been {said} at some point",
        "ever_not_now": f"that have been {said} at some point but are not now",
        "always": f"{said} in every update",
        "no_deputy": "with no deputy recorded",
        "with_deputy": "with a deputy recorded",
        "two_leads": "with two or more leads",
        "starts_in": f"starting {span}",
        "ends_in": f"ending {span}",
        "runs_past": f"running past {span}",
    }.get(qy.mode)
    if qy.progress_min is not None or qy.progress_max is not None:  # "over 80% complete"
        bounds = [
            f"over {qy.progress_min}%" if qy.progress_min is not None else "",
            f"under {qy.progress_max}%" if qy.progress_max is not None else "",
        ]
        mode = " and ".join(b for b in bounds if b) + " complete" + (f" ({mode})" if mode else "")
    if mode:  # the list says what was asked, not "All projects"
        title = " ".join([*bits, what, mode, *where]).strip()
        title = title[:1].upper() + title[1:]
    else:
        title = " ".join([*(bits or ["All"]), what, *where]).strip()
    listed = f"Of those listed ({span})" if span and qy.from_context and not qy.mode else "Of those listed"
    return f"{listed}, {title[:1].lower() + title[1:]}" if qy.within else title


def _project_line(p: ProjectInfo, escape: Callable[[str], str]) -> str:
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
        out.say("None of them; as they stand now:" if result.checked else "None at the moment.")
    shown = (projects or result.checked)[:MAX_LISTED]
    out.lines.append("\n".join(f"- {_project_line(p, _t)}" for p in shown))
    for p in shown:
        out.body.append(c.rag_row(f"{_k(p.name)} ({p.ref})", p.rag))
    if _more(total):
        out.say(_more(total))
    out.say(
        "_RAG and progress from each project's latest update._",
        "RAG and progress from each project's latest update.",
        subtle=True,
    )
    data = {
        "projects": [p.ref for p in projects or result.checked],
        "rag": result.query.rag,
        "area": result.query.area,
        "enabler": result.query.enabler,
        "count": total,
    }
    period = result.query.period
    if period is not None and result.query.mode in ("starts_in", "ends_in", "runs_past"):  # the window it used
        data.update({k: d.isoformat() for k, d in (("since", period.start), ("until", period.end)) if d})
    return out.answer(result.kind, data)


def _led_by(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    name = _people(result.people) or "They"
    role = result.query.role or "lead"
    shown = {"lead": result.projects, "deputy": result.deputy_projects}.get(
        role, result.projects + result.deputy_projects
    )
    if role == "sent":  # "which projects has Owen sent updates for": from the updates, lead or not
        n, s_ = len(shown), "s" if len(shown) != 1 else ""
        out.head(f"{_t(name)} has sent updates for {n} project{s_}", f"{_k(name)} has sent updates for {n} project{s_}")
        out.items([_project_line(p, _t) for p in shown], [_project_line(p, _k) for p in shown])
        out.say("_From who submitted each update._", "From who submitted each update.", subtle=True)
        return out.answer(result.kind, {"projects": [p.ref for p in shown], "people": result.people, "count": n})
    if result.query.mode == "count":  # "how many projects is Priya on?": the number first
        n, s_ = len(shown), "s" if len(shown) != 1 else ""
        said = {
            "lead": f"lead{'s' * (len(result.people) < 2)} {n} project{s_}",
            "deputy": f"is deputy on {n} project{s_}",
        }.get(role, f"is on {n} project{s_}: {len(result.projects)} as lead, {len(result.deputy_projects)} as deputy")
        out.say(f"{_t(name)} {said}.", f"**{_k(name)}** {said}.")
    if role == "deputy" and not result.deputy_projects and result.query.mode != "count":
        out.say(f"{_t(name)} is not deputy on any project.", f"**{_k(name)}** is not deputy on any project.")
    if result.query.exclude_ids:  # "what else is she on?": the others, said as the others
        out.head(f"{_t(name)}: other projects", f"{_k(name)}: other projects")
        if not (result.projects or result.deputy_projects):
            out.say("None besides those already mentioned.")
        if result.projects:
            out.say("Leads:", "**Leads**")
            out.items([_project_line(p, _t) for p in result.projects], [_project_line(p, _k) for p in result.projects])
    elif result.projects:
        leads = "lead" if len(result.people) > 1 else "leads"  # "Priya Nair and Tom Whitlock lead 1 project"
        out.head(
            f"{_t(name)} {leads} {len(result.projects)} project{'s' if len(result.projects) != 1 else ''}",
            f"{_k(name)} {leads} {len(result.projects)} project{'s' if len(result.projects) != 1 else ''}",
        )
        out.items([_project_line(p, _t) for p in result.projects], [_project_line(p, _k) for p in result.projects])
    else:
        out.say(f"{_t(name)} does not lead any projects.", f"{_k(name)} does not lead any projects.")
    if result.deputy_projects:
        out.say("Deputy on:", "**Deputy on**")
        out.items(
            [_project_line(p, _t) for p in result.deputy_projects],
            [_project_line(p, _k) for p in result.deputy_projects],
        )
    data = {
        "projects": [p.ref for p in shown],
        "deputy_projects": [p.ref for p in result.deputy_projects],
        "people": result.people,
        "field": "leads" if role == "lead" else role,
        "count": len(shown),
    }
    if role != "deputy" and result.projects:  # "what's Kwame leading?": he leads them
        data["leads"] = result.people
    return out.answer(result.kind, data)


def _milestones_due(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    qy = result.query
    label = qy.period.label if qy.period else ""
    total = result.total if result.total is not None else len(result.milestones)
    what = {"done": "done", "not started": "not started yet", "open": "still open"}.get(qy.status, "")
    if qy.mode == "count":  # "how many milestones …": the number first
        out.head(f"{total} milestone{'s' if total != 1 else ''} {what} {label}".replace("  ", " ").strip())
    elif qy.mode == "count_projects":  # "how many projects have an overdue milestone": projects, not milestones
        n = len({m.project_id for m in result.milestones})
        out.head(f"{n} project{'s' if n != 1 else ''} with milestones {what} {label}".replace("  ", " ").strip())
    else:
        out.head(f"Milestones due {label}".strip() if not (qy.period and qy.period.overdue) else "Overdue milestones")
    names = {p.id: p for p in result.projects}
    if not result.milestones:
        out.say(
            "No milestones fall in that period."
            if qy.status in ("all", "done", "not started")
            else "No open milestones fall in that period."
        )
    rows = result.milestones[:MAX_LISTED]
    text = [
        f"{uk_date(m.due_date)}: {_t(m.title)} — {_t(names[m.project_id].name)} ({names[m.project_id].ref}), "
        f"{_milestone_status(m, result.today)}"
        for m in rows
        if m.project_id in names
    ]
    card = [
        f"{uk_date(m.due_date)}: {_k(m.title)} — {_k(names[m.project_id].name)} ({names[m.project_id].ref}), "
        f"{_milestone_status(m, result.today)}"
        for m in rows
        if m.project_id in names
    ]
    out.items(text, card)
    if _more(result.total if result.total is not None else len(result.milestones)):
        out.say(_more(result.total if result.total is not None else len(result.milestones)))
    which = {
        "done": "Done milestones only",
        "not started": "Milestones not started yet only",
        "all": "All milestones, done or not",
    }.get(qy.status, "Open milestones only (not done)")
    out.say(f"_{which}, from the project plan._", f"{which}, from the project plan.", subtle=True)
    data = {
        "projects": sorted({p.ref for p in result.projects}),
        "dates": [m.due_date.isoformat() for m in result.milestones if m.due_date],
        "milestones": [
            {"ref": names[m.project_id].ref, "title": m.title, "due": m.due_date.isoformat(), "status": m.status}
            for m in result.milestones
            if m.project_id in names and m.due_date
        ],
        "count": len({m.project_id for m in result.milestones})
        if qy.mode == "count_projects"
        else result.total
        if result.total is not None
        else len(result.milestones),
        "field": "milestones",
    }
    if qy.period and qy.period.start:
        data["since"] = qy.period.start.isoformat()
    if qy.period and qy.period.end and not qy.period.overdue:
        data["until"] = qy.period.end.isoformat()
    return out.answer(result.kind, data)


def _missing(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    if result.message and not result.projects:
        out.say(result.message)
    out.head(
        f"Not yet updated in cycle {result.cycle_key}: {len(result.projects)}"
        if result.cycle_key
        else "Not yet updated"
    )
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
    elif len({h.project.id for h in result.hits}) == 1 and len(result.hits) > 1:  # one project's mentions
        p = result.hits[0].project
        n = max(result.total or 0, len(result.hits))
        latest = f", the latest {len(result.hits)} shown" if n > len(result.hits) else ""
        out.head(
            f"{_t(p.name)} ({p.ref}): {n} updates mention “{_t(words)}”{latest}",
            f"{_k(p.name)} ({p.ref}): {n} updates mention “{_k(words)}”{latest}",
        )
    else:
        total = max(result.total or 0, len(result.hits))
        shown = f"{total} project{'s' if total != 1 else ''}" + (
            f", the {len(result.hits)} best shown" if total > len(result.hits) else ""
        )
        out.head(f"Updates mentioning “{_t(words)}”: {shown}", f"Updates mentioning “{_k(words)}”: {shown}")
    for h in result.hits:
        line, _ = _source(h.update, tz)
        out.say(
            f"**{_t(h.project.name)} ({h.project.ref})**: {_t(h.snippet)} _{_t(line)}_",
            f"**{_k(h.project.name)} ({h.project.ref})**: {_k(h.snippet)} — {_k(line)}",
        )
    data: dict[str, object] = {
        "projects": list(dict.fromkeys(h.project.ref for h in result.hits)),
        "terms": list(result.query.terms),
    }
    if not result.hits:  # "any projects mention blockchain?": none, so no
        data.update(count=0, answer="no")
    return out.answer(result.kind, data)


def _decisions(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    """Decisions questions are answered from a `DecisionsResult` (the store makes one for the DECISIONS kind)."""
    assert isinstance(result, DecisionsResult)
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

"""Wording for the newer kinds of answer, and what every answer gets at the end: a yes or no first when
the question was a yes-or-no one, the window it counted ("since Monday 7 December", "the calendar week
30 November to 6 December"), and how many.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from programme.terms import rag_word
from programme.text import uk_date

from . import cards as c
from . import query as q
from .answer_base import MAX_LISTED, Answer, _k, _local_day, _Out, _people, _t, rolling_since
from .results import MilestoneInfo, ProjectInfo, Result
from .vocab import Vocabulary
from .yes_no import RAG_RANK as RAG_RANK
from .yes_no import as_it_was as as_it_was
from .yes_no import either_way as either_way
from .yes_no import empty as empty
from .yes_no import first_words as first_words
from .yes_no import milestones_shown as milestones_shown
from .yes_no import only_those_it_holds_for as only_those_it_holds_for
from .yes_no import overdue as overdue
from .yes_no import overdue_of as overdue_of
from .yes_no import progress_asked as progress_asked
from .yes_no import progress_drop as progress_drop
from .yes_no import trend as trend
from .yes_no import undecided as undecided
from .yes_no import went as went
from .yes_no import yes_no_of as yes_no_of


def line(p: ProjectInfo, escape: Callable[[str], str]) -> str:
    lead = f" — {escape(_people(p.leads))}" if p.leads else ""
    prog = f", {p.latest.progress}%" if p.latest and p.latest.progress is not None else ""
    return f"{escape(p.name)} ({p.ref}): {rag_word(p.rag)}{prog}{lead}"


def _window_words(result: Result, tz: str) -> str:
    if result.since is None:
        return ""
    start = _local_day(result.since, tz)
    if result.until is None:
        return f"since {start:%A} {uk_date(start)}"
    end = _local_day(result.until - timedelta(microseconds=1), tz)  # the window ends before `until`
    qy = result.query
    if qy.period and qy.period.since_digest:  # the instant it was posted, not its day
        posted = result.since.astimezone(ZoneInfo(tz))
        return f"since the last digest, posted at {posted:%H:%M} on {posted:%A} {uk_date(start)}"
    if qy.period and qy.period.start is None:  # "has it ever reported?"
        return f"over every update up to {uk_date(end)}"
    opened = rolling_since(result, tz)
    if opened:
        return f"over the rolling window since {opened}"
    label = qy.period.label if qy.period else ""
    kind = (
        "the update cycle"
        if qy.period and qy.period.cycle is not None
        else "the rolling window"
        if "rolling" in label or label.startswith("in the last")
        else "the calendar week"
        if label.startswith(("last week", "this week"))
        else "the window"
    )
    return f"over {kind} from {start:%A} {uk_date(start)} to {uk_date(end)}" if end != start else f"on {uk_date(start)}"


def _list(out: _Out, projects: list[ProjectInfo]) -> None:
    shown = projects[:MAX_LISTED]
    out.lines.append("\n".join(f"- {line(p, _t)}" for p in shown))
    for p in shown:
        out.body.append(c.rag_row(f"{_k(p.name)} ({p.ref})", p.rag))
    if len(projects) > MAX_LISTED:
        out.say(f"…and {len(projects) - MAX_LISTED} more.")


def _list_answer(result: Result, title: str, tz: str, footnote: str) -> Answer:
    out = _Out()
    out.head(f"{_t(title)}: {len(result.projects)}", f"{_k(title)}: {len(result.projects)}")
    window = _window_words(result, tz)
    if window:
        out.say(f"Counted {window}.", subtle=True)
    if not result.projects:
        out.say("None.")
    _list(out, result.projects)
    out.say(f"_{footnote}_", footnote, subtle=True)
    return out.answer(result.kind, {"projects": [p.ref for p in result.projects], "count": result.count})


def breakdown(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    """'how many projects are red, amber and green?': each count, and the total."""
    out = _Out()
    out.head(f"{result.count} projects")
    parts = []
    for rag, n in result.groups:
        if rag is None and not n:
            continue
        out.say(f"{rag_word(rag)}: **{n}**")
        parts.append({"kind": "count", "rag": rag, "count": n})
    out.say("_RAG from each project's latest update._", "RAG from each project's latest update.", subtle=True)
    return out.answer(q.COUNT, {"count": result.count, "parts": parts})


def _where(result: Result, vocab: Vocabulary) -> str:
    """ " in Digital Care", " supported by Data and insight", " that Priya leads" …: the filters of a list, said."""
    qy, out = result.query, []
    if qy.area and vocab is not None and qy.area in vocab.areas:
        out.append(f"in {vocab.areas[qy.area].name}")
    if qy.enabler and vocab is not None and qy.enabler in vocab.enablers:
        out.append(f"supported by {vocab.enablers[qy.enabler].name}")
    if qy.person_ids and vocab is not None:
        names = _people([vocab.people[i].name for i in qy.person_ids if i in vocab.people])
        verb = {"deputy": "is deputy on", "both": "is on"}.get(qy.role, "leads" if len(qy.person_ids) == 1 else "lead")
        out.append(f"that {names} {verb}" if names else "")
    if qy.within:
        out.append("of those listed")
    return "".join(f" {x}" for x in out if x)


def updated(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    if result.message == "asked":  # "has carers updated this week?": yes or no, and when they last did
        return _asked_updated(result, tz)
    rags = result.query.rags or ((result.query.rag,) if result.query.rag else ())
    what = " or ".join(rag_word(r) for r in rags) + " projects" if rags else "Projects"
    sent = "more than one update" if result.query.mode == "more_than_one" else "an update"
    answer = _list_answer(
        result, f"{what}{_where(result, vocab)} that sent {sent}", tz, "From the updates submitted in that window."
    )
    if result.updates_count is not None and result.query.mode == "updates":
        answer.text = f"**{result.updates_count} updates** came in.\n\n" + answer.text
    return answer


def _asked_updated(result: Result, tz: str) -> Answer:
    out = _Out()
    window = _window_words(result, tz)
    days = []
    for p in result.projects:
        u = p.latest
        if u and u.submitted_at:
            day = _local_day(u.submitted_at, tz)
            days.append(day.isoformat())
            said = f"{p.name} ({p.ref}) last updated on {uk_date(day)} ({_t(u.submitted_by)}), RAG {rag_word(u.rag)}."
        else:
            said = f"{p.name} ({p.ref}) has not submitted an update yet."
        out.say(_t(said) if not u else said, _k(said))
    if window:
        out.say(f"Looked {window}.", subtle=True)
    return out.answer(q.UPDATED, {"projects": [p.ref for p in result.projects], "dates": days})


def not_updated(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    answer = _list_answer(
        result,
        f"Projects{_where(result, vocab)} with no update",
        tz,
        "From the updates submitted; shown only to admins and the DLG in a 1:1 chat.",
    )
    latest = result.projects[0].latest if result.answer and len(result.projects) == 1 else None
    if latest is not None and latest.submitted_at:  # "has X gone quiet?": yes, and the day it last updated
        day = _local_day(latest.submitted_at, tz)
        answer.data["dates"] = [day.isoformat()]
        answer.text += f"\n\nLast update: {uk_date(day)}."
    return answer


def with_field(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    rags = result.query.rags or ((result.query.rag,) if result.query.rag else ())
    what = " or ".join(rag_word(r) for r in rags) + " projects" if rags else "Projects"
    what += _where(result, vocab)
    title = {
        "asks": f"{what} asking the DLG for something",
        "blockers": f"{what} with blockers",
        "risks": f"{what} with risks",
    }.get(result.query.field or "", what)
    if result.query.mode == "without":
        title = title.replace(" with ", " without ").replace(
            " asking the DLG for something", " asking nothing of the DLG"
        )
    field = result.query.field
    answer = _list_answer(
        result,
        title,
        tz,
        "From each project's latest update and the asks still open from earlier cycles."
        if field == "asks"
        else "From each project's latest update.",
    )
    if field in ("asks", "blockers", "risks") and result.projects:

        def said(p: ProjectInfo) -> str:
            if p.latest is None:
                return ""
            if field == "risks":
                return "; ".join(p.latest.risks)
            text = getattr(p.latest, field, "")
            return "an ask still open from an earlier cycle" if field == "asks" and empty(text) else text

        extra = [f"- {_t(p.name)} ({p.ref}): {_t(said(p))}" for p in result.projects[:MAX_LISTED] if p.latest]
        answer.text += "\n\n" + "\n".join(extra)
        for p in result.projects[:MAX_LISTED]:
            if p.latest and answer.card is not None:
                answer.card["body"].append(c.para(f"**{_k(p.name)}:** {_k(said(p))}"))
    answer.data["field"] = field
    return answer


_PEOPLE_HEADS = {
    "lead_count": "{n} people lead the projects",
    "leads_several": "{n} people lead more than one project",
    "lead_and_deputy": "{n} people lead a project and are deputy on another",
}


def ranking(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    mode = result.query.mode
    if mode in _PEOPLE_HEADS:
        head = _PEOPLE_HEADS[mode].format(n=result.count)
        if result.count == 1:
            head = head.replace("1 people lead", "1 person leads").replace(" and are ", " and is ")
        out.head(head, head)
        unit = "deputy on {n} other project{s}" if mode == "lead_and_deputy" else "{n} project{s}"
        for name, n in sorted(result.groups):
            said = unit.format(n=n, s="" if n == 1 else "s")
            out.say(f"- {_t(name)} ({said})", f"- {_k(name)} ({said})")
        out.say("_From the plan._", "From the plan.", subtle=True)
        return out.answer(q.RANKING, {"count": result.count, "people": result.people, "leads": result.people})
    if result.groups and mode in ("area_most", "area_fewest", "person_most", "area_count"):
        rags = result.query.rags or ((result.query.rag,) if result.query.rag else ("red",))
        by_colour = mode in ("area_most", "area_fewest")
        what = " or ".join(map(rag_word, rags)) + " projects" if by_colour else "projects"
        names = _people([g for g, _ in result.groups if g])
        out.head(f"{_t(names)}: {result.count} {what}", f"{_k(names)}: {result.count} {what}")
        if by_colour:
            _list(out, result.projects)
        source = "the plan" if mode == "area_count" else "the plan and each project's latest update"
        out.say(f"_From {source}._", f"From {source}.", subtle=True)
        return out.answer(
            q.RANKING,
            {
                "count": result.count,
                "people": result.people,
                **({"leads": result.people} if mode == "person_most" else {}),  # "who leads the most projects?"
                "areas": [g for g, _ in result.groups],
                "projects": [p.ref for p in result.projects],
            },
        )
    words = {
        "most_progress": "Furthest along",
        "least_progress": "Least far along",
        "finishes_first": "Finishes first",
        "finishes_last": "Finishes last",
        "starts_first": "Started first",
        "starts_last": "Started most recently",
    }.get(mode, "Top")
    out.head(words)
    dated = mode.startswith(("finishes", "starts"))

    def day_of(p: ProjectInfo) -> date | None:
        return (p.start_date if mode.startswith("starts") else p.end_date) if dated else None

    for p in result.projects[:MAX_LISTED]:
        day = day_of(p)
        extra = f", {'starts' if mode.startswith('starts') else 'ends'} {uk_date(day)}" if day else ""
        out.say(line(p, _t) + extra, line(p, _k) + extra)
    if (result.count or 0) > MAX_LISTED:
        out.say(f"…and {(result.count or 0) - MAX_LISTED} more, level with these.")
    out.say(
        "_From each project's latest update and the plan._",
        "From each project's latest update and the plan.",
        subtle=True,
    )
    first = result.projects[0] if result.projects else None
    data = {
        "projects": [p.ref for p in result.projects],
        "count": result.count,
        "progress": first.latest.progress if first and first.latest else None,
        "dates": [d.isoformat() for d in map(day_of, result.projects) if d],
    }
    return out.answer(q.RANKING, data)


def compare(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    ps = result.projects
    by_progress = result.query.mode == "progress"
    first_ahead: bool | None = None  # "is X further along than Y?": yes when X (named first) is
    if len(ps) == 2:
        a, b = ps
        if by_progress:
            pa = a.latest.progress if a.latest else None
            pb = b.latest.progress if b.latest else None
            if pa is not None and pb is not None and pa != pb:
                ahead = a if pa > pb else b
                first_ahead = ahead is a
                out.head(f"{_t(ahead.name)} is further along", f"{_k(ahead.name)} is further along")
        else:
            ra, rb = RAG_RANK.get(a.rag or "", 3), RAG_RANK.get(b.rag or "", 3)
            if ra != rb:
                better = a if ra < rb else b
                first_ahead = better is a
                out.head(f"{_t(better.name)} is doing better", f"{_k(better.name)} is doing better")
    for p in ps:
        out.say(line(p, _t), line(p, _k))
    out.say("_From each project's latest update._", "From each project's latest update.", subtle=True)
    answer = out.answer(q.COMPARE, {"projects": [p.ref for p in ps], "fields": ["progress", "rag"]})
    if result.query.yes_no and first_ahead is not None:
        answer.data["answer"] = "yes" if first_ahead else "no"
        first_words(answer, "Yes." if first_ahead else "No.")
    return answer


def overdue_apart(out: _Out, late: list[MilestoneInfo]) -> None:
    """The overdue milestones said beside 'the next one' (which they are not)."""
    lines = [f"{m.title} (due {uk_date(m.due_date)})" for m in late if m.due_date]
    if lines:
        out.say(f"Overdue, not done: {'; '.join(map(_t, lines))}.", f"Overdue, not done: {'; '.join(map(_k, lines))}.")

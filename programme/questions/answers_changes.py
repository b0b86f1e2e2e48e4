"""The answer to "what changed": each project that moved, from what to what, and how many updated without a
change (split from answers.py, which dispatches to it).
"""

from __future__ import annotations

from collections.abc import Callable

from programme.terms import rag_word
from programme.text import uk_date

from . import cards as c
from . import query as q
from .answer_base import MAX_LISTED, Answer, _k, _local_day, _more, _Out, _t, rolling_since
from .results import Change, Result
from .vocab import Vocabulary


def _changed(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    qy = result.query
    since_day = _local_day(result.since, tz) if result.since else None
    label = qy.period.label if qy.period else "since the last digest"
    if qy.period and qy.period.since_digest and result.since:
        label = f"since the last digest ({uk_date(result.since, tz)})"
    elif rolling_since(result, tz):
        label = f"{label.split(' (')[0]} (since {rolling_since(result, tz)})"
    asked = _moved_as(qy)
    out.head(f"Projects that {asked} {label}" if asked else f"What changed {label}")
    if result.message:
        out.say(result.message)
    if not result.changes:
        out.say(
            f"None {asked} in that window."
            if asked
            else "Nothing moved: no RAG or progress changes and no first updates."
        )
    lines_t = [_change_line(ch, _t) for ch in result.changes[:MAX_LISTED]]
    out.lines.append("\n".join(f"- {x}" for x in lines_t))
    for ch in result.changes[:MAX_LISTED]:
        out.body.append(c.rag_row(_change_line(ch, _k, with_rag=False), ch.after.rag))
    if _more(result.total or 0):
        out.say(_more(result.total or 0))
    if result.unchanged_count:
        n = result.unchanged_count
        out.say(f"{n} other project{'s' if n != 1 else ''} updated with no change in RAG or progress.", subtle=True)
    data = {
        "projects": [ch.project.ref for ch in result.changes],
        "since": since_day.isoformat() if since_day else None,
        "count": len({ch.project.ref for ch in result.changes}),  # "which projects have recovered from red": 3
        "also_updated": result.unchanged_count,
        "total": result.total,
        "changes": [
            {
                "ref": ch.project.ref,
                "from": ch.before.rag if ch.before else None,
                "to": ch.after.rag,
                "progress_from": ch.before.progress if ch.before else None,
                "progress_to": ch.after.progress,
                "new": ch.new,
            }
            for ch in result.changes
        ],
    }
    return out.answer(result.kind, data)


def _moved_as(qy: q.Query) -> str:
    """What kind of move was asked about ("got worse", "went Red", "went from Green to Amber or Red"), if any."""
    if qy.mode == "better":
        return "got better"
    if qy.mode == "worse":
        return "got worse"
    if qy.mode.startswith("from_"):
        ends = [rag_word(r) for r in qy.rags if r != qy.mode[5:]]
        return f"went from {rag_word(qy.mode[5:])}" + (f" to {' or '.join(ends)}" if ends else "")
    if qy.rag:
        return f"went {rag_word(qy.rag)}"
    if qy.rag_change:
        return "changed RAG"
    return ""


def _change_line(ch: Change, escape: Callable[[str], str], *, with_rag: bool = True) -> str:
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
        bits.append(
            f"progress {b.progress if b.progress is not None else '?'}% → "
            f"{a.progress if a.progress is not None else '?'}%"
        )
    return f"{name}: {', '.join(bits)} ({escape(a.submitted_by)})"

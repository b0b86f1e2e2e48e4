"""Projects by where the plan has them today: "which projects have finished" (end date before today), "what
projects haven't started yet" (start date after today). The plan's dates decide, not updates: "not started" is no
list of who has not updated (a refusal for most askers) nor a list of milestones.
"""

from __future__ import annotations

from datetime import timedelta

from .query import PROJECTS_BY_RAG, DateRange, Query
from .reading import Reading, key, penalised

_NOT_STARTED = (
    "not started",
    "not yet started",
    "havent started",
    "hasnt started",
    "havent yet started",
    "not begun",
    "havent begun",
    "yet to start",
    "not kicked off",
    "havent kicked off",
    "still to start",
)
_FINISHED = frozenset({"finished", "ended", "closed"})
_NOT_A_LIST = frozenset({"milestone", "milestones", "update", "updates", "updated"})
_FAR = timedelta(days=36525)  # a century: every plan date is inside it


def by_plan_state(r: Reading) -> Query | None:
    """The rule, or None when the question names a project, a window or milestones (other rules' questions)."""
    words = set(r.tokens)
    if r.period is not None or r.matches and (r.of("project") or r.of("person")) or words & _NOT_A_LIST:
        return None
    text = f" {' '.join(r.tokens)} "
    if any(f" {p} " in text for p in _NOT_STARTED):
        r.why.append("asked which projects the plan has starting after today")
        period, mode = DateRange(r.today + timedelta(days=1), r.today + _FAR, "after today"), "starts_in"
    elif words & _FINISHED and not words & {"not", "havent", "hasnt", "yet", "when", "will"}:
        r.why.append("asked which projects the plan has ending before today")
        period, mode = DateRange(r.today - _FAR, r.today - timedelta(days=1), "before today"), "ends_in"
    else:
        return None
    return Query(
        PROJECTS_BY_RAG,
        mode=mode,
        period=period,
        area=key(r.one("area")),
        enabler=key(r.one("enabler")),
        rags=r.more.rags,
        rag=r.more.rags[0] if len(r.more.rags) == 1 else None,
        confidence=penalised(1.0, r, listing=True),
    )

"""What one project's updates say about a detail its plan does not hold, quoted with the update it is from:
under the plan's milestone, the sentence about it ("is the attendance feed live in all schools yet?": no by the
plan; the update of 28 October says the feed is live from 61 schools), and why its percentage complete went down
(the update where it fell, and what that update said).

Only a sentence naming every content word asked is quoted (newest update first); none, and the answer is what it
was without it.
"""

from __future__ import annotations

import re

from programme.questions import said
from programme.questions.results import Result, UpdateInfo
from programme.questions.yes_no import progress_asked

from .question_said import _newest_first, _texts


async def sentence_about(ctx, result: Result, words: tuple[str, ...]) -> Result:
    """`result` with the newest sentence of its one project's updates that names every one of `words` quoted
    (`message`, `quoted`); unchanged when none does."""
    p = result.projects[0] if len(result.projects) == 1 else None
    if p is None or not [w for w in words if w not in said.DONE_WORDS]:
        return result
    for u in await _newest_first(ctx, p):
        found = said.sentence_about(_texts(u), words)
        if found:
            result.message, result.quoted = found, u
            result.earlier = p.latest is None or u.id != p.latest.id
            return result
    return result


_FELL = re.compile(r"\b(down|drop\w*|fell|fall\w*|backwards?|decreas\w*|lower\w*|reduc\w*|reset)\b")


def asks_why_it_fell(text: str) -> bool:
    """'why did the % complete go down', 'why has progress dropped': about the percentage, and its fall."""
    return progress_asked(text) and bool(_FELL.search(text))


async def why_progress_fell(ctx, result: Result) -> Result:
    """'why did its % complete go down?': the newest update whose percentage is below the one before it, and what
    it said (its RAG reason, else its summary); unchanged when the percentage never fell in the updates read."""
    p = result.projects[0] if len(result.projects) == 1 else None
    if p is None:
        return result
    updates = await _newest_first(ctx, p)
    fell: UpdateInfo | None = next(
        (
            u
            for u, before in zip(updates, updates[1:], strict=False)
            if u.progress is not None and before.progress is not None and u.progress < before.progress
        ),
        None,
    )
    asked = result.query.period
    day = fell.submitted_at.date() if fell is not None and fell.submitted_at else None
    if fell is None or (asked is not None and day is not None and not _within(day, asked)):
        return result  # "why did it go down in October?" when it fell in August: not that fall
    result.message = (fell.rag_reason or fell.summary or "").strip()
    result.quoted = fell if result.message else None
    result.query = result.query.but(mode="fell") if result.message else result.query
    return result


def _within(day, period) -> bool:
    return (period.start is None or day >= period.start) and (period.end is None or day <= period.end)

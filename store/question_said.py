"""A fact an update's text gives about some words of a question ("how many visits did the beta get?", "by how much
was parallel run 1 out?", "when's trial 3?"): the sentence of one project's updates, newest first, that says most of
the words and gives a number (or a day). The sentence is quoted with the update it came from; when no sentence says
enough of the words, the answer is "not sure" — a figure the updates do not give is never guessed.
"""

from __future__ import annotations

from dataclasses import replace

from programme.questions import query as q
from programme.questions import said
from programme.questions.query import Query
from programme.questions.results import Result, UpdateInfo


def _texts(u: UpdateInfo) -> tuple[str, ...]:
    return (u.summary, u.achievements, u.next_steps, u.blockers, u.asks, u.rag_reason, *u.risks)


async def said_in_updates(ctx, query: Query, result: Result, words: tuple[str, ...], need: str) -> Result | None:
    """The project's latest update and its earlier ones (newest first): the best sentence about `words` that gives what
    `need` asks for ("figure" or "date"). The result quotes it (mode "said"; `earlier` when it is not from the
    latest update), or None when no update says it."""
    p = result.projects[0] if len(result.projects) == 1 else None
    if p is None or not words:
        return None
    updates = await _newest_first(ctx, p)
    found = _best(updates, words, need, query.text)
    if found is None:
        return None
    place, sentence = found
    u = updates[place]
    result.message = sentence
    result.earlier = p.latest is None or u.id != p.latest.id
    result.projects = [replace(p, latest=u)]
    result.query = result.query.but(mode="said")
    return result


async def _newest_first(ctx, p) -> list[UpdateInfo]:
    """The project's latest update, then its earlier ones: a tie goes to the latest."""
    older = [u for u in await ctx.recent_updates(p.id) if p.latest is None or u.id != p.latest.id]
    return ([p.latest] if p.latest is not None else []) + older


def _best(updates: list[UpdateInfo], words: tuple[str, ...], need: str, question: str) -> tuple[int, str] | None:
    return said.best_sentence(
        ((_texts(u), u.submitted_at.date() if u.submitted_at else None) for u in updates),
        words,
        need=need,
        question=question,
    )


async def _not_said(ctx, query: Query, result: Result) -> str:
    """Why no sentence answers, when the nearest one is about another numbered thing or not about what is counted:
    said in the "not sure" reply ("No update gives a figure for 'cohort 1'"), so the person knows what to ask."""
    p = result.projects[0] if len(result.projects) == 1 else None
    if p is None or not query.terms:
        return ""
    nearest = _best(await _newest_first(ctx, p), query.terms, "figure", "")
    missing = said.unmet(query.text, nearest[1], query.terms) if nearest else ""
    return (
        f"No update of {p.name} gives a figure for “{missing}”: the nearest says “{nearest[1].strip()}”, "
        "which is about something else, so I won't guess."
        if missing and nearest
        else ""
    )


async def figure(ctx, query: Query, result: Result) -> Result:
    """'how many hubs are open?': a number about the words asked, from the updates' texts, or "not sure"."""
    found = await said_in_updates(ctx, query, result, query.terms, "figure")
    if found is not None and found.earlier and said.asks_now(query.text):
        return Result(query, q.UNKNOWN)  # "… now?" answered by an earlier update: that figure may have moved on
    return found if found is not None else Result(query, q.UNKNOWN, message=await _not_said(ctx, query, result))


async def moved(ctx, query: Query, result: Result) -> Result:
    """'Has the launch slipped?': yes when the milestone is overdue or the updates have given more than one day for
    it ("launch moved from 1 March to 12 April"), no when every day they gave is the plan's; else "not sure" — the
    plan keeps only today's date, so a day that never moved in the updates' words is not proof it never moved."""
    p = result.projects[0] if len(result.projects) == 1 else None
    title = [w for w in query.title if w not in said.DONE_WORDS] or list(query.title)
    mine = [m for m in result.milestones if p is not None and m.project_id == p.id and said.names_it(m.title, title)]
    if p is None or len(mine) != 1 or mine[0].due_date is None:
        return Result(query, q.UNKNOWN)
    due = mine[0].due_date
    updates = ([p.latest] if p.latest is not None else []) + [
        u for u in await ctx.recent_updates(p.id) if p.latest is None or u.id != p.latest.id
    ]
    days: set = set()
    for u in updates:
        on = u.submitted_at.date() if u.submitted_at else None
        for text in _texts(u):
            for sentence in said.sentences(text):
                if said.names_it(sentence, title):
                    days.update(said.dates_in(sentence, on))
    overdue = mine[0].status != "done" and due < ctx.today
    if overdue or days - {due}:
        result.answer = "yes"
    elif days:
        result.answer = "no"
    else:
        return Result(query, q.UNKNOWN)
    return result

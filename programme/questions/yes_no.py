"""Whether the facts say yes or no to a yes-or-no question ("is X on track?", "has anyone mentioned the DWP?"),
and the parts of one project's history and plan that decide it (when it went red, its trend, the milestones
shown): kept apart from the wording of answers so each stays one thing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from . import cards as c
from . import query as q
from .answer_base import Answer, _submitted_day
from .query import DateRange
from .results import MilestoneInfo, ProjectInfo, Result, UpdateInfo

RAG_RANK = {"green": 0, "amber": 1, "red": 2}
EMPTY = frozenset({"", "none", "n/a", "na", "nothing", "no", "-", "nil", "none.", "n/a."})


_NOTHING = re.compile(
    r"^(?:none|nothing|n/?a|nil|not applicable|no (?:blockers?|asks?|decisions?|risks?|issues?|"
    r"requests?|change|changes|concerns?|new \w+)(?: (?:needed|required|at (?:this|the moment)|"
    r"this (?:cycle|week|time)|to report|from the dlg))*)\b"
)


def empty(text: str | None) -> bool:
    """'None', 'N/A', 'No decisions needed': nothing there (leads type these into boxes they must fill).
    'No developer in post' is a blocker, not nothing."""
    t = (text or "").strip().lower().rstrip(".")
    return t in EMPTY or (len(t.split()) <= 6 and _NOTHING.match(t) is not None)


# --- parts of one project -----------------------------------------------------------------------


def went(history: list[UpdateInfo], rag: str) -> UpdateInfo | None:
    """The update that began the latest run of `rag` (when it "went red"), also when it has since left that colour
    ("when did the ERP turn red?" of a project red in February and amber now: February)."""
    start, run = None, None
    for u in history:
        if u.rag == rag:
            run = run or u
            start = run
        else:
            run = None
    return start


def trend(history: list[UpdateInfo]) -> str:
    """better / worse / same: the latest RAG against the last different one before it (its last change)."""
    if len(history) < 2 or history[-1].rag is None:
        return "same"
    now = RAG_RANK.get(history[-1].rag, 1)
    for u in reversed(history[:-1]):
        if u.rag and u.rag != history[-1].rag:
            return "better" if now < RAG_RANK.get(u.rag, 1) else "worse"
    return "same"


def since_then(history: list[UpdateInfo], period: DateRange, by_progress: bool) -> str | None:
    """better / worse / same: the latest update against the first of a window up to now ("since last month": that
    month's first update, or the last before it when the latest is that one; "since last cycle": the one before the
    latest) or the one it stood on at the end of an earlier period ("than in January"): its RAG, or its percentage
    complete when that is asked; None when there is none to compare."""
    dated = [(u.submitted_at.date(), u) for u in history if u.submitted_at]
    if not dated:
        return None
    since = period.start is not None and (period.end is None or period.end >= dated[-1][0])
    if period.start is None and period.cycle is not None:  # "since last cycle", its days not read yet: the one before
        then = [u for _, u in dated[-2:-1]]
    elif since and period.start is not None:  # "since last month": the month's first update (or the last before)
        start = period.start
        inside = [u for day, u in dated if day >= start and u is not history[-1]]
        then = inside[:1] or [u for day, u in dated if day < start][-1:]
    else:  # "than in January": where it stood at the end of January
        end = period.end or period.start
        then = [u for day, u in dated if end and day <= end][-1:]
    if not then or then[0] is history[-1]:
        return None
    was, now = then[0], history[-1]
    if by_progress:
        if was.progress is None or now.progress is None:
            return None
        return "better" if now.progress > was.progress else "worse" if now.progress < was.progress else "same"
    if was.rag is None or now.rag is None:
        return None
    before, after = RAG_RANK.get(was.rag, 1), RAG_RANK.get(now.rag, 1)
    return "better" if after < before else "worse" if after > before else "same"


def milestones_shown(result: Result, p: ProjectInfo) -> list[MilestoneInfo]:
    mine = [m for m in result.milestones if m.project_id == p.id]
    today = result.today
    if result.query.status == "overdue" and today:
        mine = [m for m in mine if m.status != "done" and m.due_date and m.due_date < today]
    elif result.query.status == "open" or result.query.mode == "next":
        mine = [m for m in mine if m.status != "done"]
    if result.query.mode == "next":  # the earliest due today or later: an overdue one is past (said apart)
        mine = sorted((m for m in mine if m.due_date and not overdue(m, today)), key=lambda m: m.due_date or date.min)[
            :1
        ]
    words = [w for w in result.query.title if len(w) > 2]
    if words:
        titled = [m for m in mine if all(w[:5] in m.title.lower() for w in words)]
        mine = titled or mine
    return mine


def overdue_of(result: Result, p: ProjectInfo) -> list[MilestoneInfo]:
    """A project's milestones not done whose day has passed, oldest first."""
    mine = [m for m in result.milestones if m.project_id == p.id and overdue(m, result.today)]
    return sorted(mine, key=lambda m: m.due_date or date.min)


def overdue(m: MilestoneInfo, today: date | None) -> bool:
    return today is not None and m.status != "done" and m.due_date is not None and m.due_date < today


def first_words(answer: Answer, words: str) -> None:
    answer.text = f"**{words}**\n\n{answer.text}"
    if answer.card:
        answer.card["body"].insert(0, c.heading(words))


def either_way(result: Result) -> str | None:
    """'is payroll better or worse than last month?': which, said in words ("Worse than May 2027."), not a yes or
    no (and after the yes or no of "is it better than in March?"); None when there is nothing then to compare with."""
    qy = result.query
    if qy.mode not in ("either", "better", "worse") or qy.compare_to is None or len(result.projects) != 1:
        return None
    mine = [h for h in result.history if h.project_id == result.projects[0].id]
    moved = since_then(mine, qy.compare_to, progress_asked(f" {qy.text} "))
    if moved is None:
        return None
    label = qy.compare_to.label or "then"
    if label.startswith("since "):  # "has it improved since April?": "Better since Thursday 1 April 2027."
        return {"better": "Better", "worse": "Worse"}.get(moved, "About the same") + f" {label}."
    word = {"better": "Better than", "worse": "Worse than"}.get(moved, "About the same as")
    return f"{word} {label}."


def yes_no_of(result: Result) -> str | None:
    """Yes or no, when the question asked one and the facts decide it."""
    qy = result.query
    if result.answer:
        return result.answer
    if result.kind == q.SEARCH and qy.yes_no:  # "has anyone mentioned X?": whether any update does, then which
        return "yes" if result.hits else "no"
    if qy.yes_no and qy.intent == q.NOT_REPORTED:  # "has anyone never sent an update at all?": whether any has not
        return "yes" if result.projects or result.count else "no"
    if not qy.yes_no or not result.projects or qy.intent not in q.PROJECT_INTENTS:
        return None
    p = result.projects[0]
    text = f" {qy.text} "
    if qy.intent == q.PROJECT_LEADS:
        return "yes" if p.deputies else "no" if qy.mode == "deputy" else None
    field = qy.field if qy.intent == q.PROJECT_FIELD else None
    u = p.latest
    if field == "asks" and any(a.project_id == p.id for a in result.carried_asks):
        return "yes"  # an ask still open from an earlier cycle
    if field in ("asks", "blockers", "achievements", "next_steps"):
        return "no" if u is None or empty(getattr(u, field)) else "yes"
    if field in ("risks", "issues"):
        return "yes" if u and (u.risks or (field == "issues" and not empty(u.blockers))) else "no"
    if field == "dates" and result.today is not None:  # "has it started / finished yet?": the plan's dates
        ends, starts = (any(f" {w} " in text for w in ws) for ws in (_ENDED, ("started", "begun", "kicked")))
        day = p.end_date if ends else p.start_date if starts else None
        return None if day is None else "yes" if day <= result.today else "no"
    if field == "milestones":
        if qy.mode == "done":  # done or not decided by the milestones' statuses (store); mixed: no yes or no
            return None
        return "yes" if milestones_shown(result, p) else "no"
    if field == "history":
        mine = [h for h in result.history if h.project_id == p.id]
        moved = since_then(mine, qy.compare_to, progress_asked(text)) if qy.compare_to else None
        if qy.mode in ("better", "worse") and moved:  # "has it slipped since last month?": now against then
            return "yes" if moved == qy.mode else "no"
        if qy.mode == "worse" and progress_asked(text):  # "has its % gone down at any point?": any drop
            return "yes" if progress_drop(mine) else "no"
        if qy.mode in ("better", "worse"):
            return "yes" if trend(mine) == qy.mode else "no"
        if qy.mode == "at" and qy.compare_to:
            rags = [h.rag for h in mine if h.submitted_at and _in(h, qy.compare_to)]
            asked_rag = next((r for r in RAG_RANK if f" {r} " in text), None)
            return ("yes" if asked_rag in rags else "no") if asked_rag and rags else None
        asked = [r for r in RAG_RANK if f" {r} " in text]
        rags = [h.rag for h in mine]
        off = next((r for r in RAG_RANK if re.search(rf" (?:from|off|out of) {r} ", text)), None)
        if off and len(mine) > 1 and any(f" {w}" in text for w in ("recover", "come off", "came off", "bounce")):
            return "yes" if any(a.rag == off != b.rag for a, b in zip(mine, mine[1:], strict=False)) else "no"
        throughout = ("whole time", "all along", "always", "throughout", "every update", "all the time")
        if len(asked) == 1 and rags and any(f" {w} " in text for w in throughout):  # "been red the whole time?"
            return "yes" if all(x == asked[0] for x in rags) else "no"
        if not asked and rags and any(f" {w} " in text for w in ("changed", "change", "moved")):
            return "yes" if len(set(rags)) > 1 else "no"  # "has it ever changed RAG?"
        ever = any(f" {w} " in text for w in ("ever", "at any point", "at some point", "at any time", "before"))
        if ever and len(asked) == 1 and mine:  # "has it ever been red": any update in its history
            return "yes" if any(h.rag == asked[0] for h in mine) else "no"
        return None
    if " on track " in text or " going well " in text or " on time " in text or " on schedule " in text:
        return "yes" if p.rag == "green" else "no"
    if " behind schedule " in text or " behind " in text or " off track " in text or " in trouble " in text:
        return "no" if p.rag == "green" else "yes"
    if qy.intent == q.PROJECT_OVERVIEW and u is not None and any(f" {w} " in text for w in _DONE):  # "is that done?"
        return "yes" if p.status in ("complete", "completed", "closed") or u.progress == 100 else "no"
    asked = [r for r in RAG_RANK if f" {r} " in text]
    if asked and len(asked) < 3 and u is not None and " or " in text or len(asked) == 1 and u is not None:
        return "yes" if p.rag in asked else "no"
    return None


_ENDED = ("finished", "ended", "closed")
_DONE = ("done", "complete", "completed", "delivered")  # asked of a project's overview: its work all done

# A question that starts with one of these asks yes or no and nothing else ("has it launched?", "was it green in
# May?"); "any news on X?" or "anyone mentioned X?" also want the facts themselves.
_ASKS_ONLY_YES_OR_NO = frozenset("is are was were has have does do did can will".split())


def undecided(result: Result) -> bool:
    """A yes-or-no question about one project that the facts shown cannot answer yes or no: answering with the
    project's facts anyway leaves the question itself unanswered, and what it asked is usually something the
    answer does not cover ("has the launch moved?" answered with the milestones), so it is "not sure"."""
    qy = result.query
    words = qy.text.split()
    return (
        qy.yes_no
        and bool(words)
        and words[0] in _ASKS_ONLY_YES_OR_NO
        and result.kind in q.PROJECT_INTENTS
        and len(result.projects) == 1
        and yes_no_of(result) is None
    )


def _in(u: UpdateInfo, period: DateRange) -> bool:
    if u.submitted_at is None:
        return False
    d: date = u.submitted_at.date()
    return (period.start is None or d >= period.start) and (period.end is None or d <= period.end)


def only_those_it_holds_for(result: Result) -> Result:
    """A follow-up over a list ("which of those have overdue milestones?", "what's blocking them?") is about the
    projects it holds for: those, not every project of the list with 'none' beside it. When it holds for none, the
    list stays (and the yes or no says no)."""
    qy = result.query
    if len(result.projects) < 2 or not qy.from_context or qy.intent not in (q.PROJECT_FIELD, q.PROJECT_OVERVIEW):
        return result
    if qy.field == "milestones" and qy.status == "overdue":
        keep = [p for p in result.projects if milestones_shown(result, p)]
    elif qy.field in ("blockers", "asks"):
        keep = [p for p in result.projects if p.latest is not None and not empty(getattr(p.latest, qy.field))]
    else:
        return result
    return replace(result, projects=keep) if keep else result


def progress_asked(text: str) -> bool:
    """'has its % gone down', 'has progress ever dropped': about the percentage complete, not the RAG."""
    words = (" % ", "%", " progress ", " progressed ", " percent ", " percentage ", " further on ", " further along ")
    return any(w in f" {text} " for w in words)


def progress_drop(history: list[UpdateInfo]) -> UpdateInfo | None:
    """The latest update whose percentage complete is below the one before it (oldest first), if any."""
    drop = None
    for before, after in zip(history, history[1:], strict=False):
        if before.progress is not None and after.progress is not None and after.progress < before.progress:
            drop = after
    return drop


def as_it_was(result: Result, mine: list[UpdateInfo], tz: str) -> UpdateInfo | None:
    """The update a project stood on at the end of the period asked ("its RAG in August", "at the end of July"):
    its latest on or before that day; None when no period was asked."""
    asked = result.query.compare_to
    if result.query.mode != "at" or asked is None:
        return None
    end = asked.end or asked.start
    before = [u for u in mine if u.submitted_at and end and _submitted_day(u, tz) <= end]
    return before[-1] if before else None

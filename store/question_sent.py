"""Who sent a project's updates, as against who leads it: the projects a person has submitted an update for,
lead or not ("which projects has Owen Hale sent updates for?"). Read from the updates themselves: an update
sent through Teams names its sender's person, an imported one only the name."""

from __future__ import annotations

from sqlalchemy import bindparam, or_, select

from programme.questions import query as q
from programme.questions.query import Query
from programme.questions.results import Result

from . import question_more
from .models import StatusUpdate
from .question_reads import INACTIVE

_SENT_BY = (
    select(StatusUpdate.project_id)
    .where(
        or_(
            StatusUpdate.submitted_by_id.in_(bindparam("ids", expanding=True)),
            StatusUpdate.submitted_by_name.in_(bindparam("names", expanding=True)),
        )
    )
    .distinct()
)


async def led_by(ctx, query: Query) -> Result:
    """A person's projects: those they lead or deputise on, or, asked who sent updates, those they sent one for."""
    return await (sent_by if query.role == "sent" else question_more.led_by)(ctx, query)


async def sent_by(ctx, query: Query) -> Result:
    """The projects the person has sent an update for, as a person's projects (role "sent")."""
    names = [ctx.plan.people[i] for i in query.person_ids if i in ctx.plan.people]
    ids = {r[0] for r in await ctx.rows(_SENT_BY, {"ids": list(query.person_ids), "names": names or [""]})}
    projects = [p for p in await ctx.projects(ids) if p.status not in INACTIVE] if ids else []
    result = Result(query, q.LED_BY_PERSON, projects=projects, people=names, count=len(projects))
    if query.yes_no:
        result.answer = "yes" if projects else "no"
    return result

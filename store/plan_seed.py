"""A plan goes into an empty database only: how the default plan is loaded (`dfbot plan load-default`).

Safe when several replicas start at once: the loser of the race sees the winner's projects (or a
unique-key clash) and loads nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from programme.planfile import PlanFile

from .db import Database
from .models import Project
from .plan_repo import apply_plan_file


async def load_plan_if_empty(db: Database, plan: PlanFile, *, actor: str) -> bool:
    """Apply `plan` in one unit of work when no project exists yet; True when it did."""
    try:
        async with db.unit_of_work() as session:
            if await session.scalar(select(Project.id).limit(1)) is not None:
                return False
            await apply_plan_file(session, plan, actor=actor)
    except IntegrityError:
        return False
    return True

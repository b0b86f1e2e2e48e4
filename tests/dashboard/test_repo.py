"""The dashboard's read models: a fixed number of queries whatever the size, and the right version."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, select

from store import dashboard_repo
from store.models import PriorityArea, Project, StatusUpdate, UpdateCycle

from .seed import NOW, utc


@contextmanager
def counted(db):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)


async def portfolio_queries(db) -> tuple[int, int]:
    with counted(db) as statements:
        async with db.unit_of_work() as s:
            p = await dashboard_repo.portfolio(s, now=NOW)
    return len([q for q in statements if q.lstrip().upper().startswith("SELECT")]), len(p.projects)


async def test_the_matrix_is_read_in_the_same_few_queries_for_any_number_of_projects(db, seeded):
    before, shown = await portfolio_queries(db)
    async with db.unit_of_work() as s:
        area = (await s.execute(select(PriorityArea).limit(1))).scalar_one()
        cycle = (await s.execute(select(UpdateCycle).where(UpdateCycle.period_key == "2026-W48"))).scalar_one()
        for i in range(60):
            p = Project(ref=f"NEW-{i:02d}", name=f"New project {i}", priority_area_id=area.id)
            s.add(p)
            await s.flush()
            s.add(
                StatusUpdate(project_id=p.id, cycle_id=cycle.id, version=1, submitted_at=utc(2026, 11, 24), rag="green")
            )
    after, shown_after = await portfolio_queries(db)
    assert shown_after == shown + 60
    assert after == before <= 10


async def test_the_latest_version_wins_even_when_submitted_in_the_same_instant(db, seeded):
    async with db.unit_of_work() as s:
        cycle = (await s.execute(select(UpdateCycle).where(UpdateCycle.period_key == "2026-W48"))).scalar_one()
        pid = seeded.project_ids["CAR-01"]
        s.add(StatusUpdate(project_id=pid, cycle_id=cycle.id, version=2, submitted_at=utc(2026, 11, 23, 14), rag="red"))
    async with db.unit_of_work() as s:
        p = {c.ref: c for c in (await dashboard_repo.portfolio(s, now=NOW)).projects}
    assert p["CAR-01"].rag == "red" and p["CAR-01"].trend[-1] == "red"


async def test_the_trend_covers_the_cycles_opened_by_now_and_no_more(db, seeded):
    async with db.unit_of_work() as s:
        portfolio = await dashboard_repo.portfolio(s, now=utc(2026, 11, 20), trend_length=2)
    assert [c.period_key for c in portfolio.trend_cycles] == ["2026-W46", "2026-W47"]
    assert portfolio.current_cycle.period_key == "2026-W47"
    cit = next(p for p in portfolio.projects if p.ref == "CIT-01")
    assert cit.trend == ("green", "amber")

"""The reads every kind of question is answered from: the execution context (`_Ctx`: the connection, the
viewer, "now", the plan in memory, the snapshot of latest updates and the board built on it), projects with
their latest update, updates by id, a project's history and milestones, and the filters lists share.

Sensitive risks are removed here, while rows become `UpdateInfo` (`_update`), using `programme.access`:
nothing downstream ever holds text the viewer may not read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased

from programme import asks as asks_rules
from programme.access import Viewer, visible_risks
from programme.questions.query import Query
from programme.questions.results import CarriedAsk, MilestoneInfo, ProjectInfo, UpdateInfo

from .models import Ask, Enabler, Milestone, PriorityArea, Project, ProjectEnabler, StatusUpdate, UpdateCycle
from .question_board import Board, board_of

if TYPE_CHECKING:
    from .question_plan import Latest, Plan

INACTIVE = ("retired", "closed")
HISTORY_CYCLES = 8
RECENT_UPDATES = 12  # updates read for a fact from an update's text (six months of fortnightly cycles)
LIST_CAP = 200  # projects listed in one answer's data; the total is always counted


class _Ctx:
    def __init__(
        self, conn: AsyncConnection, viewer: Viewer, now: datetime, tz: str, plan: Plan, latest: Latest | None = None
    ) -> None:
        self.conn, self.viewer, self.now, self.tz, self.plan = conn, viewer, now, tz, plan
        self.snapshot = latest.updates if latest is not None else None
        self.latest_known = latest
        self.zone = ZoneInfo(tz)
        self.today = now.astimezone(self.zone).date()
        self.sqlite = conn.dialect.name == "sqlite"
        self._board: Board | None = None

    @property
    def board(self) -> Board | None:
        """Every active project beside its latest update, indexed (None without the snapshot in memory)."""
        if self.latest_known is None:
            return None
        if self._board is None:
            self._board = board_of(self.plan, self.latest_known)
        return self._board

    def local_midnight(self, d: date) -> datetime:
        return datetime.combine(d, time(0), self.zone).astimezone(UTC)

    async def rows(self, stmt, params: dict | None = None):
        """Core execution: plain rows, without the ORM's per-row work."""
        return (await self.conn.execute(stmt, params)).all()

    # The reads other question modules (store/question_more.py) build their answers from.
    async def latest(self, ids, detail: str = "light") -> dict[int, UpdateInfo]:
        return await _latest(self, ids, detail)

    async def projects(self, ids, detail: str | None = "brief", enablers: bool = False) -> list[ProjectInfo]:
        return await _projects_by_id(self, ids, detail=detail, enablers=enablers)

    async def history(self, ids) -> list[UpdateInfo]:
        return await _history_of(self, ids)

    async def milestones(self, ids) -> list[MilestoneInfo]:
        return await _milestones_of(self, ids)

    async def updates(self, ids: list[int]) -> dict[int, UpdateInfo]:
        return await _updates_by_id(self, ids)

    async def update_list(self, ids: list[int]) -> list[UpdateInfo]:
        """The updates `ids` as this viewer may see them, newest first (several of one project)."""
        rows = await self.rows(_UPDATES_BY_ID, {"ids": list(ids)}) if ids else []
        return sorted(
            (_update(r, self.viewer, "full") for r in rows), key=lambda u: (u.submitted_at, u.id), reverse=True
        )

    async def recent_updates(self, project_id: int, limit: int = RECENT_UPDATES) -> list[UpdateInfo]:
        """One project's last `limit` updates as this viewer may see them, newest first (one statement, bounded):
        for a fact an update's text gave some time ago ("by how much was parallel run 1 out?")."""
        rows = await self.rows(_RECENT_OF, {"pid": project_id, "n": limit})
        return [_update(r, self.viewer, "full") for r in rows]

    async def carried_asks(self, projects: list[ProjectInfo]) -> list[CarriedAsk]:
        """The projects' asks of the DLG still undecided, except those its latest update raised or repeats (the
        update's own box shows them): the ones carried forward from earlier cycles."""
        ids = [p.id for p in projects]
        rows = await self.rows(_OPEN_ASKS, {"ids": ids, "open": list(asks_rules.UNDECIDED)}) if ids else []
        latest = {p.id: p.latest for p in projects}
        out = []
        for r in rows:
            u = latest.get(r.project_id)
            if u is not None and (r.raised_update_id == u.id or _same_ask(r.text, u.asks)):
                continue
            day = r.raised_at.astimezone(self.zone).date() if r.raised_at else None
            out.append(CarriedAsk(r.project_id, r.text, day, r.status, r.deferred_until))
        return out

    def update_row(self, row, detail: str) -> UpdateInfo:
        return _update(row, self.viewer, detail)


# --- loading projects and their latest updates ---------------------------------------------

_BRIEF = (
    StatusUpdate.id,
    StatusUpdate.project_id,
    StatusUpdate.rag,
    StatusUpdate.progress_pct,
    StatusUpdate.submitted_by_name,
)
_LIGHT = _BRIEF + (StatusUpdate.version, StatusUpdate.submitted_at, UpdateCycle.period_key.label("cycle_key"))
_FULL = _LIGHT + (
    StatusUpdate.rag_reason,
    StatusUpdate.summary,
    StatusUpdate.achievements,
    StatusUpdate.next_steps,
    StatusUpdate.blockers,
    StatusUpdate.asks_of_dlg,
    StatusUpdate.risks,
)
COLUMNS = {"brief": _BRIEF, "light": _LIGHT, "full": _FULL}


def _latest_id(*update_filters):
    """The id of a project's latest update (highest cycle, then version, then latest submitted).

    A correlated subquery per project that walks the (project_id, submitted_at) index: faster than a
    window over every update once there are tens of thousands of them.
    """
    s2, c2 = aliased(StatusUpdate), aliased(UpdateCycle)
    conds = [f(s2) for f in update_filters]
    return (
        select(s2.id)
        .join(c2, c2.id == s2.cycle_id)
        .where(s2.project_id == Project.id, *conds)
        .order_by(c2.opens_at.desc(), s2.version.desc(), s2.submitted_at.desc(), s2.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _latest_by_ids(detail: str):
    """The latest update of each project in `:ids` (an expanding parameter): built once per detail level,
    so answering a question does not rebuild (and re-key) the statement."""
    return (
        select(*COLUMNS[detail])
        .select_from(Project)
        .join(StatusUpdate, StatusUpdate.id == _latest_id())
        .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id)
        .where(Project.id.in_(bindparam("ids", expanding=True)))
    )


async def _latest(ctx: _Ctx, ids, detail: str = "light") -> dict[int, UpdateInfo]:
    """The latest update of each of the projects `ids` (from the snapshot in memory when that is enough)."""
    if not ids:
        return {}
    if ctx.snapshot is not None and detail in ("light", "brief"):
        return {pid: ctx.snapshot[pid] for pid in ids if pid in ctx.snapshot}
    if ctx.latest_known is not None and detail == "full":  # the full row is in memory too; risks as this viewer may
        rows = ctx.latest_known.rows
        return {pid: _update(rows[pid], ctx.viewer, "full") for pid in ids if pid in rows}
    rows = await ctx.rows(_LATEST_BY_IDS[detail], {"ids": list(ids)})
    return {r.project_id: _update(r, ctx.viewer, detail) for r in rows}


KEPT_ROWS = 2000  # full update rows kept per snapshot beyond the latest ones, read by id (then all dropped)


async def _updates_by_id(ctx: _Ctx, ids: list[int]) -> dict[int, UpdateInfo]:
    """The updates `ids` by project, as this viewer may see them. With the snapshot in memory, each row is read
    once per version of the updates counter (which any change to an update moves) and kept on the snapshot."""
    if not ids:
        return {}
    if ctx.latest_known is None:
        rows = await ctx.rows(_UPDATES_BY_ID, {"ids": list(ids)})
        return {r.project_id: _update(r, ctx.viewer, "full") for r in rows}
    latest = ctx.latest_known
    kept = latest.kept_rows
    if not kept:
        kept.update((r.id, r) for r in latest.rows.values())
    found = {i: kept[i] for i in ids if i in kept}
    missing = [i for i in ids if i not in found]
    if missing:
        read = {r.id: r for r in await ctx.rows(_UPDATES_BY_ID, {"ids": missing})}
        if len(kept) + len(read) > len(latest.rows) + KEPT_ROWS:
            kept.clear()
        kept.update(read)
        found.update(read)
    return {r.project_id: _update(r, ctx.viewer, "full") for r in found.values()}


_UPDATES_BY_ID = (
    select(*_FULL)
    .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id)
    .where(StatusUpdate.id.in_(bindparam("ids", expanding=True)))
)

_RECENT_OF = (
    select(*_FULL)
    .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id)
    .where(StatusUpdate.project_id == bindparam("pid"))
    .order_by(StatusUpdate.submitted_at.desc(), StatusUpdate.id.desc())
    .limit(bindparam("n"))
)


def _update(r, viewer: Viewer | None, detail: str) -> UpdateInfo:
    """An update row as the engine reads it: `brief` and `light` (no texts, no risks, so no viewer needed), else
    the full texts with the risks `viewer` may see."""
    base = dict(
        id=r.id,
        project_id=r.project_id,
        rag=r.rag,
        progress=r.progress_pct,
        submitted_by=r.submitted_by_name or "someone",
        cycle_key="",
        version=0,
        submitted_at=None,
    )
    if detail == "brief":
        return UpdateInfo(**base)
    base.update(cycle_key=r.cycle_key, version=r.version, submitted_at=r.submitted_at)
    if detail == "light":
        return UpdateInfo(**base)
    assert viewer is not None, "a full update shows risks, which depend on who is asking"
    shown, held = visible_risks(_risk_dicts(r.risks), viewer)
    return UpdateInfo(
        **base,
        rag_reason=r.rag_reason or "",
        summary=r.summary or "",
        achievements=r.achievements or "",
        next_steps=r.next_steps or "",
        blockers=r.blockers or "",
        asks=r.asks_of_dlg or "",
        risks=tuple(str(x.get("text", "")) for x in shown),
        withheld_risks=held,
    )


def _brief(project_id: int, rag: str, progress: int | None, by: str = "") -> UpdateInfo:
    """An update known only by its RAG and progress (and perhaps who sent it): a row of a join, or the one
    before a window that the database's own "what changed" gives."""
    return UpdateInfo(
        id=0,
        project_id=project_id,
        cycle_key="",
        version=0,
        submitted_at=None,
        submitted_by=by,
        rag=rag,
        progress=progress,
    )


_OPEN_ASKS = (
    select(Ask.project_id, Ask.text, Ask.raised_at, Ask.raised_update_id, Ask.status, Ask.deferred_until)
    .where(Ask.project_id.in_(bindparam("ids", expanding=True)), Ask.status.in_(bindparam("open", expanding=True)))
    .order_by(Ask.raised_at, Ask.id)
)


def _same_ask(text: str, box: str) -> bool:
    """Is the ask `text` one of the lines of an update's asks box (as typed, give or take spacing and case)?"""
    said = {" ".join(line.split()).casefold() for line in (box or "").splitlines() if line.strip()}
    return (
        " ".join(text.split()).casefold() in said
        or " ".join(text.split()).casefold() == " ".join((box or "").split()).casefold()
    )


def _risk_dicts(risks) -> list[dict]:
    out = []
    for item in risks or []:
        out.append(item if isinstance(item, dict) else {"text": str(item), "sensitive": False})
    return out


def _active():
    return Project.status.notin_(INACTIVE)


def _filters(area: bool, enabler: bool) -> list:
    """Active projects, in the priority area `:area` and/or with the enabler `:enabler` (bound parameters,
    so statements built from these are built once per shape; `_filter_params` gives the values)."""
    out = [_active()]
    if area:
        out.append(Project.priority_area_id.in_(select(PriorityArea.id).where(PriorityArea.key == bindparam("area"))))
    if enabler:
        out.append(
            Project.id.in_(
                select(ProjectEnabler.project_id)
                .join(Enabler, Enabler.id == ProjectEnabler.enabler_id)
                .where(Enabler.key == bindparam("enabler"))
            )
        )
    return out


def _shape(query: Query) -> tuple[bool, bool]:
    return bool(query.area), bool(query.enabler)


def _filter_params(query: Query) -> dict:
    return {k: v for k, v in (("area", query.area), ("enabler", query.enabler)) if v}


async def _projects(
    ctx: _Ctx, where: list, *, params: dict | None = None, detail: str | None = "brief", enablers: bool = False
) -> list[ProjectInfo]:
    """Projects matching `where`, in ref order, with their facts from the plan in memory and (if asked)
    their latest update: two queries."""
    ids = [pid for (pid,) in await ctx.rows(select(Project.id).where(*where), params)]
    return await _projects_by_id(ctx, ids, detail=detail, enablers=enablers)


async def _projects_by_id(ctx: _Ctx, ids, *, detail: str | None = "brief", enablers: bool = False) -> list[ProjectInfo]:
    """The projects `ids` (those that exist), in ref order: facts from memory, the latest update in one query."""
    facts = sorted((ctx.plan.projects[i] for i in set(ids) if i in ctx.plan.projects), key=lambda p: p.ref)
    if not detail:  # the plan's facts as they are (no update to add): only the enablers may go
        return facts if enablers else [ctx.plan.without_enablers(p) for p in facts]
    updates = await _latest(ctx, [p.id for p in facts], detail) if detail and facts else {}
    return [replace(p, latest=updates.get(p.id), enablers=p.enablers if enablers else ()) for p in facts]


def _ordered(projects: list[ProjectInfo], ids: tuple[int, ...]) -> list[ProjectInfo]:
    by_id = {p.id: p for p in projects}
    return [by_id[i] for i in ids if i in by_id]


async def _milestones_of(ctx: _Ctx, project_ids) -> list[MilestoneInfo]:
    if not project_ids:
        return []
    return [MilestoneInfo(*r) for r in await ctx.rows(_MILESTONES_OF, {"ids": list(project_ids)})]


_MILESTONE = (Milestone.project_id, Milestone.title, Milestone.due_date, Milestone.status, Milestone.completed_on)
# statements built once, with the ids as an expanding parameter (building one costs more than running it)
_MILESTONES_OF = (
    select(*_MILESTONE)
    .where(Milestone.project_id.in_(bindparam("ids", expanding=True)))
    .order_by(Milestone.due_date.is_(None), Milestone.due_date, Milestone.id)
)


async def _history_of(ctx: _Ctx, project_ids) -> list[UpdateInfo]:
    """The last version in each of the most recent cycles, oldest first."""
    project_ids = list(project_ids)
    rows = await ctx.rows(_HISTORY, {"ids": project_ids}) if project_ids else []
    per_project: dict[int, list] = defaultdict(list)
    for r in rows:
        if len(per_project[r.project_id]) < HISTORY_CYCLES:
            per_project[r.project_id].append(_update(r, ctx.viewer, "light"))
    return [u for pid in project_ids for u in reversed(per_project.get(pid, []))]


def _history_stmt():
    order = (StatusUpdate.version.desc(), StatusUpdate.submitted_at.desc(), StatusUpdate.id.desc())
    rn = func.row_number().over(partition_by=(StatusUpdate.project_id, StatusUpdate.cycle_id), order_by=order)
    inner = (
        select(*_LIGHT, UpdateCycle.opens_at.label("opens"), rn.label("rn"))
        .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id)
        .where(StatusUpdate.project_id.in_(bindparam("ids", expanding=True)))
        .subquery()
    )
    return select(inner).where(inner.c.rn == 1).order_by(inner.c.opens.desc())


_HISTORY = _history_stmt()


_LATEST_BY_IDS = {detail: _latest_by_ids(detail) for detail in COLUMNS}

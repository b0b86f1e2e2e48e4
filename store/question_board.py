"""Every active project beside its latest update, as of one plan and one snapshot of latest updates: what
lists, counts and rankings read, with the indexes they filter by built once per snapshot, not per question.

The plan (`question_repo.Plan`) changes when the programme office edits it, the snapshot (`Latest`) when an
update comes in; between those, a question about the red projects in an area reads a list made the first
time anyone asked for that area's reds, and each project it shows is the same `ProjectInfo` (facts and
latest update together) every time. Nothing here is per viewer: a list line shows RAG, progress, leads and
dates, which every member may read; anything sensitive is read per viewer elsewhere (`question_reads._update`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from dataclasses import replace

from programme.questions.results import ProjectInfo, UpdateInfo

INACTIVE = ("retired", "closed")
VIEWS = 256  # derived lists and figures kept per snapshot, the least recently used going first

Pair = tuple[ProjectInfo, UpdateInfo | None]


class Board:
    """Active projects in ref order with their latest update, by area and enabler, and by RAG within those."""

    def __init__(self, plan, latest) -> None:
        self.plan, self.latest = plan, latest
        get = latest.updates.get
        vocab = plan.vocab.projects
        self.active: list[Pair] = []
        self.by_area: dict[str, list[Pair]] = {}
        self.by_enabler: dict[str, list[Pair]] = {}
        for p in plan.projects.values():  # the plan is in ref order
            if p.status in INACTIVE:
                continue
            pair = (p, get(p.id))
            self.active.append(pair)
            entry = vocab.get(p.id)
            if entry is None:
                continue
            if entry.area:
                self.by_area.setdefault(entry.area, []).append(pair)
            for key in entry.enablers:
                self.by_enabler.setdefault(key, []).append(pair)
        self._views: OrderedDict[tuple, object] = OrderedDict()
        self._shown: dict[int, tuple[ProjectInfo, UpdateInfo | None, ProjectInfo]] = {}

    def scope(self, area: str | None, enabler: str | None) -> list[Pair]:
        """Active projects in an area and/or with an enabler (both: those with both), in ref order."""
        if area and enabler:
            return self.view(
                ("scope", area, enabler),
                lambda: [
                    x for x in self.by_area.get(area, []) if enabler in self.plan.vocab.projects[x[0].id].enablers
                ],
            )
        if area:
            return self.by_area.get(area, [])
        if enabler:
            return self.by_enabler.get(enabler, [])
        return self.active

    def with_rags(self, area: str | None, enabler: str | None, rags) -> list[Pair]:
        """The scope's projects whose latest RAG is one of `rags` (None: not reported yet), in ref order."""
        wanted = frozenset(rags)
        return self.view(
            ("rags", area, enabler, wanted),
            lambda: [x for x in self.scope(area, enabler) if (x[1].rag if x[1] is not None else None) in wanted],
        )

    def shown(self, p: ProjectInfo, u: UpdateInfo | None) -> ProjectInfo:
        """`p` with its latest update `u`, made once per snapshot (both are frozen, so it may be shared)."""
        made = self._shown.get(p.id)
        if made is None or made[0] is not p or made[1] is not u:
            made = self._shown[p.id] = (p, u, replace(p, latest=u))
        return made[2]

    def sent_since(self, key: tuple, pairs: list[Pair], since, cap: int) -> tuple[int, list[Pair]]:
        """How many of `pairs` (the list the view `key` holds) have their latest update at or after `since`,
        and the first `cap` of those in ref order: counted on the pairs ordered by time (sorted once per
        snapshot), listed by walking the pairs when most qualify or by sorting the few that do."""
        times, where = self.view(("timeline", *key), lambda: _timeline(pairs))
        first_in = bisect_left(times, since)
        count = len(times) - first_in
        if count * 8 >= len(pairs):
            shown: list[Pair] = []
            for p, u in pairs:
                if u is not None and u.submitted_at is not None and u.submitted_at >= since:
                    shown.append((p, u))
                    if len(shown) == cap:
                        break
            return count, shown
        return count, [pairs[i] for i in sorted(where[first_in:])[:cap]]

    def view(self, key: tuple, build):
        """What `build()` derives from this snapshot for `key` (a filter shape), made once per snapshot."""
        views = self._views
        found = views.get(key)
        if found is None:
            found = views[key] = build()
            if len(views) > VIEWS:
                views.popitem(last=False)
        else:
            views.move_to_end(key)
        return found


def _timeline(pairs: list[Pair]) -> tuple[list, list[int]]:
    """When each of `pairs` last reported, ascending, and each one's position in `pairs` (unreported left out)."""
    dated = sorted(
        (u.submitted_at, i) for i, (_, u) in enumerate(pairs) if u is not None and u.submitted_at is not None
    )
    return [t for t, _ in dated], [i for _, i in dated]


_BOARD: list[Board] = []  # the one board in use: rebuilt when the plan or the snapshot it was made from changes


def board_of(plan, latest) -> Board:
    """The board for this plan and snapshot (both cached per database by services.ask)."""
    if _BOARD and _BOARD[0].plan is plan and _BOARD[0].latest is latest:
        return _BOARD[0]
    board = Board(plan, latest)
    _BOARD[:] = [board]
    return board

"""Tables and YAML documents into one checked `PlanFile`, or a `PlanFileError` with every problem at once.

Nothing here opens a file (services/files/plan_formats.py does) or touches the database: the store
applies a `PlanFile` only once it has parsed cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .errors import Errors, PlanError, PlanFileError
from .framework import Framework, default_framework
from .parsing import Row, parse_history, parse_milestone, parse_project
from .rows import (
    HISTORY_COLUMNS,
    MILESTONE_COLUMNS,
    OPTIONAL_PLAN_KEYS,
    PLAN_COLUMNS,
    HistoryRow,
    MilestoneRow,
    PlanFile,
    Progress,
    ProjectRow,
    Ticker,
)
from .tables import Table, header_errors, kind_of, normalise_column
from .values import cell_text

# --------------------------------------------------------------------------- whole-table checks


def _check_projects(projects: list[ProjectRow], errors: Errors) -> None:
    """Refs are unique; one person has one name across the file (a name is updated from it)."""
    first_row: dict[str, int] = {}
    for p in projects:
        if p.ref and p.ref in first_row:
            errors.add(p.row, "ref", f"{p.ref} is used again (first on {errors.unit} {first_row[p.ref]})")
        first_row.setdefault(p.ref, p.row)
    names: dict[str, tuple[str, int]] = {}
    for p in projects:
        for c in p.leads:
            if c.name and c.email in names and names[c.email][0] != c.name:
                errors.add(
                    p.row,
                    "lead_name",
                    f"{c.name!r} differs from {names[c.email][0]!r} given for "
                    f"{c.email} on {errors.unit} {names[c.email][1]}",
                )
            elif c.name:
                names.setdefault(c.email, (c.name, p.row))


def _check_milestones(milestones: list[MilestoneRow], errors: Errors) -> None:
    seen: dict[tuple[str, str], int] = {}
    for m in milestones:
        key = (m.project_ref, milestone_key(m.title))
        if m.title and key in seen:
            errors.items.append(
                PlanError(
                    m.row,
                    "title",
                    f"{m.title!r} is listed again for {m.project_ref} (first on {m.unit} {seen[key]})",
                    m.where,
                    m.unit,
                )
            )
        seen.setdefault(key, m.row)


def _check_history(history: list[HistoryRow], errors: Errors) -> None:
    seen: dict[tuple[str, datetime, str | None], int] = {}
    for h in history:
        key = (h.project_ref, h.submitted_at, h.submitted_by_email)
        if key in seen:
            errors.items.append(
                PlanError(
                    h.row,
                    "submitted_at",
                    f"repeats the update on {h.unit} {seen[key]} (same project, time and person)",
                    h.where,
                    h.unit,
                )
            )
        seen.setdefault(key, h.row)


def milestone_key(title: str) -> str:
    """A milestone's identity within its project: its title, ignoring case and spacing."""
    return " ".join(title.split()).casefold()


# --------------------------------------------------------------------------- table -> PlanFile


@dataclass
class _Context:
    framework: Framework
    tz: str
    now: datetime
    ticker: Ticker


def _read_table(table: Table, kind: str, plan: PlanFile, errors: Errors, ctx: _Context) -> None:
    if header_errors(table, kind, errors):
        return
    if kind == "plan":
        plan.projects = []
    for number, values in table.rows:
        row = Row(number, values, errors)
        if kind == "plan":
            plan.add_project(parse_project(row, ctx.framework))
        elif kind == "milestones":
            plan.milestones.append(parse_milestone(row))
        elif (h := parse_history(row, ctx.tz, ctx.now)) is not None:
            plan.history.append(h)
        ctx.ticker.tick()
    if kind == "plan" and not plan.projects:
        errors.add(2, "", "the plan has no projects (an empty plan would retire every project)")
    if kind == "plan":
        plan.warnings.extend(
            f"{table.name}: column {c!r} is not part of a plan and was ignored"
            for c in table.columns
            if c and c not in PLAN_COLUMNS + ("source_note",)
        )


def parse_tables(
    tables: list[tuple[Table, str]],
    *,
    framework: Framework | None = None,
    tz: str = "Europe/London",
    progress: Progress | None = None,
    now: datetime | None = None,
    source: str = "",
) -> PlanFile:
    """Parse already-classified tables (plan, milestones, history) into one checked PlanFile."""
    ctx = _Context(
        framework or default_framework(),
        tz,
        now or datetime.now(UTC),
        Ticker(progress, sum(len(t.rows) for t, _ in tables), "read"),
    )
    plan = PlanFile(sources=[t.name for t, _ in tables])
    all_errors: list[PlanError] = []
    several = len(tables) > 1
    for table, kind in tables:
        errors = Errors(table.name if several else "", table.unit)
        _read_table(table, kind, plan, errors, ctx)
        all_errors += errors.items
    plan_where = next((t.name for t, k in tables if k == "plan"), "") if several else ""
    _finish(plan, all_errors, Errors(plan_where))
    if all_errors:
        raise PlanFileError(all_errors, source)
    return plan


def _finish(plan: PlanFile, all_errors: list[PlanError], errors: Errors) -> None:
    """Checks across rows, run once every row is read."""
    if plan.projects is not None:
        _check_projects(plan.projects, errors)
        plan.milestones_with_plan = bool(plan.milestones)
        refs = {p.ref for p in plan.projects}
        for m in plan.milestones:
            if m.project_ref and m.project_ref not in refs:
                errors.items.append(
                    PlanError(m.row, "project_ref", f"{m.project_ref} is not a project in this plan", m.where, m.unit)
                )
    _check_milestones(plan.milestones, errors)
    _check_history(plan.history, errors)
    all_errors += errors.items


# --------------------------------------------------------------------------- YAML


def parse_yaml_document(
    doc: Any,
    *,
    framework: Framework | None = None,
    tz: str = "Europe/London",
    progress: Progress | None = None,
    now: datetime | None = None,
    source: str = "",
) -> PlanFile:
    """A list of mappings, or a mapping with `projects:` (or `milestones:` / `history:`); item numbers from 1."""
    items, kind, default_note, errors = _yaml_items(doc)
    if errors:
        raise PlanFileError(errors, source)
    ctx = _Context(framework or default_framework(), tz, now or datetime.now(UTC), Ticker(progress, len(items), "read"))
    plan = PlanFile(sources=[source])
    errs = Errors("", "item")
    allowed = {"plan": PLAN_COLUMNS + OPTIONAL_PLAN_KEYS, "milestones": MILESTONE_COLUMNS, "history": HISTORY_COLUMNS}[
        kind
    ]
    if kind == "plan":
        plan.projects = []
    for number, item in enumerate(items, start=1):
        _read_yaml_item(number, item, kind, allowed, default_note, plan, errs, ctx)
    if kind == "plan" and not plan.projects:
        errs.add(1, "", "the plan has no projects (an empty plan would retire every project)")
    all_errors = list(errs.items)
    _finish(plan, all_errors, Errors("", "item"))
    if all_errors:
        raise PlanFileError(all_errors, source)
    return plan


def _yaml_items(doc: Any) -> tuple[list[Any], str, str | None, list[PlanError]]:
    def bad(message: str) -> tuple[list[Any], str, None, list[PlanError]]:
        return [], "plan", None, [PlanError(1, "", message, unit="item")]

    note = None
    if isinstance(doc, dict):
        keys = [k for k in ("projects", "milestones", "history") if k in doc]
        unknown = sorted(set(doc) - {"projects", "milestones", "history", "source_note"})
        if len(keys) != 1 or unknown:
            return bad(
                "a YAML plan is a list of projects, or a mapping with one of projects, milestones, history"
                + (f" (unknown key {', '.join(map(str, unknown))})" if unknown else "")
            )
        items, kind = doc[keys[0]] or [], {"projects": "plan"}.get(keys[0], keys[0])
        note = cell_text(doc["source_note"]) if "source_note" in doc else None
    elif isinstance(doc, list):
        items = doc
        first = next((i for i in doc if isinstance(i, dict)), {})
        kind = kind_of(normalise_column(k) for k in first) or "plan"
    else:
        return bad("a YAML plan is a list of projects, or a mapping with `projects:`")
    if not isinstance(items, list):
        return bad("the projects must be a YAML list")
    return items, kind, note, []


def _read_yaml_item(
    number: int,
    item: Any,
    kind: str,
    allowed: tuple[str, ...],
    default_note: str | None,
    plan: PlanFile,
    errs: Errors,
    ctx: _Context,
) -> None:
    if not isinstance(item, dict):
        errs.add(number, "", "is not a mapping of column: value")
        return
    values = {normalise_column(k): v for k, v in item.items()}
    for key in values:
        if key not in allowed:
            errs.add(number, key, f"is not a known key (use {', '.join(allowed)})")
    row = Row(number, values, errs)
    if kind == "plan":
        if default_note is not None and "source_note" not in values:
            values["source_note"] = default_note
        project = parse_project(row, ctx.framework)
        plan.add_project(project)
        plan.milestones.extend(_yaml_milestones(number, values.get("milestones"), project.ref, errs))
    elif kind == "milestones":
        plan.milestones.append(parse_milestone(row))
    elif (h := parse_history(row, ctx.tz, ctx.now)) is not None:
        plan.history.append(h)
    ctx.ticker.tick()


def _yaml_milestones(number: int, raw: Any, ref: str, errs: Errors) -> list[MilestoneRow]:
    """Milestones nested under a project; errors name the project's item and the milestone's place."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        errs.add(number, "milestones", "must be a list")
        return []
    found = []
    for i, m in enumerate(raw, start=1):
        prefix = f"milestones[{i}]."
        if not isinstance(m, dict):
            errs.add(number, prefix.rstrip("."), "is not a mapping of title, due_date, status")
            continue
        values = {normalise_column(k): v for k, v in m.items()}
        for key in set(values) - {"title", "due_date", "status"}:
            errs.add(number, prefix + key, "is not a known key (use title, due_date, status)")
        found.append(parse_milestone(Row(number, values, errs, prefix), ref))
    return found

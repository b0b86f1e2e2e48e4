"""Plan files on disk: a plan, milestones or history file (CSV, XLSX or YAML) read into a checked
`PlanFile`, the live plan written back in the same columns, and the default plan shipped with the bot.

Opening the file and reading its format happens here; what its rows mean, and every message about a
bad cell, is `programme.planfile`'s (plain Python, tested without a file).
"""

from __future__ import annotations

from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from infra.private_files import write_private_text
from programme.planfile import (
    Framework,
    PlanError,
    PlanFile,
    PlanFileError,
    Progress,
    Table,
    classify_xlsx,
    default_framework,
    default_source_note,
    export_cell,
    kind_of,
    parse_tables,
    parse_yaml_document,
    unknown_kind_error,
)

from . import spreadsheets as spreadsheet
from .tables import read_csv, read_xlsx

DEFAULT_PLAN = "default_plan.yaml"  # package data of programme/: the report's thirteen workstreams


def default_plan() -> PlanFile:
    """The thirteen workstreams named in the report, parsed like any other plan file."""
    text = resources.files("programme").joinpath(DEFAULT_PLAN).read_text(encoding="utf-8")
    body = {"projects": yaml.safe_load(text)["projects"], "source_note": default_source_note()}
    return parse_yaml_document(body, framework=default_framework(), source=DEFAULT_PLAN)


def sibling_milestones(path: Path) -> Path:
    """`plan export plan.csv` writes milestones beside it as plan-milestones.csv; import reads it back."""
    return path.with_name(f"{path.stem}-milestones{path.suffix}")


def read_plan_file(
    path: str | Path,
    *,
    framework: Framework | None = None,
    tz: str = "Europe/London",
    progress: Progress | None = None,
    now: datetime | None = None,
) -> PlanFile:
    """Read and check a plan, milestones or history file (CSV, XLSX or YAML), or raise PlanFileError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f" (line {mark.line + 1})" if mark else ""
            raise PlanFileError([PlanError(0, "", f"is not valid YAML{line}")], path.name) from None
        return parse_yaml_document(doc, framework=framework, tz=tz, progress=progress, now=now, source=path.name)
    if suffix == ".xlsx":
        tables, errors = classify_xlsx(read_xlsx(path))
        if errors:
            raise PlanFileError(errors, path.name)
        return parse_tables(tables, framework=framework, tz=tz, progress=progress, now=now, source=path.name)
    if suffix in (".csv", ".txt"):
        return parse_tables(_csv_tables(path), framework=framework, tz=tz, progress=progress, now=now, source=path.name)
    raise PlanFileError(
        [PlanError(0, "", f"cannot read {suffix or 'files without an extension'}: use .csv, .xlsx or .yaml")], path.name
    )


def _csv_tables(path: Path) -> list[tuple[Table, str]]:
    table = read_csv(path)
    kind = kind_of(table.columns)
    if kind is None:
        raise PlanFileError([unknown_kind_error(table)], path.name)
    tables = [(table, kind)]
    extra = sibling_milestones(path)
    if kind == "plan" and extra.exists():
        tables.append((read_csv(extra), "milestones"))
    return tables


# --------------------------------------------------------------------------- writing


def write_csv(path: Path, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    """UTF-8 with a BOM so Excel opens it with the right accents; no cell can run as a formula."""
    spreadsheet.write_csv(path, columns, ([export_cell(r.get(c)) for c in columns] for r in rows), bom=True)


def write_xlsx(path: Path, sheets: list[tuple[str, tuple[str, ...], list[dict[str, Any]]]]) -> None:
    """Dates as real date cells shown UK style, lists as `;`-separated text, text never a formula."""
    spreadsheet.write_xlsx(
        path,
        [
            spreadsheet.Sheet(
                title,
                columns,
                [[r.get(c) if isinstance(r.get(c), date) else export_cell(r.get(c)) for c in columns] for r in rows],
            )
            for title, columns, rows in sheets
        ],
    )


def write_yaml(path: Path, document: Any) -> None:
    write_private_text(path, yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110))

"""What a plan import reports and the small helpers its parts share (its ticker is `programme.planfile.Ticker`)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any


@dataclass
class ImportReport:
    """What an import did, in counts a person can check against their spreadsheet."""

    sources: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    reactivated: int = 0
    areas_created: int = 0
    enablers_created: int = 0
    people_created: int = 0
    people_updated: int = 0
    milestones_created: int = 0
    milestones_updated: int = 0
    milestones_unchanged: int = 0
    updates_imported: int = 0
    updates_already_present: int = 0
    cycles_created: int = 0
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    emails: dict[str, list[str]] = field(default_factory=dict)  # each lead's and deputy's email -> rows naming it

    @property
    def changed(self) -> bool:
        counts = (
            "created",
            "updated",
            "retired",
            "areas_created",
            "enablers_created",
            "people_created",
            "people_updated",
            "milestones_created",
            "milestones_updated",
            "updates_imported",
            "cycles_created",
        )
        return any(getattr(self, c) for c in counts)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def lines(self) -> list[str]:
        """A short account for the command line."""
        out = []
        if "plan" in self.kinds:
            out.append(
                f"Projects: {self.created} created, {self.updated} updated ({self.reactivated} made active "
                f"again), {self.retired} retired, {self.unchanged} unchanged."
            )
            out.append(f"People: {self.people_created} added, {self.people_updated} renamed.")
        if "milestones" in self.kinds:
            out.append(
                f"Milestones: {self.milestones_created} created, {self.milestones_updated} updated, "
                f"{self.milestones_unchanged} unchanged."
            )
        if "history" in self.kinds:
            out.append(
                f"Updates: {self.updates_imported} imported, {self.updates_already_present} already present, "
                f"{self.cycles_created} cycles added."
            )
            if "plan" not in self.kinds and self.people_created:
                out.append(f"People: {self.people_created} added (submitters not yet known).")
        if self.areas_created or self.enablers_created:
            out.append(f"Framework: {self.areas_created} priority areas and {self.enablers_created} enablers added.")
        out += [f"Note: {w}" for w in self.warnings]
        if not self.changed:
            out.append("Nothing changed.")
        if self.dry_run:
            out.append("Dry run: nothing was saved.")
        return out


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None

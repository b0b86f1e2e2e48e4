"""What is wrong with a plan file, said the way a person finds it: the row (the header is row 1) and column.

Every problem is collected and reported together, so one round of corrections fixes the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_ERRORS_SHOWN = 50


@dataclass(frozen=True)
class PlanError:
    """One problem, located the way a person finds it: row (or YAML item) and column."""

    row: int
    column: str
    message: str
    where: str = ""  # a file or sheet name when the import reads more than one
    unit: str = "row"  # "row" in a spreadsheet, "item" in a YAML list

    def __str__(self) -> str:
        place = f"{self.unit} {self.row}" + (f", column {self.column}" if self.column else "")
        parts = [self.where] if self.where else []
        parts += [place] if self.row else []  # row 0: the file as a whole
        return ": ".join(parts + [self.message])


class PlanFileError(ValueError):
    """Every problem found in a file, raised together so nothing is half-imported."""

    def __init__(self, errors: Iterable[PlanError], source: str = "") -> None:
        self.errors = list(errors)
        self.source = source
        super().__init__(self._message())

    def _message(self) -> str:
        shown = [str(e) for e in self.errors[:MAX_ERRORS_SHOWN]]
        more = len(self.errors) - len(shown)
        if more > 0:
            shown.append(f"… and {more} more")
        head = f"{self.source}: " if self.source else ""
        if len(self.errors) == 1:
            return head + shown[0]
        return f"{head}{len(self.errors)} problems, nothing was imported:\n" + "\n".join(f"  {s}" for s in shown)


class Errors:
    """Collects errors for one table, stamping each with where it came from."""

    def __init__(self, where: str = "", unit: str = "row") -> None:
        self.where, self.unit = where, unit
        self.items: list[PlanError] = []

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append(PlanError(row, column, message, self.where, self.unit))

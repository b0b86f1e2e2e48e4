"""docs/security.md stays true: every test its table names exists, and every row names at least one.

A row whose test was renamed or deleted would claim a control nothing proves any more."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "security.md"
NAMED = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_")
    }


def missing_tests(text: str) -> list[str]:
    """The `file::test` names in `text` that are not tests in this repository."""
    missing = []
    for file, name in NAMED.findall(text):
        path = ROOT / file
        if not path.exists() or name not in _tests_in(path):
            missing.append(f"{file}::{name}")
    return missing


def _rows(text: str) -> list[str]:
    return [
        line
        for line in text.splitlines()
        if line.startswith("| ") and not line.startswith("| threat") and not set(line) <= set("|- ")
    ]


def test_every_test_the_security_table_names_exists():
    assert missing_tests(DOC.read_text(encoding="utf-8")) == []


def test_every_row_has_a_threat_a_control_and_a_test():
    rows = _rows(DOC.read_text(encoding="utf-8"))
    assert len(rows) >= 15
    for row in rows:
        threat, control, proof = [cell.strip() for cell in row.strip().strip("|").split(" | ")][:3]
        files = [f for f in re.findall(r"`(tests/[\w/]+\.py)`", proof) if (ROOT / f).is_file()]
        assert threat and control and (NAMED.search(proof) or files), row[:80]


def test_the_check_can_fail():
    made_up = "| x | y | `tests/test_where.py::test_that_does_not_exist`, `tests/nowhere.py::test_x` |"
    assert missing_tests(made_up) == ["tests/test_where.py::test_that_does_not_exist", "tests/nowhere.py::test_x"]

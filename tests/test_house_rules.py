"""House rules that a linter does not check: small product files, and a reason beside every silenced warning.

`make test` runs ruff (lint and format) and mypy before the tests; these two rules are the rest of issue 23's
"a house you can find your way in". Each checker is tried on a planted file, so it is seen able to fail.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("bot", "cards", "dashboard", "dfbot", "graph", "programme", "services", "store", "infra")
MAX_LINES = 400
SKIPPED = {".venv", "node_modules", "build", "var", ".git", "__pycache__"}

# A silenced warning (ruff's no-QA comment with or without codes, mypy's type-ignore with or without codes),
# then whatever follows it on the line.
SILENCED = re.compile(
    r"#\s*(noqa(?::\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)?|type:\s*ignore(?:\[[\w\-, ]+\])?)(?P<rest>.*)$"
)


def product_files() -> list[Path]:
    files = []
    for package in PRODUCT:
        files += [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]
    return sorted(files)


def python_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if not SKIPPED & set(p.relative_to(ROOT).parts))


def too_long(files: list[Path], root: Path = ROOT) -> list[str]:
    found = []
    for path in files:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            found.append(f"{path.relative_to(root)}: {lines} lines")
    return found


def without_reason(files: list[Path], root: Path = ROOT) -> list[str]:
    """Lines that silence a warning and do not say why (a reason of at least two words after the directive)."""
    found = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = SILENCED.search(line)
            if match is None:
                continue
            reason = re.sub(r"^[\s\-—:#(]+", "", match.group("rest"))
            if len(re.findall(r"[A-Za-z`'_.]+", reason)) < 2:
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_product_file_is_over_400_lines():
    assert too_long(product_files()) == []


def test_every_noqa_and_type_ignore_says_why():
    assert without_reason(python_files()) == []


def test_the_checkers_see_a_long_file_and_a_silenced_warning_without_reason(tmp_path):
    long = tmp_path / "long.py"
    long.write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    short = tmp_path / "short.py"
    short.write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    bare = tmp_path / "bare.py"
    noqa, ignore = "# no" + "qa", "# type: " + "ignore"  # spelt in two halves: this file is checked too
    bare.write_text(
        f"import os  {noqa}: F401\n"
        f"y = f()  {ignore}[attr-defined]\n"
        f"z = g()  {ignore}\n"
        f"w = h()  {noqa}\n"
        f"import sys  {noqa}: F401 - the fixture is used by name\n"
        f"v = k()  {ignore}[misc]  # kiota's TypeVar result\n",
        encoding="utf-8",
    )

    assert too_long([long, short], tmp_path) == [f"long.py: {MAX_LINES + 1} lines"]
    assert [line.split(":")[1] for line in without_reason([bare], tmp_path)] == ["1", "2", "3", "4"]

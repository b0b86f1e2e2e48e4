"""docs/data-protection.md matches the schema: every column says whether it is personal, and every
personal column is named in the document, so a DPIA pasted from it is complete."""

from __future__ import annotations

import re
from pathlib import Path

from store.models import Base
from store.personal_data import personal_columns

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-protection.md"


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _named(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", text) is not None


def test_every_column_declares_whether_it_holds_personal_data():
    missing = [
        f"{t.name}.{c.name}"
        for t in Base.metadata.sorted_tables
        for c in t.columns
        if not isinstance(c.info.get("personal"), bool)
    ]
    assert missing == [], f"declare personal=True/False (store/types.col) for: {missing}"


def test_every_personal_column_says_why_it_is_kept():
    missing = [
        f"{t.name}.{c.name}"
        for t in Base.metadata.sorted_tables
        for c in t.columns
        if c.info.get("personal") and not c.info.get("purpose")
    ]
    assert missing == [], f"give a purpose= for: {missing}"


def test_every_personal_column_is_in_the_data_protection_document():
    text = _doc()
    missing = [name for name in personal_columns() if not _named(text, f"`{name}`")]
    assert missing == [], f"add these to docs/data-protection.md (section 4, by exact table.column): {missing}"


def test_every_table_with_personal_data_has_its_own_section():
    headings = set(re.findall(r"^### `(\w+)`", _doc(), flags=re.MULTILINE))
    tables = {name.split(".")[0] for name in personal_columns()}
    assert sorted(tables - headings) == []


def test_the_document_names_no_column_that_does_not_exist():
    tables = Base.metadata.tables
    named = set(re.findall(r"`(\w+)\.(\w+)`", _doc()))
    stale = [f"{t}.{c}" for t, c in named if t in tables and c not in tables[t].c]
    assert stale == [], f"docs/data-protection.md names columns the schema no longer has: {stale}"


def test_every_table_is_accounted_for():
    """A new table must be listed, either with its personal columns or among the tables without any."""
    text = _doc()
    missing = [t for t in Base.metadata.tables if not _named(text, f"`{t}`")]
    assert missing == [], f"mention these tables in docs/data-protection.md: {missing}"

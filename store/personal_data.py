"""What the schema says about personal data: the columns that point at a person, the text that may name one.

Why derived from the models rather than listed: the retention purge and the erasure must cover a
table added next month without anyone remembering to add it here. Every column declares
`info["personal"]` (store/types.py), and tests hold docs/data-protection.md to those declarations.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import JSON, Column, String, Table

from .models import Base, Person


def people_referrers() -> Iterator[Column]:
    """Every column of every table that holds a people.id."""
    people_id = Person.__table__.c.id
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column is people_id for fk in column.foreign_keys):
                yield column


def text_columns(table: Table) -> list[Column]:
    """Text and JSON columns outside the primary key: where a name, email or id can be written down."""
    return [c for c in table.columns if isinstance(c.type, (String, JSON)) and not c.primary_key]


def personal_columns() -> list[str]:
    """`table.column` of every column declared personal."""
    return [f"{t.name}.{c.name}" for t in Base.metadata.sorted_tables for c in t.columns if c.info.get("personal")]

"""Column helpers: UTC datetimes on every backend, and the personal-data declaration every column carries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC; SQLite forgets the zone, so it is put back on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def col(*args: Any, personal: bool, purpose: str = "", **kwargs: Any):
    """A mapped column that says whether it holds personal data (checked by a test against docs)."""
    info = dict(kwargs.pop("info", {}) or {})
    info["personal"] = personal
    if purpose:
        info["purpose"] = purpose
    return mapped_column(*args, info=info, **kwargs)


def utcnow() -> datetime:
    return datetime.now(UTC)

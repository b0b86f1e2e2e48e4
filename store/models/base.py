"""The declarative base every table shares, with the constraint naming convention the migrations use."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped

from ..types import UTCDateTime, col, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class DeliveryColumns:
    """The columns of one proactive message to one person, sent at most once: a row is "sending" before the
    call and "sent" (with the activity id) after it, so a restart neither loses nor doubles it. Shared by
    prompt deliveries and decision notices; they come last in both tables."""

    status: Mapped[str] = col(String(16), default="pending", personal=False)  # pending/sending/sent/failed/unreachable
    attempts: Mapped[int] = col(Integer, default=0, personal=False)
    last_error: Mapped[str] = col(Text, default="", personal=False)
    activity_id: Mapped[str | None] = col(String(200), nullable=True, personal=False)
    sending_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    sent_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    created_at: Mapped[datetime] = col(default=utcnow, personal=False)

"""The plan: priority areas, enablers, projects and their aliases, people, their roles and milestones."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, relationship

from ..types import col, utcnow
from .base import Base


class _FrameworkItem:
    """The columns a priority area and an enabler share (programme.planfile.FrameworkItem)."""

    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    key: Mapped[str] = col(String(64), unique=True, personal=False)
    name: Mapped[str] = col(String(200), unique=True, personal=False)
    description: Mapped[str] = col(Text, default="", personal=False)
    position: Mapped[int] = col(Integer, default=0, personal=False)


class PriorityArea(_FrameworkItem, Base):
    __tablename__ = "priority_areas"


class Enabler(_FrameworkItem, Base):
    __tablename__ = "enablers"


class ProjectEnabler(Base):
    __tablename__ = "project_enablers"
    project_id: Mapped[int] = col(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, personal=False)
    enabler_id: Mapped[int] = col(ForeignKey("enablers.id", ondelete="CASCADE"), primary_key=True, personal=False)


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    ref: Mapped[str] = col(String(64), unique=True, personal=False)
    name: Mapped[str] = col(String(300), personal=False)
    description: Mapped[str] = col(Text, default="", personal=False)
    priority_area_id: Mapped[int | None] = col(ForeignKey("priority_areas.id"), nullable=True, personal=False)
    status: Mapped[str] = col(String(16), default="active", personal=False)  # active/paused/closed/retired
    start_date: Mapped[date | None] = col(Date, nullable=True, personal=False)
    end_date: Mapped[date | None] = col(Date, nullable=True, personal=False)
    source_note: Mapped[str] = col(Text, default="", personal=False)
    created_at: Mapped[datetime] = col(default=utcnow, personal=False)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow, personal=False)

    area: Mapped[PriorityArea | None] = relationship(lazy="selectin")
    enablers: Mapped[list[Enabler]] = relationship(
        secondary="project_enablers", lazy="selectin", order_by="Enabler.position"
    )
    aliases: Mapped[list[ProjectAlias]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ProjectAlias.id"
    )


class ProjectAlias(Base):
    __tablename__ = "project_aliases"
    __table_args__ = (UniqueConstraint("project_id", "alias", name="uq_project_aliases_project_alias"),)
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    project_id: Mapped[int] = col(ForeignKey("projects.id", ondelete="CASCADE"), personal=False)
    alias: Mapped[str] = col(String(300), personal=False)


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    name: Mapped[str] = col(String(200), default="", personal=True, purpose="to address and name leads")
    email: Mapped[str | None] = col(
        String(320), unique=True, nullable=True, personal=True, purpose="to match the plan to Teams users"
    )
    aad_object_id: Mapped[str | None] = col(
        String(64), unique=True, nullable=True, personal=True, purpose="stable identity in Teams"
    )
    teams_user_id: Mapped[str | None] = col(String(200), nullable=True, personal=True, purpose="to send 1:1 messages")
    # 0006: the email Teams gave for someone the bot would not link by it (a guest, another tenant, or an
    # email already held by another account). Not an identity: it only shows admins whom to merge.
    unverified_email: Mapped[str | None] = col(
        String(320),
        nullable=True,
        personal=True,
        purpose="to let an admin merge an account the bot would not link by email",
    )
    away_until: Mapped[date | None] = col(
        Date, nullable=True, personal=True, purpose="not to chase people who are away"
    )
    forgotten_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    created_at: Mapped[datetime] = col(default=utcnow, personal=False)


class ProjectRole(Base):
    __tablename__ = "project_roles"
    __table_args__ = (UniqueConstraint("project_id", "person_id", "role", name="uq_project_roles_project_person_role"),)
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    project_id: Mapped[int] = col(ForeignKey("projects.id", ondelete="CASCADE"), personal=False)
    person_id: Mapped[int] = col(
        ForeignKey("people.id", ondelete="CASCADE"), personal=True, purpose="who leads a project"
    )
    role: Mapped[str] = col(String(16), personal=False)  # lead / deputy
    position: Mapped[int] = col(Integer, default=0, personal=False)

    person: Mapped[Person] = relationship(lazy="selectin")


class StaffRole(Base):
    """Programme-wide roles: admin (programme office) and dlg (Digital Leadership Group member)."""

    __tablename__ = "staff_roles"
    __table_args__ = (UniqueConstraint("person_id", "role", name="uq_staff_roles_person_role"),)
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    person_id: Mapped[int] = col(
        ForeignKey("people.id", ondelete="CASCADE"), personal=True, purpose="who administers the bot"
    )
    role: Mapped[str] = col(String(16), personal=False)


class Milestone(Base):
    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("project_id", "title", name="uq_milestones_project_title"),)
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    project_id: Mapped[int] = col(ForeignKey("projects.id", ondelete="CASCADE"), personal=False)
    title: Mapped[str] = col(String(300), personal=False)
    due_date: Mapped[date | None] = col(Date, nullable=True, personal=False)
    status: Mapped[str] = col(String(16), default="not started", personal=False)
    completed_on: Mapped[date | None] = col(Date, nullable=True, personal=False)
    original_due_date: Mapped[date | None] = col(Date, nullable=True, personal=False)

"""What keeps the bot running: sign-ins, alerts, redeliveries, the audit log, settings, leases,
data versions, the directory's view of people and the schema's compatibility."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped

from ..types import col, utcnow
from .base import Base


class GraphSignIn(Base):
    """The delegated Microsoft Graph sign-in that posts digests (channel posts are delegated-only).

    The MSAL token cache and the pending authorisation-code flow are stored encrypted with a key
    derived from SECRET_KEY, so every replica can post and nothing readable sits in the database.
    """

    __tablename__ = "graph_sign_ins"
    name: Mapped[str] = col(String(32), primary_key=True, personal=False)  # "digest"
    status: Mapped[str] = col(String(16), default="none", personal=False)  # none/pending/active/expired
    account: Mapped[str] = col(String(320), default="", personal=True, purpose="which account posts digests")
    token_cache: Mapped[str] = col(Text, default="", personal=True, purpose="encrypted delegated sign-in")
    pending_flow: Mapped[str] = col(Text, default="", personal=False)
    pending_state: Mapped[str] = col(String(128), default="", personal=False)
    # 0006: the one sign-in link that may still be used (a random value, cleared when it is used)
    link_nonce: Mapped[str] = col(String(64), default="", personal=False)
    started_by: Mapped[str] = col(String(320), default="", personal=True, purpose="who started the sign-in")
    signed_in_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    last_error: Mapped[str] = col(Text, default="", personal=False)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow, personal=False)


class AdminAlert(Base):
    """Something an admin must know (a sign-in expired, a digest needs checking); kept until delivered."""

    __tablename__ = "admin_alerts"
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    key: Mapped[str] = col(String(200), unique=True, personal=False)  # the same alert is raised once
    kind: Mapped[str] = col(String(32), personal=False)
    message: Mapped[str] = col(Text, personal=False)
    created_at: Mapped[datetime] = col(default=utcnow, personal=False)
    delivered_at: Mapped[datetime | None] = col(nullable=True, personal=False)


class ProcessedActivity(Base):
    """A message or invoke already handled, so a redelivery is answered without doing it twice (0006).

    `key` is a SHA-256 of (conversation id, activity id, type, name): activity ids are unique only
    within a conversation, and the hash keeps the conversation id (personal) out of the table. An
    invoke's first answer is kept in `response` to give the redelivery the same answer.
    """

    __tablename__ = "processed_activities"
    key: Mapped[str] = col(String(64), primary_key=True, personal=False)
    kind: Mapped[str] = col(String(16), personal=False)  # message / invoke
    status: Mapped[str] = col(String(16), default="processing", personal=False)  # processing / done
    response: Mapped[dict[str, Any] | None] = col(
        JSON, nullable=True, personal=True, purpose="answer a redelivered card action with its first answer"
    )
    processed_at: Mapped[datetime] = col(default=utcnow, index=True, personal=False)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    at: Mapped[datetime] = col(default=utcnow, index=True, personal=False)
    actor: Mapped[str] = col(String(320), personal=True, purpose="accountability for changes")
    action: Mapped[str] = col(String(64), personal=False)
    entity: Mapped[str] = col(String(64), personal=False)
    entity_key: Mapped[str] = col(
        String(200), default="", personal=True, purpose="which record changed (may be an email)"
    )
    before: Mapped[dict[str, Any] | None] = col(
        JSON, nullable=True, personal=True, purpose="accountability for changes"
    )
    after: Mapped[dict[str, Any] | None] = col(JSON, nullable=True, personal=True, purpose="accountability for changes")


class Setting(Base):
    """Runtime configuration admins change in the bot (cadence, scheduler paused)."""

    __tablename__ = "settings"
    key: Mapped[str] = col(String(100), primary_key=True, personal=False)
    value: Mapped[dict[str, Any]] = col(JSON, default=dict, personal=False)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow, personal=False)


class JobLease(Base):
    """Which replica may run a named job until when (the database decides, not process memory)."""

    __tablename__ = "job_leases"
    name: Mapped[str] = col(String(100), primary_key=True, personal=False)
    holder: Mapped[str] = col(String(200), default="", personal=False)
    expires_at: Mapped[datetime] = col(personal=False)


class DataVersion(Base):
    """A counter the database bumps itself (triggers, migration 0005) whenever a group of tables changes.

    `plan`: projects, their aliases, roles and enablers, people, areas and enablers — what the question
    engine's vocabulary and its cached project facts are built from. `updates` (migration 0006): status
    updates — what its snapshot of every project's latest update is built from. Reading one row tells a
    process (any replica) whether its cached copy is still current.
    """

    __tablename__ = "data_versions"
    name: Mapped[str] = col(String(32), primary_key=True, personal=False)
    version: Mapped[int] = col(BigInteger, default=0, personal=False)


class DirectoryPerson(Base):
    """What the council's directory (Entra ID, read through Graph) said about a person the plan names.

    One row per person, written by the import and the daily check. `status` is active, disabled,
    deleted, not_found or unknown (the directory could not be asked); the move from active to disabled
    or deleted is made once, by whichever replica gets there first, and that one tells the admins.
    """

    __tablename__ = "directory_people"
    person_id: Mapped[int] = col(
        ForeignKey("people.id", ondelete="CASCADE"),
        primary_key=True,
        personal=True,
        purpose="whose directory record this is",
    )
    object_id: Mapped[str | None] = col(
        String(64),
        nullable=True,
        index=True,
        personal=True,
        purpose="the Entra object id that links a person in the plan to their Teams account",
    )
    display_name: Mapped[str] = col(
        String(200), default="", personal=True, purpose="a lead's name when the plan gave only their email"
    )
    job_title: Mapped[str] = col(
        String(200), default="", personal=True, purpose="to tell admins which of two people with one name is meant"
    )
    status: Mapped[str] = col(
        String(16),
        default="unknown",
        personal=True,
        purpose="to stop prompting people who have left and ask admins who takes over",
    )
    found_by: Mapped[str] = col(String(16), default="", personal=False)
    checked_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    left_at: Mapped[datetime | None] = col(
        nullable=True, personal=True, purpose="when the bot noticed someone had left (the admins' card says so)"
    )
    last_error: Mapped[str] = col(Text, default="", personal=False)
    install_status: Mapped[str] = col(String(16), default="", personal=False)  # "", installed, failed
    install_error: Mapped[str] = col(Text, default="", personal=False)
    installed_at: Mapped[datetime | None] = col(nullable=True, personal=False)


class LeaverNotice(Base):
    """One card to the admins per leaver and project (or staff role): who takes over. Raised once per
    (person, subject) however many replicas notice; claimed before it is sent, like admin alerts."""

    __tablename__ = "leaver_notices"
    __table_args__ = (UniqueConstraint("person_id", "subject", name="uq_leaver_notices_person_subject"),)
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    person_id: Mapped[int] = col(
        ForeignKey("people.id", ondelete="CASCADE"),
        personal=True,
        purpose="who left, so admins can choose who takes over",
    )
    subject: Mapped[str] = col(String(64), personal=False)  # "project:<id>" or "staff:<role>"
    project_id: Mapped[int | None] = col(ForeignKey("projects.id", ondelete="CASCADE"), nullable=True, personal=False)
    role: Mapped[str] = col(String(16), personal=False)  # lead / deputy / admin / dlg
    status: Mapped[str] = col(String(16), default="pending", personal=False)  # pending / sending / sent
    created_at: Mapped[datetime] = col(default=utcnow, personal=False)
    sent_at: Mapped[datetime | None] = col(nullable=True, personal=False)


class SchemaCompatibility(Base):
    """Which versions of the bot still work against this database's schema (one row, `id` 1).

    `dfbot db upgrade` writes it after migrating (store/migrations/env.py): `revision` is the schema's
    migration, `compatible_from` the oldest migration whose code still runs correctly against it (each
    migration declares it; additive ones name the migration before them). A replica whose own newest
    migration is older than `revision` but not older than `compatible_from` stays ready during a
    rolling upgrade instead of being drained (dfbot/web.py, /readyz).
    """

    __tablename__ = "schema_compatibility"
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    revision: Mapped[str] = col(String(32), personal=False)
    compatible_from: Mapped[str] = col(String(32), personal=False)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow, personal=False)

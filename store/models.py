"""The programme's tables. Every column declares `personal` (information governance)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from .types import UTCDateTime, col, utcnow

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


class PriorityArea(Base):
    __tablename__ = "priority_areas"
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    key: Mapped[str] = col(String(64), unique=True, personal=False)
    name: Mapped[str] = col(String(200), unique=True, personal=False)
    description: Mapped[str] = col(Text, default="", personal=False)
    position: Mapped[int] = col(Integer, default=0, personal=False)


class Enabler(Base):
    __tablename__ = "enablers"
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    key: Mapped[str] = col(String(64), unique=True, personal=False)
    name: Mapped[str] = col(String(200), unique=True, personal=False)
    description: Mapped[str] = col(Text, default="", personal=False)
    position: Mapped[int] = col(Integer, default=0, personal=False)


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


class UpdateCycle(Base):
    __tablename__ = "update_cycles"
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    period_key: Mapped[str] = col(String(32), unique=True, personal=False)
    opens_at: Mapped[datetime] = col(personal=False)
    due_at: Mapped[datetime] = col(personal=False)
    closes_at: Mapped[datetime] = col(personal=False)
    status: Mapped[str] = col(String(16), default="open", personal=False)  # open / closed
    created_at: Mapped[datetime] = col(default=utcnow, personal=False)
    prompted_at: Mapped[datetime | None] = col(nullable=True, personal=False)  # leads' prompts were queued


class StatusUpdate(Base):
    """One version of a project's update in a cycle. Versions are never overwritten."""

    __tablename__ = "status_updates"
    __table_args__ = (
        UniqueConstraint("project_id", "cycle_id", "version", name="uq_status_updates_project_cycle_version"),
        Index("ix_status_updates_project_submitted", "project_id", "submitted_at"),
    )
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    project_id: Mapped[int] = col(ForeignKey("projects.id", ondelete="CASCADE"), personal=False)
    cycle_id: Mapped[int] = col(ForeignKey("update_cycles.id"), personal=False)
    version: Mapped[int] = col(Integer, default=1, personal=False)
    submitted_at: Mapped[datetime] = col(personal=False)
    submitted_by_id: Mapped[int | None] = col(
        ForeignKey("people.id", ondelete="SET NULL"), nullable=True, personal=True, purpose="who reported"
    )
    submitted_by_name: Mapped[str] = col(String(200), default="", personal=True, purpose="attribution of an update")
    rag: Mapped[str] = col(String(8), personal=False)  # green / amber / red
    rag_reason: Mapped[str] = col(Text, default="", personal=True, purpose="free text written by a lead")
    progress_pct: Mapped[int | None] = col(Integer, nullable=True, personal=False)
    summary: Mapped[str] = col(Text, default="", personal=True, purpose="free text written by a lead")
    achievements: Mapped[str] = col(Text, default="", personal=True, purpose="free text written by a lead")
    next_steps: Mapped[str] = col(Text, default="", personal=True, purpose="free text written by a lead")
    risks: Mapped[list[Any]] = col(
        JSON, default=list, personal=True, purpose="free text written by a lead"
    )  # [{text, sensitive}]
    blockers: Mapped[str] = col(Text, default="", personal=True, purpose="free text written by a lead")
    asks_of_dlg: Mapped[str] = col(Text, default="", personal=True, purpose="free text written by a lead")
    milestone_changes: Mapped[list[Any]] = col(JSON, default=list, personal=False)
    no_change: Mapped[bool] = col(Boolean, default=False, personal=False)
    late: Mapped[bool] = col(Boolean, default=False, personal=False)
    source: Mapped[str] = col(String(16), default="card", personal=False)  # card / import / cli
    activity_id: Mapped[str | None] = col(String(200), unique=True, nullable=True, personal=False)


class PromptDelivery(Base):
    """One proactive message to one person (prompt or reminder): sending before the call, sent after."""

    __tablename__ = "prompt_deliveries"
    __table_args__ = (
        UniqueConstraint(
            "cycle_id", "project_id", "person_id", "kind", name="uq_prompt_deliveries_cycle_project_person_kind"
        ),
    )
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    cycle_id: Mapped[int] = col(ForeignKey("update_cycles.id", ondelete="CASCADE"), personal=False)
    project_id: Mapped[int] = col(ForeignKey("projects.id", ondelete="CASCADE"), personal=False)
    person_id: Mapped[int] = col(ForeignKey("people.id", ondelete="CASCADE"), personal=True, purpose="who was prompted")
    kind: Mapped[str] = col(String(16), default="prompt", personal=False)
    status: Mapped[str] = col(String(16), default="pending", personal=False)  # pending/sending/sent/failed/unreachable
    attempts: Mapped[int] = col(Integer, default=0, personal=False)
    last_error: Mapped[str] = col(Text, default="", personal=False)
    activity_id: Mapped[str | None] = col(String(200), nullable=True, personal=False)
    sending_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    sent_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    created_at: Mapped[datetime] = col(default=utcnow, personal=False)


class ConversationRef(Base):
    """Where the bot can reach someone (or a channel) proactively."""

    __tablename__ = "conversation_refs"
    __table_args__ = (UniqueConstraint("conversation_id", "user_id", name="uq_conversation_refs_conversation_user"),)
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    person_id: Mapped[int | None] = col(
        ForeignKey("people.id", ondelete="CASCADE"), nullable=True, personal=True, purpose="proactive messages"
    )
    aad_object_id: Mapped[str | None] = col(
        String(64), nullable=True, index=True, personal=True, purpose="proactive messages"
    )
    user_id: Mapped[str] = col(String(200), default="", personal=True, purpose="proactive messages")
    user_name: Mapped[str] = col(String(200), default="", personal=True, purpose="proactive messages")
    conversation_id: Mapped[str] = col(String(400), personal=True, purpose="proactive messages")
    conversation_type: Mapped[str] = col(String(32), default="personal", personal=False)
    tenant_id: Mapped[str] = col(String(64), default="", personal=False)
    service_url: Mapped[str] = col(String(400), personal=False)
    channel_id: Mapped[str] = col(String(32), default="msteams", personal=False)
    bot_id: Mapped[str] = col(String(200), default="", personal=False)
    team_id: Mapped[str | None] = col(String(400), nullable=True, personal=False)
    unreachable_reason: Mapped[str] = col(Text, default="", personal=False)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow, personal=False)


class CardMessage(Base):
    """A card the bot sent that shows a project's update in a cycle (a prompt, a reminder, the form from
    `update`, a summary), with the message's activity id: when a newer version is saved the bot edits
    the message (an update activity), and Teams then refreshes it for the people in its `userIds`."""

    __tablename__ = "card_messages"
    __table_args__ = (
        UniqueConstraint("conversation_ref_id", "activity_id", name="uq_card_messages_conversation_ref_activity"),
        Index("ix_card_messages_project_cycle", "project_id", "cycle_id"),
    )
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    conversation_ref_id: Mapped[int] = col(ForeignKey("conversation_refs.id", ondelete="CASCADE"), personal=False)
    activity_id: Mapped[str] = col(String(200), personal=False)
    project_id: Mapped[int] = col(ForeignKey("projects.id", ondelete="CASCADE"), personal=False)
    cycle_id: Mapped[int] = col(ForeignKey("update_cycles.id", ondelete="CASCADE"), personal=False)
    person_id: Mapped[int | None] = col(
        ForeignKey("people.id", ondelete="CASCADE"),
        nullable=True,
        personal=True,
        purpose="whose chat a card went to, to correct it when the update changes",
    )
    kind: Mapped[str] = col(String(16), default="prompt", personal=False)  # prompt / reminder / form / summary
    shown_version: Mapped[int] = col(Integer, default=0, personal=False)  # the version the message shows (0: none)
    attempts: Mapped[int] = col(Integer, default=0, personal=False)  # failed edits since the last good one
    last_error: Mapped[str] = col(Text, default="", personal=False)
    claimed_at: Mapped[datetime | None] = col(nullable=True, personal=False)  # an edit is under way
    closed_shown_at: Mapped[datetime | None] = col(nullable=True, personal=False)  # edited to say its cycle closed
    created_at: Mapped[datetime] = col(default=utcnow, personal=False)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow, personal=False)


class ConversationState(Base):
    """What a conversation last talked about, for follow-up questions."""

    __tablename__ = "conversation_states"
    conversation_id: Mapped[str] = col(String(400), primary_key=True, personal=True, purpose="follow-up questions")
    state: Mapped[dict[str, Any]] = col(JSON, default=dict, personal=False)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow, personal=False)


class Digest(Base):
    __tablename__ = "digests"
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    period_key: Mapped[str] = col(String(32), unique=True, personal=False)
    cycle_id: Mapped[int | None] = col(ForeignKey("update_cycles.id"), nullable=True, personal=False)
    status: Mapped[str] = col(
        String(16), default="draft", personal=False
    )  # draft/approved/sending/posted/failed/needs_admin
    intro: Mapped[str] = col(Text, default="", personal=False)
    content: Mapped[dict[str, Any]] = col(
        JSON, default=dict, personal=True, purpose="names of leads and their update text"
    )
    transport: Mapped[str] = col(String(16), default="outbox", personal=False)
    message_id: Mapped[str | None] = col(String(200), nullable=True, personal=False)
    marker: Mapped[str] = col(String(64), default="", personal=False)
    approved_by: Mapped[str] = col(String(200), default="", personal=True, purpose="who approved")
    attempts: Mapped[int] = col(Integer, default=0, personal=False)
    last_error: Mapped[str] = col(Text, default="", personal=False)
    created_at: Mapped[datetime] = col(default=utcnow, personal=False)
    sending_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    posted_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    # 0004: approval and retry bookkeeping
    approved_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    next_attempt_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    reminded_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    # 0006: the bot's own card with the DLG's actions (the digest itself with the bot transport; a reply
    # in the digest's thread with Graph), and whether a decision since has left it to be edited
    agenda_conversation_id: Mapped[str | None] = col(String(400), nullable=True, personal=False)
    agenda_activity_id: Mapped[str | None] = col(String(200), nullable=True, personal=False)
    agenda_status: Mapped[str] = col(
        String(16), default="", personal=False
    )  # "" / pending / check / sending / sent / failed / unsure
    edit_due_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    # 0013: the Graph case's agenda reply, tried again with backoff (services/agenda_reply.py)
    agenda_attempts: Mapped[int] = col(Integer, default=0, personal=False)
    agenda_next_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    agenda_claimed_at: Mapped[datetime | None] = col(nullable=True, personal=False)


class Ask(Base):
    """An ask of the DLG with a life: raised by an update, on every agenda until decided or withdrawn
    (programme/asks.py). `decisions` counts the decisions recorded: a decision names the count its card
    showed, so of two people deciding at once exactly one wins."""

    __tablename__ = "asks"
    __table_args__ = (Index("ix_asks_project_status", "project_id", "status"),)
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    project_id: Mapped[int] = col(ForeignKey("projects.id", ondelete="CASCADE"), personal=False)
    text: Mapped[str] = col(Text, personal=True, purpose="free text written by a lead")
    status: Mapped[str] = col(
        String(16), default="open", personal=False
    )  # open/deferred/approved/declined/noted/withdrawn
    source: Mapped[str] = col(String(16), default="update", personal=False)  # update / import
    raised_at: Mapped[datetime] = col(personal=False)
    raised_cycle_id: Mapped[int | None] = col(
        ForeignKey("update_cycles.id", ondelete="SET NULL"), nullable=True, personal=False
    )
    raised_update_id: Mapped[int | None] = col(
        ForeignKey("status_updates.id", ondelete="SET NULL"), nullable=True, personal=False
    )
    first_on_agenda_at: Mapped[datetime | None] = col(nullable=True, personal=False)  # a posted digest listed it
    decisions: Mapped[int] = col(Integer, default=0, personal=False)
    decided_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    decided_by_id: Mapped[int | None] = col(
        ForeignKey("people.id", ondelete="SET NULL"), nullable=True, personal=True, purpose="who recorded a decision"
    )
    decided_by_name: Mapped[str] = col(String(200), default="", personal=True, purpose="attribution of a decision")
    decided_by_role: Mapped[str] = col(String(16), default="", personal=False)  # admin / dlg / lead
    note: Mapped[str] = col(Text, default="", personal=True, purpose="the DLG's decision note")
    deferred_until: Mapped[date | None] = col(Date, nullable=True, personal=False)
    updated_at: Mapped[datetime] = col(default=utcnow, onupdate=utcnow, personal=False)


class AskDecision(Base):
    """One decision on an ask, kept for the record (an ask may be deferred, then approved)."""

    __tablename__ = "ask_decisions"
    __table_args__ = (UniqueConstraint("ask_id", "seq", name="uq_ask_decisions_ask_seq"),)
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    ask_id: Mapped[int] = col(ForeignKey("asks.id", ondelete="CASCADE"), personal=False)
    seq: Mapped[int] = col(Integer, personal=False)
    outcome: Mapped[str] = col(String(16), personal=False)
    note: Mapped[str] = col(Text, default="", personal=True, purpose="the DLG's decision note")
    deferred_until: Mapped[date | None] = col(Date, nullable=True, personal=False)
    decided_at: Mapped[datetime] = col(index=True, personal=False)
    decided_by_id: Mapped[int | None] = col(
        ForeignKey("people.id", ondelete="SET NULL"), nullable=True, personal=True, purpose="who recorded a decision"
    )
    decided_by_name: Mapped[str] = col(String(200), default="", personal=True, purpose="attribution of a decision")
    decided_by_role: Mapped[str] = col(String(16), default="", personal=False)
    activity_id: Mapped[str | None] = col(String(200), unique=True, nullable=True, personal=False)


class DecisionNotice(Base):
    """A decision told to one of the project's leads or deputies in their 1:1 chat (sending before the
    call, sent after, like prompts)."""

    __tablename__ = "decision_notices"
    __table_args__ = (UniqueConstraint("decision_id", "person_id", name="uq_decision_notices_decision_person"),)
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    decision_id: Mapped[int] = col(ForeignKey("ask_decisions.id", ondelete="CASCADE"), personal=False)
    person_id: Mapped[int] = col(
        ForeignKey("people.id", ondelete="CASCADE"), personal=True, purpose="who is told of a decision"
    )
    status: Mapped[str] = col(String(16), default="pending", personal=False)  # pending/sending/sent/failed/unreachable
    attempts: Mapped[int] = col(Integer, default=0, personal=False)
    last_error: Mapped[str] = col(Text, default="", personal=False)
    activity_id: Mapped[str | None] = col(String(200), nullable=True, personal=False)
    sending_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    sent_at: Mapped[datetime | None] = col(nullable=True, personal=False)
    created_at: Mapped[datetime] = col(default=utcnow, personal=False)


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


class Delegation(Base):
    """A lead's "I'm away, ask Jo" for one cycle (by period key, so it can precede the cycle's row)."""

    __tablename__ = "delegations"
    __table_args__ = (
        UniqueConstraint("period_key", "project_id", "from_person_id", name="uq_delegations_period_project_from"),
    )
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    period_key: Mapped[str] = col(String(32), index=True, personal=False)
    project_id: Mapped[int] = col(ForeignKey("projects.id", ondelete="CASCADE"), personal=False)
    from_person_id: Mapped[int] = col(
        ForeignKey("people.id", ondelete="CASCADE"), personal=True, purpose="who handed an update over"
    )
    to_person_id: Mapped[int] = col(
        ForeignKey("people.id", ondelete="CASCADE"), personal=True, purpose="who writes the update instead"
    )
    status: Mapped[str] = col(String(16), default="active", personal=False)  # active / cancelled
    created_at: Mapped[datetime] = col(default=utcnow, personal=False)


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

"""Update cycles, the updates leads send, and the messages and conversations that carry them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped

from ..types import col, utcnow
from .base import Base, DeliveryColumns


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


class PromptDelivery(DeliveryColumns, Base):
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

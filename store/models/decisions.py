"""The DLG's digest and the asks, decisions and notices that follow from it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped

from ..types import col, utcnow
from .base import Base, DeliveryColumns


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


class DecisionNotice(DeliveryColumns, Base):
    """A decision told to one of the project's leads or deputies in their 1:1 chat (sending before the
    call, sent after, like prompts)."""

    __tablename__ = "decision_notices"
    __table_args__ = (UniqueConstraint("decision_id", "person_id", name="uq_decision_notices_decision_person"),)
    id: Mapped[int] = col(Integer, primary_key=True, personal=False)
    decision_id: Mapped[int] = col(ForeignKey("ask_decisions.id", ondelete="CASCADE"), personal=False)
    person_id: Mapped[int] = col(
        ForeignKey("people.id", ondelete="CASCADE"), personal=True, purpose="who is told of a decision"
    )

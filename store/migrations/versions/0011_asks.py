"""asks of the DLG as records: asks, their decisions, the leads' notices; the digest's agenda card

Revision ID: 0011
Revises: 0010

An ask raised by an update lives on (open → decided or withdrawn) in `asks`; each decision is kept in
`ask_decisions`; `decision_notices` tells the project's leads in their 1:1 chat (sending before the
call, sent after). The digest row learns where the bot's own interactive agenda card is, so the bot can
edit it after a decision.
"""

from alembic import op
import sqlalchemy as sa
import store.types


revision = "0011"
down_revision = "0010"
compatible_from = "0010"  # additive: new tables for asks and decisions; the previous release runs unchanged
branch_labels = None
depends_on = None


def _utc(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, store.types.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        _utc("raised_at", nullable=False),
        sa.Column("raised_cycle_id", sa.Integer(), nullable=True),
        sa.Column("raised_update_id", sa.Integer(), nullable=True),
        _utc("first_on_agenda_at"),
        sa.Column("decisions", sa.Integer(), nullable=False),
        _utc("decided_at"),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_name", sa.String(length=200), nullable=False),
        sa.Column("decided_by_role", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("deferred_until", sa.Date(), nullable=True),
        _utc("updated_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_asks_project_id_projects"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["raised_cycle_id"],
            ["update_cycles.id"],
            name=op.f("fk_asks_raised_cycle_id_update_cycles"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["raised_update_id"],
            ["status_updates.id"],
            name=op.f("fk_asks_raised_update_id_status_updates"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["people.id"], name=op.f("fk_asks_decided_by_id_people"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asks")),
    )
    op.create_index("ix_asks_project_status", "asks", ["project_id", "status"])
    op.create_table(
        "ask_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ask_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("deferred_until", sa.Date(), nullable=True),
        _utc("decided_at", nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_name", sa.String(length=200), nullable=False),
        sa.Column("decided_by_role", sa.String(length=16), nullable=False),
        sa.Column("activity_id", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["ask_id"], ["asks.id"], name=op.f("fk_ask_decisions_ask_id_asks"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["people.id"], name=op.f("fk_ask_decisions_decided_by_id_people"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ask_decisions")),
        sa.UniqueConstraint("ask_id", "seq", name="uq_ask_decisions_ask_seq"),
        sa.UniqueConstraint("activity_id", name=op.f("uq_ask_decisions_activity_id")),
    )
    op.create_index(op.f("ix_ask_decisions_decided_at"), "ask_decisions", ["decided_at"])
    op.create_table(
        "decision_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("activity_id", sa.String(length=200), nullable=True),
        _utc("sending_at"),
        _utc("sent_at"),
        _utc("created_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["ask_decisions.id"],
            name=op.f("fk_decision_notices_decision_id_ask_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_decision_notices_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_notices")),
        sa.UniqueConstraint("decision_id", "person_id", name="uq_decision_notices_decision_person"),
    )
    with op.batch_alter_table("digests") as batch:
        batch.add_column(sa.Column("agenda_conversation_id", sa.String(length=400), nullable=True))
        batch.add_column(sa.Column("agenda_activity_id", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("agenda_status", sa.String(length=16), nullable=False, server_default=""))
        batch.add_column(_utc("edit_due_at"))


def downgrade() -> None:
    with op.batch_alter_table("digests") as batch:
        batch.drop_column("edit_due_at")
        batch.drop_column("agenda_status")
        batch.drop_column("agenda_activity_id")
        batch.drop_column("agenda_conversation_id")
    op.drop_table("decision_notices")
    op.drop_index(op.f("ix_ask_decisions_decided_at"), table_name="ask_decisions")
    op.drop_table("ask_decisions")
    op.drop_index("ix_asks_project_status", table_name="asks")
    op.drop_table("asks")

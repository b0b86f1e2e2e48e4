"""cycles: delegations for a cycle, and when a cycle's prompts were queued

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 15:00:00
"""

from alembic import op
import sqlalchemy as sa
import store.types


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("update_cycles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prompted_at", store.types.UTCDateTime(timezone=True), nullable=True))

    op.create_table(
        "delegations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_key", sa.String(length=32), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("from_person_id", sa.Integer(), nullable=False),
        sa.Column("to_person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_person_id"], ["people.id"], name=op.f("fk_delegations_from_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_delegations_project_id_projects"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["to_person_id"], ["people.id"], name=op.f("fk_delegations_to_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegations")),
        sa.UniqueConstraint("period_key", "project_id", "from_person_id", name="uq_delegations_period_project_from"),
    )
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delegations_period_key"), ["period_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegations_period_key"))
    op.drop_table("delegations")
    with op.batch_alter_table("update_cycles", schema=None) as batch_op:
        batch_op.drop_column("prompted_at")

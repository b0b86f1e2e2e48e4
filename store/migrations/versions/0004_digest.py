"""digest: approval and retry bookkeeping, the Graph sign-in, admin alerts

Revision ID: 0004
Revises: 0003
"""

from alembic import op
import sqlalchemy as sa
import store.types


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("digests") as batch:
        batch.add_column(sa.Column("approved_at", store.types.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("next_attempt_at", store.types.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reminded_at", store.types.UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        "graph_sign_ins",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("account", sa.String(length=320), nullable=False),
        sa.Column("token_cache", sa.Text(), nullable=False),
        sa.Column("pending_flow", sa.Text(), nullable=False),
        sa.Column("pending_state", sa.String(length=128), nullable=False),
        sa.Column("started_by", sa.String(length=320), nullable=False),
        sa.Column("signed_in_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("updated_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_graph_sign_ins")),
    )
    op.create_table(
        "admin_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_alerts")),
        sa.UniqueConstraint("key", name=op.f("uq_admin_alerts_key")),
    )


def downgrade() -> None:
    op.drop_table("admin_alerts")
    op.drop_table("graph_sign_ins")
    with op.batch_alter_table("digests") as batch:
        batch.drop_column("reminded_at")
        batch.drop_column("next_attempt_at")
        batch.drop_column("approved_at")

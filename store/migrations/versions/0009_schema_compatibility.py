"""schema compatibility: which versions of the bot still work against this schema

Revision ID: 0009
Revises: 0008

A rolling upgrade applies the new release's migrations while the old release's replicas still serve.
Those replicas must not drop out of readiness for a schema that only adds to what they know, so the
database records, for the schema it has, the oldest migration whose code still works against it
(`compatible_from`, declared by each migration; written by store/migrations/env.py after every
upgrade). This migration only adds a table: the release before it works against it unchanged.
"""

from alembic import op
import sqlalchemy as sa
import store.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None
compatible_from = "0008"  # additive: the previous release runs against this schema unchanged


def upgrade() -> None:
    op.create_table(
        "schema_compatibility",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("compatible_from", sa.String(length=32), nullable=False),
        sa.Column("updated_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schema_compatibility")),
    )


def downgrade() -> None:
    op.drop_table("schema_compatibility")

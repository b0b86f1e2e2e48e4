"""safe by default: redelivered activities, unverified emails, one-use Graph sign-in links

Revision ID: 0008
Revises: 0007

- `processed_activities` is rebuilt with the key a redelivery is recognised by (a hash of
  conversation id, activity id, type and name), its kind, whether it is done, and an invoke's first
  answer. The old table was never written, so nothing is lost.
- `people.unverified_email`: the email Teams gave for someone the bot would not link by it.
- `graph_sign_ins.link_nonce`: the one Graph sign-in link that may still be used.

Columns are added and dropped with plain ALTER TABLE (SQLite 3.35+ drops columns itself), so SQLite
never rebuilds `people`, whose plan-version triggers (0005) would go with the old table.
"""

from alembic import op
import sqlalchemy as sa
import store.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("processed_activities")
    op.create_table(
        "processed_activities",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("processed_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_processed_activities")),
    )
    op.create_index(op.f("ix_processed_activities_processed_at"), "processed_activities", ["processed_at"])
    op.add_column("people", sa.Column("unverified_email", sa.String(length=320), nullable=True))
    op.add_column("graph_sign_ins", sa.Column("link_nonce", sa.String(length=64), nullable=False, server_default=""))


def downgrade() -> None:
    op.execute("ALTER TABLE graph_sign_ins DROP COLUMN link_nonce")
    op.execute("ALTER TABLE people DROP COLUMN unverified_email")
    op.drop_index(op.f("ix_processed_activities_processed_at"), table_name="processed_activities")
    op.drop_table("processed_activities")
    op.create_table(
        "processed_activities",
        sa.Column("activity_id", sa.String(length=300), nullable=False),
        sa.Column("processed_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("activity_id", name=op.f("pk_processed_activities")),
    )
    op.create_index(op.f("ix_processed_activities_processed_at"), "processed_activities", ["processed_at"])

"""the agenda reply in a Graph-posted digest's thread: retried with backoff, looked for before it is posted again

Revision ID: 0013
Revises: 0012

With the Graph transport the bot replies in the digest's thread with the DLG's agenda card. A reply that
failed (429, 5xx, no answer, an outage) is tried again later instead of being given up: the digest row
counts the attempts, holds when the next one is due, and when the current one was claimed (a reply left
claimed by a crash is looked for in the thread before it is posted again).
"""

from alembic import op
import sqlalchemy as sa
import store.types


revision = "0013"
down_revision = "0012"
compatible_from = "0011"  # additive: three nullable/defaulted columns the previous release never reads
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("digests") as batch:
        batch.add_column(sa.Column("agenda_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("agenda_next_at", store.types.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("agenda_claimed_at", store.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("digests") as batch:
        batch.drop_column("agenda_claimed_at")
        batch.drop_column("agenda_next_at")
        batch.drop_column("agenda_attempts")

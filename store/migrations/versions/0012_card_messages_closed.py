"""card messages: whether each one says its cycle has closed

Revision ID: 0012
Revises: 0011

When a cycle closes, the bot edits every card it sent about that cycle (prompts, reminders, forms,
summaries) into "this cycle is closed", once each: `card_messages.closed_shown_at` records that a
message says so. Messages of cycles that had already closed before this release are marked as shown
(with the time they were last touched), so an upgrade does not start editing old chats: their
refresh has shown the closed state whenever they were opened.

The column is added with plain ALTER TABLE, as 0008 does, so SQLite never rebuilds the table.
"""

from alembic import op
import sqlalchemy as sa
import store.types

revision = "0012"
down_revision = "0011"
compatible_from = "0011"  # additive: a nullable column the previous release never reads
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("card_messages", sa.Column("closed_shown_at", store.types.UTCDateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE card_messages SET closed_shown_at = updated_at "
        "WHERE cycle_id IN (SELECT id FROM update_cycles WHERE status = 'closed')"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE card_messages DROP COLUMN closed_shown_at")

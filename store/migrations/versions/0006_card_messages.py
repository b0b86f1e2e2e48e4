"""card messages: the cards the bot sent about a project's update, so it can edit them

Revision ID: 0006
Revises: 0005

A prompt sent on Monday still showed its form on Thursday after the deputy had submitted. The bot now
keeps the activity id of every card it sends about a project's update in a cycle, and edits those
messages when a newer version is saved (Teams then refreshes them for the people in `userIds`).
"""

from alembic import op
import sqlalchemy as sa
import store.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_ref_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(length=200), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("shown_version", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("claimed_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_ref_id"],
            ["conversation_refs.id"],
            name=op.f("fk_card_messages_conversation_ref_id_conversation_refs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["update_cycles.id"], name=op.f("fk_card_messages_cycle_id_update_cycles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_card_messages_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_card_messages_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_messages")),
        sa.UniqueConstraint("conversation_ref_id", "activity_id", name="uq_card_messages_conversation_ref_activity"),
    )
    op.create_index("ix_card_messages_project_cycle", "card_messages", ["project_id", "cycle_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_card_messages_project_cycle", table_name="card_messages")
    op.drop_table("card_messages")

"""directory: what Entra ID says about the people the plan names, and the admins' leaver cards

Revision ID: 0007
Revises: 0006

`directory_people` keeps, per person, the object id, name, job title and account state the council's
directory gave (through Graph, application permissions), when it was checked, and whether the app was
installed for them; `leaver_notices` is one row per leaver and project (or staff role), so the card
asking admins who takes over is sent once however many replicas notice.
"""

from alembic import op
import sqlalchemy as sa
import store.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_people",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("found_by", sa.String(length=16), nullable=False),
        sa.Column("checked_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("left_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("install_status", sa.String(length=16), nullable=False),
        sa.Column("install_error", sa.Text(), nullable=False),
        sa.Column("installed_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_directory_people_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_directory_people")),
    )
    op.create_index(op.f("ix_directory_people_object_id"), "directory_people", ["object_id"], unique=False)
    op.create_table(
        "leaver_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_leaver_notices_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_leaver_notices_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leaver_notices")),
        sa.UniqueConstraint("person_id", "subject", name="uq_leaver_notices_person_subject"),
    )


def downgrade() -> None:
    op.drop_table("leaver_notices")
    op.drop_index(op.f("ix_directory_people_object_id"), table_name="directory_people")
    op.drop_table("directory_people")

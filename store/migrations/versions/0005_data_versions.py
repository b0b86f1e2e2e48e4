"""data versions: a counter the database bumps when the plan changes

Revision ID: 0005
Revises: 0004

The question engine keeps the plan (projects, aliases, roles, enablers, people, areas) in memory and
needs to know, cheaply and on every replica, whether its copy is current. Triggers bump
`data_versions.version` for `plan` on every insert, update or delete of those tables, whoever writes
(the bot, the CLI, an import, a restore script, plain SQL), so a question reads one row instead of
fingerprinting seven tables.
"""

from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# table -> the columns whose update matters (None: any update)
PLAN_TABLES = {
    "projects": None,
    "project_aliases": None,
    "project_roles": None,
    "project_enablers": None,
    "priority_areas": None,
    "enablers": None,
    "people": ("name", "forgotten_at"),
}
BUMP = "UPDATE data_versions SET version = version + 1 WHERE name = 'plan'"


def upgrade() -> None:
    op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )
    op.execute("INSERT INTO data_versions (name, version) VALUES ('plan', 1)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION bump_plan_version() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table, columns in PLAN_TABLES.items():
            update = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
            op.execute(
                f"CREATE TRIGGER {table}_plan_version AFTER INSERT OR {update} OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_version()"
            )
        return
    for table, columns in PLAN_TABLES.items():
        update = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
        for suffix, event in (("ai", "INSERT"), ("au", update), ("ad", "DELETE")):
            op.execute(f"CREATE TRIGGER {table}_plan_version_{suffix} AFTER {event} ON {table} BEGIN {BUMP}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in PLAN_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_plan_version ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_plan_version()")
    else:
        for table in PLAN_TABLES:
            for suffix in ("ai", "au", "ad"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_plan_version_{suffix}")
    op.drop_table("data_versions")

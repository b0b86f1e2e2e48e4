"""data versions: a second counter, bumped when status updates change

Revision ID: 0010
Revises: 0009

The question engine keeps every project's latest update (RAG, progress, when) in memory, so lists,
counts and rankings over thousands of projects filter a snapshot instead of asking the database for
each project's latest update per question. Triggers bump `data_versions.version` for `updates` on every
insert, update or delete of `status_updates`, whoever writes, so a question reads one row to know
whether its snapshot is current (as 0005 does for the plan).
"""

from alembic import op

revision = "0010"
down_revision = "0009"
compatible_from = "0009"  # additive: a counter table and its triggers; the previous release runs unchanged
branch_labels = None
depends_on = None

BUMP = "UPDATE data_versions SET version = version + 1 WHERE name = 'updates'"


def upgrade() -> None:
    op.execute("INSERT INTO data_versions (name, version) VALUES ('updates', 1)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION bump_updates_version() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {BUMP}; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER status_updates_updates_version AFTER INSERT OR UPDATE OR DELETE ON status_updates "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_updates_version()"
        )
        return
    for suffix, event in (("ai", "INSERT"), ("au", "UPDATE"), ("ad", "DELETE")):
        op.execute(
            f"CREATE TRIGGER status_updates_updates_version_{suffix} AFTER {event} ON status_updates BEGIN {BUMP}; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS status_updates_updates_version ON status_updates")
        op.execute("DROP FUNCTION IF EXISTS bump_updates_version()")
    else:
        for suffix in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS status_updates_updates_version_{suffix}")
    op.execute("DELETE FROM data_versions WHERE name = 'updates'")

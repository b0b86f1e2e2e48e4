"""full-text search over update history

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 15:00:00

Members ask "which projects mention funding?"; the database's own full-text search answers it.

SQLite: a contentless FTS5 table, `status_updates_fts`, whose rowid is the update's id, kept in step
with `status_updates` by triggers. Risks are indexed in two columns, those a lead marked sensitive
apart from the rest, so a search for a viewer who may not see sensitive risks never matches them.
(Contentless rather than external-content: FTS5 cannot read a view that splits the risks JSON.)

PostgreSQL: two GIN expression indexes over `to_tsvector('english', …)` of the same text, open and
sensitive; `store/question_repo.py` repeats the expressions exactly so the planner uses them.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TEXT_COLUMNS = ("summary", "achievements", "next_steps", "blockers", "asks_of_dlg", "rag_reason")

# --- SQLite -------------------------------------------------------------------------------

_SQLITE_RISKS = (
    "(SELECT group_concat(CASE j.type WHEN 'text' THEN j.value ELSE json_extract(j.value, '$.text') END, ' ') "
    "FROM json_each({row}.risks) AS j WHERE {test})"
)
# Sensitive unless plainly not (missing, null, false, 0 or ""), as in programme.access.visible_risks.
_SENSITIVE = "(j.type = 'object' AND coalesce(json_extract(j.value, '$.sensitive'), 0) NOT IN (0, ''))"


def _sqlite_values(row: str) -> str:
    cols = ", ".join(f"{row}.{c}" for c in TEXT_COLUMNS)
    open_risks = _SQLITE_RISKS.format(row=row, test=f"NOT {_SENSITIVE}")
    sensitive_risks = _SQLITE_RISKS.format(row=row, test=_SENSITIVE)
    return f"{row}.id, {cols}, {open_risks}, {sensitive_risks}"


_FTS_COLUMNS = ", ".join((*TEXT_COLUMNS, "risks_open", "risks_sensitive"))


def _sqlite_upgrade() -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE status_updates_fts USING fts5({_FTS_COLUMNS}, content='', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    insert = f"INSERT INTO status_updates_fts(rowid, {_FTS_COLUMNS}) VALUES ({_sqlite_values('new')});"
    delete = (
        f"INSERT INTO status_updates_fts(status_updates_fts, rowid, {_FTS_COLUMNS}) "
        f"VALUES ('delete', {_sqlite_values('old')});"
    )
    op.execute(f"CREATE TRIGGER status_updates_fts_ai AFTER INSERT ON status_updates BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER status_updates_fts_ad AFTER DELETE ON status_updates BEGIN {delete} END")
    op.execute(f"CREATE TRIGGER status_updates_fts_au AFTER UPDATE ON status_updates BEGIN {delete} {insert} END")
    op.execute(
        f"INSERT INTO status_updates_fts(rowid, {_FTS_COLUMNS}) "
        f"SELECT {_sqlite_values('status_updates')} FROM status_updates"
    )


def _sqlite_downgrade() -> None:
    for name in ("status_updates_fts_ai", "status_updates_fts_ad", "status_updates_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS status_updates_fts")


# --- PostgreSQL ---------------------------------------------------------------------------
# Keep these two expressions identical to PG_OPEN_VECTOR / PG_SENSITIVE_VECTOR in store/question_search.py.

# Sensitive unless plainly not: a missing, null, false, 0 or "" flag is open, anything else is held back
# (the same as Python truthiness in programme.access.visible_risks). Type tests first, so no comparison
# of unlike types makes the filter "unknown".
_PG_NOT_SENSITIVE = (
    '(!exists(@.sensitive) || @.sensitive.type() == "null" '
    '|| (@.sensitive.type() == "boolean" && @.sensitive == false) '
    '|| (@.sensitive.type() == "number" && @.sensitive == 0) '
    '|| (@.sensitive.type() == "string" && @.sensitive == ""))'
)
PG_OPEN_VECTOR = (
    "to_tsvector('english'::regconfig, "
    "coalesce(summary, '') || ' ' || coalesce(achievements, '') || ' ' || coalesce(next_steps, '') || ' ' || "
    "coalesce(blockers, '') || ' ' || coalesce(asks_of_dlg, '') || ' ' || coalesce(rag_reason, '') || ' ' || "
    "coalesce(jsonb_path_query_array(risks::jsonb, '$[*] ? (@.type() == \"string\")')::text, '') || ' ' || "
    "coalesce(jsonb_path_query_array(risks::jsonb, "
    f"'$[*] ? (@.type() == \"object\" && {_PG_NOT_SENSITIVE}).text')::text, ''))"
)
PG_SENSITIVE_VECTOR = (
    "to_tsvector('english'::regconfig, "
    "coalesce(jsonb_path_query_array(risks::jsonb, "
    f"'$[*] ? (@.type() == \"object\" && !({_PG_NOT_SENSITIVE})).text')::text, ''))"
)


def _pg_upgrade() -> None:
    op.execute(f"CREATE INDEX ix_status_updates_fts_open ON status_updates USING gin ({PG_OPEN_VECTOR})")
    op.execute(f"CREATE INDEX ix_status_updates_fts_sensitive ON status_updates USING gin ({PG_SENSITIVE_VECTOR})")


def _pg_downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_status_updates_fts_sensitive")
    op.execute("DROP INDEX IF EXISTS ix_status_updates_fts_open")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_upgrade()
    else:
        _sqlite_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_downgrade()
    else:
        _sqlite_downgrade()

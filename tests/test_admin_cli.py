"""IT recovers admins from the server (issue 22): `dfbot person make-admin EMAIL` and `remove-admin`,
audited, never the last admin, and the recovered admin really is one in Teams."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from dfbot.cli import app
from infra.config import get_settings
from store.db import Database
from store.models import AuditEntry, Person, StaffRole
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector

RUNNER = CliRunner()


@pytest.fixture
def server(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("ADMIN_EMAILS", "")
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def run(*args: str):
    return RUNNER.invoke(app, list(args), catch_exceptions=False)


async def _query(url: str, statement):
    db = Database(url)
    try:
        async with db.unit_of_work() as s:
            return list((await s.execute(statement)).all())
    finally:
        await db.dispose()


def admins(url: str) -> list[str]:
    rows = asyncio.run(
        _query(
            url,
            select(Person.email)
            .join(StaffRole, StaffRole.person_id == Person.id)
            .where(StaffRole.role == "admin")
            .order_by(Person.email),
        )
    )
    return [r[0] for r in rows]


def audit(url: str) -> list[tuple[str, str, str]]:
    rows = asyncio.run(
        _query(url, select(AuditEntry.actor, AuditEntry.action, AuditEntry.entity_key).order_by(AuditEntry.id))
    )
    return [tuple(r) for r in rows]


def test_make_admin_then_remove_admin_are_audited_and_never_leave_no_admin(server):
    result = run("person", "make-admin", " Grace.Hopper@Council.Example ")
    assert result.exit_code == 0, result.output
    assert "grace.hopper@council.example is now an admin (1 in all)" in result.output
    assert "has not met them in Teams yet" in result.output
    assert run("person", "make-admin", "grace.hopper@council.example").output.startswith(
        "grace.hopper@council.example is already an admin"
    )

    refused = RUNNER.invoke(app, ["person", "remove-admin", "grace.hopper@council.example"])
    assert refused.exit_code == 1 and "the only admin" in refused.output
    assert admins(server) == ["grace.hopper@council.example"]

    assert run("person", "make-admin", "ada.lovelace@council.example").exit_code == 0
    result = run("person", "remove-admin", "grace.hopper@council.example")
    assert result.exit_code == 0 and "no longer an admin (1 left)" in result.output
    assert admins(server) == ["ada.lovelace@council.example"]
    assert [(a, act) for a, act, _ in audit(server) if act in ("grant_role", "revoke_role")] == [
        ("cli:person make-admin", "grant_role"),
        ("cli:person make-admin", "grant_role"),
        ("cli:person remove-admin", "revoke_role"),
    ]


def test_bad_input_changes_nothing(server):
    result = RUNNER.invoke(app, ["person", "make-admin", "not an email"])
    assert result.exit_code == 1 and "is not an email address. Nothing was changed." in result.output
    result = run("person", "remove-admin", "nobody@council.example")
    assert result.exit_code == 0 and "is not an admin. Nothing was changed." in result.output
    assert admins(server) == [] and audit(server) == []


async def test_an_admin_made_from_the_server_is_an_admin_in_teams(db):
    """The recovered admin messages the bot for the first time and may use admin commands."""
    from services.admin_recovery import make_admin

    await make_admin(db, "alexw@example.com", actor="cli:person make-admin")
    async with FakeConnector() as connector, running_bot(db, admin_emails="") as bot:
        connector.add_member(
            "team-1", id="29:alex", name="Alex Wilber", aad_object_id="aad-alex", email="alexw@example.com"
        )
        conversation = connector.open_personal_chat("29:alex")
        sender = {"id": "29:alex", "name": "Alex Wilber", "aadObjectId": "aad-alex"}
        status, body = await bot.post(
            A.message(
                "admins", service_url=connector.url, sender=sender, conversation_id=conversation, expect_replies=True
            )
        )
    assert status == 200
    shown = str(body["activities"])
    assert "alexw@example.com" in shown and "only admins" not in shown.lower()

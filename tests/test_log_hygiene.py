"""Logs of a whole conversation hold no secret, no token, no email and nothing the user typed.

The bot runs for real (HTTP endpoint, CloudAdapter, the fake Bot Connector) with logging configured
the way `dfbot serve` configures it, at DEBUG, and every line it writes is searched afterwards.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import timedelta

import pytest

from infra.logs import RedactingFilter, configure
from programme.cycles import Cadence, period_for
from store import models as M
from store.types import utcnow
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector

APP_PASSWORD = "app-password-Kq83hZZ.s3cr3t~value"
SECRET_KEY = "secret-key-9f8e7d6c5b4a3210fedcba"
FAKE_JWT = (
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiIxMTExIiwiaXNzIjoiaHR0cHM6Ly9hcGkuYm90ZnJhbWV3b3JrLmNvbSJ9."
    "c2lnbmF0dXJlLXRoYXQtZG9lcy1ub3QtdmVyaWZ5"
)
LEAD_EMAIL = "priya.shah@council.example"
LEAD_NAME = "Priya Shah"
QUESTION = "what is blocking the quokka-lantern project for jo.bloggs@council.example?"
SUMMARY = "Marmalade-otter summary: hubs open in three libraries"
SENSITIVE = "Kestrel-vault risk: firewall patch overdue"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]*")


@pytest.fixture
def captured_logs():
    """Logging exactly as `dfbot serve` sets it up (with DEBUG), into a buffer; put back afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    noisy = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    buffer = io.StringIO()
    configure("DEBUG", stream=buffer, secrets=[APP_PASSWORD, SECRET_KEY])
    yield buffer
    root.handlers[:], level = saved
    root.setLevel(level)
    for name, lvl in noisy.items():
        logging.getLogger(name).setLevel(lvl)


async def _seed_lead(db) -> None:
    """A lead with a project and an open cycle, so the update journey can run if the bot offers it."""
    now = utcnow()
    period = period_for(now, Cadence(), "Europe/London")
    async with db.unit_of_work() as s:
        project = M.Project(ref="CIT-01", name="Digital Inclusion")
        lead = M.Person(name=LEAD_NAME, email=LEAD_EMAIL)
        s.add_all(
            [
                project,
                lead,
                M.UpdateCycle(
                    period_key=period.key,
                    opens_at=now - timedelta(hours=1),
                    due_at=now + timedelta(days=2),
                    closes_at=now + timedelta(days=6),
                ),
            ]
        )
        await s.flush()
        s.add(M.ProjectRole(project_id=project.id, person_id=lead.id, role="lead"))


def _find_action(cards: list[dict], verb: str) -> dict | None:
    """The data of the first card action with this verb (Action.Execute or its fallback)."""
    stack: list = list(cards)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("verb") == verb and isinstance(node.get("data"), dict):
                return node["data"]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


async def _conversation(bot, connector, member) -> bool:
    """Install, help, privacy, a question, and a status update when the bot offers one."""
    chat = connector.open_personal_chat(member.id)
    sender = {"id": member.id, "name": member.name, "aadObjectId": member.aad_object_id}
    await bot.post(A.installation_update(service_url=connector.url, sender=sender, conversation_id=chat))
    for text in ("help", "privacy", QUESTION, "projects", "update"):
        status, _ = await bot.post(connector.make_message(member, text, conversation_id=chat))
        assert status in (200, 201)
    data = _find_action(connector.cards(chat), "update.submit")
    if data is None:
        return False
    form = {
        **data,
        "rag": "amber",
        "rag_reason": "Volunteers are short",
        "progress_pct": "40",
        "summary": SUMMARY,
        "risk_1": SENSITIVE,
        "risk_1_sensitive": "true",
    }
    status, _ = await bot.post(
        A.invoke_action("update.submit", form, service_url=connector.url, sender=sender, conversation_id=chat)
    )
    assert status == 200
    return True


def _assert_clean(logs: str, typed: list[str]) -> None:
    assert logs.strip(), "nothing was logged: the capture is not working"
    assert APP_PASSWORD not in logs and SECRET_KEY not in logs
    assert "bearer " not in logs.lower() or "bearer [token]" in logs.lower()
    assert not JWT.search(logs), JWT.search(logs)
    assert not EMAIL.search(logs), EMAIL.search(logs)
    for text in typed:
        assert text not in logs, text
    assert LEAD_NAME not in logs


async def test_a_whole_conversation_logs_nothing_personal_or_secret(db, captured_logs):
    await _seed_lead(db)
    async with FakeConnector() as connector, running_bot(db, app_password=APP_PASSWORD, secret_key=SECRET_KEY) as bot:
        member = connector.add_member(
            "team-1", id="29:priya", name=LEAD_NAME, aad_object_id="aad-priya", email=LEAD_EMAIL
        )
        updated = await _conversation(bot, connector, member)
    logs = captured_logs.getvalue()
    _assert_clean(logs, [QUESTION, "quokka-lantern", SUMMARY, "Marmalade-otter", SENSITIVE, "Kestrel-vault"])
    if updated:
        async with db.unit_of_work() as s:
            from sqlalchemy import select

            assert (await s.execute(select(M.StatusUpdate.summary))).scalars().all() == [SUMMARY]


async def test_a_refused_token_is_not_written_to_the_log(db, captured_logs):
    overrides = {
        "app_id": "11111111-2222-3333-4444-555555555555",
        "app_password": APP_PASSWORD,
        "app_tenant_id": A.TENANT,
        "secret_key": SECRET_KEY,
    }
    async with running_bot(db, **overrides) as bot:
        status, _ = await bot.post(
            A.message(QUESTION, service_url="http://127.0.0.1:9/"), {"Authorization": f"Bearer {FAKE_JWT}"}
        )
    assert status == 401
    _assert_clean(captured_logs.getvalue(), [QUESTION, FAKE_JWT])


def test_the_redacting_filter_masks_what_a_careless_message_or_traceback_would_leak(captured_logs):
    log = logging.getLogger("dfbot.test")
    try:
        raise RuntimeError(f"insert failed: ('{LEAD_EMAIL}', 'Bearer {FAKE_JWT}', '{SECRET_KEY}')")
    except RuntimeError:
        log.exception("could not save %s with token %s and %s", LEAD_EMAIL, FAKE_JWT, APP_PASSWORD)
    log.info("callback ?code=abc123def&client_secret=%s", APP_PASSWORD)
    logs = captured_logs.getvalue()
    _assert_clean(logs, [])
    assert "[email]" in logs and "[token]" in logs and "[secret]" in logs and "RuntimeError" in logs


def test_short_or_empty_secrets_are_not_used_to_mask_ordinary_words():
    f = RedactingFilter(["", "abc"])
    assert f.redact("abc def") == "abc def"

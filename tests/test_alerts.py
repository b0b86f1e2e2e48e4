"""Admins are told in Teams when something needs them: raised once per key, delivered once to every
admin's 1:1 chat, kept for later when no admin can be reached, and due checks raised on time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.messenger import ProactiveMessenger, RateLimiter
from programme import alerts as rules
from services import alerts
from services.admin_notices import deliver_alerts
from services.context import AppContext
from store import graph_signin_repo
from store.models import AdminAlert, ConversationRef
from tests.botserver import running_bot, settings_for
from tests.fakes.connector import FakeConnector, RateLimits
from tests.test_endpoint import card_texts

NOW = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)
BOSS, JO = "bo.boss@council.example", "jo.admin@council.example"


# ----------------------------------------------------------------------------------- rules


def test_the_secret_is_warned_about_at_each_step_and_once_expired():
    expires = date(2026, 5, 20)
    keys = [
        (rules.secret_expiry(expires, expires - timedelta(days=d)) or rules.Notice("-", "")).key
        for d in (45, 30, 29, 14, 8, 7, 1, 0, -1, -30)
    ]
    assert keys == [
        "-",
        "bot-secret:2026-05-20:30",
        "bot-secret:2026-05-20:30",
        "bot-secret:2026-05-20:14",
        "bot-secret:2026-05-20:14",
        "bot-secret:2026-05-20:7",
        "bot-secret:2026-05-20:1",
        "bot-secret:2026-05-20:0",
        "bot-secret:2026-05-20:expired",
        "bot-secret:2026-05-20:expired",
    ]
    assert rules.secret_expiry(None, expires) is None
    soon = rules.secret_expiry(expires, expires - timedelta(days=3))
    assert soon.severity == "urgent" and "20 May 2026" in soon.message and "in 3 days" in soon.message


def test_a_graph_sign_in_is_reported_expired_or_close_to_lapsing():
    assert rules.graph_sign_in("expired", NOW, NOW).severity == "urgent"
    assert rules.graph_sign_in("active", NOW - timedelta(days=10), NOW) is None
    lapsing = rules.graph_sign_in("active", NOW - timedelta(days=80), NOW)
    assert lapsing.severity == "warning" and "lapses around" in lapsing.message
    assert rules.graph_sign_in("none", None, NOW) is None


def test_severity_travels_in_the_kind_column_and_other_parts_kinds_are_understood():
    assert rules.severity_of(rules.encode_kind("urgent", "bot_secret")) == "urgent"
    assert rules.severity_of("graph_sign_in") == "urgent"
    assert rules.severity_of("digest_ready") == "info"
    assert rules.severity_of("something_new") == "warning"


# ----------------------------------------------------------------------------------- raising


async def test_an_alert_is_raised_once_per_key(db):
    assert await alerts.raise_alert(db, "job-failed:digest:2026-04-20", "The digest job failed.", "urgent")
    assert not await alerts.raise_alert(db, "job-failed:digest:2026-04-20", "The digest job failed again.", "urgent")
    async with db.unit_of_work() as s:
        [row] = (await s.execute(select(AdminAlert))).scalars().all()
    assert row.kind == "urgent/general" and row.message == "The digest job failed." and row.delivered_at is None


async def test_periodic_checks_raise_the_secret_and_sign_in_alerts_once(db):
    settings = settings_for(db.url, bot_secret_expires_on=date(2026, 4, 27))
    async with db.unit_of_work() as s:
        await graph_signin_repo.upsert(s, status="expired", updated_at=NOW - timedelta(days=1))
    first = await alerts.periodic_checks(db, settings, NOW)
    again = await alerts.periodic_checks(db, settings, NOW + timedelta(hours=1))
    assert first == ["bot-secret:2026-04-27:7", f"graph-sign-in-expired:digest:{(NOW - timedelta(days=1)):%Y%m%d%H%M}"]
    assert again == []


async def test_a_failed_job_is_raised_once_a_day_without_the_error_text(db):
    assert await alerts.job_failed(db, "scheduler tick", RuntimeError("password=hunter2"), now=NOW)
    assert not await alerts.job_failed(db, "scheduler tick", RuntimeError("again"), now=NOW + timedelta(hours=2))
    assert await alerts.job_failed(db, "scheduler tick", RuntimeError("tomorrow"), now=NOW + timedelta(days=1))
    async with db.unit_of_work() as s:
        messages = (await s.execute(select(AdminAlert.message))).scalars().all()
    assert all("hunter2" not in m and "RuntimeError" in m for m in messages)


# ----------------------------------------------------------------------------------- delivering


async def _admins_chatting(db, connector, bot, *emails: str):
    """Each admin has written to the bot once, so their 1:1 conversation reference is stored."""
    members = []
    for n, email in enumerate(emails, 1):
        member = connector.add_member(
            "team-1", id=f"29:admin-{n}", name=f"Admin {n}", aad_object_id=f"aad-{n}", email=email
        )
        await bot.post(connector.make_message(member, "help"))
        members.append(member)
    connector.reset()
    return members


def _context(bot) -> AppContext:
    return AppContext(bot.context.settings, bot.context.db, lambda: NOW)


def _messenger(bot) -> ProactiveMessenger:
    return ProactiveMessenger(bot.context.settings, limiter=RateLimiter(), max_attempts=2, base_delay=0.01)


async def test_every_admin_gets_one_card_with_every_pending_alert_and_nothing_twice(db):
    async with (
        FakeConnector(limits=RateLimits.unlimited()) as connector,
        running_bot(db, admin_emails=f"{BOSS};{JO}") as bot,
    ):
        bo, jo = await _admins_chatting(db, connector, bot, BOSS, JO)
        await alerts.raise_alert(db, "a", "The digest job failed.", "urgent", now=NOW)
        await alerts.raise_alert(db, "b", "Digest ready to approve.", "info", now=NOW)
        messenger = _messenger(bot)
        try:
            report = await deliver_alerts(_context(bot), messenger)
            again = await deliver_alerts(_context(bot), messenger)
        finally:
            await messenger.close()
        for member in (bo, jo):
            [card] = connector.cards(connector.personal_conversation_id(member.id))
            text = card_texts(card)
            assert "Needs action now" in text and "The digest job failed." in text and "Digest ready" in text
            assert text.index("The digest job failed.") < text.index("Digest ready")  # most severe first
    assert report.alerts == 2 and report.admins_reached == 2 and again.alerts == 0


async def test_when_no_admin_can_be_reached_the_alert_waits_for_the_next_run(db):
    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db, admin_emails=BOSS) as bot:
        [bo] = await _admins_chatting(db, connector, bot, BOSS)
        await alerts.raise_alert(db, "a", "The digest job failed.", "urgent", now=NOW)
        connector.fail_next(user_id=bo.id, status=503, times=2)
        messenger = _messenger(bot)
        try:
            first = await deliver_alerts(_context(bot), messenger)
            second = await deliver_alerts(_context(bot), messenger)
        finally:
            await messenger.close()
        assert first.released and first.admins_reached == 0
        assert second.admins_reached == 1 and len(connector.cards()) == 1


async def test_an_admin_who_blocked_the_bot_is_marked_unreachable_and_the_others_still_hear(db):
    async with (
        FakeConnector(limits=RateLimits.unlimited()) as connector,
        running_bot(db, admin_emails=f"{BOSS};{JO}") as bot,
    ):
        bo, jo = await _admins_chatting(db, connector, bot, BOSS, JO)
        connector.block_user(bo.id)
        await alerts.raise_alert(db, "a", "The bot's client secret expires in 7 days.", "urgent", now=NOW)
        messenger = _messenger(bot)
        try:
            report = await deliver_alerts(_context(bot), messenger)
        finally:
            await messenger.close()
        assert len(connector.cards(connector.personal_conversation_id(jo.id))) == 1
    assert report.admins_reached == 1 and report.admins_unreachable == 1 and not report.released
    async with db.unit_of_work() as s:
        reasons = (
            (await s.execute(select(ConversationRef.unreachable_reason).where(ConversationRef.user_id == bo.id)))
            .scalars()
            .all()
        )
    assert reasons and "403" in reasons[0]

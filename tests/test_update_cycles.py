"""Cycles open once, prompts reach every lead once, reminders chase only the ones who have not
updated, and sending survives throttling, refusals and restarts. Runs on SQLite and PostgreSQL,
sending through the real ProactiveMessenger to the fake Bot Connector."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from bot.messenger import ProactiveMessenger, RateLimiter
from dfbot.scheduler import LEASE, Scheduler
from programme import calendar
from programme.cycles import Cadence
from programme.prompting import POSSIBLE_DUPLICATE, Outgoing, Target
from services import cycles, prompts
from services.context import AppContext
from store import cycle_repo, lease_repo
from store.db import Database
from store.models import ConversationRef, Person, PromptDelivery, StatusUpdate, UpdateCycle
from tests.botserver import settings_for
from tests.fakes.connector import FakeConnector, ManualClock, RateLimits
from tests.update_fixtures import ADA, ALEX, NOW, PRIYA, SAM, TZ, chat, deliveries, seed

WEEK = calendar.current_period(NOW, Cadence(), TZ)


def messenger_for(db: Database, **kw) -> ProactiveMessenger:
    return ProactiveMessenger(settings_for(db.url), limiter=kw.pop("limiter", RateLimiter()), **kw)


async def send_all(db: Database, messenger: ProactiveMessenger, now=NOW, **kw) -> prompts.SendReport:
    return await prompts.send_pending(db, messenger, tz=TZ, now=lambda: now, **kw)


# ----------------------------------------------------------------------------------- opening


async def test_opening_a_cycle_twice_is_a_no_op(db):
    await seed(db)
    first = await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
    second = await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
    assert (first.created, second.created) == (True, False)
    assert first.queued == 4 and second.queued == 0  # Priya x2, Sam, Alex
    async with db.unit_of_work() as s:
        assert len((await s.execute(select(UpdateCycle))).scalars().all()) == 1


async def test_two_replicas_opening_the_same_cycle_at_once_make_one_cycle_and_one_set_of_prompts(db):
    await seed(db)
    replicas = [Database(db.url) for _ in range(4)]
    try:
        results = await asyncio.gather(
            *(cycles.open_period(r, WEEK, NOW, TZ, actor=f"replica {i}") for i, r in enumerate(replicas))
        )
    finally:
        for r in replicas:
            await r.dispose()
    assert sum(r.created for r in results) == 1
    assert sum(r.queued for r in results) == 4
    async with db.unit_of_work() as s:
        assert len((await s.execute(select(UpdateCycle))).scalars().all()) == 1
    assert len(await deliveries(db)) == 4


async def test_the_scheduler_opens_the_due_cycle_and_only_the_lease_holder_acts(db):
    async with FakeConnector() as connector:  # only for the stored references' service URL
        await seed(db, connector)
    settings = settings_for(db.url)
    sent: list[str] = []

    class Recorder:
        async def send(self, target, message):
            sent.append(target.conversation_id)
            from programme.prompting import SendResult

            return SendResult("sent", activity_id=str(len(sent)))

        async def team_members(self, reference, team_id):
            return []

    ctx = AppContext(settings=settings, db=db, clock=lambda: NOW)
    one, two = Scheduler(ctx, Recorder(), holder="replica-1"), Scheduler(ctx, Recorder(), holder="replica-2")
    first, second = await one.tick(), await two.tick()
    assert first.leader and not second.leader
    assert first.opened == WEEK.key and first.sent.sent == 4
    again = await one.tick()
    assert again.opened is None and again.sent.sent == 0
    assert len(sent) == 4


async def test_paused_prompts_open_nothing_and_send_nothing(db):
    await seed(db)
    await cycles.set_paused(db, True, actor="test")
    ctx = AppContext(settings=settings_for(db.url), db=db, clock=lambda: NOW)
    report = await Scheduler(ctx, None, holder="r").tick()  # type: ignore[arg-type]  # no messenger: this tick sends nothing
    assert report.paused and report.opened is None


async def test_a_changed_cadence_leaves_the_open_cycle_alone(db):
    await seed(db)
    await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
    text = await cycles.change_cadence(db, "weekly wednesday 10:00", actor="ada", now=NOW, tz=TZ)
    assert "keeps its dates" in text and "2 December 2026" in text
    async with db.unit_of_work() as s:
        cycle = await cycle_repo.cycle_by_key(s, WEEK.key)
        assert (cycle.due_at, cycle.closes_at) == (WEEK.due_at, WEEK.closes_at)
        assert (await cycle_repo.cadence(s)).weekday == 2


# ----------------------------------------------------------------------------------- who is prompted


async def test_a_lead_away_until_a_date_is_not_prompted_or_chased(db):
    ids = await seed(db)
    async with db.unit_of_work() as s:
        (await s.get(Person, ids["priya"])).away_until = date(2026, 12, 4)
    await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
    rows = {(d.project_id, d.person_id): d for d in await deliveries(db)}
    assert rows[(ids["DC01"], ids["priya"])].status == "away"
    assert "4 December 2026" in rows[(ids["DC01"], ids["priya"])].last_error
    assert rows[(ids["DC01"], ids["sam"])].status == "pending"
    at_reminder = WEEK.due_at - timedelta(hours=23)
    await cycles.queue_reminders(db, at_reminder, TZ)
    reminded = {(d.project_id, d.person_id) for d in await deliveries(db) if d.kind.startswith("reminder")}
    assert (ids["DC02"], ids["priya"]) not in reminded and (ids["DC01"], ids["sam"]) in reminded


async def test_reminders_go_only_to_leads_whose_project_has_no_update(db):
    ids = await seed(db)
    await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
    async with db.unit_of_work() as s:
        cycle = await cycle_repo.cycle_by_key(s, WEEK.key)
        s.add(
            StatusUpdate(
                project_id=ids["DC01"], cycle_id=cycle.id, version=1, submitted_at=NOW, rag="green", summary="fine"
            )
        )
    assert await cycles.queue_reminders(db, WEEK.due_at - timedelta(hours=25), TZ) == 0  # not time yet
    assert await cycles.queue_reminders(db, WEEK.due_at - timedelta(hours=23), TZ) == 2
    assert await cycles.queue_reminders(db, WEEK.due_at - timedelta(hours=22), TZ) == 0  # once only
    reminded = {(d.project_id, d.person_id) for d in await deliveries(db) if d.kind == "reminder-24h"}
    assert reminded == {(ids["DC02"], ids["priya"]), (ids["DC03"], ids["alex"])}


async def test_after_the_due_time_each_admin_gets_one_list_of_what_is_missing(db):
    await seed(db)
    async with FakeConnector(limits=RateLimits.unlimited()) as connector:
        ids = await _reseed_refs(db, connector)
        await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
        later = WEEK.due_at + timedelta(hours=3)
        assert await cycles.queue_escalations(db, later, TZ) == 3
        messenger = messenger_for(db)
        report = await send_all(db, messenger, now=later)
        await messenger.close()
        admin_texts = connector.texts(chat(connector, ADA))
    assert report.sent == 4 + 1  # four prompts, one list for the one admin
    assert len(admin_texts) == 1 and "Digital inclusion" in admin_texts[0] and "Data platform" in admin_texts[0]
    assert ids


async def _reseed_refs(db: Database, connector: FakeConnector) -> dict:
    """Point the seeded people's references at this connector (seed ran without one)."""
    from store import people_repo
    from tests.update_fixtures import EVERYONE, TEAM, reference

    ids = {}
    async with db.unit_of_work() as s:
        for w in EVERYONE:
            person = (await s.execute(select(Person).where(Person.aad_object_id == w.aad))).scalar_one()
            connector.add_member(TEAM, id=w.teams_id, name=w.name, aad_object_id=w.aad, email=w.email)
            await people_repo.save_conversation_ref(s, reference=reference(connector, w), person_id=person.id)
            ids[w.key] = person.id
    return ids


# ----------------------------------------------------------------------------------- sending


async def test_every_lead_gets_one_card_per_project(db):
    async with FakeConnector() as connector:
        await seed(db, connector)
        await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
        messenger = messenger_for(db)
        report = await send_all(db, messenger)
        await messenger.close()
        priya = connector.cards(chat(connector, PRIYA))
    assert report.sent == 4 and report.failed == 0
    assert len(priya) == 2
    assert {c["actions"][0]["data"]["project"] for c in priya} == {"DC01", "DC02"}
    assert all(d.status == "sent" and d.activity_id for d in await deliveries(db))


async def test_a_403_marks_the_lead_unreachable_and_tells_the_admins(db):
    async with FakeConnector() as connector:
        await seed(db, connector)
        connector.block_user(ALEX.teams_id)
        await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
        messenger = messenger_for(db)
        report = await send_all(db, messenger)
        await messenger.close()
        admin = connector.texts(chat(connector, ADA))
        attempts_to_alex = [r for r in connector.requests if r.conversation_id == chat(connector, ALEX)]
    assert report.unreachable == 1 and len(attempts_to_alex) == 1  # a 403 is never retried
    alex = [d for d in await deliveries(db) if d.kind == "prompt" and d.status == "unreachable"]
    assert len(alex) == 1 and "403" in alex[0].last_error
    async with db.unit_of_work() as s:
        ref = (await s.execute(select(ConversationRef).where(ConversationRef.user_id == ALEX.teams_id))).scalar_one()
    assert "403" in ref.unreachable_reason
    assert len(admin) == 1 and "Alex Reid" in admin[0] and "blocked" in admin[0]
    intro, rows = await cycles.unreachable(db, NOW)
    assert [name for name, _ in rows] == ["Alex Reid (lead, DC03)"]


async def test_429_retry_after_is_honoured_and_nothing_is_lost(db):
    clock = ManualClock()
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.advance(seconds)

    async with FakeConnector(clock=clock) as connector:
        await seed(db, connector)
        # Our limiter knows no per-chat limits here, so the fake's 7-per-second window answers 429.
        limiter = RateLimiter(per_conversation=(), clock=clock, sleep=sleep)
        messenger = messenger_for(db, limiter=limiter, sleep=sleep)
        target = Target(reference=_ref_of(connector, PRIYA))
        results = [await messenger.send(target, Outgoing(text=f"message {i}")) for i in range(9)]
        await messenger.close()
        received = connector.texts(chat(connector, PRIYA))
    assert all(r.ok for r in results)
    assert received == [f"message {i}" for i in range(9)]
    assert connector.count_429 == sum(r.throttled for r in results) >= 1
    assert any(w >= 1.0 for w in waits)  # Retry-After: 1


async def test_412_502_503_504_are_retried_with_backoff_and_other_errors_are_not(db):
    async with FakeConnector(limits=RateLimits.unlimited()) as connector:
        await seed(db, connector)
        waits: list[float] = []

        async def sleep(seconds: float) -> None:
            waits.append(seconds)

        messenger = messenger_for(db, sleep=sleep, base_delay=0.01)
        target = Target(reference=_ref_of(connector, SAM))
        for status in (412, 502, 503, 504):
            connector.fail_next(chat(connector, SAM), status=status)
        ok = await messenger.send(target, Outgoing(text="after four failures"))
        connector.fail_next(chat(connector, SAM), status=400)
        bad = await messenger.send(target, Outgoing(text="bad request"))
        connector.fail_next(chat(connector, SAM), status=503, times=10)
        gave_up = await messenger.send(target, Outgoing(text="never"))
        await messenger.close()
    assert ok.ok and ok.attempts == 5 and ok.history == [412, 502, 503, 504] and len(waits) >= 4
    assert all(w <= messenger.max_delay for w in waits)
    assert bad.status == "failed" and bad.attempts == 1 and bad.http_status == 400
    assert gave_up.status == "failed" and gave_up.attempts == messenger.max_attempts


def _ref_of(connector: FakeConnector, who) -> dict:
    from tests.update_fixtures import reference

    return reference(connector, who)


async def test_a_lead_who_never_wrote_to_the_bot_is_reached_through_the_team_roster(db):
    async with FakeConnector() as connector:
        await seed(db, connector, refs=False)
        async with db.unit_of_work() as s:  # the bot knows the leads' team (it was installed there)
            from store import people_repo

            await people_repo.save_conversation_ref(
                s,
                reference={
                    "channelId": "msteams",
                    "serviceUrl": connector.url,
                    "conversation": {
                        "id": "19:general@thread.tacv2",
                        "conversationType": "channel",
                        "tenantId": connector.tenant_id,
                    },
                    "bot": {"id": connector.bot_id},
                    "user": {"id": ADA.teams_id},
                },
                person_id=None,
                team_id=TEAM_ID,
            )
        connector.link_channel("19:general@thread.tacv2", TEAM_ID)
        await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
        messenger = messenger_for(db)
        report = await send_all(db, messenger)
        await messenger.close()
        priya = connector.cards(chat(connector, PRIYA))
    assert report.sent == 4 and len(priya) == 2
    async with db.unit_of_work() as s:
        refs = (
            (await s.execute(select(ConversationRef).where(ConversationRef.conversation_type == "personal")))
            .scalars()
            .all()
        )
    assert {r.user_id for r in refs} == {PRIYA.teams_id, SAM.teams_id, ALEX.teams_id}


TEAM_ID = "19:digital-first-leads@thread.tacv2"


async def test_after_a_restart_only_never_sent_prompts_go_out(db):
    async with FakeConnector() as connector:
        ids = await seed(db, connector)
        await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
        rows = {(d.project_id, d.person_id): d.id for d in await deliveries(db)}
        sent_id, interrupted_id = rows[(ids["DC01"], ids["priya"])], rows[(ids["DC01"], ids["sam"])]
        async with db.unit_of_work() as s:  # as a crashed run left them: one sent, one mid-send
            await s.execute(
                update(PromptDelivery)
                .where(PromptDelivery.id == sent_id)
                .values(status="sent", sent_at=NOW, activity_id="1")
            )
            await s.execute(
                update(PromptDelivery)
                .where(PromptDelivery.id == interrupted_id)
                .values(status="sending", sending_at=NOW - timedelta(minutes=30), attempts=1)
            )
        messenger = messenger_for(db)
        report = await send_all(db, messenger)
        again = await send_all(db, messenger)
        await messenger.close()
        priya_projects = [c["actions"][0]["data"]["project"] for c in connector.cards(chat(connector, PRIYA))]
        sam = connector.cards(chat(connector, SAM))
    assert priya_projects == ["DC02"]  # DC01 was sent before the restart: not again
    assert len(sam) == 1 and report.reclaimed == 1 and report.sent == 3
    assert again.sent == 0
    flagged = [d for d in await deliveries(db) if d.last_error == POSSIBLE_DUPLICATE]
    assert [d.id for d in flagged] == [interrupted_id]
    intro, _ = await cycles.unreachable(db, NOW)
    assert "1 prompt(s) this cycle may have arrived twice" in intro


async def test_a_send_still_in_flight_elsewhere_is_not_taken_over(db):
    async with FakeConnector() as connector:
        await seed(db, connector)
        await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
        async with db.unit_of_work() as s:
            await s.execute(update(PromptDelivery).values(status="sending", sending_at=NOW - timedelta(seconds=5)))
        messenger = messenger_for(db)
        report = await send_all(db, messenger)
        await messenger.close()
    assert report.sent == 0 and report.reclaimed == 0


async def test_a_dead_replica_holds_the_scheduler_back_only_as_long_as_the_lease_and_reclaim_settings_say(db):
    """`dfbot serve` takes over from a replica that died mid fan-out by itself: once the dead one's lease
    expires it acts, and what the dead one left 'sending' goes out again after RECLAIM_AFTER_SECONDS."""
    died = NOW - timedelta(seconds=150)
    settings = settings_for(db.url, scheduler_interval_seconds=1, scheduler_lease_seconds=20, reclaim_after_seconds=120)
    clock = [died]
    async with FakeConnector() as connector:
        await seed(db, connector)
        await cycles.open_period(db, WEEK, died, TZ, actor="test")
        async with db.unit_of_work() as s:  # the dead replica's lease, and every prompt claimed by it
            assert await lease_repo.acquire(s, LEASE, "dead", died, timedelta(seconds=20))
            await s.execute(update(PromptDelivery).values(status="sending", sending_at=died, attempts=1))
        messenger = messenger_for(db)
        survivor = Scheduler(AppContext(settings=settings, db=db, clock=lambda: clock[0]), messenger, holder="survivor")
        reports = []
        for seconds in (10, 30, 150):  # the dead lease still held; lease taken, claims too young; reclaimed
            clock[0] = died + timedelta(seconds=seconds)
            reports.append(await survivor.tick())
        clock[0] = NOW + timedelta(seconds=21)  # the survivor's own lease: 20 s after its last renewal
        other = await Scheduler(
            AppContext(settings=settings, db=db, clock=lambda: clock[0]), messenger, holder="other"
        ).tick()
        await messenger.close()
        arrived = sum(len(connector.cards(chat(connector, who))) for who in (PRIYA, SAM, ALEX))
    assert survivor.lease_ttl == timedelta(seconds=20)
    assert [r.leader for r in reports] == [False, True, True] and other.leader
    assert (reports[1].sent.reclaimed, reports[1].sent.sent) == (0, 0)
    assert (reports[2].sent.reclaimed, reports[2].sent.sent) == (4, 4) and arrived == 4
    assert {(d.status, d.last_error) for d in await deliveries(db)} == {("sent", POSSIBLE_DUPLICATE)}


@pytest.mark.parametrize("replicas", [3])
async def test_replicas_sending_at_once_never_send_a_prompt_twice(db, replicas):
    async with FakeConnector(limits=RateLimits.unlimited()) as connector:
        await seed(db, connector)
        await cycles.open_period(db, WEEK, NOW, TZ, actor="test")
        dbs = [Database(db.url) for _ in range(replicas)]
        messengers = [messenger_for(d) for d in dbs]
        try:
            reports = await asyncio.gather(
                *(send_all(d, m, batch=1, workers=2) for d, m in zip(dbs, messengers, strict=True))
            )
        finally:
            for d, m in zip(dbs, messengers, strict=True):
                await m.close()
                await d.dispose()
        total = len(connector.cards())
    assert sum(r.sent for r in reports) == 4 and total == 4


async def test_dfbot_serve_runs_the_scheduler_which_opens_the_cycle_and_prompts_the_leads(db):
    from aiohttp.test_utils import TestServer

    from dfbot.web import create_app

    async with FakeConnector() as connector:
        await seed(db, connector)
        settings = settings_for(db.url, scheduler_enabled=True, scheduler_interval_seconds=0.2)
        server = TestServer(create_app(settings, context=AppContext(settings=settings, db=db, clock=lambda: NOW)))
        await server.start_server()
        try:
            await connector.wait_for_activities(4, timeout=20)
        finally:
            await server.close()
        assert len(connector.cards()) == 4
    async with db.unit_of_work() as s:
        assert (await cycle_repo.latest_cycle(s)).period_key == WEEK.key
        from store.models import JobLease

        assert (await s.execute(select(JobLease))).first() is None  # released on shutdown


async def test_the_shared_limiter_keeps_every_chat_and_the_whole_app_within_teams_limits():
    clock = ManualClock(0.0)
    sent: list[tuple[float, str]] = []

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    limiter = RateLimiter(clock=clock, sleep=sleep)
    for _ in range(20):
        await limiter.acquire("a:one-chat")
        sent.append((clock(), "a:one-chat"))
    for i in range(200):
        await limiter.acquire(f"a:chat-{i}")
        sent.append((clock(), f"a:chat-{i}"))

    def most_in(window: float, key: str | None = None) -> int:
        times = [t for t, k in sent if key is None or k == key]
        return max(sum(1 for u in times if t - window < u <= t) for t in times)

    assert most_in(1.0, "a:one-chat") <= 7 and most_in(2.0, "a:one-chat") <= 8
    assert most_in(1.0) <= 50
    limiter.back_off("a:chat-0", 3.0)
    before = clock()
    await limiter.acquire("a:chat-0")
    assert clock() - before >= 3.0  # Retry-After for that chat is respected

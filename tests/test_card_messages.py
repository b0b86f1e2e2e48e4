"""The bot edits the cards it sent when a newer version is saved, and nothing stops it for long: over real
HTTP to the fake Bot Connector, which answers the edits (PUT) the way Teams does, faults included."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from sqlalchemy import select, update

from bot.messenger import ProactiveMessenger, RateLimiter
from dfbot.scheduler import Scheduler
from infra.config import Settings
from services import card_messages
from services.retention import purge
from services.subject_access import export_person
from store.models import CardMessage, UpdateCycle
from tests.botserver import settings_for
from tests.refresh_fixtures import Story
from tests.update_fixtures import AMBER, NOW, PRIYA, SAM, TZ, chat, click, invoke, member, updates


def messenger_for(db, **kw) -> ProactiveMessenger:
    return ProactiveMessenger(settings_for(db.url), limiter=RateLimiter(), base_delay=0.01, **kw)


async def rows(db, project_id: int) -> list[CardMessage]:
    async with db.unit_of_work() as s:
        return list(
            (
                await s.execute(
                    select(CardMessage).where(CardMessage.project_id == project_id).order_by(CardMessage.id)
                )
            ).scalars()
        )


async def test_an_edit_answered_503_is_retried_and_lands(db):
    async with Story(db) as s:
        priya_id, _ = s.prompt(PRIYA, "DC01")
        _, sam_card = s.prompt(SAM, "DC01")
        s.connector.fail_next(chat(s.connector, PRIYA), status=503, times=2, methods=["PUT"])
        await s.click(SAM, click(sam_card, "Submit update", **AMBER))
        edits = s.edits(PRIYA)
        statuses = [r.status for r in s.connector.requests if r.method == "PUT"]
    assert [e[0] for e in edits] == [priya_id] and statuses.count(503) == 2
    assert {(m.shown_version, m.attempts) for m in await rows(db, s.ids["DC01"])} == {(1, 0)}


async def test_a_lead_who_blocked_the_bot_is_not_asked_again_and_the_others_are_edited(db):
    async with Story(db) as s:
        _, sam_card = s.prompt(SAM, "DC01")
        s.connector.block_user(PRIYA.teams_id)
        await s.click(SAM, click(sam_card, "Submit update", **AMBER))
        again = await card_messages.bring_up_to_date(db, messenger_for(db), tz=TZ, now=lambda: NOW)
        assert s.edits(PRIYA) == [] and len(s.edits(SAM)) == 1
        puts_to_priya = [r for r in s.connector.requests if r.method == "PUT" and chat(s.connector, PRIYA) in r.path]
    by_person = {m.person_id: m for m in await rows(db, s.ids["DC01"])}
    priya = by_person[s.ids["priya"]]
    assert priya.shown_version == 0 and priya.attempts == card_messages.MAX_ATTEMPTS and "403" in priya.last_error
    assert len(puts_to_priya) == 1 and again.edited == 0  # refused once, never asked again


async def test_edits_left_undone_by_a_crash_are_made_by_the_schedulers_next_tick(db):
    async with Story(db) as s:
        priya_id, _ = s.prompt(PRIYA, "DC01")
        _, sam_card = s.prompt(SAM, "DC01")
        messenger, s.bot.context.messenger = s.bot.context.messenger, None  # the process dies before its edits
        await s.click(SAM, click(sam_card, "Submit update", **AMBER))
        assert s.edits(PRIYA) == []
        s.bot.context.messenger = messenger
        await Scheduler(s.bot.context, messenger, holder="next-tick").tick()
        [(edited_id, card)] = s.edits(PRIYA)
    assert edited_id == priya_id and card["refresh"]["action"]["data"]["version"] == 1


async def test_two_saves_in_a_row_never_leave_a_message_showing_the_older_version(db):
    async with Story(db) as s:
        priya_id, priya_card = s.prompt(PRIYA, "DC01")
        _, sam_card = s.prompt(SAM, "DC01")
        s.connector.latency = 0.05  # edits in flight while the second save lands
        await s.click(PRIYA, click(priya_card, "Submit update", **AMBER))
        form = (await s.click(SAM, click(await s.refresh(SAM, sam_card), "Edit")))["value"]
        first = s.bot.post(
            invoke(s.connector, SAM, click(form, "Submit update", **{**AMBER, "rag": "red", "rag_reason": "Stopped"}))
        )
        second = card_messages.bring_up_to_date(db, messenger_for(db), tz=TZ, now=lambda: NOW)
        await asyncio.gather(first, second)
        await s.bot.context.drain()
        await card_messages.bring_up_to_date(db, messenger_for(db), tz=TZ, now=lambda: NOW)
        last = {cid: card for cid, card in s.edits(PRIYA)}
    assert [u.version for u in await updates(db, "DC01")] == [1, 2]
    assert last[priya_id]["refresh"]["action"]["data"]["version"] == 2
    assert all(m.shown_version == 2 for m in await rows(db, s.ids["DC01"]))


async def test_a_deleted_message_is_given_up_at_once(db):
    async with Story(db) as s:
        _, sam_card = s.prompt(SAM, "DC01")
        s.connector.fail_next(
            chat(s.connector, PRIYA), status=404, code="NotFound", message="Activity not found", methods=["PUT"]
        )
        await s.click(SAM, click(sam_card, "Submit update", **AMBER))
    by_person = {m.person_id: m for m in await rows(db, s.ids["DC01"])}
    assert by_person[s.ids["priya"]].attempts == card_messages.MAX_ATTEMPTS
    assert by_person[s.ids["sam"]].shown_version == 1


async def test_an_edit_waits_for_retry_after_when_teams_throttles(db):
    async with Story(db) as s:
        priya_id, _ = s.prompt(PRIYA, "DC01")
        _, sam_card = s.prompt(SAM, "DC01")
        s.connector.fail_next(chat(s.connector, PRIYA), status=429, retry_after=1, methods=["PUT"])
        started = asyncio.get_running_loop().time()
        await s.click(SAM, click(sam_card, "Submit update", **AMBER))
        waited = asyncio.get_running_loop().time() - started
        edits = s.edits(PRIYA)
    assert [e[0] for e in edits] == [priya_id] and waited >= 1.0


async def test_cards_of_a_cycle_long_over_are_purged_and_a_lead_can_see_hers_in_a_subject_access_export(db, tmp_path):
    async with Story(db) as s:
        _, sam_card = s.prompt(SAM, "DC01")
        await s.click(SAM, click(sam_card, "Submit update", **AMBER))
    export = await export_person(db, PRIYA.email, tmp_path / "exports", now=NOW, actor="cli:test", files=[])
    held = json.loads(export.json_path.read_text(encoding="utf-8"))["held"]["card_messages"]
    assert {(c["project_ref"], c["cycle"], c["kind"], c["shown_version"]) for c in held} == {
        ("DC01", "2026-W48", "prompt", 1),
        ("DC02", "2026-W48", "prompt", 0),
    }
    settings = Settings(
        _env_file=None, database_url=db.url, outbox_dir=str(tmp_path / "o"), export_dir=str(tmp_path / "e")
    )
    assert (await purge(db, settings, NOW))["card_messages"] == 0  # the cycle is open: its cards may still change
    async with db.unit_of_work() as x:
        await x.execute(update(UpdateCycle).values(status="closed", closes_at=NOW - timedelta(days=400)))
    assert (await purge(db, settings, NOW))["card_messages"] == 4
    assert await rows(db, s.ids["DC01"]) == []


async def test_a_save_through_the_action_submit_fallback_updates_that_card_and_edits_the_others(db):
    async with Story(db) as s:
        priya_id, _ = s.prompt(PRIYA, "DC01")
        sam_id, sam_card = s.prompt(SAM, "DC01")
        fallback = {
            **s.connector.make_message(
                member(s.connector, SAM), "", value={**sam_card["actions"][0]["fallback"]["data"], **AMBER}
            ),
            "replyToId": sam_id,
        }
        status, _ = await s.bot.post(fallback)  # an older client: Action.Submit, a message with a value
        assert status == 200
        await s.bot.context.drain()
        sam_edits, priya_edits = s.edits(SAM), s.edits(PRIYA)
    assert [e[0] for e in sam_edits] == [sam_id] and "Update saved" in str(sam_edits[0][1])  # his card, in place
    assert [e[0] for e in priya_edits] == [priya_id] and "Already submitted by Sam Patel" in str(priya_edits[0][1])
    assert {m.shown_version for m in await rows(db, s.ids["DC01"])} == {1}

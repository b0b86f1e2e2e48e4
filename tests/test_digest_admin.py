"""The digest in Teams, over the real HTTP endpoint: an admin previews the draft, edits its
introduction, approves it, and it is posted once (to the outbox here); a member is told why not."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from cards.digest import VERB_APPROVE, VERB_INTRO
from programme.cycles import Cadence, period_for
from store import digest_repo
from store import models as M
from tests import activities as A
from tests.test_admin import Chat, chats

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


async def a_cycle_with_one_red_update(db) -> str:
    period = period_for(NOW - timedelta(days=3), Cadence(), "Europe/London")
    async with db.unit_of_work() as s:
        s.add(
            M.UpdateCycle(
                period_key=period.key,
                opens_at=period.opens_at,
                due_at=period.due_at,
                closes_at=period.closes_at,
                status="open",
            )
        )
        await s.flush()
        cycle = (await s.execute(select(M.UpdateCycle))).scalar_one()
        project = (await s.execute(select(M.Project).order_by(M.Project.ref))).scalars().first()
        s.add(
            M.StatusUpdate(
                project_id=project.id,
                cycle_id=cycle.id,
                version=1,
                submitted_at=period.opens_at + timedelta(hours=2),
                submitted_by_name="Priya Shah",
                rag="red",
                rag_reason="<b>Supplier</b> went bust",
                summary="Stopped",
                asks_of_dlg="Approve a new supplier",
                risks=[],
                milestone_changes=[],
            )
        )
    return period.key


async def press(chat: Chat, verb: str, data: dict) -> dict | str:
    activity = chat.connector.make_message(chat.member, None, activity_type="invoke")
    activity.update(
        {
            "name": "adaptiveCard/action",
            "value": {
                "action": {"type": "Action.Execute", "verb": verb, "data": {"verb": verb, **data}},
                "trigger": "manual",
            },
        }
    )
    status, body = await chat.bot.post(activity)
    assert status == 200, body
    return body["value"] if body["statusCode"] == 200 else body


def texts(card: dict) -> str:
    return json.dumps(card, ensure_ascii=False)


async def test_an_admin_previews_edits_the_intro_and_approves_and_it_is_posted_once(db, tmp_path):
    outbox = tmp_path / "outbox"
    async with chats(db, outbox_dir=outbox) as (admin, member):
        admin.bot.context.clock = lambda: NOW
        period = await a_cycle_with_one_red_update(db)

        refused = await member.say("digest preview")
        assert "Only programme office admins" in refused and "haven't done anything" in refused

        preview = await admin.say("digest preview")
        assert "Status: Draft" in texts(preview) and "Approve a new supplier" in texts(preview)
        assert "<b>" not in texts(preview)
        approve = next(a for a in preview["actions"] if a["title"] == "Approve and post")

        edited = await press(
            admin,
            VERB_INTRO,
            {"period": period, "revision": approve["data"]["revision"], "intro": "Agenda for Thursday's DLG."},
        )
        assert "Agenda for Thursday" in texts(edited)

        stale = await press(admin, VERB_APPROVE, approve["data"])  # the button on the card before the edit
        assert "changed since that preview" in texts(stale)
        assert not outbox.exists()

        latest = next(a for a in edited["actions"] if a["title"] == "Approve and post")
        approved = await press(admin, VERB_APPROVE, latest["data"])
        assert "is being posted to the DLG channel now" in texts(approved)
        await admin.bot.context.drain()

        async with db.unit_of_work() as s:
            row = await digest_repo.get(s, period)
        assert row.status == "posted" and row.transport == "outbox" and row.approved_by == "bo.boss@council.example"
        files = sorted(p.name for p in outbox.iterdir())
        assert files == [f"digest-{period}.card.json", f"digest-{period}.html", f"digest-{period}.message.html"]
        page = (outbox / f"digest-{period}.html").read_text(encoding="utf-8")
        assert "Agenda for Thursday" in page and "&lt;b&gt;Supplier&lt;/b&gt;" in page

        again = await admin.say("approve digest")
        assert "already been posted" in again


async def test_digest_commands_are_refused_in_a_channel_even_for_an_admin(db):
    async with chats(db) as (admin, _member):
        activity = admin.connector.make_message(
            admin.member, "digest preview", conversation_id="19:general@thread.tacv2"
        )
        activity["conversation"]["conversationType"] = "channel"
        A.mentioning_the_bot(activity)
        activity["channelData"]["team"] = {"id": "19:team@thread.tacv2"}
        status, _ = await admin.bot.post(activity)
        assert status == 200
        reply = admin.connector.sent_to("19:general@thread.tacv2")[-1]["text"]
        assert "1:1 chat" in reply


async def test_a_member_pressing_approve_on_a_forwarded_card_is_refused(db):
    async with chats(db) as (_admin, member):
        member.bot.context.clock = lambda: NOW
        period = await a_cycle_with_one_red_update(db)
        answer = await press(member, VERB_APPROVE, {"period": period, "revision": "x"})
        assert answer["statusCode"] == 403 and "Only programme office admins" in answer["value"]["message"]
        async with db.unit_of_work() as s:
            assert await digest_repo.get(s, period) is None

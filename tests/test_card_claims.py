"""Smaller holes at the edge, where a card's data is only a claim.

- A lead may submit for the open cycle, or late for the one that has just closed; not for any older
  cycle by editing the card's data.
- Approving a digest checks, in the same compare-and-set, the revision the approver saw: a draft
  recomposed between the approval's read and its write is not approved unseen.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

import services.digest as digest_service
from cards.digest import VERB_APPROVE
from cards.update import SUBMIT
from programme.cycles import Cadence, period_for
from programme.digest import revision, with_intro
from programme.updates import takes_updates
from store import cycle_repo, digest_repo
from store import models as M
from tests.test_admin import chats
from tests.test_digest_admin import NOW as DIGEST_NOW
from tests.test_digest_admin import a_cycle_with_one_red_update, press, texts
from tests.test_update_journey import Journey
from tests.update_fixtures import AMBER, NOW, PRIYA, TZ, updates

# ----------------------------------------------------------------------------------- which cycle takes updates


def test_the_open_cycle_and_the_one_just_closed_take_updates_and_no_other():
    assert takes_updates("open", "2026-W48", "2026-W47")
    assert takes_updates("closed", "2026-W47", "2026-W47")
    assert not takes_updates("closed", "2026-W46", "2026-W47")
    assert not takes_updates("closed", "2026-W46", None)


async def three_cycles(db) -> list[str]:
    """Two weeks ago (closed), last week (closed, just now), this week (open)."""
    keys = []
    async with db.unit_of_work() as s:
        for weeks_ago in (2, 1, 0):
            period = period_for(NOW - timedelta(weeks=weeks_ago), Cadence(), TZ)
            cycle, _ = await cycle_repo.open_cycle(s, period, actor="test")
            if weeks_ago:
                cycle.status = "closed"
            keys.append(period.key)
    return keys


def submission(cycle: str) -> dict:
    return {"verb": SUBMIT, "project": "DC01", "cycle": cycle, "base_version": 0, **AMBER}


async def test_a_lead_cannot_submit_for_an_old_cycle_by_editing_the_card(db):
    async with Journey(db) as j:
        old, last, current = await three_cycles(db)
        refused = await j.click(PRIYA, submission(old))
        assert await updates(db, "DC01") == []
        assert "closed some time ago" in str(refused) and "Nothing was saved" in str(refused)
        await j.click(PRIYA, submission(last))  # late, for the cycle that has just closed: taken
        await j.click(PRIYA, submission(current))
    async with db.unit_of_work() as s:
        stored = {(await s.get(M.UpdateCycle, u.cycle_id)).period_key for u in await updates(db, "DC01")}
    assert stored == {last, current}


# ----------------------------------------------------------------------------------- approving what was seen


@pytest.fixture
def recomposed_meanwhile(monkeypatch):
    """Between the approval reading the digest and writing its approval, the draft is recomposed
    (late updates arrive, or another admin edits the introduction): exactly what the scheduler's
    refresh does, committed in its own transaction."""
    real_get = digest_service.get
    armed: list[bool] = []
    fired: list[str] = []

    async def get_then_recompose(ctx, period_key):
        view = await real_get(ctx, period_key)
        if armed and view is not None and view.status == "draft" and not fired:
            fired.append(view.revision)
            async with ctx.db.unit_of_work() as s:
                await digest_repo.transition(
                    s, view.id, from_status="draft", content=with_intro(view.content, "A late red update arrived.")
                )
        return view

    monkeypatch.setattr(digest_service, "get", get_then_recompose)
    return armed, fired


async def test_an_approval_approves_only_the_revision_the_admin_saw(db, recomposed_meanwhile):
    async with chats(db) as (admin, _member):
        admin.bot.context.clock = lambda: DIGEST_NOW
        period = await a_cycle_with_one_red_update(db)
        await digest_service.ensure_draft(admin.bot.context, period)
        async with db.unit_of_work() as s:
            seen = revision((await digest_repo.get(s, period)).content)
        armed, fired = recomposed_meanwhile
        armed.append(True)
        answer = await press(admin, VERB_APPROVE, {"period": period, "revision": seen})
        async with db.unit_of_work() as s:
            row = await digest_repo.get(s, period)
    assert fired == [seen]  # the draft did change between the approval's read and its write
    assert row.status == "draft" and row.approved_by == ""
    assert "changed since that preview" in texts(answer) and "A late red update arrived." in texts(answer)


async def test_an_approval_whose_card_names_no_revision_is_not_taken(db):
    async with chats(db) as (admin, _member):
        admin.bot.context.clock = lambda: DIGEST_NOW
        period = await a_cycle_with_one_red_update(db)
        await digest_service.ensure_draft(admin.bot.context, period)
        answer = await press(admin, VERB_APPROVE, {"period": period})
        async with db.unit_of_work() as s:
            row = await digest_repo.get(s, period)
    assert row.status == "draft" and "changed since that preview" in texts(answer)


async def test_the_compare_and_set_checks_the_revision_itself(db):
    """The repository's approval, on its own: the content it approves must be the revision given."""
    async with chats(db) as (admin, _member):
        admin.bot.context.clock = lambda: DIGEST_NOW
        period = await a_cycle_with_one_red_update(db)
        view = await digest_service.ensure_draft(admin.bot.context, period)
    async with db.unit_of_work() as s:
        assert (
            await digest_repo.approve(s, view.id, from_status=("draft",), seen_revision="not-it", approved_by="x")
            == "stale"
        )
    async with db.unit_of_work() as s:
        assert (await digest_repo.get(s, period)).status == "draft"  # the savepoint was rolled back
        assert (
            await digest_repo.approve(s, view.id, from_status=("draft",), seen_revision=view.revision, approved_by="x")
            == "approved"
        )
    async with db.unit_of_work() as s:
        assert (
            await digest_repo.approve(s, view.id, from_status=("draft",), seen_revision=view.revision, approved_by="y")
            == "lost"
        )
        await s.execute(update(M.Digest).values(status="draft"))  # put back for the teardown's sake

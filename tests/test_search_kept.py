"""Full-text search results kept per snapshot of latest updates (store/question_search.py `_ranked`, on
`question_plan.Latest.searches`): asked again, a search is answered from what was found; an update edited,
added or deleted moves the updates counter, so the next search reads the index again and sees it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from services import ask as ask_service
from services.ask import ask, forget_vocabulary
from store.models import StatusUpdate
from tests.questions.conftest import ADMIN, MEMBER
from tests.questions.test_fts import NOW, _two_projects


async def _search(db, words, viewer=MEMBER) -> list[str]:
    answer = await ask(db, f"which projects mention {words}", viewer, conversation_id=None, now=NOW)
    assert answer.kind == "search", answer.text
    return answer.data["projects"]


def _kept() -> dict:
    (latest,) = ask_service._latest.values()
    return latest.searches


async def test_a_search_asked_again_is_answered_from_what_was_found(db):
    await _two_projects(db)
    assert await _search(db, "funding") == ["B-1", "A-1"]
    kept = _kept()
    assert len(kept) == 1
    (found,) = kept.values()
    assert await _search(db, "funding") == ["B-1", "A-1"]
    assert _kept() is kept and len(kept) == 1 and next(iter(kept.values())) is found
    forget_vocabulary()


async def test_an_edited_update_is_seen_by_the_next_search(db):
    ids = await _two_projects(db)
    assert await _search(db, "funding") == ["B-1", "A-1"]
    assert await _search(db, "grant") == []
    async with db.unit_of_work() as s:
        update = (await s.execute(select(StatusUpdate).where(StatusUpdate.project_id == ids["A-1"]))).scalar_one()
        update.summary = "Grant approved."
    assert await _search(db, "funding") == ["B-1"]
    assert await _search(db, "grant") == ["A-1"]
    forget_vocabulary()


async def test_a_new_update_and_a_deleted_one_are_seen_by_the_next_search(db):
    ids = await _two_projects(db)
    assert await _search(db, "orchard") == []
    async with db.unit_of_work() as s:
        old = (await s.execute(select(StatusUpdate).where(StatusUpdate.project_id == ids["A-1"]))).scalar_one()
        s.add(
            StatusUpdate(
                project_id=old.project_id,
                cycle_id=old.cycle_id,
                version=old.version + 1,
                submitted_at=old.submitted_at + timedelta(hours=1),
                rag="green",
                summary="The orchard is planted.",
                submitted_by_name="Ann",
            )
        )
    assert await _search(db, "orchard") == ["A-1"]
    async with db.unit_of_work() as s:
        newest = (
            await s.execute(select(StatusUpdate).where(StatusUpdate.summary == "The orchard is planted."))
        ).scalar_one()
        await s.delete(newest)
    assert await _search(db, "orchard") == []
    forget_vocabulary()


async def test_what_one_viewer_found_is_not_shown_to_another(db):
    """A sensitive risk found for the programme office stays out of a member's answer to the same search."""
    await _two_projects(db)
    assert await _search(db, "merger", ADMIN) == ["B-1"]
    assert await _search(db, "merger") == []
    assert await _search(db, "merger", ADMIN) == ["B-1"]
    forget_vocabulary()

"""The `ask` service: one unit of work, follow-ups remembered per conversation, vocabulary cached safely."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from services.ask import ask, ask_history
from store import question_repo
from store.models import ConversationState, Project, ProjectAlias, ProjectRole
from tests.questions import fixture
from tests.questions.conftest import MEMBER, MEMBER_IN_CHANNEL


async def _ask(db, text, conversation_id=None, now=fixture.NOW, viewer=MEMBER):
    return await ask(db, text, viewer, conversation_id=conversation_id, tz=fixture.TZ, now=now)


async def test_a_follow_up_in_the_same_chat_remembers_the_project(db, plan):
    first = await _ask(db, "tell me about virtual social care", "chat-1")
    follow = await _ask(db, "and who leads it?", "chat-1")
    assert first.data["projects"] == follow.data["projects"] == ["CAR-01"]
    assert follow.data["leads"] == ["Aisha Khan"]
    elsewhere = await _ask(db, "and who leads it?", "chat-2")
    assert elsewhere.kind == "unknown"  # another conversation has its own memory


async def test_the_context_is_kept_in_conversation_states_beside_other_state(db, plan):
    async with db.unit_of_work() as s:
        s.add(ConversationState(conversation_id="chat-3", state={"draft": {"step": 2}}))
    await _ask(db, "which digital care projects are red?", "chat-3")
    async with db.unit_of_work() as s:
        state = (await s.get(ConversationState, "chat-3")).state
    assert state["draft"] == {"step": 2}
    remembered = state["questions"]["context"]
    assert remembered["area"] == "digital-care" and remembered["rag"] == "red"


async def test_an_old_context_is_forgotten(db, plan):
    await _ask(db, "tell me about virtual social care", "chat-4")
    later = await _ask(db, "and who leads it?", "chat-4", now=fixture.NOW + timedelta(hours=3))
    assert later.kind == "unknown"


async def test_a_channel_mention_is_answered_like_a_private_question(db, plan):
    answer = await _ask(db, "<at>Digital First</at> which projects are red?", "19:channel", viewer=MEMBER_IN_CHANNEL)
    assert answer.kind == "projects_by_rag" and len(answer.data["projects"]) == 5


async def test_the_history_button_asks_for_the_rag_history(db, plan):
    answer = await ask_history(db, "CIT-05", MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)
    assert answer.data["field"] == "history" and answer.data["rags"][-1] == "red"


async def test_the_vocabulary_is_cached_until_the_plan_changes(db, plan, monkeypatch):
    loads = []
    real = question_repo.load_plan

    async def counting(session, version):
        loads.append(1)
        return await real(session, version)

    monkeypatch.setattr(question_repo, "load_plan", counting)
    await _ask(db, "who leads virtual social care?")
    await _ask(db, "who leads virtual social care?")
    assert len(loads) <= 1
    before = len(loads)
    async with db.unit_of_work() as s:
        project = (await s.execute(select(Project).where(Project.ref == "CAR-01"))).scalar_one()
        s.add(ProjectAlias(project_id=project.id, alias="video calling"))
    answer = await _ask(db, "who leads video calling?")
    assert len(loads) == before + 1 and answer.data["projects"] == ["CAR-01"]


async def test_a_new_lead_is_seen_at_once(db, plan):
    assert (await _ask(db, "who leads the 5G testbed?")).data["leads"] == ["Mark Davies"]
    async with db.unit_of_work() as s:
        project = (await s.execute(select(Project).where(Project.ref == "ECO-06"))).scalar_one()
        role = (await s.execute(select(ProjectRole).where(ProjectRole.project_id == project.id))).scalar_one()
        role.person_id = plan.person_ids["Priya Shah"]
    assert (await _ask(db, "who leads the 5G testbed?")).data["leads"] == ["Priya Shah"]
    assert "ECO-06" in (await _ask(db, "what does Priya Shah lead?")).data["projects"]


async def test_two_first_questions_in_a_new_conversation_do_not_collide(db, plan):
    import asyncio

    answers = await asyncio.gather(*(_ask(db, "which projects are red?", "chat-race") for _ in range(4)))
    assert all(a.kind == "projects_by_rag" for a in answers)


async def test_an_answer_still_arrives_when_its_follow_up_context_cannot_be_saved(db, plan, monkeypatch, caplog):
    async def broken(session, saves):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(question_repo, "save_contexts", broken)
    answer = await _ask(db, "who leads virtual social care?", "chat-broken")
    assert answer.kind == "project_leads" and "could not remember" in caplog.text

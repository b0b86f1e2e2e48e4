"""Who sees what: sensitive risks and who-has-not-updated are for admins and the DLG, in a 1:1 chat only.

Run on SQLite and PostgreSQL: the search path differs by backend, and both must hold back
sensitive risks before anything is matched, not after.
"""

from __future__ import annotations

import json

from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import ADMIN, ADMIN_IN_CHANNEL, DLG, DLG_IN_GROUP_CHAT, MEMBER, MEMBER_IN_CHANNEL

NOT_ALLOWED = [MEMBER, MEMBER_IN_CHANNEL, ADMIN_IN_CHANNEL, DLG_IN_GROUP_CHAT]
ALLOWED = [ADMIN, DLG]
SENSITIVE = "Partner data breach under investigation"


async def _ask(db, text, viewer):
    return await ask(db, text, viewer, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


def _everything(answer) -> str:
    return (answer.text + json.dumps(answer.card) + json.dumps(answer.data, default=str)).lower()


async def test_a_sensitive_risk_is_counted_but_not_shown_to_members_or_in_channels(db, plan):
    for viewer in NOT_ALLOWED:
        answer = await _ask(db, "what are the risks for data sharing with partners?", viewer)
        assert answer.kind == "project_field" and answer.data["withheld"] == 1, viewer
        assert "dpia not yet signed off" in answer.text.lower()
        assert "breach" not in _everything(answer), viewer
        assert "1 more risk is marked sensitive" in answer.text


async def test_admins_and_the_dlg_see_sensitive_risks_in_a_private_chat(db, plan):
    for viewer in ALLOWED:
        answer = await _ask(db, "what are the risks for data sharing with partners?", viewer)
        assert answer.data["withheld"] == 0 and SENSITIVE.lower() in answer.text.lower(), viewer


async def test_search_never_matches_sensitive_text_for_others(db, plan):
    for viewer in NOT_ALLOWED:
        for words in ("financial instability", "phishing", "penetration test"):
            answer = await _ask(db, f"any updates mentioning {words}", viewer)
            assert answer.kind == "search" and answer.data["projects"] == [], (viewer, words)


async def test_search_finds_sensitive_text_for_admins_and_the_dlg_privately(db, plan):
    for viewer in ALLOWED:
        answer = await _ask(db, "any updates mentioning financial instability", viewer)
        assert answer.data["projects"] == ["CAR-04"], viewer


async def test_a_search_hit_on_open_text_does_not_show_the_sensitive_risk_beside_it(db, plan):
    answer = await _ask(db, "any updates mentioning supplier", MEMBER_IN_CHANNEL)
    assert "CAR-04" in answer.data["projects"]
    assert "financial instability" not in _everything(answer)


async def test_who_has_not_updated_is_refused_politely_to_others(db, plan):
    for viewer in NOT_ALLOWED:
        answer = await _ask(db, "which leads have not updated this cycle?", viewer)
        assert answer.kind == "refused", viewer
        assert not any(n.lower() in _everything(answer) for n in ("Fiona Campbell", "Katie Morgan", "Owen Price"))
        if viewer.is_admin or viewer.is_dlg:
            assert "1:1" in answer.text  # told where they can ask


async def test_admins_and_the_dlg_get_the_list_privately(db, plan):
    for viewer in ALLOWED:
        answer = await _ask(db, "which leads have not updated this cycle?", viewer)
        assert answer.kind == "missing_updates" and answer.data["cycle"] == "2026-W48"
        assert set(answer.data["projects"]) == {
            "CIT-02",
            "CIT-06",
            "COU-02",
            "COU-06",
            "CAR-03",
            "CAR-07",
            "ECO-01",
            "ECO-03",
            "ECO-06",
        }


async def test_never_reported_is_a_project_fact_open_to_everyone(db, plan):
    answer = await _ask(db, "which projects haven't reported yet", MEMBER_IN_CHANNEL)
    assert answer.kind == "not_reported" and set(answer.data["projects"]) == {"CAR-07", "ECO-06"}


async def test_answers_about_a_project_never_carry_sensitive_risks(db, plan):
    for text in (
        "tell me about the MyCounty app",
        "history of the MyCounty app",
        "what changed since 1 November",
        "what are the issues with the MyCounty app?",
    ):
        answer = await _ask(db, text, MEMBER)
        assert "penetration" not in _everything(answer), text

"""Classes of question a second unseen author's set (moor) got confidently wrong, each asked here in our own words
over the fixture plan (seen failing first): "has anyone brought up X?" answered with the matches but no yes or no."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text, viewer=MEMBER, conversation_id=None):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, viewer, conversation_id=conversation_id, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, answer",
    [
        ("has anybody mentioned committee meetings?", "yes"),
        ("anybody talking about drainage", "yes"),
        ("have any updates said anything about councillors?", "yes"),
        ("has anyone mentioned hovercraft?", "no"),
        ("anyone talking about zeppelins?", "no"),
    ],
)
async def test_has_anyone_mentioned_it_is_answered_yes_or_no_first(db, plan, text, answer):
    got = await _ask(db, text)
    assert got.data.get("kind") == "search", got.text
    assert got.data.get("answer") == answer, got.text
    assert got.text.startswith(f"**{answer.capitalize()}.**"), got.text
    if answer == "no":
        assert "mention" in got.text and text.rstrip("?").split()[-1] in got.text, got.text


@pytest.mark.parametrize("text", ["has the highways project gone quiet?", "has digital inclusion gone silent"])
async def test_has_one_project_gone_quiet_is_who_has_not_updated(db, plan, text):
    """Whether one project has gone quiet is who has not updated: refused to a member (never its overview), and
    answered yes or no to an admin in a 1:1 chat."""
    from tests.questions.conftest import ADMIN

    refused = await _ask(db, text)
    assert refused.data.get("kind") == "refused", refused.text
    answered = await _ask(db, text, ADMIN)
    assert answered.data.get("kind") == "projects_not_updated", answered.text
    assert answered.data.get("answer") in ("yes", "no"), answered.text
    assert len(answered.data["projects"]) == 1, answered.text


@pytest.mark.parametrize(
    "text, kind",
    [
        ("which projects never sent in an update", "not_reported"),
        ("any project that has never updated?", "not_reported"),
        ("which projects are overdue with the update this cycle", "missing_updates"),
        ("who is late submitting?", "missing_updates"),
    ],
)
async def test_never_sent_and_overdue_with_updates_are_read_as_what_they_are(db, plan, text, kind):
    """'Never sent an update' is the never-reported list; 'overdue with their update' is who has not updated this
    cycle, refused to a member in a 1:1 chat and answered to an admin."""
    from tests.questions.conftest import ADMIN

    got = await _ask(db, text, ADMIN)
    assert got.data.get("kind") == kind, got.text
    if kind == "missing_updates":
        assert (await _ask(db, text)).data.get("kind") == "refused"
    else:
        assert sorted(got.data["projects"]) == ["CAR-07", "ECO-06"], got.text

"""A fact one project's updates give in their own words ("how many residents are testing the portal beta?", "by how
much was trial 1 out?"): read from the sentence that says what was asked about and gives a number or a day, from the
latest update or, failing that, an earlier one — or "not sure", never the project's overview instead.

The questions here are written for this file (the fixture plan of tests/questions/fixture.py), not taken from any
corpus set."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions import parse, said
from programme.questions.cues import read
from programme.questions.matcher import Match
from programme.questions.reading import _two_words_of_one_name
from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import MEMBER, TODAY

LATEST_DAY, EARLIER_DAY = date(2026, 11, 24), date(2026, 10, 12)
UPDATES = [
    (("Trial 2 on 20 November reconciled to within £90.", "Plan trial 3 for late January."), LATEST_DAY),
    (("Trial 1 did not reconcile: payables were out by £48,500.", "Supplier fixing the mapping."), EARLIER_DAY),
]


@pytest.mark.parametrize(
    "words, need, place, fragment",
    [
        (("trial", "1"), "figure", 1, "£48,500"),  # the number asked about must be there: never trial 2
        (("trial", "2"), "figure", 0, "£90"),
        (("trial", "3"), "date", None, None),  # "late January" is no day
        (("payables", "out"), "figure", 1, "£48,500"),
        (("payables", "supplier", "licence"), "figure", None, None),  # an earlier update must say nearly all
    ],
)
def test_the_sentence_that_says_the_words_and_gives_the_figure_is_chosen(words, need, place, fragment):
    found = said.best_sentence(UPDATES, words, need=need)
    if place is None:
        assert found is None
    else:
        assert found is not None and found[0] == place and fragment in found[1]


def test_a_day_in_a_sentence_is_not_a_figure():
    updates = [(("The grant for the hubs must be spent by 31 March.", "DLG to move the £20,000 grant."), LATEST_DAY)]
    found = said.best_sentence(updates, ("grant", "hubs"), need="figure")
    assert found is not None and "£20,000" in found[1]


@pytest.mark.parametrize(
    "text, ref, terms",
    [
        ("how many residents are testing the customer portal beta?", "CIT-01", {"residents", "beta"}),
        ("customer portal - how many resdents in the beta", "CIT-01", {"resdents", "beta"}),
        ("number of councillors booked on training for member skills?", "COU-03", {"councillors", "booked"}),
        ("how many pages has the new website moved across so far", "CIT-05", {"pages", "moved"}),
        ("VSC pilot, how many residents did it reach", "CAR-01", {"pilot", "residents", "reach"}),
    ],
)
def test_a_figure_question_about_one_project_reads_its_own_words(vocab, text, ref, terms):
    query = parse(text, vocab, None, TODAY)
    assert query.answerable and query.mode == "figure", query.explanation
    assert [vocab.projects[i].ref for i in query.project_ids] == [ref]
    assert terms <= set(query.terms) | {"resdents"}, query.terms


async def _ask(db, text):
    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, figure, earlier",
    [
        ("how many residents are testing the customer portal beta?", "200 residents", False),
        ("councillors booked on training - how many for member skills", "12 of 62", False),
        ("how many residents did the VSC pilot reach", "50 residents", True),  # only an earlier update says it
    ],
)
async def test_the_figure_is_quoted_with_the_update_it_came_from(db, plan, text, figure, earlier):
    answer = await _ask(db, text)
    assert answer.kind == "project_field", answer.data.get("understood")
    assert figure in answer.text
    assert ("An earlier update said" in answer.text) is earlier
    assert "update on" in answer.text  # where it came from


@pytest.mark.parametrize(
    "text",
    ["how many residents log in to the customer portal each week", "by how much was the member skills budget out"],
)
async def test_a_figure_no_update_gives_is_not_sure_never_the_overview(db, plan, text):
    answer = await _ask(db, text)
    assert answer.kind == "unknown", answer.text


@pytest.mark.parametrize(
    "text, leads",
    [
        ("who runs the webchat", True),
        ("what does owen price run", True),
        ("when does support for the old phone system run out", False),
        ("is the webchat pilot running late", False),
        ("by how much was parallel run 2 out", False),
        ("how did the dry run go", False),
    ],
)
def test_running_out_or_a_trial_run_is_no_one_running_a_project(text, leads):
    assert read(text.split()).leads is leads


def test_two_words_of_one_name_said_apart_name_that_project():
    """'EH officers … per inspection': 'inspection' fits two projects, 'eh' one of them."""
    eh = Match("project", (24,), 0, 1, 67.5, "part of name", "eh")
    inspection = Match("project", (23, 24), 5, 6, 60.0, "part of name", "inspection")
    narrowed = _two_words_of_one_name([eh, inspection])
    assert narrowed[1].ids == (24,) and narrowed[1].score >= 80
    alone = _two_words_of_one_name([inspection])
    assert alone == [inspection]
    elsewhere = Match("project", (9,), 0, 1, 67.5, "part of name", "pbx")
    assert _two_words_of_one_name([elsewhere, inspection])[1].ids == (23, 24)  # no shared project: still a pick


async def test_a_word_of_two_other_names_beside_a_named_project_is_what_is_asked_about(db, plan):
    """'residents' is a word of two other projects' names; beside 'customer portal' it is what the figure is about."""
    answer = await _ask(db, "for the customer portal how many residents are in the beta")
    assert answer.kind == "project_field" and answer.data["projects"] == ["CIT-01"]
    assert "200 residents" in answer.text


@pytest.mark.parametrize(
    "text", ["how many residents has the VSC pilot reached so far?", "how many residents is the VSC pilot reaching now"]
)
async def test_a_figure_asked_as_it_stands_now_is_never_an_earlier_updates(db, plan, text):
    """Only an earlier update gives it (the test above): asked as it stands now, that figure may have moved on."""
    answer = await _ask(db, text)
    assert answer.kind in ("unknown", "not_found"), answer.text
    assert "An earlier update said" not in answer.text

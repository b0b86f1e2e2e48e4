"""A figure quoted from an update must be about what was asked, not merely near it: a numbered thing asked about
("round 1", "cohort 1") must be that numbered thing in the sentence (never round 2, even when "1 February" gives a
1 elsewhere), and what "how many" counts ("how many staff …") must be in it. Otherwise no sentence answers and the
question is "not sure" — a confident figure about the wrong round is the worst answer there is.

The sentences here are written for this file, not taken from any corpus set."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions import said

DAY = date(2026, 11, 24)
ROUNDS = [(("Round 2 opens 1 February with £500,000 to give out.",), DAY)]
COHORTS = [(("96 applications for 20 cohort 3 places.",), DAY)]
FEEDS = [(("Backlog of 14 data feeds being worked through.",), DAY)]


@pytest.mark.parametrize(
    "updates, words, question",
    [
        (ROUNDS, ("given", "round", "1"), "how much was given out in the grants round 1"),
        (COHORTS, ("cohort",), "how many apprentices finished cohort 1?"),
        (FEEDS, ("staff", "work"), "how many staff work on the data warehouse team"),
    ],
)
def test_a_sentence_about_something_else_near_the_words_is_no_answer(updates, words, question):
    assert said.best_sentence(updates, words, need="figure", question=question) is None


@pytest.mark.parametrize(
    "updates, words, question, fragment",
    [
        (COHORTS, ("applications", "cohort", "3"), "how many applications for apprenticeship cohort 3", "96"),
        (ROUNDS, ("round", "2"), "how much is round 2 giving out", "£500,000"),
        (FEEDS, ("feeds",), "how many data feeds are left", "14"),
        (FEEDS, ("backlog",), "how big is the backlog", "14"),
    ],
)
def test_a_sentence_about_the_thing_asked_still_answers(updates, words, question, fragment):
    found = said.best_sentence(updates, words, need="figure", question=question)
    assert found is not None and fragment in found[1]


def test_what_the_sentence_left_out_is_said():
    assert said.unmet(
        "how many apprentices finished cohort 1?", "96 applications for 20 cohort 3 places.", ("cohort",)
    ) == ("cohort 1")
    assert said.unmet("how many staff work here", "Backlog of 14 feeds.", ("staff", "work")) == "staff"


@pytest.mark.parametrize(
    "question, sentence, words",
    [
        ("how many phone numbers have been ported", "2,000 numbers ported so far.", ("phone", "numbers", "ported")),
        ("how many people graduated from cohort 3", "Cohort 3: 18 graduated.", ("people", "graduated", "cohort", "3")),
    ],
)
def test_what_is_counted_may_be_said_by_its_last_word_or_left_unsaid_when_it_is_people(question, sentence, words):
    assert said.unmet(question, sentence, words) == ""


def test_a_year_is_no_figure_so_the_sentence_with_the_amount_answers():
    """'how much do they need for the licence?': a sentence giving only a day and a year ("ends 31 March 2031;
    renewal slipped to May 2031") names the licence but gives no amount; the one asking £12k does."""
    updates = [
        (
            ("Licence ends 31 March 2031 and renewal has slipped to May 2031.", "Approve £12k to extend the licence."),
            DAY,
        )
    ]
    found = said.best_sentence(
        updates, ("need", "licence"), need="figure", question="how much do they need for the licence"
    )
    assert found is not None and "£12k" in found[1]

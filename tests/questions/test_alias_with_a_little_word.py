"""An alias ending in a word the matcher otherwise skips ("ctax bot", "the app"): said whole, the whole alias is the
project, so "ctax bot on track?" is a yes or no about it rather than a stray "bot" that leaves the question "not
sure" (kell's key). Seen failing first ("'track' (a yes or no asked without its verb …)")."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions import ProjectEntry, Vocabulary, parse

TODAY = date(2027, 11, 2)


@pytest.fixture
def vocab():
    return Vocabulary.build(
        [
            ProjectEntry(1, "KL-29", "Council Tax Chatbot", ("CT chatbot", "council tax bot", "ctax bot")),
            ProjectEntry(2, "KL-13", "Adult Social Care Chatbot", ("asc bot",)),
            ProjectEntry(3, "KL-01", "Pothole Spotter App", ("pothole app",)),
        ],
        [],
        [],
        [],
    )


@pytest.mark.parametrize(
    "text, ref",
    [("ctax bot on track?", "KL-29"), ("asc bot still green?", "KL-13"), ("council tax bot on track", "KL-29")],
)
def test_a_state_asked_after_the_whole_alias_is_a_yes_or_no(vocab, text, ref):
    query = parse(text, vocab, None, TODAY)
    assert query.answerable and query.yes_no, query.explanation
    assert [vocab.projects[i].ref for i in query.project_ids] == [ref]


def test_the_bot_alone_is_still_no_project(vocab):
    query = parse("bot on track?", vocab, None, TODAY)
    assert not query.project_ids, query.explanation

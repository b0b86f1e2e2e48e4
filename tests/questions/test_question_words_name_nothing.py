"""A word of the question's own language is no typo of a project's name: "which projects have never reported" is
not a question about Kellingshire's Highways Reporting Portal because one of its aliases is "Report It" (trimmed
to "report", 86% like "reported"). Seen failing first: the portal's overview for every never-reported question."""

from __future__ import annotations

import pytest

from programme.questions import ProjectEntry, TermEntry, Vocabulary, parse
from programme.questions import query as q
from programme.questions.normalise import clean


def _plan() -> Vocabulary:
    projects = [
        ProjectEntry(id=1, ref="KL-02", name="Highways Reporting Portal", aliases=("HRP", "report it"), area="a"),
        ProjectEntry(id=2, ref="KL-10", name="Winter Gritting Tracker", aliases=("gritters",), area="a"),
        ProjectEntry(id=3, ref="KL-27", name="Youth Check-in App", aliases=("update hub",), area="a"),
    ]
    return Vocabulary.build(projects, [], [TermEntry("a", "Moving Kellingshire")], [])


@pytest.mark.parametrize(
    "text", ["which projects have never reported", "any projects never reported", "never reported list pls"]
)
def test_never_reported_is_a_list_not_a_project_whose_alias_is_report_it(text):
    query = parse(clean(text), _plan())
    assert query.intent == q.NOT_REPORTED and not query.project_ids, query


@pytest.mark.parametrize("text", ["who leads report it?", "who leads the gritter", "who leads HRP"])
def test_names_and_their_typos_still_find_the_project(text):
    query = parse(clean(text), _plan())
    assert query.project_ids, query

"""How answers look: sourced, RAG as a word and a colour, UK dates, cards that work, user text escaped."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from programme.questions import Query, parse
from programme.questions import query as q
from programme.questions.answers import render
from programme.questions.results import AMBIGUOUS, MilestoneInfo, ProjectInfo, Result, UpdateInfo
from programme.text import cards_escape, text_escape, uk_date
from tests.questions.conftest import TODAY

UPDATE = UpdateInfo(
    id=1,
    project_id=7,
    cycle_key="2026-W10",
    version=1,
    submitted_at=datetime(2026, 3, 3, 9, 30, tzinfo=UTC),
    submitted_by="Priya Shah",
    rag="red",
    progress=40,
    summary="Supplier late.",
    blockers="[click here](https://evil.example)",
    risks=("<at>Everyone</at> panic", "**bold** claim"),
    withheld_risks=1,
)
PROJECT = ProjectInfo(
    id=7,
    ref="CIT-05",
    name="Website redesign",
    area="Digital Citizen",
    enablers=("Data and insight",),
    leads=("Laura Bennett",),
    deputies=("Sophie Turner",),
    latest=UPDATE,
    description="A new <b>accessible</b> website.",
)


def _card_texts(card: dict) -> list[str]:
    out = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("text", "value", "title"):
                if isinstance(node.get(key), str):
                    out.append(node[key])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(card)
    return out


def _overview(field=None) -> Result:
    intent = q.PROJECT_FIELD if field else q.PROJECT_OVERVIEW
    return Result(Query(intent, project_ids=(7,), field=field), intent, projects=[PROJECT], withheld=1)


def test_every_project_answer_says_whose_update_and_when():
    answer = render(_overview())
    assert "From Priya Shah's update on 3 March 2026." in answer.text
    assert answer.data["source"] == {
        "by": "Priya Shah",
        "on": "2026-03-03",
        "at": "2026-03-03T09:30:00+00:00",
        "cycle": "2026-W10",
    }


def test_rag_is_a_word_and_a_colour_in_the_card():
    card = render(_overview()).card
    rag_blocks = [b for b in card["body"] if b.get("type") == "TextBlock" and "color" in b]
    assert rag_blocks and rag_blocks[0]["color"] == "attention" and "Red" in rag_blocks[0]["text"]
    assert card["version"] == "1.5" and card["type"] == "AdaptiveCard"


def test_a_project_card_offers_its_history_with_a_fallback():
    action = render(_overview()).card["actions"][0]
    assert action["type"] == "Action.Execute" and action["verb"] == "history"
    assert action["data"] == {"project_ref": "CIT-05"}
    assert action["fallback"]["type"] == "Action.Submit"
    assert action["fallback"]["data"] == {"verb": "history", "project_ref": "CIT-05"}


def test_user_text_cannot_become_a_link_a_mention_or_formatting():
    for field in ("blockers", "risks"):
        answer = render(_overview(field))
        for t in _card_texts(answer.card):
            assert "[click here](" not in t and "<at>" not in t and "**bold**" not in t
        assert "<at>" not in answer.text and "[click here](" not in answer.text
    assert "<b>" not in render(_overview("description")).text


def test_withheld_risks_are_counted_in_words():
    answer = render(_overview("risks"))
    assert "1 more risk is marked sensitive" in answer.text and answer.data["withheld"] == 1


def test_milestone_dates_are_written_the_uk_way_and_late_ones_are_marked():
    result = _overview("milestones")
    result.today = date(2026, 11, 26)
    result.milestones = [
        MilestoneInfo(7, "Content migration", date(2026, 11, 20), "in progress"),
        MilestoneInfo(7, "Website launch", date(2027, 1, 29), "not started"),
    ]
    answer = render(result)
    assert "20 November 2026 (in progress, overdue)" in answer.text and "29 January 2027 (not started)" in answer.text
    assert answer.data["dates"] == ["2026-11-20", "2027-01-29"]
    assert "from the project plan" in answer.text


def test_which_one_did_you_mean_has_a_button_per_candidate(vocab):
    query = parse("who leads digital skills?", vocab, None, TODAY)
    answer = render(Result(query, AMBIGUOUS), vocab)
    assert answer.kind == "ambiguous" and "Which one did you mean?" in answer.text
    buttons = answer.card["actions"]
    assert len(buttons) == len(query.candidates) >= 2
    for button in buttons:
        asked = button["data"]["msteams"]["value"]
        again = parse(asked, vocab, None, TODAY)
        assert again.answerable and again.intent == q.PROJECT_LEADS


def test_a_pick_of_many_keeps_to_the_five_buttons_a_card_may_carry_and_lists_them_all(vocab):
    """Six projects sharing a word ("… Portal"): the renderer refuses a card with more than five actions."""
    query = parse("who leads digital skills?", vocab, None, TODAY)
    many = tuple(q.Candidate("project", 900 + i, f"Portal number {i} (P-{i})", f"P-{i}") for i in range(6))
    answer = render(Result(query.but(candidates=many), AMBIGUOUS), vocab)
    assert len(answer.card["actions"]) == 5
    assert all(f"Portal number {i}" in answer.text for i in range(6))


def test_not_sure_offers_three_or_four_questions_that_work(vocab):
    query = parse("what is the meaning of life", vocab, None, TODAY)
    answer = render(Result(query, q.UNKNOWN), vocab)
    assert answer.kind == "unknown" and "not sure" in answer.text
    suggestions = answer.data["suggestions"]
    assert 3 <= len(suggestions) <= 4 and len(answer.card["actions"]) == len(suggestions)
    assert all(parse(s, vocab, None, TODAY).answerable for s in suggestions)


def test_help_always_answers_with_examples(vocab):
    answer = render(Result(parse("help", vocab, None, TODAY), q.HELP), vocab)
    assert answer.kind == "help" and len(answer.data["examples"]) >= 4 and answer.card["actions"]


def test_cards_escape_neutralises_markdown_and_mentions():
    assert cards_escape("[x](http://evil)") == "\\[x\\](http://evil)"
    assert cards_escape("<at>Bob</at>") == "‹at›Bob‹/at›"
    assert cards_escape("- item\n1. first") == "\\- item\n1\\. first"
    assert cards_escape("**b** _i_ (note)") == "\\*\\*b\\*\\* \\_i\\_ (note)"
    assert len(cards_escape("x" * 5000)) <= 600


def test_text_escape_escapes_html_for_plain_messages():
    assert text_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_uk_dates():
    assert uk_date(date(2026, 11, 25)) == "25 November 2026"
    assert uk_date(datetime(2026, 3, 28, 23, 30, tzinfo=UTC), "Europe/London") == "28 March 2026"
    assert uk_date(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), "Europe/London") == "30 March 2026"


def test_answers_fit_a_bot_message(vocab):
    projects = [ProjectInfo(id=i, ref=f"P-{i}", name="A long project name " * 5, latest=UPDATE) for i in range(500)]
    result = Result(Query(q.PROJECTS_BY_RAG, rag="red"), q.PROJECTS_BY_RAG, projects=projects)
    answer = render(result, vocab)
    assert len(json.dumps(answer.card)) < 40_000 and "…and 475 more." in answer.text
    assert answer.data["count"] == 500


@pytest.mark.parametrize(
    "text, rags, expected",
    [
        ("has the land charges project been red the whole time", ["red", "red", "red"], "yes"),
        ("has the land charges project been red the whole time", ["red", "amber", "red"], "no"),
        ("has bulky waste ever changed rag", ["green", "green"], "no"),
        ("has bulky waste ever changed rag", ["green", "amber"], "yes"),
    ],
)
def test_yes_or_no_over_a_projects_whole_history(text, rags, expected):
    """Before: the history was shown with no yes or no (scored as a confident wrong answer: an incomplete one)."""
    from programme.questions import answers_more

    history = [
        UpdateInfo(i, 7, f"c{i}", 1, datetime(2026, 9, 1 + i, tzinfo=UTC), "someone", rag, 50)
        for i, rag in enumerate(rags)
    ]
    query = Query(q.PROJECT_FIELD, field="history", project_ids=(7,), yes_no=True, text=text)
    result = Result(query, q.PROJECT_FIELD, projects=[ProjectInfo(7, "FN-07", "Bulky Waste Booking")], history=history)
    assert answers_more.yes_no_of(result) == expected


def test_several_answers_in_one_message_keep_to_five_buttons():
    from programme.questions.answer_base import Answer
    from programme.questions.answers_help import combine

    def answered(n: int) -> Answer:
        buttons = [{"type": "Action.Submit", "title": f"Ask {n}.{i}", "data": {"q": f"{n}.{i}"}} for i in range(4)]
        return Answer("project", f"Answer {n}", {"type": "AdaptiveCard", "body": [], "actions": buttons}, {})

    both = combine([("first", answered(1)), ("second", answered(2))])
    assert both.kind == "parts" and len(both.card["actions"]) == 5

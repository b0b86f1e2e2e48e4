"""Questions about the DLG's decisions, through the question engine (no pattern list of their own): the
rule that recognises them, and the answers from the decisions recorded in Teams."""

from __future__ import annotations

from datetime import date

import pytest

from programme.access import Viewer
from programme.questions import parse
from programme.questions.decisions import DECISIONS, OPEN, OUTCOME
from programme.questions.vocab import Vocabulary
from services.ask import ask, forget_vocabulary
from tests.decision_fixtures import Board, card_of, decide, record_data
from tests.update_fixtures import JO, PRIYA


@pytest.mark.parametrize(
    "question, field, outcome",
    [
        ("which asks are still open?", OPEN, None),
        ("any asks still waiting for the DLG?", OPEN, None),
        ("what was approved this month?", OUTCOME, "approved"),
        ("what has the DLG deferred?", OUTCOME, "deferred"),
        ("what decisions has the DLG made?", "recent", None),
        ("what did the DLG decide?", "recent", None),
    ],
)
def test_decision_questions_are_recognised(question, field, outcome):
    q = parse(question, Vocabulary.empty(), today=date(2026, 11, 27))
    assert q.intent == DECISIONS and q.field == field and q.answerable, q
    if outcome:
        assert q.terms == (outcome,)


@pytest.mark.parametrize(
    "question",
    [
        "what is the intranet asking the DLG to decide?",  # the project's asks, as its lead wrote them
        "what's the DLG being asked to decide on records retention?",
        "any decisions needed for bus info?",
        "who approved the budget for the website",  # a person
        "has the contract been signed?",
        "which projects currently have asks of the dlg",
    ],
)
def test_questions_about_asks_people_or_projects_are_left_to_the_other_rules(question):
    assert parse(question, Vocabulary.empty(), today=date(2026, 11, 27)).intent != DECISIONS


def test_a_decision_about_something_unknown_is_not_sure():
    q = parse("what did the DLG decide about the scanning options paper?", Vocabulary.empty(), today=date(2026, 11, 27))
    assert q.intent == "unknown" and not q.answerable


MEMBER = Viewer(name="A member")


async def test_the_engine_answers_from_the_decisions_recorded_in_teams(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting\nAgree to pause the kiosk pilot")
        [listing] = [card_of(a) for a in await b.say(JO, "decisions") if a.get("attachments")]
        await b.press(
            JO,
            decide(
                {**record_data(listing, "portal"), "verb": "decision.record"}, "approved", "Go ahead: two pilots first"
            ),
        )
        forget_vocabulary()
        about = await ask(
            db, "what did the DLG decide about digital inclusion?", MEMBER, conversation_id=None, now=b.now
        )
        assert about.data["intent"] == DECISIONS and about.data["projects"] == ["DC01"]
        assert "Approved" in about.text and "Go ahead: two pilots first" in about.text and "kiosk" in about.text
        still = await ask(db, "which asks are still open?", MEMBER, conversation_id=None, now=b.now)
        assert [d["text"] for d in still.data["decisions"]] == ["Agree to pause the kiosk pilot"]
        approved = await ask(db, "what was approved this month?", MEMBER, conversation_id=None, now=b.now)
        assert [d["text"] for d in approved.data["decisions"]] == ["Approve the £20k for portal hosting"]
        assert "Jo Bloggs" in approved.text
        none_yet = await ask(db, "what was declined this month?", MEMBER, conversation_id=None, now=b.now)
        assert none_yet.data["decisions"] == [] and "Nothing was declined" in none_yet.text


async def test_a_projects_asks_include_those_still_open_from_earlier_cycles(db, tmp_path):
    """The lead's box need not repeat an undecided ask (it carries forward on its own): "what is X asking the
    DLG for?", "which projects are asking the DLG for something?" and "which asks are still open?" all still
    name it, asked through the endpoint; a decided ask is not named as open."""
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting\nAgree to pause the kiosk pilot")
        await b.post_digest()
        [listing] = [card_of(a) for a in await b.say(JO, "decisions") if a.get("attachments")]
        await b.press(
            JO, decide({**record_data(listing, "kiosk"), "verb": "decision.record"}, "declined", "Keep the kiosks")
        )
        b.advance(days=7)
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "None")  # nothing new; the £20k is still waiting
        forget_vocabulary()

        replies = await b.say(JO, "what is digital inclusion asking the DLG for?")
        text = " ".join(_words(r) for r in replies)
        assert "Approve the £20k for portal hosting" in text and "Still open from earlier cycles" in text
        assert "kiosk" not in text.lower()  # decided: not open
        listed = " ".join(_words(r) for r in await b.say(JO, "which projects are asking the DLG for something?"))
        assert "DC01" in listed and "an ask still open from an earlier cycle" in listed
        still = " ".join(_words(r) for r in await b.say(JO, "which asks are still open?"))
        assert "Approve the £20k for portal hosting" in still and "kiosk" not in still.lower()


def _words(activity: dict) -> str:
    """What a reply says: its text and every text of its cards."""
    out = [activity.get("text") or ""]

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(activity.get("attachments") or [])
    return " ".join(out)

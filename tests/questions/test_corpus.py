"""The question corpora (tests/questions/corpus/): the loader, the scorer, and the tuning sets, the spent sealed
sets, the regression sets and the old sets asked through `POST /api/messages` of the real app, replies to the
fake Bot Connector.

The sealed sets of shire, vale and fen were scored once and are spent (docs/benchmarks.md): they are tuning data
now, kept here at the level they reached. A new sealed set (new author, new plan) is never read here.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from programme.cycles import Cadence, period_start
from store.models import Person, Project, StatusUpdate
from tests.questions import corpus_expect
from tests.questions.corpus_load import load_corpus
from tests.questions.corpus_score import score_file

CORPUS = Path(__file__).with_name("corpus")
HERE = Path(__file__).parent


def test_a_fortnightly_cadence_follows_its_anchor():
    """Vale's fortnights open 9 November, 23 November …; without an anchor they would open a week off."""
    anchored = Cadence(frequency="fortnightly", anchor=date(2026, 11, 10))
    assert period_start(date(2027, 1, 19), anchored) == date(2027, 1, 18)
    assert period_start(date(2027, 1, 19), Cadence(frequency="fortnightly")) == date(2027, 1, 11)
    assert Cadence.from_dict(anchored.to_dict()) == anchored


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_a_corpus_folder_loads_through_the_import(db):
    meta = await load_corpus(db, CORPUS / "vale")
    rows = lambda name: list(csv.DictReader((CORPUS / "vale" / name).open(encoding="utf-8")))  # noqa: E731  # a one-line helper, kept beside its use
    async with db.unit_of_work() as s:
        assert await s.scalar(select(func.count()).select_from(Project)) == len(rows("plan.csv"))
        assert await s.scalar(select(func.count()).select_from(StatusUpdate)) == len(rows("history.csv"))
        named = {p.email: p.name for p in (await s.scalars(select(Person))).all()}
    assert all(named[r["email"]] for r in rows("people.csv"))
    assert meta.cadence.frequency == "fortnightly" and meta.now.year == 2027


def test_the_scorer_tells_correct_not_sure_and_wrong_apart():
    yes = {"kind": "project_overview", "projects": ["V107"], "rag": "amber", "answer": "no"}
    assert corpus_expect.score({"projects": ["V107"], "rag": "amber", "answer": False}, yes, "No.")[0] == "correct"
    assert corpus_expect.score({"projects": ["V107"], "answer": True}, yes, "No.")[0] == "wrong"
    assert corpus_expect.score({"projects": ["V107"]}, {"kind": "unknown"}, "")[0] == "not_sure"
    assert corpus_expect.score({"not_sure": True}, yes, "")[0] == "wrong"
    assert corpus_expect.score({"refused": True}, {"kind": "refused"}, "")[0] == "correct"
    assert corpus_expect.score({"small_talk": True}, {"kind": "unknown"}, "")[0] == "not_sure"
    assert (
        corpus_expect.score({"ambiguous": ["V125", "V127"]}, {"kind": "ambiguous", "candidates": ["V125"]}, "")[0]
        == "not_sure"
    )
    assert corpus_expect.score({"text_contains": ["five done"]}, yes, "Five done so far.")[0] == "correct"
    assert corpus_expect.score({"dates": [date(2027, 1, 8)]}, {**yes, "dates": ["2027-01-08"]}, "")[0] == "correct"


def test_the_scorer_scores_every_part_of_a_message():
    parts = [{"projects": ["V114"], "progress": 66}, {"projects": ["V108"], "progress": 78}]
    both = {"kind": "parts", "parts": [{"projects": ["V114"], "progress": 66}, {"projects": ["V108"], "progress": 78}]}
    one = {"kind": "parts", "parts": [{"projects": ["V108"], "progress": 78}]}
    wrong = {"kind": "parts", "parts": [{"projects": ["V114"], "progress": 60}, {"projects": ["V108"], "progress": 78}]}
    assert corpus_expect.score({"parts": parts}, both, "")[0] == "correct"
    assert corpus_expect.score({"parts": parts}, one, "")[0] == "not_sure"
    assert corpus_expect.score({"parts": parts}, wrong, "")[0] == "wrong"


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", ["shire", "vale"])
async def test_the_tuning_sets_through_the_endpoint(name):
    """At the time of writing: shire 99.5% (0 confident wrong, 1 not sure), vale 100%; the bar kept here is 98%
    and no confident wrong answer."""
    report = await score_file(CORPUS / name / "tuning.yaml")
    print("\n" + report.line())
    k = report.counts
    assert report.excluded == 3
    assert k["correct"] >= 0.98 * len(report.outcomes), report.details()
    assert k["wrong"] == 0, report.details()


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", ["shire", "vale"])
async def test_the_spent_sealed_sets_through_the_endpoint(name):
    """Spent (scored once at 77-80%, then tuned on): shire 100%, vale 99.3% at the time of writing; kept at 98%
    with no confident wrong answer."""
    report = await score_file(CORPUS / name / "sealed.yaml")
    print("\n" + report.line())
    assert report.counts["wrong"] == 0, report.details()
    assert report.counts["correct"] >= 0.98 * len(report.outcomes), report.details()


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", ["shire", "vale"])
async def test_the_regression_sets_through_the_endpoint(name):
    """Each class of question the spent sealed sets got wrong, asked in other words (corpus/*/regressions.yaml):
    all answered correctly (the engine before this work: shire 7 of 26, vale 3 of 10)."""
    report = await score_file(CORPUS / name / "regressions.yaml")
    print("\n" + report.line())
    assert report.counts["correct"] == len(report.outcomes), report.details()


FEN_CORRECT, FEN_WRONG = 302, 6  # fifth session: 299 correct, 24 not sure, 7 wrong; seventh: 298 (see the fen test);
# eleventh (engine11 + calibration): 302 / 22 / 6; thirteenth: 303 / 22 / 5 with "which projects is X on" as
# every role, taken back (the old hold-out set's key is those X leads): 302 / 22 / 6
DALE_CORRECT, DALE_WRONG = 301, 3  # fifth session, tuned on dale: 290 correct, 26 not sure, 8 wrong; seventh: 6 wrong;
# ninth: 294 / 24 / 6; eleventh (engine11 + calibration): 299 / 21 / 4; fourteenth: 301 / 20 / 3
MOOR_CORRECT, MOOR_WRONG = (
    430,
    12,
)  # sixth session, tuned on moor: 406 / 35 / 29; seventh: 413 / 41 / 16; eighth: 414 / 15; ninth: 427 / 29 / 14;
# eleventh (engine11 + calibration): 429 / 28 / 13; thirteenth (facts not held): 430 / 28 / 12
BECK_CORRECT, BECK_WRONG = (
    488,
    23,
)  # held out until the seventh session: 426 / 38 / 56; eighth, tuned on it: 454 / 31 / 35; ninth: 469 / 23 / 28;
# eleventh: 478 / 15 / 27; twelfth ('why' names the parts it shows): 480 / 15 / 25; i15-hist (a value at a past
# moment, the next milestone not an overdue one): 482 / 15 / 23; fourteenth (come up, date words, named days): 488 / 9 / 23
HOLT_CORRECT, HOLT_WRONG = (
    484,
    11,
)  # held out until the ninth session: 433 / 52 / 41; tenth, tuned on it: 450 / 52 / 24;
# eleventh (engine11 + calibration): 469 / 44 / 13; twelfth: 470 / 44 / 12; thirteenth: 471 / 44 / 11; fourteenth:
# 482 / 33 / 11; i15-one: 484 / 31 / 11
KELL_CORRECT, KELL_WRONG = 576, 16  # held out until the twelfth session: 504 / 85 / 78 before, 507 / 85 / 75 after
# its round; then tuned on (Christmas ahead, 'reported' no typo of 'report', the 1st, 'why' fields, deputies and
# areas counted): 524 / 86 / 57; thirteenth, the lead's round (a search finding nothing is 0 and no, a name then "is
# that green", "how long has X been going", the lead named, "kwame's project", "since friday's digest", "quiet
# projects"): 535 / 85 / 47; the round on what updates say (moved go-lives, details, field words, facts not held):
# 537 / 88 / 42; both: 548 / 87 / 32; the round on past moments, the next milestone, follow-ups over the list
# (539 / 83 / 45 alone); all three: 563 / 84 / 20; fourteenth session (lists and windows, talk, the lead's): 575 / 76 / 16;
# i15-one: 576 / 75 / 16
ASHBY_CORRECT, ASHBY_WRONG = 586, 19  # held out until the thirteenth session: 533 / 58 / 51 before, 540 / 58 / 44
# after; then tuned on (monthly cycles before their opening, "better or worse than last month"): 548 / 58 / 36;
# fourteenth session (negated windows, updates vs changes, RAG of the updates, field words, parts, follow-ups): 585 / 38 / 19;
# i15-one: 586 / 37 / 19
TARN_CORRECT, TARN_WRONG = 493, 9  # held out until the fourteenth session: 442 / 63 / 34 before, 458 / 49 / 32
# after; then tuned on (the area with the fewest, "anything red?", how many people lead, named days): 466 / 45 / 28;
# i15-one (verbless yes or no, a finish the update moved, "what's that", "what time", "than its last update", "what
# else are they deputy for", a filler starting a name, a second colour of one area): 481 / 41 / 17; with i15-hist
# (who sent updates, a day after the digest, RAG history, any red update) and i15-lead (people by roles): 493 / 37 / 9
WOLD_CORRECT, WOLD_WRONG = 507, 41  # held out until the fifteenth session: 500 / 50 / 42 before, 507 / 44 / 41 after


@pytest.mark.timeout(300)
async def test_the_spent_fen_set_does_not_fall_back():
    """fen was scored once at 76.7% with 41 confident wrong (spent), then tuned on: 81.8% and 15 wrong, then 90.3%
    (298 of 330) and 7 wrong (fourth session; the 7 are listed in its report: expectations that disagree with the
    older sets, follow-ups after an excluded question, the history's eight-cycle window). Its floor keeps what was
    won; the bar (97%, 0 wrong) needs a new sealed set, never this one. Fifth session: 299 and 7. Seventh: 298 and
    7 — "is the bulky waste project nearly done?" is now "not sure" (a question asking only yes or no that the facts
    do not decide: fen expected the overview, other sets count such an answer wrong)."""
    report = await score_file(CORPUS / "fen" / "sealed.yaml")
    print("\n" + report.line())
    assert report.counts["wrong"] <= FEN_WRONG, report.details()
    assert report.counts["correct"] >= FEN_CORRECT, report.details()


@pytest.mark.timeout(300)
async def test_the_dale_set_does_not_fall_back():
    """dale (a fifth author's development set) was scored once at 279 correct / 21 wrong after the fourth session,
    then tuned on in the fifth (the accounting step, then its classes). Its floor: correct no more than two below
    what the fifth session reached, confident wrong no more than it reached."""
    report = await score_file(CORPUS / "dale" / "dev.yaml")
    print("\n" + report.line())
    assert report.counts["wrong"] <= DALE_WRONG, report.details()
    assert report.counts["correct"] >= DALE_CORRECT - 2, report.details()


@pytest.mark.timeout(400)
async def test_the_moor_set_does_not_fall_back():
    """moor (a sixth author's development set) was scored once at 385 correct / 49 wrong after the fifth session,
    then tuned on in the sixth (moor's classes). Its floor: correct no more than two below what the sixth session
    reached, confident wrong no more than it reached."""
    report = await score_file(CORPUS / "moor" / "dev.yaml")
    print("\n" + report.line())
    assert report.counts["wrong"] <= MOOR_WRONG, report.details()
    assert report.counts["correct"] >= MOOR_CORRECT - 2, report.details()


@pytest.mark.timeout(400)
async def test_the_beck_set_does_not_fall_back():
    """beck (a seventh author's set, written blind to the code) was scored once as a held-out set at 426 correct /
    56 wrong after the seventh session, then tuned on in the eighth (beck's classes). Its floor: correct no more
    than two below what the eighth session reached, confident wrong no more than it reached."""
    report = await score_file(CORPUS / "beck" / "dev.yaml")
    print("\n" + report.line())
    assert report.counts["wrong"] <= BECK_WRONG, report.details()
    assert report.counts["correct"] >= BECK_CORRECT - 2, report.details()


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", ["question_set.yaml", "holdout_set.yaml"])
async def test_the_old_sets_through_the_endpoint(name):
    report = await score_file(HERE / name)
    print("\n" + report.line())
    assert report.counts["wrong"] == 0, report.details()
    assert report.counts["correct"] >= 0.95 * len(report.outcomes), report.details()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_a_deputy_known_only_by_email_is_named_by_the_address_never_left_empty(db):
    from programme.access import Viewer
    from services.ask import ask, forget_vocabulary

    forget_vocabulary()
    meta = await load_corpus(db, CORPUS / "vale")
    answer = await ask(
        db, "who leads the EDRMS and who's the deputy", Viewer(), conversation_id=None, tz=meta.timezone, now=meta.now
    )
    forget_vocabulary()
    assert "l.osei@vale.gov.uk" in answer.text
    assert "Deputy: ." not in answer.text and "Deputy: ," not in answer.text


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_projects_with_asks_in_a_past_month_count_every_update_of_that_month(db):
    """ "Which projects were asking the DLG for something in November": any November update with an ask, not only
    projects whose latest update happens to fall in November (fen: several updated again in December, without)."""
    from programme.access import Viewer
    from services.ask import ask, forget_vocabulary
    from store.question_more import empty

    forget_vocabulary()
    meta = await load_corpus(db, CORPUS / "fen")
    rows = list(csv.DictReader((CORPUS / "fen" / "history.csv").open(encoding="utf-8")))
    names = {r["ref"]: r["name"] for r in csv.DictReader((CORPUS / "fen" / "plan.csv").open(encoding="utf-8"))}
    asked = {r["project_ref"] for r in rows if r["submitted_at"].startswith("2026-11") and not empty(r["asks_of_dlg"])}
    latest = {r["project_ref"]: r["submitted_at"] for r in sorted(rows, key=lambda r: r["submitted_at"])}
    assert any(not latest[ref].startswith("2026-11") for ref in asked), "the data should have a later update too"
    answer = await ask(
        db,
        "which projects were asking the dlg for something in november?",
        Viewer(),
        conversation_id=None,
        tz=meta.timezone,
        now=meta.now,
    )
    forget_vocabulary()
    shown = {ref for ref in names if f"({ref})" in answer.text}
    assert shown == asked, answer.text


@pytest.mark.timeout(400)
async def test_the_holt_set_does_not_fall_back():
    """holt (a tenth author's set, written blind to the code) was scored once as a held-out set at 433 correct /
    41 wrong after the ninth session, then tuned on in the tenth (holt's classes). Its floor: correct no more than two
    below what the tenth session reached, confident wrong no more than it reached."""
    report = await score_file(CORPUS / "holt" / "dev.yaml")
    print("\n" + report.line())
    assert report.counts["wrong"] <= HOLT_WRONG, report.details()
    assert report.counts["correct"] >= HOLT_CORRECT - 2, report.details()


@pytest.mark.timeout(300)
async def test_the_kell_set_does_not_fall_back():
    """kell (an eleventh author's set, written blind to the code) was scored once as a held-out set at 507 correct /
    75 wrong in the twelfth session, then tuned on. Its floor: correct no more than two below what that reached,
    confident wrong no more than it reached."""
    report = await score_file(CORPUS / "kell" / "dev.yaml")
    print("\n" + report.line())
    assert report.counts["wrong"] <= KELL_WRONG, report.details()
    assert report.counts["correct"] >= KELL_CORRECT - 2, report.details()


@pytest.mark.timeout(300)
async def test_the_ashby_set_does_not_fall_back():
    """ashby (a twelfth author's set, written blind to the code) was scored once as a held-out set at 540 correct /
    44 wrong in the thirteenth session, then tuned on. Its floor: correct no more than two below what that reached,
    confident wrong no more than it reached."""
    report = await score_file(CORPUS / "ashby" / "dev.yaml")
    print("\n" + report.line())
    assert report.counts["wrong"] <= ASHBY_WRONG, report.details()
    assert report.counts["correct"] >= ASHBY_CORRECT - 2, report.details()


@pytest.mark.timeout(300)
async def test_the_tarn_set_does_not_fall_back():
    """tarn (a thirteenth author's set, written blind to the code) was scored once as a held-out set at 458 correct /
    32 wrong in the fourteenth session, then tuned on. Its floor: correct no more than two below what that reached,
    confident wrong no more than it reached."""
    report = await score_file(CORPUS / "tarn" / "dev.yaml")
    print("\n" + report.line())
    assert report.counts["wrong"] <= TARN_WRONG, report.details()
    assert report.counts["correct"] >= TARN_CORRECT - 2, report.details()


@pytest.mark.timeout(300)
async def test_the_wold_set_does_not_fall_back():
    """wold (a fourteenth author's set, written blind to the code) was scored once as a held-out set at 507 correct /
    41 wrong in the fifteenth session. Its floor: correct no more than two below that, confident wrong no more."""
    report = await score_file(CORPUS / "wold" / "dev.yaml")
    print("\n" + report.line())
    assert report.counts["wrong"] <= WOLD_WRONG, report.details()
    assert report.counts["correct"] >= WOLD_CORRECT - 2, report.details()

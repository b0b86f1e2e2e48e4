"""The rules of an ask's life, without a database: what is an ask, matching a retyped one, deciding."""

from __future__ import annotations

from datetime import date

import pytest

from programme import asks as rules
from programme.asks import KnownAsk


@pytest.mark.parametrize(
    "line",
    [
        "None",
        "none.",
        "N/A",
        "n/a",
        "NA",
        "-",
        "--",
        "None this cycle",
        "No decisions needed this time",
        "Nothing this cycle, thanks!",
        "No asks of the DLG",
        "Not at this time",
        "nil",
        "TBC",
        "No support needed at the moment",
        "—",
    ],
)
def test_a_line_that_says_there_is_nothing_to_ask_is_not_an_ask(line):
    assert not rules.is_real_ask(line)


@pytest.mark.parametrize(
    "line",
    [
        "Approve the business case",
        "None of the options work: decide between A and B",
        "No objection to the variation needed, please confirm",
        "Need a decision on hosting",
        "N/A for now but we will need £20k in March",
    ],
)
def test_a_real_ask_is_an_ask(line):
    assert rules.is_real_ask(line)


def test_an_updates_box_splits_into_its_real_asks_once_each():
    box = "- Approve the £20k\n* None\n1. Agree the pilot sites\n\n• approve  the £20K\n" + "Ask number {}\n" * 0
    assert rules.split_asks(box) == ["Approve the £20k", "Agree the pilot sites"]
    assert rules.split_asks("A whole paragraph asking the DLG to agree to pause the kiosk pilot until March.") == [
        "A whole paragraph asking the DLG to agree to pause the kiosk pilot until March."
    ]
    assert rules.split_asks("\n".join(f"Ask {i}" for i in range(30))) == [
        f"Ask {i}" for i in range(rules.MAX_ASKS_PER_UPDATE)
    ]


def test_a_retyped_or_edited_ask_keeps_its_identity_and_a_decided_one_is_not_raised_again():
    known = [
        KnownAsk(1, "Approve the £20k for portal hosting", "open"),
        KnownAsk(2, "Agree to pause the kiosk pilot", "deferred"),
        KnownAsk(3, "Confirm the data-sharing agreement", "approved"),
    ]
    lines = [
        "approve £20k for the portal hosting",
        "Confirm the data-sharing agreement",
        "Agree to pause the kiosk pilot",
        "Fund a second developer",
    ]
    result = rules.sync(lines, known)
    assert result.seen == [1, 2] and result.reworded == {1: "approve £20k for the portal hosting"}
    assert result.leftovers == ["Confirm the data-sharing agreement"] and result.new == ["Fund a second developer"]
    assert rules.sync(["Approve the £20k for portal hosting"], known[:1]).changed is False


def test_one_line_matches_one_ask_best_first():
    known = [
        KnownAsk(1, "Approve the budget for phase one", "open"),
        KnownAsk(2, "Approve the budget for phase two", "open"),
    ]
    result = rules.sync(["Approve the budget for phase two"], known)
    assert result.seen == [2] and result.new == [] and result.reworded == {}


def test_the_next_cards_box_leaves_out_asks_already_recorded():
    known = [KnownAsk(1, "Approve the £20k for portal hosting", "open"), KnownAsk(3, "Confirm the DSA", "approved")]
    assert (
        rules.prefill_asks("- Approve the £20k for portal hosting\n- Confirm the DSA\n- None\n- New thing", known)
        == "- New thing"
    )


def test_a_decision_is_read_and_checked():
    today = date(2026, 11, 27)
    assert rules.read_decision({"outcome": "Approved", "note": " Go ahead "}, today) == rules.DecisionInput(
        "approved", "Go ahead"
    )
    assert rules.read_decision({"outcome": "deferred", "deferred_until": "2027-01-14"}, today).deferred_until == date(
        2027, 1, 14
    )
    for data, problem in [
        ({"outcome": "maybe"}, "Choose what the DLG decided"),
        ({"outcome": "withdrawn"}, "Choose what the DLG decided"),  # the lead's, not the DLG's
        ({"outcome": "declined"}, "Say briefly why"),
        ({"outcome": "approved", "note": "x" * 501}, "under 500"),
        ({"outcome": "approved", "deferred_until": "2027-01-14"}, "Deferred only"),
        ({"outcome": "deferred", "deferred_until": "2026-11-01"}, "after today"),
        ({"outcome": "deferred", "deferred_until": "soon"}, "a date like"),
    ]:
        with pytest.raises(rules.Invalid, match=problem):
            rules.read_decision(data, today)
    for bad in (None, "x", -1, 10_001, [1]):
        with pytest.raises(rules.Invalid):
            rules.read_version(bad)


def test_what_is_on_this_meetings_agenda_and_how_old_it_is():
    today = date(2026, 11, 27)
    assert rules.needs_decision("open", None, today) and rules.needs_decision("deferred", None, today)
    assert rules.needs_decision("deferred", date(2026, 11, 27), today)
    assert not rules.needs_decision("deferred", date(2026, 12, 4), today) and not rules.needs_decision(
        "approved", None, today
    )
    assert [rules.age_words(n) for n in (0, 1, 3)] == ["raised this cycle", "raised last cycle", "raised 3 cycles ago"]
    assert rules.recorder_words("", "dlg") == "a DLG member" and rules.recorder_words("Jo Bloggs", "dlg") == "Jo Bloggs"


def test_an_edit_that_takes_out_this_cycles_own_ask_takes_it_back_but_never_a_carried_or_listed_one():
    known = [
        KnownAsk(1, "Approve the £20k", "open", raised_cycle_id=9),
        KnownAsk(2, "Pause the kiosks", "open", raised_cycle_id=8),  # carried from last cycle
        KnownAsk(3, "Fund a developer", "open", raised_cycle_id=9, on_agenda=True),  # a posted digest listed it
        KnownAsk(4, "Agree the sites", "deferred", raised_cycle_id=9),
    ]
    result = rules.sync(["Something new"], known, cycle_id=9)
    assert result.dropped == [1] and result.new == ["Something new"]
    assert rules.sync([], known, cycle_id=None).dropped == []

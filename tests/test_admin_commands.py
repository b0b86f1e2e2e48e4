"""The admin commands' rules without I/O: reading what was typed, what a card may carry back, which
status moves make sense, and the audit log in words."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from programme.admin_commands import (
    AreaName,
    Change,
    Invalid,
    PersonName,
    audit_changes,
    audit_when,
    audit_window,
    match_area,
    match_people,
    parse_new_project,
    person_query,
    read_change,
    rename_splits,
    status_problem,
)

AREAS = [
    AreaName("digital-citizen", "Digital Citizen"),
    AreaName("digital-council", "Digital Council"),
    AreaName("digital-care", "Digital Care"),
    AreaName("digital-economy", "Digital Economy"),
]


def test_a_new_project_is_ref_then_name_then_area():
    new = parse_new_project("cit-04 Digital parking permits in the Digital Citizen area")
    assert (new.ref, new.name, new.area_text) == ("CIT-04", "Digital parking permits", "Digital Citizen")
    assert parse_new_project("CIT-05 Libraries in the cloud in Digital Citizen").name == "Libraries in the cloud"
    with pytest.raises(Invalid, match="doesn't look like a project ref"):
        parse_new_project("Parking permits in Digital Citizen")
    with pytest.raises(Invalid, match="Write it as"):
        parse_new_project("CIT-04 Parking")


def test_rename_offers_every_reading_of_to():
    assert rename_splits("Move to cloud to Cloud migration") == [
        ("Move", "cloud to Cloud migration"),
        ("Move to cloud", "Cloud migration"),
    ]
    assert rename_splits("CIT-02") == []


def test_a_person_is_an_email_or_a_name():
    assert person_query("<Priya.Shah@Council.Example>") == ("priya.shah@council.example", "")
    assert person_query("Priya Shah") == ("", "Priya Shah")
    with pytest.raises(Invalid):
        person_query("priya@")


def test_people_and_areas_are_matched_and_ties_are_not_broken_quietly():
    people = [
        PersonName(1, "Priya Shah", "p@x.org"),
        PersonName(2, "Priya Sharma", "q@x.org"),
        PersonName(3, "Jo Bloggs", None),
    ]
    assert [p.id for p in match_people("jo bloggs", people)] == [3]
    assert len(match_people("Priya", people)) == 2
    assert match_people("Nobody Atall", people) == []
    assert [a.key for a in match_area("citizen", AREAS)] == ["digital-citizen"]
    assert [a.key for a in match_area("DIGITAL-CARE", AREAS)] == ["digital-care"]
    assert len(match_area("digital", AREAS)) == 4


def test_a_card_carries_back_only_a_well_formed_change():
    change = Change(op="set_status", ref="CAR-02", status="retired", expect={"status": "active"})
    assert read_change(change.to_data()) == change
    for forged in (
        {**change.to_data(), "op": "drop_table"},
        {**change.to_data(), "status": "exploded"},
        {**change.to_data(), "ref": "CAR 02; --"},
        {**change.to_data(), "expect": "x" * 10},
        {"op": "add_role", "ref": "CAR-02", "role": "lead"},
        {"op": "grant_staff", "role": "owner", "email": "a@b.org"},
        {"op": "add_role", "ref": "CAR-02", "role": "lead", "person_id": True},
        "not a dict",
    ):
        with pytest.raises(Invalid):
            read_change(forged)


def test_a_name_still_to_match_is_accepted_only_before_confirming():
    half = {"op": "add_role", "ref": "CAR-02", "role": "lead", "who": "Priya"}
    assert read_change(half, resolved=False).who == "Priya"
    with pytest.raises(Invalid, match="doesn't name a person"):
        read_change(half)


def test_status_moves_that_make_no_sense_say_why():
    assert status_problem("pause", "CAR-02", "active") is None
    assert "already paused" in status_problem("pause", "CAR-02", "paused")
    assert "reactivate" in status_problem("pause", "CAR-02", "retired")
    assert status_problem("reactivate", "CAR-02", "retired") is None
    assert status_problem("retire", "CAR-02", "closed") is None


def test_the_audit_log_in_words():
    assert audit_changes({"name": "Old", "aliases": ["a"]}, {"name": "New", "aliases": ["a"]}) == ["name: Old → New"]
    assert audit_changes(None, {"leads": ["p@x.org"]}) == ["leads: p@x.org"]
    assert audit_changes({"leads": []}, {"leads": ["p@x.org", "q@x.org"]}) == ["leads: — → p@x.org, q@x.org"]
    assert audit_when(datetime(2026, 7, 1, 12, 5, tzinfo=UTC), "Europe/London") == "01/07/2026 13:05"


def test_audit_dates_are_read_the_uk_way():
    today = date(2026, 4, 20)
    assert audit_window("since 1 March", today).start == date(2026, 3, 1)
    assert audit_window("this month", today).start == date(2026, 4, 1)
    assert audit_window("", today) is None
    with pytest.raises(Invalid):
        audit_window("since 03/31/2026", today)
    with pytest.raises(Invalid):
        audit_window("blue", today)

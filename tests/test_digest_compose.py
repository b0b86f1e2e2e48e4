"""Composing the digest from plain facts: what the DLG reads, with no database in sight."""

from __future__ import annotations

from datetime import date

from programme.digest import (
    DeliveryFacts,
    DigestFacts,
    Lead,
    MilestoneFacts,
    ProjectFacts,
    UpdateFacts,
    compose,
    missing_reason,
    omitted_total,
    summary_line,
    trim,
)

AREAS = ["Digital Citizen", "Digital Council", "Digital Care", "Digital Economy"]
ENABLERS = ["Data and insight", "Information governance and cyber security"]
PRIYA = Lead(1, "Priya Shah")
JAMES = Lead(2, "James Okafor")
SAM = Lead(3, "Sam Lee", away_until=date(2026, 12, 4))
ALEX = Lead(4, "Alex Wilber", unreachable_reason="User blocked the conversation with the bot.")


def project(pid: int, ref: str, area: str, *leads: Lead, enablers: tuple[str, ...] = ()) -> ProjectFacts:
    return ProjectFacts(pid, ref, f"Project {ref}", area, enablers, tuple(leads))


def facts(**overrides) -> DigestFacts:
    base = dict(
        period_key="2026-W48",
        as_of=date(2026, 11, 27),
        since=date(2026, 11, 16),
        cycle_opens=date(2026, 11, 23),
        cycle_due=date(2026, 11, 26),
        areas=AREAS,
        enablers=ENABLERS,
        projects=[
            project(1, "CIT-01", "Digital Citizen", PRIYA, enablers=("Data and insight",)),
            project(2, "CIT-02", "Digital Citizen", JAMES),
            project(3, "CAR-01", "Digital Care", SAM, enablers=("Data and insight",)),
            project(4, "ECO-01", "Digital Economy", ALEX),
        ],
        current={
            1: UpdateFacts(
                1,
                "amber",
                rag_reason="Supplier late",
                risks=({"text": "Budget pressure"},),
                asks_of_dlg="- Sign off the business case\n- Agree a new date",
            ),
            2: UpdateFacts(2, "green", summary="On track"),
        },
        previous={
            1: UpdateFacts(1, "green", risks=({"text": "budget  PRESSURE"},)),
            2: UpdateFacts(2, "green"),
            3: UpdateFacts(3, "red"),
        },
        full_url="https://bot.example.gov.uk/dashboard/digests/2026-W48",
        sensitive_url="https://bot.example.gov.uk/dashboard",
    )
    base.update(overrides)
    return DigestFacts(**base)


def test_a_lead_who_moves_from_green_to_amber_shows_as_a_change_with_their_reason():
    content = compose(facts())
    changes = content["rag_changes"]["items"]
    assert [(c["ref"], c["from"], c["to"], c["reason"], c["lead"]) for c in changes] == [
        ("CIT-01", "Green", "Amber", "Supplier late", "Priya Shah")
    ]


def test_at_a_glance_counts_each_projects_latest_rag_by_area_and_enabler_with_the_change():
    g = compose(facts())["glance"]
    citizen = next(a for a in g["areas"] if a["name"] == "Digital Citizen")
    assert citizen["counts"] == {"red": 0, "amber": 1, "green": 1, "none": 0}
    assert citizen["change"] == {"red": 0, "amber": 1, "green": -1, "none": 0}
    care = next(a for a in g["areas"] if a["name"] == "Digital Care")
    assert care["counts"]["red"] == 1  # no update this cycle: its last known RAG still counts
    economy = next(a for a in g["areas"] if a["name"] == "Digital Economy")
    assert economy["counts"]["none"] == 1
    data = next(e for e in g["enablers"] if e["name"] == "Data and insight")
    assert data["counts"] == {"red": 1, "amber": 1, "green": 0, "none": 0}
    assert g["participation"] == {"received": 2, "expected": 4, "late": 0}
    assert g["change_basis"] == "since the last cycle"


def test_the_change_is_measured_against_the_last_digest_when_there_was_one():
    previous = {
        "areas": [{"name": "Digital Citizen", "counts": {"red": 1, "amber": 0, "green": 1, "none": 0}}],
        "enablers": [],
        "total": {"counts": {"red": 2, "amber": 0, "green": 2, "none": 0}},
    }
    g = compose(facts(previous_glance=previous, previous_period_key="2026-W47"))["glance"]
    citizen = next(a for a in g["areas"] if a["name"] == "Digital Citizen")
    assert citizen["change"] == {"red": -1, "amber": 1, "green": 0, "none": 0}
    assert g["change_basis"] == "since the last digest (2026-W47)"
    assert g["total"]["change"] == {"red": -1, "amber": 1, "green": -1, "none": 1}


def test_asks_of_the_dlg_are_the_agenda_one_per_line_with_project_and_lead():
    agenda = compose(facts())["agenda"]
    assert [(i["ref"], i["lead"], i["text"], i["id"], i["needs_decision"]) for i in agenda["items"]] == [
        ("CIT-01", "Priya Shah", "Sign off the business case", None, True),
        ("CIT-01", "Priya Shah", "Agree a new date", None, True),
    ]
    assert agenda["needing"] == 2


def test_asks_that_say_there_is_nothing_to_ask_are_not_asks():
    current = {
        1: UpdateFacts(1, "green", asks_of_dlg="None"),
        2: UpdateFacts(2, "green", asks_of_dlg="N/A"),
        3: UpdateFacts(3, "green", asks_of_dlg="No decisions needed this time"),
        4: UpdateFacts(4, "green", asks_of_dlg="-\nNone this cycle\nApprove the data-sharing agreement"),
    }
    content = compose(facts(current=current))
    assert [i["text"] for i in content["agenda"]["items"]] == ["Approve the data-sharing agreement"]
    assert summary_line(content).endswith("1 ask of the DLG to decide.")


def test_a_risk_already_reported_is_not_new_and_sensitive_risks_are_counted_not_shown():
    current = {
        1: UpdateFacts(
            1,
            "amber",
            risks=(
                {"text": "Budget pressure"},
                {"text": "Phishing exposure", "sensitive": True},
                {"text": "Vendor lock-in"},
            ),
        )
    }
    content = compose(facts(current=current))
    assert [r["text"] for r in content["new_risks"]["items"]] == ["Vendor lock-in"]
    assert content["sensitive_withheld"] == 1
    assert "Phishing" not in str(content)


def test_a_blocker_is_new_only_when_its_text_changed():
    current = {
        1: UpdateFacts(1, "amber", blockers="Waiting for the network upgrade"),
        2: UpdateFacts(2, "green", blockers="Licences"),
    }
    previous = {1: UpdateFacts(1, "amber", blockers="waiting for the  network upgrade"), 2: UpdateFacts(2, "green")}
    assert [b["ref"] for b in compose(facts(current=current, previous=previous))["new_blockers"]["items"]] == ["CIT-02"]


def test_milestones_completed_slipped_due_soon_and_overdue_in_uk_dates():
    milestones = [
        MilestoneFacts(1, "Go live", date(2026, 12, 10), "in progress"),
        MilestoneFacts(1, "Procure kit", date(2026, 11, 20), "in progress"),
        MilestoneFacts(2, "Pilot", date(2026, 11, 1), "done", completed_on=date(2026, 11, 18)),
        MilestoneFacts(2, "Old work", date(2026, 10, 1), "done", completed_on=date(2026, 10, 1)),
        MilestoneFacts(2, "Far away", date(2027, 6, 1), "not started"),
        MilestoneFacts(1, "Training", date(2027, 2, 1), "in progress", original_due_date=date(2026, 12, 1)),
    ]
    current = {
        1: UpdateFacts(
            1,
            "amber",
            milestone_changes=({"milestone_id": 9, "title": "Training", "from": "2026-12-01", "to": "2027-02-01"},),
        )
    }
    m = compose(facts(milestones=milestones, current=current))["milestones"]
    assert [(i["title"], i["date"]) for i in m["completed"]["items"]] == [("Pilot", "18 November 2026")]
    assert [(i["title"], i["was"], i["now"]) for i in m["slipped"]["items"]] == [
        ("Training", "1 December 2026", "1 February 2027")
    ]
    assert [(i["title"], i["due"]) for i in m["due_soon"]["items"]] == [("Go live", "10 December 2026")]
    assert [(i["title"], i["days"]) for i in m["overdue"]["items"]] == [("Procure kit", 7)]


def test_missing_updates_say_why():
    deliveries = [
        DeliveryFacts(4, 4, "prompt", "unreachable", "HTTP 403: Forbidden"),
        DeliveryFacts(3, 3, "prompt", "away", "away until 4 December 2026"),
    ]
    missing = {m["ref"]: m["reason"] for m in compose(facts(deliveries=deliveries))["missing"]["items"]}
    assert missing == {
        "CAR-01": "Sam Lee is away until 4 December 2026",
        "ECO-01": "Alex Wilber could not be reached in Teams (User blocked the conversation with the bot.)",
    }


def test_missing_reason_counts_reminders_and_knows_a_project_without_a_lead():
    sent = [
        DeliveryFacts(1, 1, "prompt", "sent"),
        DeliveryFacts(1, 1, "reminder-24h", "sent"),
        DeliveryFacts(1, 1, "reminder+0h", "sent"),
    ]
    assert missing_reason((PRIYA,), sent, date(2026, 11, 26)) == "No reply after 2 reminders"
    assert missing_reason((PRIYA,), sent[:1], date(2026, 11, 26)) == "No reply to the prompt yet"
    assert missing_reason((), [], date(2026, 11, 26)) == "No lead assigned"
    assert missing_reason((PRIYA,), [], date(2026, 11, 26)).startswith("Not prompted yet")


def test_red_and_amber_projects_worst_first_and_each_projects_trend_in_words():
    current = {1: UpdateFacts(1, "amber", rag_reason="Late"), 2: UpdateFacts(2, "red", rag_reason="Stopped")}
    trend = {1: {"2026-W47": "green", "2026-W48": "amber"}, 2: {"2026-W48": "red"}}
    content = compose(facts(current=current, trend_periods=["2026-W47", "2026-W48"], trend=trend))
    assert [(r["ref"], r["rag"]) for r in content["red_amber"]["items"]] == [("CIT-02", "Red"), ("CIT-01", "Amber")]
    rows = {r["ref"]: r["rags"] for r in content["trends"]["items"]}
    assert rows["CIT-01"] == ["Green", "Amber"] and rows["CIT-02"] == ["No update", "Red"]


def test_trimming_caps_every_list_and_counts_what_it_left_for_the_full_view():
    many = [project(i, f"P-{i:03d}", "Digital Council", PRIYA) for i in range(1, 101)]
    current = {i: UpdateFacts(i, "red", rag_reason="x", asks_of_dlg="Decide") for i in range(1, 101)}
    previous = {i: UpdateFacts(i, "green") for i in range(1, 101)}
    trend = {i: {"2026-W48": "red"} for i in range(1, 101)}
    content = compose(facts(projects=many, current=current, previous=previous, trend_periods=["2026-W48"], trend=trend))
    assert omitted_total(content) == 0
    short = trim(content, 3)
    assert len(short["rag_changes"]["items"]) == 6 and short["rag_changes"]["omitted"] == 94
    assert short["trimmed"] is True and omitted_total(short) > 0
    assert len(short["agenda"]["items"]) + short["agenda"]["omitted"] == 100
    assert trim(content, 0) is content


def test_the_summary_line_says_the_numbers():
    line = summary_line(compose(facts()))
    assert line == (
        "Digital First digest — 27 November 2026: 1 red, 1 amber, 1 green; "
        "2 of 4 updates received; 2 asks of the DLG to decide."
    )

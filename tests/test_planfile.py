"""Reading plan files without a database: what the programme office types, and what it is told when it is wrong."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from programme.planfile import (
    FrameworkItem,
    PlanFileError,
    Risk,
    default_framework,
    parse_date,
    parse_datetime,
    parse_tables,
    parse_yaml_document,
    table_from_rows,
)
from services.files.plan_formats import default_plan, read_plan_file
from tests import plan_fixtures as fx

HEADER = list(fx.PLAN_COLUMNS)
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def project(**cells) -> list[str]:
    base = {"ref": "CIT-01", "name": "Digital inclusion", "priority_area": "Digital Citizen"}
    base.update(cells)
    return [base.get(c, "") for c in HEADER]


def plan_of(*rows: list[str], header: list[str] = HEADER):
    return parse_tables([(table_from_rows("plan.csv", [header, *rows]), "plan")], now=NOW)


def errors_of(*rows: list[str]) -> list[tuple[int, str]]:
    with pytest.raises(PlanFileError) as caught:
        plan_of(*rows)
    return [(e.row, e.column) for e in caught.value.errors]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-01",
        "01/03/2026",
        "1/3/2026",
        "01.03.2026",
        "1 March 2026",
        "1st March 2026",
        "1 Mar 2026",
        "Sunday 1 March 2026",
        " 1 march 2026 ",
    ],
)
def test_iso_and_uk_dates_are_read_day_first(text):
    assert parse_date(text) == date(2026, 3, 1)


@pytest.mark.parametrize("text", ["03/31/2026", "31/02/2021", "March 1, 2026", "2026/03/01", "1/3/26", "soon"])
def test_us_impossible_and_vague_dates_are_refused(text):
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text)


def test_spreadsheet_date_cells_and_blanks_are_accepted():
    assert parse_date(datetime(2026, 3, 1)) == date(2026, 3, 1)
    assert parse_date(date(2026, 3, 1)) == date(2026, 3, 1)
    assert parse_date("") is None and parse_date(None) is None


def test_times_without_a_zone_are_local_to_the_programme():
    assert parse_datetime("2026-07-01 09:00", "Europe/London") == datetime(2026, 7, 1, 8, tzinfo=UTC)
    assert parse_datetime("01/07/2026 09:00", "Europe/London") == datetime(2026, 7, 1, 8, tzinfo=UTC)
    assert parse_datetime("1 July 2026 at 09:00", "Europe/London") == datetime(2026, 7, 1, 8, tzinfo=UTC)
    assert parse_datetime("2026-07-01T09:00:00Z", "Europe/London") == datetime(2026, 7, 1, 9, tzinfo=UTC)
    assert parse_datetime("2026-01-05", "Europe/London") == datetime(2026, 1, 5, tzinfo=UTC)
    with pytest.raises(ValueError, match="is not a date and time"):
        parse_datetime("07/31/2026 09:00", "Europe/London")


# --------------------------------------------------------------------------- projects


def test_a_row_becomes_a_project_with_leads_in_step_with_their_names():
    plan = plan_of(
        project(
            ref="cit-02 ",
            enablers="data & insight; Collaboration and integration",
            lead_name="Ann Lee; ; Bo Chan",
            lead_email="Ann.Lee@x.gov.uk;c@x.gov.uk; bo@x.gov.uk",
            deputy_email="dee@x.gov.uk",
            start_date="01/04/2026",
            end_date="31 March 2027",
            aliases="inclusion; Digital Inclusion; get online",
        )
    )
    (p,) = plan.projects
    assert (p.row, p.ref, p.priority_area) == (2, "CIT-02", "digital-citizen")
    assert p.enablers == ("data-insight", "collaboration-integration")
    assert [(c.email, c.name) for c in p.leads] == [
        ("ann.lee@x.gov.uk", "Ann Lee"),
        ("c@x.gov.uk", ""),
        ("bo@x.gov.uk", "Bo Chan"),
    ]
    assert [c.email for c in p.deputies] == ["dee@x.gov.uk"]
    assert (p.start_date, p.end_date) == (date(2026, 4, 1), date(2027, 3, 31))
    assert p.aliases == ("inclusion", "get online")  # the project's own name is not an alias
    assert p.source_note is None


@pytest.mark.parametrize("spelling", ["Digital Care", "digital care", "DIGITAL-CARE", "digital_care", "Digital  Care."])
def test_priority_areas_match_ignoring_case_and_punctuation(spelling):
    assert plan_of(project(priority_area=spelling)).projects[0].priority_area == "digital-care"


def test_every_problem_in_a_file_is_reported_together_with_its_row_and_column():
    got = errors_of(
        project(),
        project(ref="", name=""),
        project(ref="CIT-02", priority_area="Digital Wellbeing", enablers="Data and insight; Blockchain"),
        project(ref="cit-01"),
        project(ref="CIT-03", lead_email="someone at council", deputy_email="ok@x.gov.uk; nope"),
        project(ref="CIT-04", start_date="01/04/2026", end_date="31/03/2026"),
        project(ref="CIT-05", start_date="31/02/2021"),
        project(ref="CIT-06", lead_name="Ann; Bo", lead_email="ann@x.gov.uk"),
        project(ref="CIT-07", lead_email="a@x.gov.uk; A@x.gov.uk"),
    )
    assert got == [
        (3, "ref"),
        (3, "name"),
        (4, "priority_area"),
        (4, "enablers"),
        (6, "lead_email"),
        (6, "deputy_email"),
        (7, "end_date"),
        (8, "start_date"),
        (9, "lead_name"),
        (10, "lead_email"),
        (5, "ref"),
    ]


def test_the_message_names_the_file_row_column_and_value():
    path_rows = [
        HEADER,
        project(),
        project(ref="CIT-02"),
        project(ref="CIT-03"),
        project(ref="CIT-04"),
        project(ref="CIT-05"),
        project(ref="CIT-06", start_date="31/02/2021"),
    ]
    with pytest.raises(PlanFileError) as caught:
        parse_tables([(table_from_rows("plan.csv", path_rows), "plan")], source="plan.csv", now=NOW)
    assert str(caught.value).startswith("plan.csv: row 7, column start_date: '31/02/2021' is not a date")


def test_one_person_has_one_name_across_the_file():
    assert errors_of(
        project(lead_name="Ann Lee", lead_email="ann@x.gov.uk"),
        project(ref="CIT-02", lead_name="Ann Leigh", lead_email="ann@x.gov.uk"),
    ) == [(3, "lead_name")]


def test_a_header_missing_columns_is_refused_on_row_1():
    with pytest.raises(PlanFileError) as caught:
        plan_of(["CIT-01", "x"], header=["ref", "name"])
    assert caught.value.errors[0].row == 1 and "lead_email" in str(caught.value)


def test_headers_are_read_the_way_people_write_them_and_extra_columns_are_noted():
    header = [c.replace("_", " ").title() for c in HEADER] + ["Notes"]
    plan = plan_of(project() + ["checked"], header=header)
    assert plan.projects[0].ref == "CIT-01"
    assert plan.warnings == ["plan.csv: column 'notes' is not part of a plan and was ignored"]


def test_blank_rows_are_skipped_but_still_counted():
    with pytest.raises(PlanFileError) as caught:
        plan_of(project(), ["" for _ in HEADER], project(ref="CIT-02", end_date="yesterday"))
    assert [(e.row, e.column) for e in caught.value.errors] == [(4, "end_date")]


def test_framework_extended_by_the_database_is_accepted():
    framework = default_framework().extended([FrameworkItem("digital-health", "Digital Health")], [])
    table = table_from_rows("p.csv", [HEADER, project(priority_area="digital health")])
    assert parse_tables([(table, "plan")], framework=framework).projects[0].priority_area == "digital-health"


# --------------------------------------------------------------------------- milestones and history


def test_milestones_are_checked_and_statuses_normalised():
    rows = [
        fx.MILESTONE_COLUMNS,
        ["CIT-01", "Pilot live", "1 May 2026", "In Progress"],
        ["CIT-01", "Go live", "", ""],
        ["CIT-01", "pilot  LIVE", "", "done"],
        ["", "", "05/31/2026", "late"],
    ]
    with pytest.raises(PlanFileError) as caught:
        parse_tables([(table_from_rows("m.csv", rows), "milestones")])
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (5, "project_ref"),
        (5, "title"),
        (5, "due_date"),
        (5, "status"),
        (4, "title"),
    ]
    ok = parse_tables([(table_from_rows("m.csv", rows[:3]), "milestones")])
    assert [(m.title, m.due_date, m.status) for m in ok.milestones] == [
        ("Pilot live", date(2026, 5, 1), "in progress"),
        ("Go live", None, "not started"),
    ]


def test_history_rows_are_read_with_sensitive_risks_and_checked():
    rows = [
        fx.HISTORY_COLUMNS,
        [
            "CIT-01",
            "02/03/2026 10:00",
            "Ann@X.gov.uk",
            "A",
            "45%",
            "Going well",
            "",
            "",
            "Delay; [Sensitive] VPN gap",
            "",
            "",
        ],
        ["CIT-01", "2026-03-02", "", "purple", "140", "", "", "", "", "", ""],
        ["CIT-01", "2027-01-01", "bad", "green", "", "", "", "", "", "", ""],
    ]
    with pytest.raises(PlanFileError) as caught:
        parse_tables([(table_from_rows("h.csv", rows), "history")], now=NOW)
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (3, "rag"),
        (3, "progress_pct"),
        (4, "submitted_at"),
        (4, "submitted_by_email"),
    ]
    (h,) = parse_tables([(table_from_rows("h.csv", rows[:2]), "history")], now=NOW).history
    assert (h.rag, h.progress_pct, h.submitted_by_email) == ("amber", 45, "ann@x.gov.uk")
    assert h.submitted_at == datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert h.risks == (Risk("Delay"), Risk("VPN gap", sensitive=True))


def test_a_header_that_is_no_known_kind_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("project,owner\nA,B\n", encoding="utf-8")
    with pytest.raises(PlanFileError, match="row 1: the header matches neither a plan"):
        read_plan_file(path)


# --------------------------------------------------------------------------- YAML and XLSX


def test_yaml_as_a_list_or_under_projects_with_nested_milestones():
    item = {
        "ref": "CIT-01",
        "name": "Inclusion",
        "priority_area": "digital citizen",
        "aliases": ["get online"],
        "lead_name": ["Ann"],
        "lead_email": ["ann@x.gov.uk"],
        "start_date": date(2026, 4, 1),
        "milestones": [{"title": "Pilot", "due_date": "1 June 2026", "status": "done"}],
    }
    for doc in ([item], {"projects": [item]}):
        plan = parse_yaml_document(doc)
        assert plan.projects[0].start_date == date(2026, 4, 1)
        assert [(m.project_ref, m.title, m.status) for m in plan.milestones] == [("CIT-01", "Pilot", "done")]
        assert plan.milestones_with_plan


def test_yaml_errors_name_the_item_and_the_key():
    doc = {
        "projects": [
            {"ref": "A-1", "name": "A"},
            {
                "ref": "A-2",
                "name": "B",
                "lead_emial": "x@y.gov.uk",
                "milestones": [{"title": "Go", "due_date": "31/02/2026"}],
            },
        ]
    }
    with pytest.raises(PlanFileError) as caught:
        parse_yaml_document(doc)
    assert [str(e) for e in caught.value.errors] == [
        "item 2, column lead_emial: is not a known key (use "
        + ", ".join(fx.PLAN_COLUMNS)
        + ", source_note, milestones)",
        "item 2, column milestones[1].due_date: '31/02/2026' is not a date (write it as 2026-03-01, 01/03/2026 or "
        "1 March 2026)",
    ]


def test_the_three_fixture_formats_parse_to_the_same_rows(tmp_path):
    plan = fx.build_plan()
    csv_path, _ = fx.write_csv(plan, tmp_path / "plan.csv")
    parsed = [
        read_plan_file(p, now=NOW)
        for p in (csv_path, fx.write_xlsx(plan, tmp_path / "plan.xlsx"), fx.write_yaml(plan, tmp_path / "plan.yaml"))
    ]

    def shape(pf):
        projects = [
            (p.ref, p.name, p.priority_area, p.enablers, p.leads, p.deputies, p.start_date, p.end_date, p.aliases)
            for p in pf.projects
        ]
        return projects, sorted((m.project_ref, m.title, m.due_date, m.status) for m in pf.milestones)

    assert shape(parsed[0]) == shape(parsed[1]) == shape(parsed[2])
    assert len(parsed[0].projects) == 32


def test_reading_reports_progress(tmp_path):
    plan = fx.build_plan()
    seen = []
    read_plan_file(fx.write_yaml(plan, tmp_path / "p.yaml"), progress=lambda *a: seen.append(a))
    assert seen[0] == ("read", 1, 32) and seen[-1] == ("read", 32, 32)


def test_the_default_plan_is_the_reports_thirteen_workstreams():
    plan = default_plan()
    assert len(plan.projects) == 13
    by_area = {}
    for p in plan.projects:
        by_area.setdefault(p.priority_area, []).append(p.ref)
        assert not p.leads and not p.deputies and "paragraph 14" in p.source_note
    assert {k: len(v) for k, v in by_area.items()} == {
        "digital-citizen": 3,
        "digital-council": 4,
        "digital-care": 3,
        "digital-economy": 3,
    }
    framework = default_framework()
    assert [a.name for a in framework.areas] == list(fx.AREAS.values())
    assert [e.name for e in framework.enablers] == fx.ENABLERS


def test_files_that_are_not_plans_at_all_are_refused_plainly(tmp_path):
    cases = {"plan.xlsx": b"not a workbook", "plan.yaml": b"projects: [ref: {", "plan.docx": b"x"}
    messages = []
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(PlanFileError) as caught:
            read_plan_file(tmp_path / name)
        messages.append(str(caught.value))
    assert messages[0].startswith("plan.xlsx: is not an Excel workbook")
    assert messages[1].startswith("plan.yaml: is not valid YAML")
    assert messages[2] == "plan.docx: cannot read .docx: use .csv, .xlsx or .yaml"


@pytest.mark.parametrize(
    "joined", ["Ann Lee & Bo Chan", "Ann Lee and Bo Chan", "Ann Lee / Bo Chan", "Ann Lee, Bo Chan"]
)
def test_joint_leads_named_in_one_phrase_are_split_to_match_their_addresses(joined):
    """A plan written by hand names joint leads 'Ann Lee & Bo Chan' beside 'ann@…;bo@…' (Kellingshire's plan did)."""
    (p,) = plan_of(project(lead_name=joined, lead_email="ann@x.gov.uk; bo@x.gov.uk")).projects
    assert [(c.email, c.name) for c in p.leads] == [("ann@x.gov.uk", "Ann Lee"), ("bo@x.gov.uk", "Bo Chan")]


def test_a_name_with_and_in_it_stays_whole_when_it_leads_alone():
    (p,) = plan_of(project(lead_name="Marks and Spencer Liaison", lead_email="ms@x.gov.uk")).projects
    assert [c.name for c in p.leads] == ["Marks and Spencer Liaison"]

"""A realistic 32-project Digital First plan, written the ways a programme office would write it.

`build_plan()` gives the plan as plain data; `write_csv`, `write_xlsx` and `write_yaml` write the
same plan in each format, each with the untidiness real spreadsheets have (mixed-case areas,
"Data & insight", UK dates in three spellings, capitalised emails), so the tests show the
importer reads past it. `expected_dump(plan)` is what the database should hold afterwards.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import yaml

PLAN_COLUMNS = [
    "ref",
    "name",
    "priority_area",
    "enablers",
    "description",
    "lead_name",
    "lead_email",
    "deputy_email",
    "start_date",
    "end_date",
    "aliases",
]
MILESTONE_COLUMNS = ["project_ref", "title", "due_date", "status"]
HISTORY_COLUMNS = [
    "project_ref",
    "submitted_at",
    "submitted_by_email",
    "rag",
    "progress_pct",
    "summary",
    "achievements",
    "next_steps",
    "risks",
    "blockers",
    "asks_of_dlg",
]

AREAS = {"CIT": "Digital Citizen", "COU": "Digital Council", "CAR": "Digital Care", "ECO": "Digital Economy"}
ENABLERS = [
    "Communications and marketing",
    "Information governance and cyber security",
    "Data and insight",
    "Collaboration and integration",
]

PROJECTS = {
    "CIT": [
        ("Digital self-service and self-help tools", ["self-service", "online forms"]),
        ("Digital inclusion across the county", ["digital inclusion", "get online"]),
        ("Highways digital asset management", ["highways", "asset management"]),
        ("Council website redesign", ["website"]),
        ("Online payments", ["payments", "pay online"]),
        ("Report it app", ["report it", "fault reporting"]),
        ("Customer enquiries chatbot", ["chatbot", "virtual assistant"]),
        ("Digital libraries", ["e-books"]),
    ],
    "COU": [
        ("Microsoft 365 roll-out", ["M365", "Office 365"]),
        ("Customer experience platform", ["CX", "CRM"]),
        ("Digital skills for staff and Members", ["digital skills"]),
        ("Sharing data with partners", ["data sharing"]),
        ("Smart working", ["hybrid working"]),
        ("Intranet replacement", ["intranet"]),
        ("Robotic process automation", ["RPA", "automation"]),
        ("Electronic document and records management", ["EDRMS", "records"]),
    ],
    "CAR": [
        ("Virtual Social Care", ["VSC", "virtual care"]),
        ("Assistive technologies in Health and Care", ["assistive tech", "telecare"]),
        ("Children and Families information, advice and guidance", ["IAG"]),
        ("Children's case management system", ["case management"]),
        ("Care market digital marketplace", ["care marketplace"]),
        ("Adult social care digital front door", ["front door"]),
        ("Shared care record", ["care record"]),
        ("Carers' online assessment", ["carers assessment"]),
    ],
    "ECO": [
        ("Digital Infrastructure Strategic Framework", ["DISF"]),
        ("Digital Community Learning Programme", ["DCLP", "community learning"]),
        ("Digital for local transport systems", ["transport"]),
        ("Superfast broadband extension", ["broadband", "superfast"]),
        ("5G and mobile coverage", ["5G", "mobile coverage"]),
        ("Business support online", ["business support"]),
        ("Smart county sensors", ["IoT", "sensors"]),
        ("Digital skills for jobseekers", ["jobseekers"]),
    ],
}

PEOPLE = [
    ("Amara Okafor", "amara.okafor"),
    ("Ben Hartley", "ben.hartley"),
    ("Chloe Price", "chloe.price"),
    ("Dev Patel", "dev.patel"),
    ("Eleanor Whitfield", "eleanor.whitfield"),
    ("Farid Haddad", "farid.haddad"),
    ("Grace O'Neill", "grace.oneill"),
    ("Harriet Bloom", "harriet.bloom"),
    ("Imran Qureshi", "imran.qureshi"),
    ("Jess Morgan", "jess.morgan"),
    ("Kwame Mensah", "kwame.mensah"),
    ("Laura Fenwick", "laura.fenwick"),
    ("Mohammed Ali", "mohammed.ali"),
    ("Niamh Doyle", "niamh.doyle"),
    ("Owen Pritchard", "owen.pritchard"),
    ("Priya Shah", "priya.shah"),
    ("Rosie Clarke", "rosie.clarke"),
    ("Sam Whitaker", "sam.whitaker"),
    ("Tomasz Nowak", "tomasz.nowak"),
    ("Uma Reddy", "uma.reddy"),
    ("Victor Lowe", "victor.lowe"),
    ("Wendy Ashworth", "wendy.ashworth"),
]
DOMAIN = "council.example.gov.uk"
MILESTONE_TITLES = ["Business case signed off by DLG", "Pilot live", "Full roll-out"]
STATUSES = ["done", "in progress", "not started"]


def person(i: int) -> tuple[str, str]:
    name, user = PEOPLE[i % len(PEOPLE)]
    return name, f"{user}@{DOMAIN}"


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def build_plan() -> list[dict[str, Any]]:
    """32 projects, 8 per priority area; most have a lead, some two, many a deputy; all have milestones."""
    plan = []
    for i, (prefix, name, aliases) in enumerate((p, n, a) for p, items in PROJECTS.items() for n, a in items):
        number = i % 8 + 1
        start = add_months(date(2021, 4, 1), i % 6)
        plan.append(
            {
                "ref": f"{prefix}-{number:02d}",
                "name": name,
                "priority_area": AREAS[prefix],
                "enablers": _enablers(i),
                "description": f"{name}: part of the {AREAS[prefix]} priority area of Digital First.",
                "leads": _leads(i),
                "deputies": [person(16 + i % 6)[1]] if i % 3 else [],
                "start_date": start,
                "end_date": add_months(start, 12 + i % 12),
                "aliases": list(aliases),
                "milestones": _milestones(i, start),
            }
        )
    return plan


def _enablers(i: int) -> list[str]:
    if i % 7 == 0:
        return []
    chosen = [ENABLERS[i % 4]] + ([ENABLERS[(i + 1) % 4]] if i % 3 == 0 else [])
    return sorted(chosen, key=ENABLERS.index)


def _leads(i: int) -> list[tuple[str, str]]:
    if i == 31:
        return []  # lead to be confirmed
    leads = [person(i % 16)]
    if i % 5 == 0:
        leads.append(person((i + 7) % 16))
    return leads


def _milestones(i: int, start: date) -> list[dict[str, Any]]:
    count = 3 if i % 4 == 0 else 2
    return [
        {
            "title": MILESTONE_TITLES[k],
            "due_date": add_months(start, 3 + 4 * k + i % 3),
            "status": STATUSES[(i + k) % 3] if k else "done",
        }
        for k in range(count)
    ]


# --------------------------------------------------------------------------- how each format spells things


def _area_spelling(i: int, area: str) -> str:
    return [area, area.lower(), area.upper(), area.replace(" ", "-")][i % 4]


def _enabler_spelling(i: int, enabler: str) -> str:
    return enabler.replace(" and ", " & ") if i % 2 == 0 else enabler.lower()


def _date_spelling(i: int, day: date | None) -> str:
    if day is None:
        return ""
    return [day.isoformat(), f"{day:%d/%m/%Y}", f"{day.day} {day:%B %Y}"][i % 3]


def _email_spelling(i: int, email: str) -> str:
    return email.title() if i % 3 == 0 else email


def table_rows(plan: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The plan as spreadsheet text, spelled untidily but meaning exactly `plan`."""
    rows = []
    for i, p in enumerate(plan):
        rows.append(
            {
                "ref": p["ref"].lower() if i % 9 == 4 else p["ref"],
                "name": p["name"],
                "priority_area": _area_spelling(i, p["priority_area"]),
                "enablers": ";".join(_enabler_spelling(i, e) for e in p["enablers"]),
                "description": p["description"],
                "lead_name": "; ".join(n for n, _ in p["leads"]),
                "lead_email": "; ".join(_email_spelling(i, e) for _, e in p["leads"]),
                "deputy_email": "; ".join(p["deputies"]),
                "start_date": _date_spelling(i, p["start_date"]),
                "end_date": _date_spelling(i + 1, p["end_date"]),
                "aliases": "; ".join(p["aliases"]),
            }
        )
    return rows


def milestone_rows(plan: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "project_ref": p["ref"],
            "title": m["title"],
            "due_date": _date_spelling(i + k, m["due_date"]),
            "status": m["status"].title() if k == 1 else m["status"],
        }
        for i, p in enumerate(plan)
        for k, m in enumerate(p["milestones"])
    ]


# --------------------------------------------------------------------------- writers


def write_table_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> Path:
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return Path(path)


def write_csv(plan: list[dict[str, Any]], path: Path, *, milestones_path: Path | None = None) -> list[Path]:
    """The plan CSV, and its milestones in a separate CSV (recognised by its header)."""
    milestones_path = milestones_path or Path(path).with_name(f"{Path(path).stem}-milestones.csv")
    return [
        write_table_csv(path, PLAN_COLUMNS, table_rows(plan)),
        write_table_csv(milestones_path, MILESTONE_COLUMNS, milestone_rows(plan)),
    ]


def write_xlsx(plan: list[dict[str, Any]], path: Path) -> Path:
    """Projects on the first sheet (real date cells, an extra notes column), milestones on a
    sheet named `milestones`, and a notes sheet the importer should ignore."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Delivery plan"
    ws.append([c.replace("_", " ").title() for c in PLAN_COLUMNS] + ["Notes"])
    for i, (p, row) in enumerate(zip(plan, table_rows(plan), strict=True)):
        cells = [row[c] for c in PLAN_COLUMNS]
        cells[PLAN_COLUMNS.index("start_date")] = p["start_date"]
        cells[PLAN_COLUMNS.index("end_date")] = p["end_date"] if i % 2 else row["end_date"]
        ws.append(cells + ["checked by PMO"])
        if i == 10:
            ws.append([])  # a blank row people leave between groups
    ms = book.create_sheet("milestones")
    ms.append(MILESTONE_COLUMNS)
    for p in plan:
        for m in p["milestones"]:
            ms.append([p["ref"], m["title"], m["due_date"], m["status"]])
    notes = book.create_sheet("Read me")
    notes.append(["This workbook is the Digital First delivery plan."])
    book.save(path)
    return Path(path)


def write_yaml(plan: list[dict[str, Any]], path: Path) -> Path:
    """A mapping with `projects:`; lists as YAML lists; milestones nested under their project."""
    projects = []
    for i, p in enumerate(plan):
        projects.append(
            {
                "ref": p["ref"],
                "name": p["name"],
                "priority_area": _area_spelling(i + 1, p["priority_area"]),
                "enablers": [_enabler_spelling(i + 1, e) for e in p["enablers"]],
                "description": p["description"],
                "lead_name": [n for n, _ in p["leads"]],
                "lead_email": [e for _, e in p["leads"]],
                "deputy_email": "; ".join(p["deputies"]),
                "start_date": p["start_date"],
                "end_date": _date_spelling(i, p["end_date"]),
                "aliases": p["aliases"],
                "milestones": [dict(m) for m in p["milestones"]],
            }
        )
    Path(path).write_text(yaml.safe_dump({"projects": projects}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return Path(path)


def write_history_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    return write_table_csv(path, HISTORY_COLUMNS, [{c: r.get(c, "") for c in HISTORY_COLUMNS} for r in rows])


def set_csv_cell(path: Path, row: int, column: str, value: str) -> None:
    """Overwrite one cell, addressed as a spreadsheet does (the header is row 1)."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row - 1][rows[0].index(column)] = value
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


# --------------------------------------------------------------------------- expected result


def expected_dump(plan: list[dict[str, Any]]) -> dict[str, list[tuple]]:
    """The database the plan should produce, in the same shape as the tests' dump of the database."""
    names = {e: n for p in plan for n, e in p["leads"]}
    emails = {e for p in plan for _, e in p["leads"]} | {e for p in plan for e in p["deputies"]}
    return {
        "projects": sorted(
            (
                p["ref"],
                p["name"],
                p["priority_area"],
                tuple(sorted(p["enablers"])),
                p["description"],
                p["start_date"],
                p["end_date"],
                "active",
                tuple(p["aliases"]),
            )
            for p in plan
        ),
        "people": sorted((e, names.get(e, "")) for e in emails),
        "roles": sorted(
            [(p["ref"], "lead", k, e) for p in plan for k, (_, e) in enumerate(p["leads"])]
            + [(p["ref"], "deputy", k, e) for p in plan for k, e in enumerate(p["deputies"])]
        ),
        "milestones": sorted(
            (p["ref"], m["title"], m["due_date"], m["status"], None) for p in plan for m in p["milestones"]
        ),
    }


def set_xlsx_cell(path: Path, row: int, column: str, value: Any) -> None:
    """Overwrite one cell of the first sheet, found by its (normalised) header."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book.worksheets[0]
    header = [str(c.value).strip().lower().replace(" ", "_") for c in ws[1]]
    ws.cell(row=row, column=header.index(column) + 1).value = value
    book.save(path)

"""Seed data for the end-to-end journeys, written as the files a programme office would import.

    python tests/e2e/seed.py DIR

writes into DIR (and prints DIR/seed.json):

    plan-member.csv   eight projects, two per priority area; the Playground's user (Alex Wilber,
                      alexw@example.com) leads nothing: the journeys of a member of staff
    plan-lead.csv     the same plan with Alex as the lead of CIT-02 (Sam Patel stays its deputy):
                      the journeys of a project lead. Importing either file switches Alex's role
                      with the documented `dfbot plan import` (a re-import changes only the leads)
    milestones.csv    two milestones
    history.csv       status updates in the two periods before the current one, so questions
                      have answers, "no change" has something to carry forward, and the current
                      period has no cycle until a journey opens one
    seed.json         what the journeys check answers against (names, RAGs, dates)

Admin rights come from ADMIN_EMAILS=pattif@example.com on `dfbot serve` (see run.sh), never from
here: Patti Fernandez is another of the Playground's users, made its current user for the admin
journey, so her first contact makes her an admin while Alex stays a member or lead.

Dates are relative to the real clock (the bot answers against it): history goes into the two
periods of the default cadence (weekly, Monday 09:00) that closed before now, at 10:00 London time
on the day after each opened.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from programme.calendar import current_period, period_for, scheduled  # noqa: E402  # after the sys.path line above (run as a script)
from programme.cycles import Cadence  # noqa: E402  # after the sys.path line above (run as a script)

TZ = "Europe/London"
DOMAIN = "example.gov.uk"
PLAYGROUND_USER = ("Alex Wilber", "alexw@example.com")  # what the Playground's member lookup returns
ADMIN_USER = ("Patti Fernandez", "pattif@example.com")  # ADMIN_EMAILS in run.sh
LEAD_PROJECT = "CIT-02"  # the project Alex leads in plan-lead.csv
OTHER_PROJECT = "CAR-01"  # someone else's project: the forged submission claims it

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


def email(name: str) -> str:
    return name.lower().replace("'", "").replace(" ", ".") + "@" + DOMAIN


# ref, name, area, enablers, description, lead, deputy, aliases
PROJECTS = [
    (
        "CIT-01",
        "Digital self-service portal",
        "Digital Citizen",
        ["Data and insight"],
        "One online account for residents to request and track council services.",
        "Priya Shah",
        None,
        ["self-service", "customer portal"],
    ),
    (
        "CIT-02",
        "Digital inclusion across the county",
        "Digital Citizen",
        ["Communications and marketing"],
        "Helping residents who are not online to get online, with devices, data and skills.",
        "Sam Patel",
        None,
        ["digital inclusion"],
    ),
    (
        "COU-01",
        "Microsoft 365 roll-out",
        "Digital Council",
        ["Information governance and cyber security"],
        "Moving every member of staff to Microsoft 365 and Teams.",
        "Tom Hughes",
        "Daniel Wright",
        ["M365", "Office 365"],
    ),
    (
        "COU-02",
        "Smart working",
        "Digital Council",
        ["Collaboration and integration"],
        "Hybrid working: buildings, kit and habits.",
        "Claire Robinson",
        None,
        ["hybrid working"],
    ),
    (
        "CAR-01",
        "Virtual Social Care",
        "Digital Care",
        ["Data and insight", "Collaboration and integration"],
        "Video assessments and reviews for adult social care.",
        "Aisha Khan",
        "Tom Hughes",
        ["VSC", "virtual care"],
    ),
    (
        "CAR-02",
        "Assistive technology in health and care",
        "Digital Care",
        ["Collaboration and integration"],
        "Telecare and sensors that help people live independently at home.",
        "Nadia Hussain",
        None,
        ["assistive tech", "telecare"],
    ),
    (
        "ECO-01",
        "Digital Infrastructure Strategic Framework",
        "Digital Economy",
        ["Collaboration and integration"],
        "The county's plan for gigabit broadband and mobile coverage.",
        "Daniel Wright",
        None,
        ["DISF"],
    ),
    (
        "ECO-02",
        "Rural gigabit broadband",
        "Digital Economy",
        ["Collaboration and integration"],
        "Gigabit-capable broadband for rural premises the market will not reach.",
        "Owen Price",
        None,
        ["rural broadband"],
    ),
]

# In plan-lead.csv Alex leads CIT-02 and its former lead becomes the deputy.
LEAD_OVERRIDE = {LEAD_PROJECT: (PLAYGROUND_USER[0], PLAYGROUND_USER[1], "Sam Patel")}

# (ref, which period: 2 = two periods ago, 1 = the last one, rag, progress, summary, risks, blockers, asks)
HISTORY = [
    ("CIT-01", 2, "green", 40, "Portal beta opened to 500 residents.", "", "", ""),
    ("CIT-01", 1, "green", 45, "Portal beta feedback analysed; 92% satisfied.", "", "", ""),
    ("CIT-02", 2, "amber", 30, "Device lending scheme designed with libraries.", "Not enough donated devices", "", ""),
    (
        "CIT-02",
        1,
        "amber",
        35,
        "Device lending pilot started in two libraries.",
        "Not enough donated devices",
        "",
        "Agree a budget for refurbished laptops",
    ),
    ("COU-01", 2, "amber", 60, "Mailbox migration two weeks behind plan.", "", "", ""),
    (
        "COU-01",
        1,
        "red",
        62,
        "Licence migration paused by the supplier.",
        "Supplier capacity",
        "Supplier has paused the licence migration",
        "Escalate to the supplier's account director",
    ),
    ("COU-02", 2, "green", 20, "Desk booking chosen for County Buildings.", "", "", ""),
    ("CAR-01", 1, "green", 65, "Video reviews live in three localities.", "", "", ""),
    (
        "CAR-02",
        2,
        "red",
        15,
        "Telecare pilot in the north of the county delayed.",
        "Sensor stock",
        "Sensors on back order",
        "",
    ),
    ("CAR-02", 1, "red", 20, "Telecare pilot still waiting for sensors.", "Sensor stock", "Sensors on back order", ""),
    ("ECO-01", 1, "amber", 50, "Framework consultation closed; 140 responses.", "", "", ""),
]

MILESTONES = [
    ("CIT-02", "Device lending in every library", 28, "in progress"),
    ("COU-01", "All mailboxes migrated", 35, "in progress"),
]


def periods(now: datetime) -> tuple:
    """The current period and the two before it, each closed before now (default cadence)."""
    cadence = Cadence()
    current = current_period(now, cadence, TZ)
    zone = ZoneInfo(TZ)
    previous, p = [], current
    for _ in range(10):
        p = scheduled(
            period_for(datetime.combine(p.start - timedelta(days=1), time(12), zone), cadence, TZ), cadence, TZ
        )
        if p.closes_at <= now:
            previous.append(p)
            if len(previous) == 2:
                return current, previous[0], previous[1]
    raise RuntimeError("could not find two closed periods before now")


def write(out: Path, now: datetime) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    zone = ZoneInfo(TZ)
    current, last, before = periods(now)
    at = {
        1: datetime.combine((last.opens_at.astimezone(zone) + timedelta(days=1)).date(), time(10, 0), zone),
        2: datetime.combine((before.opens_at.astimezone(zone) + timedelta(days=1)).date(), time(10, 0), zone),
    }

    def plan_rows(lead_plan: bool) -> list[dict]:
        rows = []
        for ref, name, area, enablers, description, lead, deputy, aliases in PROJECTS:
            lead_name, lead_email, deputy_email = lead, email(lead), email(deputy) if deputy else ""
            if lead_plan and ref in LEAD_OVERRIDE:
                lead_name, lead_email, former = LEAD_OVERRIDE[ref]
                deputy_email = email(former)
            rows.append(
                {
                    "ref": ref,
                    "name": name,
                    "priority_area": area,
                    "enablers": ";".join(enablers),
                    "description": description,
                    "lead_name": lead_name,
                    "lead_email": lead_email,
                    "deputy_email": deputy_email,
                    "start_date": "01/04/2025",
                    "end_date": "31/03/2028",
                    "aliases": ";".join(aliases),
                }
            )
        return rows

    _csv(out / "plan-member.csv", PLAN_COLUMNS, plan_rows(False))
    _csv(out / "plan-lead.csv", PLAN_COLUMNS, plan_rows(True))
    today = now.astimezone(zone).date()
    _csv(
        out / "milestones.csv",
        MILESTONE_COLUMNS,
        [
            {"project_ref": r, "title": t, "due_date": (today + timedelta(days=d)).strftime("%d/%m/%Y"), "status": s}
            for r, t, d, s in MILESTONES
        ],
    )
    leads = {p[0]: p[5] for p in PROJECTS}
    _csv(
        out / "history.csv",
        HISTORY_COLUMNS,
        [
            {
                "project_ref": ref,
                "submitted_at": at[which].isoformat(timespec="minutes"),
                "submitted_by_email": email(leads[ref]),
                "rag": rag,
                "progress_pct": pct,
                "summary": summary,
                "achievements": "",
                "next_steps": "",
                "risks": risks,
                "blockers": blockers,
                "asks_of_dlg": asks,
            }
            for ref, which, rag, pct, summary, risks, blockers, asks in HISTORY
        ],
    )

    latest: dict[str, dict] = {}
    for ref, which, rag, pct, summary, *_ in sorted(HISTORY, key=lambda h: -h[1]):
        latest[ref] = {"rag": rag, "progress": pct, "summary": summary, "period": which}
    facts = {
        "now": now.isoformat(),
        "timezone": TZ,
        "playground_user": {"name": PLAYGROUND_USER[0], "email": PLAYGROUND_USER[1]},
        "admin_user": {"name": ADMIN_USER[0], "email": ADMIN_USER[1]},
        "lead_project": LEAD_PROJECT,
        "other_project": OTHER_PROJECT,
        "current_period": current.key,
        "last_period": {
            "key": last.key,
            "opens_on": last.opens_at.astimezone(zone).date().isoformat(),
            "updates_on": at[1].date().isoformat(),
        },
        "period_before": {
            "key": before.key,
            "opens_on": before.opens_at.astimezone(zone).date().isoformat(),
            "updates_on": at[2].date().isoformat(),
        },
        "projects": {
            ref: {
                "name": name,
                "area": area,
                "lead": lead,
                "deputy": deputy,
                "aliases": aliases,
                "latest": latest.get(ref),
            }
            for ref, name, area, _e, _d, lead, deputy, aliases in PROJECTS
        },
        "files": {
            k: str(out / f)
            for k, f in (
                ("plan_member", "plan-member.csv"),
                ("plan_lead", "plan-lead.csv"),
                ("milestones", "milestones.csv"),
                ("history", "history.csv"),
            )
        },
    }
    (out / "seed.json").write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")
    return facts


def _csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns)
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        print(__doc__.strip().splitlines()[0] + "\nusage: python tests/e2e/seed.py DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    write(out, datetime.now(ZoneInfo("UTC")))
    print(out / "seed.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

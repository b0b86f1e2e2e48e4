#!/usr/bin/env python3
"""Sanity checks on dale/*.csv and meta.yaml (standard library only)."""

import csv
import datetime as dt
import os
import re

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def rd(n):
    with open(os.path.join(DATA, n), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


plan = rd("plan.csv")
ms = rd("milestones.csv")
hist = rd("history.csv")
people = rd("people.csv")
roles = rd("roles.csv")
AREAS = {"Digital Citizen", "Digital Council", "Digital Care", "Digital Economy"}
EN = {
    "Communications and marketing",
    "Information governance and cyber security",
    "Data and insight",
    "Collaboration and integration",
}
refs = [p["ref"] for p in plan]
emails = {p["email"] for p in people}
assert refs == [f"DL-{i:02d}" for i in range(1, 39)], refs
assert len(emails) == len(people)
NOW = dt.datetime(2027, 1, 20, 14)
for p in plan:
    assert p["priority_area"] in AREAS, p
    assert set(p["enablers"].split(";")) <= EN, p
    ln, le = p["lead_name"].split(";"), p["lead_email"].split(";")
    assert len(ln) == len(le) and all(e in emails for e in le), p
    assert p["start_date"] < p["end_date"]
    assert not p["deputy_email"] or re.fullmatch(r"[a-z.]+@dales\.gov\.uk", p["deputy_email"]), p
for m in ms:
    assert m["project_ref"] in refs and m["status"] in ("done", "in progress", "not started"), m
    dt.date.fromisoformat(m["due_date"])
prev = None
for h in hist:
    t = dt.datetime.strptime(h["submitted_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert h["project_ref"] in refs and h["rag"] in ("red", "amber", "green") and 0 <= int(h["progress_pct"]) <= 100, h
    assert t < NOW and t >= dt.datetime(2026, 11, 23) and (prev is None or t >= prev), h
    assert h["submitted_by_email"] in emails, h
    for k in ("summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"):
        assert h[k], h
    prev = t
for r in roles:
    assert r["email"] in emails and r["role"] in ("admin", "dlg"), r
print(
    "ok:",
    len(plan),
    "projects,",
    len(ms),
    "milestones,",
    len(hist),
    "updates,",
    len(people),
    "people,",
    len(roles),
    "roles",
)
print(
    "deputies not in people.csv:",
    sorted({p["deputy_email"] for p in plan if p["deputy_email"] and p["deputy_email"] not in emails}),
)
print("projects with two leads:", [p["ref"] for p in plan if ";" in p["lead_name"]])
print("milestone status:", {s: sum(m["status"] == s for m in ms) for s in ("done", "in progress", "not started")})

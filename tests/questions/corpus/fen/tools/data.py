"""Loads the fen corpus and offers small queries used to work out and check expectations."""

import csv
import os

import yaml

BASE = os.path.join(os.path.dirname(__file__), "..", "fen")


def rd(n):
    return list(csv.DictReader(open(os.path.join(BASE, n))))


META = yaml.safe_load(open(os.path.join(BASE, "meta.yaml")))
PLAN = {p["ref"]: p for p in rd("plan.csv")}
MS = rd("milestones.csv")
HIST = sorted(rd("history.csv"), key=lambda r: r["submitted_at"])
PEOPLE = {r["email"]: r["name"] for r in rd("people.csv")}
NOW = META["now"]
TODAY = NOW[:10]


def hist(ref):
    return [h for h in HIST if h["project_ref"] == ref]


def latest(ref):
    h = hist(ref)
    return h[-1] if h else None


def rag(ref):
    last = latest(ref)
    return last["rag"] if last else None


def pct(ref):
    last = latest(ref)
    return int(last["progress_pct"]) if last else None


def area(a):
    return sorted(r for r, p in PLAN.items() if p["priority_area"] == a)


def overdue():
    return [m for m in MS if m["due_date"] < TODAY and m["status"] != "done"]


def updated_between(since, until="9999"):
    return sorted({h["project_ref"] for h in HIST if since <= h["submitted_at"][:10] <= until})


def leads(ref):
    return PLAN[ref]["lead_name"].split(";")


def deputy(ref):
    d = PLAN[ref]["deputy_email"]
    return [PEOPLE.get(x, x) for x in d.split(";")] if d else []


def has(field, ref):
    last = latest(ref)
    return last and last[field] not in ("None", "")

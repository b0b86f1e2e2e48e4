"""Load the Dales corpus and answer the questions the evaluation set needs (standard library only)."""

import csv
import datetime as dt
import os
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..")
NOW = dt.datetime(2027, 1, 20, 14, 0)
TODAY = NOW.date()


def _read(n):
    with open(os.path.join(DATA, n), newline="") as f:
        return list(csv.DictReader(f))


PLAN = _read("plan.csv")
MS = _read("milestones.csv")
HIST = _read("history.csv")
PEOPLE = {r["email"]: r["name"] for r in _read("people.csv")}
ROLES = _read("roles.csv")
REFS = [p["ref"] for p in PLAN]
P = {p["ref"]: p for p in PLAN}
for r in HIST:
    r["ts"] = dt.datetime.strptime(r["submitted_at"], "%Y-%m-%dT%H:%M:%SZ")
    r["pct"] = int(r["progress_pct"])
for m in MS:
    m["due"] = dt.date.fromisoformat(m["due_date"])
UPD = defaultdict(list)
for r in sorted(HIST, key=lambda r: r["ts"]):
    UPD[r["project_ref"]].append(r)


def D(s):
    return dt.date.fromisoformat(s)


def leads(ref):
    return P[ref]["lead_name"].split(";")


def lead_emails(ref):
    return P[ref]["lead_email"].split(";")


def deputy(ref):
    e = P[ref]["deputy_email"]
    return PEOPLE.get(e, e) if e else None


def area(ref):
    return P[ref]["priority_area"]


def in_area(a):
    return [r for r in REFS if area(r) == a]


def latest(ref, at=None):
    u = [x for x in UPD[ref] if at is None or x["ts"] <= at]
    return u[-1] if u else None


def rag(ref, at=None):
    ln = latest(ref, at)
    return ln["rag"] if ln else None


def pct(ref, at=None):
    ln = latest(ref, at)
    return ln["pct"] if ln else None


def with_rag(*rags, refs=None):
    return [r for r in (refs or REFS) if rag(r) in rags]


def updated_between(since, until=None, refs=None):
    """since/until are dates (inclusive days) or datetimes."""
    out = []
    for r in refs or REFS:
        for u in UPD[r]:
            t = u["ts"]
            s_ok = t >= since if isinstance(since, dt.datetime) else t.date() >= since
            u_ok = True if until is None else (t <= until if isinstance(until, dt.datetime) else t.date() <= until)
            if s_ok and u_ok:
                out.append(r)
                break
    return out


def last_update_date(ref):
    ln = latest(ref)
    return ln["ts"].date() if ln else None


def overdue(refs=None):
    return [m for m in MS if m["status"] != "done" and m["due"] < TODAY and (refs is None or m["project_ref"] in refs)]


def refs_of(ms):
    return sorted({m["project_ref"] for m in ms})


def led_by(name):
    return [r for r in REFS if name in leads(r)]


def deputy_of(name):
    return [r for r in REFS if deputy(r) == name]


def has(field, refs=None):
    out = []
    for r in refs or REFS:
        ln = latest(r)
        if ln and ln[field] not in ("None", "", "Low."):
            out.append(r)
    return out


def mentions(
    word, fields=("summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"), latest_only=False
):
    out = []
    for r in REFS:
        ups = [latest(r)] if latest_only else UPD[r]
        for u in ups:
            if u and any(word.lower() in u[f].lower() for f in fields):
                out.append(r)
                break
    return out


def rag_changes(ref):
    out = []
    prev = None
    for u in UPD[ref]:
        if prev is not None and u["rag"] != prev:
            out.append((u["ts"].date(), prev, u["rag"]))
        prev = u["rag"]
    return out


ORDER = {"green": 0, "amber": 1, "red": 2}


def improved_between(since, until=None, refs=None):
    """Projects whose RAG at the end of the window is better than the last RAG before it (needs an update in the window)."""
    until = until or NOW
    out = []
    for r in refs or REFS:
        before = rag(r, since)
        after = rag(r, until)
        if before and after and ORDER[after] < ORDER[before]:
            out.append(r)
    return out


def worsened_between(since, until=None, refs=None):
    until = until or NOW
    return [
        r for r in (refs or REFS) if rag(r, since) and rag(r, until) and ORDER[rag(r, until)] > ORDER[rag(r, since)]
    ]

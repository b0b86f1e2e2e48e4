"""Data access + calculations for make_questions.py (check_dev.py has its own, separate implementation)."""

import csv
import os
from datetime import datetime

from windows import NOW, WINDOWS

BASE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _rd(name):
    with open(os.path.join(BASE, name), newline="") as f:
        return list(csv.DictReader(f))


def ts(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


PLAN = {r["ref"]: r for r in _rd("plan.csv")}
REFS = sorted(PLAN)
PEOPLE = {r["email"]: r["name"] for r in _rd("people.csv")}
EMAIL = {v.lower(): k for k, v in PEOPLE.items()}
HIST = sorted(_rd("history.csv"), key=lambda r: (r["submitted_at"], r["project_ref"]))
MS = _rd("milestones.csv")
TNOW = ts(NOW)
TODAY = NOW[:10]


def lday(s):
    """Local (Europe/London) calendar day of a UTC instant string; BST from 2027-03-28T01:00Z."""
    from datetime import timedelta

    t = ts(s)
    if t >= datetime(2027, 3, 28, 1, 0):
        t += timedelta(hours=1)
    return t.date().isoformat()


def updates(ref, upto=None):
    upto = upto or TNOW
    return [u for u in HIST if u["project_ref"] == ref and ts(u["submitted_at"]) <= upto]


def latest(ref):
    u = updates(ref)
    return u[-1] if u else None


def rag(ref):
    u = latest(ref)
    return u["rag"] if u else None


def prog(ref):
    u = latest(ref)
    return int(u["progress_pct"]) if u else None


def leads(ref):
    return PLAN[ref]["lead_name"].split(";")


def deputies(ref):
    e = PLAN[ref]["deputy_email"]
    if not e:
        return []
    return [PEOPLE.get(e, e)]


def area(a):
    return [r for r in REFS if PLAN[r]["priority_area"] == a]


def rag_set(rg, a=None):
    refs = area(a) if a else REFS
    return [r for r in refs if rag(r) == rg]


def led_by(name):
    return [r for r in REFS if name in leads(r)]


def deputy_for(name):
    e = EMAIL[name.lower()]
    return [r for r in REFS if PLAN[r]["deputy_email"] == e]


def win(name):
    s, u, _, _ = WINDOWS[name]
    return ts(s), ts(u) if u != NOW else TNOW


def updated_in(wname, a=None):
    s, u = win(wname)
    refs = area(a) if a else REFS
    return [
        r
        for r in refs
        if any(
            s <= ts(x["submitted_at"]) < u or (u == TNOW and s <= ts(x["submitted_at"]) <= u)
            for x in HIST
            if x["project_ref"] == r
        )
    ]


def not_updated_in(wname, a=None):
    got = set(updated_in(wname, a))
    refs = area(a) if a else REFS
    return [r for r in refs if r not in got]


def overdue_ms(a=None):
    return [
        m
        for m in MS
        if m["due_date"] < TODAY
        and m["status"] != "done"
        and (a is None or PLAN[m["project_ref"]]["priority_area"] == a)
    ]


def due_ms(d1, d2, status=None):
    return [m for m in MS if d1 <= m["due_date"] <= d2 and (status is None or m["status"] == status)]


def refs_of(ms):
    return sorted({m["project_ref"] for m in ms})


def asks_now(a=None):
    refs = area(a) if a else REFS
    return [r for r in refs if latest(r) and latest(r)["asks_of_dlg"] != "None"]


def blockers_now(a=None):
    refs = area(a) if a else REFS
    return [r for r in refs if latest(r) and latest(r)["blockers"] != "None"]


def rag_on(ref, day):
    u = updates(ref, ts(day + "T23:59:59Z"))
    return u[-1]["rag"] if u else None


def prog_on(ref, day):
    u = updates(ref, ts(day + "T23:59:59Z"))
    return int(u[-1]["progress_pct"]) if u else None


def went(ref, rg):
    """Day of the most recent update that turned the RAG into rg."""
    prev, day = None, None
    for u in updates(ref):
        if u["rag"] == rg and prev != rg:
            day = lday(u["submitted_at"])
        prev = u["rag"]
    return day


def last_update_day(ref):
    u = latest(ref)
    return lday(u["submitted_at"]) if u else None


ORDER = {"red": 0, "amber": 1, "green": 2}


def changed_in(wname, direction):
    s, u = win(wname)
    out = []
    for r in REFS:
        prev = None
        hit = False
        for x in updates(r):
            t = ts(x["submitted_at"])
            if prev is not None and s <= t <= u:
                d = ORDER[x["rag"]] - ORDER[prev]
                if (
                    (direction == "improved" and d > 0)
                    or (direction == "worse" and d < 0)
                    or (direction == "any" and d != 0)
                ):
                    hit = True
            prev = x["rag"]
        if hit:
            out.append(r)
    return out


def mentions(word, field=None):
    w = word.lower()
    out = []
    for r in REFS:
        for x in updates(r):
            fields = [field] if field else ["summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"]
            if any(w in x[f].lower() for f in fields):
                out.append(r)
                break
    return out


def no_deputy():
    return [r for r in REFS if not PLAN[r]["deputy_email"]]


def deputy_email_only():
    return [r for r in REFS if PLAN[r]["deputy_email"] and PLAN[r]["deputy_email"] not in PEOPLE]


def gone_quiet():
    return not_updated_in("past_fortnight")


def never_updated():
    return [r for r in REFS if not updates(r)]


def ending_between(d1, d2):
    return [r for r in REFS if d1 <= PLAN[r]["end_date"] <= d2]


def prog_cmp(op, x):
    out = []
    for r in REFS:
        p = prog(r)
        if p is None:
            continue
        if (op == ">" and p > x) or (op == ">=" and p >= x) or (op == "<" and p < x):
            out.append(r)
    return out


def ambiguous(term):
    t = term.lower()
    return [
        r for r in REFS if t in PLAN[r]["name"].lower() or any(t in a.lower() for a in PLAN[r]["aliases"].split(";"))
    ]

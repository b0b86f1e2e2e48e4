"""Data access + expectation-op evaluator used by make_questions.py (check_dev.py has its own)."""
import csv, os
from datetime import datetime, timedelta, date, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def rd(name):
    with open(os.path.join(ROOT, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))

PLAN = {r["ref"]: r for r in rd("plan.csv")}
HIST = rd("history.csv")
MS = rd("milestones.csv")
PEOPLE = {r["email"].lower(): r["name"] for r in rd("people.csv")}
BYNAME = {v.lower(): k for k, v in PEOPLE.items()}

def ts(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")

NOW = ts("2027-11-02T15:30:00Z")
TODAY = date(2027, 11, 2)
for h in HIST:
    h["_t"] = ts(h["submitted_at"])
HIST.sort(key=lambda h: h["_t"])

def ups(ref, before=NOW):
    return [h for h in HIST if h["project_ref"] == ref and h["_t"] <= before]

def latest(ref, before=NOW):
    u = ups(ref, before)
    return u[-1] if u else None

RANK = {"green": 0, "amber": 1, "red": 2}
TEXTF = ["summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"]

def leads(ref):
    return [n.strip() for n in PLAN[ref]["lead_name"].split("&")]

def lead_emails(ref):
    return [e.strip().lower() for e in PLAN[ref]["lead_email"].split(";")]

def deps(ref):
    e = PLAN[ref]["deputy_email"].strip().lower()
    if not e:
        return []
    return [PEOPLE.get(e, e)]

def email_of(name):
    return BYNAME[name.lower()]

def sset(x):
    return sorted(set(x))

def ev(x):
    if isinstance(x, tuple):
        op, a = x[0], [ev(v) for v in x[1:]]
        return OPS[op](*a)
    if isinstance(x, list):
        return [ev(v) for v in x]
    if isinstance(x, dict):
        return {k: ev(v) for k, v in x.items()}
    return x

def _upd(s, e=None):
    s = ts(s); e = ts(e) if e else NOW + timedelta(seconds=1)
    return sset(h["project_ref"] for h in HIST if s <= h["_t"] < e)

def _ragis(cols, scope=None):
    scope = scope if scope is not None else list(PLAN)
    out = []
    for r in scope:
        l = latest(r)
        if l and l["rag"] in cols:
            out.append(r)
    return sset(out)

def _overdue(ref=None):
    return sset(m["project_ref"] for m in MS if m["due_date"] < TODAY.isoformat() and m["status"] != "done" and (ref is None or m["project_ref"] == ref))

def _person(name):
    e = email_of(name)
    return sset(r for r in PLAN if e in lead_emails(r) or PLAN[r]["deputy_email"].lower() == e)

def _led(name):
    e = email_of(name)
    return sset(r for r in PLAN if e in lead_emails(r))

def _depof(name):
    e = email_of(name)
    return sset(r for r in PLAN if PLAN[r]["deputy_email"].lower() == e)

def _text(word, scope=None, latest_only=False):
    scope = scope if scope is not None else list(PLAN)
    out = []
    for r in scope:
        us = ups(r)
        if latest_only:
            us = us[-1:]
        if any(word.lower() in h[f].lower() for h in us for f in TEXTF):
            out.append(r)
    return sset(out)

def _rag_at(ref, t):
    l = latest(ref, ts(t))
    return l["rag"] if l else None

def _pct_at(ref, t):
    l = latest(ref, ts(t))
    return int(l["progress_pct"]) if l else None

def _ms(ref, title):
    for m in MS:
        if m["project_ref"] == ref and m["title"] == title:
            return m["due_date"]
    raise KeyError((ref, title))

def _ms_between(a, b, notdone=False):
    return sset(m["project_ref"] for m in MS if a <= m["due_date"] <= b and (not notdone or m["status"] != "done"))

def _end_between(a, b):
    return sset(r for r in PLAN if a <= PLAN[r]["end_date"] <= b)

def _area_most(col):
    c = {}
    for r in _ragis([col]):
        c[PLAN[r]["priority_area"]] = c.get(PLAN[r]["priority_area"], 0) + 1
    best = max(c.values())
    top = [a for a in c if c[a] == best]
    assert len(top) == 1, c
    return top[0]

def _local_date(ref):
    l = latest(ref)
    t = l["_t"]
    t = t + timedelta(hours=1) if t < datetime(2027, 10, 31, 1, 0) else t
    return t.date().isoformat()

def _area_count(area, cols):
    return len([r for r in _ragis(cols) if PLAN[r]["priority_area"] == area])

def _progress_down():
    out = []
    for r in PLAN:
        us = ups(r)
        if any(int(us[i]["progress_pct"]) < int(us[i - 1]["progress_pct"]) for i in range(1, len(us))):
            out.append(r)
    return sset(out)

def _worse(ref, t):
    return RANK[latest(ref)["rag"]] > RANK[_rag_at(ref, t)]

def _better(ref, t):
    return RANK[latest(ref)["rag"]] < RANK[_rag_at(ref, t)]

def _pct_ge(n, scope=None):
    scope = scope if scope is not None else list(PLAN)
    return sset(r for r in scope if latest(r) and int(latest(r)["progress_pct"]) >= n)

def _pct_lt(n, scope=None):
    scope = scope if scope is not None else list(PLAN)
    return sset(r for r in scope if latest(r) and int(latest(r)["progress_pct"]) < n)

def _nodep():
    return sset(r for r in PLAN if not PLAN[r]["deputy_email"].strip())

def _joint():
    return sset(r for r in PLAN if "&" in PLAN[r]["lead_name"])

def _enabler(name):
    return sset(r for r in PLAN if name in [x.strip() for x in PLAN[r]["enablers"].split(";")])

def _area(name):
    return sset(r for r in PLAN if PLAN[r]["priority_area"] == name)

def _nupd(s, e=None):
    s = ts(s); e = ts(e) if e else NOW + timedelta(seconds=1)
    return len([h for h in HIST if s <= h["_t"] < e])

def _went_red(s, e=None):
    # projects whose rag became red (previous update not red) with the red update in [s, e)
    out = []
    for r in PLAN:
        us = ups(r)
        for i in range(1, len(us)):
            if us[i]["rag"] == "red" and us[i - 1]["rag"] != "red" and us[i]["_t"] >= ts(s) and (e is None or us[i]["_t"] < ts(e)):
                out.append(r)
    return sset(out)

def _ever_red_now_not():
    return sset(r for r in PLAN if ups(r) and any(h["rag"] == "red" for h in ups(r)) and latest(r)["rag"] != "red")

def _sub_by_nonlead():
    return sset(h["project_ref"] for h in HIST if h["submitted_by_email"].lower() not in lead_emails(h["project_ref"]))

OPS = {
    "rag": lambda r: latest(r)["rag"] if latest(r) else None,
    "pct": lambda r: int(latest(r)["progress_pct"]),
    "leads": leads, "deps": deps,
    "upd": _upd,
    "notupd": lambda s: sset(r for r in PLAN if r not in _upd(s)),
    "never": lambda: sset(r for r in PLAN if not ups(r)),
    "ragis": _ragis,
    "area": _area, "enabler": _enabler,
    "overdue": _overdue,
    "person": _person, "led": _led, "depof": _depof,
    "minus": lambda a, b: sset(x for x in a if x not in b),
    "and": lambda a, b: sset(x for x in a if x in b),
    "or": lambda a, b: sset(list(a) + list(b)),
    "count": lambda a: len(a),
    "text": _text,
    "ltext": lambda w, scope=None: _text(w, scope, True),
    "end": lambda r: PLAN[r]["end_date"], "start": lambda r: PLAN[r]["start_date"],
    "ms": _ms, "ms_between": _ms_between, "end_between": _end_between,
    "rag_at": _rag_at, "pct_at": _pct_at,
    "eq": lambda a, b: a == b, "in": lambda a, b: a in b, "not": lambda a: not a,
    "area_most": _area_most, "area_count": _area_count,
    "lastdate": _local_date,
    "pdown": _progress_down, "worse": _worse, "better": _better,
    "pct_ge": _pct_ge, "pct_lt": _pct_lt,
    "nodep": _nodep, "joint": _joint, "nupd": _nupd,
    "went_red": _went_red, "recovered": _ever_red_now_not,
    "all": lambda: sset(PLAN), "nonlead": _sub_by_nonlead,
    "one": lambda x: [x],
    "gt": lambda a, b: a > b, "sub": lambda a, b: a - b,
    "area_of": lambda r: PLAN[r]["priority_area"],
}

def _has(field, scope=None):
    scope = scope if scope is not None else list(PLAN)
    return sset(r for r in scope if latest(r) and latest(r)[field].strip().lower() not in ("none", ""))

OPS["has"] = _has
OPS["ms_overdue_dates"] = lambda r: sorted(m["due_date"] for m in MS if m["project_ref"] == r and m["due_date"] < TODAY.isoformat() and m["status"] != "done")
OPS["next_ms"] = lambda r: min(m["due_date"] for m in MS if m["project_ref"] == r and m["status"] != "done" and m["due_date"] >= TODAY.isoformat())

def _most_leads():
    c = {}
    for r in PLAN:
        for n in leads(r):
            c[n] = c.get(n, 0) + 1
    best = max(c.values())
    return sorted(n for n in c if c[n] == best)

def _red_since(ref):
    us = ups(ref)
    i = len(us) - 1
    assert us[i]["rag"] == "red"
    while i > 0 and us[i - 1]["rag"] == "red":
        i -= 1
    t = us[i]["_t"]
    t = t + timedelta(hours=1) if t < datetime(2027, 10, 31, 1, 0) else t
    return t.date().isoformat()

OPS.update({
    "most_leads": _most_leads,
    "unknown_deps": lambda: sset(r for r in PLAN if PLAN[r]["deputy_email"].strip() and PLAN[r]["deputy_email"].lower() not in PEOPLE),
    "start_between": lambda a, b: sset(r for r in PLAN if a <= PLAN[r]["start_date"] <= b),
    "depemail": lambda e: sset(r for r in PLAN if PLAN[r]["deputy_email"].lower() == e.lower()),
    "ragis_at": lambda cols, t: sset(r for r in PLAN if _rag_at(r, t) in cols),
    "n_overdue_ms": lambda: len([m for m in MS if m["due_date"] < TODAY.isoformat() and m["status"] != "done"]),
    "leads_of": lambda rs: sset(n for r in rs for n in leads(r)),
    "deps_of": lambda rs: sset(n for r in rs for n in deps(r)),
    "red_since": _red_since,
    "max_pct": lambda rs: max(rs, key=lambda r: int(latest(r)["progress_pct"])),
})

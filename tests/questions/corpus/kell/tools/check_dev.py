#!/usr/bin/env python3
"""Independent re-check of dev.yaml.

Own CSV reading, own date rules (zoneinfo Europe/London instead of the generator's hand-coded BST switch),
own implementation of every recipe op in tools/recipes.json; compares each recomputed expectation with dev.yaml,
validates structure, viewers, refusal rules, windows and text_contains words. Prints OK on success."""
import csv, json, os, re, sys
from datetime import datetime, date, timedelta, timezone
from zoneinfo import ZoneInfo
import yaml

BASE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LON = ZoneInfo("Europe/London")
UTC = timezone.utc
ERR = []

def err(i, msg):
    ERR.append(f"q{i}: {msg}")

def load(fn):
    with open(os.path.join(BASE, fn), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    hdr = rows[0]
    return [dict(zip(hdr, r)) for r in rows[1:] if r]

plan_rows = load("plan.csv")
PLAN = {}
for r in plan_rows:
    PLAN[r["ref"]] = r
people = {r["email"].strip().lower(): r["name"].strip() for r in load("people.csv")}
roles = load("roles.csv")
ms_rows = load("milestones.csv")
meta = yaml.safe_load(open(os.path.join(BASE, "meta.yaml"), encoding="utf-8"))

def parse_z(s):
    assert s.endswith("Z"), s
    return datetime.fromisoformat(s[:-1]).replace(tzinfo=UTC)

NOW = parse_z(meta["now"])
NOW_L = NOW.astimezone(LON)
TODAY_L = NOW_L.date()
HIST = []
for r in load("history.csv"):
    r = dict(r)
    r["t"] = parse_z(r["submitted_at"])
    assert r["rag"] in ("green", "amber", "red"), r
    assert 0 <= int(r["progress_pct"]) <= 100
    assert r["project_ref"] in PLAN, r["project_ref"]
    HIST.append(r)
HIST.sort(key=lambda r: r["t"])
BYREF = {}
for h in HIST:
    BYREF.setdefault(h["project_ref"], []).append(h)

# ---------- basic data sanity -----------------------------------------------------------------------
assert 30 <= len(PLAN) <= 45, len(PLAN)
assert NOW_L.strftime("%A") == "Tuesday" and NOW_L.date() == date(2027, 11, 2)
assert meta["cycle"] == "weekly, opens Monday" and meta["timezone"] == "Europe/London"
for h in HIST:
    assert h["t"] <= NOW
for m in ms_rows:
    assert m["status"] in ("done", "in_progress", "not_started") and m["project_ref"] in PLAN
for r in roles:
    assert r["role"] in ("admin", "dlg") and r["email"].lower() in people

# ---------- independent window instants -------------------------------------------------------------
def local_midnight(d):
    return datetime(d.year, d.month, d.day, tzinfo=LON).astimezone(UTC)

monday = TODAY_L - timedelta(days=TODAY_L.weekday())
WIN = {
    "today": (local_midnight(TODAY_L), None),
    "yday": (local_midnight(TODAY_L - timedelta(days=1)), local_midnight(TODAY_L)),
    "tw": (local_midnight(monday), None),
    "lw": (local_midnight(monday - timedelta(days=7)), local_midnight(monday)),
    "p7": (NOW - timedelta(days=7), None), "p10": (NOW - timedelta(days=10), None),
    "p14": (NOW - timedelta(days=14), None), "dig": (parse_z(meta["last_digest_at"]), None),
    "sep": (local_midnight(date(2027, 9, 1)), local_midnight(date(2027, 10, 1))),
    "oct": (local_midnight(date(2027, 10, 1)), local_midnight(date(2027, 11, 1))),
    "aug": (local_midnight(date(2027, 8, 1)), local_midnight(date(2027, 9, 1))),
}
def fmt(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")
KNOWN_INSTANTS = {fmt(v) for pair in WIN.values() for v in pair if v is not None}
KNOWN_INSTANTS |= {fmt(NOW - timedelta(days=31))}  # "a month ago" = 2 Oct same time
for d in (date(2027, 10, 25), date(2027, 10, 29), date(2027, 10, 30), date(2027, 10, 31), date(2027, 10, 16), date(2027, 10, 26)):
    KNOWN_INSTANTS.add(fmt(local_midnight(d)))
def win_days(k):
    s, e = WIN[k]
    since = s.astimezone(LON).date()
    until = (e - timedelta(seconds=1)).astimezone(LON).date() if e else TODAY_L
    return since.isoformat(), until.isoformat()

# ---------- independent ops -------------------------------------------------------------------------
def upd_list(ref, upto=None):
    upto = upto or NOW
    return [h for h in BYREF.get(ref, []) if h["t"] <= upto]

def cur(ref, upto=None):
    u = upd_list(ref, upto)
    return u[-1] if u else None

def lead_names(ref):
    return [x.strip() for x in PLAN[ref]["lead_name"].split("&") if x.strip()]

def lead_mails(ref):
    return [x.strip().lower() for x in PLAN[ref]["lead_email"].split(";") if x.strip()]

def dep_mail(ref):
    return PLAN[ref]["deputy_email"].strip().lower()

def dep_show(ref):
    e = dep_mail(ref)
    return [people[e]] if e in people else ([e] if e else [])

def mail_of(name):
    hits = [e for e, n in people.items() if n.lower() == name.lower()]
    assert len(hits) == 1, name
    return hits[0]

def T(s):
    return parse_z(s)

def in_win(t, s, e):
    return T(s) <= t and (e is None or t < T(e))

TXT = ["summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"]
ORDER = {"green": 1, "amber": 2, "red": 3}
TOD = TODAY_L.isoformat()

def local_day(t):
    return t.astimezone(LON).date().isoformat()

def op_upd(s, e=None):
    return {h["project_ref"] for h in HIST if in_win(h["t"], s, e)}

def op_ragis(cols, scope=None):
    scope = set(PLAN) if scope is None else set(scope)
    return {r for r in scope if cur(r) and cur(r)["rag"] in cols}

def op_text(w, scope=None, last=False):
    scope = set(PLAN) if scope is None else set(scope)
    out = set()
    for r in scope:
        us = upd_list(r)[-1:] if last else upd_list(r)
        if any(w.lower() in h[f].lower() for h in us for f in TXT):
            out.add(r)
    return out

def op_went_red(s, e=None):
    out = set()
    for r, us in BYREF.items():
        for a, b in zip(us, us[1:]):
            if b["rag"] == "red" and a["rag"] != "red" and in_win(b["t"], s, e):
                out.add(r)
    return out

def op_area_most(col):
    cnt = {}
    for r in op_ragis([col]):
        a = PLAN[r]["priority_area"]; cnt[a] = cnt.get(a, 0) + 1
    top = sorted(cnt.items(), key=lambda x: -x[1])
    assert len(top) == 1 or top[0][1] > top[1][1]
    return top[0][0]

def overdue_ms():
    return [m for m in ms_rows if m["due_date"] < TOD and m["status"] != "done"]

def op_red_since(ref):
    us = upd_list(ref)
    k = len(us) - 1
    while k > 0 and us[k - 1]["rag"] == "red":
        k -= 1
    return local_day(us[k]["t"])

def op_most_leads():
    c = {}
    for r in PLAN:
        for n in lead_names(r):
            c[n] = c.get(n, 0) + 1
    m = max(c.values())
    return {n for n, v in c.items() if v == m}

OP = {
    "rag": lambda r: cur(r)["rag"] if cur(r) else None,
    "pct": lambda r: int(cur(r)["progress_pct"]),
    "leads": lambda r: set(lead_names(r)), "deps": lambda r: set(dep_show(r)),
    "upd": op_upd, "notupd": lambda s: set(PLAN) - op_upd(s),
    "never": lambda: {r for r in PLAN if r not in BYREF},
    "ragis": op_ragis,
    "area": lambda a: {r for r in PLAN if PLAN[r]["priority_area"] == a},
    "enabler": lambda e: {r for r in PLAN if e in [x.strip() for x in PLAN[r]["enablers"].split(";")]},
    "overdue": lambda: {m["project_ref"] for m in overdue_ms()},
    "person": lambda n: {r for r in PLAN if mail_of(n) in lead_mails(r) or dep_mail(r) == mail_of(n)},
    "led": lambda n: {r for r in PLAN if mail_of(n) in lead_mails(r)},
    "depof": lambda n: {r for r in PLAN if dep_mail(r) == mail_of(n)},
    "minus": lambda a, b: set(a) - set(b), "and": lambda a, b: set(a) & set(b), "or": lambda a, b: set(a) | set(b),
    "count": lambda a: len(a),
    "text": op_text, "ltext": lambda w, s=None: op_text(w, s, True),
    "end": lambda r: PLAN[r]["end_date"], "start": lambda r: PLAN[r]["start_date"],
    "ms": lambda r, t: [m["due_date"] for m in ms_rows if m["project_ref"] == r and m["title"] == t][0],
    "ms_between": lambda a, b, nd=False: {m["project_ref"] for m in ms_rows if a <= m["due_date"] <= b and (not nd or m["status"] != "done")},
    "end_between": lambda a, b: {r for r in PLAN if a <= PLAN[r]["end_date"] <= b},
    "start_between": lambda a, b: {r for r in PLAN if a <= PLAN[r]["start_date"] <= b},
    "rag_at": lambda r, t: (cur(r, T(t)) or {}).get("rag"),
    "pct_at": lambda r, t: int(cur(r, T(t))["progress_pct"]),
    "eq": lambda a, b: (set(a) == set(b)) if isinstance(a, (set, list)) else a == b,
    "in": lambda a, b: a in b, "not": lambda a: not a, "gt": lambda a, b: a > b, "sub": lambda a, b: a - b,
    "area_most": op_area_most,
    "area_count": lambda a, cols: len({r for r in op_ragis(cols) if PLAN[r]["priority_area"] == a}),
    "lastdate": lambda r: local_day(cur(r)["t"]),
    "pdown": lambda: {r for r, us in BYREF.items() if any(int(b["progress_pct"]) < int(a["progress_pct"]) for a, b in zip(us, us[1:]))},
    "worse": lambda r, t: ORDER[cur(r)["rag"]] > ORDER[cur(r, T(t))["rag"]],
    "better": lambda r, t: ORDER[cur(r)["rag"]] < ORDER[cur(r, T(t))["rag"]],
    "pct_ge": lambda n, s=None: {r for r in (set(PLAN) if s is None else set(s)) if cur(r) and int(cur(r)["progress_pct"]) >= n},
    "pct_lt": lambda n, s=None: {r for r in (set(PLAN) if s is None else set(s)) if cur(r) and int(cur(r)["progress_pct"]) < n},
    "nodep": lambda: {r for r in PLAN if not dep_mail(r)},
    "joint": lambda: {r for r in PLAN if len(lead_names(r)) > 1},
    "nupd": lambda s, e=None: sum(1 for h in HIST if in_win(h["t"], s, e)),
    "went_red": op_went_red,
    "recovered": lambda: {r for r, us in BYREF.items() if any(h["rag"] == "red" for h in us) and us[-1]["rag"] != "red"},
    "all": lambda: set(PLAN),
    "nonlead": lambda: {h["project_ref"] for h in HIST if h["submitted_by_email"].lower() not in lead_mails(h["project_ref"])},
    "one": lambda x: {x}, "area_of": lambda r: PLAN[r]["priority_area"],
    "has": lambda f, s=None: {r for r in (set(PLAN) if s is None else set(s)) if cur(r) and cur(r)[f].strip().lower() not in ("", "none")},
    "ms_overdue_dates": lambda r: sorted(m["due_date"] for m in overdue_ms() if m["project_ref"] == r),
    "next_ms": lambda r: sorted(m["due_date"] for m in ms_rows if m["project_ref"] == r and m["status"] != "done" and m["due_date"] >= TOD)[0],
    "most_leads": op_most_leads,
    "unknown_deps": lambda: {r for r in PLAN if dep_mail(r) and dep_mail(r) not in people},
    "depemail": lambda e: {r for r in PLAN if dep_mail(r) == e.lower()},
    "ragis_at": lambda cols, t: {r for r in PLAN if (cur(r, T(t)) or {}).get("rag") in cols},
    "n_overdue_ms": lambda: len(overdue_ms()),
    "leads_of": lambda rs: {n for r in rs for n in lead_names(r)},
    "deps_of": lambda rs: {n for r in rs for n in dep_show(r)},
    "red_since": op_red_since,
    "max_pct": lambda rs: sorted(rs, key=lambda r: -int(cur(r)["progress_pct"]))[0],
}
USED_INSTANTS = set()

def run(x):
    if isinstance(x, dict) and set(x) == {"op"}:
        name, *args = x["op"]
        args = [run(a) for a in args]
        for a in args:
            if isinstance(a, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", a):
                USED_INSTANTS.add(a)
        return OP[name](*args)
    if isinstance(x, list):
        return [run(v) for v in x]
    if isinstance(x, dict):
        return {k: run(v) for k, v in x.items()}
    return x

SETKEYS = {"projects", "leads", "deputies", "people", "ambiguous"}
ALLOWED = {"projects", "leads", "deputies", "people", "rag", "progress", "count", "since", "until", "answer", "dates",
           "field", "text_contains", "text_excludes", "not_sure", "ambiguous", "refused", "small_talk", "parts"}
FIELDS = {"leads", "deputies", "progress", "dates", "milestones", "summary", "achievements", "next_steps", "risks",
          "blockers", "asks", "area", "enablers", "description"}

def norm(v):
    if isinstance(v, set):
        return sorted(v)
    return v

def compare(i, exp, rec, where=""):
    calc = run(rec)
    if "parts" in exp:
        if len(exp["parts"]) != len(calc["parts"]) or not 2 <= len(exp["parts"]) <= 3:
            err(i, "parts length")
        for j, (e, c) in enumerate(zip(exp["parts"], rec["parts"])):
            compare(i, e, c, f"{where}part{j}.")
        return
    for k in set(exp) | set(calc):
        if k not in ALLOWED:
            err(i, f"bad key {k}")
        a, b = exp.get(k), calc.get(k)
        if k in SETKEYS:
            if a is None or b is None or set(a) != set(b) or len(a) != len(set(a)):
                err(i, f"{where}{k}: yaml {a} vs recomputed {norm(b)}")
        elif k == "dates":
            if sorted(a) != sorted(b if isinstance(b, list) else [b]):
                err(i, f"{where}dates {a} vs {b}")
        elif k == "text_contains":
            if list(a) != list(b):
                err(i, f"{where}text_contains {a} vs {b}")
        else:
            if a != norm(b):
                err(i, f"{where}{k}: yaml {a!r} vs recomputed {norm(b)!r}")
    # semantic validations
    if "field" in exp and exp["field"] not in FIELDS:
        err(i, "bad field")
    for k in ("projects", "ambiguous"):
        for r in exp.get(k, []) or []:
            if r not in PLAN:
                err(i, f"unknown ref {r}")
    if "ambiguous" in exp and len(exp["ambiguous"]) < 2:
        err(i, "ambiguous needs >=2 refs")
    for d in exp.get("dates", []) or []:
        date.fromisoformat(d)
    if "since" in exp:
        pair = (exp["since"], exp["until"])
        if pair not in {win_days(k) for k in WIN} and exp["since"] > exp["until"]:
            err(i, "since/until")
    if "rag" in exp and exp["rag"] not in ("green", "amber", "red"):
        err(i, "rag value")
    if "text_contains" in exp:
        scope = exp.get("projects") or list(PLAN)
        blob = " ".join(" ".join(PLAN[r].values()) + " " + " ".join(h[f] for h in BYREF.get(r, []) for f in TXT) +
                        " " + " ".join(m["title"] for m in ms_rows if m["project_ref"] == r) +
                        " " + " ".join(people.get(h["submitted_by_email"].lower(), "") for h in BYREF.get(r, []))
                        for r in scope).lower()
        for w in exp["text_contains"]:
            if w.lower() not in blob and w.lower() not in ("before", "after"):
                err(i, f"text_contains word {w!r} not in data of {scope[:3]}")

def main():
    dev = yaml.safe_load(open(os.path.join(BASE, "dev.yaml"), encoding="utf-8"))
    rec = json.load(open(os.path.join(BASE, "tools", "recipes.json"), encoding="utf-8"))
    qs = dev["questions"]
    viewers = dev["viewers"]
    assert set(viewers) == {"member", "member_channel", "admin", "dlg", "admin_channel"}
    assert len(qs) == len(rec), (len(qs), len(rec))
    texts = set()
    kinds = {}
    convs = {}
    for i, (q, r) in enumerate(zip(qs, rec)):
        if not isinstance(q.get("q"), str) or not q["q"].strip():
            err(i, "empty text")
        v = q.get("viewer", "member")
        if v not in viewers:
            err(i, "viewer")
        key = (q["q"], v, q.get("conversation"))
        if key in texts and not q.get("conversation"):
            err(i, "duplicate question")
        texts.add(key)
        compare(i, q["expect"], r)
        if q.get("conversation"):
            convs.setdefault(q["conversation"], []).append(i)
        # refusal rule: not-updated / quiet lists only for admin/dlg in personal chat
        restricted = re.search(r"(hasn'?t|haven'?t|didn'?t|not) (updated|update|sent|reported)|yet to update|gone quiet|quiet projects|owes an update|not updated|without an update|no update in|missing from|everyone updated", q["q"], re.I)
        e = q["expect"]
        parts = e.get("parts", [e])
        vd = viewers[v]
        privileged = bool(set(vd["staff_roles"]) & {"admin", "dlg"}) and vd["conversation_type"] == "personal"
        if restricted and not re.search(r"never|ever ", q["q"], re.I):
            if privileged and any(p.get("refused") for p in parts):
                err(i, "privileged viewer refused")
            if not privileged and not any(p.get("refused") for p in parts):
                err(i, "restricted list not refused")
        if any(p.get("refused") for p in parts) and privileged:
            err(i, "refused for privileged viewer")
        kind = ("multi" if "parts" in e else "refused" if e.get("refused") else "not_sure" if e.get("not_sure")
                else "ambiguous" if "ambiguous" in e else "small_talk" if e.get("small_talk") else None)
        if kind is None:
            if q.get("conversation") and convs[q["conversation"]][0] != i:
                kind = "follow_up"
            elif "since" in e or "dates" in e or any(w in q["q"].lower() for w in ("week", "month", "ago", "days", "fortnight", "digest", "today", "yesterday", "september", "october", "august", "christmas", "when")):
                kind = "dates_windows"
            elif len(e.get("projects", [])) == 1 and "count" not in e:
                kind = "one_project"
            else:
                kind = "lists_counts_comparisons"
        kinds[kind] = kinds.get(kind, 0) + 1
    for c, idx in convs.items():
        if not 2 <= len(idx) <= 4:
            err(idx[0], f"conversation {c} has {len(idx)} turns")
    bad = USED_INSTANTS - KNOWN_INSTANTS
    if bad:
        ERR.append(f"recipes use window instants not derived independently: {sorted(bad)}")
    # header must state every window instant
    head = open(os.path.join(BASE, "dev.yaml"), encoding="utf-8").read().split("viewers:")[0]
    for k in ("tw", "lw", "p7", "p10", "p14", "dig", "sep", "oct"):
        for t in WIN[k]:
            if t is not None and fmt(t)[:16] + "Z" not in head:
                ERR.append(f"header lacks instant {fmt(t)} for {k}")
    if len(qs) < 500:
        ERR.append("fewer than 500 questions")
    counts = " ".join(f"{k}={v}" for k, v in sorted(kinds.items()))
    print(f"COUNTS: total={len(qs)} {counts} conversations={len(convs)}")
    if ERR:
        print("\n".join(ERR[:60]))
        print(f"FAILED ({len(ERR)} problems)")
        sys.exit(1)
    print("check_dev OK")

if __name__ == "__main__":
    main()

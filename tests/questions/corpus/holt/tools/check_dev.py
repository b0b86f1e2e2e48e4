#!/usr/bin/env python3
"""Independent re-check of dev.yaml: own CSV parsing, own Europe/London rule (no zoneinfo), own window maths.
Re-derives every expectation from tools/dev_specs.json (op + arguments of each question) and compares. Prints OK."""

import json
import os
import sys
from datetime import UTC, date, datetime, timedelta

import yaml

R = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def csv_rows(name):  # minimal RFC 4180 parser
    text = open(os.path.join(R, name), encoding="utf-8").read()
    rows, row, f, q, i = [], [], "", False, 0
    while i < len(text):
        ch = text[i]
        if q:
            if ch == '"':
                if i + 1 < len(text) and text[i + 1] == '"':
                    f += '"'
                    i += 1
                else:
                    q = False
            else:
                f += ch
        elif ch == '"':
            q = True
        elif ch == ",":
            row.append(f)
            f = ""
        elif ch == "\n":
            row.append(f)
            rows.append(row)
            row, f = [], ""
        elif ch != "\r":
            f += ch
        i += 1
    if f or row:
        row.append(f)
        rows.append(row)
    head = rows[0]
    return [dict(zip(head, r, strict=False)) for r in rows[1:]]


def ts(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def last_sunday(y, m):
    d = date(y, m + 1, 1) - timedelta(days=1)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def offset(t):  # UK rule: BST from last Sun Mar 01:00Z to last Sun Oct 01:00Z
    a = datetime.combine(last_sunday(t.year, 3), datetime.min.time(), UTC) + timedelta(hours=1)
    b = datetime.combine(last_sunday(t.year, 10), datetime.min.time(), UTC) + timedelta(hours=1)
    return timedelta(hours=1) if a <= t < b else timedelta(0)


def lday(t):
    return (t + offset(t)).date()


def midnight(d):  # local midnight -> UTC
    guess = datetime(d.year, d.month, d.day, tzinfo=UTC)
    return guess - offset(guess - timedelta(hours=1))


meta = yaml.safe_load(open(os.path.join(R, "meta.yaml")))
NOW = ts(meta["now"])
DIG = ts(meta["last_digest_at"])
TD = lday(NOW)
plan = {r["ref"]: r for r in csv_rows("plan.csv")}
refs = sorted(plan)
mss = csv_rows("milestones.csv")
ppl = {r["email"]: r["name"] for r in csv_rows("people.csv")}
email_of = {v: k for k, v in ppl.items()}
H = {}
for r in csv_rows("history.csv"):
    r["T"] = ts(r["submitted_at"])
    H.setdefault(r["project_ref"], []).append(r)
for k in H:
    H[k].sort(key=lambda r: r["T"])


def cur(ref, before=None):
    h = [r for r in H.get(ref, []) if before is None or r["T"] < before]
    return h[-1] if h else None


def rg(ref):
    c = cur(ref)
    return c and c["rag"]


def pc(ref):
    c = cur(ref)
    return c and int(c["progress_pct"])


def LD(ref):
    return [x.strip() for x in plan[ref]["lead_name"].split(";")]


def DP(ref):
    e = plan[ref]["deputy_email"]
    return [ppl.get(e, e)] if e else []


cycle0 = date(2028, 1, 10)


def cycle_start(d):
    return d - timedelta(days=(d - cycle0).days % 14)


def W(n):
    mon = TD - timedelta(days=TD.weekday())
    cs = cycle_start(TD)
    tab = {
        "today": (midnight(TD), None),
        "yesterday": (midnight(TD - timedelta(1)), midnight(TD)),
        "this_week": (midnight(mon), None),
        "last_week": (midnight(mon - timedelta(7)), midnight(mon)),
        "this_cycle": (midnight(cs), None),
        "last_cycle": (midnight(cs - timedelta(14)), midnight(cs)),
        "p7": (NOW - timedelta(days=7), None),
        "p10": (NOW - timedelta(days=10), None),
        "p14": (NOW - timedelta(days=14), None),
        "digest": (DIG, None),
        "march": (midnight(date(2028, 3, 1)), None),
        "february": (midnight(date(2028, 2, 1)), midnight(date(2028, 3, 1))),
        "january": (midnight(date(2028, 1, 1)), midnight(date(2028, 2, 1))),
    }
    a, b = tab[n]
    until = TD if b is None else lday(b - timedelta(seconds=1))
    return a, b, lday(a).isoformat(), until.isoformat(), n == "digest"


def inside(t, n):
    a, b, _, _, excl = W(n)
    lo = t > a if excl else t >= a
    return lo and (t <= NOW if b is None else t < b)


order = {"red": 0, "amber": 1, "green": 2}


def up():
    return [r for r in refs if H.get(r)]


def od(ref=None):
    return [
        m
        for m in mss
        if (ref in (None, m["project_ref"])) and m["status"] != "done" and date.fromisoformat(m["due_date"]) < TD
    ]


TEXTF = ("summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg")
FIELDMAP = {"asks": "asks_of_dlg"}


def calc(op, a, viewer):
    def one(r):
        return {"projects": [r]}

    if op == "rag":
        return dict(one(a[0]), rag=rg(a[0]))
    if op == "ontrack":
        return dict(one(a[0]), rag=rg(a[0]), answer=rg(a[0]) == "green")
    if op == "israg":
        return dict(one(a[0]), rag=rg(a[0]), answer=rg(a[0]) in a[1])
    if op == "progress":
        return dict(one(a[0]), progress=pc(a[0]), field="progress")
    if op == "status":
        return dict(one(a[0]), rag=rg(a[0]), progress=pc(a[0]))
    if op == "lead":
        return dict(one(a[0]), leads=LD(a[0]), field="leads")
    if op == "deputy":
        d = dict(one(a[0]), deputies=DP(a[0]), field="deputies")
        if not DP(a[0]):
            d["answer"] = False
        return d
    if op == "hasdeputy":
        return dict(one(a[0]), answer=bool(DP(a[0])))
    if op in ("leads_of", "lead_count"):
        p = [r for r in refs if a[0] in LD(r)]
        return {"projects": p, "count": len(p)}
    if op == "deputy_of":
        return {"projects": [r for r in refs if plan[r]["deputy_email"] == email_of[a[0]]]}
    if op == "involved":
        p = [r for r in refs if a[0] in LD(r) or plan[r]["deputy_email"] == email_of[a[0]]]
        return {"projects": [r for r in p if len(a) < 2 or r not in a[1]]}
    if op == "dates":
        return dict(one(a[0]), dates=[plan[a[0]]["start_date"], plan[a[0]]["end_date"]], field="dates")
    if op == "end":
        return dict(one(a[0]), dates=[plan[a[0]]["end_date"]], field="dates")
    if op == "start":
        return dict(one(a[0]), dates=[plan[a[0]]["start_date"]], field="dates")
    if op == "milestones":
        return dict(one(a[0]), field="milestones", dates=[m["due_date"] for m in mss if m["project_ref"] == a[0]])
    if op == "next_ms":
        m = min((m for m in mss if m["project_ref"] == a[0] and m["status"] != "done"), key=lambda m: m["due_date"])
        return dict(
            one(a[0]), field="milestones", dates=[m["due_date"]], text_contains=[m["title"].split(" (")[0].lower()]
        )
    if op == "overdue":
        p = sorted({m["project_ref"] for m in od()})
        p = [r for r in p if not a or plan[r]["priority_area"] == a[0]]
        return {"projects": p, "count": len(p)}
    if op == "overdue_ref":
        o = od(a[0])
        d = dict(one(a[0]), answer=bool(o))
        if o:
            d["dates"] = [m["due_date"] for m in o]
        return d
    if op == "overdue_ms_count":
        return {"projects": sorted({m["project_ref"] for m in od()}), "count": len(od())}
    if op in ("filter", "count_filter"):
        area = a[1] if len(a) > 1 else None
        en = a[2] if len(a) > 2 else None
        p = [
            r
            for r in up()
            if rg(r) in a[0]
            and area in (None, plan[r]["priority_area"])
            and (en is None or en in plan[r]["enablers"].split(";"))
        ]
        return {"projects": p, "count": len(p)}
    if op == "area":
        p = [r for r in refs if plan[r]["priority_area"] == a[0]]
        return {"projects": p, "count": len(p)}
    if op == "enabler":
        p = [r for r in refs if a[0] in plan[r]["enablers"].split(";")]
        return {"projects": p, "count": len(p)}
    if op == "area_most":
        c = {}
        for r in up():
            if rg(r) in a[0]:
                c[plan[r]["priority_area"]] = c.get(plan[r]["priority_area"], 0) + 1
        top = sorted(c.items(), key=lambda kv: -kv[1])
        assert top[0][1] > top[1][1]
        name = top[0][0].lower()
        return {"text_contains": ["economy" if "economy" in name else name], "count": top[0][1]}
    if op == "area_of":
        return dict(one(a[0]), field="area", text_contains=[plan[a[0]]["priority_area"].lower()])
    if op == "enablers_of":
        return dict(one(a[0]), field="enablers", text_contains=[e.lower() for e in plan[a[0]]["enablers"].split(";")])
    if op == "updated_in":
        _, _, s, u, _ = W(a[0])
        p = sorted({r for r in refs for x in H.get(r, []) if inside(x["T"], a[0])})
        return {"projects": p, "count": len(p), "since": s, "until": u}
    if op in ("not_updated", "quiet"):
        if viewer not in ("admin", "dlg"):
            return {"refused": True}
        n = "p14" if op == "quiet" else a[0]
        _, _, s, u, _ = W(n)
        p = [r for r in refs if not any(inside(x["T"], n) for x in H.get(r, []))]
        return {"projects": p, "count": len(p), "since": s, "until": u}
    if op == "never":
        p = [r for r in refs if not H.get(r)]
        return {"projects": p, "count": len(p)}
    if op == "has_reported":
        return dict(one(a[0]), answer=bool(H.get(a[0])))
    if op == "field":
        f = FIELDMAP.get(a[1], a[1])
        txt = cur(a[0])[f].lower()
        assert all(w.lower() in txt for w in a[2]), (a, txt)
        d = dict(one(a[0]), field=a[1])
        if a[2]:
            d["text_contains"] = [w.lower() for w in a[2]]
        return d
    if op == "search":
        p = sorted({r for r in refs for x in H.get(r, []) if any(a[0].lower() in x[f].lower() for f in TEXTF)})
        return {"projects": p}
    if op == "search_none":
        assert not any(
            a[0].lower() in v.lower() for r in refs for x in H.get(r, []) for v in x.values() if isinstance(v, str)
        )
        return {"not_sure": True}
    if op == "last_update":
        return dict(one(a[0]), dates=[lday(cur(a[0])["T"]).isoformat()])
    if op in ("updated_ref", "not_updated_ref"):
        return dict(one(a[0]), answer=any(inside(x["T"], a[1]) for x in H.get(a[0], [])))
    if op in ("worse_since", "better_since"):
        then = cur(a[0], ts(a[1]))["rag"]
        now = rg(a[0])
        return dict(
            one(a[0]), rag=now, answer=(order[now] < order[then]) if op == "worse_since" else (order[now] > order[then])
        )
    if op == "rag_at":
        return dict(one(a[0]), rag=cur(a[0], ts(a[1]))["rag"])
    if op == "went":
        p = [
            r
            for r in up()
            if any(
                H[r][i]["rag"] == a[0] and H[r][i - 1]["rag"] != a[0] and inside(H[r][i]["T"], a[1])
                for i in range(1, len(H[r]))
            )
        ]
        _, _, s, u, _ = W(a[1])
        return {"projects": p, "since": s, "until": u}
    if op == "went_date":
        h = H[a[0]]
        i = len(h) - 1
        while i and h[i - 1]["rag"] == a[1]:
            i -= 1
        return dict(one(a[0]), dates=[lday(h[i]["T"]).isoformat()])
    if op == "recovered":
        p = [r for r in up() if rg(r) != "red" and any(x["rag"] == "red" for x in H[r])]
        return {"projects": p, "count": len(p)}
    if op == "progress_dropped":
        return {
            "projects": [
                r
                for r in up()
                if any(int(b["progress_pct"]) < int(x["progress_pct"]) for x, b in zip(H[r], H[r][1:], strict=False))
            ]
        }
    if op == "count_updates":
        _, _, s, u, _ = W(a[1])
        return dict(one(a[0]), count=len([x for x in H.get(a[0], []) if inside(x["T"], a[1])]), since=s, until=u)
    if op == "no_deputy":
        p = [r for r in refs if not plan[r]["deputy_email"]]
        return {"projects": p, "count": len(p)}
    if op == "email_deputies":
        p = [r for r in refs if plan[r]["deputy_email"] and plan[r]["deputy_email"] not in ppl]
        return {"projects": p, "count": len(p)}
    if op == "ends_between":
        p = [r for r in refs if a[0] <= plan[r]["end_date"] <= a[1]]
        return {"projects": p, "count": len(p)}
    if op == "starts_between":
        p = [r for r in refs if a[0] <= plan[r]["start_date"] <= a[1]]
        return {"projects": p, "count": len(p)}
    if op == "ms_due_between":
        m = [m for m in mss if a[0] <= m["due_date"] <= a[1] and (len(a) < 3 or m["status"] != "done")]
        return {"projects": sorted({x["project_ref"] for x in m}), "dates": sorted({x["due_date"] for x in m})}
    if op == "submitted_by":
        e = cur(a[0])["submitted_by_email"]
        return dict(one(a[0]), people=[ppl.get(e, e)])
    if op in ("max_progress", "min_progress"):
        c = [r for r in up() if not a or plan[r]["priority_area"] == a[0]]
        v = (max if op == "max_progress" else min)(pc(r) for r in c)
        return {"projects": [r for r in c if pc(r) == v], "progress": v}
    if op == "progress_above":
        p = [r for r in up() if pc(r) >= a[0]]
        return {"projects": p, "count": len(p)}
    if op == "progress_below":
        p = [r for r in up() if pc(r) < a[0]]
        return {"projects": p, "count": len(p)}
    if op == "asks":
        p = [r for r in up() if cur(r)["asks_of_dlg"] not in ("", "None")]
        return {"projects": p, "count": len(p)}
    if op == "blockers":
        p = [r for r in up() if cur(r)["blockers"] not in ("", "None")]
        return {"projects": p, "count": len(p)}
    if op == "progress_change":
        return dict(one(a[0]), progress=pc(a[0]), answer=pc(a[0]) > int(cur(a[0], ts(a[1]))["progress_pct"]))
    if op == "lead_rag":
        p = [r for r in refs if a[0] in LD(r) and rg(r) in a[1]]
        return {"projects": p, "count": len(p)}
    if op == "joint":
        p = [r for r in refs if len(LD(r)) > 1]
        return {"projects": p, "count": len(p)}
    raise KeyError(op)


def sane_const(e):  # consts written by hand: check they are consistent with the data
    for r in e.get("projects", []):
        assert r in plan, r
    if "leads" in e:
        assert set(e["leads"]) == {l for r in e["projects"] for l in LD(r)}, e
    if "rag" in e and len(e["projects"]) == 1:
        assert any(x["rag"] == e["rag"] for x in H[e["projects"][0]]), e
    if "progress" in e and len(e["projects"]) == 1:
        assert any(int(x["progress_pct"]) == e["progress"] for x in H[e["projects"][0]]), e
    alld = {m["due_date"] for m in mss} | {p[k] for p in plan.values() for k in ("start_date", "end_date")}
    for d in e.get("dates", []):
        assert d in alld, e
    if "count" in e and "projects" in e:
        assert e["count"] == len(e["projects"])


def norm(x):
    return {
        k: (sorted(v) if k in ("projects", "leads", "deputies", "people", "dates", "ambiguous", "text_contains") else v)
        for k, v in x.items()
    }


def main():
    dev = yaml.safe_load(open(os.path.join(R, "dev.yaml"), encoding="utf-8"))
    specs = json.load(open(os.path.join(R, "tools", "dev_specs.json")))
    qs = dev["questions"]
    assert len(qs) == len(specs) >= 500
    bad = 0
    for q, s in zip(qs, specs, strict=False):
        assert q["q"] == s["q"]
        v = q.get("viewer", "member")
        assert v in dev["viewers"]
        e = q["expect"]
        op = s["op"]
        if op == "multi":
            want = {"parts": [calc(p["op"], p["args"], v) for p in s["parts"]]}
        elif op == "not_sure":
            want = {"not_sure": True}
        elif op == "small_talk":
            want = {"small_talk": True}
        elif op == "ambiguous":
            assert len(s["args"]) >= 2 and all(r in plan for r in s["args"])
            want = {"ambiguous": s["args"]}
        elif op == "const":
            sane_const(e)
            want = e
        else:
            want = calc(op, s["args"], v)
        if "parts" in want:
            ok = len(want["parts"]) == len(e["parts"]) and all(
                norm(a) == norm(b) for a, b in zip(want["parts"], e["parts"], strict=False)
            )
        else:
            ok = norm(want) == norm(e)
        if not ok:
            bad += 1
            print("MISMATCH", q["q"], "\n  file:", e, "\n  mine:", want)
    if bad:
        sys.exit("%d mismatches" % bad)
    print("OK (%d questions)" % len(qs))


if __name__ == "__main__":
    main()

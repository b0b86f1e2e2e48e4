"""Computation library for make_questions.py (not used by check_dev.py)."""

import csv
import datetime as dt
import os
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..")
TZ = ZoneInfo("Europe/London")
UTC = dt.UTC


def rd(n):
    return list(csv.DictReader(open(os.path.join(DATA, n), encoding="utf-8")))


META = yaml.safe_load(open(os.path.join(DATA, "meta.yaml")))


def U(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


NOW = U(META["now"])
DIGEST = U(META["last_digest_at"])
PLAN = {r["ref"]: r for r in rd("plan.csv")}
MS = rd("milestones.csv")
HIST = sorted(rd("history.csv"), key=lambda r: r["submitted_at"])
PEOPLE = {r["email"]: r["name"] for r in rd("people.csv")}
BYNAME = {v: k for k, v in PEOPLE.items()}
for r in HIST:
    r["t"] = U(r["submitted_at"])


def loc(d):
    return dt.datetime.combine(d, dt.time(0), TZ).astimezone(UTC)


TODAY = NOW.astimezone(TZ).date()


def win(name):
    mon = TODAY - dt.timedelta(days=TODAY.weekday())
    W = {
        "today": (loc(TODAY), NOW),
        "yesterday": (loc(TODAY - dt.timedelta(1)), loc(TODAY)),
        "this_week": (loc(mon), NOW),
        "last_week": (loc(mon - dt.timedelta(7)), loc(mon)),
        "this_cycle": (loc(dt.date(2028, 3, 20)), NOW),
        "last_cycle": (loc(dt.date(2028, 3, 6)), loc(dt.date(2028, 3, 20))),
        "p7": (NOW - dt.timedelta(7), NOW),
        "p10": (NOW - dt.timedelta(10), NOW),
        "p14": (NOW - dt.timedelta(14), NOW),
        "digest": (DIGEST, NOW),
        "march": (loc(dt.date(2028, 3, 1)), NOW),
        "february": (loc(dt.date(2028, 2, 1)), loc(dt.date(2028, 3, 1))),
        "january": (loc(dt.date(2028, 1, 1)), loc(dt.date(2028, 2, 1))),
    }
    s, e = W[name]
    lastday = (e - dt.timedelta(seconds=1)).astimezone(TZ).date() if e != NOW else TODAY
    return s, e, s.astimezone(TZ).date().isoformat(), lastday.isoformat()


def inw(t, name):
    s, e, *_ = win(name)
    if name == "digest":
        return s < t <= e
    return s <= t < e if e != NOW else s <= t <= e


def hist(ref):
    return [r for r in HIST if r["project_ref"] == ref]


def latest(ref, before=None):
    h = [r for r in hist(ref) if before is None or r["t"] < before]
    return h[-1] if h else None


def rag(ref):
    l = latest(ref)
    return l["rag"] if l else None


def pct(ref):
    l = latest(ref)
    return int(l["progress_pct"]) if l else None


def leads(ref):
    return PLAN[ref]["lead_name"].split(";")


def deputies(ref):
    e = PLAN[ref]["deputy_email"]
    return [PEOPLE.get(e, e)] if e else []


REFS = sorted(PLAN)
UPDATED = [r for r in REFS if hist(r)]
RANK = {"red": 0, "amber": 1, "green": 2}


def person_name(e):
    return PEOPLE.get(e, e)


def overdue_ms(ref=None):
    return [
        m
        for m in MS
        if (ref is None or m["project_ref"] == ref) and m["status"] != "done" and m["due_date"] < TODAY.isoformat()
    ]


def localday(t):
    return t.astimezone(TZ).date().isoformat()


VIEW_OK = {"admin", "dlg"}


def compute(op, args, viewer):
    a = args
    if op == "rag":
        return {"projects": [a[0]], "rag": rag(a[0])}
    if op == "ontrack":
        return {"projects": [a[0]], "rag": rag(a[0]), "answer": rag(a[0]) == "green"}
    if op == "israg":
        return {"projects": [a[0]], "rag": rag(a[0]), "answer": rag(a[0]) in a[1]}
    if op == "progress":
        return {"projects": [a[0]], "progress": pct(a[0]), "field": "progress"}
    if op == "status":
        return {"projects": [a[0]], "rag": rag(a[0]), "progress": pct(a[0])}
    if op == "lead":
        return {"projects": [a[0]], "leads": leads(a[0]), "field": "leads"}
    if op == "deputy":
        d = {"projects": [a[0]], "deputies": deputies(a[0]), "field": "deputies"}
        if not deputies(a[0]):
            d["answer"] = False
        return d
    if op == "hasdeputy":
        return {"projects": [a[0]], "answer": bool(deputies(a[0]))}
    if op == "leads_of":
        p = [r for r in REFS if a[0] in leads(r)]
        return {"projects": p, "count": len(p)}
    if op == "deputy_of":
        e = BYNAME[a[0]]
        p = [r for r in REFS if PLAN[r]["deputy_email"] == e]
        return {"projects": p}
    if op == "involved":
        e = BYNAME[a[0]]
        p = [r for r in REFS if a[0] in leads(r) or PLAN[r]["deputy_email"] == e]
        return {"projects": p} if len(a) < 2 else {"projects": [x for x in p if x not in a[1]]}
    if op == "lead_count":
        p = [r for r in REFS if a[0] in leads(r)]
        return {"projects": p, "count": len(p)}
    if op == "dates":
        return {"projects": [a[0]], "dates": [PLAN[a[0]]["start_date"], PLAN[a[0]]["end_date"]], "field": "dates"}
    if op == "end":
        return {"projects": [a[0]], "dates": [PLAN[a[0]]["end_date"]], "field": "dates"}
    if op == "start":
        return {"projects": [a[0]], "dates": [PLAN[a[0]]["start_date"]], "field": "dates"}
    if op == "milestones":
        return {
            "projects": [a[0]],
            "field": "milestones",
            "dates": [m["due_date"] for m in MS if m["project_ref"] == a[0]],
        }
    if op == "next_ms":
        ms = sorted([m for m in MS if m["project_ref"] == a[0] and m["status"] != "done"], key=lambda m: m["due_date"])
        assert ms and ms[0]["due_date"] >= TODAY.isoformat(), a
        return {
            "projects": [a[0]],
            "field": "milestones",
            "dates": [ms[0]["due_date"]],
            "text_contains": [ms[0]["title"].split(" (")[0].lower()],
        }
    if op == "overdue":
        p = sorted({m["project_ref"] for m in overdue_ms()})
        if len(a):
            p = [r for r in p if PLAN[r]["priority_area"] == a[0]]
        return {"projects": p, "count": len(p)}
    if op == "overdue_ref":
        o = overdue_ms(a[0])
        d = {"projects": [a[0]], "answer": bool(o)}
        if o:
            d["dates"] = [m["due_date"] for m in o]
        return d
    if op == "overdue_ms_count":
        o = overdue_ms()
        return {"projects": sorted({m["project_ref"] for m in o}), "count": len(o)}
    if op == "filter":  # rags, area, enabler
        rags, area, enb = a[0], (a[1] if len(a) > 1 else None), (a[2] if len(a) > 2 else None)
        p = [
            r
            for r in UPDATED
            if rag(r) in rags
            and (area is None or PLAN[r]["priority_area"] == area)
            and (enb is None or enb in PLAN[r]["enablers"].split(";"))
        ]
        return {"projects": p, "count": len(p)}
    if op == "count_filter":
        d = compute("filter", a, viewer)
        return {"count": d["count"]} if len(a) > 3 else d
    if op == "area":
        p = [r for r in REFS if PLAN[r]["priority_area"] == a[0]]
        return {"projects": p, "count": len(p)}
    if op == "enabler":
        p = [r for r in REFS if a[0] in PLAN[r]["enablers"].split(";")]
        return {"projects": p, "count": len(p)}
    if op == "area_most":
        c = {}
        for r in UPDATED:
            if rag(r) in a[0]:
                c[PLAN[r]["priority_area"]] = c.get(PLAN[r]["priority_area"], 0) + 1
        best = max(c.values())
        top = [k for k, v in c.items() if v == best]
        assert len(top) == 1, c
        return {
            "text_contains": [top[0].split(" ")[1].lower() if top[0].startswith("Thriving") else top[0].lower()],
            "count": best,
        }
    if op == "area_of":
        return {"projects": [a[0]], "field": "area", "text_contains": [PLAN[a[0]]["priority_area"].lower()]}
    if op == "enablers_of":
        return {
            "projects": [a[0]],
            "field": "enablers",
            "text_contains": [e.lower() for e in PLAN[a[0]]["enablers"].split(";")],
        }
    if op == "updated_in":
        s, e, sd, ud = win(a[0])
        p = sorted({r["project_ref"] for r in HIST if inw(r["t"], a[0])})
        return {"projects": p, "count": len(p), "since": sd, "until": ud}
    if op in ("not_updated", "quiet"):
        if viewer not in VIEW_OK:
            return {"refused": True}
        w = "p14" if op == "quiet" else a[0]
        s, e, sd, ud = win(w)
        up = {r["project_ref"] for r in HIST if inw(r["t"], w)}
        p = [r for r in REFS if r not in up]
        return {"projects": p, "count": len(p), "since": sd, "until": ud}
    if op == "not_updated_ref":  # single project: open fact
        return {"projects": [a[0]], "answer": any(inw(r["t"], a[1]) for r in hist(a[0]))}
    if op == "never":
        p = [r for r in REFS if not hist(r)]
        return {"projects": p, "count": len(p)}
    if op == "has_reported":
        return {"projects": [a[0]], "answer": bool(hist(a[0]))}
    if op == "field":
        l = latest(a[0])
        return {"projects": [a[0]], "field": a[1], "text_contains": [w.lower() for w in a[2]]}
    if op == "search":
        w = a[0].lower()
        p = sorted(
            {
                r["project_ref"]
                for r in HIST
                if any(
                    w in r[k].lower()
                    for k in ("summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg")
                )
            }
        )
        assert p, a
        d = {"projects": p}
        if len(a) > 1:
            d["text_contains"] = a[1]
        return d
    if op == "search_none":
        w = a[0].lower()
        assert not any(w in " ".join(r.values() if False else [str(v) for v in r.values()]).lower() for r in HIST)
        return {"not_sure": True}
    if op == "last_update":
        l = latest(a[0])
        return {"projects": [a[0]], "dates": [localday(l["t"])]}
    if op == "updated_ref":
        return {"projects": [a[0]], "answer": any(inw(r["t"], a[1]) for r in hist(a[0]))}
    if op == "worse_since":
        then = latest(a[0], before=U(a[1]))
        return {"projects": [a[0]], "rag": rag(a[0]), "answer": RANK[rag(a[0])] < RANK[then["rag"]]}
    if op == "better_since":
        then = latest(a[0], before=U(a[1]))
        return {"projects": [a[0]], "rag": rag(a[0]), "answer": RANK[rag(a[0])] > RANK[then["rag"]]}
    if op == "rag_at":
        then = latest(a[0], before=U(a[1]))
        return {"projects": [a[0]], "rag": then["rag"]}
    if op == "went":  # to rag within window: update with that rag whose previous update had a different rag
        p = []
        for r in UPDATED:
            h = hist(r)
            for i in range(1, len(h)):
                if h[i]["rag"] == a[0] and h[i - 1]["rag"] != a[0] and inw(h[i]["t"], a[1]):
                    p.append(r)
                    break
        s, e, sd, ud = win(a[1])
        return {"projects": sorted(set(p)), "since": sd, "until": ud}
    if op == "recovered":  # was red at some point, now green or amber... (now better than worst)
        p = [r for r in UPDATED if any(x["rag"] == "red" for x in hist(r)) and rag(r) != "red"]
        return {"projects": p, "count": len(p)}
    if op == "progress_dropped":
        p = [
            r
            for r in UPDATED
            if any(
                int(hist(r)[i]["progress_pct"]) < int(hist(r)[i - 1]["progress_pct"]) for i in range(1, len(hist(r)))
            )
        ]
        return {"projects": p}
    if op == "count_updates":
        s, e, sd, ud = win(a[1])
        return {"projects": [a[0]], "count": sum(1 for r in hist(a[0]) if inw(r["t"], a[1])), "since": sd, "until": ud}
    if op == "no_deputy":
        p = [r for r in REFS if not PLAN[r]["deputy_email"]]
        return {"projects": p, "count": len(p)}
    if op == "email_deputies":
        p = [r for r in REFS if PLAN[r]["deputy_email"] and PLAN[r]["deputy_email"] not in PEOPLE]
        return {"projects": p, "count": len(p)}
    if op == "ends_between":
        p = [r for r in REFS if a[0] <= PLAN[r]["end_date"] <= a[1]]
        return {"projects": p, "count": len(p)}
    if op == "starts_between":
        p = [r for r in REFS if a[0] <= PLAN[r]["start_date"] <= a[1]]
        return {"projects": p, "count": len(p)}
    if op == "ms_due_between":
        ms = [m for m in MS if a[0] <= m["due_date"] <= a[1] and (len(a) < 3 or m["status"] != "done")]
        return {"projects": sorted({m["project_ref"] for m in ms}), "dates": sorted({m["due_date"] for m in ms})}
    if op == "submitted_by":
        l = latest(a[0])
        return {"projects": [a[0]], "people": [person_name(l["submitted_by_email"])]}
    if op == "max_progress":
        c = [r for r in UPDATED if len(a) == 0 or PLAN[r]["priority_area"] == a[0]]
        m = max(pct(r) for r in c)
        p = [r for r in c if pct(r) == m]
        assert len(p) == 1
        return {"projects": p, "progress": m}
    if op == "min_progress":
        c = [r for r in UPDATED if len(a) == 0 or PLAN[r]["priority_area"] == a[0]]
        m = min(pct(r) for r in c)
        p = [r for r in c if pct(r) == m]
        assert len(p) == 1
        return {"projects": p, "progress": m}
    if op == "progress_above":
        p = [r for r in UPDATED if pct(r) >= a[0]]
        return {"projects": p, "count": len(p)}
    if op == "progress_below":
        p = [r for r in UPDATED if pct(r) < a[0]]
        return {"projects": p, "count": len(p)}
    if op == "asks":  # projects whose latest update has an ask of DLG
        p = [r for r in UPDATED if latest(r)["asks_of_dlg"].strip() not in ("", "None")]
        return {"projects": p, "count": len(p)}
    if op == "blockers":
        p = [r for r in UPDATED if latest(r)["blockers"].strip() not in ("", "None")]
        return {"projects": p, "count": len(p)}
    if op == "progress_change":  # progress now vs as of instant
        then = latest(a[0], before=U(a[1]))
        return {"projects": [a[0]], "progress": pct(a[0]), "answer": pct(a[0]) > int(then["progress_pct"])}
    if op == "lead_rag":  # projects led by person with rags
        p = [r for r in REFS if a[0] in leads(r) and rag(r) in a[1]]
        return {"projects": p, "count": len(p)}
    if op == "joint":
        p = [r for r in REFS if ";" in PLAN[r]["lead_name"]]
        return {"projects": p, "count": len(p)}
    if op == "went_date":
        h = hist(a[0])
        i = len(h) - 1
        while i > 0 and h[i - 1]["rag"] == a[1]:
            i -= 1
        return {"projects": [a[0]], "dates": [localday(h[i]["t"])]}
    if op == "const":
        return dict(a[0])
    raise ValueError(op)

#!/usr/bin/env python3
"""Independent re-check of dev.yaml: own CSV reading, own local-time rules (BST 2028 = UTC+1 from 26 Mar 01:00Z to
29 Oct 01:00Z), recomputes every expectation from tools/specs.json and compares. Prints OK."""
import csv, io, json, os, sys, yaml
from datetime import datetime, date, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def table(name):
    raw = open(os.path.join(ROOT, name), "rb").read().decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    head = rows[0]
    out = []
    for r in rows[1:]:
        assert len(r) == len(head), (name, r)
        out.append(dict(zip(head, r)))
    return out

plan = table("plan.csv"); ms = table("milestones.csv"); hist = table("history.csv")
people = {r["email"]: r["name"] for r in table("people.csv")}
roles = table("roles.csv"); meta = yaml.safe_load(open(os.path.join(ROOT, "meta.yaml")))
P = {p["ref"]: p for p in plan}
assert 32 <= len(P) <= 42
BST_ON, BST_OFF = datetime(2028, 3, 26, 1), datetime(2028, 10, 29, 1)
def utc(s):
    return datetime.strptime(s.rstrip("Z"), "%Y-%m-%dT%H:%M:%S")
def to_local(u):
    return u + timedelta(hours=1) if BST_ON <= u < BST_OFF else u
def from_local(l):
    return l - timedelta(hours=1) if BST_ON <= l - timedelta(hours=1) < BST_OFF else l
NOW = utc(meta["now"]); NOWL = to_local(NOW); TD = NOWL.date()
assert meta["now"] == "2028-08-29T15:45:00Z" and TD == date(2028, 8, 29) and TD.weekday() == 1
DIG = utc(meta["last_digest_at"])
ups = {}
for h in hist:
    assert h["rag"] in ("green", "amber", "red") and 0 <= int(h["progress_pct"]) <= 100 and h["project_ref"] in P
    u = utc(h["submitted_at"])
    if u <= NOW:
        ups.setdefault(h["project_ref"], []).append((u, h))
for r in ups: ups[r].sort(key=lambda x: x[0])
for m in ms: assert m["status"] in ("done", "in_progress", "not_started") and m["project_ref"] in P

def day_start(d):  # utc instant of local midnight
    return from_local(datetime(d.year, d.month, d.day))
def lw(d0, d1):
    return (day_start(d0), min(NOW, day_start(d1 + timedelta(days=1))), str(d0), str(d1))
mon = TD - timedelta(days=TD.weekday())
def rollw(n):
    s = NOW - timedelta(days=n); return (s, NOW, str(to_local(s).date()), str(TD))
WIN = {"today": lw(TD, TD), "yesterday": lw(TD - timedelta(1), TD - timedelta(1)), "this_week": lw(mon, TD),
       "last_week": lw(mon - timedelta(7), mon - timedelta(1)), "week_before_last": lw(mon - timedelta(14), mon - timedelta(8)),
       "p7": rollw(7), "p10": rollw(10), "p14": rollw(14), "p30": rollw(30),
       "since_digest": (DIG, NOW, str(to_local(DIG).date()), str(TD)),
       "aug": lw(date(2028, 8, 1), TD), "jul": lw(date(2028, 7, 1), date(2028, 7, 31)), "jun": lw(date(2028, 6, 1), date(2028, 6, 30)),
       "since_aug14": lw(date(2028, 8, 14), TD)}
# hand-verified anchors of the windows
assert WIN["this_week"][0] == datetime(2028, 8, 27, 23) and WIN["last_week"][0] == datetime(2028, 8, 20, 23)
assert WIN["aug"][0] == datetime(2028, 7, 31, 23) and WIN["p14"][0] == datetime(2028, 8, 15, 15, 45)
def inw(u, w):
    a, b = WIN[w][0], WIN[w][1]
    return a <= u <= NOW if b == NOW else a <= u < b

def cur(r):
    return ups[r][-1][1] if r in ups else None
def RAG(r):
    c = cur(r); return c["rag"] if c else None
def PCT(r):
    c = cur(r); return int(c["progress_pct"]) if c else None
def LEADS(r): return [x for x in P[r]["lead_name"].split(";") if x]
def DEP(r):
    e = P[r]["deputy_email"]; return [people.get(e, e)] if e else []
def asof(r, day):
    lim = day_start(date.fromisoformat(day) + timedelta(1))
    xs = [h for u, h in ups.get(r, []) if u < lim]; return xs[-1] if xs else None
ORDER = ["green", "amber", "red"]
F = {"summary": "summary", "achievements": "achievements", "next_steps": "next_steps", "risks": "risks", "blockers": "blockers", "asks": "asks_of_dlg"}
TXT = ["summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"]
def upd(w): return sorted(r for r in P if any(inw(u, w) for u, _ in ups.get(r, [])))
def lst(xs): xs = sorted(set(xs)); return {"projects": xs, "count": len(xs)}
def allowed(v):
    vv = VIEW[v]; return bool(set(vv["staff_roles"]) & {"admin", "dlg"}) and vv["conversation_type"] == "personal"
def real(s): return s.strip().lower() not in ("", "none")

def calc(s, v):
    k, a = s[0], s[1:]
    if k == "parts": return {"parts": [calc(x, v) for x in a]}
    if k in ("rag", "status", "ontrack", "is_rag", "progress"):
        r = a[0]; e = {"projects": [r]}
        if k == "rag":
            if RAG(r): e["rag"] = RAG(r)
        elif k == "status": e.update(rag=RAG(r), progress=PCT(r))
        elif k == "ontrack": e.update(rag=RAG(r), answer=RAG(r) == "green")
        elif k == "is_rag": e.update(rag=RAG(r), answer=RAG(r) == a[1])
        else: e.update(progress=PCT(r), field="progress")
        return e
    if k == "lead": return {"projects": [a[0]], "leads": LEADS(a[0]), "field": "leads"}
    if k == "deputy": return {"projects": [a[0]], "deputies": DEP(a[0]), "field": "deputies"}
    if k == "lead_dep": return {"projects": [a[0]], "leads": LEADS(a[0]), "deputies": DEP(a[0])}
    if k in ("end", "start"): return {"projects": [a[0]], "dates": [P[a[0]][k + "_date"]], "field": "dates"}
    if k == "ms": return {"projects": [a[0]], "field": "milestones", "dates": sorted(m["due_date"] for m in ms if m["project_ref"] == a[0])}
    if k == "next_ms":
        d = sorted(m["due_date"] for m in ms if m["project_ref"] == a[0] and m["status"] != "done" and m["due_date"] >= str(TD))
        return {"projects": [a[0]], "field": "milestones", "dates": d[:1]}
    if k == "field":
        r, f, words = a; t = cur(r)[F[f]].lower(); assert all(w.lower() in t for w in words), s
        return {"projects": [r], "field": f, "text_contains": words}
    if k == "area_of": return {"projects": [a[0]], "field": "area", "text_contains": [P[a[0]]["priority_area"]]}
    if k == "enablers_of": return {"projects": [a[0]], "field": "enablers", "text_contains": P[a[0]]["enablers"].split(";")}
    if k == "desc":
        assert all(w.lower() in P[a[0]]["description"].lower() for w in a[1]); return {"projects": [a[0]], "field": "description", "text_contains": a[1]}
    if k == "lead_of": return lst(r for r in P if a[0] in LEADS(r) and r not in a[1:])
    if k == "deputy_of": return lst(r for r in P if a[0] in DEP(r))
    if k == "involved": return lst(r for r in P if (a[0] in LEADS(r) or a[0] in DEP(r)) and r not in a[1:])
    if k == "rags": return lst(r for r in P if RAG(r) in a[0] and (len(a) < 2 or P[r]["priority_area"] == a[1]))
    if k == "count_rags": e = calc(("rags",) + tuple(a), v); return {"count": e["count"], "projects": e["projects"]}
    if k == "area": return lst(r for r in P if P[r]["priority_area"] == a[0])
    if k == "enabler": return lst(r for r in P if a[0] in P[r]["enablers"].split(";"))
    if k == "area_most_red":
        areas = {}
        for r in P:
            if RAG(r) == "red": areas.setdefault(P[r]["priority_area"], []).append(r)
        top = sorted(areas.items(), key=lambda x: -len(x[1]))
        assert len(top) == 1 or len(top[0][1]) > len(top[1][1])
        return {"projects": sorted(top[0][1]), "count": len(top[0][1]), "text_contains": [top[0][0]]}
    if k == "updated": e = lst(upd(a[0])); e.update(since=WIN[a[0]][2], until=WIN[a[0]][3]); return e
    if k == "updated_ref": return {"projects": [a[0]], "answer": a[0] in upd(a[1]), "since": WIN[a[1]][2], "until": WIN[a[1]][3]}
    if k in ("not_updated", "quiet"):
        w = "p14" if k == "quiet" else a[0]
        if not allowed(v): return {"refused": True}
        e = lst(set(P) - set(upd(w))); e.update(since=WIN[w][2], until=WIN[w][3]); return e
    if k == "never": return lst(r for r in P if r not in ups)
    if k == "overdue": return lst(m["project_ref"] for m in ms if m["status"] != "done" and m["due_date"] < str(TD) and (not a or P[m["project_ref"]]["priority_area"] == a[0]))
    if k == "overdue_ref":
        d = sorted(m["due_date"] for m in ms if m["project_ref"] == a[0] and m["status"] != "done" and m["due_date"] < str(TD))
        e = {"projects": [a[0]], "answer": bool(d)}
        if d: e["dates"] = d
        return e
    if k == "ms_due":
        sel = [m for m in ms if a[0] <= m["due_date"] <= a[1] and (len(a) < 3 or not a[2] or m["status"] != "done")]
        return {"projects": sorted({m["project_ref"] for m in sel}), "dates": sorted({m["due_date"] for m in sel}), "since": a[0], "until": a[1]}
    if k == "ending": return lst(r for r in P if a[0] <= P[r]["end_date"] <= a[1])
    if k == "finished": return lst(r for r in P if P[r]["end_date"] < str(TD) and PCT(r) == 100)
    if k == "not_started": return lst(r for r in P if P[r]["start_date"] > str(TD))
    if k == "search":
        w = a[1] if len(a) > 1 else None
        hits = sorted({r for r in P for u, h in ups.get(r, []) if (w is None or inw(u, w)) and any(a[0].lower() in h[f].lower() for f in TXT)})
        if not hits: return {"not_sure": True}
        e = {"projects": hits}
        if w: e.update(since=WIN[w][2], until=WIN[w][3])
        return e
    if k == "asks_any": return lst(r for r in P if cur(r) and real(cur(r)["asks_of_dlg"]))
    if k == "blocked": return lst(r for r in P if cur(r) and real(cur(r)["blockers"]))
    if k in ("worse", "better"):
        r, day = a; then = ORDER.index(asof(r, day)["rag"]); now = ORDER.index(RAG(r))
        return {"projects": [r], "rag": RAG(r), "answer": now > then if k == "worse" else now < then}
    if k in ("worsened", "improved"):
        out = []
        for r in P:
            t = asof(r, a[0])
            if t and ((ORDER.index(RAG(r)) > ORDER.index(t["rag"])) if k == "worsened" else (ORDER.index(RAG(r)) < ORDER.index(t["rag"]))): out.append(r)
        return lst(out)
    if k == "submitter":
        e = cur(a[0])["submitted_by_email"]; return {"projects": [a[0]], "people": [people.get(e, e)]}
    if k == "last_update": return {"projects": [a[0]], "dates": [str(to_local(ups[a[0]][-1][0]).date())]}
    if k == "twice":
        e = lst(r for r in P if sum(1 for u, _ in ups.get(r, []) if inw(u, a[0])) >= 2); e.update(since=WIN[a[0]][2], until=WIN[a[0]][3]); return e
    if k == "by_deputy":
        e = lst(r for r in P for u, h in ups.get(r, []) if inw(u, a[0]) and h["submitted_by_email"] not in P[r]["lead_email"].split(";"))
        e.update(since=WIN[a[0]][2], until=WIN[a[0]][3]); return e
    if k == "pct_cmp": return lst(r for r in P if PCT(r) is not None and ((PCT(r) >= a[1]) if a[0] == ">=" else (PCT(r) < a[1])))
    if k == "count_all": return {"count": len(P)}
    if k == "count_area": return {"count": sum(1 for r in P if P[r]["priority_area"] == a[0])}
    if k == "filter_rags": return lst(r for r in calc(a[0], v)["projects"] if RAG(r) in a[1])
    if k == "leads_of":
        b = calc(a[0], v)["projects"]; return {"projects": b, "leads": sorted({n for r in b for n in LEADS(r)})}
    if k == "ends_of":
        b = calc(a[0], v)["projects"]; return {"projects": b, "dates": sorted({P[r]["end_date"] for r in b})}
    if k == "blocked_in":
        b = calc(a[0], v)["projects"]; return {"projects": [r for r in b if cur(r) and real(cur(r)["blockers"])]}
    if k == "count_of": return {"count": len(calc(a[0], v)["projects"])}
    if k == "prev_leads":
        r = a[0]; keep = set(P[r]["lead_email"].split(";")) | {P[r]["deputy_email"]}
        return {"projects": [r], "people": sorted({people.get(h["submitted_by_email"], h["submitted_by_email"]) for _, h in ups[r] if h["submitted_by_email"] not in keep})}
    if k == "dep_submitted": return {"projects": [a[0]], "answer": any(h["submitted_by_email"] == P[a[0]]["deputy_email"] for _, h in ups.get(a[0], []))}
    if k == "pct_up": return {"projects": [a[0]], "progress": PCT(a[0]), "answer": PCT(a[0]) > int(asof(a[0], a[1])["progress_pct"])}
    if k == "always_rag":
        st = day_start(date.fromisoformat(a[2]))
        return {"projects": [a[0]], "rag": RAG(a[0]), "answer": all(h["rag"] == a[1] for u, h in ups[a[0]] if u >= st)}
    if k == "has_updates": return {"projects": [a[0]], "answer": a[0] in ups}
    if k == "search_ref":
        assert any(a[1].lower() in h["summary"].lower() for _, h in ups[a[0]]); return {"projects": [a[0]], "text_contains": [a[1]]}
    if k == "ambiguous": return {"ambiguous": sorted(a)}
    if k in ("not_sure", "small_talk", "refused"): return {k: True}
    raise SystemExit("unknown spec " + k)

dev = yaml.safe_load(open(os.path.join(ROOT, "dev.yaml"), encoding="utf-8"))
VIEW = dev["viewers"]
assert set(VIEW) == {"member", "member_channel", "admin", "dlg", "admin_channel"}
specs = json.load(open(os.path.join(ROOT, "tools", "specs.json")))
qs = dev["questions"]
assert len(qs) == len(specs) and len(qs) >= 500, len(qs)
KEYS = {"projects", "leads", "deputies", "people", "rag", "progress", "count", "since", "until", "answer", "dates", "field",
        "text_contains", "text_excludes", "not_sure", "ambiguous", "refused", "small_talk", "parts"}
FIELDS = {"leads", "deputies", "progress", "dates", "milestones", "summary", "achievements", "next_steps", "risks", "blockers", "asks", "area", "enablers", "description"}
def norm(e):
    if isinstance(e, dict):
        return {k: norm(v) for k, v in e.items()}
    if isinstance(e, list):
        return sorted(norm(x) for x in e) if all(isinstance(x, str) for x in e) else [norm(x) for x in e]
    return e
def valid(e):
    assert set(e) <= KEYS, e
    for r in e.get("projects", []) + e.get("ambiguous", []): assert r in P, r
    if "field" in e: assert e["field"] in FIELDS
    if "rag" in e: assert e["rag"] in ORDER
    for p in e.get("parts", []): valid(p)
bad = 0; seen_conv = {}
for i, (q, sp) in enumerate(zip(qs, specs)):
    v = q.get("viewer", "member"); assert v == sp["viewer"] and v in VIEW
    assert isinstance(q["q"], str) and q["q"].strip()
    valid(q["expect"])
    want = calc(tuple(sp["spec"]) if not isinstance(sp["spec"], tuple) else sp["spec"], v)
    if sp.get("extra"): want.update(sp["extra"])
    if norm(want) != norm(q["expect"]):
        bad += 1; print("MISMATCH", i, q["q"], q["expect"], want)
    if "conversation" in q: seen_conv.setdefault(q["conversation"], []).append(i)
for c, idx in seen_conv.items():
    assert len(idx) >= 2 and idx == list(range(idx[0], idx[0] + len(idx))), c
assert {r["role"] for r in roles} <= {"admin", "dlg"}
if bad:
    sys.exit(f"{bad} mismatches")
print("OK")

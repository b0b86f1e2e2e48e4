#!/usr/bin/env python3
"""Independent re-check of dev.yaml. Own CSV reading, own (hard-coded UTC) window table, own intent logic.
Prints OK when every expectation matches."""
import csv, io, json, os, sys
import yaml
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def table(name):
    raw = open(os.path.join(HERE, name), "rb").read().decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    head = rows[0]; return [dict(zip(head, r)) for r in rows[1:] if r]
plan = table("plan.csv"); P = {p["ref"]: p for p in plan}; REFS = sorted(P)
hist = table("history.csv"); mil = table("milestones.csv")
names = {p["email"].strip().lower(): p["name"].strip() for p in table("people.csv")}
meta = yaml.safe_load(open(os.path.join(HERE, "meta.yaml")))
NOW = "2027-06-02T08:40:00Z"; TODAY = "2027-06-02"
assert meta["now"] == NOW and meta["last_digest_at"] == "2027-05-28T15:00:00Z"
# windows written out by hand from the calendar (BST = UTC+1 from 28 March 2027)
W = {
 "today": ("2027-06-01T23:00:00Z", NOW, "2027-06-02", "2027-06-02"),
 "yesterday": ("2027-05-31T23:00:00Z", "2027-06-01T23:00:00Z", "2027-06-01", "2027-06-01"),
 "this_week": ("2027-05-30T23:00:00Z", NOW, "2027-05-31", "2027-06-02"),
 "last_week": ("2027-05-23T23:00:00Z", "2027-05-30T23:00:00Z", "2027-05-24", "2027-05-30"),
 "this_cycle": ("2027-05-02T23:00:00Z", NOW, "2027-05-03", "2027-06-02"),
 "last_cycle": ("2027-04-04T23:00:00Z", "2027-05-02T23:00:00Z", "2027-04-05", "2027-05-02"),
 "d7": ("2027-05-26T08:40:00Z", NOW, "2027-05-26", "2027-06-02"),
 "d10": ("2027-05-23T08:40:00Z", NOW, "2027-05-23", "2027-06-02"),
 "d14": ("2027-05-19T08:40:00Z", NOW, "2027-05-19", "2027-06-02"),
 "digest": ("2027-05-28T15:00:00Z", NOW, "2027-05-28", "2027-06-02"),
 "june": ("2027-05-31T23:00:00Z", NOW, "2027-06-01", "2027-06-30"),
 "may": ("2027-04-30T23:00:00Z", "2027-05-31T23:00:00Z", "2027-05-01", "2027-05-31"),
 "april": ("2027-03-31T23:00:00Z", "2027-04-30T23:00:00Z", "2027-04-01", "2027-04-30"),
 "march": ("2027-03-01T00:00:00Z", "2027-03-31T23:00:00Z", "2027-03-01", "2027-03-31"),
 "feb": ("2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z", "2027-02-01", "2027-02-28"),
 "weekend": ("2027-05-28T23:00:00Z", "2027-05-30T23:00:00Z", "2027-05-29", "2027-05-30"),
 "bh_weekend": ("2027-05-28T23:00:00Z", "2027-05-31T23:00:00Z", "2027-05-29", "2027-05-31"),
 "bankhol": ("2027-05-30T23:00:00Z", "2027-05-31T23:00:00Z", "2027-05-31", "2027-05-31"),
 "sun30": ("2027-05-29T23:00:00Z", "2027-05-30T23:00:00Z", "2027-05-30", "2027-05-30"),
 "fri28": ("2027-05-27T23:00:00Z", "2027-05-28T23:00:00Z", "2027-05-28", "2027-05-28"),
 "may26": ("2027-05-25T23:00:00Z", "2027-05-26T23:00:00Z", "2027-05-26", "2027-05-26"),
 "fy": ("2027-03-31T23:00:00Z", NOW, "2027-04-01", "2027-06-02"),
}
def local_day(ts):  # ts 'YYYY-MM-DDTHH:MM:SSZ'; all data after 28 Mar 2027 is BST, before is GMT
    from datetime import datetime, timedelta
    t = datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ")
    if ts >= "2027-03-28T01:00:00Z": t += timedelta(hours=1)
    return t.strftime("%Y-%m-%d")
def end_of_local_day(d):  # first instant after local day d, in UTC string
    from datetime import datetime, timedelta
    t = datetime.strptime(d, "%Y-%m-%d") + timedelta(days=1)
    off = 1 if t.strftime("%Y-%m-%d") > "2027-03-28" else 0
    return (t - timedelta(hours=off)).strftime("%Y-%m-%dT%H:%M:%SZ")
byref = {}
for h in sorted(hist, key=lambda h: h["submitted_at"]):
    assert h["submitted_at"].endswith("Z") and h["rag"] in ("red", "amber", "green") and 0 <= int(h["progress_pct"]) <= 100
    byref.setdefault(h["project_ref"], []).append(h)
def ups_before(r, ts=None): return [h for h in byref.get(r, []) if ts is None or h["submitted_at"] < ts]
def cur(r, ts=None):
    u = ups_before(r, ts); return u[-1] if u else None
def RAG(r, ts=None): c = cur(r, ts); return c["rag"] if c else None
def PCT(r, ts=None): c = cur(r, ts); return int(c["progress_pct"]) if c else None
def leadnames(r): return [x.strip() for x in P[r]["lead_name"].split(";")]
def deps(r):
    e = P[r]["deputy_email"].strip().lower(); return [names.get(e, e)] if e else []
def inw(h, w): return W[w][0] <= h["submitted_at"] < W[w][1]
def upd(w): return sorted(r for r in REFS if any(inw(h, w) for h in byref.get(r, [])))
def wk(w): return {"since": W[w][2], "until": W[w][3]}
def overdue_ms(): return [m for m in mil if m["due_date"] < TODAY and m["status"] != "done"]
def rag_moves(w, cond):
    out = []
    for r in REFS:
        u = byref.get(r, [])
        if any(inw(u[i], w) and u[i]["rag"] != u[i - 1]["rag"] and cond(u[i - 1]["rag"], u[i]["rag"]) for i in range(1, len(u))): out.append(r)
    return out
TF = ("summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg")
S = sorted
def calc(it, v, VW):
    k, a = it[0], list(it[1:])
    def sub(x): return calc(x, v, VW)["projects"] if isinstance(x, list) and x and isinstance(x[0], str) and not x[0].startswith("AV-") else x
    one = lambda r: {"projects": [r]}
    if k == "rag": return {**one(a[0]), "rag": RAG(a[0])}
    if k == "ontrack": return {**one(a[0]), "rag": RAG(a[0]), "answer": RAG(a[0]) == "green"}
    if k == "israg": return {**one(a[0]), "rag": RAG(a[0]), "answer": RAG(a[0]) in a[1]}
    if k == "progress": return {**one(a[0]), "progress": PCT(a[0])}
    if k == "leads": return {**one(a[0]), "leads": leadnames(a[0]), "field": "leads"}
    if k == "deputy": return {**one(a[0]), "deputies": deps(a[0]), "field": "deputies"}
    if k in ("start", "end", "dates"):
        d = {"start": [P[a[0]]["start_date"]], "end": [P[a[0]]["end_date"]]}.get(k, [P[a[0]]["start_date"], P[a[0]]["end_date"]])
        return {**one(a[0]), "dates": d, "field": "dates"}
    if k == "started_one": return {**one(a[0]), "answer": P[a[0]]["start_date"] <= TODAY}
    if k == "milestones": return {**one(a[0]), "field": "milestones", "dates": S(m["due_date"] for m in mil if m["project_ref"] == a[0])}
    if k == "overdue_one":
        o = [m["due_date"] for m in overdue_ms() if m["project_ref"] == a[0]]
        d = {**one(a[0]), "answer": len(o) > 0, "field": "milestones"}
        if o: d["dates"] = S(o)
        return d
    if k == "field":
        col = {"asks": "asks_of_dlg"}.get(a[1], a[1]); txt = cur(a[0])[col].lower()
        assert all(w.lower() in txt for w in a[2]); return {**one(a[0]), "field": a[1], "text_contains": a[2]}
    if k == "area": return {**one(a[0]), "field": "area", "text_contains": [P[a[0]]["priority_area"]]}
    if k == "enablers": return {**one(a[0]), "field": "enablers", "text_contains": P[a[0]]["enablers"].split(";")}
    if k == "desc":
        assert all(w.lower() in P[a[0]]["description"].lower() for w in a[1]); return {**one(a[0]), "field": "description", "text_contains": a[1]}
    LR = lambda n: [r for r in REFS if n in leadnames(r)]
    DR = lambda n: [r for r in REFS if n in deps(r)]
    if k == "lead_refs": return {"projects": LR(a[0])}
    if k == "lead_count": return {"projects": LR(a[0]), "count": len(LR(a[0]))}
    if k == "deputy_refs": return {"projects": DR(a[0])}
    if k == "person_refs": return {"projects": S(set(LR(a[0]) + DR(a[0])))}
    if k == "person_refs_except": return {"projects": [r for r in S(set(LR(a[0]) + DR(a[0]))) if r != a[1]]}
    if k == "lead_refs_except": return {"projects": [r for r in LR(a[0]) if r != a[1]]}
    if k == "deputy_email_refs": return {"projects": [r for r in REFS if P[r]["deputy_email"].lower() == a[0]]}
    def filt(rags, area=None, en=None):
        return [r for r in REFS if RAG(r) in rags and (not area or P[r]["priority_area"] == area) and (not en or en in P[r]["enablers"].split(";"))]
    if k == "list_rag": return {"projects": filt(*a)}
    if k == "count_rag": x = filt(*a); return {"projects": x, "count": len(x)}
    if k in ("area_list", "area_count"):
        x = [r for r in REFS if P[r]["priority_area"] == a[0]]; return {"projects": x, **({"count": len(x)} if k == "area_count" else {})}
    if k in ("enabler_list", "enabler_count"):
        x = [r for r in REFS if a[0] in P[r]["enablers"].split(";")]; return {"projects": x, **({"count": len(x)} if k == "enabler_count" else {})}
    if k == "total": return {"count": len(plan)}
    if k == "updated": return {"projects": upd(a[0]), **wk(a[0])}
    if k == "updated_count": return {"projects": upd(a[0]), "count": len(upd(a[0])), **wk(a[0])}
    if k == "updated_rag": return {"projects": [r for r in REFS if any(inw(h, a[0]) and h["rag"] in a[1] for h in byref.get(r, []))], **wk(a[0])}
    if k == "updated_one": return {**one(a[0]), "answer": a[0] in upd(a[1]), **wk(a[1])}
    if k in ("not_updated", "not_updated_count", "quiet", "quiet_count"):
        vw = VW[v]
        if vw["conversation_type"] != "personal" or not ({"admin", "dlg"} & set(vw["staff_roles"])): return {"refused": True}
        w = "d14" if k.startswith("quiet") else a[0]
        x = [r for r in REFS if r not in upd(w)]; d = {"projects": x}
        if k.endswith("_count"): d["count"] = len(x)
        if k.startswith("not"): d.update(wk(w))
        return d
    nev = [r for r in REFS if r not in byref]
    if k == "never": return {"projects": nev}
    if k == "never_count": return {"projects": nev, "count": len(nev)}
    od = S({m["project_ref"] for m in overdue_ms()})
    if k == "overdue_all": return {"projects": od}
    if k == "overdue_count": return {"projects": od, "count": len(od)}
    if k == "overdue_area": return {"projects": [r for r in od if P[r]["priority_area"] == a[0]]}
    if k == "due_between":
        ms = [m for m in mil if a[0] <= m["due_date"] <= a[1] and (len(a) < 3 or m["status"] != "done")]
        return {"projects": S({m["project_ref"] for m in ms}), "dates": S({m["due_date"] for m in ms})}
    if k in ("search", "search_none"):
        x = [r for r in REFS if any(a[0].lower() in h[f].lower() for h in byref.get(r, []) for f in TF)]
        assert bool(x) == (k == "search"), it; return {"projects": x}
    if k == "went_red": return {"projects": rag_moves(a[0], lambda o, n: n == "red"), **wk(a[0])}
    if k == "recovered": return {"projects": rag_moves(a[0], lambda o, n: o == "red"), **wk(a[0])}
    if k == "rag_changed": return {"projects": rag_moves(a[0], lambda o, n: True), **wk(a[0])}
    if k == "progress_down":
        return {"projects": [r for r in REFS if any(int(y["progress_pct"]) < int(x["progress_pct"]) for x, y in zip(byref.get(r, []), byref.get(r, [])[1:]))]}
    if k == "ended": return {"projects": [r for r in REFS if P[r]["end_date"] < TODAY]}
    if k == "not_started": return {"projects": [r for r in REFS if P[r]["start_date"] > TODAY]}
    if k == "ending_between": return {"projects": [r for r in REFS if a[0] <= P[r]["end_date"] <= a[1]]}
    def has(col): return [r for r in REFS if cur(r) and cur(r)[col].strip().lower() not in ("", "none", "none - project complete.")]
    if k == "asks_all": return {"projects": has("asks_of_dlg")}
    if k == "blockers_all": return {"projects": has("blockers")}
    if k == "compare":
        rank = {"red": 1, "amber": 2, "green": 3}; then = RAG(a[0], end_of_local_day(a[1])); now = RAG(a[0])
        d = {**one(a[0]), "rag": now}
        if rank[now] != rank[then]: d["text_contains"] = ["better" if rank[now] > rank[then] else "worse"]
        return d
    if k == "rag_on": return {**one(a[0]), "rag": RAG(a[0], end_of_local_day(a[1]))}
    if k == "prog_on": return {**one(a[0]), "progress": PCT(a[0], end_of_local_day(a[1]))}
    if k == "last_update": return {**one(a[0]), "dates": [local_day(cur(a[0])["submitted_at"])]}
    if k == "area_most":
        areas = S({p["priority_area"] for p in plan}); c = {ar: len(filt(a[0], ar)) for ar in areas}
        top = max(c, key=c.get); assert list(c.values()).count(c[top]) == 1
        return {"projects": filt(a[0], top), "count": c[top], "text_contains": [top]}
    if k == "subset_rag": return {"projects": [r for r in sub(a[0]) if RAG(r) in a[1]]}
    if k == "subset_rag_count": x = [r for r in sub(a[0]) if RAG(r) in a[1]]; return {"projects": x, "count": len(x)}
    if k == "leads_of": x = sub(a[0]); return {"projects": x, "leads": S({n for r in x for n in leadnames(r)}), "field": "leads"}
    if k == "deputies_of": x = sub(a[0]); return {"projects": x, "deputies": S({n for r in x for n in deps(r)}), "field": "deputies"}
    if k == "prog_ge": return {"projects": [r for r in REFS if PCT(r) is not None and PCT(r) >= a[0]]}
    if k == "prog_lt": return {"projects": [r for r in REFS if PCT(r) is not None and PCT(r) < a[0]]}
    if k == "no_deputy": return {"projects": [r for r in REFS if not P[r]["deputy_email"]]}
    if k == "joint": return {"projects": [r for r in REFS if ";" in P[r]["lead_email"]]}
    if k == "not_sure": return {"not_sure": True}
    if k == "ambiguous": return {"ambiguous": a[0]}
    if k == "small_talk": return {"small_talk": True}
    raise SystemExit("unknown intent %r" % (it,))

SETS = ("projects", "leads", "deputies", "people", "ambiguous", "dates")
ALLOWED = {"projects", "leads", "deputies", "people", "rag", "progress", "count", "since", "until", "answer", "dates", "field",
           "text_contains", "text_excludes", "not_sure", "ambiguous", "refused", "small_talk", "parts"}
FIELDS = {"leads", "deputies", "progress", "dates", "milestones", "summary", "achievements", "next_steps", "risks", "blockers", "asks", "area", "enablers", "description"}
def norm(d):
    return {k: (sorted(v) if k in SETS else v) for k, v in d.items()}
def main():
    dev = yaml.safe_load(open(os.path.join(HERE, "dev.yaml"), encoding="utf-8"))
    intents = json.load(open(os.path.join(HERE, "tools", "intents.json"), encoding="utf-8"))
    VW = dev["viewers"]; qs = dev["questions"]; errs = []
    assert len(qs) >= 500 and len(qs) == len(intents), (len(qs), len(intents))
    assert 30 <= len(plan) <= 45 and all(r["ref"].startswith("AV-") for r in plan)
    known_people = set(names.values())
    for i, (q, it) in enumerate(zip(qs, intents)):
        assert q["q"] == it["q"]
        v = q.get("viewer", "member"); assert v in VW and v == it["viewer"]
        assert q.get("conversation") == it["conversation"]
        I = it["intent"]
        exp = {"parts": [calc(p, v, VW) for p in I[1:]]} if I[0] == "parts" else calc(I, v, VW)
        got = q["expect"]
        for e in (got["parts"] if "parts" in got else [got]):
            assert set(e) <= ALLOWED, e
            if "field" in e: assert e["field"] in FIELDS, e
            for r in e.get("projects", []) + e.get("ambiguous", []): assert r in P, r
            if "count" in e and "projects" in e: assert e["count"] == len(e["projects"]), q
            for n in e.get("leads", []): assert n in known_people, n
        a = [norm(x) for x in exp["parts"]] if "parts" in exp else norm(exp)
        b = [norm(x) for x in got["parts"]] if "parts" in got else norm(got)
        if a != b: errs.append((i, q["q"], a, b))
    for e in errs[:20]: print("MISMATCH", e)
    if errs: sys.exit(1)
    print("check_dev OK (%d questions)" % len(qs))
main()

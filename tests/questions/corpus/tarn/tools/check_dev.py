#!/usr/bin/env python3
"""Independent re-check of dev.yaml against the CSVs (own parsing and own date rules). Prints OK."""
import csv, os, sys, re, yaml
from datetime import datetime, timedelta, timezone
D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def load(n):
    with open(os.path.join(D, n), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    hdr = rows[0]; return [dict(zip(hdr, r)) for r in rows[1:]]
plan = {p["ref"]: p for p in load("plan.csv")}
hist = load("history.csv"); ms = load("milestones.csv")
people = {p["email"].lower(): p["name"] for p in load("people.csv")}
meta = yaml.safe_load(open(os.path.join(D, "meta.yaml")))
def ts(s): return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)  # Europe/London = UTC in Dec/Jan
NOW = ts(meta["now"]); DIGEST = ts(meta["last_digest_at"]); TODAY = NOW.date()
errs = []
def err(i, q, m): errs.append(f"#{i} {q!r}: {m}")
# structural checks on data
assert 32 <= len(plan) <= 42
for h in hist:
    assert h["project_ref"] in plan and h["rag"] in ("red","amber","green") and 0 <= int(h["progress_pct"]) <= 100 and h["submitted_at"].endswith("Z")
for m in ms: assert m["status"] in ("done","in_progress","not_started") and m["project_ref"] in plan
assert NOW.weekday() == 1 and str(TODAY) == "2028-01-04"
last = {}
for h in hist:
    if h["project_ref"] not in last or ts(h["submitted_at"]) > ts(last[h["project_ref"]]["submitted_at"]): last[h["project_ref"]] = h
def leads(r): return sorted(x.strip() for x in plan[r]["lead_name"].split(";"))
def dep(r):
    e = plan[r]["deputy_email"].strip().lower(); return [] if not e else [people.get(e, e)]
def live(r): return plan[r]["end_date"] >= str(TODAY)
def window(since, until, ql=""):
    day0 = datetime.strptime(since, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    start = day0
    for n in (3, 7, 10, 14, 30):          # rolling windows start at now - N days
        if (NOW - timedelta(days=n)).date() == day0.date(): start = NOW - timedelta(days=n)
    if day0.date() == DIGEST.date(): start = DIGEST
    m = re.search(r"at (\d+)pm", ql)
    if m: start = day0 + timedelta(hours=12 + int(m.group(1)))
    end = datetime.strptime(until, "%Y-%m-%d").replace(tzinfo=timezone.utc) + timedelta(days=1)
    return start, min(end, NOW + timedelta(seconds=1))
def upd(a, b): return sorted({h["project_ref"] for h in hist if a <= ts(h["submitted_at"]) < b})
QUIET_FROM = NOW - timedelta(days=14)
CYCLE = datetime(2027,12,27,tzinfo=timezone.utc)
assert CYCLE.weekday() == 0 and (NOW - CYCLE).days < 14
def check(i, q, e, viewer, part=False):
    ql = q.lower()
    allowed = {"projects","leads","deputies","people","rag","progress","count","since","until","answer","dates","field","text_contains","text_excludes","not_sure","ambiguous","refused","small_talk","parts"}
    if set(e) - allowed: err(i, q, f"bad keys {set(e)-allowed}")
    for r in e.get("projects", []) + e.get("ambiguous", []):
        if r not in plan: err(i, q, f"unknown ref {r}")
    quietish = re.search(r"gone quiet|hasn.t updated|haven.t updated|not updated|missing an update|not sent|late with|behind on her updates|no update in the past", ql)
    if part and not e.get("refused"): quietish = quietish and "refused" not in str(e) and bool(re.search(r"hasn.t updated", ql)) and "count" not in e
    if e.get("refused"):
        if viewer in ("admin","dlg"): err(i, q, "refused for admin/dlg personal")
        if not quietish: err(i, q, "refused but not a quiet question")
        return
    if quietish and "never" not in ql:
        if viewer not in ("admin","dlg"): err(i, q, "quiet list given to non-admin")
        since = DIGEST if "digest" in ql else CYCLE if "cycle" in ql else QUIET_FROM
        exp = sorted(r for r in plan if live(r) and r not in upd(since, NOW + timedelta(seconds=1)))
        if "projects" in e and not (set(e["projects"]) <= set(exp)): err(i, q, f"quiet mismatch {e['projects']} vs {exp}")
        if "projects" in e and not re.search(r"red|amber|greener|well at home|data hub", ql) and e["projects"] != exp: err(i, q, f"quiet list {e['projects']} vs {exp}")
        if "count" in e and e["count"] != len(exp): err(i, q, "quiet count")
    P = e.get("projects", [])
    if len(P) == 1:
        r = P[0]
        if "rag" in e and e["rag"] != (last.get(r) or {}).get("rag"): err(i, q, f"rag {e['rag']} vs {last.get(r,{}).get('rag')}")
        if "progress" in e and e["progress"] != int(last[r]["progress_pct"]): err(i, q, "progress")
        if "leads" in e and sorted(e["leads"]) != leads(r): err(i, q, f"leads {e['leads']} vs {leads(r)}")
        if "deputies" in e and e["deputies"] != dep(r): err(i, q, f"deputies {e['deputies']} vs {dep(r)}")
        if "answer" in e and "on track" in ql and e["answer"] != (last[r]["rag"] == "green"): err(i, q, "on track answer")
        blob = " ".join(list(plan[r].values()) + [" ".join(h.values()) for h in hist if h["project_ref"] == r] + [" ".join(m.values()) for m in ms if m["project_ref"] == r]).lower()
        for w in e.get("text_contains", []):
            if w.lower() not in blob and w.lower() not in ("before","better"): err(i, q, f"text {w} not in project data")
        for d in e.get("dates", []):
            months = ["january","february","march","april","may","june","july","august","september","october","november","december"]
            dd = datetime.strptime(d, "%Y-%m-%d"); spoken = f"{dd.day} {months[dd.month-1]}"
            if d not in blob and spoken not in blob: err(i, q, f"date {d} not in project data")
    if "since" in e and "until" in e and "projects" in e and not re.search(r"red|amber|milestone|end|due|finish", ql) and not quietish:
        a, b = window(e["since"], e["until"], ql)
        if e["projects"] != upd(a, b): err(i, q, f"window {e['since']}..{e['until']}: {e['projects']} vs {upd(a,b)}")
    if "since" in e and "until" in e and "count" in e and not quietish:
        a, b = window(e["since"], e["until"])
        if e["count"] != len(upd(a, b)): err(i, q, "window count")
    if re.fullmatch(r"(which projects are red|list the reds|what's red at the moment)", ql):
        if P != sorted(r for r in last if last[r]["rag"] == "red"): err(i, q, "reds")
    if ql in ("list the ambers pls",) and P != sorted(r for r in last if last[r]["rag"] == "amber"): err(i, q, "ambers")
    if "never" in ql and "projects" in e and e["projects"] != sorted(r for r in plan if r not in last): err(i, q, "never reported")
    if "ambiguous" in e and len(e["ambiguous"]) < 2: err(i, q, "ambiguous needs 2+")
d = yaml.safe_load(open(os.path.join(D, "dev.yaml"), encoding="utf-8"))
Qs = d["questions"]; assert set(d["viewers"]) == {"member","member_channel","admin","dlg","admin_channel"}
assert len(Qs) >= 500, len(Qs)
for i, x in enumerate(Qs):
    v = x.get("viewer", "member"); assert v in d["viewers"]
    e = x["expect"]
    if "parts" in e:
        assert 2 <= len(e["parts"]) <= 3
        for p in e["parts"]: check(i, x["q"], p, v, part=True)
    else: check(i, x["q"], e, v)
# conversations: consecutive ids appear in blocks
seen = []
for x in Qs:
    c = x.get("conversation")
    if c and (not seen or seen[-1] != c):
        if c in seen: errs.append(f"conversation {c} not contiguous")
        seen.append(c)
if errs:
    print("\n".join(errs)); sys.exit(1)
print("OK")

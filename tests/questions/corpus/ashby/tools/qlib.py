"""Computes expectations from the CSVs for make_questions.py."""
import csv, os
from datetime import datetime, timedelta, date, timezone
from zoneinfo import ZoneInfo
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TZ = ZoneInfo("Europe/London")
def rd(n):
    with open(os.path.join(ROOT, n), newline="", encoding="utf-8") as f: return list(csv.DictReader(f))
PLAN = {r["ref"]: r for r in rd("plan.csv")}
REFS = list(PLAN)
MIL = rd("milestones.csv")
HIST = rd("history.csv")
for h in HIST: h["t"] = datetime.fromisoformat(h["submitted_at"].replace("Z", "+00:00"))
HIST.sort(key=lambda h: h["t"])
PEOPLE = {r["email"].lower(): r["name"] for r in rd("people.csv")}
NOW = datetime(2027, 6, 2, 8, 40, tzinfo=timezone.utc)
TODAY = NOW.astimezone(TZ).date()
def lmid(d):  # local midnight of date d as UTC
    return datetime(d.year, d.month, d.day, tzinfo=TZ).astimezone(timezone.utc)
def mon(d): return d - timedelta(days=d.weekday())
def first_monday(y, m):
    d = date(y, m, 1); return d + timedelta(days=(7 - d.weekday()) % 7)
cyc = first_monday(TODAY.year, TODAY.month)
if cyc > TODAY:
    pm = TODAY.replace(day=1) - timedelta(days=1); cyc = first_monday(pm.year, pm.month)
pm = cyc.replace(day=1) - timedelta(days=1); prevcyc = first_monday(pm.year, pm.month)
def month(y, m):
    s = date(y, m, 1); e = date(y + (m == 12), m % 12 + 1, 1)
    return (lmid(s), min(lmid(e), NOW), s, e - timedelta(days=1))
WIN = {
 "today": (lmid(TODAY), NOW, TODAY, TODAY),
 "yesterday": (lmid(TODAY - timedelta(1)), lmid(TODAY), TODAY - timedelta(1), TODAY - timedelta(1)),
 "this_week": (lmid(mon(TODAY)), NOW, mon(TODAY), TODAY),
 "last_week": (lmid(mon(TODAY) - timedelta(7)), lmid(mon(TODAY)), mon(TODAY) - timedelta(7), mon(TODAY) - timedelta(1)),
 "this_cycle": (lmid(cyc), NOW, cyc, TODAY),
 "last_cycle": (lmid(prevcyc), lmid(cyc), prevcyc, cyc - timedelta(1)),
 "d7": (NOW - timedelta(7), NOW, (NOW - timedelta(7)).astimezone(TZ).date(), TODAY),
 "d10": (NOW - timedelta(10), NOW, (NOW - timedelta(10)).astimezone(TZ).date(), TODAY),
 "d14": (NOW - timedelta(14), NOW, (NOW - timedelta(14)).astimezone(TZ).date(), TODAY),
 "digest": (datetime(2027, 5, 28, 15, 0, tzinfo=timezone.utc), NOW, date(2027, 5, 28), TODAY),
 "june": month(2027, 6), "may": month(2027, 5), "april": month(2027, 4), "march": month(2027, 3), "feb": month(2027, 2),
 "weekend": (lmid(date(2027, 5, 29)), lmid(date(2027, 5, 31)), date(2027, 5, 29), date(2027, 5, 30)),
 "bh_weekend": (lmid(date(2027, 5, 29)), lmid(date(2027, 6, 1)), date(2027, 5, 29), date(2027, 5, 31)),
 "bankhol": (lmid(date(2027, 5, 31)), lmid(date(2027, 6, 1)), date(2027, 5, 31), date(2027, 5, 31)),
 "sun30": (lmid(date(2027, 5, 30)), lmid(date(2027, 5, 31)), date(2027, 5, 30), date(2027, 5, 30)),
 "fri28": (lmid(date(2027, 5, 28)), lmid(date(2027, 5, 29)), date(2027, 5, 28), date(2027, 5, 28)),
 "may26": (lmid(date(2027, 5, 26)), lmid(date(2027, 5, 27)), date(2027, 5, 26), date(2027, 5, 26)),
 "fy": (lmid(date(2027, 4, 1)), NOW, date(2027, 4, 1), TODAY),
}
def ups(ref, before=None):
    return [h for h in HIST if h["project_ref"] == ref and (before is None or h["t"] < before)]
def latest(ref, before=None):
    u = ups(ref, before); return u[-1] if u else None
def rag(ref, before=None):
    l = latest(ref, before); return l["rag"] if l else None
def prog(ref, before=None):
    l = latest(ref, before); return int(l["progress_pct"]) if l else None
def leads(ref): return PLAN[ref]["lead_name"].split(";")
def pname(email): return PEOPLE.get(email.lower(), email)
def deputies(ref):
    d = PLAN[ref]["deputy_email"]; return [pname(d)] if d else []
def in_win(h, w): s, e = WIN[w][:2]; return s <= h["t"] < e
def updated_in(w): return sorted({h["project_ref"] for h in HIST if in_win(h, w)})
def not_updated_in(w): return sorted(set(REFS) - set(updated_in(w)))
def never(): return sorted(set(REFS) - {h["project_ref"] for h in HIST})
def by_rag(rags, area=None, enabler=None):
    return sorted(r for r in REFS if rag(r) in rags and (area is None or PLAN[r]["priority_area"] == area)
                  and (enabler is None or enabler in PLAN[r]["enablers"].split(";")))
def area_refs(a): return sorted(r for r in REFS if PLAN[r]["priority_area"] == a)
def enabler_refs(e): return sorted(r for r in REFS if e in PLAN[r]["enablers"].split(";"))
def lead_refs(name): return sorted(r for r in REFS if name in leads(r))
def deputy_refs(name): return sorted(r for r in REFS if name in deputies(r))
def overdue(ref=None):
    return [m for m in MIL if date.fromisoformat(m["due_date"]) < TODAY and m["status"] != "done" and (ref is None or m["project_ref"] == ref)]
def due_between(a, b):
    return [m for m in MIL if a <= date.fromisoformat(m["due_date"]) <= b]
TEXTF = ["summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"]
def search(word, latest_only=False):
    w = word.lower(); out = set()
    for h in HIST:
        if latest_only and latest(h["project_ref"]) is not h: continue
        if any(w in h[f].lower() for f in TEXTF): out.add(h["project_ref"])
    return sorted(out)
def rag_changes(w, to=None, frm=None):
    out = set()
    for r in REFS:
        prev = None
        for h in ups(r):
            if prev and in_win(h, w) and h["rag"] != prev and (to is None or h["rag"] in to) and (frm is None or prev in frm):
                out.add(r)
            prev = h["rag"]
    return sorted(out)
def progress_down():
    out = set()
    for r in REFS:
        u = ups(r)
        for a, b in zip(u, u[1:]):
            if int(b["progress_pct"]) < int(a["progress_pct"]): out.add(r)
    return sorted(out)
def ended(): return sorted(r for r in REFS if date.fromisoformat(PLAN[r]["end_date"]) < TODAY)
def not_started(): return sorted(r for r in REFS if date.fromisoformat(PLAN[r]["start_date"]) > TODAY)
def ending_between(a, b): return sorted(r for r in REFS if a <= date.fromisoformat(PLAN[r]["end_date"]) <= b)
def has_field(f): return sorted(r for r in REFS if latest(r) and latest(r)[f].strip().lower() not in ("none", "", "none - project complete."))

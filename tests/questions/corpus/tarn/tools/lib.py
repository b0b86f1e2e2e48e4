import csv, os
from datetime import datetime, date, timezone
D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def rd(n): return list(csv.DictReader(open(os.path.join(D,n),encoding="utf-8",newline="")))
PLAN = {r["ref"]:r for r in rd("plan.csv")}
REFS = sorted(PLAN)
HIST = sorted(rd("history.csv"), key=lambda r:r["submitted_at"])
MS = rd("milestones.csv")
PEOPLE = {r["email"]:r["name"] for r in rd("people.csv")}
def T(s): return datetime.fromisoformat(s.replace("Z","+00:00"))
NOW = T("2028-01-04T08:55:00Z"); TODAY = date(2028,1,4)
def ups(ref): return [h for h in HIST if h["project_ref"]==ref]
def latest(ref):
    u = ups(ref); return u[-1] if u else None
def rag(ref): l=latest(ref); return l["rag"] if l else None
def prog(ref): l=latest(ref); return int(l["progress_pct"]) if l else None
def leads(ref): return [x.strip() for x in PLAN[ref]["lead_name"].split(";")]
def deputy(ref):
    e = PLAN[ref]["deputy_email"]; return [] if not e else [PEOPLE.get(e, e)]
def finished(ref): return date.fromisoformat(PLAN[ref]["end_date"]) < TODAY
def updated_between(a, b=None):
    a = T(a); b = T(b) if b else NOW
    return sorted({h["project_ref"] for h in HIST if a <= T(h["submitted_at"]) < b})
def not_updated_since(a):
    u = set(updated_between(a)); return sorted(r for r in REFS if r not in u and not finished(r))
def by_rag(*rs, among=None): return sorted(r for r in (among or REFS) if rag(r) in rs)
def area(ref): return PLAN[ref]["priority_area"]
def enablers(ref): return PLAN[ref]["enablers"].split(";")
def lead_of(name): return sorted(r for r in REFS if name in leads(r))
def mention(word): return sorted({h["project_ref"] for h in HIST if any(word.lower() in (h[k] or "").lower() for k in ("summary","achievements","next_steps","risks","blockers","asks_of_dlg"))})
def overdue(): return sorted({m["project_ref"] for m in MS if date.fromisoformat(m["due_date"])<TODAY and m["status"]!="done"})
def ms_due(a,b,only_open=False): return sorted({m["project_ref"] for m in MS if a<=m["due_date"]<=b and (not only_open or m["status"]!="done")})

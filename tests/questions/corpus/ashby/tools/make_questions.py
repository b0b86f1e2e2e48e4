#!/usr/bin/env python3
"""Builds dev.yaml: hand-written question texts + intents; every expectation computed from the CSVs (qlib)."""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qlib import *
from questions import QS

ADMINISH = {"admin", "dlg"}
def L(x): return sorted(x)
def win(w): return {"since": WIN[w][2].isoformat(), "until": WIN[w][3].isoformat()}
def base(x, viewer):
    if isinstance(x, tuple):
        e = ex(x, viewer); assert "projects" in e, x; return e["projects"]
    return list(x)
def ex(it, viewer):
    k, a = it[0], it[1:]
    if k == "person_refs_except": return {"projects": [r for r in L(set(lead_refs(a[0])) | set(deputy_refs(a[0]))) if r != a[1]]}
    if k == "lead_refs_except": return {"projects": [r for r in lead_refs(a[0]) if r != a[1]]}
    if k == "deputy_email_refs": return {"projects": sorted(r for r in REFS if PLAN[r]["deputy_email"].lower() == a[0].lower())}
    if k == "deputies_of": rs = base(a[0], viewer); return {"projects": rs, "deputies": L({d for r in rs for d in deputies(r)}), "field": "deputies"}
    if k == "rag": return {"projects": [a[0]], "rag": rag(a[0])}
    if k == "ontrack": return {"projects": [a[0]], "rag": rag(a[0]), "answer": rag(a[0]) == "green"}
    if k == "israg": return {"projects": [a[0]], "rag": rag(a[0]), "answer": rag(a[0]) in a[1]}
    if k == "progress": return {"projects": [a[0]], "progress": prog(a[0])}
    if k == "leads": return {"projects": [a[0]], "leads": leads(a[0]), "field": "leads"}
    if k == "deputy": return {"projects": [a[0]], "deputies": deputies(a[0]), "field": "deputies"}
    if k == "start": return {"projects": [a[0]], "dates": [PLAN[a[0]]["start_date"]], "field": "dates"}
    if k == "end": return {"projects": [a[0]], "dates": [PLAN[a[0]]["end_date"]], "field": "dates"}
    if k == "dates": return {"projects": [a[0]], "dates": [PLAN[a[0]]["start_date"], PLAN[a[0]]["end_date"]], "field": "dates"}
    if k == "milestones": return {"projects": [a[0]], "field": "milestones", "dates": sorted(m["due_date"] for m in MIL if m["project_ref"] == a[0])}
    if k == "overdue_one":
        o = overdue(a[0]); d = {"projects": [a[0]], "answer": bool(o), "field": "milestones"}
        if o: d["dates"] = sorted(m["due_date"] for m in o)
        return d
    if k == "field":
        f = a[1]; fld = "asks_of_dlg" if f == "asks" else f
        for w in a[2]: assert w.lower() in latest(a[0])[fld].lower(), (a, latest(a[0])[fld])
        return {"projects": [a[0]], "field": f, "text_contains": list(a[2])}
    if k == "area": return {"projects": [a[0]], "field": "area", "text_contains": [PLAN[a[0]]["priority_area"]]}
    if k == "enablers": return {"projects": [a[0]], "field": "enablers", "text_contains": PLAN[a[0]]["enablers"].split(";")}
    if k == "desc":
        for w in a[1]: assert w.lower() in PLAN[a[0]]["description"].lower(), a
        return {"projects": [a[0]], "field": "description", "text_contains": list(a[1])}
    if k == "lead_refs": return {"projects": lead_refs(a[0])}
    if k == "lead_count": r = lead_refs(a[0]); return {"projects": r, "count": len(r)}
    if k == "deputy_refs": return {"projects": deputy_refs(a[0])}
    if k == "person_refs": return {"projects": L(set(lead_refs(a[0])) | set(deputy_refs(a[0])))}
    if k == "list_rag": return {"projects": by_rag(a[0], *a[1:])}
    if k == "count_rag": r = by_rag(a[0], *a[1:]); return {"projects": r, "count": len(r)}
    if k == "area_list": return {"projects": area_refs(a[0])}
    if k == "area_count": r = area_refs(a[0]); return {"projects": r, "count": len(r)}
    if k == "enabler_list": return {"projects": enabler_refs(a[0])}
    if k == "enabler_count": r = enabler_refs(a[0]); return {"projects": r, "count": len(r)}
    if k == "total": return {"count": len(REFS)}
    if k == "updated": return {"projects": updated_in(a[0]), **win(a[0])}
    if k == "updated_count": r = updated_in(a[0]); return {"projects": r, "count": len(r), **win(a[0])}
    if k == "updated_rag": r = [x for x in updated_in(a[0]) if any(h["rag"] in a[1] for h in ups(x) if in_win(h, a[0]))]; return {"projects": r, **win(a[0])}
    if k == "updated_one": return {"projects": [a[0]], "answer": a[0] in updated_in(a[1]), **win(a[1])}
    if k in ("not_updated", "not_updated_count", "quiet", "quiet_count"):
        conv = VIEWERS[viewer]["conversation_type"]
        if not (set(VIEWERS[viewer]["staff_roles"]) & ADMINISH) or conv != "personal": return {"refused": True}
        w = "d14" if k.startswith("quiet") else a[0]
        r = not_updated_in(w); d = {"projects": r}
        if k.endswith("count"): d["count"] = len(r)
        if not k.startswith("quiet"): d.update(win(w))
        return d
    if k == "never": return {"projects": never()}
    if k == "never_count": return {"projects": never(), "count": len(never())}
    if k == "overdue_all": return {"projects": L({m["project_ref"] for m in overdue()})}
    if k == "overdue_count": r = L({m["project_ref"] for m in overdue()}); return {"projects": r, "count": len(r)}
    if k == "overdue_area": return {"projects": L({m["project_ref"] for m in overdue() if PLAN[m["project_ref"]]["priority_area"] == a[0]})}
    if k == "due_between":
        ms = due_between(date.fromisoformat(a[0]), date.fromisoformat(a[1]))
        if len(a) > 2: ms = [m for m in ms if m["status"] != "done"]
        return {"projects": L({m["project_ref"] for m in ms}), "dates": L({m["due_date"] for m in ms})}
    if k == "search": r = search(a[0]); assert r, a; return {"projects": r}
    if k == "search_none": assert not search(a[0]), a; return {"projects": []}
    if k == "went_red": return {"projects": rag_changes(a[0], to=["red"]), **win(a[0])}
    if k == "recovered": return {"projects": rag_changes(a[0], frm=["red"]), **win(a[0])}
    if k == "rag_changed": return {"projects": rag_changes(a[0]), **win(a[0])}
    if k == "progress_down": return {"projects": progress_down()}
    if k == "ended": return {"projects": ended()}
    if k == "started_one": return {"projects": [a[0]], "answer": date.fromisoformat(PLAN[a[0]]["start_date"]) <= TODAY}
    if k == "not_started": return {"projects": not_started()}
    if k == "ending_between": return {"projects": ending_between(date.fromisoformat(a[0]), date.fromisoformat(a[1]))}
    if k == "asks_all": return {"projects": has_field("asks_of_dlg")}
    if k == "blockers_all": return {"projects": has_field("blockers")}
    if k == "compare":
        ref, day = a[0], date.fromisoformat(a[1]); old = rag(ref, lmid(day + timedelta(1))); new = rag(ref)
        order = {"red": 0, "amber": 1, "green": 2}
        word = "better" if order[new] > order[old] else "worse" if order[new] < order[old] else "same"
        d = {"projects": [ref], "rag": new}
        if word != "same": d["text_contains"] = [word]
        return d
    if k == "rag_on": return {"projects": [a[0]], "rag": rag(a[0], lmid(date.fromisoformat(a[1]) + timedelta(1)))}
    if k == "prog_on": return {"projects": [a[0]], "progress": prog(a[0], lmid(date.fromisoformat(a[1]) + timedelta(1)))}
    if k == "last_update": return {"projects": [a[0]], "dates": [latest(a[0])["t"].astimezone(TZ).date().isoformat()]}
    if k == "area_most":
        cnt = {}
        for r in REFS:
            if rag(r) in a[0]: cnt[PLAN[r]["priority_area"]] = cnt.get(PLAN[r]["priority_area"], 0) + 1
        best = max(cnt.values()); top = [x for x in cnt if cnt[x] == best]; assert len(top) == 1, cnt
        return {"projects": by_rag(a[0], top[0]), "count": best, "text_contains": top}
    if k == "subset_rag": return {"projects": [r for r in base(a[0], viewer) if rag(r) in a[1]]}
    if k == "subset_rag_count": r = [r for r in base(a[0], viewer) if rag(r) in a[1]]; return {"projects": r, "count": len(r)}
    if k == "leads_of": rs = base(a[0], viewer); return {"projects": rs, "leads": L({n for r in rs for n in leads(r)}), "field": "leads"}
    if k == "prog_ge": return {"projects": sorted(r for r in REFS if prog(r) is not None and prog(r) >= a[0])}
    if k == "prog_lt": return {"projects": sorted(r for r in REFS if prog(r) is not None and prog(r) < a[0])}
    if k == "no_deputy": return {"projects": sorted(r for r in REFS if not PLAN[r]["deputy_email"])}
    if k == "joint": return {"projects": sorted(r for r in REFS if ";" in PLAN[r]["lead_name"])}
    if k == "not_sure": return {"not_sure": True}
    if k == "ambiguous": return {"ambiguous": list(a[0])}
    if k == "small_talk": return {"small_talk": True}
    raise ValueError(it)

VIEWERS = {
  "member": {"staff_roles": [], "conversation_type": "personal"},
  "member_channel": {"staff_roles": [], "conversation_type": "channel"},
  "admin": {"staff_roles": ["admin"], "conversation_type": "personal"},
  "dlg": {"staff_roles": ["dlg"], "conversation_type": "personal"},
  "admin_channel": {"staff_roles": ["admin"], "conversation_type": "channel"},
}
out, intents = [], []
for q in QS:
    text, it = q[0], q[1]; opts = q[2] if len(q) > 2 else {}
    v = opts.get("v", "member")
    if it[0] == "parts": e = {"parts": [ex(p, v) for p in it[1:]]}
    else: e = ex(it, v)
    item = {"q": text}
    if "c" in opts: item["conversation"] = opts["c"]
    if v != "member": item["viewer"] = v
    item["expect"] = e
    out.append(item); intents.append({"q": text, "intent": it, "viewer": v, "conversation": opts.get("c")})
assert len({(o["q"], o.get("conversation"), o.get("viewer")) for o in out}) == len(out), "duplicate question text"
HEAD = open(os.path.join(ROOT, "tools", "header.txt"), encoding="utf-8").read()
import yaml
class D(yaml.SafeDumper): pass
def flow_list(d, data): return d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=all(not isinstance(x, dict) for x in data))
D.add_representer(list, flow_list)
body = yaml.dump({"viewers": VIEWERS, "questions": out}, Dumper=D, sort_keys=False, allow_unicode=True, width=200)
with open(os.path.join(ROOT, "dev.yaml"), "w", encoding="utf-8") as f: f.write(HEAD + body)
with open(os.path.join(ROOT, "tools", "intents.json"), "w", encoding="utf-8") as f: json.dump(intents, f, indent=0, default=str)
print(len(out), "questions")

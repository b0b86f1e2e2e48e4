#!/usr/bin/env python3
"""Computes every expectation of dev.yaml from the CSVs. Question texts are hand-written in questions_text.py."""
import csv, os, json, datetime as dt, yaml, sys
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
LON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc

def rd(n):
    with open(os.path.join(ROOT, n), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))

PLAN = {p["ref"]: p for p in rd("plan.csv")}
REFS = sorted(PLAN)
MS = rd("milestones.csv")
HIST = rd("history.csv")
PEOPLE = {r["email"]: r["name"] for r in rd("people.csv")}
META = yaml.safe_load(open(os.path.join(ROOT, "meta.yaml")))

def pz(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)

NOW = pz(META["now"])
TODAY = NOW.astimezone(LON).date()
for h in HIST:
    h["t"] = pz(h["submitted_at"])
HIST = [h for h in HIST if h["t"] <= NOW]
HIST.sort(key=lambda h: h["t"])

def local_midnight(d):
    return dt.datetime(d.year, d.month, d.day, tzinfo=LON).astimezone(UTC)

def D(s):
    return dt.date.fromisoformat(s)

monday = TODAY - dt.timedelta(days=TODAY.weekday())
DIGEST = pz(META["last_digest_at"])
# name -> (start_utc, end_utc_exclusive, since_local_day, until_local_day)
def cal(d0, d1):  # local days inclusive
    return (local_midnight(d0), min(NOW, local_midnight(d1 + dt.timedelta(days=1))), d0.isoformat(), d1.isoformat())
def roll(days):
    s = NOW - dt.timedelta(days=days)
    return (s, NOW, s.astimezone(LON).date().isoformat(), TODAY.isoformat())
W = {
    "today": cal(TODAY, TODAY),
    "yesterday": cal(TODAY - dt.timedelta(days=1), TODAY - dt.timedelta(days=1)),
    "this_week": cal(monday, TODAY),
    "last_week": cal(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)),
    "week_before_last": cal(monday - dt.timedelta(days=14), monday - dt.timedelta(days=8)),
    "p7": roll(7), "p10": roll(10), "p14": roll(14), "p30": roll(30),
    "since_digest": (DIGEST, NOW, DIGEST.astimezone(LON).date().isoformat(), TODAY.isoformat()),
    "aug": cal(D("2028-08-01"), TODAY),
    "jul": cal(D("2028-07-01"), D("2028-07-31")),
    "jun": cal(D("2028-06-01"), D("2028-06-30")),
    "since_aug14": cal(D("2028-08-14"), TODAY),
}

def latest(ref, before=None):
    hs = [h for h in HIST if h["project_ref"] == ref and (before is None or h["t"] < before)]
    return hs[-1] if hs else None

def rag(ref):
    l = latest(ref); return l["rag"] if l else None

def pct(ref):
    l = latest(ref); return int(l["progress_pct"]) if l else None

def leads(ref):
    return [x.strip() for x in PLAN[ref]["lead_name"].split(";") if x.strip()]

def deputy(ref):
    e = PLAN[ref]["deputy_email"].strip()
    return [] if not e else [PEOPLE.get(e, e)]

def in_win(h, w):
    return W[w][0] <= h["t"] < W[w][1] if W[w][1] < NOW else W[w][0] <= h["t"] <= NOW

def updated(w):
    return sorted({h["project_ref"] for h in HIST if in_win(h, w)})

def sortr(x):
    return sorted(set(x))

RESTRICTED_OK = {"admin", "dlg"}
VIEWERS = {"member": ([], "personal"), "member_channel": ([], "channel"), "admin": (["admin"], "personal"),
           "dlg": (["dlg"], "personal"), "admin_channel": (["admin"], "channel")}

TEXT_FIELDS = {"summary": "summary", "achievements": "achievements", "next_steps": "next_steps", "risks": "risks",
               "blockers": "blockers", "asks": "asks_of_dlg"}
RANK = {"green": 0, "amber": 1, "red": 2}

def compute(spec, viewer):
    k = spec[0]; a = spec[1:]
    if k == "rag":
        r = a[0]; e = {"projects": [r]}
        if rag(r): e["rag"] = rag(r)
        return e
    if k == "status":
        r = a[0]; return {"projects": [r], "rag": rag(r), "progress": pct(r)}
    if k == "ontrack":
        r = a[0]; return {"projects": [r], "rag": rag(r), "answer": rag(r) == "green"}
    if k == "is_rag":
        r, want = a; return {"projects": [r], "rag": rag(r), "answer": rag(r) == want}
    if k == "progress":
        r = a[0]; return {"projects": [r], "progress": pct(r), "field": "progress"}
    if k == "lead":
        r = a[0]; return {"projects": [r], "leads": leads(r), "field": "leads"}
    if k == "deputy":
        r = a[0]; return {"projects": [r], "deputies": deputy(r), "field": "deputies"}
    if k == "lead_dep":
        r = a[0]; return {"projects": [r], "leads": leads(r), "deputies": deputy(r)}
    if k == "end":
        r = a[0]; return {"projects": [r], "dates": [PLAN[r]["end_date"]], "field": "dates"}
    if k == "start":
        r = a[0]; return {"projects": [r], "dates": [PLAN[r]["start_date"]], "field": "dates"}
    if k == "ms":
        r = a[0]; return {"projects": [r], "field": "milestones", "dates": sorted(m["due_date"] for m in MS if m["project_ref"] == r)}
    if k == "next_ms":
        r = a[0]
        fut = sorted(m["due_date"] for m in MS if m["project_ref"] == r and m["status"] != "done" and D(m["due_date"]) >= TODAY)
        return {"projects": [r], "field": "milestones", "dates": fut[:1]}
    if k == "field":
        r, f, words = a
        l = latest(r)
        for wd in words:
            assert wd.lower() in l[TEXT_FIELDS[f]].lower(), (r, f, wd, l[TEXT_FIELDS[f]])
        return {"projects": [r], "field": f, "text_contains": list(words)}
    if k == "area_of":
        r = a[0]; return {"projects": [r], "field": "area", "text_contains": [PLAN[r]["priority_area"]]}
    if k == "enablers_of":
        r = a[0]; return {"projects": [r], "field": "enablers", "text_contains": PLAN[r]["enablers"].split(";")}
    if k == "desc":
        r, words = a
        for wd in words:
            assert wd.lower() in PLAN[r]["description"].lower(), (r, wd)
        return {"projects": [r], "field": "description", "text_contains": list(words)}
    if k == "lead_of":
        ps = sortr(r for r in REFS if a[0] in leads(r) and r not in a[1:]); return {"projects": ps, "count": len(ps)}
    if k == "deputy_of":
        ps = sortr(r for r in REFS if a[0] in deputy(r)); return {"projects": ps, "count": len(ps)}
    if k == "involved":
        ps = sortr(r for r in REFS if (a[0] in leads(r) or a[0] in deputy(r)) and r not in a[1:]); return {"projects": ps, "count": len(ps)}
    if k == "rags":
        rags, area = a[0], (a[1] if len(a) > 1 else None)
        ps = sortr(r for r in REFS if rag(r) in rags and (area is None or PLAN[r]["priority_area"] == area))
        return {"projects": ps, "count": len(ps)}
    if k == "count_rags":
        e = compute(("rags",) + a, viewer); return {"count": e["count"], "projects": e["projects"]}
    if k == "area":
        ps = sortr(r for r in REFS if PLAN[r]["priority_area"] == a[0]); return {"projects": ps, "count": len(ps)}
    if k == "enabler":
        ps = sortr(r for r in REFS if a[0] in PLAN[r]["enablers"].split(";")); return {"projects": ps, "count": len(ps)}
    if k == "area_most_red":
        cnt = {}
        for r in REFS:
            if rag(r) == "red": cnt[PLAN[r]["priority_area"]] = cnt.get(PLAN[r]["priority_area"], 0) + 1
        best = max(cnt.values()); top = [x for x in cnt if cnt[x] == best]; assert len(top) == 1
        return {"projects": sortr(r for r in REFS if rag(r) == "red" and PLAN[r]["priority_area"] == top[0]), "count": best, "text_contains": top}
    if k == "updated":
        w = W[a[0]]; ps = updated(a[0]); return {"projects": ps, "count": len(ps), "since": w[2], "until": w[3]}
    if k == "updated_ref":
        r, wn = a; w = W[wn]; return {"projects": [r], "answer": r in updated(wn), "since": w[2], "until": w[3]}
    if k == "not_updated":
        if not (set(VIEWERS[viewer][0]) & RESTRICTED_OK and VIEWERS[viewer][1] == "personal"):
            return {"refused": True}
        w = W[a[0]]; ps = sortr(set(REFS) - set(updated(a[0]))); return {"projects": ps, "count": len(ps), "since": w[2], "until": w[3]}
    if k == "quiet":
        return compute(("not_updated", "p14"), viewer)
    if k == "never":
        ps = sortr(r for r in REFS if latest(r) is None); return {"projects": ps, "count": len(ps)}
    if k == "overdue":
        ps = sortr(m["project_ref"] for m in MS if m["status"] != "done" and D(m["due_date"]) < TODAY
                   and (len(a) == 0 or PLAN[m["project_ref"]]["priority_area"] == a[0]))
        return {"projects": ps, "count": len(ps)}
    if k == "overdue_ref":
        r = a[0]; ds = sorted(m["due_date"] for m in MS if m["project_ref"] == r and m["status"] != "done" and D(m["due_date"]) < TODAY)
        e = {"projects": [r], "answer": bool(ds)}
        if ds: e["dates"] = ds
        return e
    if k == "ms_due":
        d0, d1 = D(a[0]), D(a[1]); only_open = len(a) > 2 and a[2]
        ms = [m for m in MS if d0 <= D(m["due_date"]) <= d1 and (not only_open or m["status"] != "done")]
        return {"projects": sortr(m["project_ref"] for m in ms), "dates": sorted({m["due_date"] for m in ms}),
                "since": d0.isoformat(), "until": d1.isoformat()}
    if k == "ending":
        d0, d1 = D(a[0]), D(a[1])
        ps = sortr(r for r in REFS if d0 <= D(PLAN[r]["end_date"]) <= d1)
        return {"projects": ps, "count": len(ps)}
    if k == "finished":
        ps = sortr(r for r in REFS if D(PLAN[r]["end_date"]) < TODAY and pct(r) == 100); return {"projects": ps, "count": len(ps)}
    if k == "not_started":
        ps = sortr(r for r in REFS if D(PLAN[r]["start_date"]) > TODAY); return {"projects": ps, "count": len(ps)}
    if k == "search":
        word, wn = a[0], (a[1] if len(a) > 1 else None)
        fs = ["summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"]
        ps = sortr(h["project_ref"] for h in HIST if (wn is None or in_win(h, wn)) and any(word.lower() in h[f].lower() for f in fs))
        if not ps:
            return {"not_sure": True}
        e = {"projects": ps}
        if wn: e.update(since=W[wn][2], until=W[wn][3])
        return e
    if k == "asks_any":
        ps = sortr(r for r in REFS if latest(r) and latest(r)["asks_of_dlg"].strip().lower() not in ("", "none"))
        return {"projects": ps, "count": len(ps)}
    if k == "blocked":
        ps = sortr(r for r in REFS if latest(r) and latest(r)["blockers"].strip().lower() not in ("", "none"))
        return {"projects": ps, "count": len(ps)}
    if k == "compare":  # current rag vs rag as at end of the given local day; answer = is it worse now
        r, day = a
        before = local_midnight(D(day) + dt.timedelta(days=1))
        then = latest(r, before)["rag"]; now = rag(r)
        e = {"projects": [r], "rag": now}
        if len(spec) > 3: pass
        if a and spec[-1] is not None:
            pass
        return e, then
    if k == "worse":
        (e, then) = compute(("compare", a[0], a[1]), viewer); e["answer"] = RANK[e["rag"]] > RANK[then]; return e
    if k == "better":
        (e, then) = compute(("compare", a[0], a[1]), viewer); e["answer"] = RANK[e["rag"]] < RANK[then]; return e
    if k == "worsened":  # projects whose rag is worse now than at end of day a[0]
        before = local_midnight(D(a[0]) + dt.timedelta(days=1))
        ps = sortr(r for r in REFS if latest(r, before) and RANK[rag(r)] > RANK[latest(r, before)["rag"]])
        return {"projects": ps, "count": len(ps)}
    if k == "improved":
        before = local_midnight(D(a[0]) + dt.timedelta(days=1))
        ps = sortr(r for r in REFS if latest(r, before) and RANK[rag(r)] < RANK[latest(r, before)["rag"]])
        return {"projects": ps, "count": len(ps)}
    if k == "submitter":
        r = a[0]; e = latest(r)["submitted_by_email"]; return {"projects": [r], "people": [PEOPLE.get(e, e)]}
    if k == "last_update":
        r = a[0]; return {"projects": [r], "dates": [latest(r)["t"].astimezone(LON).date().isoformat()]}
    if k == "twice":
        wn = a[0]; c = {}
        for h in HIST:
            if in_win(h, wn): c[h["project_ref"]] = c.get(h["project_ref"], 0) + 1
        ps = sortr(r for r in c if c[r] >= 2); return {"projects": ps, "count": len(ps), "since": W[wn][2], "until": W[wn][3]}
    if k == "by_deputy":  # updates in window submitted by someone other than a lead
        wn = a[0]
        ps = sortr(h["project_ref"] for h in HIST if in_win(h, wn) and h["submitted_by_email"] not in PLAN[h["project_ref"]]["lead_email"].split(";"))
        return {"projects": ps, "count": len(ps), "since": W[wn][2], "until": W[wn][3]}
    if k == "pct_cmp":  # projects with progress >= / < threshold
        op, th = a
        ps = sortr(r for r in REFS if pct(r) is not None and (pct(r) >= th if op == ">=" else pct(r) < th))
        return {"projects": ps, "count": len(ps)}
    if k == "count_all":
        return {"count": len(REFS)}
    if k == "count_area":
        return {"count": len([r for r in REFS if PLAN[r]["priority_area"] == a[0]])}
    if k in ("filter_rags", "leads_of", "ends_of", "blocked_in", "count_of"):
        base = compute(a[0], viewer)["projects"]
        if k == "filter_rags":
            ps = sortr(r for r in base if rag(r) in a[1]); return {"projects": ps, "count": len(ps)}
        if k == "leads_of":
            return {"projects": base, "leads": sorted({n for r in base for n in leads(r)})}
        if k == "ends_of":
            return {"projects": base, "dates": sorted({PLAN[r]["end_date"] for r in base})}
        if k == "blocked_in":
            bl = compute(("blocked",), viewer)["projects"]; return {"projects": sortr(r for r in base if r in bl)}
        if k == "count_of":
            return {"count": len(base)}
    if k == "prev_leads":
        r = a[0]; cur = PLAN[r]["lead_email"].split(";") + [PLAN[r]["deputy_email"]]
        ppl = sorted({PEOPLE.get(h["submitted_by_email"], h["submitted_by_email"]) for h in HIST if h["project_ref"] == r and h["submitted_by_email"] not in cur})
        return {"projects": [r], "people": ppl}
    if k == "dep_submitted":
        r = a[0]; return {"projects": [r], "answer": any(h["submitted_by_email"] == PLAN[r]["deputy_email"] for h in HIST if h["project_ref"] == r)}
    if k == "pct_up":
        r, day = a; before = local_midnight(D(day) + dt.timedelta(days=1))
        return {"projects": [r], "progress": pct(r), "answer": pct(r) > int(latest(r, before)["progress_pct"])}
    if k == "always_rag":
        r, want, day = a; after = local_midnight(D(day))
        return {"projects": [r], "rag": rag(r), "answer": all(h["rag"] == want for h in HIST if h["project_ref"] == r and h["t"] >= after)}
    if k == "has_updates":
        r = a[0]; return {"projects": [r], "answer": latest(r) is not None}
    if k == "search_ref":
        r, word = a
        assert any(word.lower() in h["summary"].lower() for h in HIST if h["project_ref"] == r)
        return {"projects": [r], "text_contains": [word]}
    if k == "ambiguous":
        return {"ambiguous": sortr(a)}
    if k == "not_sure":
        return {"not_sure": True}
    if k == "small_talk":
        return {"small_talk": True}
    if k == "refused":
        return {"refused": True}
    if k == "raw":
        return dict(a[0])
    raise ValueError(spec)

def expect(spec, viewer, extra=None):
    if spec[0] == "parts":
        return {"parts": [expect(s, viewer) for s in spec[1:]]}
    e = compute(spec, viewer)
    if isinstance(e, tuple): e = e[0]
    if extra: e.update(extra)
    return e

def main():
    from questions_text import QUESTIONS
    out = []; specs = []
    for q in QUESTIONS:
        text, spec = q[0], q[1]
        opts = q[2] if len(q) > 2 else {}
        viewer = opts.get("viewer", "member")
        item = {"q": text}
        if "conv" in opts: item["conversation"] = opts["conv"]
        if viewer != "member": item["viewer"] = viewer
        item["expect"] = expect(spec, viewer, opts.get("extra"))
        out.append(item)
        specs.append({"spec": json.loads(json.dumps(spec)), "viewer": viewer, "extra": opts.get("extra")})
    header = open(os.path.join(HERE, "dev_header.txt"), encoding="utf-8").read()
    lines = [header.rstrip("\n"), "viewers:"]
    for k, v in VIEWERS.items():
        lines.append("  %s: {staff_roles: [%s], conversation_type: %s}" % (k, ", ".join(v[0]), v[1]))
    lines.append("questions:")
    for it in out:
        lines.append("  - q: " + json.dumps(it["q"], ensure_ascii=False))
        if "conversation" in it: lines.append("    conversation: " + it["conversation"])
        if "viewer" in it: lines.append("    viewer: " + it["viewer"])
        lines.append("    expect: " + yaml.safe_dump(it["expect"], default_flow_style=True, width=100000, allow_unicode=True, sort_keys=False).strip())
    with open(os.path.join(ROOT, "dev.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    back = yaml.safe_load(open(os.path.join(ROOT, "dev.yaml"), encoding="utf-8"))
    assert [x["expect"] for x in back["questions"]] == [x["expect"] for x in out]
    with open(os.path.join(HERE, "specs.json"), "w") as f:
        json.dump(specs, f, indent=0)
    WIN_K = {"updated", "updated_ref", "ms_due", "ending", "twice", "by_deputy", "last_update"}
    LIST_K = {"rags", "count_rags", "area", "area_most_red", "enabler", "lead_of", "deputy_of", "involved", "finished",
              "not_started", "never", "overdue", "asks_any", "blocked", "pct_cmp", "worse", "better", "worsened",
              "improved", "count_all", "count_area"}
    cnt = {}
    for q, s in zip(out, specs):
        k = s["spec"][0]; e = q["expect"]
        if "conversation" in q: c = "conversation_turns"
        elif k == "parts": c = "multi_part"
        elif e.get("refused"): c = "refused"
        elif e.get("not_sure"): c = "not_sure"
        elif k == "ambiguous": c = "ambiguous"
        elif k == "small_talk": c = "small_talk"
        elif k in WIN_K or k in ("not_updated", "quiet") or (k == "search" and len(s["spec"]) > 2): c = "dates_windows"
        elif k in LIST_K or k == "search": c = "lists_filters_counts_comparisons"
        else: c = "one_project_facts"
        cnt[c] = cnt.get(c, 0) + 1
    line = "COUNTS: total=%d " % len(out) + " ".join("%s=%d" % (k, cnt[k]) for k in sorted(cnt))
    open(os.path.join(HERE, "counts.txt"), "w").write(line + "\n")
    print(line)

if __name__ == "__main__":
    main()

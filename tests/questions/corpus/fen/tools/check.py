"""Checks sealed.yaml against the fen corpus: structure, refs, dates, viewers, conversations, and
recomputes list / count / single-project expectations from the CSVs where it can."""

import collections
import datetime as dt
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(__file__))
from data import HIST, MS, PEOPLE, PLAN, TODAY, area, deputy, has, hist, leads, overdue, pct, rag, updated_between  # noqa: E402  # after the sys.path line above

SEALED = os.path.join(os.path.dirname(__file__), "..", "sealed.yaml")
KEYS = {
    "projects",
    "leads",
    "deputies",
    "people",
    "rag",
    "progress",
    "count",
    "since",
    "until",
    "answer",
    "dates",
    "field",
    "text_contains",
    "text_excludes",
    "not_sure",
    "ambiguous",
    "refused",
    "small_talk",
    "parts",
    "excluded",
}
FIELDS = {
    "summary",
    "achievements",
    "next_steps",
    "risks",
    "blockers",
    "asks",
    "leads",
    "deputies",
    "dates",
    "description",
    "enablers",
    "area",
    "history",
}
P = sorted(PLAN)
errors = []
warns = []


def err(q, msg):
    errors.append(f"{q!r}: {msg}")


def asof(ref, day):
    x = [h for h in hist(ref) if h["submitted_at"][:10] <= day]
    return x[-1] if x else None


def changes(ref):
    h = hist(ref)
    return [
        (h[i]["submitted_at"][:10], h[i - 1]["rag"], h[i]["rag"])
        for i in range(1, len(h))
        if h[i]["rag"] != h[i - 1]["rag"]
    ]


ORDER = {"red": 0, "amber": 1, "green": 2}


def rag_changes(since, until="9999", kind=None):
    out = set()
    for r in P:
        for d, a, b in changes(r):
            if since <= d <= until:
                if (
                    kind is None
                    or (kind == "better" and ORDER[b] > ORDER[a])
                    or (kind == "worse" and ORDER[b] < ORDER[a])
                    or kind == ("to_" + b)
                    or kind == ("from_" + a)
                ):
                    out.add(r)
    return sorted(out)


def ms_between(since, until, pred=lambda m: True):
    return [m for m in MS if since <= m["due_date"] <= until and pred(m)]


def refs(ms):
    return sorted({m["project_ref"] for m in ms})


def by_person(name, lead=True, dep=True):
    email = [e for e, n in PEOPLE.items() if n == name][0]
    out = []
    for r, p in PLAN.items():
        if (lead and email in p["lead_email"].split(";")) or (dep and email in p["deputy_email"].split(";")):
            out.append(r)
    return sorted(out)


def en(name):
    return sorted(r for r, p in PLAN.items() if name in p["enablers"].split(";"))


def with_rag(*rags, among=None):
    return sorted(r for r in (among or P) if rag(r) in rags)


OD = refs(overdue())
ASKS = [r for r in P if has("asks_of_dlg", r)]
BLK = [r for r in P if has("blockers", r)]
W, R_, H, PL, G = (
    area(a)
    for a in (
        "Digital Workplace",
        "Digital Residents",
        "Digital Homes and Communities",
        "Digital Place",
        "Digital Growth",
    )
)
NOT_THIS_CYCLE = [r for r in P if r not in updated_between("2026-12-07")]

# question text -> expected (projects list or None, count or None) recomputed from the data
RECIPES = {
    "which projects are red?": (with_rag("red"), 5),
    "how many projects are amber at the moment": (with_rag("amber"), 11),
    "list the digital workplace projects": (W, 7),
    "which digital place projects are red": (with_rag("red", among=PL), None),
    "what's amber in digital residents?": (with_rag("amber", among=R_), None),
    "which projects in homes and communities aren't green": (with_rag("red", "amber", among=H), None),
    "green projects in digital growth?": (with_rag("green", among=G), None),
    "red or amber projects in digital workplace?": (with_rag("red", "amber", among=W), 4),
    "which projects use the skills and culture enabler": (en("Skills and culture"), 6),
    "how many projects have cyber security and information governance as an enabler?": (
        en("Cyber security and information governance"),
        10,
    ),
    "which projects is marcus bell leading": (by_person("Marcus Bell", dep=False), None),
    "what does liam harper lead?": (by_person("Liam Harper", dep=False), None),
    "what's sunita bhatt got on her plate": (by_person("Sunita Bhatt"), None),
    "which projects is ewa nowak involved in, as lead or deputy": (by_person("Ewa Nowak"), None),
    "what is rachel thorne deputy for": (by_person("Rachel Thorne", lead=False), None),
    "which projects have two leads?": ([r for r in P if len(leads(r)) == 2], 2),
    "which projects don't have a deputy": ([r for r in P if not PLAN[r]["deputy_email"]], 3),
    "which milestones are overdue?": (OD, len(overdue())),
    "how many projects have got an overdue milestone": (OD, len(OD)),
    "overdue milestones in digital place?": (
        [r for r in OD if r in PL],
        len([m for m in overdue() if m["project_ref"] in PL]),
    ),
    "what milestones are due in the next two weeks": (
        refs(ms_between(TODAY, "2026-12-28", lambda m: m["status"] != "done")),
        len(ms_between(TODAY, "2026-12-28", lambda m: m["status"] != "done")),
    ),
    "milestones due in january?": (
        refs(ms_between("2027-01-01", "2027-01-31")),
        len(ms_between("2027-01-01", "2027-01-31")),
    ),
    "which february milestones haven't been started yet": (
        refs(ms_between("2027-02-01", "2027-02-28", lambda m: m["status"] == "not started")),
        len(ms_between("2027-02-01", "2027-02-28", lambda m: m["status"] == "not started")),
    ),
    "which march milestones are not started": (
        refs(ms_between("2027-03-01", "2027-03-31", lambda m: m["status"] == "not started")),
        len(ms_between("2027-03-01", "2027-03-31", lambda m: m["status"] == "not started")),
    ),
    "which december milestones are still outstanding": (
        refs(ms_between("2026-12-01", "2026-12-31", lambda m: m["status"] != "done")),
        len(ms_between("2026-12-01", "2026-12-31", lambda m: m["status"] != "done")),
    ),
    "how many of the november milestones were met?": (
        None,
        len(ms_between("2026-11-01", "2026-11-30", lambda m: m["status"] == "done")),
    ),
    "which projects are due to finish in 2026?": ([r for r in P if PLAN[r]["end_date"] < "2027"], 2),
    "which projects started before 2026": ([r for r in P if PLAN[r]["start_date"] < "2026"], 9),
    "which projects are over 80% complete": ([r for r in P if (pct(r) or 0) > 80], 4),
    "which projects are less than 50% done?": ([r for r in P if pct(r) is not None and pct(r) < 50], 2),
    "which project is least far along": ([min((r for r in P if pct(r) is not None), key=pct)], None),
    "which project is furthest ahead?": ([max((r for r in P if pct(r) is not None), key=pct)], None),
    "which projects have blockers at the moment": (BLK, len(BLK)),
    "which projects are asking the dlg for something right now?": (ASKS, len(ASKS)),
    "amber projects with an ask of the dlg?": ([r for r in ASKS if rag(r) == "amber"], None),
    "how many projects are there in total?": (None, len(P)),
    "are any green projects carrying an overdue milestone?": ([r for r in OD if rag(r) == "green"], None),
    "do all the red projects have overdue milestones": (with_rag("red"), None),
    "what projects does neil rutherford lead": (by_person("Neil Rutherford", dep=False), None),
    "digital place projects that use data and insight": ([r for r in en("Data and insight") if r in PL], None),
    "which digital growth projects have data and insight as an enabler?": (
        [r for r in en("Data and insight") if r in G],
        None,
    ),
    "which projects end in march 2027": ([r for r in P if PLAN[r]["end_date"][:7] == "2027-03"], 15),
    "which projects run past march 2027?": ([r for r in P if PLAN[r]["end_date"] > "2027-03-31"], 5),
    "amber projects in digital place and who leads them": (with_rag("amber", among=PL), None),
    "which projects is chloe summers on": (by_person("Chloe Summers"), None),
    "are any digital residents projects red?": (with_rag("red", among=R_), None),
    "which homes and communities projects have overdue milestones": ([r for r in OD if r in H], None),
    "which projects have never submitted an update?": ([r for r in P if not hist(r)], 1),
    "which digital residents projects does rachel thorne lead": (
        [r for r in by_person("Rachel Thorne", dep=False) if r in R_],
        None,
    ),
    "what's red or amber across the whole programme?": (with_rag("red", "amber"), 16),
    "which projects are more than 70% complete": ([r for r in P if (pct(r) or 0) > 70], 16),
    "how many projects does liam harper lead": (by_person("Liam Harper", dep=False), 3),
    "is victoria adeyemi deputy on anything?": (by_person("Victoria Adeyemi", lead=False), None),
    "what is adam whitlock leading?": (by_person("Adam Whitlock", dep=False), None),
    "how many projects in digital homes and communities?": (H, 7),
    "digital residents projects using partnership and integration": (
        [r for r in en("Partnership and integration") if r in R_],
        None,
    ),
    "list the red projects and their leads": (with_rag("red"), None),
    "what is paul mercer involved in": (by_person("Paul Mercer"), None),
    "which projects are tariq hussain on, lead or deputy?": (by_person("Tariq Hussain"), None),
    "which red projects are in digital growth": (with_rag("red", among=G), None),
    "green projects in digital place?": (with_rag("green", among=PL), None),
    "which projects are amber or red in homes and communities or growth": (with_rag("red", "amber", among=H + G), 4),
    "which amber projects have blockers?": ([r for r in BLK if rag(r) == "amber"], None),
    "projects with overdue milestones that are led by sunita?": (
        [r for r in OD if r in by_person("Sunita Bhatt", dep=False)],
        None,
    ),
    # change / time windows
    "what updates have come in since the last digest?": (
        sorted({h["project_ref"] for h in HIST if h["submitted_at"] > "2026-12-11T16:00:00Z"}),
        None,
    ),
    "which projects have updated this week?": (updated_between("2026-12-14"), 5),
    "any rag changes in the past 7 days?": (rag_changes("2026-12-08"), None),
    "which projects have improved this month": (rag_changes("2026-12-01", kind="better"), None),
    "what's got worse in the last fortnight?": (rag_changes("2026-12-01", kind="worse"), None),
    "what went red in the past 30 days": (rag_changes("2026-11-15", kind="to_red"), None),
    "did anything turn amber in november?": (rag_changes("2026-11-01", "2026-11-30", kind="to_amber"), None),
    "has anything come off red this cycle?": (rag_changes("2026-12-07", kind="from_red"), None),
    "which projects updated yesterday": (updated_between("2026-12-14", "2026-12-14"), None),
    "who's updated today?": (updated_between("2026-12-15", "2026-12-15"), None),
    "which projects didn't update last cycle?": (
        [r for r in P if r not in updated_between("2026-11-23", "2026-12-06")],
        None,
    ),
    "how many projects are still to update this cycle?": (None, len(NOT_THIS_CYCLE)),
    "which red projects haven't updated this cycle": ([r for r in NOT_THIS_CYCLE if rag(r) == "red"], None),
    "which projects have gone quiet - nothing for over a month?": (
        [r for r in P if r not in updated_between("2026-11-15")],
        None,
    ),
    "which updates this cycle include an ask of the dlg?": (
        sorted({h["project_ref"] for h in HIST if h["submitted_at"] >= "2026-12-07" and h["asks_of_dlg"] != "None"}),
        None,
    ),
    "any asks of the dlg since friday's digest?": (
        sorted(
            {
                h["project_ref"]
                for h in HIST
                if h["submitted_at"] > "2026-12-11T16:00:00Z" and h["asks_of_dlg"] != "None"
            }
        ),
        None,
    ),
    "which digital place projects have sent an update in the past week": (
        [r for r in updated_between("2026-12-08") if r in PL],
        None,
    ),
    "which digital workplace projects updated last week?": (
        [r for r in updated_between("2026-12-07", "2026-12-13") if r in W],
        None,
    ),
    "which projects have been green in every update": (
        [r for r in P if hist(r) and all(h["rag"] == "green" for h in hist(r))],
        11,
    ),
    "which projects have been red in every update?": (
        [r for r in P if hist(r) and all(h["rag"] == "red" for h in hist(r))],
        None,
    ),
    "which projects changed rag during the last cycle": (rag_changes("2026-11-23", "2026-12-06"), None),
    "anything gone green since the start of the month?": (rag_changes("2026-12-01", kind="to_green"), None),
    "which october milestones were hit?": (
        refs(ms_between("2026-10-01", "2026-10-31", lambda m: m["status"] == "done")),
        len(ms_between("2026-10-01", "2026-10-31", lambda m: m["status"] == "done")),
    ),
    "which projects went amber in october": (rag_changes("2026-10-01", "2026-10-31", kind="to_amber"), None),
    "which projects were red at the start of november?": (
        [r for r in P if asof(r, "2026-10-31") and asof(r, "2026-10-31")["rag"] == "red"],
        None,
    ),
    "what's been updated in digital growth this cycle": ([r for r in updated_between("2026-12-07") if r in G], None),
    "any updates from digital residents projects since the digest?": (
        [r for r in R_ if any(h["submitted_at"] > "2026-12-11T16:00:00Z" for h in hist(r))],
        None,
    ),
    # chains
    "what's red in digital place?": (with_rag("red", among=PL), None),
    "what does marcus bell lead?": (by_person("Marcus Bell", dep=False), None),
    "what waste projects are there?": (sorted(r for r in P if "waste" in PLAN[r]["name"].lower()), 3),
    "any overdue milestones in digital residents?": ([r for r in OD if r in R_], None),
    "what is sunita bhatt leading?": (by_person("Sunita Bhatt", dep=False), None),
    "which projects haven't updated this cycle?": (NOT_THIS_CYCLE, len(NOT_THIS_CYCLE)),
    "list the digital growth projects": (G, len(G)),
    "what's chloe summers working on?": (by_person("Chloe Summers"), None),
    "what does jade okonkwo lead": (by_person("Jade Okonkwo", dep=False), None),
    "which projects sit under the communications and engagement enabler": (en("Communications and engagement"), 9),
    "which projects are due to finish in january 2027?": ([r for r in P if PLAN[r]["end_date"][:7] == "2027-01"], 7),
    "how many digital residents projects are green": (with_rag("green", among=R_), 4),
    "which red projects have got blockers?": ([r for r in BLK if rag(r) == "red"], None),
    "which digital workplace projects are green": (with_rag("green", among=W), None),
    "who are the deputies on the digital growth projects?": (G, None),
    "which amber projects are over 70%?": ([r for r in with_rag("amber") if pct(r) > 70], None),
    "amber or red projects with a milestone due in february": (
        [r for r in refs(ms_between("2027-02-01", "2027-02-28")) if rag(r) in ("red", "amber")],
        None,
    ),
    "what does deborah finch lead and how are they looking": (by_person("Deborah Finch", dep=False), None),
    "which projects changed rag in september?": (rag_changes("2026-09-01", "2026-09-30"), None),
    "what went red in october": (rag_changes("2026-10-01", "2026-10-31", kind="to_red"), None),
    "did anything improve its rag in november?": (rag_changes("2026-11-01", "2026-11-30", kind="better"), None),
    "how many updates came in during the last cycle?": (
        None,
        len([h for h in HIST if "2026-11-23" <= h["submitted_at"][:10] <= "2026-12-06"]),
    ),
    "what asks of the dlg were made in november": (
        sorted({h["project_ref"] for h in HIST if h["submitted_at"][:7] == "2026-11" and h["asks_of_dlg"] != "None"}),
        None,
    ),
}


def project_text(ref):
    p = PLAN[ref]
    parts = [v for v in p.values()]
    parts += [f"{m['title']} {m['due_date']} {m['status']}" for m in MS if m["project_ref"] == ref]
    for h in hist(ref):
        parts += list(h.values())
    return " ".join(parts).lower()


def project_dates(ref):
    p = PLAN[ref]
    ds = {p["start_date"], p["end_date"]}
    ds |= {m["due_date"] for m in MS if m["project_ref"] == ref}
    ds |= {h["submitted_at"][:10] for h in hist(ref)}
    return ds


def check_expect(q, e, viewer):
    for k in e:
        if k not in KEYS:
            err(q, f"unknown key {k}")
    if "parts" in e:
        for part in e["parts"]:
            check_expect(q, part, viewer)
        return
    prj = e.get("projects") or []
    amb = e.get("ambiguous")
    for r in list(prj) + (amb if isinstance(amb, list) else []):
        if r not in PLAN:
            err(q, f"unknown ref {r}")
    for k in ("since", "until"):
        if k in e and not isinstance(e[k], dt.date):
            err(q, f"{k} not a date: {e[k]!r}")
    for d in e.get("dates", []) or []:
        if not isinstance(d, dt.date):
            err(q, f"date not a date: {d!r}")
    if "field" in e and e["field"] not in FIELDS:
        err(q, f"unknown field {e['field']}")
    if "rag" in e and e["rag"] not in ("red", "amber", "green"):
        err(q, "bad rag")
    if "answer" in e and not isinstance(e["answer"], bool):
        err(q, f"answer not bool: {e['answer']!r}")
    # single-project checks
    if len(prj) == 1:
        r = prj[0]
        text = project_text(r)
        for t in e.get("text_contains", []) or []:
            if t.lower() not in text:
                err(q, f"text {t!r} not in {r}'s data")
        hist_words = re.search(
            r"\b(ago|start of|was|were|back in|in (october|november|september)|history|since when|last month|when did)\b",
            q.lower(),
        )
        if "rag" in e and not hist_words and e["rag"] != rag(r):
            err(q, f"rag {e['rag']} != current {rag(r)} for {r}")
        if "progress" in e and e["progress"] != pct(r):
            err(q, f"progress {e['progress']} != {pct(r)} for {r}")
        if "leads" in e and sorted(e["leads"]) != sorted(leads(r)):
            err(q, f"leads {e['leads']} != {leads(r)}")
        if "deputies" in e and sorted(e["deputies"]) != sorted(deputy(r)):
            err(q, f"deputies {e['deputies']} != {deputy(r)}")
        for d in e.get("dates", []) or []:
            if str(d) not in project_dates(r):
                err(q, f"date {d} not a plan/milestone/update date of {r}")
    elif len(prj) > 1:
        if "leads" in e:
            want = sorted({n for r in prj for n in leads(r)})
            if sorted(e["leads"]) != want:
                err(q, f"leads {e['leads']} != {want}")
        if "deputies" in e:
            want = sorted({n for r in prj for n in deputy(r)})
            if sorted(e["deputies"]) != want:
                err(q, f"deputies {e['deputies']} != {want}")
        for t in e.get("text_contains", []) or []:
            if not any(t.lower() in project_text(r) for r in prj):
                err(q, f"text {t!r} not in any of {prj}")
    if (
        "count" in e
        and prj
        and e["count"] != len(prj)
        and not q.lower().startswith(
            (
                "which milestones",
                "overdue milestones",
                "milestones due",
                "which february",
                "which march",
                "which december",
                "which october",
            )
        )
    ):
        warns.append(f"{q!r}: count {e['count']} != {len(prj)} projects (check it counts milestones)")


def main():
    d = yaml.safe_load(open(SEALED))
    viewers = d["viewers"]
    qs = d["questions"]
    convs = collections.defaultdict(list)
    seen = collections.Counter()
    for item in qs:
        q = item["q"]
        seen[(q, item.get("conversation"))] += 1
        for k in item:
            if k not in ("q", "viewer", "conversation", "expect"):
                err(q, f"unknown item key {k}")
        v = item.get("viewer", "member")
        if v not in viewers:
            err(q, f"viewer {v} not defined")
        if "conversation" in item:
            convs[item["conversation"]].append(item)
        check_expect(q, item["expect"], v)
        ql = q.strip().lower()
        rec = RECIPES.get(q)
        if rec is not None:
            want_p, want_c = rec
            got_p = item["expect"].get("projects")
            if want_p is not None and sorted(got_p or []) != sorted(want_p):
                err(q, f"projects {got_p} != recomputed {want_p}")
            if want_c is not None and item["expect"].get("count") is not None and item["expect"]["count"] != want_c:
                err(q, f"count {item['expect']['count']} != recomputed {want_c}")
        # refusals for non-admin/dlg or channels when asking who has not updated
        e = item["expect"]
        if re.search(r"haven'?t updated|not updated|never submitted|gone quiet|still to update|still owe", ql):
            vv = viewers[v]
            allowed = vv["conversation_type"] == "personal" and set(vv["staff_roles"]) & {"admin", "dlg"}
            if allowed and e.get("refused"):
                err(q, "refused but viewer may see it")
            if not allowed and not e.get("refused"):
                err(q, "viewer may not see who has not updated but not refused")
    for k, v in seen.items():
        if v > 1:
            err(k[0], "duplicate question")
    for c, items in convs.items():
        if len(items) < 2:
            err(c, "conversation with one question")
        if len({i.get("viewer", "member") for i in items}) > 1:
            err(c, "conversation mixes viewers")
    # kinds
    kinds = collections.Counter()
    for item in qs:
        e = item["expect"]
        if "conversation" in item:
            k = "follow-up chain"
        elif "parts" in e:
            k = "multi-part"
        elif e.get("refused"):
            k = "refused"
        elif e.get("not_sure"):
            k = "not sure"
        elif e.get("small_talk"):
            k = "small talk"
        elif "ambiguous" in e:
            k = "ambiguous"
        elif (
            len(e.get("projects", [])) == 2
            and "count" not in e
            and re.search(r"further|better|compare|than|ahead", item["q"].lower())
        ):
            k = "comparison"
        elif (
            "since" in e
            or "until" in e
            or e.get("field") == "history"
            or re.search(
                r"ago|start of|ever|every update|in (october|november|september)|last month|went|turn|go red|go amber|go back|come off|worse|improved|since",
                item["q"].lower(),
            )
        ):
            k = "change / time window"
        elif len(e.get("projects", [])) == 1:
            k = "single project"
        else:
            k = "list / filter"
        kinds[k] += 1
    print("questions:", len(qs))
    for k, v in kinds.most_common():
        print(f"  {k}: {v} ({100 * v / len(qs):.0f}%)")
    print("conversations:", len(convs))
    for w in warns:
        print("WARN", w)
    for x in errors:
        print("ERROR", x)
    print(len(errors), "errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""Write dev.yaml and tools/dev_checks.json: every expected value is computed here from the CSVs in beck/."""

import csv
import datetime as dt
import hashlib
import json
import os
import re
from zoneinfo import ZoneInfo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = ROOT  # the repository keeps the data beside dev.yaml
LON = ZoneInfo("Europe/London")
UTC = dt.UTC
NOW = dt.datetime(2027, 11, 2, 10, 15, tzinfo=UTC)
TODAY = dt.date(2027, 11, 2)
DIGEST = dt.datetime(2027, 10, 29, 16, 0, tzinfo=UTC)
SEV = {"green": 0, "amber": 1, "red": 2}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def rd(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


PLAN = {r["ref"]: r for r in rd("plan.csv")}
REFS = sorted(PLAN)
PEOPLE = {r["email"]: r["name"] for r in rd("people.csv")}
MILES = rd("milestones.csv")
HIST = rd("history.csv")
for u in HIST:
    u["at"] = dt.datetime.strptime(u["submitted_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    u["day"] = u["at"].astimezone(LON).date()
HIST.sort(key=lambda u: u["at"])
AREAS = ["Digital Citizen", "Digital Council", "Digital Care", "Digital Economy"]
ENABLERS = [
    "Communications and marketing",
    "Information governance and cyber security",
    "Data and insight",
    "Collaboration and integration",
]


def local_start(day):
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=LON).astimezone(UTC)


def d(s):
    return dt.date.fromisoformat(s)


# window label -> (start instant, end instant exclusive, since day, until day)
def win(since_day, until_day):
    end = NOW if until_day == TODAY else local_start(until_day + dt.timedelta(days=1))
    return local_start(since_day), end, since_day, until_day


def roll(days):
    start = NOW - dt.timedelta(days=days)
    return start, NOW, start.astimezone(LON).date(), TODAY


WINDOWS = {
    "today": win(TODAY, TODAY),
    "yesterday": win(d("2027-11-01"), d("2027-11-01")),
    "this_week": win(d("2027-11-01"), TODAY),
    "last_week": win(d("2027-10-25"), d("2027-10-31")),
    "past7": roll(7),
    "past10": roll(10),
    "fortnight": roll(14),
    "digest": (DIGEST, NOW, DIGEST.astimezone(LON).date(), TODAY),
    "this_cycle": win(d("2027-11-01"), TODAY),
    "last_cycle": win(d("2027-10-01"), d("2027-10-31")),
    "september": win(d("2027-09-01"), d("2027-09-30")),
    "august": win(d("2027-08-01"), d("2027-08-31")),
    "july": win(d("2027-07-01"), d("2027-07-31")),
    "half_term": win(d("2027-10-25"), d("2027-10-29")),
    "since_half_term": win(d("2027-10-25"), TODAY),
    "oct8": win(d("2027-10-08"), d("2027-10-08")),
}


def h(*parts):
    return int(hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:12], 16)


def ups(ref):
    return [u for u in HIST if u["project_ref"] == ref]


def latest(ref):
    x = ups(ref)
    return x[-1] if x else None


def person(email):
    return PEOPLE.get(email, email)


# ---------------------------------------------------------------- calculations (name -> function)
def c_status(ref):
    u = latest(ref)
    return {"projects": [ref], "rag": u["rag"], "progress": int(u["progress_pct"])}


def c_rag_is(ref, colour):
    u = latest(ref)
    return {"projects": [ref], "rag": u["rag"], "answer": u["rag"] == colour}


def c_progress(ref):
    return {"projects": [ref], "progress": int(latest(ref)["progress_pct"]), "field": "progress"}


def c_lead(ref):
    return {"projects": [ref], "leads": [PLAN[ref]["lead_name"]], "field": "leads"}


def c_deputy(ref):
    e = PLAN[ref]["deputy_email"]
    return {"projects": [ref], "deputies": [person(e)] if e else []}


def c_has_deputy(ref):
    e = PLAN[ref]["deputy_email"]
    return {"projects": [ref], "deputies": [person(e)] if e else [], "answer": bool(e)}


STOP = {
    "the",
    "and",
    "for",
    "with",
    "from",
    "that",
    "this",
    "next",
    "has",
    "have",
    "been",
    "after",
    "until",
    "still",
    "not",
    "are",
    "was",
    "of",
    "on",
    "in",
    "to",
    "by",
    "a",
    "an",
}


def pick_token(text):
    words = [w.strip(".,;:()'\"") for w in text.split()][1:]
    words = [w for w in words if len(w) >= 3 and w.lower() not in STOP and not re.fullmatch(r"20\d\d", w)]
    digits = [w for w in words if re.search(r"\d", w)]
    weak = {"All", "Beckford", "Next", "Back", "Red", "Amber", "On"}
    caps = [w for w in words if w[0].isupper() and w not in weak]
    for group in (digits, caps, sorted(words, key=lambda w: (-len(w), w))):
        if group:
            return group[0]
    return None


FIELD_COL = {
    "summary": "summary",
    "achievements": "achievements",
    "next_steps": "next_steps",
    "risks": "risks",
    "blockers": "blockers",
    "asks": "asks_of_dlg",
}


def c_field(ref, field):
    text = latest(ref)[FIELD_COL[field]]
    return {"projects": [ref], "field": field, "text_contains": [pick_token(text)]}


def c_area(ref):
    return {"projects": [ref], "field": "area", "text_contains": [PLAN[ref]["priority_area"]]}


def c_enablers(ref):
    return {"projects": [ref], "field": "enablers", "text_contains": PLAN[ref]["enablers"].split(";")}


def c_end(ref):
    return {"projects": [ref], "field": "dates", "dates": [PLAN[ref]["end_date"]]}


def c_start(ref):
    return {"projects": [ref], "field": "dates", "dates": [PLAN[ref]["start_date"]]}


def c_last_update(ref):
    return {"projects": [ref], "dates": [latest(ref)["day"].isoformat()]}


def c_went_red(ref):
    x, day = ups(ref), None
    for i, u in enumerate(x):
        if u["rag"] == "red" and (i == 0 or x[i - 1]["rag"] != "red"):
            day = u["day"]
    return {"projects": [ref], "field": "history", "dates": [day.isoformat()]}


def at_end_of(ref, day):
    x = [u for u in ups(ref) if u["day"] <= d(day)]
    return x[-1] if x else None


def c_rag_at(ref, day):
    return {"projects": [ref], "rag": at_end_of(ref, day)["rag"]}


def c_progress_at(ref, day):
    return {"projects": [ref], "progress": int(at_end_of(ref, day)["progress_pct"])}


def c_milestone(ref, title):
    m = next(m for m in MILES if m["project_ref"] == ref and m["title"] == title)
    return {"projects": [ref], "dates": [m["due_date"]]}


def c_next_milestone(ref):
    m = min(
        (m for m in MILES if m["project_ref"] == ref and m["status"] != "done" and d(m["due_date"]) >= TODAY),
        key=lambda m: m["due_date"],
    )
    return {"projects": [ref], "field": "milestones", "dates": [m["due_date"]]}


def overdue_rows(refs=None):
    return [
        m
        for m in MILES
        if d(m["due_date"]) < TODAY and m["status"] != "done" and (not refs or m["project_ref"] in refs)
    ]


def c_overdue(area=None, rag=None, want_count=False):
    refs = [r for r in REFS if (not area or PLAN[r]["priority_area"] == area)]
    if rag:
        refs = [r for r in refs if latest(r) and latest(r)["rag"] == rag]
    got = sorted({m["project_ref"] for m in overdue_rows(refs)})
    out = {"projects": got}
    if want_count:
        out["count"] = len(got)
    return out


def c_overdue_one(ref):
    rows = overdue_rows([ref])
    return {
        "projects": [ref],
        "field": "milestones",
        "answer": bool(rows),
        "dates": sorted(m["due_date"] for m in rows),
    }


def c_due_between(since, until, area=None):
    rows = [m for m in MILES if since <= m["due_date"] <= until and m["status"] != "done"]
    rows = [m for m in rows if not area or PLAN[m["project_ref"]]["priority_area"] == area]
    return {
        "projects": sorted({m["project_ref"] for m in rows}),
        "dates": sorted({m["due_date"] for m in rows}),
        "since": since,
        "until": until,
    }


def current(ref):
    u = latest(ref)
    return u["rag"] if u else None


def c_filter(
    area=None,
    rags=None,
    lead=None,
    no_deputy=False,
    enabler=None,
    below=None,
    above=None,
    asks=False,
    blockers=False,
    never=False,
    want_count=False,
):
    out = []
    for r in REFS:
        p, u = PLAN[r], latest(r)
        if area and p["priority_area"] != area:
            continue
        if rags and (not u or u["rag"] not in rags):
            continue
        if lead and p["lead_name"] != lead:
            continue
        if no_deputy and p["deputy_email"]:
            continue
        if enabler and enabler not in p["enablers"].split(";"):
            continue
        if below is not None and (not u or int(u["progress_pct"]) >= below):
            continue
        if above is not None and (not u or int(u["progress_pct"]) <= above):
            continue
        if asks and (not u or u["asks_of_dlg"] == "None"):
            continue
        if blockers and (not u or u["blockers"] == "None"):
            continue
        if never and u:
            continue
        out.append(r)
    res = {"projects": out}
    if want_count:
        res["count"] = len(out)
    return res


def c_deputy_of(name):
    return {"projects": [r for r in REFS if PLAN[r]["deputy_email"] and person(PLAN[r]["deputy_email"]) == name]}


def c_involved(name):
    return {"projects": [r for r in REFS if PLAN[r]["lead_name"] == name or person(PLAN[r]["deputy_email"]) == name]}


def in_window(key):
    s, e, _, _ = WINDOWS[key]
    return [u for u in HIST if s <= u["at"] < e]


def c_updated(key, area=None, want_count=False):
    _s, _e, a, b = WINDOWS[key]
    refs = sorted({u["project_ref"] for u in in_window(key)})
    refs = [r for r in refs if not area or PLAN[r]["priority_area"] == area]
    out = {"projects": refs, "since": a.isoformat(), "until": b.isoformat()}
    if want_count:
        out["count"] = len(refs)
    return out


def c_not_updated(key, want_count=False):
    _s, _e, a, _b = WINDOWS[key]
    done = {u["project_ref"] for u in in_window(key)}
    out = {"projects": [r for r in REFS if r not in done], "since": a.isoformat()}
    if want_count:
        out["count"] = len(out["projects"])
    return out


def c_quiet():
    done = {u["project_ref"] for u in in_window("fortnight")}
    return {"projects": [r for r in REFS if r not in done]}


def c_turned(key, colour):
    s, e, a, b = WINDOWS[key]
    got = set()
    for r in REFS:
        x = ups(r)
        for i, u in enumerate(x):
            if s <= u["at"] < e and u["rag"] == colour and (i == 0 or x[i - 1]["rag"] != colour):
                got.add(r)
    return {"projects": sorted(got), "since": a.isoformat(), "until": b.isoformat()}


def c_moved(key, direction):
    s, e, a, b = WINDOWS[key]
    got = []
    for r in REFS:
        before = [u for u in ups(r) if u["at"] < s]
        by_end = [u for u in ups(r) if u["at"] < e]
        if not before or len(by_end) == len(before):
            continue
        diff = SEV[by_end[-1]["rag"]] - SEV[before[-1]["rag"]]
        if (direction == "worse" and diff > 0) or (direction == "better" and diff < 0):
            got.append(r)
    return {"projects": got, "since": a.isoformat(), "until": b.isoformat()}


def c_area_most(colour):
    n = {a: sum(1 for r in REFS if PLAN[r]["priority_area"] == a and current(r) == colour) for a in AREAS}
    best = max(n.values())
    top = [a for a in AREAS if n[a] == best]
    assert len(top) == 1
    refs = [r for r in REFS if PLAN[r]["priority_area"] == top[0] and current(r) == colour]
    return {"projects": refs, "count": best, "text_contains": top}


def c_count_updates(ref, key=None):
    x = ups(ref) if not key else [u for u in in_window(key) if u["project_ref"] == ref]
    return {"projects": [ref], "count": len(x)}


def c_compare(a, b):
    pa, pb = int(latest(a)["progress_pct"]), int(latest(b)["progress_pct"])
    assert pa != pb
    return {"projects": [a if pa > pb else b]}


def c_mentions(term):
    cols = ["summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"]
    refs = sorted({u["project_ref"] for u in HIST if any(term.lower() in u[c].lower() for c in cols)})
    return {"projects": refs, "answer": bool(refs)}


GOLIVE = re.compile(r"go-live (?:moved to|still) (\d{1,2} [A-Z][a-z]+ \d{4})")


def c_golive(ref):
    found = None
    for u in ups(ref):
        m = GOLIVE.search(u["summary"])
        if m:
            found = dt.datetime.strptime(m.group(1), "%d %B %Y").date()
    return {"projects": [ref], "dates": [found.isoformat()]}


def c_count_area(area):
    refs = [r for r in REFS if PLAN[r]["priority_area"] == area]
    return {"projects": refs, "count": len(refs)}


def c_count_milestones(ref):
    rows = [m for m in MILES if m["project_ref"] == ref]
    return {"projects": [ref], "field": "milestones", "count": len(rows), "dates": sorted(m["due_date"] for m in rows)}


def c_month_text(ref, key, field):
    x = [u for u in in_window(key) if u["project_ref"] == ref]
    return {"projects": [ref], "field": field, "text_contains": [pick_token(x[-1][FIELD_COL[field]])]}


def c_on_day(day):
    refs = sorted({u["project_ref"] for u in HIST if u["day"] == d(day)})
    return {"projects": refs, "count": len(refs), "since": day, "until": day}


def c_progress_drop():
    got = []
    for r in REFS:
        x = ups(r)
        if any(int(x[i]["progress_pct"]) < int(x[i - 1]["progress_pct"]) for i in range(1, len(x))):
            got.append(r)
    return {"projects": got}


def c_red_since(ref):
    """How long has X been red: the day it went red (run still open)."""
    return c_went_red(ref) | {"rag": latest(ref)["rag"]}


def c_restrict(calc, args, rag=None, area=None):
    refs = CALCS[calc](**args)["projects"]
    refs = [r for r in refs if (not rag or current(r) == rag) and (not area or PLAN[r]["priority_area"] == area)]
    return {"projects": refs}


def c_leads_of(calc, args):
    refs = CALCS[calc](**args)["projects"]
    return {"projects": refs, "leads": sorted({PLAN[r]["lead_name"] for r in refs})}


def c_count_of(calc, args):
    refs = CALCS[calc](**args)["projects"]
    return {"projects": refs, "count": len(refs)}


def c_ambiguous(words):
    pats = [re.compile(r"\b" + re.escape(w) + r"\b", re.IGNORECASE) for w in words]
    return {"ambiguous": [r for r in REFS if any(p.search(PLAN[r]["name"]) for p in pats)]}


def c_const(**kw):
    return dict(kw)


CALCS = {k[2:]: v for k, v in globals().items() if k.startswith("c_")}

# ---------------------------------------------------------------- phrasing
HANDLES = {
    "BK-01": ["resident portal", "mybeckford", "the resident account", "resident portl"],
    "BK-02": ["council tax online", "cto", "ctax online", "council tax onlnie"],
    "BK-03": ["library kiosks", "the kiosks", "libraries self service kiosks", "libary kiosks"],
    "BK-04": ["bin app", "binday", "waste collection app", "the bin app"],
    "BK-05": ["schools admissions portal", "admissions portal", "sap", "school admissions"],
    "BK-06": ["ask beck", "the chatbot", "webchat", "web chat"],
    "BK-07": ["blue badge", "blue badge online", "bb online", "blue bagde"],
    "BK-08": ["hub finder", "community hub finder", "warm spaces map", "the hub finder"],
    "BK-09": ["parking permits", "e-permits", "parking permits digital", "parkign permits"],
    "BK-10": ["registrars", "registrars online booking", "registars booking"],
    "BK-11": ["dils", "device lending", "digital inclusion lending", "the lending scheme"],
    "BK-12": ["m365", "o365", "office 365", "the m365 migration", "microsoft 365"],
    "BK-13": ["payroll", "hrp", "hr and payroll", "new payroll", "payrol replacement"],
    "BK-14": ["data hub", "bdh", "the data warehouse", "data hubb"],
    "BK-15": ["rpa", "robotic process automation", "the bots", "rpa programme"],
    "BK-16": ["fsu", "finance system upgrade", "the ledger upgrade", "finance sytem"],
    "BK-17": ["telephony", "telephony replacement", "the phones project", "telephoney"],
    "BK-18": ["edrms", "document management", "the edrms", "electronic document managment"],
    "BK-19": ["hybrid rooms", "meeting rooms", "teams rooms", "hybrid meeting rooms"],
    "BK-20": ["cyber", "crp", "cyber resilience", "cyber essentials"],
    "BK-21": ["asset hub", "amh", "asset register", "asset managment hub"],
    "BK-22": ["telecare", "tds", "digital switchover", "telecare switchover", "telecre"],
    "BK-23": ["care records hub", "shared care record", "crh", "the shared care recrod"],
    "BK-24": ["carers portal", "carers online", "carers assessment", "carer's portal"],
    "BK-25": ["asc case management", "adults cms", "adult social care case management", "adults case mgmt"],
    "BK-26": ["csc case system", "childrens cms", "children's case management", "childrens case mangement"],
    "BK-27": ["sensors pilot", "falls sensors", "care home sensors", "the sensor pilot"],
    "BK-28": ["prepaid cards", "dp cards", "direct payments cards", "pre-paid cards"],
    "BK-29": ["discharge tracker", "dtoc tracker", "hospital discharge tracker", "discharge trakcer"],
    "BK-30": ["front door", "asc front door", "digital front door", "the front door project"],
    "BK-31": ["virtual wards", "hospital at home", "virtual wards support", "virtual ward"],
    "BK-32": ["ot portal", "equipment portal", "ot equipment portal", "occupational therapy portal"],
    "BK-33": ["business portal", "bizbeck", "business support portal", "busness portal"],
    "BK-34": ["full fibre", "gigabit", "project gigabit", "full fiber", "fibre rollout"],
    "BK-35": ["beckskills", "skills hub", "skills portal", "the skills hub"],
    "BK-36": ["high street wifi", "town centre wifi", "free wifi", "high st wi-fi"],
    "BK-37": ["business rates online", "nndr online", "rates online", "busines rates"],
    "BK-38": ["bootcamps", "skills bootcamps", "digital skills bootcamps", "the bootcamp"],
    "BK-39": ["visit beckford app", "tourism app", "visitor economy app", "visitor app"],
    "BK-40": ["investment crm", "inward investment crm", "the crm", "investment crn"],
}
SHE = {
    "Priya",
    "Gemma",
    "Hannah",
    "Sian",
    "Ruth",
    "Fiona",
    "Laura",
    "Nadia",
    "Karen",
    "Bethan",
    "Sarah",
    "Joanne",
    "Aisling",
    "Lucy",
    "Emma",
    "Rachel",
    "Zoe",
}
GREET = ["", "", "", "", "hi ", "hiya ", "morning, ", "hey ", "quick one - ", "hi bot ", "afternoon! "]
TAIL = ["", "", "", "", "", "?", " pls", " ta", " thanks", "??", " please", " cheers"]


def handle(ref, salt):
    x = HANDLES[ref]
    return x[h(ref, salt) % len(x)]


def dress(q, salt):
    g = GREET[h(salt, "g") % len(GREET)]
    t = TAIL[h(salt, "t") % len(TAIL)]
    if q.endswith("?") and t in ("?", "??"):
        t = ""
    return (g + q + t).strip()


def pick(opts, salt):
    return opts[h(salt) % len(opts)]


# ---------------------------------------------------------------- question building
Q = []


def add(q, calc=None, args=None, viewer=None, conv=None, kind=None, parts=None, expect=None, pin=False):
    item = {"q": q, "kind": kind, "pin": pin or calc in ("updated", "due_between", "mentions", "golive", "went_red")}
    if viewer:
        item["viewer"] = viewer
    if conv:
        item["conversation"] = conv
    if parts:
        item["parts"] = [{"calc": c, "args": a} for c, a in parts]
        item["expect"] = {"parts": [CALCS[c](**a) for c, a in parts]}
    elif calc:
        item["calc"], item["args"] = calc, args or {}
        item["expect"] = CALCS[calc](**(args or {}))
    else:
        item["calc"], item["args"] = "const", expect
        item["expect"] = dict(expect)
    Q.append(item)


def lead_first(ref):
    return PLAN[ref]["lead_name"].split()[0]


def build():
    reported = [r for r in REFS if latest(r)]
    # ---- one-project facts
    for i, r in enumerate(reported):
        s = f"f{r}"
        nm = handle(r, s + "a")
        add(
            dress(
                pick(
                    [
                        f"hows {nm} looking",
                        f"status of {nm}",
                        f"where are we with {nm}",
                        f"{nm} update",
                        f"how is {nm} doing",
                        f"whats the latest on {nm}",
                        f"{nm} - rag and % complete?",
                    ],
                    s,
                ),
                s,
            ),
            "status",
            {"ref": r},
            kind="fact",
        )
        nm = handle(r, s + "b")
        colour = pick(["green", "amber", "red", "green"], s + "c")
        form = h(s, "form") % 3
        phr = [f"is {nm} {colour}", f"is {nm} on track", f"{nm} still {colour}?"][form]
        add(dress(phr, s + "e"), "rag_is", {"ref": r, "colour": "green" if form == 1 else colour}, kind="fact")
        nm = handle(r, s + "f")
        add(
            dress(
                pick(
                    [
                        f"who leads {nm}",
                        f"who's the lead for {nm}",
                        f"who is in charge of {nm}",
                        f"{nm} lead?",
                        f"whos running {nm}",
                    ],
                    s + "g",
                ),
                s + "h",
            ),
            "lead",
            {"ref": r},
            kind="fact",
        )
        nm = handle(r, s + "i")
        if i % 3 == 0:
            add(
                dress(pick([f"does {nm} have a deputy", f"is there a deputy on {nm}"], s + "j"), s + "k"),
                "has_deputy",
                {"ref": r},
                kind="fact",
            )
        else:
            add(
                dress(
                    pick(
                        [
                            f"who deputises on {nm}",
                            f"{nm} deputy?",
                            f"who's the deputy for {nm}",
                            f"who covers {nm} when the lead is off",
                        ],
                        s + "j",
                    ),
                    s + "k",
                ),
                "deputy",
                {"ref": r},
                kind="fact",
            )
        nm = handle(r, s + "l")
        u = latest(r)
        fields = [
            f
            for f in ("blockers", "asks", "risks", "next_steps", "achievements", "summary")
            if u[FIELD_COL[f]] != "None"
        ]
        f1 = fields[h(r, "f1") % len(fields)]
        f2 = fields[(h(r, "f1") + 1 + h(r, "f2") % max(1, len(fields) - 1)) % len(fields)]
        for f, sx in ((f1, "m"), (f2, "n")):
            phr = {
                "blockers": [f"whats blocking {nm}", f"any blockers on {nm}", f"what's holding up {nm}"],
                "asks": [
                    f"what does {nm} need from the dlg",
                    f"{nm} asks of dlg?",
                    f"is {nm} asking the dlg for anything",
                ],
                "risks": [f"main risks for {nm}", f"what are the risks on {nm}", f"{nm} risks"],
                "next_steps": [f"whats next for {nm}", f"{nm} next steps", f"what are they doing next on {nm}"],
                "achievements": [f"what has {nm} achieved lately", f"{nm} achievements", f"any wins on {nm}"],
                "summary": [
                    f"summary of the latest {nm} update",
                    f"what did the last {nm} update say",
                    f"give me the gist of {nm}",
                ],
            }[f]
            add(dress(pick(phr, s + sx), s + sx + "x"), "field", {"ref": r, "field": f}, kind="fact")
        extra = i % 4
        nm = handle(r, s + "o")
        if extra == 0:
            add(
                dress(pick([f"what % is {nm} at", f"{nm} progress", f"how far through is {nm}"], s + "p"), s + "q"),
                "progress",
                {"ref": r},
                kind="fact",
            )
        elif extra == 1:
            add(
                dress(pick([f"which area is {nm} under", f"what priority area is {nm} in"], s + "p"), s + "q"),
                "area",
                {"ref": r},
                kind="fact",
            )
        elif extra == 2:
            add(
                dress(
                    pick([f"when does {nm} finish", f"end date for {nm}", f"when is {nm} due to close"], s + "p"),
                    s + "q",
                ),
                "end",
                {"ref": r},
                kind="fact",
            )
        else:
            add(
                dress(pick([f"what enablers does {nm} use", f"{nm} enablers?"], s + "p"), s + "q"),
                "enablers",
                {"ref": r},
                kind="fact",
            )
    for r in ("BK-11", "BK-39"):
        add(dress(f"who leads {handle(r, 'nl')}", "nl" + r), "lead", {"ref": r}, kind="fact")
        add(dress(f"when did {handle(r, 'ns')} start", "ns" + r), "start", {"ref": r}, kind="fact")
        add(dress(f"{handle(r, 'nd')} deputy?", "nd" + r), "has_deputy", {"ref": r}, kind="fact")
    for r in ("BK-01", "BK-12", "BK-22", "BK-34", "BK-05", "BK-24", "BK-36"):
        add(dress(f"when did {handle(r, 'st')} kick off", "st" + r), "start", {"ref": r}, kind="fact")
    for r in ("BK-07", "BK-19", "BK-27", "BK-33", "BK-03", "BK-14", "BK-25", "BK-30"):
        add(dress(f"what % is {handle(r, 'pp')} on", "pp" + r), "progress", {"ref": r}, kind="fact")

    # ---- lists, filters, counts
    short = {
        "Digital Citizen": "digital citizen",
        "Digital Council": "digital council",
        "Digital Care": "digital care",
        "Digital Economy": "digital economy",
    }
    for a in AREAS:
        sa = short[a]
        add(dress(f"which {sa} projects are red", "lr" + a), "filter", {"area": a, "rags": ["red"]}, kind="list")
        add(dress(f"{sa} projects not green?", "lng" + a), "filter", {"area": a, "rags": ["amber", "red"]}, kind="list")
        add(dress(f"list the amber ones in {sa}", "la" + a), "filter", {"area": a, "rags": ["amber"]}, kind="list")
        add(dress(f"how many projects are in {sa}", "ca" + a), "count_area", {"area": a}, kind="list")
        add(
            dress(f"how many {sa} projects are green", "cg" + a),
            "filter",
            {"area": a, "rags": ["green"], "want_count": True},
            kind="list",
        )
        add(dress(f"which {sa} projects have overdue milestones", "od" + a), "overdue", {"area": a}, kind="list")
        add(dress(f"{sa} projects with no deputy", "nd" + a), "filter", {"area": a, "no_deputy": True}, kind="list")
    add(dress("how many projects are red", "cr"), "filter", {"rags": ["red"], "want_count": True}, kind="list")
    add(dress("what's red at the moment", "cr2"), "filter", {"rags": ["red"]}, kind="list")
    add(dress("how many ambers have we got", "ca2"), "filter", {"rags": ["amber"], "want_count": True}, kind="list")
    add(dress("list everything thats amber or red", "ar"), "filter", {"rags": ["amber", "red"]}, kind="list")
    add(
        dress("how many projects are green overall", "cgo"),
        "filter",
        {"rags": ["green"], "want_count": True},
        kind="list",
    )
    add(dress("which projects have no deputy", "nod"), "filter", {"no_deputy": True}, kind="list")
    add(
        dress("how many projects havent got a deputy", "nodc"),
        "filter",
        {"no_deputy": True, "want_count": True},
        kind="list",
    )
    add(dress("which projects have never reported", "nev"), "filter", {"never": True}, kind="list")
    add(dress("any projects never submitted an update", "nev2"), "filter", {"never": True}, kind="list")
    add(dress("which projects are asking the dlg for something", "asks"), "filter", {"asks": True}, kind="list")
    add(
        dress("how many asks of the dlg are there right now", "asksc"),
        "filter",
        {"asks": True, "want_count": True},
        kind="list",
    )
    add(dress("which projects have blockers", "blk"), "filter", {"blockers": True}, kind="list")
    add(dress("projects under 20%", "u20"), "filter", {"below": 20}, kind="list")
    add(dress("which projects are over 80% done", "o80"), "filter", {"above": 80}, kind="list")
    add(
        dress("how many projects are past the halfway mark", "o50"),
        "filter",
        {"above": 50, "want_count": True},
        kind="list",
    )
    add(dress("anything red under 40%", "r40"), "filter", {"rags": ["red"], "below": 40}, kind="list")
    add(dress("which green projects are below 25%", "g25"), "filter", {"rags": ["green"], "below": 25}, kind="list")
    for e, phr in zip(
        ENABLERS,
        ["comms and marketing", "ig and cyber", "data and insight", "collaboration and integration"],
        strict=False,
    ):
        add(dress(f"which projects use the {phr} enabler", "en" + e), "filter", {"enabler": e}, kind="list")
    add(
        dress("how many projects rely on data and insight", "enc"),
        "filter",
        {"enabler": "Data and insight", "want_count": True},
        kind="list",
    )
    add(
        dress("which red projects use ig and cyber", "enr"),
        "filter",
        {"enabler": "Information governance and cyber security", "rags": ["red"]},
        kind="list",
    )
    leads = sorted({PLAN[r]["lead_name"] for r in REFS})
    for n, name in enumerate(leads):
        first, last = name.split()
        who = pick([name.lower(), first.lower() + " " + last[0].lower(), last.lower(), first.lower()], "ld" + name)
        if first == "Tom":
            who = name.lower()
        if n % 2 == 0:
            add(
                dress(
                    pick(
                        [f"what does {who} lead", f"which projects is {who} leading", f"{who}'s projects"], "ldq" + name
                    ),
                    "ldt" + name,
                ),
                "filter",
                {"lead": name},
                kind="list",
            )
        else:
            add(
                dress(f"how many projects does {who} lead", "ldc" + name),
                "filter",
                {"lead": name, "want_count": True},
                kind="list",
            )
    for name in ("Imran Qureshi", "Tom Bradley", "Bethan Morgan", "Zoe Fairclough", "Gemma Lloyd"):
        add(dress(f"which projects is {name.lower()} deputy on", "dq" + name), "deputy_of", {"name": name}, kind="list")
    for name in ("Bethan Morgan", "Dev Mistry", "Martin Fell", "Hannah Okafor", "Kwame Mensah"):
        add(
            dress(f"what is {name.split()[0].lower()} {name.split()[1].lower()} involved in", "iv" + name),
            "involved",
            {"name": name},
            kind="list",
        )
    add(dress("which area has the most reds", "most"), "area_most", {"colour": "red"}, kind="list")
    add(dress("which priority area has most amber projects", "mosta"), "area_most", {"colour": "amber"}, kind="list")
    add(dress("which projects have overdue milestones", "odall"), "overdue", {}, kind="list")
    add(dress("how many projects have something overdue", "odc"), "overdue", {"want_count": True}, kind="list")
    add(dress("are any red projects also overdue on milestones", "odr"), "overdue", {"rag": "red"}, kind="list")
    add(dress("has any project had its progress go down", "drop"), "progress_drop", {}, kind="list")

    # ---- dates, windows, history, milestones
    wphr = {
        "today": ["who has updated today", "any updates today"],
        "yesterday": ["who updated yesterday", "which projects sent an update yesterday"],
        "this_week": ["what updates have come in this week", "who's updated so far this week"],
        "last_week": ["which projects updated last week", "who sent updates last week"],
        "past7": ["who updated in the past 7 days", "updates in the last 7 days?"],
        "past10": ["which projects updated in the past 10 days", "anything updated in the last 10 days"],
        "fortnight": ["who has updated in the past fortnight", "updates over the last 2 weeks"],
        "digest": ["what's come in since the last digest", "any updates since the digest went out"],
        "this_cycle": ["who has updated this cycle", "which projects have reported this month"],
        "last_cycle": ["who updated last cycle", "which projects reported in october"],
        "september": ["who updated in september", "which projects reported in sept"],
        "august": ["which projects updated in august"],
        "july": ["who sent an update in july"],
        "half_term": ["did anyone update over half term", "which projects updated during half-term"],
        "since_half_term": ["what's been updated since half term started"],
        "oct8": ["who updated on 8 october", "which projects updated on friday 8th oct"],
    }
    for key, phrs in wphr.items():
        for j, p in enumerate(phrs):
            add(dress(p, f"w{key}{j}"), "updated", {"key": key}, kind="window")
    for key, p in (
        ("this_week", "how many projects have updated this week"),
        ("last_cycle", "how many updates came in last cycle - projects i mean"),
        ("past7", "how many projects updated in the past week"),
        ("digest", "how many projects have updated since the last digest"),
    ):
        add(dress(p, "wc" + key), "updated", {"key": key, "want_count": True}, kind="window")
    for a in AREAS:
        add(
            dress(f"which {short[a]} projects updated last month", "wa" + a),
            "updated",
            {"key": "last_cycle", "area": a},
            kind="window",
        )
    add(
        dress("which projects went red last month", "tr1"),
        "turned",
        {"key": "last_cycle", "colour": "red"},
        kind="window",
    )
    add(dress("anything turn red in september", "tr2"), "turned", {"key": "september", "colour": "red"}, kind="window")
    add(dress("what went amber in october", "tr3"), "turned", {"key": "last_cycle", "colour": "amber"}, kind="window")
    add(
        dress("which projects turned green in september", "tr4"),
        "turned",
        {"key": "september", "colour": "green"},
        kind="window",
    )
    add(
        dress("which projects got worse last month", "mv1"),
        "moved",
        {"key": "last_cycle", "direction": "worse"},
        kind="window",
    )
    add(
        dress("which projects improved in october", "mv2"),
        "moved",
        {"key": "last_cycle", "direction": "better"},
        kind="window",
    )
    add(dress("what got worse in september", "mv3"), "moved", {"key": "september", "direction": "worse"}, kind="window")
    add(
        dress("which projects got better in september", "mv4"),
        "moved",
        {"key": "september", "direction": "better"},
        kind="window",
    )
    add(
        dress("any rag changes for the worse this cycle", "mv5"),
        "moved",
        {"key": "this_cycle", "direction": "worse"},
        kind="window",
    )
    reds = [r for r in REFS if any(u["rag"] == "red" for u in ups(r))]
    for r in reds:
        add(
            dress(
                pick(
                    [
                        f"when did {handle(r, 'wr')} go red",
                        f"when did {handle(r, 'wr')} turn red",
                        f"what date did {handle(r, 'wr')} go to red",
                    ],
                    "wrq" + r,
                ),
                "wr" + r,
            ),
            "went_red",
            {"ref": r},
            kind="window",
        )
    for r in ("BK-13", "BK-34", "BK-22"):
        add(dress(f"how long has {handle(r, 'rs')} been red", "rs" + r), "red_since", {"ref": r}, kind="window")
    for r, day, lbl in (
        ("BK-12", "2027-08-31", "at the end of august"),
        ("BK-20", "2027-09-30", "at end of september"),
        ("BK-09", "2027-08-31", "in august"),
        ("BK-29", "2027-05-31", "back in may"),
        ("BK-22", "2027-09-30", "in september"),
        ("BK-32", "2027-09-30", "at the end of sept"),
        ("BK-01", "2027-10-31", "last month"),
        ("BK-23", "2027-06-30", "in june"),
        ("BK-05", "2027-05-31", "in may"),
        ("BK-40", "2027-10-31", "last month"),
    ):
        add(
            dress(f"what rag was {handle(r, 'ra' + day)} {lbl}", "ra" + r + day),
            "rag_at",
            {"ref": r, "day": day},
            kind="window",
        )
    for r, day, lbl in (
        ("BK-16", "2027-09-30", "in september"),
        ("BK-12", "2027-10-31", "last month"),
        ("BK-34", "2027-07-31", "in july"),
        ("BK-10", "2027-10-31", "at the end of october"),
        ("BK-33", "2027-10-31", "at the end of last cycle"),
        ("BK-15", "2027-07-31", "end of july"),
    ):
        add(
            dress(f"what % was {handle(r, 'pa' + day)} at {lbl}", "pa" + r + day),
            "progress_at",
            {"ref": r, "day": day},
            kind="window",
        )
    for r in REFS[::3]:
        if latest(r):
            add(
                dress(
                    pick(
                        [
                            f"when did {handle(r, 'lu')} last update",
                            f"when was {handle(r, 'lu')} last updated",
                            f"last update from {handle(r, 'lu')}?",
                        ],
                        "luq" + r,
                    ),
                    "lu" + r,
                ),
                "last_update",
                {"ref": r},
                kind="window",
            )
    for r in ("BK-04", "BK-13", "BK-34"):
        add(
            dress(
                pick(
                    [
                        f"when is {handle(r, 'gl')} going live now",
                        f"whats the new go-live for {handle(r, 'gl')}",
                        f"{handle(r, 'gl')} new go live date?",
                    ],
                    "glq" + r,
                ),
                "gl" + r,
            ),
            "golive",
            {"ref": r},
            kind="window",
        )
    for m in MILES[::4]:
        r = m["project_ref"]
        add(
            dress(
                pick(
                    [
                        f"when is '{m['title'].lower()}' due",
                        f"due date for {m['title'].lower()}",
                        f"when's the {m['title'].lower()} milestone",
                    ],
                    "mq" + m["title"],
                ),
                "md" + m["title"],
            ),
            "milestone",
            {"ref": r, "title": m["title"]},
            kind="window",
        )
    for r in REFS[1::4]:
        if any(m["project_ref"] == r and m["status"] != "done" and m["due_date"] >= TODAY.isoformat() for m in MILES):
            add(dress(f"next milestone for {handle(r, 'nm')}", "nm" + r), "next_milestone", {"ref": r}, kind="window")
    for r in ("BK-09", "BK-13", "BK-22", "BK-07", "BK-12", "BK-34", "BK-36", "BK-18"):
        add(dress(f"is {handle(r, 'ov')} behind on any milestones", "ov" + r), "overdue_one", {"ref": r}, kind="window")
    add(
        dress("what milestones are due in the next month", "dn1"),
        "due_between",
        {"since": "2027-11-02", "until": "2027-12-02"},
        kind="window",
    )
    add(
        dress("anything due between now and christmas eve", "dn2"),
        "due_between",
        {"since": "2027-11-02", "until": "2027-12-24"},
        kind="window",
    )
    add(
        dress("which milestones are due in january", "dn3"),
        "due_between",
        {"since": "2028-01-01", "until": "2028-01-31"},
        kind="window",
    )
    add(
        dress("digital care milestones due in the next month", "dn4"),
        "due_between",
        {"since": "2027-11-02", "until": "2027-12-02", "area": "Digital Care"},
        kind="window",
    )
    add(
        dress("what's due this month", "dn5"),
        "due_between",
        {"since": "2027-11-02", "until": "2027-11-30"},
        kind="window",
    )
    add(
        dress("what's due in march 2028", "dn6"),
        "due_between",
        {"since": "2028-03-01", "until": "2028-03-31"},
        kind="window",
    )
    for r in ("BK-12", "BK-15", "BK-22", "BK-29", "BK-01", "BK-13"):
        add(dress(f"how many updates has {handle(r, 'cu')} done", "cu" + r), "count_updates", {"ref": r}, kind="window")
    for r in ("BK-28", "BK-29", "BK-20"):
        add(
            dress(f"how many updates did {handle(r, 'cm')} send in october", "cm" + r),
            "count_updates",
            {"ref": r, "key": "last_cycle"},
            kind="window",
        )
    for r in ("BK-02", "BK-05", "BK-17"):
        add(
            dress(f"how many milestones has {handle(r, 'ml')} got", "ml" + r),
            "count_milestones",
            {"ref": r},
            kind="window",
        )
    for r, key, f, lbl in (
        ("BK-12", "july", "summary", "july"),
        ("BK-13", "august", "summary", "august"),
        ("BK-20", "september", "summary", "september"),
        ("BK-04", "september", "summary", "sept"),
        ("BK-22", "september", "risks", "september"),
    ):
        add(
            dress(f"what did the {handle(r, 'mt')} update say in {lbl}", "mt" + r + key),
            "month_text",
            {"ref": r, "key": key, "field": f},
            kind="window",
        )

    # ---- comparisons (counted as lists)
    for a, b in (
        ("BK-01", "BK-33"),
        ("BK-14", "BK-40"),
        ("BK-25", "BK-26"),
        ("BK-02", "BK-37"),
        ("BK-22", "BK-27"),
        ("BK-12", "BK-16"),
        ("BK-35", "BK-38"),
        ("BK-04", "BK-06"),
    ):
        add(
            dress(f"which is further along, {handle(a, 'cp')} or {handle(b, 'cp')}", "cp" + a + b),
            "compare",
            {"a": a, "b": b},
            kind="list",
        )

    # ---- mentions (yes/no)
    for term, p in (
        ("NCSC", "does anyone mention the ncsc"),
        ("Ofsted", "has anyone mentioned ofsted"),
        ("BACS", "any updates mentioning bacs?"),
        ("Wyre valley", "has the wyre valley come up in updates"),
        ("Apple", "has anyone mentioned apple"),
        ("Caldicott", "does any update mention the caldicott guardian"),
        ("DWP", "is dwp mentioned anywhere"),
        ("Openreach", "who has mentioned openreach"),
        ("Veolia", "any mention of veolia"),
        ("strike", "has anyone mentioned a strike"),
        ("GDPR", "does any update mention gdpr"),
        ("Section 151", "anyone mention the section 151 officer"),
    ):
        add(dress(p, "mn" + term), "mentions", {"term": term}, kind="fact")

    # ---- follow-up conversations
    n = 0
    for a in AREAS[1:]:
        n += 1
        cid = f"c_area{n}"
        add(dress(f"what's in {short[a]}", cid), "filter", {"area": a}, conv=cid, kind="followup")
        add(
            "which of those are red or amber?",
            "filter",
            {"area": a, "rags": ["amber", "red"]},
            conv=cid,
            kind="followup",
        )
        add(
            "who leads them",
            "leads_of",
            {"calc": "filter", "args": {"area": a, "rags": ["amber", "red"]}},
            conv=cid,
            kind="followup",
        )
    for r in ("BK-01", "BK-13", "BK-29", "BK-35", "BK-23"):
        n += 1
        cid = f"c_lead{n}"
        add(dress(f"who is the lead on {handle(r, cid)}", cid), "lead", {"ref": r}, conv=cid, kind="followup")
        pron = "she" if lead_first(r) in SHE else "he"
        add(f"what else is {pron} on?", "involved", {"name": PLAN[r]["lead_name"]}, conv=cid, kind="followup")
        add("and the deputy?", "deputy", {"ref": r}, conv=cid, kind="followup")
    for r in ("BK-09", "BK-14", "BK-32", "BK-25"):
        n += 1
        cid = f"c_why{n}"
        add(dress(f"how's {handle(r, cid)}", cid), "status", {"ref": r}, conv=cid, kind="followup")
        add(
            pick(["why?", "why is that", "how come?"], cid),
            "field",
            {"ref": r, "field": "summary"},
            conv=cid,
            kind="followup",
        )
        add("when did it last update", "last_update", {"ref": r}, conv=cid, kind="followup")
    n += 1
    add("what's overdue", "overdue", {}, conv="c_od", kind="followup")
    add("which of those are red?", "overdue", {"rag": "red"}, conv="c_od", kind="followup")
    add("who leads them?", "leads_of", {"calc": "overdue", "args": {"rag": "red"}}, conv="c_od", kind="followup")
    for r in ("BK-20", "BK-34"):
        cid = "c_hist" + r
        add(dress(f"when did {handle(r, cid)} go red", cid), "went_red", {"ref": r}, conv=cid, kind="followup")
        add("what is it now?", "status", {"ref": r}, conv=cid, kind="followup")
        add(
            "and what was it at the end of august", "rag_at", {"ref": r, "day": "2027-08-31"}, conv=cid, kind="followup"
        )
    add("which projects updated last week", "updated", {"key": "last_week"}, conv="c_lw", kind="followup")
    add(
        "any of them red?",
        "restrict",
        {"calc": "updated", "args": {"key": "last_week"}, "rag": "red"},
        conv="c_lw",
        kind="followup",
    )
    add(
        "which digital care projects are amber",
        "filter",
        {"area": "Digital Care", "rags": ["amber"]},
        conv="c_dca",
        kind="followup",
    )
    add(
        "how many is that",
        "count_of",
        {"calc": "filter", "args": {"area": "Digital Care", "rags": ["amber"]}},
        conv="c_dca",
        kind="followup",
    )
    add("which projects have asks of the dlg", "filter", {"asks": True}, conv="c_ask", viewer="dlg", kind="followup")
    add(
        "which of those are red",
        "restrict",
        {"calc": "filter", "args": {"asks": True}, "rag": "red"},
        conv="c_ask",
        viewer="dlg",
        kind="followup",
    )
    add(
        "what's telecare asking for",
        "field",
        {"ref": "BK-22", "field": "asks"},
        conv="c_ask",
        viewer="dlg",
        kind="followup",
    )
    add(
        "who hasn't updated this cycle",
        "not_updated",
        {"key": "this_cycle"},
        conv="c_adm",
        viewer="admin",
        kind="followup",
    )
    inner = {"calc": "not_updated", "args": {"key": "this_cycle"}, "area": "Digital Economy"}
    add("which of those are digital economy", "restrict", inner, conv="c_adm", viewer="admin", kind="followup")
    add(
        "and who leads them",
        "leads_of",
        {"calc": "restrict", "args": inner},
        conv="c_adm",
        viewer="admin",
        kind="followup",
    )
    add("whats the latest on business portal", "status", {"ref": "BK-33"}, conv="c_bp", kind="followup")
    add("and the resident one?", "status", {"ref": "BK-01"}, conv="c_bp", kind="followup")
    add("which is further along", "compare", {"a": "BK-01", "b": "BK-33"}, conv="c_bp", kind="followup")
    add("who leads m365", "lead", {"ref": "BK-12"}, conv="c_m365", kind="followup")
    add("is it green now", "rag_is", {"ref": "BK-12", "colour": "green"}, conv="c_m365", kind="followup")
    add("when did it go red before", "went_red", {"ref": "BK-12"}, conv="c_m365", kind="followup")
    add("thanks!", "const", {"small_talk": True}, conv="c_m365", kind="other")

    # ---- multi-part
    mp = [
        "BK-02",
        "BK-06",
        "BK-08",
        "BK-10",
        "BK-15",
        "BK-17",
        "BK-19",
        "BK-21",
        "BK-24",
        "BK-27",
        "BK-30",
        "BK-36",
        "BK-40",
        "BK-03",
        "BK-26",
        "BK-31",
    ]
    for j, r in enumerate(mp):
        nm = handle(r, "mp")
        if j % 4 == 0:
            add(
                dress(f"who leads {nm} and who's the deputy", "mp" + r),
                parts=[("lead", {"ref": r}), ("deputy", {"ref": r})],
                kind="multi",
            )
        elif j % 4 == 1:
            add(
                dress(f"{nm}: rag, and when's the next milestone?", "mp" + r),
                parts=[("status", {"ref": r}), ("next_milestone", {"ref": r})],
                kind="multi",
            )
        elif j % 4 == 2:
            add(
                dress(f"how's {nm} doing and when did they last update", "mp" + r),
                parts=[("status", {"ref": r}), ("last_update", {"ref": r})],
                kind="multi",
            )
        else:
            add(
                dress(f"what's {nm} at in % and when does it end", "mp" + r),
                parts=[("progress", {"ref": r}), ("end", {"ref": r})],
                kind="multi",
            )
    pairs = [
        ("BK-13", "BK-34"),
        ("BK-22", "BK-20"),
        ("BK-09", "BK-32"),
        ("BK-05", "BK-24"),
        ("BK-14", "BK-25"),
        ("BK-04", "BK-16"),
        ("BK-07", "BK-35"),
        ("BK-28", "BK-37"),
    ]
    for a, b in pairs:
        add(
            dress(f"status of {handle(a, 'mq')} and {handle(b, 'mq')}", "mq" + a),
            parts=[("status", {"ref": a}), ("status", {"ref": b})],
            kind="multi",
        )
    add(
        dress("how many reds and how many ambers", "mrc"),
        parts=[("filter", {"rags": ["red"], "want_count": True}), ("filter", {"rags": ["amber"], "want_count": True})],
        kind="multi",
    )
    add(
        dress("what's overdue and what's due in the next month", "mod"),
        parts=[("overdue", {}), ("due_between", {"since": "2027-11-02", "until": "2027-12-02"})],
        kind="multi",
    )
    add(
        dress("which projects went red last month, and which improved", "mrb"),
        parts=[
            ("turned", {"key": "last_cycle", "colour": "red"}),
            ("moved", {"key": "last_cycle", "direction": "better"}),
        ],
        kind="multi",
    )
    add(
        dress("who leads payroll, what's blocking it and when's go-live", "mpy"),
        parts=[
            ("lead", {"ref": "BK-13"}),
            ("field", {"ref": "BK-13", "field": "blockers"}),
            ("golive", {"ref": "BK-13"}),
        ],
        kind="multi",
    )
    add(
        dress("whats new since the digest and who updated yesterday", "mdy"),
        parts=[("updated", {"key": "digest"}), ("updated", {"key": "yesterday"})],
        kind="multi",
    )
    add(
        dress("telecare deputy and what are they asking the dlg", "mtd"),
        parts=[("deputy", {"ref": "BK-22"}), ("field", {"ref": "BK-22", "field": "asks"})],
        kind="multi",
    )
    add(
        dress("how many projects in digital economy, and how many are red", "mde"),
        parts=[
            ("count_area", {"area": "Digital Economy"}),
            ("filter", {"area": "Digital Economy", "rags": ["red"], "want_count": True}),
        ],
        kind="multi",
    )
    add(
        dress("who's on the chasing list and who's gone quiet", "mcq"),
        viewer="admin",
        parts=[("not_updated", {"key": "this_cycle"}), ("quiet", {})],
        kind="multi",
    )
    add(
        dress("cyber: when did it go red and what's it asking the dlg", "mcy"),
        parts=[("went_red", {"ref": "BK-20"}), ("field", {"ref": "BK-20", "field": "asks"})],
        kind="multi",
    )
    add(
        dress("full fibre blockers and new go live", "mff"),
        parts=[("field", {"ref": "BK-34", "field": "blockers"}), ("golive", {"ref": "BK-34"})],
        kind="multi",
    )
    add(
        dress("who leads the sensors pilot and is it on track", "msp"),
        parts=[("lead", {"ref": "BK-27"}), ("rag_is", {"ref": "BK-27", "colour": "green"})],
        kind="multi",
    )
    add(
        dress("ctax online and business rates online - who leads each", "mct"),
        parts=[("lead", {"ref": "BK-02"}), ("lead", {"ref": "BK-37"})],
        kind="multi",
    )

    # ---- admin / dlg lists of who has not updated (allowed in 1:1)
    for viewer, key, p in (
        ("admin", "this_cycle", "who hasn't updated this cycle"),
        ("dlg", "this_cycle", "which projects still owe an update this month"),
        ("admin", "last_week", "who didnt update last week"),
        ("admin", "past10", "which projects havent updated in the past 10 days"),
        ("dlg", "last_cycle", "who missed their update last cycle"),
        ("admin", "since_half_term", "who has not updated since half term started"),
        ("admin", "september", "who didn't send an update in september"),
    ):
        add(dress(p, "nu" + viewer + key), "not_updated", {"key": key}, viewer=viewer, kind="window")
    add(
        dress("how many projects havent updated this cycle", "nuc"),
        "not_updated",
        {"key": "this_cycle", "want_count": True},
        viewer="dlg",
        kind="window",
    )
    add(dress("which projects have gone quiet", "qt1"), "quiet", {}, viewer="admin", kind="window")
    add(dress("anyone gone quiet on us?", "qt2"), "quiet", {}, viewer="dlg", kind="window")

    # ---- refusals
    ref_q = [
        ("member", "who hasn't updated yet this cycle"),
        ("member", "which projects havent sent an update"),
        ("member", "who's gone quiet"),
        ("member_channel", "who still needs to update this month?"),
        ("admin_channel", "who hasn't updated this cycle"),
        ("member", "show me the chasing list"),
        ("member", "which leads are late with their updates"),
        ("member_channel", "anyone gone quiet?"),
        ("admin_channel", "which projects have gone quiet"),
        ("member", "who didnt update last week"),
        ("member_channel", "which projects missed the october update"),
        ("admin_channel", "chasing list pls"),
        ("member", "how many projects havent updated this cycle"),
    ]
    for j, (v, p) in enumerate(ref_q):
        add(dress(p, f"rf{j}"), "const", {"refused": True}, viewer=None if v == "member" else v, kind="refused")
    # channel viewers may still ask project facts and never-reported lists
    add("who leads telecare?", "lead", {"ref": "BK-22"}, viewer="member_channel", kind="fact")
    add("which projects have never reported?", "filter", {"never": True}, viewer="member_channel", kind="list")
    add("what's red right now", "filter", {"rags": ["red"]}, viewer="admin_channel", kind="list")

    # ---- not sure, ambiguous, small talk
    ns = [
        "what's the budget for the resident portal",
        "how much has payroll overspent",
        "who is the supplier for m365",
        "is the full fibre contractor any good",
        "what's priya's phone number",
        "how many staff work on cyber",
        "will telecare hit the national switch off date do you think",
        "whats the capital cost of the hub finder",
        "what did the dlg decide at the last meeting",
        "when is the next dlg meeting",
        "how much is the bin app costing",
        "is the chatbot better than the old phone line",
        "what's the council's net zero target",
        "who will replace ade when he leaves",
        "what did the cabinet say about bootcamps",
    ]
    for j, p in enumerate(ns):
        add(dress(p, f"ns{j}"), "const", {"not_sure": True}, kind="other")
    amb = [
        ("how's the portal doing", ["portal"]),
        ("who leads the hub", ["hub"]),
        ("is case management on track", ["case management"]),
        ("status of the app?", ["app"]),
        ("whats blocking the online one", ["online"]),
        ("when does the case management project go live", ["case management"]),
        ("who's the deputy on the skills project", ["skills"]),
        ("hows the hub project getting on", ["hub"]),
        ("what % is the portal at", ["portal"]),
        ("rates or tax online - how's it going", ["tax online", "rates online"]),
    ]
    for j, (p, words) in enumerate(amb):
        add(dress(p, f"am{j}"), "ambiguous", {"words": words}, kind="other")
    for _j, p in enumerate(
        [
            "hi",
            "thanks!",
            "ta very much",
            "cheers bot",
            "good morning",
            "you're a star",
            "thank you that's really helpful",
            "hello, anyone there?",
        ]
    ):
        add(p, "const", {"small_talk": True}, kind="other")


def typo(word, salt):
    if len(word) < 5 or not word.isalpha():
        return word
    i = 1 + h(salt, "i") % (len(word) - 2)
    op = h(salt, "op") % 3
    if op == 0:
        return word[:i] + word[i + 1 :]
    if op == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


KEEP = {"green", "amber", "which", "those", "there", "ofsted", "apple", "veolia", "strike", "openreach", "caldicott"}


def roughen(q, salt):
    if h(salt, "ty") % 10 >= 3:
        return q
    words = q.split(" ")
    idx = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 5 and w.lower() not in KEEP and w.islower()]
    if not idx:
        return q
    i = idx[h(salt, "w") % len(idx)]
    words[i] = typo(words[i], salt)
    return " ".join(words)


def yaml_val(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(yaml_val(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {yaml_val(x)}" for k, x in v.items()) + "}"
    if re.fullmatch(r"BK-\d\d|\d{4}-\d\d-\d\d|green|amber|red", v):
        return v
    return json.dumps(v, ensure_ascii=False)


ORDER = [
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
]


def ordered(e):
    return {k: e[k] for k in ORDER if k in e}


HEADER = """# Beckford County Council - "Digital First" - dev question set (520 questions), generated by tools/make_questions.py
# from beck/*.csv; every expected value is computed, and tools/check_dev.py re-checks them independently.
# Reader's key
#   now = Tue 2 Nov 2027 10:15 UTC = 10:15 GMT (clocks went back Sun 31 Oct 2027 01:00 UTC; earlier October
#   updates were submitted in BST = UTC+1). Windows compare submitted_at (UTC) with Europe/London day boundaries;
#   since/until are local ISO days (until = last day included).
#   cycles: monthly, a cycle is a calendar month and opens on its first Monday: 3 May, 7 Jun, 5 Jul, 2 Aug, 6 Sep,
#   4 Oct, 1 Nov 2027. this cycle = this month = since Mon 1 Nov 2027 00:00 GMT (2027-11-01 .. 2027-11-02).
#   last cycle = last month = October 2027 = 2027-10-01 00:00 BST (2027-09-30T23:00Z) .. 2027-10-31 23:59 GMT.
#   today = 2027-11-02; yesterday = 2027-11-01; this week = Mon 2027-11-01 .. now.
#   last week = Mon 2027-10-25 00:00 BST (2027-10-24T23:00Z) .. Sun 2027-10-31 24:00 GMT (2027-11-01T00:00Z).
#   past 7 days / past week / last 7 days = rolling 2027-10-26T10:15Z .. now (since 2027-10-26, until 2027-11-02).
#   past 10 days = 2027-10-23T10:15Z .. now. past fortnight / last 2 weeks = 2027-10-19T10:15Z .. now.
#   since the last digest = since Fri 2027-10-29T16:00Z (17:00 BST) .. now (since 2027-10-29).
#   half-term = Mon 25 .. Fri 29 Oct 2027 (local); since half term started = 2027-10-25 00:00 BST .. now.
#   named months = local calendar months (september = 2027-09-01 .. 2027-09-30).
#   "the next month" for milestones = due 2027-11-02 .. 2027-12-02; "this month" = 2027-11-02 .. 2027-11-30.
# Conventions
#   current RAG / progress = the project's most recent update; a project with no update has no RAG (BK-11, BK-39).
#   overdue = milestone due before 2027-11-02 and status not done. gone quiet = no update in the past fortnight
#   (never-updated projects included). "when did X go red" = local day of the update that most recently turned it
#   red (previous update not red). "got worse/better in <window>" = RAG at the end of the window vs the RAG just
#   before it, for projects that updated in the window (green < amber < red). "which is further along, A or B" =
#   projects is the one with the higher current progress. "X at the end of <month>" = latest update on or before
#   that local day. count == len(projects) when the count is of projects; counts of updates or milestones say so
#   in tools/dev_checks.json. Deputies are names when in people.csv, else the email; deputies: [] = no deputy.
#   Lists of who has NOT updated / gone quiet are for admin and dlg in a 1:1 chat only (else refused: true);
#   "never reported" lists are open to everyone.
"""


TARGET = {"fact": 172, "window": 100}


def trim():
    keep = []
    for kind, n in TARGET.items():
        pool = [
            i
            for i, x in enumerate(Q)
            if x["kind"] == kind and not (x.get("conversation") or x.get("viewer") or x["pin"])
        ]
        fixed = sum(1 for x in Q if x["kind"] == kind) - len(pool)
        pool.sort(key=lambda i: h("keep", Q[i]["q"], i))
        keep += pool[: n - fixed]
    drop = {
        i for i, x in enumerate(Q) if x["kind"] in TARGET and not (x.get("conversation") or x.get("viewer") or x["pin"])
    }
    drop -= set(keep)
    Q[:] = [x for i, x in enumerate(Q) if i not in drop]


def main():
    build()
    trim()
    assert len(Q) >= 350, len(Q)
    checks, out = [], [HEADER.rstrip("\n").replace("(520 questions)", f"({len(Q)} questions)")]
    out += [
        "viewers:",
        "  member: {staff_roles: [], conversation_type: personal}",
        "  member_channel: {staff_roles: [], conversation_type: channel}",
        "  admin: {staff_roles: [admin], conversation_type: personal}",
        "  dlg: {staff_roles: [dlg], conversation_type: personal}",
        "  admin_channel: {staff_roles: [admin], conversation_type: channel}",
        "questions:",
    ]
    for i, item in enumerate(Q):
        q = item["q"] if item.get("conversation") or item["kind"] == "other" else roughen(item["q"], f"r{i}")
        e = item["expect"]
        if "parts" in e:
            e = {"parts": [ordered(p) for p in e["parts"]]}
        else:
            e = ordered(e)
        out.append(f"  - q: {json.dumps(q, ensure_ascii=False)}")
        if item.get("viewer"):
            out.append(f"    viewer: {item['viewer']}")
        if item.get("conversation"):
            out.append(f"    conversation: {item['conversation']}")
        out.append(f"    expect: {yaml_val(e)}")
        c = {
            "i": i,
            "q": q,
            "kind": item["kind"],
            "viewer": item.get("viewer", "member"),
            "conversation": item.get("conversation"),
        }
        if "parts" in item:
            c["parts"] = item["parts"]
        else:
            c["calc"], c["args"] = item["calc"], item["args"]
        checks.append(c)
    with open(os.path.join(ROOT, "dev.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    with open(os.path.join(ROOT, "tools", "dev_checks.json"), "w", encoding="utf-8") as f:
        json.dump(checks, f, indent=1, ensure_ascii=False)
        f.write("\n")
    kinds = {}
    for c in checks:
        kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
    print(len(Q), kinds)


if __name__ == "__main__":
    main()

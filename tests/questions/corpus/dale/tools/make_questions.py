#!/usr/bin/env python3
"""Build dev.yaml: every list, count, window, RAG and progress expectation is computed from dale/*.csv
through tools/dale.py (and text expectations are asserted to occur in the data)."""

import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dale import (
    MS,
    ORDER,
    PEOPLE,
    REFS,
    ROLES,
    TODAY,
    UPD,
    D,
    P,
    area,
    deputy,
    deputy_of,
    has,
    improved_between,
    in_area,
    last_update_date,
    latest,
    leads,
    led_by,
    mentions,
    overdue,
    pct,
    rag,
    rag_changes,
    refs_of,
    updated_between,
    with_rag,
    worsened_between,
)

QS = []
KEYS = [
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
]
FIELDMAP = {
    "asks": "asks_of_dlg",
    "blockers": "blockers",
    "risks": "risks",
    "summary": "summary",
    "next_steps": "next_steps",
    "achievements": "achievements",
}
STYLE = {}


def Q(q, style, viewer=None, conv=None, **e):
    for k in e:
        assert k in KEYS, k
    if e.get("projects") == []:
        del e["projects"]  # a "no" answer names no project
    QS.append(dict(q=q, viewer=viewer, conv=conv, expect=e, style=style))


def S(refs):
    return sorted(refs)


def ms_in(since, until, refs=None, status=None):
    return [
        m
        for m in MS
        if since <= m["due"] <= until
        and (refs is None or m["project_ref"] in refs)
        and (status is None or m["status"] in status)
    ]


def T(ref, s, field=None, anyupd=False, plan=False):
    """assert text s is in the data for ref"""
    if plan:
        hay = " ".join(P[ref].values())
    elif anyupd:
        hay = " ".join(u[f] for u in UPD[ref] for f in FIELDMAP.values())
    elif field:
        hay = latest(ref)[FIELDMAP[field]]
    else:
        hay = " ".join(latest(ref)[f] for f in FIELDMAP.values())
    assert s.lower() in hay.lower(), (ref, s, field, hay)
    return s


def TXT(ref, field, *ss, **kw):
    return dict(projects=[ref], field=field, text_contains=[T(ref, s, field, **kw) for s in ss])


def last(ref):
    return last_update_date(ref)


def nextms(ref):
    ms = sorted(
        [m for m in MS if m["project_ref"] == ref and m["status"] != "done" and m["due"] >= TODAY],
        key=lambda m: m["due"],
    )
    return ms[0]


def changed_to(ref, to):
    ch = [d for d, a, b in rag_changes(ref) if b == to]
    return ch[-1]


def people_on(name):
    return S(set(led_by(name)) | set(deputy_of(name)))


def dt14(d):
    return dt.datetime.combine(D(d), dt.time(14))


CI, CO, CA, EC = "Digital Citizen", "Digital Council", "Digital Care", "Digital Economy"
THIS_WEEK = D("2027-01-18")
LW_S, LW_E = D("2027-01-11"), D("2027-01-17")
P7 = dt14("2027-01-13")
P10 = dt14("2027-01-10")
P14 = dt14("2027-01-06")
DIGEST = dt.datetime(2027, 1, 15, 16)
M_S, M_E = D("2026-12-01"), D("2026-12-31")


def upd(since, until=None, refs=None):
    return S(updated_between(since, until, refs))


def KEEP(n, items):
    """keep n items spread evenly over the list (a realistic share of each question style)"""
    if n >= len(items):
        return items
    idx = sorted({round(i * (len(items) - 1) / (n - 1)) for i in range(n)})
    return [items[i] for i in idx]


# ---------------------------------------------------------------- small talk
for s in [
    "morning!",
    "cheers ta",
    "thanks, that's really useful",
    "hiya",
    "ta very much",
    "good afternoon :)",
    "hello",
    "thx!",
]:
    Q(s, "small_talk", small_talk=True)

# ---------------------------------------------------------------- single-project status / rag / progress
st = [
    ("is the pothole app on track?", "DL-01", True),
    ("hows the council tax online account going", "DL-02", False),
    ("status of garden waste?", "DL-03", False),
    ("registrars booking - what rag is it", "DL-04", False),
    ("rag for parking permits pls", "DL-05", False),
    ("whats the status of school transport", "DL-06", False),
    ("how is the website rebuild doing?", "DL-07", False),
    ("how's get online dales going", "DL-08", False),
    ("housing repairs self service - how's it looking?", "DL-09", False),
    ("telephony replacment status?", "DL-10", False),
    ("how is the ERP doing", "DL-11", False),
    ("laptop refresh - rag?", "DL-12", False),
    ("status of the hybrid meeting rooms", "DL-13", False),
    ("how's the sharepoint migration", "DL-14", False),
    ("zero trust - what's the latest rag", "DL-15", False),
    ("members casework system status?", "DL-16", False),
    ("how is e-tendering going", "DL-17", False),
    ("status of the performance dashboards", "DL-18", False),
    ("invoice automation - how are we doing?", "DL-19", False),
    ("field apps status", "DL-20", False),
    ("telecare switchover status", "DL-22", False),
    ("how's the vacancy finder", "DL-23", False),
    ("rag for care records scanning", "DL-24", False),
    ("how is early help portal going", "DL-25", False),
    ("prepaid cards - whats the rag", "DL-26", False),
    ("how's the discharge tracker doing", "DL-27", False),
    ("provider payments portal status?", "DL-28", False),
    ("EHCP hub status", "DL-29", False),
    ("virtual wards - rag?", "DL-30", False),
    ("5g dales how is it", "DL-31", False),
    ("business rates online?", "DL-32", False),
    ("how's the business hub", "DL-33", False),
    ("footfall sensors status", "DL-34", False),
    ("EV chargepoints - what's the rag", "DL-35", False),
    ("digital apprenticeships status?", "DL-36", False),
    ("farm grants - how's it going", "DL-38", False),
]
st = [x for i, x in enumerate(st) if i % 3 == 0]  # keep a realistic share
for q, ref, yn in st:
    if yn:
        Q(q, "plain", projects=[ref], rag=rag(ref), answer=rag(ref) == "green")
    else:
        Q(q, "plain", projects=[ref], rag=rag(ref))
# typo-heavy status
Q("hows the telecre switchover", "plain", projects=["DL-22"], rag=rag("DL-22"))
Q("staus of the laptop refesh", "plain", projects=["DL-12"], rag=rag("DL-12"))
Q("quick one - is the erp still red?", "plain", projects=["DL-11"], rag=rag("DL-11"), answer=rag("DL-11") == "red")
Q("is the EHCP hub green yet?", "plain", projects=["DL-29"], rag=rag("DL-29"), answer=rag("DL-29") == "green")
Q("is business rates online still red?", "plain", projects=["DL-32"], rag=rag("DL-32"), answer=rag("DL-32") == "red")
# progress
for q, ref in KEEP(
    5,
    [
        ("what % is the erp at", "DL-11"),
        ("progress on the laptop refresh?", "DL-12"),
        ("how far through is the telecare switchover", "DL-22"),
        ("% complete for the business hub?", "DL-33"),
        ("wat percentage is care records digitisation at", "DL-24"),
        ("progress on FixMyRoad", "DL-01"),
        ("how complete is the sharepoint migraton", "DL-14"),
        ("whats the progress on the ztna project", "DL-15"),
        ("how far along is the website rebuild?", "DL-07"),
        ("progress % for 5G dales", "DL-31"),
    ],
):
    Q(q, "plain", projects=[ref], progress=pct(ref))
Q(
    "hows the finance system replacement doing, rag and %?",
    "plain",
    projects=["DL-11"],
    rag=rag("DL-11"),
    progress=pct("DL-11"),
)
Q(
    "how is the discharge tracker doing and what % is it at",
    "plain",
    projects=["DL-27"],
    rag=rag("DL-27"),
    progress=pct("DL-27"),
)

# ---------------------------------------------------------------- leads / deputies / people
for q, ref in KEEP(
    8,
    [
        ("who leads the pothole app?", "DL-01"),
        ("who's the lead for council tax online", "DL-02"),
        ("who is running garden waste", "DL-03"),
        ("who leads the registrars project", "DL-04"),
        ("who's in charge of school transport applications?", "DL-06"),
        ("who leads get online dales", "DL-08"),
        ("hi, who should i talk to about the housing repairs portal?", "DL-09"),
        ("who's leading the erp", "DL-11"),
        ("who runs the laptop refresh", "DL-12"),
        ("who's the lead on the sharepoint migration", "DL-14"),
        ("who leads members casework", "DL-16"),
        ("lead for the performance dashbaords?", "DL-18"),
        ("who is leading the copilot pilot", "DL-21"),
        ("who leads telecare", "DL-22"),
        ("who runs care records digitisation", "DL-24"),
        ("who is the lead for the EHCP hub?", "DL-29"),
        ("who's behind 5G Dales", "DL-31"),
        ("business rates online lead?", "DL-32"),
        ("who leads the footfall sensors", "DL-34"),
        ("who's running the tourism dashboard", "DL-37"),
        ("who's the lead on farm grants", "DL-38"),
    ],
):
    Q(q, "plain", projects=[ref], leads=leads(ref), field="leads")
for q, ref in KEEP(
    6,
    [
        ("who's deputy on the pothole app?", "DL-01"),
        ("backup contact for council tax online pls", "DL-02"),
        ("who is the deputy for the website rebuild", "DL-07"),
        ("deputy for the erp?", "DL-11"),
        ("who's second in command on telecare", "DL-22"),
        ("who deputises on the early help portal", "DL-25"),
        ("deputy lead for business rates online?", "DL-32"),
        ("who's the deputy on EV charging", "DL-35"),
        ("who's deputy for school transport", "DL-06"),
        ("who deputises for the laptop refresh?", "DL-12"),
        ("deputy on the field worker apps?", "DL-20"),
        ("who's deputy on farm grants", "DL-38"),
    ],
):
    Q(q, "plain", projects=[ref], deputies=[deputy(ref)])
Q("who leads the hybrid meeting rooms and who's the deputy?", "plain", projects=["DL-13"], leads=leads("DL-13"))
Q(
    "who's the lead on prepaid cards and who is their backup?",
    "plain",
    projects=["DL-26"],
    leads=leads("DL-26"),
    deputies=[deputy("DL-26")],
)
for q, name in KEEP(
    7,
    [
        ("what does megan lloyd lead?", "Megan Lloyd"),
        ("what projects is martin clegg leading", "Martin Clegg"),
        ("what's farah iqbal leading at the moment", "Farah Iqbal"),
        ("what is callum reid leadign?", "Callum Reid"),
        ("projects led by grace whitaker?", "Grace Whitaker"),
        ("what's yusuf ahmed leading", "Yusuf Ahmed"),
        ("what does ruth ackroyd lead", "Ruth Ackroyd"),
        ("which projects does david kirkby lead?", "David Kirkby"),
        ("what's liam o'connor running?", "Liam O'Connor"),
        ("what does jeny walsh lead", "Jenny Walsh"),
        ("which projects is sophie tayler leading", "Sophie Taylor"),
    ],
):
    Q(q, "plain", projects=S(led_by(name)))
Q(
    "how many projects is aisha begum leading?",
    "count",
    projects=S(led_by("Aisha Begum")),
    count=len(led_by("Aisha Begum")),
)
Q("how many projects does megan lead", "count", projects=S(led_by("Megan Lloyd")), count=len(led_by("Megan Lloyd")))
for q, name in [
    ("what projects is imran qureshi deputy for", "Imran Qureshi"),
    ("what is rachel dunn deputy on?", "Rachel Dunn"),
    ("which projects is tom harrington deputy for", "Tom Harrington"),
    ("what's j.pearson deputy on", "j.pearson@dales.gov.uk"),
    ("what is s.hirst@dales.gov.uk the deputy for?", "s.hirst@dales.gov.uk"),
]:
    Q(q, "plain", projects=S(deputy_of(name)))
for q, name in [
    ("what projects is callum reid involved in, lead or deputy", "Callum Reid"),
    ("is zara mahmood a lead or deputy on anything?", "Zara Mahmood"),
    ("everything liam oconnor is on please", "Liam O'Connor"),
    ("what's peter holroyd involved with", "Peter Holroyd"),
]:
    Q(q, "plain", projects=people_on(name))
Q(
    "which projects have two leads",
    "count",
    projects=S([r for r in REFS if len(leads(r)) > 1]),
    count=len([r for r in REFS if len(leads(r)) > 1]),
)
Q("which projects have no deputy?", "plain", projects=S([r for r in REFS if not deputy(r)]))
Q("is andrew metcalfe leading any projects?", "yesno", answer=bool(led_by("Andrew Metcalfe")))
Q("who's on the DLG?", "plain", people=S([PEOPLE[r["email"]] for r in ROLES if r["role"] == "dlg"]))
Q(
    "who sent the last update for the erp?",
    "plain",
    projects=["DL-11"],
    people=[PEOPLE[latest("DL-11")["submitted_by_email"]]],
)
Q(
    "who submitted the latest EHCP hub update",
    "plain",
    projects=["DL-29"],
    people=[PEOPLE[latest("DL-29")["submitted_by_email"]]],
)
Q(
    "who leads the farm diversificaton grants and the business hub?",
    "plain",
    projects=["DL-33", "DL-38"],
    leads=["Ruth Ackroyd"],
)


# ---------------------------------------------------------------- lists by area / rag / combos / counts
def lst(q, refs, count=False, **kw):
    if count:
        Q(q, "count", projects=S(refs), count=len(refs), **kw)
    else:
        Q(q, "plain", projects=S(refs), **kw)


lst("list the digital care projects", in_area(CA), count=True)
lst("how many projects are in digital council", in_area(CO), count=True)
lst("can you list the economy projects please", in_area(EC), count=True)
lst("how many digital citizen projects are there?", in_area(CI), count=True)
lst("which projects are red?", with_rag("red"), count=True)
lst("red projects in digital council?", with_rag("red", refs=in_area(CO)))
lst("which digital citizen projects aren't green", [r for r in in_area(CI) if rag(r) in ("red", "amber")])
lst("any ambers in digital economy", with_rag("amber", refs=in_area(EC)))
lst("which digital care projects are green?", with_rag("green", refs=in_area(CA)))
lst("which projects are red or amber in digital council?", with_rag("red", "amber", refs=in_area(CO)), count=True)
lst("which projects aren't green?", with_rag("red", "amber"), count=True)
lst("how many projects are amber", with_rag("amber"), count=True)
lst("how many green projects are there", with_rag("green"), count=True)
Q("any red projects in digital citizen?", "yesno", projects=with_rag("red", refs=in_area(CI)), answer=True)
Q("are any digital care projects green?", "yesno", projects=with_rag("green", refs=in_area(CA)), answer=True)
Q("are there any red projects in digital economy?", "yesno", projects=with_rag("red", refs=in_area(EC)), answer=True)


def most(r):
    c = {a: len(with_rag(r, refs=in_area(a))) for a in (CI, CO, CA, EC)}
    best = max(c.values())
    top = [a for a in c if c[a] == best]
    assert len(top) == 1, c
    return top[0], best


a, n = most("red")
Q("which priority area has the most reds", "plain", text_contains=[a], count=n)
a, n = most("amber")
Q("which area has the most amber projects?", "plain", text_contains=[a], count=n)
above = [r for r in REFS if pct(r) is not None and pct(r) > 75]
lst("which projects are above 75% complete?", above, count=True)
below = [r for r in REFS if pct(r) is not None and pct(r) < 40]
top = max((r for r in REFS if pct(r) is not None), key=pct)
Q("which project is furthest along", "plain", projects=[top], progress=pct(top))
low = min((r for r in REFS if pct(r) is not None), key=pct)
Q("which project is least far along?", "plain", projects=[low], progress=pct(low))
lst(
    "which projects use the data and insight enabler in digital economy?",
    [r for r in in_area(EC) if "Data and insight" in P[r]["enablers"]],
)
lst("which projects run past march 2027?", [r for r in REFS if P[r]["end_date"] > "2027-03-31"], count=True)
lst(
    "which projects finish in february",
    [r for r in REFS if P[r]["end_date"].startswith("2027-02")],
    count=True,
    since=D("2027-02-01"),
    until=D("2027-02-28"),
)
lst("which projects started in 2025", [r for r in REFS if P[r]["start_date"].startswith("2025")], count=True)
first_end = min((r for r in REFS if P[r]["end_date"] >= "2027-01-20"), key=lambda r: P[r]["end_date"])
Q("which project finishes next", "plain", projects=[first_end], dates=[D(P[first_end]["end_date"])])
lst(
    "which projects have been red in every update",
    [r for r in REFS if UPD[r] and all(u["rag"] == "red" for u in UPD[r])],
)
lst(
    "which projects have been green the whole time?",
    [r for r in REFS if UPD[r] and all(u["rag"] == "green" for u in UPD[r])],
)
Q("how many projects are there in total", "count", count=len(REFS))

# ---------------------------------------------------------------- milestones
ov = overdue()
Q("what milestones are overdeu?", "plain", projects=refs_of(ov), count=len(ov))
Q("how many milestones are overdue", "count", count=len(ov))
Q("any overdue milestones in digital care?", "yesno", projects=refs_of(overdue(in_area(CA))), answer=True)
Q("overdue milestones in digital council pls", "plain", projects=refs_of(overdue(in_area(CO))))
Q("any late milestones for the pothole app", "yesno", projects=["DL-01"], answer=bool(overdue(["DL-01"])))
Q(
    "any overdue milestones on the erp",
    "yesno",
    projects=["DL-11"],
    answer=True,
    dates=[m["due"] for m in overdue(["DL-11"])],
)
Q(
    "are there any overdue milestones on megan's projects?",
    "yesno",
    projects=refs_of(overdue(led_by("Megan Lloyd"))),
    answer=bool(overdue(led_by("Megan Lloyd"))),
)
oldest = min(ov, key=lambda m: m["due"])
olds = [m for m in ov if m["due"] == oldest["due"]]
Q("what's the oldest overdue milestone?", "plain", projects=refs_of(olds), dates=[oldest["due"]])
feb = ms_in(D("2027-02-01"), D("2027-02-28"))
Q(
    "milestones due in february?",
    "count",
    projects=refs_of(feb),
    count=len(feb),
    since=D("2027-02-01"),
    until=D("2027-02-28"),
)
mar_ns = ms_in(D("2027-03-01"), D("2027-03-31"), status=("not started",))
Q(
    "which march milestones haven't started yet?",
    "count",
    projects=refs_of(mar_ns),
    count=len(mar_ns),
    since=D("2027-03-01"),
    until=D("2027-03-31"),
)
dec = ms_in(M_S, M_E)
dec_done = [m for m in dec if m["status"] == "done"]
Q("how many of the milestones due in december got done?", "count", count=len(dec_done), since=M_S, until=M_E)
Q(
    "milestones due last month that still aren't done",
    "count",
    projects=refs_of([m for m in dec if m["status"] != "done"]),
    count=len([m for m in dec if m["status"] != "done"]),
    since=M_S,
    until=M_E,
)
jan_rest = ms_in(D("2027-01-20"), D("2027-01-31"))
Q(
    "any milestones due in the rest of january?",
    "plain",
    projects=refs_of(jan_rest),
    since=D("2027-01-20"),
    until=D("2027-01-31"),
)
for q, ref in KEEP(
    5,
    [
        ("when's the pothole app going on the app stores?", "DL-01"),
        ("whens the next milestone for council tax online?", "DL-02"),
        ("next milestone for registrars?", "DL-04"),
        ("when is the website accessibility audit", "DL-07"),
        ("whens the vacancy finder going public", "DL-23"),
        ("what's the next milestone on the business hub", "DL-33"),
        ("when does farm grants round 2 open?", "DL-38"),
        ("when's the trading standards app going live", "DL-20"),
    ],
):
    m = nextms(ref)
    Q(q, "plain", projects=[ref], dates=[m["due"]])
Q(
    "when is the erp go live?",
    "plain",
    projects=["DL-11"],
    dates=[D([m for m in MS if m["project_ref"] == "DL-11" and m["title"] == "Go-live"][0]["due_date"])],
)
Q(
    "how many milestones has the business hub got left?",
    "count",
    projects=["DL-33"],
    count=len([m for m in MS if m["project_ref"] == "DL-33" and m["status"] != "done"]),
)
Q(
    "whats the status of the 'all 6,800 customers switched' milestone",
    "plain",
    projects=["DL-22"],
    dates=[D("2027-06-30")],
    text_contains=["not started"],
)
Q(
    "which overdue milestones haven't even started?",
    "plain",
    projects=refs_of([m for m in ov if m["status"] == "not started"]),
    count=len([m for m in ov if m["status"] == "not started"]),
)
Q(
    "what's the start and end date for 5G Dales?",
    "plain",
    projects=["DL-31"],
    field="dates",
    dates=[D(P["DL-31"]["start_date"]), D(P["DL-31"]["end_date"])],
)
Q("is the family portal live yet?", "yesno", projects=["DL-25"], answer=True)
Q("is the public vacancy finder live yet", "yesno", projects=["DL-23"], answer=False)
Q("have all 12 towns got footfall sensors now", "yesno", projects=["DL-34"], answer=False)

# ---------------------------------------------------------------- update windows (positive lists only)
Q(
    "which projects have updated this week?",
    "window",
    viewer="dlg",
    projects=upd(THIS_WEEK),
    count=len(upd(THIS_WEEK)),
    since=THIS_WEEK,
)
Q("who's updated since monday?", "window", viewer="admin", projects=upd(THIS_WEEK), since=THIS_WEEK)
Q("which projects updated last week", "window", viewer="dlg", projects=upd(LW_S, LW_E), since=LW_S, until=LW_E)
Q(
    "what's been updated in digital care since the last digest",
    "window",
    projects=upd(DIGEST, refs=in_area(CA)),
    since=D("2027-01-15"),
)
Q(
    "which projects have updated since the last digest?",
    "window",
    viewer="dlg",
    projects=upd(DIGEST),
    since=D("2027-01-15"),
)
Q(
    "which digital economy projects have updated in the past 7 days?",
    "window",
    projects=upd(P7, refs=in_area(EC)),
    since=D("2027-01-13"),
)
Q(
    "which red projects have updated in the last week?",
    "window",
    viewer="dlg",
    projects=upd(P7, refs=with_rag("red")),
    since=D("2027-01-13"),
)
xmas = [r for r in REFS if updated_between(D("2026-12-21"), D("2027-01-03"), [r])]
Q(
    "who sent updates over christmas? (the weeks of 21 and 28 dec)",
    "window",
    viewer="admin",
    projects=S(xmas),
    since=D("2026-12-21"),
    until=D("2027-01-03"),
)
Q(
    "how many projects updated in the christmas week (w/c 21 dec)",
    "window",
    viewer="admin",
    count=len(upd(D("2026-12-21"), D("2026-12-27"))),
    since=D("2026-12-21"),
    until=D("2026-12-27"),
)
for q, ref in KEEP(
    4,
    [
        ("when did the housing repairs project last update?", "DL-09"),
        ("when did members casework last send an update", "DL-16"),
        ("last update from footfall sensors?", "DL-34"),
        ("when did provider payments portal last update", "DL-28"),
        ("when was the last update on care records scanning", "DL-24"),
        ("when did EV charging last update?", "DL-35"),
    ],
):
    Q(q, "plain", viewer="admin" if ref in ("DL-16", "DL-28") else None, projects=[ref], dates=[last(ref)])
Q("has the copilot pilot sent any updates yet?", "yesno", projects=["DL-21"], answer=bool(UPD["DL-21"]))
Q("has the tourism dashboard ever updated", "yesno", projects=["DL-37"], answer=bool(UPD["DL-37"]))
Q(
    "has telecare updated this week?",
    "yesno",
    viewer="admin",
    projects=["DL-22"],
    answer=bool(updated_between(THIS_WEEK, refs=["DL-22"])),
)
Q(
    "any updates this month from footfall sensors?",
    "yesno",
    viewer="dlg",
    projects=["DL-34"],
    answer=bool(updated_between(D("2027-01-01"), refs=["DL-34"])),
    since=D("2027-01-01"),
)
Q(
    "which digital council projects have updated in the past fortnight?",
    "window",
    viewer="dlg",
    projects=upd(P14, refs=in_area(CO)),
    since=D("2027-01-06"),
)
Q(
    "anything from digital economy in the past 10 days?",
    "window",
    viewer="dlg",
    projects=upd(P10, refs=in_area(EC)),
    since=D("2027-01-10"),
)
Q(
    "which digital care projects updated this cycle?",
    "window",
    viewer="dlg",
    projects=upd(THIS_WEEK, refs=in_area(CA)),
    since=THIS_WEEK,
)

# ---------------------------------------------------------------- field content
Q(
    "what's the school transport project asking the dlg for?",
    "field",
    viewer="dlg",
    **TXT("DL-06", "asks", "27 January"),
)
Q("what decision does telecare need from us", "field", viewer="dlg", **TXT("DL-22", "asks", "£95,000"))
Q("what's 5G dales asking the dlg to agree?", "field", viewer="dlg", **TXT("DL-31", "asks", "peppercorn rent"))
Q("what's the ERP asking the DLG for", "field", viewer="dlg", **TXT("DL-11", "asks", "1 July", "£140,000"))
Q("what do care records want from the dlg?", "field", viewer="dlg", **TXT("DL-24", "asks", "£48,000"))
Q("what's EV charging asking for", "field", viewer="dlg", **TXT("DL-35", "asks", "15-year concession"))
Q("what's council tax online asking the dlg?", "field", viewer="dlg", **TXT("DL-02", "asks", "1 March"))
Q(
    "which projects are asking the dlg for a decision right now?",
    "plain",
    viewer="dlg",
    projects=S(has("asks_of_dlg")),
    count=len(has("asks_of_dlg")),
)
Q(
    "which digital care projects need something from the dlg",
    "plain",
    viewer="dlg",
    projects=S(has("asks_of_dlg", refs=in_area(CA))),
)
Q(
    "is the EHCP hub asking the dlg for anything at the moment?",
    "yesno",
    viewer="dlg",
    projects=["DL-29"],
    answer=bool(has("asks_of_dlg", refs=["DL-29"])),
)
Q(
    "does the pothole app need anything from the DLG?",
    "yesno",
    viewer="dlg",
    projects=["DL-01"],
    answer=bool(has("asks_of_dlg", refs=["DL-01"])),
)
Q(
    "is the sharepoint migration still waiting on the dlg about retention",
    "yesno",
    viewer="dlg",
    projects=["DL-14"],
    answer=bool(has("asks_of_dlg", refs=["DL-14"])),
)
Q(
    "which projects have blockers right now",
    "plain",
    viewer="dlg",
    projects=S(has("blockers")),
    count=len(has("blockers")),
)
Q("what's blocking school transport?", "field", **TXT("DL-06", "blockers", "Trapeze"))
Q("whats blocking the telephony replacement", "field", **TXT("DL-10", "blockers", "PCI"))
Q("what's 5G blocked by", "field", **TXT("DL-31", "blockers", "Vantage Towers"))
Q("blockers on care records digitisation?", "field", **TXT("DL-24", "blockers", "asbestos"))
Q(
    "any blockers on the laptop refresh?",
    "yesno",
    projects=["DL-12"],
    field="blockers",
    answer=bool(has("blockers", refs=["DL-12"])),
)
Q(
    "is anything blocking the erp now?",
    "yesno",
    projects=["DL-11"],
    field="blockers",
    answer=bool(has("blockers", refs=["DL-11"])),
)
Q("what's the main risk on council tax online", "field", **TXT("DL-02", "risks", "annual billing"))
Q("what risks is the pothole app carrying?", "field", **TXT("DL-01", "risks", "triage team"))
Q("what are the risks on telecare", "field", viewer="dlg", **TXT("DL-22", "risks", "analogue alarms"))
Q("next steps for the pothole app?", "field", **TXT("DL-01", "next_steps", "8 February"))
Q("what are the next steps on the erp", "field", **TXT("DL-11", "next_steps", "5 February"))
Q("what's next for the sharepoint migration", "field", **TXT("DL-14", "next_steps", "12 February"))
Q("what did the laptop refresh achieve this week?", "field", **TXT("DL-12", "achievements", "Northallerton Road"))
Q("what has the business hub achieved lately", "field", **TXT("DL-33", "achievements", "118"))
Q("achievements on get online dales?", "field", **TXT("DL-08", "achievements", "Age UK"))
Q("latest on the erp?", "field", **TXT("DL-11", "summary", "1.5%"))
Q("whats the latest from the pothole team", "field", **TXT("DL-01", "summary", "2,046"))
Q("whats happening with care records digitisation?", "field", **TXT("DL-24", "summary", "27 January"))
Q("latest on the business rates project?", "field", **TXT("DL-32", "summary", "1,150"))
Q("what's going on with 5G dales", "field", **TXT("DL-31", "summary", "1 March"))
Q("sumary for the early help portal", "field", **TXT("DL-25", "summary", "57"))
Q(
    "what does the virtual wards project involve?",
    "plain",
    projects=["DL-30"],
    field="description",
    text_contains=[T("DL-30", "remote monitoring", plan=True)],
)
Q("what area is the EV project in?", "plain", projects=["DL-35"], field="area", text_contains=[area("DL-35")])
Q(
    "which enablers does zero trust use",
    "plain",
    projects=["DL-15"],
    field="enablers",
    text_contains=[T("DL-15", "Information governance and cyber security", plan=True)],
)
# text search across updates
for q, word in KEEP(
    7,
    [
        ("has anyone flagged anything about Tunstall?", "Tunstall"),
        ("which projects mention capita", "Capita"),
        ("anything about asbestos?", "asbestos"),
        ("which projects depend on the ERP?", "ERP"),
        ("anything mentioning connected kerb", "Connected Kerb"),
        ("any updates mention the caldicott guardian?", "Caldicott"),
        ("which projects mention PCI", "PCI"),
        ("anything about northern powergrid", "Northern Powergrid"),
        ("which projects have talked about winter risks?", "winter"),
        ("any updates mentioning the elections", "election"),
        ("which projects are working with GOV.UK One Login", "One Login"),
        ("who's mentioned Hartwell Consulting?", "Hartwell"),
    ],
):
    Q(q, "plain", projects=S(mentions(word)))
Q("how many residents has get online dales helped", "plain", projects=["DL-08"], text_contains=[T("DL-08", "1,905")])
Q("how many reports has the pothole app had", "plain", projects=["DL-01"], text_contains=[T("DL-01", "2,046")])
Q("how many telecare customers are on digital now?", "plain", projects=["DL-22"], text_contains=[T("DL-22", "2,910")])
Q("how many applications for apprenticeship cohort 3", "plain", projects=["DL-36"], text_contains=[T("DL-36", "96")])
Q(
    "how much was given out in farm grants round 1",
    "plain",
    projects=["DL-38"],
    text_contains=[T("DL-38", "£412,000", anyupd=True)],
)
Q(
    "how many records have been scanned so far",
    "plain",
    projects=["DL-24"],
    text_contains=[T("DL-24", "118,000", anyupd=True)],
)
Q("what's the match rate on invoice automation?", "plain", projects=["DL-19"], text_contains=[T("DL-19", "81%")])
Q("when does the Capita API release land?", "plain", projects=["DL-02"], dates=[D("2027-01-25")])
Q("when's the meeting with the trapeze director", "plain", projects=["DL-06"], dates=[D("2027-01-21")])
Q("when's the payment by phone rescan", "plain", projects=["DL-10"], dates=[D("2027-01-26")])


# ---------------------------------------------------------------- history / comparisons
def rag_at(ref, d):
    return rag(ref, dt.datetime.combine(d, dt.time(23, 59)))


Q("when did the erp go red?", "history", projects=["DL-11"], dates=[changed_to("DL-11", "red")])
Q("when did telecare turn red", "history", projects=["DL-22"], dates=[changed_to("DL-22", "red")])
Q("when did the laptop refresh go green", "history", projects=["DL-12"], dates=[changed_to("DL-12", "green")])
Q("when did school transport go red?", "history", projects=["DL-06"], dates=[changed_to("DL-06", "red")])
Q(
    "what was telecare's rag at the start of december?",
    "history",
    projects=["DL-22"],
    text_contains=[rag_at("DL-22", D("2026-12-01"))],
)
Q(
    "what was the laptop refresh's rag before christmas",
    "history",
    projects=["DL-12"],
    text_contains=[rag_at("DL-12", D("2026-12-24"))],
)
Q(
    "was business rates online red in november?",
    "yesno",
    projects=["DL-32"],
    answer=any(u["rag"] == "red" and u["ts"].month == 11 for u in UPD["DL-32"]),
)
Q("has telephony got worse?", "history", projects=["DL-10"], rag=rag("DL-10"), answer=True)
Q("has the early help portal got better since november", "history", projects=["DL-25"], rag=rag("DL-25"), answer=True)
Q("is the erp better or worse than a month ago", "history", projects=["DL-11"], rag=rag("DL-11"), field="history")
Q(
    "what was the erp's progress a month ago?",
    "history",
    projects=["DL-11"],
    text_contains=[str(pct("DL-11", dt14("2026-12-20")))],
)
Q(
    "how much progress has the laptop refresh made in the last month?",
    "history",
    projects=["DL-12"],
    text_contains=[str(pct("DL-12", dt14("2026-12-20"))), str(pct("DL-12"))],
)
Q(
    "show me the progress trend for the business hub since november",
    "history",
    projects=["DL-33"],
    field="history",
    text_contains=[str(UPD["DL-33"][0]["pct"]), str(pct("DL-33"))],
)
Q(
    "how has the EHCP hub's rag changed over the last couple of months",
    "history",
    projects=["DL-29"],
    rag=rag("DL-29"),
    field="history",
)
imp_m = improved_between(dt.datetime(2027, 1, 1))
Q("which projects have improved this month?", "history", projects=S(imp_m), since=D("2027-01-01"))
wor_m = worsened_between(dt.datetime(2027, 1, 1))
Q("which projects have got worse this month", "history", projects=S(wor_m), since=D("2027-01-01"))
wor_7 = worsened_between(P7)
Q(
    "has anything dropped a rag in the past 7 days?",
    "history",
    projects=S(wor_7),
    answer=bool(wor_7),
    since=D("2027-01-13"),
)
red_dec = S([r for r in REFS if any(b == "red" and d.month == 12 for d, a, b in rag_changes(r))])
Q("which projects went red in december", "history", projects=red_dec, since=M_S, until=M_E)
imp_dec = S([r for r in REFS if any(ORDER[b] < ORDER[a] and d.month == 12 for d, a, b in rag_changes(r))])
Q("did anything improve its rag last month?", "history", projects=imp_dec, since=M_S, until=M_E)
Q(
    "which is further along, the erp or the laptop refresh?",
    "compare",
    projects=["DL-11", "DL-12"],
    text_contains=[str(pct("DL-11")), str(pct("DL-12"))],
)
Q(
    "which is further ahead - business hub or farm grants",
    "compare",
    projects=["DL-33", "DL-38"],
    text_contains=[str(pct("DL-33")), str(pct("DL-38"))],
)
Q(
    "is council tax online further along than business rates online?",
    "compare",
    projects=["DL-02", "DL-32"],
    answer=pct("DL-02") > pct("DL-32"),
)
Q(
    "has garden waste got better or worse since last week?",
    "history",
    projects=["DL-03"],
    rag=rag("DL-03"),
    field="history",
)
Q("is telecare better or worse than last cycle", "history", projects=["DL-22"], rag=rag("DL-22"))

# ---------------------------------------------------------------- ambiguous
Q("how is the records project doing?", "ambiguous", ambiguous=["DL-14", "DL-24"])
Q("rag for the payments project?", "ambiguous", ambiguous=["DL-26", "DL-28"])
Q("how's the dashboard project going", "ambiguous", ambiguous=["DL-18", "DL-37"])
Q("what's the status of the online account project", "ambiguous", ambiguous=["DL-02", "DL-32"])
Q("who leads the app?", "ambiguous", ambiguous=["DL-01", "DL-20"])

# ---------------------------------------------------------------- not sure
for q in [
    "what's the budget for the laptop refresh?",
    "who is the senior responsible owner for telecare?",
    "is there a project about library self-service kiosks?",
    "whats the rag for the bus pass project",
    "when is the next DLG meeting?",
    "what did the DLG decide on the £95k for telecare?",
    "how many calls a day does the contact centre take?",
    "what was the erp's rag in october?",
    "status of DL-45?",
    "which supplier built the early help portal?",
    "how much money has digital first saved so far",
    "who's the caldicott guardian?",
    "what's the phone number for the registrars team",
    "is the pothole app coming to huawei phones?",
    "whats the rag for the council chatbot project",
    "how many apprentices finished cohort 1?",
]:
    Q(q, "not_sure", not_sure=True)


# ---------------------------------------------------------------- several in one (parts)
def part(**e):
    return e


Q(
    "morning - how's telecare, and what % is the ERP at?",
    "parts",
    parts=[part(projects=["DL-22"], rag=rag("DL-22")), part(projects=["DL-11"], progress=pct("DL-11"))],
)
Q(
    "who leads garden waste and when does it finish?",
    "parts",
    parts=[part(projects=["DL-03"], leads=leads("DL-03")), part(projects=["DL-03"], dates=[D(P["DL-03"]["end_date"])])],
)
Q(
    "how many projects are there and how many are red",
    "parts",
    parts=[part(count=len(REFS)), part(count=len(with_rag("red")))],
)
Q(
    "is the family portal live yet, and who's the deputy on it?",
    "parts",
    parts=[part(projects=["DL-25"], answer=True), part(projects=["DL-25"], deputies=[deputy("DL-25")])],
)
Q(
    "rag for 5G, business rates online and the business hub?",
    "parts",
    parts=[part(projects=[r], rag=rag(r)) for r in ("DL-31", "DL-32", "DL-33")],
)
Q(
    "when did the EHCP hub last update and what's it blocked on?",
    "parts",
    parts=[part(projects=["DL-29"], dates=[last("DL-29")]), part(**TXT("DL-29", "blockers", "Caldicott"))],
)
Q(
    "how many milestones are overdue and how many are due in february",
    "parts",
    parts=[part(count=len(ov)), part(count=len(feb), since=D("2027-02-01"), until=D("2027-02-28"))],
)
Q(
    "who's deputy on the laptop refresh and when's its next milestone",
    "parts",
    parts=[
        part(projects=["DL-12"], deputies=[deputy("DL-12")]),
        part(projects=["DL-12"], dates=[nextms("DL-12")["due"]]),
    ],
)
a1, n1 = most("red")
gc = {a: len(with_rag("green", refs=in_area(a))) for a in (CI, CO, CA, EC)}
a2 = min(gc, key=gc.get)
assert sorted(gc.values())[0] < sorted(gc.values())[1], gc
Q(
    "which area has the most reds and which has the fewest greens?",
    "parts",
    parts=[part(text_contains=[a1], count=n1), part(text_contains=[a2], count=gc[a2])],
)
Q(
    "what's EV charging asking the DLG for, and whats the funding deadline?",
    "parts",
    viewer="dlg",
    parts=[
        part(**TXT("DL-35", "asks", "15-year concession")),
        part(projects=["DL-35"], text_contains=[T("DL-35", "31 March")]),
    ],
)
Q(
    "has the copilot pilot started? who leads it?",
    "parts",
    parts=[
        part(projects=["DL-21"], answer=P["DL-21"]["start_date"] <= "2027-01-20"),
        part(projects=["DL-21"], leads=leads("DL-21")),
    ],
)
Q(
    "status of registrars and when is ceremony booking going live?",
    "parts",
    parts=[part(projects=["DL-04"], rag=rag("DL-04")), part(projects=["DL-04"], dates=[D("2027-02-01")])],
)
Q(
    "how is get online dales doing + how many residents helped so far?",
    "parts",
    parts=[part(projects=["DL-08"], rag=rag("DL-08")), part(projects=["DL-08"], text_contains=[T("DL-08", "1,905")])],
)
Q(
    "who leads the vacancy finder, and the discharge tracker?",
    "parts",
    parts=[part(projects=["DL-23"], leads=leads("DL-23")), part(projects=["DL-27"], leads=leads("DL-27"))],
)
Q(
    "hows ztna going and when does the VPN get switched off",
    "parts",
    parts=[part(projects=["DL-15"], rag=rag("DL-15")), part(projects=["DL-15"], dates=[D("2027-04-30")])],
)
Q(
    "how many red and how many amber in digital council",
    "parts",
    parts=[part(count=len(with_rag("red", refs=in_area(CO)))), part(count=len(with_rag("amber", refs=in_area(CO))))],
)

# ---------------------------------------------------------------- extra noisy / channel phrasing
Q(
    "morning all, hows the EHCP hub looking this week",
    "plain",
    viewer="member_channel",
    projects=["DL-29"],
    rag=rag("DL-29"),
)
Q(
    "quick q - whos the lead for the virtaul wards thing?",
    "plain",
    viewer="member_channel",
    projects=["DL-30"],
    leads=leads("DL-30"),
    field="leads",
)
Q("ta. what's the rag on the A2D switchover", "plain", projects=["DL-22"], rag=rag("DL-22"))
Q(
    "hi there, is the NNDR online project still amber?",
    "plain",
    projects=["DL-32"],
    rag=rag("DL-32"),
    answer=rag("DL-32") == "amber",
)
Q("wheres the bed finder at? %", "plain", projects=["DL-23"], progress=pct("DL-23"))
Q(
    "afternoon - what's the latest on the LEVI chargepoints",
    "field",
    viewer="member_channel",
    **TXT("DL-35", "summary", "Connected Kerb"),
)
Q("who heads up the ZTNA work", "plain", projects=["DL-15"], leads=leads("DL-15"), field="leads")


# ---------------------------------------------------------------- conversations
def C(conv, q, viewer=None, **e):
    Q(q, "conversation", viewer=viewer, conv=conv, **e)


reds = with_rag("red")
C("c_red", "which projects are red at the moment?", projects=S(reds), count=len(reds))
C("c_red", "which of those are in digital care?", projects=S([r for r in reds if area(r) == CA]))
care_red = S([r for r in reds if area(r) == CA])
C("c_red", "who leads them?", projects=care_red, leads=sorted({ln for r in care_red for ln in leads(r)}))
C("c_tec", "how's telecare switchover going", projects=["DL-22"], rag=rag("DL-22"), progress=pct("DL-22"))
C("c_tec", "why?", projects=["DL-22"], text_contains=[T("DL-22", "Tunstall")])
C("c_tec", "what are they asking the dlg for?", viewer=None, **TXT("DL-22", "asks", "£95,000"))
C("c_tec", "who's the deputy?", projects=["DL-22"], deputies=[deputy("DL-22")])
C("c_aisha", "what does aisha begum lead", projects=S(led_by("Aisha Begum")))
C("c_aisha", "which of them are amber?", projects=S(with_rag("amber", refs=led_by("Aisha Begum"))))
C("c_aisha", "and what's she deputy on?", projects=S(deputy_of("Aisha Begum")))
C("c_erp", "erp update?", projects=["DL-11"], rag=rag("DL-11"))
C("c_erp", "when did it go red?", projects=["DL-11"], dates=[changed_to("DL-11", "red")])
C("c_erp", "who are the leads?", projects=["DL-11"], leads=leads("DL-11"))
C("c_erp", "what else is farah on?", projects=[r for r in people_on("Farah Iqbal") if r != "DL-11"])
care_ng = S(with_rag("red", "amber", refs=in_area(CA)))
C("c_care", "digital care projects that aren't green?", viewer="dlg", projects=care_ng)
C(
    "c_care",
    "which of those have updated this week?",
    viewer="dlg",
    projects=upd(THIS_WEEK, refs=care_ng),
    since=THIS_WEEK,
)
C(
    "c_care",
    "and their leads?",
    viewer="dlg",
    projects=upd(THIS_WEEK, refs=care_ng),
    leads=sorted({ln for r in upd(THIS_WEEK, refs=care_ng) for ln in leads(r)}),
)
C("c_ov", "what milestones are overdue?", projects=refs_of(ov), count=len(ov))
C("c_ov", "which of those are in digital economy?", projects=refs_of(overdue(in_area(EC))))
C("c_ov", "why is the footfall one late?", projects=["DL-34"], text_contains=[T("DL-34", "listed building consent")])
C("c_pot", "is the pothole app on track?", projects=["DL-01"], rag=rag("DL-01"), answer=True)
C("c_pot", "when's it launching on the app stores?", projects=["DL-01"], dates=[D("2027-02-08")])
C("c_pot", "thanks!", small_talk=True)
meg = led_by("Megan Lloyd")
C("c_meg", "what's megan lloyd leading?", projects=S(meg))
C("c_meg", "are any of them red?", projects=S(meg), answer=bool(with_rag("red", refs=meg)))
tm = max(meg, key=pct)
C("c_meg", "which is furthest along?", projects=[tm], progress=pct(tm))
C("c_ehcp", "whats up with the EHCP hub", projects=["DL-29"], rag=rag("DL-29"))
C("c_ehcp", "what's it blocked on?", **TXT("DL-29", "blockers", "Caldicott Guardian approval"))
C("c_ehcp", "when is the review?", projects=["DL-29"], dates=[D("2027-01-26")])
C("c_ehcp", "who leads it?", projects=["DL-29"], leads=leads("DL-29"))
ec = in_area(EC)
C("c_econ", "list the digital economy projects", projects=S(ec), count=len(ec))
C("c_econ", "which are amber?", projects=S(with_rag("amber", refs=ec)))
C("c_econ", "and which are green?", projects=S(with_rag("green", refs=ec)))
C("c_lap", "laptop refresh?", projects=["DL-12"], rag=rag("DL-12"), progress=pct("DL-12"))
C("c_lap", "has it always been green?", projects=["DL-12"], answer=all(u["rag"] == "green" for u in UPD["DL-12"]))
C("c_lap", "when did it turn green?", projects=["DL-12"], dates=[changed_to("DL-12", "green")])
asks = S(has("asks_of_dlg"))
C("c_asks", "which projects have asks of the dlg right now?", viewer="dlg", projects=asks, count=len(asks))
C("c_asks", "which of those are red", viewer="dlg", projects=S(with_rag("red", refs=asks)))
C("c_asks", "what's the 5G one asking for?", viewer="dlg", **TXT("DL-31", "asks", "peppercorn rent"))
C("c_ws", "who's running the website rebuild?", projects=["DL-07"], leads=leads("DL-07"))
C("c_ws", "who's their deputy", projects=["DL-07"], deputies=[deputy("DL-07")])
C("c_ws", "what else is zara on?", projects=[r for r in people_on("Zara Mahmood") if r != "DL-07"])
C("c_br", "business rates online - still red?", projects=["DL-32"], rag=rag("DL-32"), answer=rag("DL-32") == "red")
C("c_br", "what % is it at", projects=["DL-32"], progress=pct("DL-32"))
C("c_br", "how many have signed up for e-billing?", projects=["DL-32"], text_contains=[T("DL-32", "1,150")])
dg = upd(DIGEST)
C("c_dig", "which projects have updated since the last digest?", viewer="dlg", projects=dg, since=D("2027-01-15"))
C(
    "c_dig",
    "any of them red?",
    viewer="dlg",
    projects=S(with_rag("red", refs=dg)),
    answer=bool(with_rag("red", refs=dg)),
)
neil = led_by("Neil Atkinson")
C("c_neil", "neil atkinson's projects?", projects=S(neil))
C("c_neil", "how are they doing", projects=S(neil), text_contains=sorted({rag(r) for r in neil}))
C("c_neil", "why is the EV one amber", projects=["DL-35"], text_contains=[T("DL-35", "concession")])
C("c_sch", "school transport - whats going on", **TXT("DL-06", "summary", "Trapeze"))
C("c_sch", "when does it need to open for applications?", projects=["DL-06"], dates=[D("2027-03-01")])
C("c_sch", "what's the ask of the dlg?", viewer="dlg", **TXT("DL-06", "asks", "paper-based form"))
C("c_sch", "cheers", small_talk=True)


def build():
    return QS


if __name__ == "__main__":
    import collections

    print(len(QS), collections.Counter(q["style"] for q in QS))

# ---------------------------------------------------------------- YAML output
FIELDS_OK = (
    "asks",
    "blockers",
    "risks",
    "leads",
    "dates",
    "area",
    "summary",
    "next_steps",
    "history",
    "achievements",
    "description",
    "enablers",
)


def y_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        import re

        if re.fullmatch(r"DL-\d\d", v) or v in ("red", "amber", "green") or v in FIELDS_OK:
            return v
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise TypeError(v)


def y_val(v):
    if isinstance(v, list):
        return "[" + ", ".join(y_val(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {y_val(v[k])}" for k in KEYS if k in v) + "}"
    return y_scalar(v)


HEADER = """# Dales County Council "Digital First" evaluation questions (dev set)
# Corpus: dale/ (38 projects DL-01..DL-38); now = Wednesday 20 January 2027 14:00 UTC
# (Europe/London is on GMT in January, so local time = UTC). Weekly cycles open on Mondays:
# 23 Nov, 30 Nov, 7 Dec, 14 Dec, 21 Dec, 28 Dec 2026, 4 Jan, 11 Jan, 18 Jan 2027.
# Window dates used below:
#   today                                   = 2027-01-20
#   "this week" / "this cycle" / "since monday" = 2027-01-18 .. now
#   "last week" / "last cycle"              = Mon 2027-01-11 .. Sun 2027-01-17
#   "in the last week" / "past 7 days"      = rolling, from 2027-01-13 14:00 (since: 2027-01-13)
#   "past 10 days"                          = rolling, from 2027-01-10 14:00 (since: 2027-01-10)
#   "past fortnight" / "last two weeks"     = rolling, from 2027-01-06 14:00 (since: 2027-01-06)
#   "since the last digest"                 = from 2027-01-15 16:00 (since: 2027-01-15)
#   "this month"                            = 2027-01-01 .. now
#   "last month"                            = 2026-12-01 .. 2026-12-31
#   "a month ago"                           = 2026-12-20
#   "over christmas"                        = cycles of 21 and 28 December (2026-12-21 .. 2027-01-03)
# No update falls on a window's boundary day before 14:00, so day-level and exact-time readings agree.
# Every list, count, window, RAG and progress value is computed by tools/make_questions.py from the CSVs;
# tools/check_dev.py re-parses this file and re-checks refs, keys and the computed values.
"""


def emit(path):
    out = [
        HEADER.rstrip("\n"),
        "viewers:",
        "  member: {staff_roles: [], conversation_type: personal}",
        "  member_channel: {staff_roles: [], conversation_type: channel}",
        "  admin: {staff_roles: [admin], conversation_type: personal}",
        "  dlg: {staff_roles: [dlg], conversation_type: personal}",
        "  admin_channel: {staff_roles: [admin], conversation_type: channel}",
        "questions:",
    ]
    # interleave: keep each conversation's turns together and in order, spread the rest
    import random

    rnd = random.Random(20270120)
    units = []
    convs = {}
    for q in QS:
        if q["conv"]:
            if q["conv"] not in convs:
                convs[q["conv"]] = []
                units.append(convs[q["conv"]])
            convs[q["conv"]].append(q)
        else:
            units.append([q])
    rnd.shuffle(units)
    for u in units:
        for q in u:
            out.append(f"  - q: {y_scalar(q['q'])}")
            if q["viewer"]:
                out.append(f"    viewer: {q['viewer']}")
            if q["conv"]:
                out.append(f"    conversation: {q['conv']}")
            out.append(f"    expect: {y_val(q['expect'])}")
    open(path, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    emit(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dev.yaml"))

#!/usr/bin/env python3
"""Write dev.yaml (and tools/dev_checks.json, the calc behind each computed value) from the Moorside CSVs.

Run: python3 tools/make_questions.py   (from /work/corpus-moor)
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import moorlib as M  # noqa: E402 — after sys.path gains this folder
from windows import WINDOWS  # noqa: E402 — after sys.path gains this folder

CIT, COU, CARE, ECO = "Digital Citizen", "Digital Council", "Digital Care", "Digital Economy"

CALC = {
    "area": lambda a: M.area(a),
    "n_area": lambda a: len(M.area(a)),
    "n_all": lambda: len(M.REFS),
    "rag_set": lambda rg, a=None: M.rag_set(rg, a),
    "n_rag": lambda rg, a=None: len(M.rag_set(rg, a)),
    "rag": lambda ref: M.rag(ref),
    "progress": lambda ref: M.prog(ref),
    "leads": lambda ref: M.leads(ref),
    "deputies": lambda ref: M.deputies(ref),
    "leads_of_set": lambda refs: sorted({n for r in refs for n in M.leads(r)}),
    "deputies_of_set": lambda refs: sorted({d for r in refs for d in M.deputies(r)}),
    "led_by": lambda name: M.led_by(name),
    "n_led_by": lambda name: len(M.led_by(name)),
    "deputy_for": lambda name: M.deputy_for(name),
    "updated": lambda w, a=None: M.updated_in(w, a),
    "n_updated": lambda w, a=None: len(M.updated_in(w, a)),
    "not_updated": lambda w, a=None: M.not_updated_in(w, a),
    "n_not_updated": lambda w, a=None: len(M.not_updated_in(w, a)),
    "since": lambda w: WINDOWS[w][2],
    "until": lambda w: WINDOWS[w][3],
    "overdue_p": lambda a=None: M.refs_of(M.overdue_ms(a)),
    "overdue_n": lambda a=None: len(M.overdue_ms(a)),
    "overdue_any": lambda a=None: bool(M.overdue_ms(a)),
    "overdue_ref_p": lambda ref: [ref] if any(m["project_ref"] == ref for m in M.overdue_ms()) else [],
    "overdue_ref_any": lambda ref: any(m["project_ref"] == ref for m in M.overdue_ms()),
    "due_p": lambda d1, d2, st=None: M.refs_of(M.due_ms(d1, d2, st)),
    "due_n": lambda d1, d2, st=None: len(M.due_ms(d1, d2, st)),
    "asks_p": lambda a=None: M.asks_now(a),
    "n_asks": lambda a=None: len(M.asks_now(a)),
    "has_asks": lambda ref: ref in M.asks_now(),
    "blockers_p": lambda a=None: M.blockers_now(a),
    "n_blockers": lambda a=None: len(M.blockers_now(a)),
    "has_blockers": lambda ref: ref in M.blockers_now(),
    "rag_on": lambda ref, day: [M.rag_on(ref, day)],
    "was_rag_on": lambda ref, day, rg: M.rag_on(ref, day) == rg,
    "prog_on": lambda ref, day: [str(M.prog_on(ref, day))],
    "went": lambda ref, rg: [M.went(ref, rg)],
    "last_day": lambda ref: [M.last_update_day(ref)],
    "changed": lambda w, d: M.changed_in(w, d),
    "mentions": lambda word, field=None: M.mentions(word, field),
    "any_mentions": lambda word, field=None: bool(M.mentions(word, field)),
    "no_deputy": lambda: M.no_deputy(),
    "n_no_deputy": lambda: len(M.no_deputy()),
    "dep_email_only": lambda: M.deputy_email_only(),
    "gone_quiet": lambda: M.gone_quiet(),
    "n_gone_quiet": lambda: len(M.gone_quiet()),
    "never": lambda: M.never_updated(),
    "n_never": lambda: len(M.never_updated()),
    "ending": lambda d1, d2: M.ending_between(d1, d2),
    "n_ending": lambda d1, d2: len(M.ending_between(d1, d2)),
    "prog_cmp": lambda op, x: M.prog_cmp(op, x),
    "n_prog_cmp": lambda op, x: len(M.prog_cmp(op, x)),
    "ambiguous": lambda term: M.ambiguous(term),
    "is_rag": lambda ref, rg: M.rag(ref) == rg,
    "field_has": lambda ref, field, *texts: list(texts) if all(t in M.latest(ref)[field] for t in texts) else None,
    "end_date": lambda ref: [M.PLAN[ref]["end_date"]],
    "start_date": lambda ref: [M.PLAN[ref]["start_date"]],
    "prog_gt": lambda a, b: M.prog(a) > M.prog(b),
    "further": lambda a, b: [a] if M.prog(a) > M.prog(b) else [b],
    "area_name": lambda ref: [M.PLAN[ref]["priority_area"]],
    "enabler_p": lambda en: [r for r in M.REFS if en in M.PLAN[r]["enablers"].split(";")],
    "n_enabler": lambda en: len([r for r in M.REFS if en in M.PLAN[r]["enablers"].split(";")]),
    "n_ms_ref": lambda ref: len([m for m in M.MS if m["project_ref"] == ref]),
    "ms_due": lambda ref, title: [next(m["due_date"] for m in M.MS if m["project_ref"] == ref and m["title"] == title)],
    "multi_lead": lambda: [r for r in M.REFS if len(M.leads(r)) > 1],
    "subset": lambda refs, *preds: [r for r in refs if all(PRED[p](r) for p in preds)],
    "max_prog": lambda refs: [max((r for r in refs if M.prog(r) is not None), key=M.prog)],
    "min_prog": lambda refs: [min((r for r in refs if M.prog(r) is not None), key=M.prog)],
    "red_in": lambda ref, d1, d2: any(
        u["rag"] == "red" and d1 <= M.lday(u["submitted_at"]) <= d2 for u in M.updates(ref)
    ),
    "prog_drop_days": lambda ref: [
        M.lday(b["submitted_at"])
        for a, b in zip(M.updates(ref), M.updates(ref)[1:], strict=False)
        if int(b["progress_pct"]) < int(a["progress_pct"])
    ],
    "most_overdue": lambda: (lambda cnt: sorted(r for r in cnt if cnt[r] == max(cnt.values())))(
        __import__("collections").Counter(m["project_ref"] for m in M.overdue_ms())
    ),
    "n_ms_all": lambda: len(M.MS),
    "in_window_ref": lambda w, ref: ref in M.updated_in(w),
    "n_ms_status": lambda st: len([m for m in M.MS if m["status"] == st]),
    "rag_at_cmp": lambda ref, day: M.ORDER[M.rag(ref)] - M.ORDER[M.rag_on(ref, day)],
    "prog_delta": lambda ref, day: [str(M.prog_on(ref, day)), str(M.prog(ref))],
    "red_ever": lambda d1: sorted(
        {u["project_ref"] for u in M.HIST if u["rag"] == "red" and M.lday(u["submitted_at"]) >= d1}
    ),
}

QUESTIONS = []


def c(key, calc, *args):
    return (key, calc, list(args))


def E(*specs, **static):
    exp = {}
    chks = []
    for key, calc, args in specs:
        v = CALC[calc](*args)
        if v is None:
            raise SystemExit(f"calc {calc}{args} gave None")
        if key == "answer":
            v = bool(v)
        exp[key] = v
        chks.append([key, calc, args])
    for k, v in static.items():
        exp[k] = v
    return exp, chks


def add(q, e, viewer=None, conv=None):
    exp, chks = e
    QUESTIONS.append(dict(q=q, viewer=viewer, conv=conv, expect=exp, checks=chks))


def parts(*es):
    exp = {"parts": [x[0] for x in es]}
    chks = []
    for i, x in enumerate(es):
        for k, calc, args in x[1]:
            chks.append([f"parts.{i}.{k}", calc, args])
    return exp, chks


def P(ref):
    return c("projects", "one", ref)


CALC["one"] = lambda ref: [ref]
PRED = {
    "red": lambda r: M.rag(r) == "red",
    "amber": lambda r: M.rag(r) == "amber",
    "green": lambda r: M.rag(r) == "green",
    "not_green": lambda r: M.rag(r) in ("amber", "red"),
    "asks": lambda r: r in M.asks_now(),
    "blockers": lambda r: r in M.blockers_now(),
    "overdue": lambda r: r in M.refs_of(M.overdue_ms()),
    "care": lambda r: M.PLAN[r]["priority_area"] == CARE,
    "not_MO-36": lambda r: r != "MO-36",
}
CALC["set"] = lambda *refs: sorted(refs)


def status(ref, *keys):
    ks = keys or ("rag", "progress")
    return E(P(ref), *[c(k, k, ref) for k in ks])


# ----------------------------------------------------------------------------------------------------------
# Single-project status, RAG, progress (aliases, typos, greetings)
S = [
    ("MO-01", "hows MyMoorside looking?"),
    ("MO-02", "how's the pothole app doing"),
    ("MO-03", "status of blue badge pls"),
    ("MO-04", "libary portal - how's it going?"),
    ("MO-05", "morning! where are we with council tax self service?"),
    ("MO-06", "update on bulky waste booking?"),
    ("MO-07", "how is ask moira getting on"),
    ("MO-08", "inclusion hubs status"),
    ("MO-09", "whats the latest rag for school admisions"),
    ("MO-10", "registrars booking - rag?"),
    ("MO-11", "how's the ERP looking"),
    ("MO-12", "m365 migration status please"),
    ("MO-13", "hi, how is the intranet refresh going?"),
    ("MO-14", "records scannign update?"),
    ("MO-15", "cyber resiliance - where are we"),
    ("MO-16", "how's DC exit doing?"),
    ("MO-17", "data warehouse status"),
    ("MO-18", "rpa - how's it going?"),
    ("MO-19", "how are the phones coming along (contact centre telephony)"),
    ("MO-21", "asc case managment, rag and %?"),
    ("MO-22", "how's telecare"),
    ("MO-23", "family portal progress?"),
    ("MO-24", "shared care record - status?"),
    ("MO-25", "provider market portal, hows it doing"),
    ("MO-26", "carers online assesment status"),
    ("MO-27", "discharge tracker update pls"),
    ("MO-28", "how is the EHCP hub going"),
    ("MO-29", "care homes digital records - whats the status?"),
    ("MO-30", "gigabit vouchers - how's it looking?"),
    ("MO-31", "business support portal status"),
    ("MO-32", "how are the bootcamps doing"),
    ("MO-34", "open data platfrom rag"),
    ("MO-35", "e-planning - where are we at?"),
    ("MO-36", "free wifi in the market towns, how's that going"),
]
for ref, q in S:
    add(q, status(ref))

add("how's the mobile working project going?", E(P("MO-20"), c("text_contains", "set", "no update")))
add("any news on the smart town centres sensors?", E(P("MO-33"), c("text_contains", "set", "no update")))

# progress %
for ref, q in [
    ("MO-05", "what % is council tax self-service at"),
    ("MO-12", "how far through is the 365 migration? %"),
    ("MO-21", "percentage complete for ASC case management?"),
    ("MO-30", "broadband vouchers progress %"),
    ("MO-07", "chatbot - how far along?"),
    ("MO-17", "how complete is the warehouse"),
    ("MO-31", "whats the % on BSP"),
    ("MO-26", "carers assessment progress pls"),
    ("MO-11", "how far along is the finance and hr sytem replacement"),
    ("MO-35", "planning system progress?"),
]:
    add(q, status(ref, "progress"))

# ----------------------------------------------------------------------------------------------------------
# Leads, deputies
for ref, q in [
    ("MO-02", "who leads the pothole app?"),
    ("MO-17", "who's in charge of the data warehouse"),
    ("MO-21", "who is the lead for adult social care case management"),
    ("MO-11", "who leads the ERP?"),
    ("MO-29", "who runs the care home digital records project"),
    ("MO-36", "who do i talk to about town wifi?"),
    ("MO-13", "hi! who's leading The Moor?"),
    ("MO-32", "who's the lead on bootcamps"),
    ("MO-07", "who owns the chatbot project"),
    ("MO-24", "lead for ShCR?"),
    ("MO-19", "whos the lead on contact centre telephny"),
    ("MO-34", "who leads open data"),
]:
    add(q, E(P(ref), c("leads", "leads", ref), field="leads"))

for ref, q in [
    ("MO-03", "who's the deputy on blue badge?"),
    ("MO-02", "pothole app deputy?"),
    ("MO-12", "who deputises for the M365 lead"),
    ("MO-14", "who's the deputy for scanning"),
    ("MO-31", "who is deputy on the business support portal"),
    ("MO-22", "telecare - who's the deputy?"),
    ("MO-13", "who is the intranet deputy"),
    ("MO-28", "deputy lead for SEND?"),
    ("MO-01", "who's second in command on MyMoorside"),
]:
    add(q, E(P(ref), c("deputies", "deputies", ref)))
add("who's the deputy on the library portal?", E(P("MO-04"), c("deputies", "deputies", "MO-04")))
add("does the free wifi project have a deputy?", E(P("MO-36"), c("deputies", "deputies", "MO-36"), answer=False))
add("does carers online have a deputy?", E(P("MO-26"), c("deputies", "deputies", "MO-26"), answer=True))

for name, q in [
    ("Tariq Bashir", "what does tariq lead?"),
    ("Nkechi Obi", "which projects is nkechi obi leading"),
    ("Hannah Greaves", "what's hannah greaves responsible for"),
    ("Alun Davies", "projects led by alun davis?"),
    ("Martin Kerr", "what's martin kerr on"),
    ("Owen Pritchard", "list owen pritchards projects"),
    ("Farah Qureshi", "what is farah qureshi leading?"),
    ("Aisha Rahman", "aisha rahman - what does she lead"),
    ("Craig Holden", "which projects does craig holden lead"),
    ("Ruth Calloway", "what's ruth caloway running"),
]:
    add(q, E(c("projects", "led_by", name)))
for name, q in [
    ("Tariq Bashir", "how many projects does tariq bashir lead?"),
    ("Hannah Greaves", "how many is hannah leading"),
    ("Nkechi Obi", "number of projects nkechi leads?"),
]:
    add(q, E(c("projects", "led_by", name), c("count", "n_led_by", name)))
for name, q in [
    ("Ffion Roberts", "which projects is ffion roberts deputy on?"),
    ("Bethan Lloyd", "what is bethan lloyd deputy for"),
    ("Peter Lindqvist", "peter lindqvist is deputy on what?"),
    ("Declan Hartley", "what's declan hartley deputising on"),
    ("Zara Mahmood", "zara mahmood - deputy for which projects"),
]:
    add(q, E(c("projects", "deputy_for", name)))
add("which projects don't have a deputy?", E(c("projects", "no_deputy"), c("count", "n_no_deputy")))
add("how many projects have no deputy", E(c("projects", "no_deputy"), c("count", "n_no_deputy")))
add("which projects have joint leads?", E(c("projects", "multi_lead")))
add(
    "who's leading the finance and HR replacement? i heard there's two of them",
    E(P("MO-11"), c("leads", "leads", "MO-11")),
)

# ----------------------------------------------------------------------------------------------------------
# Areas and RAG lists
add("list the digital care projects", E(c("projects", "area", CARE), c("count", "n_area", CARE)))
add("whats in digital economy?", E(c("projects", "area", ECO)))
add("how many projects are in digital council", E(c("projects", "area", COU), c("count", "n_area", COU)))
add("how many digital citizen projects are there?", E(c("projects", "area", CIT), c("count", "n_area", CIT)))
add("how many projects are in the programme in total?", E(c("count", "n_all")))
add("which projects are red?", E(c("projects", "rag_set", "red")))
add("any red projects at the moment?", E(c("projects", "rag_set", "red"), answer=True))
add("how many reds have we got", E(c("projects", "rag_set", "red"), c("count", "n_rag", "red")))
add("how many projects are amber", E(c("projects", "rag_set", "amber"), c("count", "n_rag", "amber")))
add("how many green projects are there right now?", E(c("projects", "rag_set", "green"), c("count", "n_rag", "green")))
add("which digital care projects are red", E(c("projects", "rag_set", "red", CARE)))
add("amber projects in digital citizen?", E(c("projects", "rag_set", "amber", CIT)))
add("which economy projects are green", E(c("projects", "rag_set", "green", ECO)))
add("are any digital council projects red?", E(c("projects", "rag_set", "red", COU), answer=True))
add("is anything red in digital citizen?", E(c("projects", "rag_set", "red", CIT), answer=False))
add(
    "how many amber projects in digital care",
    E(c("projects", "rag_set", "amber", CARE), c("count", "n_rag", "amber", CARE)),
)
add("what area is the discharge tracker in", E(P("MO-27"), c("text_contains", "area_name", "MO-27"), field="area"))
add(
    "which priority area does open data sit under?",
    E(P("MO-34"), c("text_contains", "area_name", "MO-34"), field="area"),
)
add("which projects use the data and insight enabler?", E(c("projects", "enabler_p", "Data and insight")))
add(
    "how many projects have information governance and cyber security as an enabler",
    E(
        c("projects", "enabler_p", "Information governance and cyber security"),
        c("count", "n_enabler", "Information governance and cyber security"),
    ),
)
add(
    "what enablers does the ERP use?",
    E(
        P("MO-11"),
        c(
            "text_contains",
            "set",
            "Data and insight",
            "Information governance and cyber security",
            "Collaboration and integration",
        ),
        field="enablers",
    ),
)
add(
    "what's the shared care record project about?", E(P("MO-24"), c("text_contains", "set", "NHS"), field="description")
)
add("what is the RGV scheme?", E(P("MO-30"), c("text_contains", "set", "gigabit"), field="description"))

# progress thresholds
add("which projects are over 80% complete", E(c("projects", "prog_cmp", ">", 80), c("count", "n_prog_cmp", ">", 80)))
add("which projects are under 40%?", E(c("projects", "prog_cmp", "<", 40)))
add("how many projects are below 50 per cent", E(c("projects", "prog_cmp", "<", 50), c("count", "n_prog_cmp", "<", 50)))
add("which project is furthest along?", E(c("projects", "max_prog", M.REFS)))
add("which project is least far along", E(c("projects", "min_prog", M.REFS)))

# ----------------------------------------------------------------------------------------------------------
# Yes / no
for ref, rg, q in [
    ("MO-02", "green", "is the pothole app on track?"),
    ("MO-17", "red", "is the data warehouse still red?"),
    ("MO-21", "green", "is asc case management on track"),
    ("MO-12", "green", "is m365 green?"),
    ("MO-36", "red", "is the free wifi still red"),
    ("MO-11", "red", "is the erp red?"),
    ("MO-27", "green", "is the discharge tracker back to green?"),
    ("MO-31", "amber", "is the business portal amber?"),
    ("MO-14", "green", "is scanning on track?"),
    ("MO-24", "green", "is the shared care record on track"),
]:
    add(q, E(P(ref), c("rag", "rag", ref), c("answer", "is_rag", ref, rg)))
add("has the chatbot hit 90%?", E(P("MO-07"), c("progress", "progress", "MO-07"), answer=M.prog("MO-07") >= 90))
add(
    "is council tax self-service more than 90% done?",
    E(P("MO-05"), c("progress", "progress", "MO-05"), answer=M.prog("MO-05") > 90),
)
add(
    "does the data warehouse have any asks of the dlg at the moment?",
    E(P("MO-17"), c("answer", "has_asks", "MO-17")),
    viewer="dlg",
)
add("is the pothole app asking the dlg for anything?", E(P("MO-02"), c("answer", "has_asks", "MO-02")), viewer="dlg")
add(
    "is anything blocking the telephony upgrade?",
    E(P("MO-19"), c("answer", "has_blockers", "MO-19"), c("text_contains", "field_has", "MO-19", "blockers", "PCI")),
)
add("any blockers on bootcamps?", E(P("MO-32"), c("answer", "has_blockers", "MO-32")))
add("does the erp have overdue milestones", E(c("projects", "set", "MO-11"), c("answer", "overdue_ref_any", "MO-11")))
add("has the family portal got any overdue milestones?", E(P("MO-23"), c("answer", "overdue_ref_any", "MO-23")))
add(
    "are there overdue milestones in digital economy?",
    E(c("projects", "overdue_p", ECO), c("answer", "overdue_any", ECO)),
)
add("has anyone mentioned the DWP?", E(c("projects", "mentions", "DWP"), c("answer", "any_mentions", "DWP")))
add(
    "has anybody mentioned the ICB in their updates?",
    E(c("projects", "mentions", "ICB"), c("answer", "any_mentions", "ICB")),
)
add("was the pothole app red in february?", E(P("MO-02"), c("answer", "was_rag_on", "MO-02", "2027-02-28", "red")))
add(
    "was the discharge tracker red in january",
    E(P("MO-27"), c("answer", "red_in", "MO-27", "2027-01-01", "2027-01-31")),
)
add(
    "was the data warehouse green at the start of the year?",
    E(P("MO-17"), c("answer", "was_rag_on", "MO-17", "2027-01-10", "green")),
)

# ----------------------------------------------------------------------------------------------------------
# RAG history, changes, progress over time
add("when did the data warehouse go red?", E(P("MO-17"), c("dates", "went", "MO-17", "red")))
add("when did the erp turn red", E(P("MO-11"), c("dates", "went", "MO-11", "red")))
add("when did ASC case management go red?", E(P("MO-21"), c("dates", "went", "MO-21", "red")))
add("when did the discharge tracker get back to green", E(P("MO-27"), c("dates", "went", "MO-27", "green")))
add("when did the pothole app go back to green?", E(P("MO-02"), c("dates", "went", "MO-02", "green")))
add("when did town wifi go red", E(P("MO-36"), c("dates", "went", "MO-36", "red")))
add(
    "what was the pothole app's rag at the start of march?",
    E(P("MO-02"), c("text_contains", "rag_on", "MO-02", "2027-03-01")),
)
add("what rag was scanning in mid february", E(P("MO-14"), c("text_contains", "rag_on", "MO-14", "2027-02-16")))
add(
    "what was the ERP's progress at the end of january?",
    E(P("MO-11"), c("text_contains", "prog_on", "MO-11", "2027-01-31")),
)
add(
    "what % was m365 at the end of feb compared with now?",
    E(P("MO-12"), c("text_contains", "prog_delta", "MO-12", "2027-02-28")),
)
add(
    "is the erp better or worse than last month?",
    E(P("MO-11"), c("rag", "rag", "MO-11"), c("text_contains", "rag_on", "MO-11", "2027-03-31")),
)
add("has the erp's % gone down at any point?", E(P("MO-11"), c("dates", "prog_drop_days", "MO-11"), answer=True))
add(
    "which projects have got better in the past fortnight?",
    E(c("projects", "changed", "past_fortnight", "improved"), c("since", "since", "past_fortnight")),
)
add(
    "which projects got worse last month",
    E(
        c("projects", "changed", "last_month", "worse"),
        c("since", "since", "last_month"),
        c("until", "until", "last_month"),
    ),
)
add(
    "any projects change rag since the last digest?",
    E(c("projects", "changed", "since_digest", "any"), c("since", "since", "since_digest")),
)
add("which projects have been red at any point since feb 1st?", E(c("projects", "red_ever", "2027-02-01")))
add("which is further along, the pothole app or the bootcamps?", E(c("projects", "further", "MO-02", "MO-32")))
add("which is further ahead - ERP or ASC case management", E(c("projects", "further", "MO-11", "MO-21")))
add(
    "is telecare further along than the discharge tracker?",
    E(c("projects", "set", "MO-22", "MO-27"), c("answer", "prog_gt", "MO-22", "MO-27")),
)

# ----------------------------------------------------------------------------------------------------------
# Windows: updated in ...
add("what's been updated this week?", E(c("projects", "updated", "this_week"), c("since", "since", "this_week")))
add(
    "which projects updated in the last 7 days",
    E(c("projects", "updated", "past_7_days"), c("since", "since", "past_7_days")),
)
add(
    "which projects have updated in the past 10 days",
    E(c("projects", "updated", "past_10_days"), c("since", "since", "past_10_days")),
)
add(
    "what updates came in over the past fortnight?",
    E(c("projects", "updated", "past_fortnight"), c("since", "since", "past_fortnight")),
)
add(
    "which projects updated last week?",
    E(c("projects", "updated", "last_week"), c("since", "since", "last_week"), c("until", "until", "last_week")),
)
add(
    "how many updates have we had this month",
    E(c("projects", "updated", "this_month"), c("count", "n_updated", "this_month"), c("since", "since", "this_month")),
)
add(
    "which projects submitted an update last month?",
    E(c("projects", "updated", "last_month"), c("since", "since", "last_month"), c("until", "until", "last_month")),
)
add(
    "what's come in since the last digest",
    E(c("projects", "updated", "since_digest"), c("since", "since", "since_digest")),
)
add(
    "which projects have updated since easter",
    E(c("projects", "updated", "since_easter"), c("since", "since", "since_easter")),
)
add(
    "how many projects have updated since easter?",
    E(c("count", "n_updated", "since_easter"), c("since", "since", "since_easter")),
)
add("how many projects updated this week", E(c("count", "n_updated", "this_week"), c("since", "since", "this_week")))
add(
    "how many have updated since the digest went out?",
    E(c("count", "n_updated", "since_digest"), c("since", "since", "since_digest")),
)
add(
    "which digital care projects updated this week?",
    E(c("projects", "updated", "this_week", CARE), c("since", "since", "this_week")),
)
add(
    "any digital economy updates since the last digest",
    E(c("projects", "updated", "since_digest", ECO), c("since", "since", "since_digest")),
)
add(
    "which digital council projects have updated in the last fortnight",
    E(c("projects", "updated", "past_fortnight", COU), c("since", "since", "past_fortnight")),
)
add(
    "what updates did we get in february?",
    E(c("projects", "updated", "february"), c("since", "since", "february"), c("until", "until", "february")),
)
add(
    "how many projects have updated this cycle so far",
    E(c("count", "n_updated", "this_cycle"), c("since", "since", "this_cycle")),
)
add("when did the ERP last update?", E(P("MO-11"), c("dates", "last_day", "MO-11")))
add("when was scanning last updated", E(P("MO-14"), c("dates", "last_day", "MO-14")))
add("when did the library portal last submit an update", E(P("MO-04"), c("dates", "last_day", "MO-04")))
add("last update from telecare was when?", E(P("MO-22"), c("dates", "last_day", "MO-22")))
add("when's the last time we heard from the wifi project", E(P("MO-36"), c("dates", "last_day", "MO-36")))

# ----------------------------------------------------------------------------------------------------------
# Milestones
add("which milestones are overdue?", E(c("projects", "overdue_p"), c("count", "overdue_n")))
add("how many milestones are overdue", E(c("count", "overdue_n")))
add("overdue milestones in digital care?", E(c("projects", "overdue_p", CARE), c("count", "overdue_n", CARE)))
add("any overdue milestones in digital council", E(c("projects", "overdue_p", COU), c("answer", "overdue_any", COU)))
add(
    "what milestones are due this month",
    E(c("projects", "due_p", "2027-04-01", "2027-04-30"), c("count", "due_n", "2027-04-01", "2027-04-30")),
)
add(
    "what's due in may?",
    E(c("projects", "due_p", "2027-05-01", "2027-05-31"), c("count", "due_n", "2027-05-01", "2027-05-31")),
)
add("how many milestones are due in june", E(c("count", "due_n", "2027-06-01", "2027-06-30")))
add(
    "which milestones due in april haven't started yet",
    E(c("projects", "due_p", "2027-04-01", "2027-04-30", "not started")),
)
add("how many milestones are there altogether?", E(c("count", "n_ms_all")))
add("how many milestones are done", E(c("count", "n_ms_status", "done")))
add("when is the erp payroll go-live milestone due?", E(P("MO-11"), c("dates", "ms_due", "MO-11", "Payroll go-live")))
add("when's the pothole app public launch", E(P("MO-02"), c("dates", "ms_due", "MO-02", "Public launch")))
add("when is ASC case management due to go live", E(P("MO-21"), c("dates", "ms_due", "MO-21", "Go-live")))
add(
    "when is the primary national offer day milestone for admissions?",
    E(P("MO-09"), c("dates", "ms_due", "MO-09", "National offer day (primary)")),
)
add("how many milestones has the ERP got", E(P("MO-11"), c("count", "n_ms_ref", "MO-11")))
add("when does the free wifi project end?", E(P("MO-36"), c("dates", "end_date", "MO-36")))
add("when did the ERP start", E(P("MO-11"), c("dates", "start_date", "MO-11")))
add(
    "which projects end between july and september?",
    E(c("projects", "ending", "2027-07-01", "2027-09-30"), c("count", "n_ending", "2027-07-01", "2027-09-30")),
)
add("which projects are due to end by the end of june?", E(c("projects", "ending", "2027-01-01", "2027-06-30")))
add("has the pothole app launch slipped?", E(P("MO-02"), answer=True, dates=["2027-04-12"]))
add("has the asc go-live moved", E(P("MO-21"), answer=True, dates=["2027-09-13"]))
add("when is the Power BI launch now planned for?", E(P("MO-17"), dates=["2027-06-30"]))

# ----------------------------------------------------------------------------------------------------------
# Asks, blockers, risks, free text
add("which projects have asks of the dlg right now?", E(c("projects", "asks_p"), c("count", "n_asks")), viewer="dlg")
add(
    "how many projects are asking the DLG for something", E(c("projects", "asks_p"), c("count", "n_asks")), viewer="dlg"
)
add("what are the digital care asks of DLG?", E(c("projects", "asks_p", CARE)), viewer="dlg")
add(
    "what's the data warehouse asking the dlg for?",
    E(P("MO-17"), c("text_contains", "field_has", "MO-17", "asks_of_dlg", "30 April"), field="asks"),
    viewer="dlg",
)
add(
    "what does ASC case management want from dlg",
    E(P("MO-21"), c("text_contains", "field_has", "MO-21", "asks_of_dlg", "6-month extension"), field="asks"),
    viewer="dlg",
)
add(
    "what decision is wanted on the town wifi?",
    E(P("MO-36"), c("text_contains", "field_has", "MO-36", "asks_of_dlg", "£45,000"), field="asks"),
    viewer="dlg",
)
add(
    "what's the ask from the business support portal",
    E(P("MO-31"), c("text_contains", "field_has", "MO-31", "asks_of_dlg", "31 December 2027"), field="asks"),
)
add("which projects have blockers", E(c("projects", "blockers_p"), c("count", "n_blockers")))
add("how many projects are blocked at the moment", E(c("projects", "blockers_p"), c("count", "n_blockers")))
add(
    "what's blocking the shared care record?",
    E(P("MO-24"), c("text_contains", "field_has", "MO-24", "blockers", "ICB"), field="blockers"),
)
add(
    "what's blocking open data",
    E(P("MO-34"), c("text_contains", "field_has", "MO-34", "blockers", "Data protection review"), field="blockers"),
)
add(
    "what's the library portal stuck on?",
    E(P("MO-04"), c("text_contains", "field_has", "MO-04", "blockers", "API"), field="blockers"),
)
add(
    "what are the risks on the erp?",
    E(P("MO-11"), c("text_contains", "field_has", "MO-11", "risks", "parallel run 1"), field="risks"),
)
add(
    "main risk for asc case management?",
    E(P("MO-21"), c("text_contains", "field_has", "MO-21", "risks", "30 September"), field="risks"),
)
add(
    "what's next for the pothole app?",
    E(P("MO-02"), c("text_contains", "field_has", "MO-02", "next_steps", "12 April"), field="next_steps"),
)
add(
    "what did the intranet achieve at launch?",
    E(P("MO-13"), c("text_contains", "field_has", "MO-13", "achievements", "3,100"), field="achievements"),
)
add(
    "latest from the bootcamps?",
    E(P("MO-32"), c("text_contains", "field_has", "MO-32", "summary", "810"), field="summary"),
)
add(
    "how many mailboxes have moved to 365 so far",
    E(P("MO-12"), c("text_contains", "field_has", "MO-12", "summary", "5,330"), field="summary"),
)
add(
    "how many households are on e-billing now?",
    E(P("MO-05"), c("text_contains", "field_has", "MO-05", "summary", "54,600"), field="summary"),
)
add(
    "how many client records were in the asc trial load",
    E(P("MO-21"), c("text_contains", "field_has", "MO-21", "summary", "48,000"), field="summary"),
)
add(
    "how many conversations is moira handling?",
    E(P("MO-07"), c("text_contains", "field_has", "MO-07", "summary", "29,100"), field="summary"),
)
add(
    "how many vouchers have been issued",
    E(P("MO-30"), c("text_contains", "field_has", "MO-30", "summary", "2,690"), field="summary"),
)
add("when is the telephony cut-over for revs and bens now?", E(P("MO-19"), dates=["2027-05-10"]))
add("has anyone mentioned PCI?", E(c("projects", "mentions", "PCI"), c("answer", "any_mentions", "PCI")))
add("which updates mention Apple?", E(c("projects", "mentions", "Apple")))
add(
    "anyone talking about wayleaves?", E(c("projects", "mentions", "wayleave"), c("answer", "any_mentions", "wayleave"))
)
add("which projects have mentioned agency staff", E(c("projects", "mentions", "agency")))
add("has BDUK come up anywhere", E(c("projects", "mentions", "BDUK"), c("answer", "any_mentions", "BDUK")))

# ----------------------------------------------------------------------------------------------------------
# Not sure (not in the data)
for q in [
    "what's the budget for the ERP?",
    "who's the supplier for the pothole app",
    "who is the senior sponsor for ASC case management?",
    "how many staff work on the data warehouse team",
    "how much has the wifi project spent so far?",
    "is there a project for school transport?",
    "what's the contract value for the telephony upgrade",
    "when is the next DLG meeting?",
    "how many FTE are on m365?",
    "what did cabinet say about the free wifi",
    "which supplier won the scanning contract?",
    "what's the cost per voucher on RGV",
    "what is the ROI on the RPA bots?",
    "who's the portfolio holder for digital?",
    "is there a project to replace the parking permits system",
    "what's the underspend on digital care this year",
    "how many complaints has the chatbot had",
    "what's the satisfaction score for the bootcamps?",
    "who's the finance business partner for the erp",
    "what's the project manager's phone number for blue badge",
    "how much will the data centre exit save?",
    "has the DLG approved the council tax budget",
]:
    add(q, E(not_sure=True))

# ----------------------------------------------------------------------------------------------------------
# Refused: chasing lists for members / in channels
for q, v in [
    ("which projects haven't updated this cycle?", None),
    ("who hasn't done their update yet", None),
    ("which projects have gone quiet?", None),
    ("can you give me a list of who still needs to update please", "member_channel"),
    ("who's late with their update?", "admin_channel"),
    ("which projects haven't updated in the last fortnight", None),
    ("who do i need to chase for updates?", "member_channel"),
    ("has the wifi project gone quiet?", None),
    ("how many projects haven't updated yet this cycle", "admin_channel"),
    ("which leads haven't submitted this time round", None),
    ("list the projects with no update since easter", "member_channel"),
    ("which projects have never submitted an update?", None),
    ("who's not updated since the last digest", "admin_channel"),
    ("chasing list please", None),
    ("which digital care projects are overdue with their updates?", "member_channel"),
    ("who hasnt updated this week", None),
]:
    add(q, E(refused=True), viewer=v)

# Allowed chasing lists (admins / DLG in 1:1)
add(
    "which projects haven't updated this cycle yet?",
    E(c("projects", "not_updated", "this_cycle"), c("since", "since", "this_cycle")),
    viewer="admin",
)
add(
    "how many are still to update this cycle",
    E(c("count", "n_not_updated", "this_cycle"), c("since", "since", "this_cycle")),
    viewer="dlg",
)
add("which projects have gone quiet", E(c("projects", "gone_quiet"), c("count", "n_gone_quiet")), viewer="admin")
add(
    "who hasn't updated in the past fortnight?",
    E(c("projects", "not_updated", "past_fortnight"), c("since", "since", "past_fortnight")),
    viewer="dlg",
)
add("which projects have never sent an update", E(c("projects", "never"), c("count", "n_never")), viewer="admin")
add(
    "which projects didn't update last week",
    E(c("projects", "not_updated", "last_week"), c("since", "since", "last_week"), c("until", "until", "last_week")),
    viewer="admin",
)
add(
    "who hasn't updated since the last digest?",
    E(c("projects", "not_updated", "since_digest"), c("since", "since", "since_digest")),
    viewer="dlg",
)
add(
    "which digital care projects still need to update this cycle",
    E(c("projects", "not_updated", "this_cycle", CARE), c("since", "since", "this_cycle")),
    viewer="admin",
)
add(
    "which digital economy ones haven't updated this week?",
    E(c("projects", "not_updated", "this_week", ECO), c("since", "since", "this_week")),
    viewer="dlg",
)
add(
    "has the free wifi project gone quiet?", E(P("MO-36"), c("dates", "last_day", "MO-36"), answer=True), viewer="admin"
)

# ----------------------------------------------------------------------------------------------------------
# Small talk
for q in [
    "morning!",
    "hiya",
    "ta",
    "cheers, that's great",
    "thanks v much",
    "good afternoon bot",
    "hello :)",
    "brill thanks",
    "you're a star",
    "how are you today?",
    "ok thanks bye",
    "happy easter!",
    "nice one",
]:
    add(q, E(small_talk=True))

# ----------------------------------------------------------------------------------------------------------
# Ambiguous partial names
for term, q in [
    ("Portal", "how's the portal doing?"),
    ("Booking", "status of the booking project?"),
    ("Care Record", "who leads the care records project"),
    ("Assessment", "what's the latest on the assessment project"),
    ("Market", "hows the market one getting on"),
    ("Data", "is the data project red?"),
    ("Applications", "what % is the online applications project at"),
    ("Centre", "how's the centre project going"),
    ("Record", "records project status?"),
    ("Care", "update on the care project please"),
]:
    add(q, E(c("ambiguous", "ambiguous", term)))

# ----------------------------------------------------------------------------------------------------------
# Multi-part
add(
    "morning - how's the pothole app and who leads the warehouse?",
    parts(status("MO-02", "rag"), E(P("MO-17"), c("leads", "leads", "MO-17"))),
)
add(
    "what % is m365 at and is cyber green?",
    parts(
        status("MO-12", "progress"), E(P("MO-15"), c("rag", "rag", "MO-15"), c("answer", "is_rag", "MO-15", "green"))
    ),
)
add(
    "how many red projects are there, and how many amber?",
    parts(E(c("count", "n_rag", "red")), E(c("count", "n_rag", "amber"))),
)
add(
    "who leads telecare and who's their deputy",
    parts(E(P("MO-22"), c("leads", "leads", "MO-22")), E(P("MO-22"), c("deputies", "deputies", "MO-22"))),
)
add(
    "which projects are in digital economy? and which of them are red?",
    parts(E(c("projects", "area", ECO)), E(c("projects", "rag_set", "red", ECO))),
)
add(
    "when did the data warehouse go red, and what is it blocked on?",
    parts(
        E(P("MO-17"), c("dates", "went", "MO-17", "red")),
        E(P("MO-17"), c("text_contains", "field_has", "MO-17", "blockers", "ERP data model"), field="blockers"),
    ),
)
add(
    "hi, is the erp still red? also when's parallel run 1",
    parts(
        E(P("MO-11"), c("rag", "rag", "MO-11"), c("answer", "is_rag", "MO-11", "red")),
        E(P("MO-11"), c("dates", "ms_due", "MO-11", "Parallel payroll run 1")),
    ),
)
add(
    "what's overdue in digital care and what's due in may across the board?",
    parts(E(c("projects", "overdue_p", CARE)), E(c("projects", "due_p", "2027-05-01", "2027-05-31"))),
)
add("status of bootcamps + gigabit vouchers pls", parts(status("MO-32"), status("MO-30")))
add(
    "who leads open data and what area is it in",
    parts(
        E(P("MO-34"), c("leads", "leads", "MO-34")),
        E(P("MO-34"), c("text_contains", "area_name", "MO-34"), field="area"),
    ),
)
add(
    "how many projects have updated this week and how many since the last digest?",
    parts(
        E(c("count", "n_updated", "this_week"), c("since", "since", "this_week")),
        E(c("count", "n_updated", "since_digest"), c("since", "since", "since_digest")),
    ),
)
add(
    "is the pothole app on track? and when does it launch",
    parts(
        E(P("MO-02"), c("rag", "rag", "MO-02"), c("answer", "is_rag", "MO-02", "green")),
        E(P("MO-02"), c("dates", "ms_due", "MO-02", "Public launch")),
    ),
)
add(
    "which projects does craig holden lead, and what's the budget for them?",
    parts(E(c("projects", "led_by", "Craig Holden")), E(not_sure=True)),
)
add(
    "how's the family portal doing and who's the deputy",
    parts(status("MO-23", "rag"), E(P("MO-23"), c("deputies", "deputies", "MO-23"))),
)
add(
    "what's the rag on the shared care record and what are they asking dlg for?",
    parts(
        status("MO-24", "rag"),
        E(P("MO-24"), c("text_contains", "field_has", "MO-24", "asks_of_dlg", "ICB"), field="asks"),
    ),
    viewer="dlg",
)
add(
    "how many milestones are overdue and which project has the most?",
    parts(E(c("count", "overdue_n")), E(c("projects", "most_overdue"))),
)
add("thanks! also, which projects are over 90%?", parts(E(small_talk=True), E(c("projects", "prog_cmp", ">", 90))))
add(
    "who leads RPA and when does it finish",
    parts(E(P("MO-18"), c("leads", "leads", "MO-18")), E(P("MO-18"), c("dates", "end_date", "MO-18"))),
)
add(
    "which projects are red and which of them have asks of the dlg?",
    parts(E(c("projects", "rag_set", "red")), E(c("projects", "subset", M.REFS, "red", "asks"))),
    viewer="dlg",
)
add("what's m365 at, and the intranet?", parts(status("MO-12", "progress"), status("MO-13", "progress")))
add(
    "hiya - which projects haven't updated this cycle and how many have gone quiet?",
    parts(
        E(c("projects", "not_updated", "this_cycle"), c("since", "since", "this_cycle")), E(c("count", "n_gone_quiet"))
    ),
    viewer="dlg",
)
add(
    "how many digital care projects are there and how many are green",
    parts(E(c("count", "n_area", CARE)), E(c("count", "n_rag", "green", CARE))),
)
add(
    "how is the council tax project doing and when does it end?",
    parts(status("MO-05", "rag"), E(P("MO-05"), c("dates", "end_date", "MO-05"))),
)
add(
    "where's the data warehouse at (%) and who's the deputy",
    parts(status("MO-17", "progress"), E(P("MO-17"), c("deputies", "deputies", "MO-17"))),
)
add(
    "what's red in digital council, and what's amber?",
    parts(E(c("projects", "rag_set", "red", COU)), E(c("projects", "rag_set", "amber", COU))),
)
add(
    "is the bootcamps project green and is it over 85%?",
    parts(
        E(P("MO-32"), c("answer", "is_rag", "MO-32", "green")),
        E(P("MO-32"), c("progress", "progress", "MO-32"), answer=M.prog("MO-32") > 85),
    ),
)


# ----------------------------------------------------------------------------------------------------------
# Conversations (follow-ups asked in order)
def conv(cid, viewer, *qs):
    for q, e in qs:
        add(q, e, viewer=viewer, conv=cid)


care_red_amber = [r for r in M.area(CARE) if M.rag(r) in ("amber", "red")]
care_red = [r for r in care_red_amber if M.rag(r) == "red"]
conv(
    "c_care",
    None,
    ("which digital care projects aren't green?", E(c("projects", "subset", M.area(CARE), "not_green"))),
    ("which of those are red?", E(c("projects", "subset", care_red_amber, "red"))),
    (
        "why?",
        E(
            c("projects", "subset", care_red_amber, "red"),
            c("text_contains", "field_has", "MO-21", "summary", "13 September"),
        ),
    ),
    ("and who leads them", E(c("projects", "subset", care_red_amber, "red"), c("leads", "leads_of_set", care_red))),
)
(
    conv(
        "c_nkechi",
        None,
        ("what's nkechi obi leading", E(c("projects", "led_by", "Nkechi Obi"))),
        ("which of them are red", E(c("projects", "subset", M.led_by("Nkechi Obi"), "red"))),
        ("when did it go red", E(P("MO-17"), c("dates", "went", "MO-17", "red"))),
    ),
)
conv(
    "c_pot",
    None,
    ("hi, how's the pothole app", status("MO-02", "rag")),
    ("was it red last month?", E(P("MO-02"), c("answer", "was_rag_on", "MO-02", "2027-03-05", "red"))),
    ("when did it come back to green?", E(P("MO-02"), c("dates", "went", "MO-02", "green"))),
    ("who's the deputy?", E(P("MO-02"), c("deputies", "deputies", "MO-02"))),
    ("ta", E(small_talk=True)),
)
conv(
    "c_red",
    "dlg",
    ("which projects are red at the minute", E(c("projects", "rag_set", "red"))),
    ("and their leads?", E(c("projects", "rag_set", "red"), c("leads", "leads_of_set", M.rag_set("red")))),
    ("and their deputies?", E(c("projects", "rag_set", "red"), c("deputies", "deputies_of_set", M.rag_set("red")))),
    ("which of those have asked us for something?", E(c("projects", "subset", M.rag_set("red"), "asks"))),
    (
        "what's the wifi one asking for",
        E(P("MO-36"), c("text_contains", "field_has", "MO-36", "asks_of_dlg", "£45,000"), field="asks"),
    ),
)
conv(
    "c_erp",
    None,
    ("tell me about the finance and hr system replacement", E(P("MO-11"))),
    ("who leads it?", E(P("MO-11"), c("leads", "leads", "MO-11"))),
    (
        "is it better or worse than last month?",
        E(P("MO-11"), c("rag", "rag", "MO-11"), c("text_contains", "rag_on", "MO-11", "2027-03-31")),
    ),
    (
        "what are they asking the dlg for",
        E(P("MO-11"), c("text_contains", "field_has", "MO-11", "asks_of_dlg", "sponsor"), field="asks"),
    ),
    (
        "and what's next?",
        E(P("MO-11"), c("text_contains", "field_has", "MO-11", "next_steps", "26 April"), field="next_steps"),
    ),
)
conv(
    "c_hannah",
    None,
    ("what is hannah greaves leading?", E(c("projects", "led_by", "Hannah Greaves"))),
    ("how are they doing?", E(c("projects", "led_by", "Hannah Greaves"))),
    ("which is furthest along?", E(c("projects", "max_prog", M.led_by("Hannah Greaves")))),
    ("any overdue milestones on hers?", E(c("projects", "subset", M.led_by("Hannah Greaves"), "overdue"), answer=True)),
)
conv(
    "c_quiet",
    "admin",
    ("which projects have gone quiet?", E(c("projects", "gone_quiet"))),
    ("which of those are in digital care", E(c("projects", "subset", M.gone_quiet(), "care"))),
    (
        "who leads them?",
        E(
            c("projects", "subset", M.gone_quiet(), "care"),
            c("leads", "leads_of_set", [r for r in M.gone_quiet() if M.PLAN[r]["priority_area"] == CARE]),
        ),
    ),
    ("when did telecare last update?", E(P("MO-22"), c("dates", "last_day", "MO-22"))),
)
conv(
    "c_week",
    None,
    (
        "what's been updated since the last digest?",
        E(c("projects", "updated", "since_digest"), c("since", "since", "since_digest")),
    ),
    ("which of those are amber or red?", E(c("projects", "subset", M.updated_in("since_digest"), "not_green"))),
    (
        "what's blocking them?",
        E(c("projects", "subset", M.updated_in("since_digest"), "not_green", "blockers"), field="blockers"),
    ),
)
conv(
    "c_wh",
    None,
    (
        "data wherehouse - whats the latest?",
        E(P("MO-17"), c("text_contains", "field_has", "MO-17", "summary", "29 March")),
    ),
    ("is it getting any better?", E(P("MO-17"), c("rag", "rag", "MO-17"), answer=False)),
    ("when did it go red", E(P("MO-17"), c("dates", "went", "MO-17", "red"))),
    ("what's its budget?", E(not_sure=True)),
)
conv(
    "c_econ",
    None,
    ("list the digital economy projects", E(c("projects", "area", ECO), c("count", "n_area", ECO))),
    ("which are amber?", E(c("projects", "rag_set", "amber", ECO))),
    ("and red?", E(c("projects", "rag_set", "red", ECO))),
    ("who leads the red one", E(P("MO-36"), c("leads", "leads", "MO-36"))),
    ("what else is he on?", E(c("projects", "subset", M.led_by("Alun Davies"), "not_MO-36"))),
)
conv(
    "c_asks",
    "dlg",
    ("which projects need a decision from us?", E(c("projects", "asks_p"))),
    ("which of them are in digital care", E(c("projects", "asks_p", CARE))),
    (
        "what's the shared care record one about",
        E(P("MO-24"), c("text_contains", "field_has", "MO-24", "asks_of_dlg", "ICB"), field="asks"),
    ),
    ("cheers", E(small_talk=True)),
)
conv(
    "c_aisha",
    None,
    ("what does aisha rahman lead", E(c("projects", "led_by", "Aisha Rahman"))),
    (
        "are both green?",
        E(c("projects", "led_by", "Aisha Rahman"), answer=all(M.rag(r) == "green" for r in M.led_by("Aisha Rahman"))),
    ),
    ("which is further along", E(c("projects", "max_prog", M.led_by("Aisha Rahman")))),
)
conv(
    "c_ms",
    None,
    ("which milestones are overdue in digital economy?", E(c("projects", "overdue_p", ECO))),
    ("and in digital citizen?", E(c("projects", "overdue_p", CIT))),
    ("how many is that altogether across the whole programme?", E(c("count", "overdue_n"))),
)
conv(
    "c_thisweek_admin",
    "admin",
    ("who's updated this week?", E(c("projects", "updated", "this_week"), c("since", "since", "this_week"))),
    (
        "and who hasn't updated this cycle?",
        E(c("projects", "not_updated", "this_cycle"), c("since", "since", "this_cycle")),
    ),
    ("which of those are red?", E(c("projects", "subset", M.not_updated_in("this_cycle"), "red"))),
    (
        "who leads them",
        E(
            c("projects", "subset", M.not_updated_in("this_cycle"), "red"),
            c("leads", "leads_of_set", [r for r in M.not_updated_in("this_cycle") if M.rag(r) == "red"]),
        ),
    ),
)
conv(
    "c_member_chase",
    None,
    ("which projects updated this week?", E(c("projects", "updated", "this_week"), c("since", "since", "this_week"))),
    ("and which haven't?", E(refused=True)),
)
conv(
    "c_scan",
    None,
    ("how's the scanning project", status("MO-14", "rag")),
    ("was it red in february?", E(P("MO-14"), c("answer", "was_rag_on", "MO-14", "2027-02-20", "red"))),
    ("why was that?", E(P("MO-14"), text_contains=["administration"])),
    ("what's the deputy's email", E(P("MO-14"), c("deputies", "deputies", "MO-14"))),
)
conv(
    "c_m365",
    None,
    ("m365 - rag?", status("MO-12", "rag")),
    ("what % is it at", status("MO-12", "progress")),
    ("what else does tariq lead?", E(c("projects", "led_by", "Tariq Bashir"))),
    ("which of those is amber", E(c("projects", "subset", M.led_by("Tariq Bashir"), "amber"))),
)
conv(
    "c_amb",
    None,
    ("how's the booking project doing", E(c("ambiguous", "ambiguous", "Booking"))),
    ("the registrars one", status("MO-10", "rag")),
    ("when did it last update?", E(P("MO-10"), c("dates", "last_day", "MO-10"))),
)
conv(
    "c_care_rec",
    None,
    ("who leads the care record project?", E(c("ambiguous", "ambiguous", "Care Record"))),
    ("the care homes one", E(P("MO-29"), c("leads", "leads", "MO-29"))),
    ("is it red?", E(P("MO-29"), c("rag", "rag", "MO-29"), c("answer", "is_rag", "MO-29", "red"))),
)
conv(
    "c_farah",
    "dlg",
    ("what's farah qureshi on?", E(c("projects", "led_by", "Farah Qureshi"))),
    ("any of them asking us for anything?", E(c("projects", "subset", M.led_by("Farah Qureshi"), "asks"), answer=True)),
    (
        "what's the asc one asking",
        E(P("MO-21"), c("text_contains", "field_has", "MO-21", "asks_of_dlg", "6-month extension"), field="asks"),
    ),
)
conv(
    "c_digest",
    "dlg",
    (
        "what's changed since the last digest?",
        E(c("projects", "updated", "since_digest"), c("since", "since", "since_digest")),
    ),
    ("any rag changes in there?", E(c("projects", "changed", "since_digest", "any"))),
    (
        "and who hasn't updated since then?",
        E(c("projects", "not_updated", "since_digest"), c("since", "since", "since_digest")),
    ),
)


# ----------------------------------------------------------------------------------------------------------
# More: not sure, refused, ambiguous, multi-part, small talk, windows, follow-ups
for q in [
    "what's the ERP supplier called?",
    "how much did the pothole app cost",
    "whats the headcount in the digital team",
    "when's the wifi contract up for renewal?",
    "how many downloads has the pothole app had",
    "what did the DLG decide on the ERP contingency?",
    "which councillor is championing the bootcamps",
    "what's the carbon saving from the data centre exit?",
    "how many voucher applications were turned down",
    "what's the vacancy rate in adult social care right now",
]:
    add(q, E(not_sure=True))
for q, v in [
    ("which projects are late submitting?", None),
    ("who still owes an update for the 29 march cycle", "member_channel"),
    ("can u list whoevers not updated since the digest", None),
    ("how many projects have gone quiet", "admin_channel"),
]:
    add(q, E(refused=True), viewer=v)
for term, q in [
    ("Applications", "who leads the applications one?"),
    ("System", "how's the system project going"),
    ("Online", "who's running the online one"),
    ("Town", "whats the status of the town project"),
]:
    add(q, E(c("ambiguous", "ambiguous", term)))
for q in ["gm", "lol ok", "thanks for your help!"]:
    add(q, E(small_talk=True))
add(
    "who leads scanning and is it still red?",
    parts(
        E(P("MO-14"), c("leads", "leads", "MO-14")),
        E(P("MO-14"), c("rag", "rag", "MO-14"), c("answer", "is_rag", "MO-14", "red")),
    ),
)
add(
    "whats the % for MyMoorside and the council tax one",
    parts(status("MO-01", "progress"), status("MO-05", "progress")),
)
add(
    "how many projects have blockers and how many have asks?",
    parts(E(c("count", "n_blockers")), E(c("count", "n_asks"))),
    viewer="dlg",
)
add(
    "when did the discharge tracker go back to green and what % is it at now",
    parts(E(P("MO-27"), c("dates", "went", "MO-27", "green")), status("MO-27", "progress")),
)
add(
    "which projects updated since easter, and which of them are red?",
    parts(
        E(c("projects", "updated", "since_easter"), c("since", "since", "since_easter")),
        E(c("projects", "subset", M.updated_in("since_easter"), "red")),
    ),
)
add(
    "morning! is the shared care record still amber? and who's the deputy?",
    parts(
        E(P("MO-24"), c("rag", "rag", "MO-24"), c("answer", "is_rag", "MO-24", "amber")),
        E(P("MO-24"), c("deputies", "deputies", "MO-24")),
    ),
)
add(
    "when does the erp end and when did it start?",
    parts(E(P("MO-11"), c("dates", "end_date", "MO-11")), E(P("MO-11"), c("dates", "start_date", "MO-11"))),
)
add(
    "how many digital council projects are amber, and which digital citizen ones are?",
    parts(E(c("count", "n_rag", "amber", COU)), E(c("projects", "rag_set", "amber", CIT))),
)
add(
    "which red or amber projects have updated in the past week?",
    E(c("projects", "subset", M.updated_in("past_7_days"), "not_green"), c("since", "since", "past_7_days")),
)
add(
    "any updates from digital citizen in the last 10 days?",
    E(c("projects", "updated", "past_10_days", CIT), c("since", "since", "past_10_days")),
)
add(
    "did the pothole app update last week?",
    E(
        P("MO-02"),
        c("answer", "in_window_ref", "last_week", "MO-02"),
        c("since", "since", "last_week"),
        c("until", "until", "last_week"),
    ),
)
add(
    "has the erp updated this week",
    E(P("MO-11"), c("answer", "in_window_ref", "this_week", "MO-11"), c("since", "since", "this_week")),
)
add(
    "did bootcamps update in the past fortnight?",
    E(P("MO-32"), c("answer", "in_window_ref", "past_fortnight", "MO-32"), c("since", "since", "past_fortnight")),
)
add(
    "which digital care projects have updated this month",
    E(c("projects", "updated", "this_month", CARE), c("since", "since", "this_month")),
)
add(
    "how many projects updated in february",
    E(c("count", "n_updated", "february"), c("since", "since", "february"), c("until", "until", "february")),
)
conv(
    "c_owen",
    None,
    ("what's owen pritchard leading", E(c("projects", "led_by", "Owen Pritchard"))),
    ("which of those have overdue milestones?", E(c("projects", "subset", M.led_by("Owen Pritchard"), "overdue"))),
    (
        "what about their deputies",
        E(c("projects", "led_by", "Owen Pritchard"), c("deputies", "deputies_of_set", M.led_by("Owen Pritchard"))),
    ),
    ("thanks", E(small_talk=True)),
)
conv(
    "c_wifi",
    "admin",
    ("how's the free wifi project", status("MO-36", "rag")),
    ("why is it red?", E(P("MO-36"), c("text_contains", "field_has", "MO-36", "blockers", "wayleave"))),
    ("when did they last update", E(P("MO-36"), c("dates", "last_day", "MO-36"))),
    ("so has it gone quiet?", E(P("MO-36"), answer=True)),
)
conv(
    "c_blue",
    None,
    (
        "blue badge - latest?",
        E(P("MO-03"), c("text_contains", "field_has", "MO-03", "summary", "4,050"), field="summary"),
    ),
    ("has it mentioned the DWP?", E(P("MO-03"), answer=True, text_contains=["DWP"])),
    ("when does it finish", E(P("MO-03"), c("dates", "end_date", "MO-03"))),
    ("who's the deputy?", E(P("MO-03"), c("deputies", "deputies", "MO-03"))),
)


# typo-heavy phrasings
add("whihc projects are red", E(c("projects", "rag_set", "red")))
add("hwo many projects are green atm", E(c("projects", "rag_set", "green"), c("count", "n_rag", "green")))
add("who's teh lead for the discharge tracker", E(P("MO-27"), c("leads", "leads", "MO-27"), field="leads"))
add("what milestones are overdeu in digital council", E(c("projects", "overdue_p", COU), c("count", "overdue_n", COU)))
add("whats the progres on the intranet", status("MO-13", "progress"))
add("is the chatbot on trakc?", E(P("MO-07"), c("rag", "rag", "MO-07"), c("answer", "is_rag", "MO-07", "green")))
add("which projects hvae asks of the dlg", E(c("projects", "asks_p")), viewer="dlg")
add("when did the erp last udpate", E(P("MO-11"), c("dates", "last_day", "MO-11")))
add(
    "what's blockign the data warehouse?",
    E(P("MO-17"), c("text_contains", "field_has", "MO-17", "blockers", "ERP data model"), field="blockers"),
)
add("deputty for the discharge tracker?", E(P("MO-27"), c("deputies", "deputies", "MO-27")))
add(
    "did the library portal update in the cycle before easter?",
    E(
        P("MO-04"),
        c("answer", "in_window_ref", "last_cycle", "MO-04"),
        c("since", "since", "last_cycle"),
        c("until", "until", "last_cycle"),
    ),
)
add(
    "which projects updated in the last cycle (the one starting 15 march)?",
    E(c("projects", "updated", "last_cycle"), c("since", "since", "last_cycle"), c("until", "until", "last_cycle")),
)


# ----------------------------------------------------------------------------------------------------------
def yq(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yv(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(yv(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {yv(x)}" for k, x in v.items()) + "}"
    s = str(v)
    import re

    if re.fullmatch(r"MO-\d\d|\d{4}-\d\d-\d\d|[a-z_]+", s) and s not in (
        "yes",
        "no",
        "true",
        "false",
        "null",
        "on",
        "off",
    ):
        return s
    return yq(s)


KEY_ORDER = [
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


def ordered(exp):
    out = {k: exp[k] for k in KEY_ORDER if k in exp}
    if "parts" in out:
        out["parts"] = [ordered(p) for p in out["parts"]]
    assert set(out) == set(exp), exp
    return out


HEADER = """# Moorside County Council "Digital First" dev questions (corpus: moor/)
# Reader's key -- all expectations are computed from the CSVs by tools/make_questions.py
#   now:            Thu 8 Apr 2027 09:30 UTC = 10:30 BST (Europe/London; BST from Sun 28 Mar 2027)
#   cycles:         fortnightly, opening Mondays 4 Jan, 18 Jan, 1 Feb, 15 Feb, 1 Mar, 15 Mar, 29 Mar 2027
#                   current cycle 29 Mar - 11 Apr 2027 (opened on Easter Monday)
#   last digest:    Fri 2 Apr 2027 15:00 UTC
#   Easter 2027:    Good Friday 26 Mar, Easter Sunday 28 Mar, Easter Monday 29 Mar (no updates 26-28 Mar)
#   windows (since/until are local ISO days; submitted_at instants are compared with the window):
#     this week        2027-04-05 .. now   (from 2027-04-04T23:00Z)
#     last week        2027-03-29 .. 2027-04-04 (Mon-Sun; 2027-03-28T23:00Z - 2027-04-04T23:00Z)
#     past 7 days      since 2027-04-01T09:30Z      past 10 days   since 2027-03-29T09:30Z
#     past fortnight   since 2027-03-25T09:30Z      this month     2027-04-01 .. now
#     last month       2027-03-01 .. 2027-03-31     February       2027-02-01 .. 2027-02-28
#     since digest     since 2027-04-02T15:00Z      since Easter   since 2027-03-28
#     this cycle       since 2027-03-29             last cycle     2027-03-15 .. 2027-03-28
#   conventions: latest RAG/progress = most recent update; never-updated projects have no RAG;
#     overdue milestone = due before 2027-04-08 and not done; "gone quiet" = no update in the past fortnight
#     (includes the two never-updated projects); deputies are given by name when in people.csv, else by email;
#     "when did X go red/green" = the day of the update that most recently turned it that colour.
"""


def main():
    # extra calc used above
    lines = [
        HEADER.rstrip("\n"),
        "viewers:",
        "  member: {staff_roles: [], conversation_type: personal}",
        "  member_channel: {staff_roles: [], conversation_type: channel}",
        "  admin: {staff_roles: [admin], conversation_type: personal}",
        "  dlg: {staff_roles: [dlg], conversation_type: personal}",
        "  admin_channel: {staff_roles: [admin], conversation_type: channel}",
        "questions:",
    ]
    checks = []
    for i, q in enumerate(QUESTIONS):
        lines.append(f"  - q: {yq(q['q'])}")
        if q["viewer"]:
            lines.append(f"    viewer: {q['viewer']}")
        if q["conv"]:
            lines.append(f"    conversation: {q['conv']}")
        lines.append(f"    expect: {yv(ordered(q['expect']))}")
        checks.append({"i": i, "q": q["q"], "checks": q["checks"]})
    root = os.path.dirname(HERE)
    with open(os.path.join(root, "dev.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(HERE, "dev_checks.json"), "w") as f:
        json.dump(checks, f, indent=1, sort_keys=True)
        f.write("\n")
    print(len(QUESTIONS), "questions")


if __name__ == "__main__":
    main()

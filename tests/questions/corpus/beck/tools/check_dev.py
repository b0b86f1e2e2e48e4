"""Independent re-check of dev.yaml against beck/*.csv (own CSV reading, own UK clock rules, own calculations).

Prints OK when every computed value, reference, viewer rule and data rule holds and the generators reproduce every
file byte for byte.
"""

import calendar
import collections
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BECK = HERE  # the repository keeps the data beside dev.yaml
EXAMPLE = os.path.join(HERE, "..", "shire")  # the format example the author was given had these headers
PROBLEMS = []


def bad(msg):
    PROBLEMS.append(msg)


# ---------------------------------------------------------------- CSV reading (hand-rolled, RFC 4180 quoting)
def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def parse_csv(path):
    text = read_text(path)
    rows, row, cell, quoted, i = [], [], [], False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1 : i + 2] == '"':
                cell.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                cell.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ",":
            row.append("".join(cell))
            cell = []
        elif ch == "\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell = [], []
        elif ch != "\r":
            cell.append(ch)
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    header = rows[0]
    for r in rows[1:]:
        if len(r) != len(header):
            bad(f"{os.path.basename(path)}: row width {len(r)} != {len(header)}: {r[:2]}")
    return header, [dict(zip(header, r, strict=False)) for r in rows[1:]]


# ---------------------------------------------------------------- UK clock (own rules: BST from the last Sunday of
# March 01:00 UTC to the last Sunday of October 01:00 UTC)
def last_sunday(year, month):
    last = calendar.monthrange(year, month)[1]
    day = dt.date(year, month, last)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def bst_active(utc_naive):
    y = utc_naive.year
    begin = dt.datetime.combine(last_sunday(y, 3), dt.time(1))
    end = dt.datetime.combine(last_sunday(y, 10), dt.time(1))
    return begin <= utc_naive < end


def to_local(utc_naive):
    return utc_naive + dt.timedelta(hours=1 if bst_active(utc_naive) else 0)


def local_midnight_utc(day):
    naive = dt.datetime.combine(day, dt.time(0))
    guess = naive - dt.timedelta(hours=1)
    return guess if bst_active(guess) else naive


def iso(x):
    return x.isoformat() if isinstance(x, (dt.date, dt.datetime)) else str(x)


# ---------------------------------------------------------------- load data
def header_of(path):
    return open(path, encoding="utf-8").readline().rstrip("\n")


for fname in ("plan.csv", "milestones.csv", "history.csv", "people.csv", "roles.csv"):
    if header_of(os.path.join(BECK, fname)) != header_of(os.path.join(EXAMPLE, fname)):
        bad(f"header of {fname} differs from example/")

_, PLAN_ROWS = parse_csv(os.path.join(BECK, "plan.csv"))
_, MS = parse_csv(os.path.join(BECK, "milestones.csv"))
_, UPD = parse_csv(os.path.join(BECK, "history.csv"))
_, PPL = parse_csv(os.path.join(BECK, "people.csv"))
_, ROLE_ROWS = parse_csv(os.path.join(BECK, "roles.csv"))
META = yaml.safe_load(read_text(os.path.join(BECK, "meta.yaml")))
PLAN = collections.OrderedDict((p["ref"], p) for p in PLAN_ROWS)
NAMES = {p["email"]: p["name"] for p in PPL}
NOW = dt.datetime.strptime(META["now"], "%Y-%m-%dT%H:%M:%SZ")
DIGEST = dt.datetime.strptime(META["last_digest_at"], "%Y-%m-%dT%H:%M:%SZ")
TODAY = to_local(NOW).date()
for u in UPD:
    u["t"] = dt.datetime.strptime(u["submitted_at"], "%Y-%m-%dT%H:%M:%SZ")
    u["ld"] = to_local(u["t"]).date()
    u["pct"] = int(u["progress_pct"])
BY_REF = collections.defaultdict(list)
for u in sorted(UPD, key=lambda x: x["t"]):
    BY_REF[u["project_ref"]].append(u)
MS_BY = collections.defaultdict(list)
for m in MS:
    MS_BY[m["project_ref"]].append(m)

# ---------------------------------------------------------------- data sanity
AREA_N = {"Digital Citizen": 11, "Digital Council": 10, "Digital Care": 11, "Digital Economy": 8}
ENAB = {
    "Communications and marketing",
    "Information governance and cyber security",
    "Data and insight",
    "Collaboration and integration",
}
if list(PLAN) != [f"BK-{i:02d}" for i in range(1, 41)]:
    bad("plan refs are not BK-01..BK-40 in order")
if collections.Counter(p["priority_area"] for p in PLAN.values()) != collections.Counter(AREA_N):
    bad("area sizes differ from 11/10/11/8")
for p in PLAN.values():
    if not set(p["enablers"].split(";")) <= ENAB:
        bad(f"{p['ref']}: unknown enabler")
    if NAMES.get(p["lead_email"]) != p["lead_name"]:
        bad(f"{p['ref']}: lead not in people.csv by that name")
    if p["start_date"] >= p["end_date"]:
        bad(f"{p['ref']}: start after end")
for u in UPD:
    p = PLAN.get(u["project_ref"])
    if not p:
        bad(f"update for unknown ref {u['project_ref']}")
        continue
    if u["submitted_by_email"] not in (p["lead_email"], p["deputy_email"]) or not u["submitted_by_email"]:
        bad(f"{u['project_ref']} {u['submitted_at']}: submitted by neither lead nor deputy")
    if u["rag"] not in ("green", "amber", "red") or not 0 <= u["pct"] <= 100:
        bad(f"{u['project_ref']} {u['submitted_at']}: bad rag/progress")
    if u["t"] > NOW or not u["submitted_at"].endswith("Z"):
        bad(f"{u['project_ref']} {u['submitted_at']}: in the future or not UTC")
    for col in ("summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"):
        if not u[col]:
            bad(f"{u['project_ref']} {u['submitted_at']}: empty {col}")
for m in MS:
    if m["status"] not in ("done", "in_progress", "not_started") or m["project_ref"] not in PLAN:
        bad(f"milestone row wrong: {m}")
    dt.date.fromisoformat(m["due_date"])
if any(r["role"] not in ("admin", "dlg") for r in ROLE_ROWS):
    bad("roles.csv: unknown role")
never = [r for r in PLAN if not BY_REF[r]]
if len(never) != 2:
    bad(f"expected two never-updated projects, got {never}")
nov = {u["project_ref"] for u in UPD if u["t"] >= local_midnight_utc(dt.date(2027, 11, 1))}
if len(nov) != 9:
    bad(f"expected 9 projects updated this cycle, got {len(nov)}")
if not 200 <= len(UPD) <= 260 or not 100 <= len(MS) <= 140:
    bad(f"scale: {len(UPD)} updates, {len(MS)} milestones")
zi = ZoneInfo("Europe/London")
for u in UPD:  # own clock rules must agree with the tz database
    tzl = u["t"].replace(tzinfo=dt.UTC).astimezone(zi).replace(tzinfo=None)
    if tzl != to_local(u["t"]):
        bad(f"clock disagreement at {u['submitted_at']}")
drops = [r for r in PLAN if any(b["pct"] < a["pct"] for a, b in zip(BY_REF[r], BY_REF[r][1:], strict=False))]
if len(drops) != 1:
    bad(f"progress should go down for exactly one (re-baselined) project, got {drops}")
if {p["deputy_email"] for p in PLAN.values() if p["deputy_email"] and p["deputy_email"] not in NAMES} == set():
    bad("no deputy known only by email")

# ---------------------------------------------------------------- windows: (start UTC, end UTC, since, until)
D = dt.date.fromisoformat


def day_window(a, b):
    a, b = D(a), D(b)
    end = NOW if b == TODAY else local_midnight_utc(b + dt.timedelta(days=1))
    return local_midnight_utc(a), end, a, b


def rolling(n):
    s = NOW - dt.timedelta(days=n)
    return s, NOW, to_local(s).date(), TODAY


def month_window(y, mth):
    return day_window(f"{y}-{mth:02d}-01", f"{y}-{mth:02d}-{calendar.monthrange(y, mth)[1]:02d}")


WIN = {
    "today": day_window("2027-11-02", "2027-11-02"),
    "yesterday": day_window("2027-11-01", "2027-11-01"),
    "this_week": day_window((TODAY - dt.timedelta(days=TODAY.weekday())).isoformat(), TODAY.isoformat()),
    "last_week": day_window(
        (TODAY - dt.timedelta(days=TODAY.weekday() + 7)).isoformat(),
        (TODAY - dt.timedelta(days=TODAY.weekday() + 1)).isoformat(),
    ),
    "past7": rolling(7),
    "past10": rolling(10),
    "fortnight": rolling(14),
    "digest": (DIGEST, NOW, to_local(DIGEST).date(), TODAY),
    "this_cycle": day_window("2027-11-01", TODAY.isoformat()),
    "last_cycle": month_window(2027, 10),
    "september": month_window(2027, 9),
    "august": month_window(2027, 8),
    "july": month_window(2027, 7),
    "half_term": day_window("2027-10-25", "2027-10-29"),
    "since_half_term": day_window("2027-10-25", TODAY.isoformat()),
    "oct8": day_window("2027-10-08", "2027-10-08"),
}


def within(key):
    s, e, _, _ = WIN[key]
    return [u for u in UPD if s <= u["t"] < e]


def span(key):
    return {"since": iso(WIN[key][2]), "until": iso(WIN[key][3])}


def last(ref):
    return BY_REF[ref][-1] if BY_REF[ref] else None


def rag_now(ref):
    return last(ref)["rag"] if last(ref) else None


def dep_label(ref):
    e = PLAN[ref]["deputy_email"]
    return [] if not e else [NAMES.get(e, e)]


FCOL = {
    "summary": "summary",
    "achievements": "achievements",
    "next_steps": "next_steps",
    "risks": "risks",
    "blockers": "blockers",
    "asks": "asks_of_dlg",
}
RANK = ["green", "amber", "red"]


def red_turns(ref, colour="red"):
    x = BY_REF[ref]
    return [x[i] for i in range(len(x)) if x[i]["rag"] == colour and (i == 0 or x[i - 1]["rag"] != colour)]


def as_of(ref, day):
    x = [u for u in BY_REF[ref] if u["ld"] <= D(day)]
    return x[-1]


def k_filter(
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
    refs = list(PLAN)
    if area:
        refs = [r for r in refs if PLAN[r]["priority_area"] == area]
    if rags:
        refs = [r for r in refs if rag_now(r) in rags]
    if lead:
        refs = [r for r in refs if PLAN[r]["lead_name"] == lead]
    if no_deputy:
        refs = [r for r in refs if PLAN[r]["deputy_email"] == ""]
    if enabler:
        refs = [r for r in refs if enabler in PLAN[r]["enablers"].split(";")]
    if below is not None:
        refs = [r for r in refs if last(r) and last(r)["pct"] < below]
    if above is not None:
        refs = [r for r in refs if last(r) and last(r)["pct"] > above]
    if asks:
        refs = [r for r in refs if last(r) and last(r)["asks_of_dlg"] != "None"]
    if blockers:
        refs = [r for r in refs if last(r) and last(r)["blockers"] != "None"]
    if never:
        refs = [r for r in refs if not BY_REF[r]]
    out = {"projects": refs}
    if want_count:
        out["count"] = len(refs)
    return out


def k_overdue(area=None, rag=None, want_count=False):
    refs = set()
    for m in MS:
        r = m["project_ref"]
        if D(m["due_date"]) >= TODAY or m["status"] == "done":
            continue
        if area and PLAN[r]["priority_area"] != area:
            continue
        if rag and rag_now(r) != rag:
            continue
        refs.add(r)
    out = {"projects": sorted(refs)}
    if want_count:
        out["count"] = len(refs)
    return out


def k_updated(key, area=None, want_count=False):
    refs = sorted(
        {u["project_ref"] for u in within(key) if not area or PLAN[u["project_ref"]]["priority_area"] == area}
    )
    out = {"projects": refs, **span(key)}
    if want_count:
        out["count"] = len(refs)
    return out


def k_not_updated(key, want_count=False):
    seen = {u["project_ref"] for u in within(key)}
    refs = [r for r in PLAN if r not in seen]
    out = {"projects": refs, "since": span(key)["since"]}
    if want_count:
        out["count"] = len(refs)
    return out


def k_moved(key, direction):
    s, e, _, _ = WIN[key]
    refs = []
    for r in PLAN:
        pre = [u for u in BY_REF[r] if u["t"] < s]
        inside = [u for u in BY_REF[r] if s <= u["t"] < e]
        if pre and inside:
            delta = RANK.index(inside[-1]["rag"]) - RANK.index(pre[-1]["rag"])
            if (delta > 0 and direction == "worse") or (delta < 0 and direction == "better"):
                refs.append(r)
    return {"projects": refs, **span(key)}


def k_turned(key, colour):
    s, e, _, _ = WIN[key]
    refs = sorted({r for r in PLAN for u in red_turns(r, colour) if s <= u["t"] < e})
    return {"projects": refs, **span(key)}


def k_area_most(colour):
    tally = collections.Counter(PLAN[r]["priority_area"] for r in PLAN if rag_now(r) == colour)
    (area, n), *rest = tally.most_common()
    if rest and rest[0][1] == n:
        bad(f"area_most {colour}: tie")
    return {
        "projects": [r for r in PLAN if PLAN[r]["priority_area"] == area and rag_now(r) == colour],
        "count": n,
        "text_contains": [area],
    }


MONTHNUM = {m: i for i, m in enumerate(calendar.month_name) if m}


def k_golive(ref):
    dates = []
    for u in BY_REF[ref]:
        for dd, mm, yy in re.findall(r"go-live (?:moved to|still) (\d+) (\w+) (\d{4})", u["summary"]):
            dates.append(dt.date(int(yy), MONTHNUM[mm], int(dd)))
    return {"projects": [ref], "dates": [iso(dates[-1])]}


def k_due_between(since, until, area=None):
    rows = [m for m in MS if since <= m["due_date"] <= until and m["status"] != "done"]
    if area:
        rows = [m for m in rows if PLAN[m["project_ref"]]["priority_area"] == area]
    return {
        "projects": sorted({m["project_ref"] for m in rows}),
        "dates": sorted({m["due_date"] for m in rows}),
        "since": since,
        "until": until,
    }


def with_answer(refs):
    return {"projects": refs, "answer": bool(refs)}


def with_count(refs):
    return {"projects": refs, "count": len(refs)}


def with_leads(refs):
    return {"projects": refs, "leads": sorted({PLAN[r]["lead_name"] for r in refs})}


def k_restrict(calc, args, rag=None, area=None):
    refs = KCALC[calc](**args)["projects"]
    return {
        "projects": [
            r for r in refs if (rag is None or rag_now(r) == rag) and (area is None or PLAN[r]["priority_area"] == area)
        ]
    }


KCALC = {
    "status": lambda ref: {"projects": [ref], "rag": last(ref)["rag"], "progress": last(ref)["pct"]},
    "rag_is": lambda ref, colour: {"projects": [ref], "rag": rag_now(ref), "answer": rag_now(ref) == colour},
    "progress": lambda ref: {"projects": [ref], "progress": last(ref)["pct"], "field": "progress"},
    "lead": lambda ref: {"projects": [ref], "leads": [PLAN[ref]["lead_name"]], "field": "leads"},
    "deputy": lambda ref: {"projects": [ref], "deputies": dep_label(ref)},
    "has_deputy": lambda ref: {"projects": [ref], "deputies": dep_label(ref), "answer": len(dep_label(ref)) == 1},
    "field": lambda ref, field: {"projects": [ref], "field": field},
    "area": lambda ref: {"projects": [ref], "field": "area", "text_contains": [PLAN[ref]["priority_area"]]},
    "enablers": lambda ref: {"projects": [ref], "field": "enablers", "text_contains": PLAN[ref]["enablers"].split(";")},
    "end": lambda ref: {"projects": [ref], "field": "dates", "dates": [PLAN[ref]["end_date"]]},
    "start": lambda ref: {"projects": [ref], "field": "dates", "dates": [PLAN[ref]["start_date"]]},
    "last_update": lambda ref: {"projects": [ref], "dates": [iso(last(ref)["ld"])]},
    "went_red": lambda ref: {"projects": [ref], "field": "history", "dates": [iso(red_turns(ref)[-1]["ld"])]},
    "red_since": lambda ref: {
        "projects": [ref],
        "field": "history",
        "dates": [iso(red_turns(ref)[-1]["ld"])],
        "rag": rag_now(ref),
    },
    "rag_at": lambda ref, day: {"projects": [ref], "rag": as_of(ref, day)["rag"]},
    "progress_at": lambda ref, day: {"projects": [ref], "progress": as_of(ref, day)["pct"]},
    "milestone": lambda ref, title: {
        "projects": [ref],
        "dates": [m["due_date"] for m in MS_BY[ref] if m["title"] == title],
    },
    "next_milestone": lambda ref: {
        "projects": [ref],
        "field": "milestones",
        "dates": [min(m["due_date"] for m in MS_BY[ref] if m["status"] != "done" and D(m["due_date"]) >= TODAY)],
    },
    "overdue": k_overdue,
    "overdue_one": lambda ref: {
        "projects": [ref],
        "field": "milestones",
        "answer": bool([m for m in MS_BY[ref] if D(m["due_date"]) < TODAY and m["status"] != "done"]),
        "dates": sorted(m["due_date"] for m in MS_BY[ref] if D(m["due_date"]) < TODAY and m["status"] != "done"),
    },
    "due_between": k_due_between,
    "filter": k_filter,
    "deputy_of": lambda name: {"projects": [r for r in PLAN if dep_label(r) == [name]]},
    "involved": lambda name: {"projects": [r for r in PLAN if PLAN[r]["lead_name"] == name or dep_label(r) == [name]]},
    "updated": k_updated,
    "not_updated": k_not_updated,
    "quiet": lambda: {"projects": [r for r in PLAN if r not in {u["project_ref"] for u in within("fortnight")}]},
    "turned": k_turned,
    "moved": k_moved,
    "area_most": k_area_most,
    "count_updates": lambda ref, key=None: {
        "projects": [ref],
        "count": len([u for u in (within(key) if key else UPD) if u["project_ref"] == ref]),
    },
    "compare": lambda a, b: {"projects": [max((a, b), key=lambda r: last(r)["pct"])]},
    "mentions": lambda term: with_answer(
        sorted({u["project_ref"] for u in UPD for c in FCOL.values() if term.lower() in u[c].lower()})
    ),
    "golive": k_golive,
    "count_area": lambda area: with_count([r for r in PLAN if PLAN[r]["priority_area"] == area]),
    "count_milestones": lambda ref: {
        "projects": [ref],
        "field": "milestones",
        "count": len(MS_BY[ref]),
        "dates": sorted(m["due_date"] for m in MS_BY[ref]),
    },
    "month_text": lambda ref, key, field: {"projects": [ref], "field": field},
    "progress_drop": lambda: {
        "projects": [
            r for r in PLAN if any(b["pct"] < a["pct"] for a, b in zip(BY_REF[r], BY_REF[r][1:], strict=False))
        ]
    },
    "restrict": k_restrict,
    "leads_of": lambda calc, args: with_leads(KCALC[calc](**args)["projects"]),
    "count_of": lambda calc, args: with_count(KCALC[calc](**args)["projects"]),
    "ambiguous": lambda words: {
        "ambiguous": [
            r
            for r in PLAN
            if any(
                re.search(r"(?<![A-Za-z])" + re.escape(w.lower()) + r"(?![A-Za-z])", PLAN[r]["name"].lower())
                for w in words
            )
        ]
    },
    "const": lambda **kw: dict(kw),
}
COUNT_NOT_PROJECTS = {"count_updates", "count_milestones"}
NOT_UPDATED = {"not_updated", "quiet"}


def text_source(calc, args):
    """Where text_contains words must come from."""
    if calc == "field":
        return [last(args["ref"])[FCOL[args["field"]]]]
    if calc == "month_text":
        x = [u for u in within(args["key"]) if u["project_ref"] == args["ref"]]
        return [x[-1][FCOL[args["field"]]]]
    return None


def norm(e):
    out = {}
    for k, v in e.items():
        if isinstance(v, list):
            v = [iso(x) if not isinstance(x, dict) else norm(x) for x in v]
            if k in ("projects", "leads", "deputies", "people", "dates", "ambiguous", "text_contains"):
                v = sorted(v)
        elif isinstance(v, (dt.date, dt.datetime)):
            v = iso(v)
        out[k] = v
    return out


def check_one(where, exp, calc, args, viewer):
    if calc not in KCALC or KCALC[calc] is None:
        bad(f"{where}: unknown calc {calc}")
        return
    want = KCALC[calc](**args)
    got = norm(exp)
    src = text_source(calc, args)
    if src is not None:
        words = got.pop("text_contains", [])
        if not words:
            bad(f"{where}: text_contains missing")
        for w in words:
            if not any(w.lower() in s.lower() for s in src) or w.lower() == "none":
                bad(f"{where}: text_contains {w!r} not in the data field")
    if norm(want) != got:
        bad(f"{where}: expect {got} != recomputed {norm(want)}")
    if "count" in got and "projects" in got and calc not in COUNT_NOT_PROJECTS and got["count"] != len(got["projects"]):
        bad(f"{where}: count != len(projects)")
    for ref in got.get("projects", []) + got.get("ambiguous", []):
        if ref not in PLAN:
            bad(f"{where}: unknown ref {ref}")
    for name in got.get("leads", []):
        if name not in NAMES.values():
            bad(f"{where}: lead {name} not in people.csv")
    for dep in got.get("deputies", []):
        if dep not in NAMES.values() and not (re.fullmatch(r"[\w.]+@[\w.]+", dep) and dep not in NAMES):
            bad(f"{where}: deputy {dep} neither a known name nor an unknown email")
    if calc in NOT_UPDATED and viewer not in ("admin", "dlg"):
        bad(f"{where}: not-updated list shown to {viewer}")


ASKS_NOT_UPDATED = re.compile(
    r"(hasn'?t|haven'?t|didn'?t|\bnot\b|missed|still needs? to|owe)\b.*(updat|report|sen[dt])|gone quiet|chasing|late with",
    re.IGNORECASE,
)


def main():
    doc = yaml.safe_load(read_text(os.path.join(HERE, "dev.yaml")))
    checks = json.loads(read_text(os.path.join(HERE, "tools", "dev_checks.json")))
    qs = doc["questions"]
    if set(doc["viewers"]) != {"member", "member_channel", "admin", "dlg", "admin_channel"}:
        bad("viewers block differs")
    if len(qs) != len(checks):
        bad("dev.yaml and dev_checks.json differ in length")
    if len(qs) < 350:
        bad("fewer than 350 questions")
    seen_conv, conv_viewer, prev_conv = set(), {}, None
    kinds = collections.Counter()
    for i, (q, c) in enumerate(zip(qs, checks, strict=False)):
        where = f"q{i} {q['q']!r}"
        if q["q"] != c["q"]:
            bad(f"{where}: text differs from dev_checks.json")
        viewer = q.get("viewer", "member")
        if viewer not in doc["viewers"] or viewer != c["viewer"]:
            bad(f"{where}: viewer {viewer}")
        conv = q.get("conversation")
        if conv != c["conversation"]:
            bad(f"{where}: conversation differs")
        if conv:
            if conv != prev_conv and conv in seen_conv:
                bad(f"{where}: conversation {conv} not contiguous")
            seen_conv.add(conv)
            if conv_viewer.setdefault(conv, viewer) != viewer:
                bad(f"{where}: conversation {conv} has two viewers")
        prev_conv = conv
        exp = q["expect"]
        if "parts" in c:
            if list(exp) != ["parts"] or not 2 <= len(exp["parts"]) <= 3 or len(exp["parts"]) != len(c["parts"]):
                bad(f"{where}: parts shape")
            for j, (pe, pc) in enumerate(zip(exp["parts"], c["parts"], strict=False)):
                check_one(f"{where} part {j}", pe, pc["calc"], pc["args"], viewer)
        else:
            check_one(where, exp, c["calc"], c["args"], viewer)
        # refusals only where the rules say
        personal = viewer in ("member", "admin", "dlg")
        privileged = viewer in ("admin", "dlg")
        asks_nu = bool(ASKS_NOT_UPDATED.search(q["q"])) and "never" not in q["q"].lower()
        if exp.get("refused"):
            if not asks_nu or (personal and privileged):
                bad(f"{where}: refused although the rules allow it")
        elif asks_nu and not (personal and privileged) and "parts" not in exp:
            bad(f"{where}: a not-updated list for {viewer} must be refused")
        # kind tally for the README
        k = c["kind"]
        if exp.get("not_sure"):
            k = "not_sure"
        elif exp.get("small_talk"):
            k = "small_talk"
        elif "ambiguous" in exp:
            k = "ambiguous"
        kinds[k] += 1
    # regenerate and compare byte for byte
    targets = [f for f in sorted(os.listdir(BECK)) if f.endswith((".csv", ".yaml")) and f != "dev.yaml"] + [
        "dev.yaml",
        "tools/dev_checks.json",
    ]
    before = {t: sha(os.path.join(HERE, t)) for t in targets}
    for tool in ("make_data.py", "make_questions.py"):
        r = subprocess.run(
            [sys.executable, os.path.join("tools", tool)], cwd=HERE, check=False, capture_output=True, text=True
        )
        if r.returncode:
            bad(f"{tool} failed: {r.stderr[-300:]}")
    for t in targets:
        if sha(os.path.join(HERE, t)) != before[t]:
            bad(f"{t} not regenerated byte for byte")
    print("questions by kind:", dict(sorted(kinds.items())), "total", sum(kinds.values()))
    line = "COUNTS: " + " ".join(f"{k}={n}" for k, n in sorted(kinds.items())) + f" total={sum(kinds.values())}"
    readme = os.path.join(HERE, "README.txt")
    if not os.path.exists(readme) or line not in read_text(readme):
        bad(f"README.txt lacks the line {line!r}")
    if PROBLEMS:
        for p in PROBLEMS[:60]:
            print("PROBLEM:", p)
        print(f"{len(PROBLEMS)} problems")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Independent re-check of dev.yaml against the moor/ CSVs.

Does NOT import moorlib or make_questions: every calc named in tools/dev_checks.json is re-implemented here
from the raw CSVs, and every computed value in dev.yaml is compared with the re-computation. Also checks
structure, refs, names, viewers, conversations, static dates/texts, and that make_data.py / make_questions.py
regenerate the files byte for byte.  Run: python3 tools/check_dev.py  (exit 1 on any problem)
"""

import csv
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = ROOT  # the repository keeps the data beside dev.yaml
ERR = []


def err(msg):
    ERR.append(msg)


def load(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


plan = load("plan.csv")
PLAN = {p["ref"]: p for p in plan}
people = {r["email"]: r["name"] for r in load("people.csv")}
roles = load("roles.csv")
hist = load("history.csv")
miles = load("milestones.csv")
meta = yaml.safe_load(open(os.path.join(DATA, "meta.yaml")))

# ---------------------------------------------------------------- time handling (own implementation)
UTC = dt.UTC


def instant(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


BST_START = dt.datetime(2027, 3, 28, 1, 0, tzinfo=UTC)


def local(t):
    return t + (dt.timedelta(hours=1) if t >= BST_START else dt.timedelta(0))


def local_midnight_utc(day):
    """UTC instant of 00:00 local on ISO day."""
    d = dt.datetime.fromisoformat(day).replace(tzinfo=UTC)
    return d - dt.timedelta(hours=1) if d >= dt.datetime(2027, 3, 29, tzinfo=UTC) else d


NOW = instant(meta["now"])
DIGEST = instant(meta["last_digest_at"])
TODAY = local(NOW).date().isoformat()
assert TODAY == "2027-04-08"
monday = local(NOW).date() - dt.timedelta(days=local(NOW).weekday())

# window name -> (start instant, end instant exclusive-or-now, since day, until day)
WIN = {
    "this_week": (local_midnight_utc(monday.isoformat()), NOW, monday.isoformat(), TODAY),
    "last_week": (
        local_midnight_utc((monday - dt.timedelta(7)).isoformat()),
        local_midnight_utc(monday.isoformat()),
        (monday - dt.timedelta(7)).isoformat(),
        (monday - dt.timedelta(1)).isoformat(),
    ),
    "past_7_days": (NOW - dt.timedelta(days=7), NOW, (NOW - dt.timedelta(days=7)).date().isoformat(), TODAY),
    "past_10_days": (NOW - dt.timedelta(days=10), NOW, (NOW - dt.timedelta(days=10)).date().isoformat(), TODAY),
    "past_fortnight": (NOW - dt.timedelta(days=14), NOW, (NOW - dt.timedelta(days=14)).date().isoformat(), TODAY),
    "this_month": (local_midnight_utc("2027-04-01"), NOW, "2027-04-01", TODAY),
    "last_month": (local_midnight_utc("2027-03-01"), local_midnight_utc("2027-04-01"), "2027-03-01", "2027-03-31"),
    "february": (local_midnight_utc("2027-02-01"), local_midnight_utc("2027-03-01"), "2027-02-01", "2027-02-28"),
    "since_digest": (DIGEST, NOW, DIGEST.date().isoformat(), TODAY),
    "since_easter": (local_midnight_utc("2027-03-28"), NOW, "2027-03-28", TODAY),
    "this_cycle": (local_midnight_utc("2027-03-29"), NOW, "2027-03-29", TODAY),
    "last_cycle": (local_midnight_utc("2027-03-15"), local_midnight_utc("2027-03-29"), "2027-03-15", "2027-03-28"),
}

by_ref = defaultdict(list)
for u in hist:
    by_ref[u["project_ref"]].append(u)
for r in by_ref:
    by_ref[r].sort(key=lambda u: instant(u["submitted_at"]))


def last(ref):
    xs = [u for u in by_ref[ref] if instant(u["submitted_at"]) <= NOW]
    return xs[-1] if xs else None


def RAG(ref):
    u = last(ref)
    return u["rag"] if u else None


def PCT(ref):
    u = last(ref)
    return int(u["progress_pct"]) if u else None


def refs_in(area=None):
    return sorted(r for r in PLAN if area is None or PLAN[r]["priority_area"] == area)


def in_win(w, ref):
    a, b, _, _ = WIN[w]
    return any(
        a <= instant(u["submitted_at"]) <= b if b == NOW else a <= instant(u["submitted_at"]) < b for u in by_ref[ref]
    )


def overdue(area=None):
    return [
        m
        for m in miles
        if m["due_date"] < TODAY
        and m["status"] != "done"
        and (area is None or PLAN[m["project_ref"]]["priority_area"] == area)
    ]


def dep_display(ref):
    e = PLAN[ref]["deputy_email"]
    return [] if not e else [people[e] if e in people else e]


def name_to_email(n):
    return [e for e, nm in people.items() if nm.lower() == n.lower()][0]


def rag_as_of(ref, day):
    end = local_midnight_utc(day) + dt.timedelta(days=1)
    xs = [u for u in by_ref[ref] if instant(u["submitted_at"]) < end]
    return xs[-1] if xs else None


def became(ref, colour):
    out, prev = None, None
    for u in by_ref[ref]:
        if u["rag"] == colour and prev != colour:
            out = local(instant(u["submitted_at"])).date().isoformat()
        prev = u["rag"]
    return out


RANK = {"red": 1, "amber": 2, "green": 3}


def moved(w, how):
    a, b, _, _ = WIN[w]
    res = []
    for r in refs_in():
        xs = by_ref[r]
        for p, q in zip(xs, xs[1:], strict=False):
            t = instant(q["submitted_at"])
            if not (a <= t <= b):
                continue
            d = RANK[q["rag"]] - RANK[p["rag"]]
            if (how == "improved" and d > 0) or (how == "worse" and d < 0) or (how == "any" and d):
                res.append(r)
                break
    return res


FIELDS = ["summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"]


def pred(p, r):
    return {
        "red": RAG(r) == "red",
        "amber": RAG(r) == "amber",
        "green": RAG(r) == "green",
        "not_green": RAG(r) in ("red", "amber"),
        "asks": bool(last(r)) and last(r)["asks_of_dlg"] != "None",
        "blockers": bool(last(r)) and last(r)["blockers"] != "None",
        "overdue": any(m["project_ref"] == r for m in overdue()),
        "care": PLAN[r]["priority_area"] == "Digital Care",
        "not_MO-36": r != "MO-36",
    }[p]


def terms(ref):
    return [PLAN[ref]["name"].lower()] + [a.lower() for a in PLAN[ref]["aliases"].split(";")]


def calc(name, *a):
    f = {
        "one": lambda ref: [ref],
        "set": lambda *x: sorted(x),
        "area": lambda ar: refs_in(ar),
        "n_area": lambda ar: len(refs_in(ar)),
        "n_all": lambda: len(plan),
        "rag_set": lambda rg, ar=None: [r for r in refs_in(ar) if RAG(r) == rg],
        "n_rag": lambda rg, ar=None: len([r for r in refs_in(ar) if RAG(r) == rg]),
        "rag": lambda ref: RAG(ref),
        "progress": lambda ref: PCT(ref),
        "leads": lambda ref: PLAN[ref]["lead_name"].split(";"),
        "deputies": lambda ref: dep_display(ref),
        "leads_of_set": lambda refs: sorted({n for r in refs for n in PLAN[r]["lead_name"].split(";")}),
        "deputies_of_set": lambda refs: sorted({d for r in refs for d in dep_display(r)}),
        "led_by": lambda n: [r for r in refs_in() if name_to_email(n) in PLAN[r]["lead_email"].split(";")],
        "n_led_by": lambda n: len([r for r in refs_in() if name_to_email(n) in PLAN[r]["lead_email"].split(";")]),
        "deputy_for": lambda n: [r for r in refs_in() if PLAN[r]["deputy_email"] == name_to_email(n)],
        "updated": lambda w, ar=None: [r for r in refs_in(ar) if in_win(w, r)],
        "n_updated": lambda w, ar=None: len([r for r in refs_in(ar) if in_win(w, r)]),
        "not_updated": lambda w, ar=None: [r for r in refs_in(ar) if not in_win(w, r)],
        "n_not_updated": lambda w, ar=None: len([r for r in refs_in(ar) if not in_win(w, r)]),
        "since": lambda w: WIN[w][2],
        "until": lambda w: WIN[w][3],
        "overdue_p": lambda ar=None: sorted({m["project_ref"] for m in overdue(ar)}),
        "overdue_n": lambda ar=None: len(overdue(ar)),
        "overdue_any": lambda ar=None: len(overdue(ar)) > 0,
        "overdue_ref_any": lambda ref: ref in {m["project_ref"] for m in overdue()},
        "due_p": lambda d1, d2, st=None: sorted(
            {m["project_ref"] for m in miles if d1 <= m["due_date"] <= d2 and st in (None, m["status"])}
        ),
        "due_n": lambda d1, d2, st=None: len(
            [m for m in miles if d1 <= m["due_date"] <= d2 and st in (None, m["status"])]
        ),
        "asks_p": lambda ar=None: [r for r in refs_in(ar) if pred("asks", r)],
        "n_asks": lambda ar=None: len([r for r in refs_in(ar) if pred("asks", r)]),
        "has_asks": lambda ref: pred("asks", ref),
        "blockers_p": lambda ar=None: [r for r in refs_in(ar) if pred("blockers", r)],
        "n_blockers": lambda ar=None: len([r for r in refs_in(ar) if pred("blockers", r)]),
        "has_blockers": lambda ref: pred("blockers", ref),
        "rag_on": lambda ref, day: [rag_as_of(ref, day)["rag"]],
        "was_rag_on": lambda ref, day, rg: rag_as_of(ref, day)["rag"] == rg,
        "prog_on": lambda ref, day: [rag_as_of(ref, day)["progress_pct"]],
        "prog_delta": lambda ref, day: [rag_as_of(ref, day)["progress_pct"], str(PCT(ref))],
        "went": lambda ref, rg: [became(ref, rg)],
        "last_day": lambda ref: [local(instant(last(ref)["submitted_at"])).date().isoformat()],
        "changed": lambda w, how: moved(w, how),
        "mentions": lambda word, field=None: [
            r
            for r in refs_in()
            if any(word.lower() in u[f].lower() for u in by_ref[r] for f in ([field] if field else FIELDS))
        ],
        "any_mentions": lambda word, field=None: any(word.lower() in u[f].lower() for u in hist for f in FIELDS),
        "no_deputy": lambda: [r for r in refs_in() if not PLAN[r]["deputy_email"]],
        "n_no_deputy": lambda: len([r for r in refs_in() if not PLAN[r]["deputy_email"]]),
        "gone_quiet": lambda: [r for r in refs_in() if not in_win("past_fortnight", r)],
        "n_gone_quiet": lambda: len([r for r in refs_in() if not in_win("past_fortnight", r)]),
        "never": lambda: [r for r in refs_in() if not by_ref[r]],
        "n_never": lambda: len([r for r in refs_in() if not by_ref[r]]),
        "ending": lambda d1, d2: [r for r in refs_in() if d1 <= PLAN[r]["end_date"] <= d2],
        "n_ending": lambda d1, d2: len([r for r in refs_in() if d1 <= PLAN[r]["end_date"] <= d2]),
        "prog_cmp": lambda op, x: [
            r for r in refs_in() if PCT(r) is not None and {">": PCT(r) > x, ">=": PCT(r) >= x, "<": PCT(r) < x}[op]
        ],
        "n_prog_cmp": lambda op, x: len(
            [r for r in refs_in() if PCT(r) is not None and {">": PCT(r) > x, ">=": PCT(r) >= x, "<": PCT(r) < x}[op]]
        ),
        "ambiguous": lambda t: [r for r in refs_in() if any(t.lower() in s for s in terms(r))],
        "is_rag": lambda ref, rg: RAG(ref) == rg,
        "field_has": lambda ref, field, *texts: (
            list(texts) if all(t in last(ref)[field] for t in texts) else ["<missing>"]
        ),
        "end_date": lambda ref: [PLAN[ref]["end_date"]],
        "start_date": lambda ref: [PLAN[ref]["start_date"]],
        "prog_gt": lambda x, y: PCT(x) > PCT(y),
        "further": lambda x, y: [x if PCT(x) > PCT(y) else y],
        "area_name": lambda ref: [PLAN[ref]["priority_area"]],
        "enabler_p": lambda en: [r for r in refs_in() if en in PLAN[r]["enablers"].split(";")],
        "n_enabler": lambda en: sum(en in PLAN[r]["enablers"].split(";") for r in refs_in()),
        "n_ms_ref": lambda ref: sum(m["project_ref"] == ref for m in miles),
        "ms_due": lambda ref, title: [m["due_date"] for m in miles if m["project_ref"] == ref and m["title"] == title],
        "multi_lead": lambda: [r for r in refs_in() if ";" in PLAN[r]["lead_name"]],
        "subset": lambda refs, *ps: [r for r in refs if all(pred(p, r) for p in ps)],
        "max_prog": lambda refs: [sorted((r for r in refs if PCT(r) is not None), key=lambda r: -PCT(r))[0]],
        "min_prog": lambda refs: [sorted((r for r in refs if PCT(r) is not None), key=lambda r: PCT(r))[0]],
        "red_in": lambda ref, d1, d2: any(
            u["rag"] == "red" and d1 <= local(instant(u["submitted_at"])).date().isoformat() <= d2 for u in by_ref[ref]
        ),
        "prog_drop_days": lambda ref: [
            local(instant(q["submitted_at"])).date().isoformat()
            for p, q in zip(by_ref[ref], by_ref[ref][1:], strict=False)
            if int(q["progress_pct"]) < int(p["progress_pct"])
        ],
        "most_overdue": lambda: (lambda c: sorted(r for r in c if c[r] == max(c.values())))(
            Counter(m["project_ref"] for m in overdue())
        ),
        "n_ms_all": lambda: len(miles),
        "in_window_ref": lambda w, ref: in_win(w, ref),
        "n_ms_status": lambda st: sum(m["status"] == st for m in miles),
        "red_ever": lambda d1: sorted(
            {
                u["project_ref"]
                for u in hist
                if u["rag"] == "red" and local(instant(u["submitted_at"])).date().isoformat() >= d1
            }
        ),
    }[name]
    return f(*a)


def norm(v):
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    return v


def get(exp, key):
    cur = exp
    for k in key.split("."):
        cur = cur[int(k)] if k.isdigit() else cur[k]
    return cur


# ---------------------------------------------------------------- data sanity
def check_data():
    assert len(plan) >= 34 and len(plan) <= 38, len(plan)
    for p in plan:
        for e in p["lead_email"].split(";"):
            if e not in people:
                err(f"lead {e} not in people")
        if [people[e] for e in p["lead_email"].split(";")] != p["lead_name"].split(";"):
            err(f"{p['ref']} lead names/emails mismatch")
        if p["priority_area"] not in ("Digital Citizen", "Digital Council", "Digital Care", "Digital Economy"):
            err(p["ref"])
    for r in roles:
        if r["email"] not in people or r["role"] not in ("admin", "dlg"):
            err(f"bad role {r}")
    if Counter(r["role"] for r in roles) != Counter({"admin": 2, "dlg": 3}):
        err("roles: want 2 admins, 3 dlg")
    for u in hist:
        ref = u["project_ref"]
        allowed = set(PLAN[ref]["lead_email"].split(";")) | {PLAN[ref]["deputy_email"]}
        if u["submitted_by_email"] not in allowed:
            err(f"{ref} update by {u['submitted_by_email']} not lead/deputy")
        if not u["submitted_at"].endswith("Z") or instant(u["submitted_at"]) > NOW:
            err(f"bad submitted_at {u['submitted_at']}")
        if u["rag"] not in RANK:
            err("rag")
    for m in miles:
        if m["project_ref"] not in PLAN or m["status"] not in ("done", "in progress", "not started"):
            err(f"milestone {m}")
    ex = os.path.join(ROOT, "..", "shire")  # the format example the author was given
    for f in ["plan.csv", "milestones.csv", "history.csv", "people.csv", "roles.csv"]:
        if open(os.path.join(ex, f)).readline() != open(os.path.join(DATA, f)).readline():
            err(f"{f}: header differs from example")
    if set(yaml.safe_load(open(os.path.join(ex, "meta.yaml")))) != set(meta):
        err("meta.yaml keys differ from example")
    never = [r for r in PLAN if not by_ref[r]]
    if len(never) != 2:
        err(f"never-updated: {never}")


# ---------------------------------------------------------------- dev.yaml
ALLOWED = {
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
FIELDS_OK = {
    "achievements",
    "area",
    "asks",
    "blockers",
    "dates",
    "description",
    "enablers",
    "history",
    "leads",
    "next_steps",
    "risks",
    "summary",
    "deputies",
    "milestones",
    "progress",
    "rag",
}
NOT_COUNTS_OF_PROJECTS = {"overdue_n", "due_n", "n_ms_ref", "n_ms_all", "n_ms_status", "n_rag"}


def check_exp(i, e, chks_keys, prefix=""):
    for k in e:
        if k not in ALLOWED:
            err(f"q{i}: unknown key {k}")
    for k in ("projects", "ambiguous"):
        for r in e.get(k, []):
            if r not in PLAN:
                err(f"q{i}: bad ref {r}")
        if k in e and e[k] != sorted(set(e[k])):
            err(f"q{i}: {k} not sorted/unique")
    for n in e.get("leads", []):
        if n not in people.values():
            err(f"q{i}: lead {n} unknown")
    for d in e.get("deputies", []):
        if d not in people.values() and d not in {p["deputy_email"] for p in plan}:
            err(f"q{i}: deputy {d} unknown")
    for k in ("since", "until"):
        if k in e:
            dt.date.fromisoformat(e[k])
    for d in e.get("dates", []):
        dt.date.fromisoformat(d)
    if "rag" in e and e["rag"] not in RANK:
        err(f"q{i}: rag {e['rag']}")
    if "answer" in e and not isinstance(e["answer"], bool):
        err(f"q{i}: answer not bool")
    if "field" in e and e["field"] not in FIELDS_OK:
        err(f"q{i}: field {e['field']}")
    if "ambiguous" in e and len(e["ambiguous"]) < 2:
        err(f"q{i}: ambiguous needs 2+ refs")
    if "count" in e and "projects" in e and (prefix + "count") in chks_keys:
        if chks_keys[prefix + "count"] not in NOT_COUNTS_OF_PROJECTS and e["count"] != len(e["projects"]):
            err(f"q{i}: count {e['count']} != len(projects) {len(e['projects'])}")
    # static (not calc-backed) text/dates for single-project expectations must be traceable in that project's data
    if len(e.get("projects", [])) == 1:
        ref = e["projects"][0]
        blob = (
            " ".join(u[f] for u in by_ref[ref] for f in FIELDS)
            + " "
            + " ".join(m["title"] + " " + m["due_date"] for m in miles if m["project_ref"] == ref)
            + " "
            + " ".join(PLAN[ref].values())
        )
        if (prefix + "text_contains") not in chks_keys:
            for t in e.get("text_contains", []):
                if t.lower() not in blob.lower():
                    err(f"q{i}: static text {t!r} not found in {ref} data")
        if (prefix + "dates") not in chks_keys:
            for d in e.get("dates", []):
                day = dt.date.fromisoformat(d)
                human = f"{day.day} {day.strftime('%B')}"
                if d not in blob and human not in blob:
                    err(f"q{i}: static date {d} not found in {ref} data")
    for j, p in enumerate(e.get("parts", [])):
        check_exp(i, p, chks_keys, prefix=f"{prefix}parts.{j}.")


def check_dev():
    doc = yaml.safe_load(open(os.path.join(ROOT, "dev.yaml")))
    ex = yaml.safe_load(open(os.path.join(ROOT, "..", "shire", "tuning.yaml")))
    if doc["viewers"] != ex["viewers"]:
        err("viewers block differs from example")
    qs = doc["questions"]
    checks = json.load(open(os.path.join(ROOT, "tools", "dev_checks.json")))
    if len(checks) != len(qs):
        err("dev_checks.json out of step with dev.yaml")
    conv_viewer = {}
    seen_conv_order = []
    kinds = Counter()
    for i, q in enumerate(qs):
        if set(q) - {"q", "viewer", "conversation", "expect", "excluded"}:
            err(f"q{i}: extra keys {set(q)}")
        if not isinstance(q["q"], str) or not q["q"].strip():
            err(f"q{i}: empty")
        v = q.get("viewer", "member")
        if v not in doc["viewers"]:
            err(f"q{i}: viewer {v}")
        c = q.get("conversation")
        if c:
            if c in conv_viewer and conv_viewer[c] != v:
                err(f"q{i}: viewer changes inside {c}")
            if c in conv_viewer and seen_conv_order[-1] != c:
                err(f"q{i}: conversation {c} not contiguous")
            if c in conv_viewer:
                kinds["follow-up"] += 1
            else:
                kinds["conversation opener"] += 1
            conv_viewer[c] = v
            seen_conv_order.append(c)
        e = norm(q["expect"])
        ck = checks[i]
        if ck["q"] != q["q"]:
            err(f"q{i}: dev_checks text mismatch")
        keys = {k: calc_name for k, calc_name, _ in ck["checks"]}
        check_exp(i, e, keys)
        for key, name, args in ck["checks"]:
            want = calc(name, *args)
            got = get(e, key)
            if want != got:
                err(f"q{i} {q['q']!r}: {key} = {got!r}, recomputed {name}{tuple(args)} = {want!r}")
        # refusals only for chasing lists asked by members or in channels; chasing lists answered only for admin/dlg 1:1
        if e.get("refused") and v in ("admin", "dlg"):
            err(f"q{i}: refusal for {v} in 1:1")
        for _key, name, _args in ck["checks"]:
            if name in ("not_updated", "n_not_updated", "gone_quiet", "n_gone_quiet", "never", "n_never") and v not in (
                "admin",
                "dlg",
            ):
                err(f"q{i}: chasing list answered for {v}")
        # ambiguous: every offered ref contains the term, and no other ref does
        for _key, name, args in ck["checks"]:
            if name == "ambiguous":
                t = args[0].lower()
                for r in e["ambiguous"]:
                    if not any(t in s for s in terms(r)):
                        err(f"q{i}: {r} does not match {t}")
        # kinds
        if "parts" in e:
            kinds["multi-part"] += 1
        for k, lab in (
            ("not_sure", "not sure"),
            ("refused", "refused"),
            ("small_talk", "small talk"),
            ("ambiguous", "ambiguous"),
        ):
            if e.get(k) or any(p.get(k) for p in e.get("parts", [])):
                kinds[lab] += 1
        if "answer" in e or any("answer" in p for p in e.get("parts", [])):
            kinds["yes/no"] += 1
        if "count" in e or any("count" in p for p in e.get("parts", [])):
            kinds["count"] += 1
        if "since" in e or any("since" in p for p in e.get("parts", [])):
            kinds["relative window"] += 1
        if v != "member":
            kinds[f"viewer {v}"] += 1
    return qs, kinds


def check_regen():
    files = [os.path.join(DATA, f) for f in sorted(os.listdir(DATA)) if f.endswith((".csv", ".yaml"))] + [
        os.path.join(ROOT, "tools", "dev_checks.json")
    ]
    before = {f: hashlib.sha256(open(f, "rb").read()).hexdigest() for f in files}
    for s in ("make_data.py", "make_questions.py"):
        subprocess.run(
            [sys.executable, os.path.join(ROOT, "tools", s)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL
        )
    after = {f: hashlib.sha256(open(f, "rb").read()).hexdigest() for f in files}
    for f in files:
        if before[f] != after[f]:
            err(f"regeneration changed {f}")


if __name__ == "__main__":
    check_data()
    qs, kinds = check_dev()
    if "--no-regen" not in sys.argv:
        check_regen()
    n = len(qs)
    print(f"{n} questions; {len(plan)} projects, {len(miles)} milestones, {len(hist)} updates")
    for k, v in sorted(kinds.items()):
        print(f"  {k:22s} {v:4d}  ({100 * v / n:.1f}%)")
    if n < 320:
        err(f"only {n} questions")
    if ERR:
        print(f"\n{len(ERR)} PROBLEMS:")
        for e in ERR:
            print(" -", e)
        sys.exit(1)
    print("OK")

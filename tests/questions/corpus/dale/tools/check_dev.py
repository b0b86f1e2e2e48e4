#!/usr/bin/env python3
"""Independent checker for dev.yaml (standard library only; does not import make_questions or dale).
Parses the restricted YAML written for dev.yaml, then re-checks refs, keys, and recomputes
RAG / progress / leads / deputies / window lists / counts / dates from the CSVs."""

import csv
import datetime as dt
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
DATA = ROOT
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
}
VIEWERS = {"member", "member_channel", "admin", "dlg", "admin_channel"}
# ---------------- tiny flow-YAML reader
TOK = re.compile(
    r'\s*(?:(?P<s>"(?:[^"\\]|\\.)*")|(?P<p>[{}\[\],:])|(?P<b>[^{}\[\],:"\s][^{}\[\],:]*?(?=\s*[{}\[\],:]|\s*$)))'
)


def tokens(t):
    i = 0
    out = []
    while i < len(t):
        m = TOK.match(t, i)
        if not m or m.end() == i:
            if t[i:].strip() == "":
                break
            raise ValueError(f"bad token at {t[i:]!r}")
        if m.group("s") is not None:
            out.append(
                ("s", bytes(m.group("s")[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8"))
            )
        elif m.group("p") is not None:
            out.append(("p", m.group("p")))
        else:
            out.append(("b", m.group("b").strip()))
        i = m.end()
    return out


def bare(v):
    if v == "true":
        return True
    if v == "false":
        return False
    if re.fullmatch(r"-?\d+", v):
        return int(v)
    if re.fullmatch(r"\d{4}-\d\d-\d\d", v):
        return dt.date.fromisoformat(v)
    return v


def parse_flow(t):
    toks = tokens(t)
    pos = [0]

    def val():
        k, v = toks[pos[0]]
        pos[0] += 1
        if k == "p" and v == "{":
            d = {}
            if toks[pos[0]] == ("p", "}"):
                pos[0] += 1
                return d
            while True:
                kk = val()
                assert toks[pos[0]] == ("p", ":"), toks[pos[0]]
                pos[0] += 1
                assert kk not in d, kk
                d[kk] = val()
                k2, v2 = toks[pos[0]]
                pos[0] += 1
                if v2 == "}":
                    return d
                assert v2 == ",", v2
        if k == "p" and v == "[":
            ln = []
            if toks[pos[0]] == ("p", "]"):
                pos[0] += 1
                return ln
            while True:
                ln.append(val())
                k2, v2 = toks[pos[0]]
                pos[0] += 1
                if v2 == "]":
                    return ln
                assert v2 == ",", v2
        if k == "s":
            return v
        if k == "b":
            return bare(v)
        raise ValueError(v)

    r = val()
    assert pos[0] == len(toks), t
    return r


def read_dev(path):
    qs = []
    viewers = {}
    sec = None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line == "viewers:":
            sec = "v"
            continue
        if line == "questions:":
            sec = "q"
            continue
        if sec == "v":
            k, v = line.strip().split(":", 1)
            viewers[k] = parse_flow(v.strip())
            continue
        m = re.fullmatch(r"  - q: (.*)", line)
        if m:
            qs.append({"q": parse_flow(m.group(1)), "line": n})
            continue
        m = re.fullmatch(r"    (viewer|conversation|expect|excluded): (.*)", line)
        assert m, (n, line)
        k, v = m.groups()
        qs[-1][k] = parse_flow(v) if k == "expect" else parse_flow(v)
    return viewers, qs


# ---------------- data
def rd(n):
    with open(os.path.join(DATA, n), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


PLAN = {r["ref"]: r for r in rd("plan.csv")}
MS = rd("milestones.csv")
HIST = rd("history.csv")
PEOPLE = {r["email"]: r["name"] for r in rd("people.csv")}
NAMES = set(PEOPLE.values())
NOW = dt.datetime(2027, 1, 20, 14)
TODAY = NOW.date()
for h in HIST:
    h["t"] = dt.datetime.strptime(h["submitted_at"], "%Y-%m-%dT%H:%M:%SZ")
HIST.sort(key=lambda h: h["t"])


def ups(ref):
    return [h for h in HIST if h["project_ref"] == ref]


def latest(ref):
    u = ups(ref)
    return u[-1] if u else None


def leads(ref):
    return set(PLAN[ref]["lead_name"].split(";"))


def dep(ref):
    e = PLAN[ref]["deputy_email"]
    return PEOPLE.get(e, e) if e else None


def alltext(ref):
    p = PLAN[ref]
    parts = list(p.values()) + [
        m["title"] + " " + m["status"] + " " + m["due_date"] for m in MS if m["project_ref"] == ref
    ]
    for h in ups(ref):
        parts += [
            h[k]
            for k in (
                "rag",
                "progress_pct",
                "summary",
                "achievements",
                "next_steps",
                "risks",
                "blockers",
                "asks_of_dlg",
            )
        ]
    return " ".join(parts).lower()


def project_dates(ref):
    p = PLAN[ref]
    ds = {p["start_date"], p["end_date"]} | {m["due_date"] for m in MS if m["project_ref"] == ref}
    ds |= {h["t"].date().isoformat() for h in ups(ref)}
    txt = alltext(ref)
    for d, mon in re.findall(r"(\d{1,2}) (january|february|march|april|may|june|july)", txt):
        ds.add(
            dt.date(
                2027, ["january", "february", "march", "april", "may", "june", "july"].index(mon) + 1, int(d)
            ).isoformat()
        )
    return ds


# ---------------- checks
errors = []
warn = []


def err(q, msg):
    errors.append(f"line {q['line']}: {q['q']!r}: {msg}")


HIST_WORDS = re.compile(
    r"\b(ago|before|start of|was|last month|better|worse|got|changed|trend|improve|always|ever|turn|go red|go green|went)\b"
)


def check_expect(q, e, top=True):
    for k in e:
        if k not in KEYS:
            err(q, "bad key " + k)
    refs = e.get("projects", [])
    for r in refs + e.get("ambiguous", []):
        if r not in PLAN:
            err(q, "unknown ref " + str(r))
    if "field" in e and e["field"] not in FIELDS:
        err(q, "bad field " + str(e["field"]))
    if "rag" in e and e["rag"] not in ("red", "amber", "green"):
        err(q, "bad rag")
    for n in e.get("leads", []) + e.get("people", []):
        if n not in NAMES:
            err(q, "unknown person " + n)
    for n in e.get("deputies", []):
        if n not in NAMES and not re.fullmatch(r"[a-z.]+@dales\.gov\.uk", n):
            err(q, "bad deputy " + n)
    text = q["q"].lower()
    hist = bool(HIST_WORDS.search(text))
    if len(refs) == 1 and "rag" in e and not hist:
        ln = latest(refs[0])
        if not ln or ln["rag"] != e["rag"]:
            err(q, f"rag {e['rag']} != latest {ln and ln['rag']}")
    if len(refs) == 1 and "progress" in e and not hist:
        ln = latest(refs[0])
        if not ln or int(ln["progress_pct"]) != e["progress"]:
            err(q, f"progress {e['progress']} != latest {ln and ln['progress_pct']}")
    if "leads" in e and refs:
        want = set().union(*(leads(r) for r in refs))
        if set(e["leads"]) != want:
            err(q, f"leads {e['leads']} != {sorted(want)}")
    if "deputies" in e and refs:
        want = {dep(r) for r in refs} - {None}
        if set(e["deputies"]) != want:
            err(q, f"deputies {e['deputies']} != {sorted(want)}")
    for s in e.get("text_contains", []):
        hay = " ".join(alltext(r) for r in refs) if refs else ""
        ok = s.lower() in hay or s in ("red", "amber", "green") or s.startswith("Digital ")
        if not ok:
            err(q, "text not found: " + s)
    for d in e.get("dates", []):
        if refs and not any(d.isoformat() in project_dates(r) for r in refs):
            err(q, f"date {d} not in data for {refs}")
    # window lists: "updated" questions with since
    if (
        "since" in e
        and refs
        and re.search(r"updat|sent", text)
        and "milestone" not in text
        and "answer" in e
        and len(refs) == 1
    ):
        got = any(h["project_ref"] == refs[0] and h["t"].date() >= e["since"] for h in HIST)
        if got != e["answer"]:
            err(q, f"answer {e['answer']} but updated-since is {got}")
    elif "since" in e and refs and re.search(r"updat|sent", text) and "milestone" not in text:
        since = e["since"]
        until = e.get("until")
        start = dt.datetime.combine(since, dt.time(0))
        if re.search(r"past|last week\?|in the last week|last 10|fortnight", text) and "last week" not in text.replace(
            "in the last week", ""
        ):
            start = dt.datetime.combine(since, dt.time(14))
        if "digest" in text:
            start = dt.datetime(2027, 1, 15, 16)
        end = dt.datetime.combine(until, dt.time(23, 59, 59)) if until else NOW
        got = sorted({h["project_ref"] for h in HIST if start <= h["t"] <= end})
        # the question may narrow by area/rag: expected must be a subset, and equal when no narrowing word is used
        if not set(refs) <= set(got):
            err(q, f"window list has refs without updates in window: {sorted(set(refs) - set(got))}")
        narrow = re.search(r"digital|red|amber|green|economy|care|council|citizen|of those|of them|their", text)
        if not narrow and refs != got:
            err(q, f"window list {refs} != {got}")
    if "since" in e and "milestone" in text and refs:
        since = e["since"]
        until = e.get("until", dt.date(2099, 1, 1))
        due = sorted({m["project_ref"] for m in MS if since <= dt.date.fromisoformat(m["due_date"]) <= until})
        if not set(refs) <= set(due):
            err(q, f"milestone window refs outside window {sorted(set(refs) - set(due))}")
    if "count" in e and refs and "milestone" not in text and "projects" in e and top:
        if e["count"] != len(refs) and not re.search(r"how many (residents|reports|records)", text):
            err(q, f"count {e['count']} != {len(refs)}")
    if "overdue" in text and "projects" in e and top and "count" in e:
        od = [m for m in MS if m["status"] != "done" and m["due_date"] < TODAY.isoformat()]
        if "haven't even started" in text:
            od = [m for m in od if m["status"] == "not started"]
        if e["count"] != len(od) and "digital" not in text:
            err(q, f"overdue count {e['count']} != {len(od)}")
        if sorted({m["project_ref"] for m in od}) != refs and "digital" not in text:
            err(q, "overdue refs differ")
    for p in e.get("parts", []):
        check_expect(q, p, top=False)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "dev.yaml")
    viewers, qs = read_dev(path)
    assert set(viewers) == VIEWERS, viewers
    convs = {}
    for q in qs:
        if "expect" not in q:
            err(q, "no expect")
            continue
        if q.get("viewer") and q["viewer"] not in VIEWERS:
            err(q, "bad viewer")
        if q.get("conversation"):
            convs.setdefault(q["conversation"], []).append(q)
        check_expect(q, q["expect"])
    # conversation turns must be contiguous
    seen = []
    prev = None
    for q in qs:
        c = q.get("conversation")
        if c and c != prev and c in seen:
            err(q, "conversation not contiguous: " + c)
        if c and c not in seen:
            seen.append(c)
        prev = c
    # the whole file with PyYAML, if present, must agree with this reader
    try:
        import yaml

        y = yaml.safe_load(open(path, encoding="utf-8"))
        assert len(y["questions"]) == len(qs)
        for a, b in zip(y["questions"], qs, strict=False):
            assert a["q"] == b["q"] and a["expect"] == b["expect"], (a, b)
        print("PyYAML parse agrees")
    except ImportError:
        print("PyYAML not installed; own reader only")
    set(PLAN)
    print(f"{len(qs)} questions, {len(convs)} conversations ({sum(len(v) for v in convs.values())} turns)")
    for e in errors:
        print("ERROR", e)
    print("errors:", len(errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Builds dev.yaml from the hand-written question texts in questions_*.py; every expectation is computed by qlib from holt/*.csv."""

import json
import os
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qlib
from questions_a import A
from questions_b import B, C
from questions_d import D

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ITEMS = []
SPECS = []
CAT = [""]


def clean(d):
    d = {k: v for k, v in d.items() if not (k == "text_contains" and not v)}
    return d


def Q(text, op, *args, v="member", c=None):
    exp = clean(qlib.compute(op, list(args), v))
    kind = "refused" if exp.get("refused") else ("not_sure" if exp.get("not_sure") else ("follow_up" if c else CAT[0]))
    add(text, exp, v, c, kind, {"op": op, "args": list(args)})


def M(text, parts, v="member", c=None):
    exp = {"parts": [clean(qlib.compute(op, a, v)) for op, a in parts]}
    add(text, exp, v, c, "multi_part", {"op": "multi", "parts": [{"op": op, "args": a} for op, a in parts]})


def NS(text, v="member", c=None):
    add(text, {"not_sure": True}, v, c, "not_sure", {"op": "not_sure"})


def AMB(text, refs, v="member", c=None):
    add(text, {"ambiguous": refs}, v, c, "ambiguous", {"op": "ambiguous", "args": refs})


def ST(text, v="member", c=None):
    add(text, {"small_talk": True}, v, c, "small_talk", {"op": "small_talk"})


def add(text, exp, v, c, kind, spec):
    it = {"q": text}
    if v != "member":
        it["viewer"] = v
    if c:
        it["conversation"] = c
    it["expect"] = exp
    ITEMS.append(it)
    SPECS.append(dict(spec, q=text, viewer=v, conversation=c, kind=kind))


HEADER = """# Holtshire County Council - Digital First programme: evaluation questions (dev set).
# Reader's key. Data: holt/*.csv + holt/meta.yaml. All expectations computed by tools/make_questions.py
# (tools/qlib.py) and re-checked independently by tools/check_dev.py.
# NOW = 2028-03-29T10:15:00Z = Wednesday 29 March 2028 11:15 BST (Europe/London; BST began Sun 26 Mar 2028 01:00Z).
# Windows (start inclusive, end exclusive unless noted; since/until in expectations are local days, until inclusive):
#   today        2028-03-28T23:00Z .. now                      (2028-03-29)
#   yesterday    2028-03-27T23:00Z .. 2028-03-28T23:00Z        (2028-03-28)
#   this week    2028-03-26T23:00Z (Mon 27 Mar 00:00 BST) .. now  (2028-03-27..2028-03-29)
#   last week    2028-03-20T00:00Z (Mon 20 Mar 00:00 GMT) .. 2028-03-26T23:00Z  (2028-03-20..2028-03-26)
#   this cycle   fortnightly, opens Monday: 2028-03-20T00:00Z .. now (cycle runs to Sun 2 Apr)  (2028-03-20..2028-03-29)
#   last cycle   2028-03-06T00:00Z .. 2028-03-20T00:00Z        (2028-03-06..2028-03-19)
#   past 7 days  2028-03-22T10:15Z .. now; past 10 days 2028-03-19T10:15Z .. now; past 14 days/fortnight 2028-03-15T10:15Z .. now
#   since last digest: after 2028-03-24T16:00Z (Fri 24 Mar 16:00 GMT) .. now  (2028-03-24..2028-03-29)
#   march = 2028-03-01T00:00Z .. now; february (leap, 29 days) = 2028-02-01T00:00Z .. 2028-03-01T00:00Z; january = 2028-01-01 .. 2028-02-01
#   "last month"/"a month ago"/"end of feb" = status as of the latest update before 2028-03-01T00:00Z;
#   "last cycle" (as a comparison point) = latest update before 2028-03-20T00:00Z; "in january" = latest before 2028-02-01T00:00Z.
#   "this week" for milestones = Mon 27 Mar .. Sun 2 Apr; "next week" = 3..9 Apr; "before easter" = up to Thu 13 Apr (Good Friday 14 Apr).
# Conventions: current RAG/progress = latest update; never-updated projects (HT-31, HT-36, HT-38) have no RAG and are
#   excluded from RAG/progress filters. Overdue = milestone due before 2028-03-29 and status not done (due today is not overdue).
#   Gone quiet = no update in the past 14 days, never-updated included. Not-updated / gone-quiet lists: only admin/dlg in
#   personal chat; otherwise {refused: true}. Never-reported lists open to all. Deputies given by name if in people.csv,
#   else by email. Joint leads: lead_name/lead_email hold two ';'-separated people. "X is on" / "involved" = lead or deputy.
#   "what else is X on" excludes the project just discussed. Word searches look at all update text fields, all history.
#   Milestone lists by date window include all statuses unless the question says coming up / by (then not done only).
#   "projects ending/finishing by D" counts plan end_date from today to D; plan dates only (slips stated in text noted by text_contains).
"""


def main():
    for cat, fn in (("one_project", A), ("lists_filters", B), ("dates_windows", C), ("", D)):
        CAT[0] = cat or "not_updated_allowed"
        fn(Q, M, NS, AMB, ST)
    viewers = {
        "member": {"staff_roles": [], "conversation_type": "personal"},
        "member_channel": {"staff_roles": [], "conversation_type": "channel"},
        "admin": {"staff_roles": ["admin"], "conversation_type": "personal"},
        "dlg": {"staff_roles": ["dlg"], "conversation_type": "personal"},
        "admin_channel": {"staff_roles": ["admin"], "conversation_type": "channel"},
    }
    texts = [(s["q"], s["viewer"], s["conversation"]) for s in SPECS]
    assert len(texts) == len(set(texts)), [t for t in texts if texts.count(t) > 1]
    body = yaml.safe_dump(
        {"viewers": viewers, "questions": ITEMS},
        sort_keys=False,
        allow_unicode=True,
        width=140,
        default_flow_style=None,
    )
    open(os.path.join(OUT, "dev.yaml"), "w", encoding="utf-8").write(HEADER + body)
    json.dump(SPECS, open(os.path.join(OUT, "tools", "dev_specs.json"), "w"), indent=0)
    counts = {}
    for s in SPECS:
        counts[s["kind"]] = counts.get(s["kind"], 0) + 1
    line = "COUNTS: total=%d " % len(SPECS) + " ".join("%s=%d" % kv for kv in sorted(counts.items()))
    print(line)
    open(os.path.join(OUT, "tools", "counts.txt"), "w").write(line + "\n")


if __name__ == "__main__":
    main()

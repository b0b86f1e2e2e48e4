"""Scores the question set: each question is correct, "not sure" (no answer given) or WRONG.

A "not sure" (unknown, not found, or a pick between candidates) is not correct, but it is not wrong
either; a confident answer that does not match the expected one is WRONG. Run it directly for the
figures `make bench` reports:  python -m tests.questions.run_set
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from programme.access import Viewer
from services.ask import ask, forget_vocabulary
from store.db import Database, upgrade_async
from tests.questions import fixture

QUESTION_SET = Path(__file__).with_name("question_set.yaml")
HOLDOUT_SET = Path(__file__).with_name("holdout_set.yaml")
NOT_SURE_KINDS = {"unknown", "not_found", "ambiguous"}
SET_KEYS = {"projects", "leads", "deputies", "people", "deputy_projects", "dates"}


@dataclass
class Outcome:
    question: str
    verdict: str  # correct / not_sure / wrong
    why: str = ""
    data: dict = field(default_factory=dict)


@dataclass
class Report:
    outcomes: list[Outcome]
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds per question, in order

    @property
    def counts(self) -> Counter:
        return Counter(o.verdict for o in self.outcomes)

    @property
    def accuracy(self) -> float:
        return self.counts["correct"] / len(self.outcomes) if self.outcomes else 0.0

    def summary(self) -> str:
        n, k = len(self.outcomes), self.counts
        return f"{k['correct']}/{n} correct ({100 * self.accuracy:.1f}%), {k['not_sure']} not sure, {k['wrong']} wrong"

    def latency(self) -> str:
        ordered = sorted(self.latencies) or [0.0]
        p = lambda f: 1000 * ordered[min(len(ordered) - 1, int(f * len(ordered)))]  # noqa: E731  # a one-line helper, kept beside its use
        return f"median {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms"

    def details(self) -> str:
        return "\n".join(
            f"{o.verdict.upper():8} {o.question!r}: {o.why}" for o in self.outcomes if o.verdict != "correct"
        )


def load_set(path: Path = QUESTION_SET) -> tuple[dict[str, Viewer], list[dict]]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    viewers = {
        name: Viewer(
            name=name,
            staff_roles=frozenset(v.get("staff_roles") or ()),
            conversation_type=v.get("conversation_type", "personal"),
        )
        for name, v in doc["viewers"].items()
    }
    return viewers, doc["questions"]


def score(expect: dict, kind: str, data: dict, text: str, card: dict | None) -> tuple[str, str]:
    """Compare one answer with what the question set expects."""
    want = expect.get("kind")
    if want == "not_sure":
        return ("correct", "") if kind in NOT_SURE_KINDS else ("wrong", f"answered {kind} where no answer exists")
    if want == "ambiguous":
        if kind == "ambiguous":
            missing = set(expect.get("candidates", [])) - set(data.get("candidates", []))
            return ("correct", "") if not missing else ("not_sure", f"pick offered without {sorted(missing)}")
        return (
            ("not_sure", kind) if kind in NOT_SURE_KINDS else ("wrong", f"answered {kind} instead of offering a pick")
        )
    if want == "refused":
        return (
            ("correct", "")
            if kind == "refused"
            else ("not_sure", kind)
            if kind in NOT_SURE_KINDS
            else ("wrong", f"answered {kind} instead of refusing")
        )
    if kind in NOT_SURE_KINDS:
        return "not_sure", kind
    problems = _mismatches(expect, kind, data, text, card)
    return ("wrong", "; ".join(problems)) if problems else ("correct", "")


def _mismatches(expect: dict, kind: str, data: dict, text: str, card: dict | None) -> list[str]:
    out = []
    plain = _plain(text)
    everything = (plain + " " + _plain(json.dumps(card or {}, ensure_ascii=False))).lower()
    for key, want in expect.items():
        if key == "kind":
            if kind != want:
                out.append(f"kind {kind} != {want}")
        elif key == "text_contains":
            out += [f"text lacks {w!r}" for w in want if w.lower() not in plain.lower()]
        elif key == "text_excludes":
            out += [f"shows {w!r}" for w in want if w.lower() in everything]
        elif key in SET_KEYS:
            got = data.get(key) or []
            if set(got) != set(want):
                out.append(f"{key} {sorted(got)} != {sorted(want)}")
        elif key in ("source_by", "source_on"):
            got = (data.get("source") or {}).get("by" if key == "source_by" else "on")
            if got != want:
                out.append(f"{key} {got!r} != {want!r}")
        elif data.get(key) != want:
            out.append(f"{key} {data.get(key)!r} != {want!r}")
    return out


def _plain(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s or "")


async def run(db: Database, questions: list[dict] | None = None, viewers: dict[str, Viewer] | None = None) -> Report:
    """Ask every question (the fixture must already be loaded) and score the answers."""
    if questions is None or viewers is None:
        viewers, questions = load_set()
    run_id = f"{time.time_ns()}"
    outcomes, latencies = [], []
    started = time.perf_counter()
    for item in questions:
        viewer = viewers[item.get("viewer", "member")]
        conv = f"set-{run_id}-{item['conversation']}" if item.get("conversation") else None
        asked = time.perf_counter()
        answer = await ask(db, item["q"], viewer, conversation_id=conv, tz=fixture.TZ, now=fixture.NOW)
        latencies.append(time.perf_counter() - asked)
        verdict, why = score(item["expect"], answer.kind, answer.data, answer.text, answer.card)
        outcomes.append(Outcome(item["q"], verdict, why, answer.data))
    return Report(outcomes, time.perf_counter() - started, latencies)


async def measure() -> dict[str, Report]:
    """Both sets against a fresh SQLite database with the fixture plan: what `make bench` reports."""
    forget_vocabulary()
    viewers, questions = load_set()
    holdout = yaml.safe_load(HOLDOUT_SET.read_text(encoding="utf-8"))["questions"]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/questions.sqlite3"
        await upgrade_async(url)
        db = Database(url)
        try:
            await fixture.load(db)
            return {"question set": await run(db, questions, viewers), "held-out set": await run(db, holdout, viewers)}
        finally:
            await db.dispose()


def markdown(reports: dict[str, Report]) -> str:
    """A table for docs/benchmarks.md."""
    lines = [
        "| Set | Questions | Correct | Not sure | Wrong | Accuracy | Latency (engine, SQLite) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in reports.items():
        k = r.counts
        lines.append(
            f"| {name} | {len(r.outcomes)} | {k['correct']} | {k['not_sure']} | {k['wrong']} | "
            f"{100 * r.accuracy:.1f}% | {r.latency()} |"
        )
    return "\n".join(lines)


async def _main() -> int:
    reports = await measure()
    if "--markdown" in sys.argv:
        print(markdown(reports))
    for name, report in reports.items():
        print(f"{name}: {report.summary()}; {report.latency()}")
        if "-v" in sys.argv:
            print(report.details())
    return 0 if all(r.counts["wrong"] == 0 for r in reports.values()) else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(_main()))

"""Every benchmark, one after the other; `make bench` writes their figures into docs/benchmarks.md.

    python -m benchmarks.run --write docs/benchmarks.md     # full size (what `make bench` runs), ~10 minutes
    python -m benchmarks.run --tiny                         # each at a tiny size, nothing written (`make test`)
    python -m benchmarks.run --only inbound,invoke          # some of them

Each benchmark's section of the file sits between `<!-- name:start -->` and `<!-- name:end -->` and is
replaced as a whole (others keep theirs), stamped with the git commit (`+dirty` when the working tree
had uncommitted changes), the exact command and the date. The `run` section at the top sums up the
headline figures against their targets. `--tiny` exists so the benchmarks cannot rot: it runs every
one of them at a tiny size, checks the figures are sane, and prints them (`--json PATH` saves them
for tests/test_benchmarks_smoke.py); its figures mean nothing.

Run it on a quiet machine: the inbound, latency and invoke figures are wall-clock measurements, and
the servers under test are pinned to one CPU (the last), the load generators to the others.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


# ----------------------------------------------------------------------------------- provenance


def git_commit() -> str:
    """`git rev-parse --short HEAD`, plus "+dirty" when the working tree has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def command_line(argv: list[str]) -> str:
    """The exact command, as typed from the repository root (and `make bench` when make ran it)."""
    exe = Path(sys.executable)
    try:
        exe_text = str(exe.relative_to(ROOT)) if exe.is_absolute() else str(exe)
    except ValueError:
        exe_text = str(exe)
    command = " ".join([exe_text, "-m", "benchmarks.run", *map(shlex.quote, argv)])
    return f"make bench ({command})" if os.environ.get("MAKELEVEL") else command


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs{f' ({model})' if model else ''}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
    )


# ----------------------------------------------------------------------------------- the file


def write(path: Path, name: str, section: str, *, first: bool = False) -> None:
    """Replace section `name` of the file (the generalisation of benchmarks.fanout.write, which does
    this for its own section); a new section goes at the end, or right under the title if `first`."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{section.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    elif first and text.startswith("# "):
        title, _, rest = text.partition("\n")
        text = f"{title}\n\n{block}\n\n{rest.lstrip()}"
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def unwrap(section: str, name: str) -> str:
    """A markdown section without its own markers (fanout's `markdown()` includes them)."""
    return section.replace(f"<!-- {name}:start -->", "").replace(f"<!-- {name}:end -->", "").strip()


# ----------------------------------------------------------------------------------- the benchmarks


@dataclass
class Outcome:
    name: str
    markdown: str = ""
    figures: dict[str, Any] = field(default_factory=dict)
    ok: bool = True
    seconds: float = 0.0
    error: str = ""


def _fanout(tiny: bool) -> Outcome:
    from benchmarks import fanout

    leads = 20 if tiny else 2000
    r = asyncio.run(fanout.run(leads, database_url=None, latency=0.005 if tiny else 0.05, workers=8))
    rate = r.leads / r.seconds if r.seconds else 0.0
    return Outcome(
        "fanout",
        unwrap(r.markdown(), "fanout"),
        {
            "leads": r.leads,
            "seconds": round(r.seconds, 2),
            "requests_per_s": round(rate, 1),
            "share_of_50_per_s": round(rate / fanout.PER_APP, 3),
            "throttled": r.throttled,
            "lost": r.lost,
            "doubled": r.doubled,
        },
        ok=r.lost == 0 and r.doubled == 0,
    )


def _directory(tiny: bool) -> Outcome:
    from benchmarks import directory

    kw = dict(people=40, capacity=10, window=0.5, latency=0.005, compare=False) if tiny else {}
    r = asyncio.run(directory.run(**kw))
    return Outcome(
        "directory",
        r.markdown(),
        {
            "people": r.people,
            "seconds": round(r.seconds, 2),
            "minimum_s": round(r.minimum, 2),
            "ratio": round(r.ratio, 2),
            "throttled": r.throttled,
            "http_requests": r.http_requests,
            "correct": r.correct,
            "unbatched_seconds": round(r.unbatched_seconds, 2) if r.unbatched_seconds is not None else None,
        },
        ok=r.ok,
    )


def _digest(tiny: bool) -> Outcome:
    from benchmarks import digest

    r = digest.build_times((10, 20), cycles=2, repeats=1) if tiny else digest.build_times()
    small, large = min(r["sizes"]), max(r["sizes"])
    body = "\n".join(
        [
            "## DLG digest build time (`python -m benchmarks.digest`)",
            "",
            f"The digest for the latest cycle of a programme with {r['cycles']} weekly cycles of history (an update "
            "per "
            "project per cycle, a tenth missing the last), built from the database, composed and rendered to fit a "
            "Graph "
            "channel message; median of repeated builds after a warm-up, SQLite file.",
            "",
            digest.markdown(r),
        ]
    )
    return Outcome(
        "digest",
        body,
        {
            "median_ms": {n: r["sizes"][n]["median_ms"] for n in r["sizes"]},
            "ratio": r["ratio"],
            "same_statement_count": r["same_statement_count"],
        },
        ok=r["sizes"][large]["median_ms"] > 0 and r["sizes"][small]["median_ms"] > 0,
    )


def _dashboard(tiny: bool) -> Outcome:
    from benchmarks import dashboard

    r = dashboard.render_times((10, 20), repeats=1) if tiny else dashboard.render_times()
    body = "\n".join(
        [
            "## Dashboard render time (`python -m benchmarks.dashboard`)",
            "",
            f"`GET /dashboard` (the programme matrix) over loopback HTTP from the real aiohttp app, {r['cycles']} "
            "weekly "
            "cycles of history; median of repeated requests after a warm-up, SQLite file.",
            "",
            dashboard.markdown(r),
        ]
    )
    return Outcome(
        "dashboard",
        body,
        {"median_ms": {n: r["sizes"][n]["median_ms"] for n in r["sizes"]}, "ratio": r["ratio"]},
        ok=all(s["median_ms"] > 0 for s in r["sizes"].values()),
    )


def _questions(tiny: bool) -> Outcome:
    from tests.questions import run_set

    if tiny:

        async def small() -> dict[str, Any]:
            from services.ask import forget_vocabulary
            from store.db import Database, upgrade_async
            from tests.questions import fixture

            forget_vocabulary()
            viewers, items = run_set.load_set()
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite+aiosqlite:///{tmp}/questions.sqlite3"
                await upgrade_async(url)
                db = Database(url)
                try:
                    await fixture.load(db)
                    return {"question set (first 15)": await run_set.run(db, items[:15], viewers)}
                finally:
                    await db.dispose()

        reports = asyncio.run(small())
    else:
        reports = asyncio.run(run_set.measure())
    body = "\n".join(
        [
            "## Question set accuracy (`python -m tests.questions.run_set`)",
            "",
            "The fixed question set (realistic questions over the fixture plan of tests/questions/fixture.py, "
            "expected answers "
            "written from the data before the parser was tuned) and the held-out set, asked through the question "
            "engine. "
            '"Not sure" (no answer, or a pick offered) is not correct but not wrong either. Bar: at least 95% correct '
            "and "
            "0 wrong.",
            "",
            run_set.markdown(reports),
        ]
    )
    figures = {
        name: {
            "questions": len(r.outcomes),
            "accuracy": round(r.accuracy, 4),
            "wrong": r.counts["wrong"],
            "not_sure": r.counts["not_sure"],
        }
        for name, r in reports.items()
    }
    return Outcome("questions", body, figures, ok=all(len(r.outcomes) for r in reports.values()))


CORPUS_SETS = (
    "tests/questions/corpus/shire/tuning.yaml",
    "tests/questions/corpus/vale/tuning.yaml",
    "tests/questions/question_set.yaml",
    "tests/questions/holdout_set.yaml",
)


def _corpus(tiny: bool) -> Outcome:
    """The question corpora through `POST /api/messages`, with the learned intent model on and off."""
    from tests.questions.corpus_score import score_file

    rows, figures = [], {}
    for learned in (True, False):
        for path in CORPUS_SETS[:1] if tiny else CORPUS_SETS:
            r = asyncio.run(score_file(ROOT / path, learned=learned, limit=10 if tiny else None))
            n, k = len(r.outcomes), r.counts
            folder = path.split("/")[-2] if "corpus" in path else "old"
            key = f"{folder}/{path.split('/')[-1]} ({'on' if learned else 'off'})"
            figures[key] = {
                "scored": n,
                "excluded": r.excluded,
                "correct": k["correct"],
                "not_sure": k["not_sure"],
                "wrong": k["wrong"],
                "accuracy": round(k["correct"] / n, 4) if n else 0.0,
            }
            rows.append(
                f"| `{path}` | {'on' if learned else 'off'} | {n} | {r.excluded} | {k['correct']} | "
                f"{100 * k['correct'] / n:.1f}% | {k['not_sure']} ({100 * k['not_sure'] / n:.1f}%) | "
                f"**{k['wrong']}** |"
            )
    body = "\n".join(
        [
            "## Question corpora through `POST /api/messages` (`python -m tests.questions.corpus_score`)",
            "",
            "Each set asked question by question through the real endpoint of the real app (the fake Bot Connector "
            "takes "
            "the replies); a corpus set over its own plan (tests/questions/corpus/*/: plan, milestones and history "
            "loaded "
            'through the import), the old sets over the fixture plan. Correct, "not sure" (no answer, a pick, a '
            "refusal, a friendly word) and confident wrong (an answer that states something false or incomplete); "
            "questions "
            'marked `excluded:` are skipped. "learned": the learned intent model on (as deployed) or off '
            "(`QUESTIONS_LEARNED=false`, the hand-written rules alone). The sealed sets are not run here (see below).",
            "",
            "| set | learned | scored | excluded | correct | accuracy | not sure | confident wrong |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    return Outcome("corpus", body, figures, ok=bool(figures))


def _inbound(tiny: bool) -> Outcome:
    from benchmarks import inbound

    kw = dict(clients=4, seconds=1.0, rounds=1, warmup=0.5) if tiny else {}
    r = asyncio.run(inbound.run(**kw))

    def side(s) -> dict:
        return {
            "turns": s.turns,
            "turns_per_s": round(s.throughput, 1),
            "p50_ms": round(1000 * s.percentile(0.5), 1),
            "p99_ms": round(1000 * s.percentile(0.99), 1),
            "cpu_ms_per_turn": round(s.cpu_ms_per_turn, 2),
            "errors": s.errors,
            "lost": s.lost,
            "replies_per_turn": round(s.replies_per_turn, 2),
        }

    return Outcome(
        "inbound",
        r.markdown(),
        {
            "ours": side(r.ours),
            "help": side(r.help),
            "echo": side(r.echo),
            "throughput_ratio": round(r.throughput_ratio, 2),
            "p99_ratio": round(r.p99_ratio, 2),
            "help_throughput_ratio": round(r.help_throughput_ratio, 2),
            "help_p99_ratio": round(r.help_p99_ratio, 2),
            "driver_cpu": round(r.driver_cpu, 2),
        },
        ok=r.ok,
    )


def _ask_latency_and_memory(tiny: bool) -> list[Outcome]:
    """The same large programme, loaded once, for questions, message extension search and memory."""
    from benchmarks import ask_latency, memory, search_latency

    projects, cycles = (200, 2) if tiny else (5000, 10)
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="bench-big-") as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/big.sqlite3"
        counts = asyncio.run(ask_latency.prepare(url, projects=projects, cycles=cycles))
        started = time.perf_counter()
        a = asyncio.run(ask_latency.run(repeats=1 if tiny else 34, database_url=url, counts=counts))
        outcomes.append(
            Outcome(
                "ask-latency",
                a.markdown(),
                {
                    "projects": a.projects,
                    "updates": a.updates,
                    "questions": len(a.questions),
                    "help": len(a.help),
                    "question_median_ms": round(a.ms(a.questions, 0.5), 1),
                    "question_p99_ms": round(a.ms(a.questions, 0.99), 1),
                    "help_median_ms": round(a.ms(a.help, 0.5), 1),
                    "help_p99_ms": round(a.ms(a.help, 0.99), 1),
                    "ratio_median": round(a.ratio_median, 2),
                    "ratio_p99": round(a.ratio_p99, 2),
                    "failures": a.failures,
                    "cpu_ms_per_question": round(a.cpu_ms_per_question, 2),
                    "cpu_ms_per_help": round(a.cpu_ms_per_help, 2),
                },
                ok=a.ok,
                seconds=time.perf_counter() - started,
            )
        )
        started = time.perf_counter()
        q = asyncio.run(search_latency.run(repeats=1 if tiny else 40, database_url=url, counts=counts))
        outcomes.append(
            Outcome(
                "search-latency",
                q.markdown(),
                {
                    "projects": q.projects,
                    "searches": len(q.searches),
                    "help": len(q.help),
                    "cards": q.cards,
                    "search_median_ms": round(q.ms(q.searches, 0.5), 1),
                    "search_p99_ms": round(q.ms(q.searches, 0.99), 1),
                    "help_median_ms": round(q.ms(q.help, 0.5), 1),
                    "help_p99_ms": round(q.ms(q.help, 0.99), 1),
                    "ratio_median": round(q.ratio_median, 2),
                    "ratio_p99": round(q.ratio_p99, 2),
                    "failures": q.failures,
                },
                ok=q.ok,
                seconds=time.perf_counter() - started,
            )
        )
        started = time.perf_counter()
        m = asyncio.run(memory.run(repeats=1 if tiny else 3, database_url=url, counts=counts))
        outcomes.append(
            Outcome(
                "memory",
                m.markdown(),
                {
                    "projects": m.projects,
                    "updates": m.updates,
                    "idle_rss_mb": round(m.idle_rss / memory.MB, 1),
                    "peak_rss_mb": round(m.peak_rss / memory.MB, 1),
                    "answered": m.answered,
                    "failures": m.failures,
                },
                ok=m.ok,
                seconds=time.perf_counter() - started,
            )
        )
    return outcomes


def _invoke(tiny: bool) -> Outcome:
    from benchmarks import invoke

    r = asyncio.run(invoke.run(leads=5, rounds=1) if tiny else invoke.run())
    return Outcome(
        "invoke",
        r.markdown(),
        {
            "leads": r.leads,
            "submits": len(r.submits),
            "submit_p50_ms": round(r.ms(r.submits, 0.5), 1),
            "submit_p99_ms": round(r.ms(r.submits, 0.99), 1),
            "edit_p99_ms": round(r.ms(r.edits, 0.99), 1),
            "stored": r.stored,
            "expected": r.expected,
            "failures": r.failures,
        },
        ok=r.ok,
    )


def _auth_first(tiny: bool) -> Outcome:
    from benchmarks import auth_first

    r = asyncio.run(auth_first.run(requests=20, in_flight=2, rounds=1) if tiny else auth_first.run())
    closed, paced = r.loads
    return Outcome(
        "auth-first",
        r.markdown(),
        {
            "body_bytes": r.body_bytes,
            "loads_ms": round(r.loads_ms, 3),
            "forged_401_ms": round(r.forged_ms, 3),
            "no_token_401_ms": round(r.no_token_ms, 3),
            "activity_ms": round(r.activity_ms, 1),
            "ratio_401": round(r.ratio_401, 2),
            "health_idle_p99_ms": round(r.idle_ms(0.99), 2),
            "health_in_flight_p99_ms": round(closed.ms(0.99), 2),
            "ratio_health": round(r.ratio_health(closed), 2),
            "health_paced_p99_ms": round(paced.ms(0.99), 2),
            "ratio_health_paced": round(r.ratio_health(paced), 2),
            "cpu_ms_per_forged": round(closed.cpu_ms_per_request, 3),
            "unexpected": r.unexpected,
        },
        ok=r.ok,
    )


def _refresh(tiny: bool) -> Outcome:
    from benchmarks import refresh

    r = asyncio.run(refresh.run(**refresh.TINY) if tiny else refresh.run())
    return Outcome(
        "refresh",
        r.markdown(),
        {
            "viewers": r.viewers,
            "refreshes": len(r.refreshes),
            "helps": len(r.helps),
            "refresh_p50_ms": round(r.ms(r.refreshes, 0.5), 1),
            "refresh_p99_ms": round(r.ms(r.refreshes, 0.99), 1),
            "help_p99_ms": round(r.ms(r.helps, 0.99), 1),
            "p99_ratio": round(r.p99_ratio, 2),
            "submitted_views": r.submitted_views,
            "form_views": r.form_views,
            "failures": r.failures,
        },
        ok=r.ok,
    )


BENCHMARKS: dict[str, Callable[[bool], Outcome | list[Outcome]]] = {
    "questions": _questions,
    "corpus": _corpus,
    "inbound": _inbound,
    "ask-latency": _ask_latency_and_memory,  # also "search-latency" and "memory"
    "invoke": _invoke,
    "refresh": _refresh,
    "fanout": _fanout,
    "directory": _directory,
    "digest": _digest,
    "dashboard": _dashboard,
    "auth-first": _auth_first,
}


def run_all(
    *, tiny: bool, only: set[str] | None = None, on_done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for name, bench in BENCHMARKS.items():
        if only and name not in only and not (name == "ask-latency" and only & {"memory", "search-latency"}):
            continue
        started = time.perf_counter()
        print(f"[bench] {name}{' (tiny)' if tiny else ''} ...", file=sys.stderr, flush=True)
        try:
            produced = bench(tiny)
            produced = produced if isinstance(produced, list) else [produced]
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            produced = [Outcome(name, ok=False, error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")]
        for outcome in produced:
            outcome.seconds = outcome.seconds or time.perf_counter() - started
            outcomes.append(outcome)
            print(
                f"[bench] {outcome.name}: {'ok' if outcome.ok else 'FAILED'} in {outcome.seconds:.1f} s "
                f"{json.dumps(outcome.figures, default=str)}"
                f"{(' ' + outcome.error.splitlines()[0]) if outcome.error else ''}",
                file=sys.stderr,
                flush=True,
            )
            if on_done:
                on_done(outcome)
    return outcomes


# ----------------------------------------------------------------------------------- the summary


def summary(outcomes: list[Outcome], *, commit: str, command: str, seconds: float) -> str:
    by = {o.name: o for o in outcomes}
    rows = []

    def add(measure: str, value: str, target: str, met: bool | None) -> None:
        rows.append(f"| {measure} | {value} | {target} | {'yes' if met else 'no' if met is not None else ''} |")

    if (o := by.get("inbound")) and o.figures:
        f = o.figures
        add(
            "Inbound throughput, ours : stock echo bot",
            f"{f['throughput_ratio']:.2f}× ({f['ours']['turns_per_s']:.0f} vs {f['echo']['turns_per_s']:.0f} turns/s)",
            "≥ 3×",
            f["throughput_ratio"] >= 3,
        )
        add(
            "Inbound p99, ours : echo",
            f"{f['p99_ratio']:.2f} ({f['ours']['p99_ms']:.0f} vs {f['echo']['p99_ms']:.0f} ms)",
            "≤ 0.5",
            f["p99_ratio"] <= 0.5,
        )
        add(
            "… our bot answering `help` (no question engine) : echo",
            f"{f['help_throughput_ratio']:.2f}× throughput, p99 {f['help_p99_ratio']:.2f}",
            "",
            None,
        )
    if (o := by.get("ask-latency")) and o.figures:
        f = o.figures
        add(
            f"Question latency, {f['projects']:,} projects / {f['updates']:,} updates",
            f"median {f['question_median_ms']:.0f} ms, p99 {f['question_p99_ms']:.0f} ms",
            "well inside 1 s",
            f["question_p99_ms"] < 1000,
        )
        add("… against `help` (ratio)", f"median {f['ratio_median']:.1f}×, p99 {f['ratio_p99']:.1f}×", "", None)
        add(
            f"Server CPU per question, {f['projects']:,} projects",
            f"{f['cpu_ms_per_question']:.2f} ms (`help`: {f['cpu_ms_per_help']:.2f} ms)",
            "≤ 5 ms",
            f["cpu_ms_per_question"] <= 5,
        )
    if (o := by.get("search-latency")) and o.figures:
        f = o.figures
        add(
            f"Message extension search p99 against `help` p99, {f['projects']:,} projects",
            f"{f['ratio_p99']:.2f}× ({f['search_p99_ms']:.0f} vs {f['help_p99_ms']:.0f} ms)",
            "≤ 2×",
            f["ratio_p99"] <= 2 and f["failures"] == 0,
        )
    if (o := by.get("invoke")) and o.figures:
        f = o.figures
        add(
            f"Card submit p99, {f['leads']} concurrent leads",
            f"{f['submit_p99_ms']:.0f} ms",
            "within the invoke window (~15 s)",
            f["submit_p99_ms"] < 15000 and f["stored"] == f["expected"],
        )
    if (o := by.get("refresh")) and o.figures:
        f = o.figures
        add(
            f"Card refresh p99, {f['viewers']} concurrent viewers",
            f"{f['refresh_p99_ms']:.0f} ms (`help`: {f['help_p99_ms']:.0f} ms; ratio {f['p99_ratio']:.2f})",
            "within the invoke window (~15 s)",
            f["refresh_p99_ms"] < 15000 and f["failures"] == 0,
        )
    if (o := by.get("memory")) and o.figures:
        f = o.figures
        add(f"Peak RSS, {f['projects']:,} projects / {f['updates']:,} updates", f"{f['peak_rss_mb']:.0f} MB", "", None)
    if (o := by.get("fanout")) and o.figures:
        f = o.figures
        add(
            "Fan-out rate against Teams' 50 requests/s",
            f"{f['requests_per_s']:.1f}/s ({100 * f['share_of_50_per_s']:.0f}%), "
            f"{f['throttled']} × 429, {f['lost']} lost, {f['doubled']} doubled",
            "≥ 90%, 0 × 429",
            f["share_of_50_per_s"] >= 0.9 and f["throttled"] == 0,
        )
    if (o := by.get("auth-first")) and o.figures:
        f = o.figures
        add(
            "Time to the 401 for a 240 KB body : its `json.loads`",
            f"{f['ratio_401']:.2f}× ({f['forged_401_ms']:.2f} vs {f['loads_ms']:.2f} ms)",
            "≤ 2×",
            f["ratio_401"] <= 2,
        )
        add(
            "`/healthz` p99, 8 forged requests in flight : idle",
            f"{f['ratio_health']:.2f}× ({f['health_in_flight_p99_ms']:.1f} vs {f['health_idle_p99_ms']:.1f} ms)",
            "≤ 2×",
            f["ratio_health"] <= 2,
        )
    if (o := by.get("directory")) and o.figures:
        f = o.figures
        add(
            f"Directory check of {f['people']:,} people through Graph's throttling",
            f"{f['ratio']:.2f}× the minimum the "
            f"limits allow ({f['seconds']:.1f} vs {f['minimum_s']:.1f} s), {f['correct']:,} right",
            "≤ 1.5×",
            f["ratio"] <= 1.5 and f["correct"] == f["people"],
        )
    if (o := by.get("corpus")) and o.figures:
        for name, f in o.figures.items():
            add(
                f"Accuracy through the endpoint, {name}",
                f"{100 * f['accuracy']:.1f}% ({f['wrong']} confident wrong, {f['not_sure']} not sure)",
                "",
                None,
            )
    if (o := by.get("questions")) and o.figures:
        for name, f in o.figures.items():
            add(
                f"Accuracy, {name}",
                f"{100 * f['accuracy']:.1f}% ({f['wrong']} wrong, {f['not_sure']} not sure)",
                "≥ 95%, 0 wrong",
                f["accuracy"] >= 0.95 and f["wrong"] == 0,
            )
    failed = [o.name for o in outcomes if not o.ok]
    return "\n".join(
        [
            "## Summary (`make bench`)",
            "",
            f"Commit `{commit}`, command `{command}`, {datetime.now(UTC):%d/%m/%Y %H:%M} UTC, {seconds / 60:.1f} "
            "minutes; "
            f"{machine()}. Each section below carries the commit and command that produced it.",
            "",
            "| measure | figure | target | met |",
            "|---|---|---|---|",
            *rows,
            "",
            f"Benchmarks that failed to run: {', '.join(failed)}." if failed else "Every benchmark ran.",
        ]
    )


def stamp(outcome: Outcome, *, commit: str, command: str) -> str:
    body = (
        outcome.markdown or f"## {outcome.name}\n\nThe benchmark failed:\n\n```\n{outcome.error.strip()[-2000:]}\n```"
    )
    return (
        f"{body.strip()}\n\n_Commit `{commit}`; `{command}`; measured {datetime.now(UTC):%d/%m/%Y} "
        f"in {outcome.seconds:.0f} s; {machine()}._"
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", type=Path, default=None, help="update this markdown file's sections")
    parser.add_argument(
        "--tiny", action="store_true", help="tiny sizes, to check the benchmarks still run; writes nothing"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated names: " + ", ".join([*BENCHMARKS, "search-latency", "memory"])
    )
    parser.add_argument("--json", type=Path, default=None, help="also save the figures as JSON here")
    args = parser.parse_args(argv)
    if args.tiny and args.write:
        parser.error("--tiny figures mean nothing: they are never written (drop --write)")
    only = {n.strip() for n in args.only.split(",") if n.strip()} or None
    commit, command = git_commit(), command_line(argv)  # before anything is written: the tree as measured
    started = time.perf_counter()

    def on_done(outcome: Outcome) -> None:
        if args.write:
            write(args.write, outcome.name, stamp(outcome, commit=commit, command=command))

    outcomes = run_all(tiny=args.tiny, only=only, on_done=on_done)
    seconds = time.perf_counter() - started
    if args.write and only is None:
        write(args.write, "run", summary(outcomes, commit=commit, command=command, seconds=seconds), first=True)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    o.name: {"ok": o.ok, "seconds": round(o.seconds, 1), "figures": o.figures, "error": o.error}
                    for o in outcomes
                },
                indent=2,
                default=str,
            )
        )
    print(summary(outcomes, commit=commit, command=command, seconds=seconds))
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Every benchmark still runs (`python -m benchmarks.run --tiny`), so `make bench` cannot rot.

It runs in a subprocess: the benchmarks start servers pinned to one CPU and pin the load generator to
the others, which must not happen to the test process. The figures of a tiny run mean nothing; only
their sanity is checked — nothing lost, nothing doubled, no failed turns, every figure produced — and
that `--tiny` writes nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_benchmark_runs_at_a_tiny_size_with_sane_figures(tmp_path):
    doc = ROOT / "docs" / "benchmarks.md"
    before = doc.read_bytes() if doc.exists() else None
    out = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--tiny", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert out.exists(), proc.stderr[-4000:]
    results = json.loads(out.read_text())
    broken = {
        name: r["error"].splitlines()[0] if r["error"] else r["figures"] for name, r in results.items() if not r["ok"]
    }
    assert not broken, (broken, proc.stderr[-4000:])
    assert proc.returncode == 0, proc.stderr[-4000:]
    expected = {
        "questions",
        "inbound",
        "ask-latency",
        "memory",
        "invoke",
        "fanout",
        "digest",
        "dashboard",
        "auth-first",
        "refresh",
        "directory",
        "search-latency",
    }
    assert expected <= set(results)
    f = {name: r["figures"] for name, r in results.items()}

    for side in ("ours", "help", "echo"):  # both bots answered every turn, and every answer reached the connector
        assert f["inbound"][side]["turns"] > 0 and f["inbound"][side]["turns_per_s"] > 0
        assert f["inbound"][side]["errors"] == 0 and f["inbound"][side]["lost"] == 0
        assert 0 < f["inbound"][side]["p50_ms"] <= f["inbound"][side]["p99_ms"]
    assert f["inbound"]["ours"]["replies_per_turn"] >= 1 and f["inbound"]["echo"]["replies_per_turn"] == 2
    assert f["inbound"]["throughput_ratio"] > 0

    assert f["ask-latency"]["failures"] == 0 and f["ask-latency"]["questions"] > 0 and f["ask-latency"]["help"] > 0
    assert 0 < f["ask-latency"]["help_median_ms"] and 0 < f["ask-latency"]["question_median_ms"]

    search = f["search-latency"]  # every search answered with cards, every help too
    assert search["failures"] == 0 and search["searches"] > 0 and search["help"] > 0 and search["cards"] > 0
    assert 0 < search["search_median_ms"] <= search["search_p99_ms"] and search["ratio_p99"] > 0

    assert f["invoke"]["failures"] == 0 and f["invoke"]["submits"] == f["invoke"]["leads"]
    assert f["invoke"]["stored"] == f["invoke"]["expected"]  # each submit stored exactly once
    assert 0 < f["invoke"]["submit_p99_ms"] < 15000

    assert (
        f["refresh"]["failures"] == 0 and f["refresh"]["refreshes"] == f["refresh"]["viewers"] == f["refresh"]["helps"]
    )
    assert f["refresh"]["submitted_views"] > 0 and f["refresh"]["form_views"] > 0  # both states were answered
    assert (
        0 < f["refresh"]["refresh_p50_ms"] <= f["refresh"]["refresh_p99_ms"] < 15000 and f["refresh"]["p99_ratio"] > 0
    )

    assert f["memory"]["failures"] == 0 and f["memory"]["peak_rss_mb"] >= f["memory"]["idle_rss_mb"] > 0

    assert f["fanout"]["lost"] == 0 and f["fanout"]["doubled"] == 0 and f["fanout"]["requests_per_s"] > 0

    assert f["directory"]["correct"] == f["directory"]["people"] > 0 and f["directory"]["throttled"] > 0
    assert f["directory"]["seconds"] >= f["directory"]["minimum_s"] > 0  # nothing beats the limit

    assert all(ms > 0 for ms in f["digest"]["median_ms"].values()) and f["digest"]["same_statement_count"]
    assert all(ms > 0 for ms in f["dashboard"]["median_ms"].values())
    assert all(s["questions"] > 0 for s in f["questions"].values())

    # strangers' forged requests were all refused with 401 (and the bounds' with 400), and every figure came out
    assert f["auth-first"]["unexpected"] == 0 and f["auth-first"]["body_bytes"] >= 240 * 1024
    assert (
        0 < f["auth-first"]["loads_ms"] and 0 < f["auth-first"]["forged_401_ms"] and 0 < f["auth-first"]["ratio_health"]
    )

    assert (doc.read_bytes() if doc.exists() else None) == before  # --tiny never writes the figures

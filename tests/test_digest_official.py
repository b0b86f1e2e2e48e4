"""The digest passes the official checkers: its cards parse in Microsoft's Adaptive Cards renderer
(the only warning being the chart's, which has a fallback) and its HTML page has no axe-core
WCAG 2.2 AA violation. Both run in headless Chromium from node_modules, offline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cards.digest import admin_preview_card, digest_card
from cards.digest_html import digest_document
from programme.digest import UpdateFacts, compose, trim
from tests.test_digest_compose import facts

ROOT = Path(__file__).resolve().parent.parent
NEEDED = ("adaptivecards", "axe-core", "playwright-core")


@pytest.fixture(scope="module")
def node() -> str:
    node = shutil.which("node")
    chromium = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    missing = [name for name in NEEDED if not (ROOT / "node_modules" / name).is_dir()]
    if node is None or missing or not chromium.exists():
        msg = (
            f"the official checkers need Node.js, Chromium and `npm ci` (missing: "
            f"{', '.join(missing + (['node'] if node is None else []) + ([] if chromium.exists() else ['chromium']))})"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    return node


def content():
    current = {
        1: UpdateFacts(
            1,
            "amber",
            rag_reason="Supplier late <script>x</script>",
            asks_of_dlg="Sign off the case",
            risks=({"text": "Phishing", "sensitive": True}, {"text": "Budget"}),
        ),
        2: UpdateFacts(2, "red", blockers="Waiting for licences"),
    }
    return compose(
        facts(
            current=current,
            trend_periods=["2026-W47", "2026-W48"],
            trend={1: {"2026-W47": "green", "2026-W48": "amber"}},
        )
    )


def test_the_digest_cards_parse_in_the_official_renderer(node, tmp_path):
    c = content()
    cards = {
        "channel": digest_card(c, marker="0f" * 16),
        "channel_shortened": digest_card(trim(c, 4), marker="0f" * 16),
        "admin_draft": admin_preview_card(c, period_key="2026-W48", revision="r1", status="draft"),
        "admin_needs": admin_preview_card(c, period_key="2026-W48", revision="r1", status="needs_admin"),
    }
    files = []
    for name, card in cards.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(card), encoding="utf-8")
        files.append(str(path))
    run = subprocess.run(
        [node, "tests/e2e/validate_cards.mjs", str(tmp_path / "png"), *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    report = json.loads(run.stdout[: run.stdout.rindex("]") + 1])
    assert run.returncode == 0, json.dumps(report, indent=2) + run.stderr
    for entry in report:
        assert entry["errors"] == [] and entry["warnings"] == []
        assert all("Chart." in a for a in entry["allowed"])


def test_the_html_digest_has_no_wcag_violations(node, tmp_path):
    page = tmp_path / "digest.html"
    page.write_text(digest_document(content(), marker="0f" * 16), encoding="utf-8")
    run = subprocess.run(
        [node, "tests/digest_axe.mjs", str(page)], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)[0]["violations"] == []

"""The dashboard in headless Chromium (Node + playwright-core), with axe-core on every page.

The server runs here, on a seeded SQLite database, twice: in local mode (pages carry their content,
no JavaScript needed) and with an app id (empty shells that sign in through Teams). The browser side
is tests/dashboard/browser.mjs; what it saw is checked here against the database. Missing tools are a
failure that says what to install, never a skip.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from programme.terms import rag_word
from store.db import Database, upgrade

from .harness import FakeEntra, local_settings, running_dashboard, shown_in_matrix, sso_settings, truth
from .seed import MEMBER_AAD, SENSITIVE_RISK, seed

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "dashboard" / "browser.mjs"
CHROMIUM = Path("/usr/bin/chromium")
# The Teams library asks Microsoft's CDN for its list of host origins; the policy blocks that
# (connect-src 'self') and the library uses the list built into the pinned version instead.
EXPECTED_CSP_BLOCK = "https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json"


def browser_tools() -> str:
    missing = []
    node = shutil.which("node")
    if node is None:
        missing.append("Node.js (`node`; Debian package nodejs)")
    if not CHROMIUM.exists():
        missing.append(f"Chromium at {CHROMIUM} (Debian package chromium)")
    for package in ("playwright-core", "axe-core"):
        if not (ROOT / "node_modules" / package / "package.json").exists():
            missing.append(f"node_modules/{package} (run `npm ci`)")
    if missing:
        pytest.fail(
            "The dashboard's browser tests need: " + "; ".join(missing) + ". `make test` installs them.", pytrace=False
        )
    return node


async def test_the_dashboard_in_a_real_browser_is_usable_accessible_and_shows_the_database(tmp_path):
    node = browser_tools()
    url = f"sqlite+aiosqlite:///{tmp_path}/browser.sqlite3"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    entra = await FakeEntra().start()
    try:
        await seed(db)
        expected = shown_in_matrix(await truth(db))
        async with (
            running_dashboard(db, local_settings(url)) as local,
            running_dashboard(db, sso_settings(url), jwks_url=entra.jwks_url) as sso,
        ):
            token = entra.token(oid=MEMBER_AAD, name="Sam Whitaker")
            proc = await asyncio.create_subprocess_exec(
                node,
                str(SCRIPT),
                local.base_url,
                "--sso-url",
                sso.base_url,
                "--token",
                token,
                cwd=ROOT,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            out, err = await asyncio.wait_for(proc.communicate(), timeout=240)
    finally:
        await entra.close()
        await db.dispose()

    assert proc.returncode in (0, 1), f"browser.mjs could not run ({proc.returncode}): {err.decode()[-2000:]}"
    report = json.loads(out)
    assert not report["failures"], json.dumps(report["failures"], indent=1)
    assert not report["serious"], "serious or critical accessibility violations:\n" + json.dumps(
        report["serious"], indent=1
    )
    assert proc.returncode == 0
    audited = {a["page"] for a in report["axe"]}
    assert {
        "matrix",
        "matrix-filtered",
        "project",
        "digests",
        "digest",
        "matrix-dark",
        "matrix-contrast",
        "project-contrast",
        "configure",
        "sso-matrix",
        "sso-project",
        "sso-outside-teams",
    } <= audited
    s = report["steps"]

    # the matrix shows what the database holds, rows in the programme's order
    assert s["matrix"]["cells"] == {ref: rag_word(x.rag) for ref, x in expected.items()}
    assert s["matrix"]["areas"] == ["Digital Citizen", "Digital Council", "Digital Care"]
    assert "oldest first: Green, Green, Amber, Red" in s["matrix"]["sparklineLabel"]
    # keyboard: skip link first, it moves focus to <main>; focus is drawn
    assert s["matrix"]["firstFocus"] == "Skip to main content" and s["matrix"]["skipLinkVisible"]
    assert s["matrix"]["afterSkip"] == "main"
    assert s["matrix"]["focusOutline"] == {"style": "solid", "width": "3px"}

    # filters, through the plain form
    assert set(s["filter_red"]["cells"]) == {r for r, x in expected.items() if x.rag == "red"}
    assert "rag=red" in s["filter_red"]["url"] and s["filter_red"]["result"].startswith("Showing 1 of 6 projects")
    assert set(s["filter_changed_in_citizen"]["cells"]) == {
        r for r, x in expected.items() if x.area == "citizen" and x.updated_since_digest
    }
    assert set(s["filter_missing"]["cells"]) == {
        r for r, x in expected.items() if x.status == "active" and not x.updated_this_cycle
    }

    # a project page
    p = s["project"]
    assert p["h1"].startswith("Digital inclusion across the county")
    assert p["sections"] == [
        "Current status",
        "About the project",
        "Leads and deputies",
        "Risks",
        "Blockers",
        "Asks of the DLG",
        "Milestones",
        "Update history",
    ]
    assert p["milestones"] == 3 and p["history"] == 5 and p["detailsOpen"]
    assert p["timeline"].startswith("Timeline of 3 dated milestones")
    assert s["digests"]["h1"] == "Digital First digest — 20 November 2026"

    # themes: dark and high contrast from Teams' ?theme=, and the system's dark preference
    assert s["themes"] == {"dark": "rgb(31, 31, 31)", "contrast": "rgb(0, 0, 0)", "systemDark": "rgb(31, 31, 31)"}
    assert s["reflow"]["matrix"] <= 320 and s["reflow"]["project"] <= 320  # WCAG 1.4.10: no sideways scrolling

    # the channel tab's configuration page, outside Teams, explains itself
    assert "You are not inside Teams" in s["configure"]["status"] and s["configure"]["formHidden"]

    # with an app id: inside (a stand-in for) Teams the token goes as a bearer header and a member
    # sees the staff view; outside Teams the page says how to get in
    assert s["sso_matrix"]["cells"] == {r: rag_word(x.rag) for r, x in expected.items() if x.rag == "amber"}
    assert s["sso_matrix"]["theme"] == "dark" and "Signed in as Sam Whitaker (staff view)" in s["sso_matrix"]["viewer"]
    assert s["sso_project"]["h1"].startswith("Digital inclusion across the county")
    assert (
        SENSITIVE_RISK not in s["sso_project"]["text"]
        and "marked sensitive is shown to admins" in s["sso_project"]["text"]
    )
    assert s["sso_api_calls"] and all(call["bearer"] for call in s["sso_api_calls"])
    assert s["sso_outside_teams"]["h1"] == "Open this dashboard in Microsoft Teams"
    # a Teams deep link (page.subPageId) opens the project it names
    assert s["sso_deep_link"]["h1"].startswith("Digital inclusion across the county")
    assert s["sso_deep_link"]["path"] == "/dashboard/projects/CIT-01"

    # nothing but the Teams library's CDN lookup was blocked by the policy, and nothing else failed
    assert {v["blocked"] for v in report["csp"]} <= {EXPECTED_CSP_BLOCK}
    assert all(EXPECTED_CSP_BLOCK in c["text"] for c in report["console"]), report["console"]

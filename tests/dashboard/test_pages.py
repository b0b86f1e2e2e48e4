"""The dashboard's pages, server-side, on SQLite and PostgreSQL: what each viewer is shown, checked
against what the database holds (computed here the plain way, one project at a time)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from programme.terms import rag_word
from store.models import StatusUpdate
from tests.botserver import running_bot

from .harness import (
    FakeEntra,
    area_headings,
    cells,
    local_settings,
    running_dashboard,
    shown_in_matrix,
    sso_settings,
    truth,
)
from .seed import ADMIN_AAD, DLG_AAD, MEMBER_AAD, OPEN_RISK, SENSITIVE_RISK, XSS_NAME, XSS_SUMMARY


async def test_the_matrix_shows_every_project_by_area_with_its_rag_as_a_word(db, seeded):
    async with running_dashboard(db, local_settings(db.url)) as dash:
        status, html, _ = await dash.get("/dashboard")
    assert status == 200
    expected = shown_in_matrix(await truth(db))
    assert cells(html) == {ref: rag_word(x.rag) for ref, x in expected.items()}
    assert area_headings(html) == ["Digital Citizen", "Digital Council", "Digital Care"]
    assert "Fax machine retirement" not in html  # retired: kept with its history, not in the matrix
    # the trend is drawn and said: CIT-01 went Green, Green, Amber, Red over the four cycles
    assert (
        'aria-label="RAG over the last 4 cycles (2026-W45 to 2026-W48), oldest first: Green, Green, Amber, Red."'
        in html
    )
    assert (
        "<title>RAG over the last 4 cycles (2026-W45 to 2026-W48), oldest first: Green, Green, Amber, Red.</title>"
        in html
    )
    assert "Changed: Amber to Red" in html


FILTERS = [
    ({"rag": "red"}, lambda x, ids: x.rag == "red"),
    ({"rag": "amber"}, lambda x, ids: x.rag == "amber"),
    ({"rag": "none"}, lambda x, ids: x.rag is None),
    ({"area": "citizen"}, lambda x, ids: x.area == "citizen"),
    ({"enabler": "data"}, lambda x, ids: "data" in x.enablers),
    ({"lead": "sam"}, lambda x, ids: ids["sam"] in x.people),
    ({"lead": "chloe"}, lambda x, ids: ids["chloe"] in x.people),
    ({"changed": "1"}, lambda x, ids: x.updated_since_digest),
    ({"missing": "1"}, lambda x, ids: x.status == "active" and not x.updated_this_cycle),
    (
        {"area": "citizen", "rag": "green", "missing": "1"},
        lambda x, ids: x.area == "citizen" and x.rag == "green" and x.status == "active" and not x.updated_this_cycle,
    ),
]


@pytest.mark.parametrize("query, wanted", FILTERS, ids=[str(q) for q, _ in FILTERS])
async def test_each_filter_shows_exactly_the_projects_the_database_says(db, seeded, query, wanted):
    params = {k: str(seeded.person_ids[v]) if k == "lead" else v for k, v in query.items()}
    async with running_dashboard(db, local_settings(db.url)) as dash:
        status, html, _ = await dash.get("/dashboard", params=params)
    assert status == 200
    expected = {ref for ref, x in shown_in_matrix(await truth(db)).items() if wanted(x, seeded.person_ids)}
    assert set(cells(html)) == expected
    assert f"Showing {len(expected)} of 6 projects" in html
    for name, value in params.items():  # the form shows the filters in force
        if name in ("changed", "missing"):
            assert re.search(rf'name="{name}" value="1" checked', html)
        else:
            assert f'<option value="{value}" selected>' in html


async def test_an_unknown_filter_value_is_ignored_and_said(db, seeded):
    async with running_dashboard(db, local_settings(db.url)) as dash:
        _, html, _ = await dash.get("/dashboard", params={"area": "nowhere", "rag": "purple", "lead": "x1"})
    assert len(cells(html)) == 6
    assert "That priority area is not in the programme" in html
    assert "RAG can be Green, Amber, Red or Not reported" in html
    assert "That person does not lead a project" in html


@pytest.mark.parametrize(
    "aad, allowed", [(ADMIN_AAD, True), (DLG_AAD, True), (MEMBER_AAD, False), ("aad-stranger", False)]
)
async def test_no_update_this_cycle_is_for_admins_and_dlg_members_only(db, seeded, entra: FakeEntra, aad, allowed):
    async with running_dashboard(db, sso_settings(db.url), jwks_url=entra.jwks_url) as dash:
        status, body, _ = await dash.get(
            "/dashboard/api/pages/matrix", token=entra.token(oid=aad), params={"missing": "1"}
        )
    assert status == 200
    html = body["html"]
    truths = shown_in_matrix(await truth(db))
    missing = {ref for ref, x in truths.items() if x.status == "active" and not x.updated_this_cycle}
    if allowed:
        assert set(cells(html)) == missing
        assert 'id="f-missing"' in html and "tag-missing" in html
    else:
        assert set(cells(html)) == set(truths)  # not applied
        assert 'id="f-missing"' not in html
        assert "tag-missing" not in html  # no cell says who has not updated
        assert "shown to admins and DLG members only, so it was not applied" in html


@pytest.mark.parametrize("aad, sees", [(ADMIN_AAD, True), (DLG_AAD, True), (MEMBER_AAD, False)])
async def test_sensitive_risks_are_shown_to_admins_and_dlg_and_held_back_from_members(db, seeded, entra, aad, sees):
    async with running_dashboard(db, sso_settings(db.url), jwks_url=entra.jwks_url) as dash:
        status, body, headers = await dash.get("/dashboard/api/pages/projects/CIT-01", token=entra.token(oid=aad))
    assert status == 200 and headers["Cache-Control"] == "no-store"
    html = body["html"]
    assert OPEN_RISK in html
    assert (SENSITIVE_RISK in html) is sees
    assert ("1 risk marked sensitive is shown to admins and DLG members only" in html) is (not sees)
    if not sees:
        # the history's field-level diff must not betray the sensitive risk either: to a member the
        # W48 update's visible risks are unchanged from W47, so no risk row appears in its diff
        w48 = html.split("Cycle 2026-W48, version 1", 1)[1].split("</table>", 1)[0]
        assert "Risks" not in w48 and "sensitive" not in w48.lower()


async def test_the_project_page_has_facts_people_milestones_and_history_with_changes(db, seeded):
    async with running_dashboard(db, local_settings(db.url)) as dash:
        status, html, _ = await dash.get("/dashboard/projects/CIT-01")
    assert status == 200
    assert "<h1>Digital inclusion across the county" in html
    assert (
        '<span class="tag">Lead</span> Amara Okafor' in html and '<span class="tag">Deputy</span> Chloe Price' in html
    )
    assert "<dt>Priority area</dt><dd>Digital Citizen</dd>" in html
    assert "Approve a two-month extension." in html and "Partner systems offline." in html
    # milestones: on an SVG timeline with a text equivalent, and listed in date order
    assert 'class="timeline"' in html and 'role="img"' in html and "Timeline of 3 dated milestones" in html
    titles = re.findall(r'<span class="ms-title">([^<]+)</span>', html)
    assert titles == ["Device lending scheme live", "Digital champions trained", "Evaluation report"]
    assert "Overdue, in progress" in html and "(originally 29 January 2027)" in html
    # history: every version, newest first, each with what changed from the one before
    async with db.unit_of_work() as s:
        versions = (
            (await s.execute(select(StatusUpdate).where(StatusUpdate.project_id == seeded.project_ids["CIT-01"])))
            .scalars()
            .all()
        )
    headings = re.findall(r'<h3 id="update-\d+">([^<]+)</h3>', html)
    assert len(headings) == len(versions) == 5
    assert headings[0] == "Cycle 2026-W48, version 1" and headings[-1] == "Cycle 2026-W45, version 1"
    latest_diff = html.split("Cycle 2026-W48, version 1", 1)[1].split("</table>", 1)[0]
    assert "What changed since 2026-W47, version 2" in latest_diff
    assert re.search(
        r'<th scope="row">RAG</th><td><span class="text">Amber</span></td><td><span class="text">Red</span></td>',
        latest_diff,
    )
    assert "“Evaluation report” moved from 29 January 2027 to 26 February 2027" in html
    assert "The first update on record." in html


async def test_text_typed_by_people_is_always_escaped(db, seeded):
    async with running_dashboard(db, local_settings(db.url)) as dash:
        _, matrix, _ = await dash.get("/dashboard")
        _, project, _ = await dash.get("/dashboard/projects/CIT-03")
        _, digest, _ = await dash.get("/dashboard/digests/2026-W47")
    for html in (matrix, project):
        assert "<script>alert" not in html and "Report it &lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in project and "Going well &lt;img src=x onerror=alert(1)&gt; &amp; more" in project
    assert "<b>quickly</b>" not in digest and "&lt;b&gt;quickly&lt;/b&gt;" in digest
    assert XSS_NAME not in matrix and XSS_SUMMARY not in project


async def test_an_unknown_project_is_a_helpful_not_found_page(db, seeded):
    async with running_dashboard(db, local_settings(db.url)) as dash:
        status, html, _ = await dash.get("/dashboard/projects/NOPE-9")
        lower_status, lower_html, _ = await dash.get("/dashboard/projects/cit-01")
    assert status == 404 and "There is no project with the reference “NOPE-9”." in html and 'href="/dashboard"' in html
    assert lower_status == 200 and "Digital inclusion across the county" in lower_html


async def test_a_retired_project_keeps_its_page(db, seeded):
    async with running_dashboard(db, local_settings(db.url)) as dash:
        status, html, _ = await dash.get("/dashboard/projects/OLD-01")
    assert status == 200 and "retired from the plan; its history is kept" in html


@pytest.mark.parametrize(
    "aad, admin, dlg", [(ADMIN_AAD, True, True), (DLG_AAD, False, True), (MEMBER_AAD, False, False)]
)
async def test_digests_in_full_with_drafts_for_admins_and_missing_updates_for_admins_and_dlg(
    db, seeded, entra, aad, admin, dlg
):
    token = entra.token(oid=aad)
    async with running_dashboard(db, sso_settings(db.url), jwks_url=entra.jwks_url) as dash:
        _, listing, _ = await dash.get("/dashboard/api/pages/digests", token=token)
        status, posted, _ = await dash.get("/dashboard/api/pages/digests/2026-W47", token=token)
        draft_status, draft, _ = await dash.get("/dashboard/api/pages/digests/2026-W48", token=token)
    assert "Digest 2026-W47" in listing["html"]
    assert ("Digest 2026-W48" in listing["html"]) is admin
    assert status == 200
    html = posted["html"]
    assert "Digital First digest — 20 November 2026" in html and "A steady week." in html
    assert "Note the recruitment plan." in html and "Digital inclusion across the county (CIT-01)" in html
    assert '<th scope="row">Digital Citizen</th>' in html  # rows of RAG counts become a table
    assert ("MISSING-LIST-MARKER" in html) is dlg
    assert ("Who has not updated is shown to admins and DLG members only." in html) is (not dlg)
    assert draft_status == (200 if admin else 404)


async def test_with_an_app_id_the_pages_are_empty_shells_that_sign_in_through_teams(db, seeded, entra):
    async with running_dashboard(db, sso_settings(db.url), jwks_url=entra.jwks_url) as dash:
        status, html, _ = await dash.get("/dashboard/projects/CIT-01")
        _, matrix, _ = await dash.get("/dashboard", params={"rag": "red"})
        api_status, refused, headers = await dash.get("/dashboard/api/pages/matrix")
    assert status == 200
    assert 'data-auth="teams"' in html and 'data-api="/dashboard/api/pages/projects/CIT-01"' in html
    for page in (html, matrix):
        assert "Digital inclusion" not in page and "Amara" not in page and "Local mode" not in page
        assert "Signing you in through Microsoft Teams" in page
    assert api_status == 401 and refused["error"] == "no_token"
    assert headers["WWW-Authenticate"].startswith("Bearer")


async def test_a_signed_in_member_gets_the_same_matrix_from_the_api(db, seeded, entra):
    async with running_dashboard(db, sso_settings(db.url), jwks_url=entra.jwks_url) as dash:
        status, body, _ = await dash.get(
            "/dashboard/api/pages/matrix", token=entra.token(oid=MEMBER_AAD, name="Sam Whitaker"), params={"rag": "red"}
        )
    assert status == 200 and body["title"] == "Programme"
    assert set(cells(body["html"])) == {"CIT-01"}
    assert "Signed in as Sam Whitaker (staff view)" in body["html"]


async def test_the_theme_from_teams_is_applied_and_kept_on_links(db, seeded):
    async with running_dashboard(db, local_settings(db.url)) as dash:
        _, dark, _ = await dash.get("/dashboard", params={"theme": "dark"})
        _, contrast, _ = await dash.get("/dashboard/projects/CIT-01", params={"theme": "contrast"})
        _, plain, _ = await dash.get("/dashboard", params={"theme": "<x>"})
    assert '<html lang="en-GB" data-theme="dark">' in dark and 'href="/dashboard/projects/CIT-01?theme=dark"' in dark
    assert '<input type="hidden" name="theme" value="dark">' in dark
    assert 'data-theme="contrast"' in contrast
    assert 'data-theme="auto"' in plain and "<x>" not in plain


async def test_the_bots_own_web_app_serves_the_dashboard(db, seeded):
    async with running_bot(db) as bot:
        async with bot.http.get(bot.server.make_url("/dashboard")) as resp:
            status, html = resp.status, await resp.text()
            csp = resp.headers.get("Content-Security-Policy", "")
    assert status == 200 and "<h1>Digital First programme</h1>" in html and "frame-ancestors" in csp

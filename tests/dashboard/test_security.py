"""Headers and page hygiene: framed only by Teams and Microsoft 365 hosts, no inline script or style,
nothing loaded from another origin, nothing with personal data cached."""

from __future__ import annotations

import re

import pytest

from dashboard.routes import CSP, FRAME_ANCESTORS

from .harness import local_settings, running_dashboard, sso_settings

# Microsoft's documented frame-ancestors for Teams, Microsoft 365 and Outlook hosts
# (learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements).
DOCUMENTED_HOSTS = {
    "https://teams.microsoft.com",
    "https://*.teams.microsoft.com",
    "https://*.cloud.microsoft",
    "https://*.microsoft365.com",
    "https://*.office.com",
    "https://outlook.office.com",
    "https://outlook.office365.com",
    "https://outlook-sdf.office.com",
    "https://outlook-sdf.office365.com",
}
PAGES = [
    "/dashboard",
    "/dashboard/projects/CIT-01",
    "/dashboard/digests",
    "/dashboard/digests/2026-W47",
    "/dashboard/configure",
    "/dashboard/projects/NOPE",
]


def directives(csp: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in csp.split(";")) if d}


def test_the_policy_allows_framing_only_by_the_documented_hosts_and_loads_only_our_own_files():
    d = directives(CSP)
    assert set(d["frame-ancestors"]) == DOCUMENTED_HOSTS | {"'self'"} == set(FRAME_ANCESTORS)
    assert d["default-src"] == ["'none'"]
    for name in ("script-src", "style-src", "connect-src", "font-src", "form-action"):
        assert d[name] == ["'self'"], name  # no 'unsafe-inline', no CDN
    assert d["object-src"] == ["'none'"] and d["base-uri"] == ["'none'"]


@pytest.mark.parametrize("mode", ["local", "sso"])
async def test_every_response_carries_the_security_headers(db, seeded, mode):
    settings = local_settings(db.url) if mode == "local" else sso_settings(db.url)
    async with running_dashboard(db, settings) as dash:
        for path in PAGES + [
            "/dashboard/api/pages/matrix",
            "/dashboard/static/dashboard.css",
            "/dashboard/no-such-page",
        ]:
            status, body, headers = await dash.get(path)
            assert headers["Content-Security-Policy"] == CSP, path
            assert headers["X-Content-Type-Options"] == "nosniff", path
            assert "X-Frame-Options" not in headers, path  # it would stop Teams framing the tab
            if not path.startswith("/dashboard/static/"):
                assert headers["Cache-Control"] == "no-store", path


async def test_pages_have_no_inline_script_or_style_and_nothing_from_another_origin(db, seeded):
    async with running_dashboard(db, local_settings(db.url)) as dash:
        for path in PAGES:
            _, html, _ = await dash.get(path)
            scripts = re.findall(r"<script\b[^>]*>", html)
            assert scripts and all(re.search(r'\bsrc="/dashboard/static/[^"]+"', s) for s in scripts), path
            assert not re.search(r"<script\b[^>]*>[^<]+</script>", html), path
            assert "<style" not in html and not re.search(r"\sstyle=", html), path
            assert not re.search(r"\son[a-z]+=", html), path  # no event handler attributes
            assert not re.search(r'(src|href)="(https?:)?//', html), path  # nothing from another origin


async def test_static_files_are_served_with_a_content_hash_and_cached(db, seeded):
    async with running_dashboard(db, local_settings(db.url)) as dash:
        _, html, _ = await dash.get("/dashboard")
        css = re.search(r'href="(/dashboard/static/dashboard\.css\?v=[0-9a-f]{16})"', html).group(1)
        js = re.search(
            r'src="(/dashboard/static/vendor/teams-js/MicrosoftTeams\.min\.js\?v=[0-9a-f]{16})"', html
        ).group(1)
        for url in (css, js):
            status, _, headers = await dash.get(url)
            assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
        status, _, _ = await dash.get("/dashboard/static/../routes.py")
        assert status in (403, 404)


async def test_large_pages_are_compressed_for_clients_that_accept_it(db, seeded):
    async with running_dashboard(db, local_settings(db.url)) as dash:
        async with dash.http.get(
            dash.server.make_url("/dashboard/projects/CIT-01"), headers={"Accept-Encoding": "gzip"}
        ) as resp:
            assert resp.headers.get("Content-Encoding") == "gzip"
            assert "Digital inclusion" in await resp.text()
        async with dash.http.get(
            dash.server.make_url("/dashboard/projects/CIT-01"),
            headers={"Accept-Encoding": "identity"},
            auto_decompress=False,
        ) as resp:
            assert "Content-Encoding" not in resp.headers

"""The pages the Teams app package links to are served by the bot (issue 22).

The manifest's `websiteUrl`, `privacyUrl` and `termsOfUseUrl` default to `/`, `/privacy` and `/terms`
on the bot's host (dfbot/package.py); Teams shows them in the app's details, and they used to be 404.
Here the package is built with its defaults and every one of its links is requested from the running
bot, with an app id set (as in production: the pages need no sign-in).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from dfbot.package import build_manifest
from programme.privacy import PRIVACY_NOTICE
from tests.botserver import running_bot, settings_for

APP_ID = "5b0c0000-aaaa-4bbb-8ccc-0000000d1f57"


async def test_every_page_the_package_links_to_is_served(db):
    manifest = build_manifest(settings_for(db.url, app_id=APP_ID, public_base_url="https://dfbot.example.gov.uk"))
    wanted = {k: manifest["developer"][k] for k in ("websiteUrl", "privacyUrl", "termsOfUseUrl")}
    assert all(urlsplit(u).netloc == "dfbot.example.gov.uk" for u in wanted.values())
    async with running_bot(db, app_id=APP_ID, app_password="x", app_tenant_id="t") as bot:
        pages = {}
        for key, url in wanted.items():
            async with bot.http.get(bot.server.make_url(urlsplit(url).path or "/")) as response:
                pages[key] = (
                    response.status,
                    response.content_type,
                    await response.text(),
                    response.headers.get("Content-Security-Policy", ""),
                )
    for key, (status, kind, body, csp) in pages.items():
        assert status == 200 and kind == "text/html", key
        assert "frame-ancestors 'none'" in csp
        assert '<html lang="en-GB">' in body and "<h1>" in body
    assert "Privacy — what the Digital First bot keeps about you</h1>" in pages["privacyUrl"][2]
    # the notice's own words, escaped and formatted
    assert (
        "programme&#x27;s record" in pages["privacyUrl"][2]
        and "<strong>An audit log</strong>" in pages["privacyUrl"][2]
    )
    assert PRIVACY_NOTICE.count("\n- ") == pages["privacyUrl"][2].count("<li>")
    assert "Terms of use" in pages["termsOfUseUrl"][2] and "council business only" in pages["termsOfUseUrl"][2]
    assert 'href="/privacy"' in pages["websiteUrl"][2] and 'href="/terms"' in pages["websiteUrl"][2]

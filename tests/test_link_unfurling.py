"""Link unfurling over HTTP: a dashboard link pasted into a message unfolds into the project's status
card (`composeExtension/queryLink`), or, for someone Teams does not identify, into name, ref, RAG and a
link (`composeExtension/anonymousQueryLink`). Payloads as in Microsoft's "Link unfurling" page; a URL
that is not ours is an empty result with 200."""

from __future__ import annotations

import pytest

from dfbot.web import MESSAGES_ENDPOINT
from services.ask import forget_vocabulary
from tests.botserver import running_bot
from tests.e2e.cards_capture import record_invoke_response
from tests.extension_fixtures import NOW, OPEN_RISK, PUBLIC, SENSITIVE_RISK, attachments, card_text, invoke, seed

SERVICE = "http://127.0.0.1:9/"


@pytest.fixture
async def bot(db):
    forget_vocabulary()
    await seed(db)
    async with running_bot(db, public_base_url=PUBLIC) as running:
        running.context.clock = lambda: NOW
        yield running


async def unfurl(bot, url, *, anonymous: bool = False) -> list[dict]:
    name = "composeExtension/anonymousQueryLink" if anonymous else "composeExtension/queryLink"
    status, body = await bot.post(invoke(name, {"url": url}, service_url=SERVICE, anonymous=anonymous))
    assert status == 200, body
    record_invoke_response(body)
    return attachments(body)


@pytest.mark.parametrize(
    "url",
    [
        f"{PUBLIC}/dashboard/projects/CAR-02",
        f"{PUBLIC}/dashboard/projects/CAR-02?tab=history",
        f"{PUBLIC}/dashboard/projects/car-02#top",
        "http://DFBOT.example.gov.uk/dashboard/projects/CAR%2D02",
    ],
)
async def test_a_project_link_unfolds_into_its_status_card(bot, url):
    [found] = await unfurl(bot, url)
    card = found["content"]
    assert card["version"] == "1.3"  # what Teams documents for unfurling
    seen = card_text(card)
    assert "Assistive technology in health and care" in seen and "■ Red" in seen and "Nadia Hussain" in seen
    assert SENSITIVE_RISK not in seen and OPEN_RISK not in seen
    assert found["preview"]["contentType"] == "application/vnd.microsoft.card.thumbnail"
    assert found["preview"]["content"]["title"] == "Assistive technology in health and care (CAR-02)"


async def test_the_dashboard_link_unfolds_into_the_programme_at_a_glance(bot):
    [found] = await unfurl(bot, f"{PUBLIC}/dashboard")
    facts = {f["title"]: f["value"] for f in found["content"]["body"][2]["facts"]}
    # COU-01 green, CIT-02 amber, CAR-02 red, CAR-01 never reported; ECO-09 is retired
    assert facts == {"■ Red": "1", "▲ Amber": "1", "● Green": "1", "○ Not reported": "1"}
    assert "4 active projects" in card_text(found["content"])
    assert found["content"]["actions"][0]["url"] == f"{PUBLIC}/dashboard"


async def test_a_retired_projects_link_still_says_what_it_is(bot):
    [found] = await unfurl(bot, f"{PUBLIC}/dashboard/projects/ECO-09")
    assert "Retired" in card_text(found["content"])


async def test_an_anonymous_unfurl_shows_only_name_ref_rag_and_a_link(bot):
    [found] = await unfurl(bot, f"{PUBLIC}/dashboard/projects/CAR-02", anonymous=True)
    card = found["content"]
    seen = card_text(card)
    assert "Assistive technology in health and care" in seen and "CAR-02" in seen and "■ Red" in seen
    for private in ("Nadia Hussain", "20%", "sensors", "Sensors installed", "22 November 2026", SENSITIVE_RISK):
        assert private not in seen
    assert card["actions"] == [
        {"type": "Action.OpenUrl", "title": "Open in dashboard", "url": f"{PUBLIC}/dashboard/projects/CAR-02"}
    ]
    [dashboard] = await unfurl(bot, f"{PUBLIC}/dashboard", anonymous=True)
    assert "active project" not in card_text(dashboard["content"])  # no figures either


@pytest.mark.parametrize(
    "value",
    [
        {"url": "https://theurlsubmittedbyyouruser.trackeddomain.com/id/1234"},  # the docs' example: not ours
        {"url": "https://dfbot.example.gov.uk.evil.example/dashboard"},
        {"url": f"{PUBLIC}/dashboard/projects/NOPE-99"},
        {"url": f"{PUBLIC}/dashboard/digests/2026-W48"},
        {"url": f"{PUBLIC}/api/messages"},
        {"url": f"{PUBLIC}:8443/dashboard"},
        {"url": "javascript:alert(1)"},
        {"url": "https://[::1"},
        {"url": 42},
        {"nourl": True},
        "https://dfbot.example.gov.uk/dashboard",
    ],
)
@pytest.mark.parametrize("name", ["composeExtension/queryLink", "composeExtension/anonymousQueryLink"])
async def test_a_link_that_is_not_ours_is_an_empty_result_with_200(bot, name, value):
    status, body = await bot.post(invoke(name, value, service_url=SERVICE, anonymous="anonymous" in name))
    endpoint = bot.server.app[MESSAGES_ENDPOINT]
    assert status == 200 and attachments(body) == [] and endpoint.errors == 0

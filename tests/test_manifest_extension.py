"""The manifest's message extension and link handler describe what the bot answers: the command and
parameter the bot reads, the domain it unfurls, and the descriptions Microsoft 365 Copilot needs.
(Microsoft's schema check of the whole filled manifest is in tests/test_manifest.py.)"""

from __future__ import annotations

import pytest

from bot import extension
from dfbot.package import build_package
from infra.config import Settings

APP_ID = "5d1f9a0c-7b2e-4c61-9a3f-2e8b6c4d1a07"


def manifest_for(tmp_path, public: str = "https://dfbot.example.gov.uk") -> dict:
    settings = Settings(_env_file=None, MicrosoftAppId=APP_ID, PUBLIC_BASE_URL=public)
    return build_package(tmp_path / "p.zip", settings)


def test_the_app_declares_it_is_ready_for_private_and_shared_channels(tmp_path):
    assert manifest_for(tmp_path)["supportsChannelFeatures"] == "tier1"


def test_one_bot_based_search_command_the_bot_understands(tmp_path):
    [ce] = manifest_for(tmp_path)["composeExtensions"]
    assert ce["botId"] == APP_ID and ce["composeExtensionType"] == "botBased"
    [command] = ce["commands"]
    assert (command["id"], command["type"], command["title"]) == (extension.SEARCH_COMMAND, "query", "Find a project")
    assert command["initialRun"] is True  # the bot answers the opening query with the viewer's projects
    assert sorted(command["context"]) == ["commandBox", "compose"]
    [parameter] = command["parameters"]
    assert parameter["name"] == extension.SEARCH_PARAMETER and parameter["inputType"] == "text"


def test_the_command_carries_what_copilot_needs_to_use_it(tmp_path):
    """Microsoft's plugin guidelines: command and parameter descriptions, a semantic description of
    each (what is searched, accepted values, limits), and no URLs or instructions in them."""
    [command] = manifest_for(tmp_path)["composeExtensions"][0]["commands"]
    [parameter] = command["parameters"]
    for described in (command, parameter):
        assert described["description"].strip() and described["semanticDescription"].strip()
        for text in (described["description"], described["semanticDescription"]):
            assert "http" not in text and "ignore" not in text.lower()
    assert "25" in command["semanticDescription"] and "sensitive" in command["semanticDescription"]
    assert "100 characters" in parameter["semanticDescription"]
    assert 1 <= len(command["samplePrompts"]) <= 5


@pytest.mark.parametrize(
    "public, domain",
    [
        ("https://dfbot.example.gov.uk", "dfbot.example.gov.uk"),
        ("https://Bots.Example.gov.uk:8443/", "bots.example.gov.uk"),
    ],
)
def test_links_to_the_dashboards_host_are_unfurled_anonymously_too(tmp_path, public, domain):
    [handler] = manifest_for(tmp_path, public)["composeExtensions"][0]["messageHandlers"]
    assert handler == {"type": "link", "value": {"domains": [domain], "supportsAnonymizedPayloads": True}}

"""DLG_TEAM_ID in either of a team's two ids, for the bot's own digest transport (issue 22).

A team has a Microsoft 365 group id (the GUID after `groupId=` in a channel link: what the guide says to
copy and what Graph wants) and a Teams thread id (`19:…@thread.tacv2`: what activities carry as
`channelData.team.id`). The bot transport used to compare DLG_TEAM_ID with the stored thread ids only,
so the guide's value always ended in "not added to the DLG team". Here the bot is added to the DLG team
by a real conversationUpdate (shaped like the "Team members added" example in Microsoft's "Conversation
events in your Teams bot"), then posts the digest through the real messenger to the fake Bot Connector,
whichever form the id was given in — URL-encoded, or the whole channel link — and says which matched.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from bot.channel_post import BotChannelTransport
from programme.posting import DigestMessage, Rejected, channel_id, team_id
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector, RateLimits

GROUP = "2E3F4A5B-1C2D-4E5F-8A9B-0C1D2E3F4A5B"  # as the Azure portal shows group ids: upper case
TEAM = "19:0a1b2c3d4e5f60718293a4b5c6d7e8f9@thread.tacv2"
CHANNEL = "19:9f8e7d6c5b4a39281706f5e4d3c2b1a0@thread.tacv2"
LINK = (
    f"https://teams.microsoft.com/l/channel/{quote(CHANNEL, safe='')}/Digital%20Leadership%20Group"
    f"?groupId={GROUP.lower()}&tenantId={A.TENANT}"
)


def bot_added_to_team(service_url: str) -> dict:
    """Teams' conversationUpdate when the app is added to a team: sent in the General channel, whose id is
    the team's thread id; `channelData.team` carries both ids."""
    return {
        "type": "conversationUpdate",
        "id": "f:5f85c2ad-3e8c-4a5b",
        "timestamp": "2026-12-06T09:00:00.000Z",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {
            "id": "29:1I9Is_Sx0OIy2rQ7Xz1lcaPKlO9eqmBRTBuW6XzkFt",
            "aadObjectId": "6d6ba3c8-1e0d-4a1b-9b7e-2f3a4b5c6d7e",
        },
        "conversation": {"isGroup": True, "conversationType": "channel", "tenantId": A.TENANT, "id": TEAM},
        "recipient": A.BOT,
        "membersAdded": [{"id": A.BOT["id"]}],
        "channelData": {
            "team": {"aadGroupId": GROUP.lower(), "name": "Digital Leadership Group", "id": TEAM},
            "eventType": "teamMemberAdded",
            "tenant": {"id": A.TENANT},
        },
    }


def digest() -> DigestMessage:
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Digest", "wrap": True}]}
    return DigestMessage(period_key="2026-12", card=card, html="<p>Digest</p>", marker="m-1", summary="DLG digest")


@pytest.fixture
async def connector():
    async with FakeConnector(limits=RateLimits.unlimited()) as fake:
        fake.add_team(TEAM, GROUP.lower())
        yield fake


THREAD_MATCH, GROUP_MATCH = "matched as the team's Teams thread id", "matched as the group id of the team"


@pytest.mark.parametrize(
    "given,channel_given,matched",
    [
        (TEAM, CHANNEL, THREAD_MATCH),
        (quote(TEAM, safe=""), quote(CHANNEL, safe=""), THREAD_MATCH),  # copied from a link: URL-encoded
        (GROUP, CHANNEL, GROUP_MATCH),  # the guide's groupId, upper case from the portal
        (GROUP.lower(), quote(CHANNEL, safe=""), GROUP_MATCH),
        (LINK, LINK, GROUP_MATCH),  # the whole "Get link to channel" pasted into both settings
    ],
    ids=["thread id", "thread id URL-encoded", "group id", "group id lower case", "channel link"],
)
async def test_the_bot_posts_the_digest_to_the_dlg_channel_whichever_team_id_it_was_given(
    db, connector, given, channel_given, matched
):
    async with running_bot(db, digest_transport="bot", dlg_team_id=given, dlg_channel_id=channel_given) as bot:
        status, _ = await bot.post(bot_added_to_team(connector.url))
        assert status == 200
        transport = BotChannelTransport(bot.context)
        activity_id = await transport.send(digest())
    assert activity_id
    posted = connector.cards(CHANNEL)
    assert len(posted) == 1 and posted[0]["body"][0]["text"] == "Digest"
    assert matched in transport.matched and TEAM in transport.matched


async def test_a_group_id_of_no_team_the_bot_is_in_is_refused_saying_how_it_was_read(db, connector):
    other = "7c6b5a49-3827-4165-9c4d-5e6f7a8b9c0d"
    async with running_bot(db, digest_transport="bot", dlg_team_id=other, dlg_channel_id=CHANNEL) as bot:
        await bot.post(bot_added_to_team(connector.url))
        with pytest.raises(Rejected) as refused:
            await BotChannelTransport(bot.context).send(digest())
    assert "read as a group id" in str(refused.value) and other in str(refused.value)
    assert connector.cards(CHANNEL) == []


@pytest.mark.parametrize(
    "raw,value,form",
    [
        (TEAM, TEAM, "Teams thread id"),
        ("19%3a0a1b2c3d4e5f60718293a4b5c6d7e8f9%40thread.tacv2", TEAM, "Teams thread id"),
        ("19%253a0a1b2c3d4e5f60718293a4b5c6d7e8f9%2540thread.tacv2", TEAM, "Teams thread id"),  # encoded twice
        (f" {GROUP} ", GROUP.lower(), "group id"),
        (LINK, GROUP.lower(), "group id"),
        ("the DLG team", "the DLG team", ""),
    ],
)
def test_a_team_id_is_read_in_either_form(raw, value, form):
    assert team_id(raw) == (team_id(raw).__class__(value, form))


def test_a_channel_id_is_read_from_an_encoded_id_or_a_link():
    assert channel_id(quote(CHANNEL, safe="")) == CHANNEL
    assert channel_id(LINK) == CHANNEL
    assert channel_id(CHANNEL) == CHANNEL

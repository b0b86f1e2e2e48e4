"""Know where you are: the kind of conversation is decided from all the evidence, shared when in doubt.

The payloads are shaped like Microsoft's own examples, which carry no `conversationType`:
- meeting start and end: "Meeting apps APIs" (learn.microsoft.com/microsoftteams/platform/
  apps-in-teams-meetings/meeting-apps-apis, "Example of meeting start event payload" / "… end …");
- a participant added to a meeting: "Handle bot events", "Schema example: User added to meeting"
  (learn.microsoft.com/microsoftteams/platform/resources/bot-v3/bots-notifications);
- a member added to a team's channel, as older Teams sends it: the same page's "Bot added to team"
  example with no `conversationType`.
Only the ids, the service URL (the fake Bot Connector) and the people (the seeded programme) differ.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from botbuilder.schema import Activity
from sqlalchemy import select

from bot.where import CHANNEL, GROUP_CHAT, PERSONAL, UNKNOWN, mentions_bot, where
from programme import calendar
from programme.cycles import Cadence
from services import cycles
from services.admin import PRIVATE_ONLY
from store import delivery_repo
from store.models import ConversationRef
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector
from tests.update_fixtures import ADA, NOW, PRIYA, TZ, chat, member, seed

TENANT = "e15762ef-a8d8-416b-871c-25516354f1fe"
MEETING_CHAT = "19:meeting_MWJlNGViOTgtMGExYi00NDA3LWExODgtOTZhMWNlYjM4ZTRj@thread.v2"
TEAM_CHANNEL = "19:efa9296d959346209fea44151c742e73@thread.skype"

MEETING_START = {
    "name": "application/vnd.microsoft.meetingStart",
    "type": "event",
    "timestamp": "2021-04-29T16:10:41.1252256Z",
    "id": "123",
    "channelId": "msteams",
    "serviceUrl": "https://microsoft.com",
    "from": {"id": "userID", "aadObjectId": "aadOnjectId"},
    "conversation": {"isGroup": True, "tenantId": "tenantId", "id": "thread id"},
    "recipient": {"id": "user Id", "name": "user name"},
    "entities": [{"locale": "en-US", "country": "US", "type": "clientInfo"}],
    "channelData": {"tenant": {"id": "channel id"}, "source": None, "meeting": {"id": "meeting id"}},
    "value": {
        "MeetingType": "Scheduled",
        "Title": "Meeting Start/End Event",
        "Id": "meeting id",
        "JoinUrl": "url",
        "StartTime": "2021-04-29T16:17:17.4388966Z",
    },
    "locale": "en-US",
}
MEETING_END = {
    **copy.deepcopy(MEETING_START),
    "name": "application/vnd.microsoft.meetingEnd",
    "value": {
        "MeetingType": "Scheduled",
        "Title": "Meeting Start/End Event in Canary",
        "Id": MEETING_CHAT,
        "JoinUrl": "url",
        "EndTime": "2021-04-29T16:17:17.4388966Z",
    },
}
USER_ADDED_TO_MEETING = {
    "membersAdded": [
        {"id": "229:1Z_XHWBMhDuehhDBYoPQD6Y1DSFsTtqOZx-SA5Jh9Y4zHKm4VbFGRn7-rK7SWiW1JECwxkMdrWpHoBut2sSyQPA"}
    ],
    "type": "conversationUpdate",
    "timestamp": "2017-02-23T19:38:35.312Z",
    "localTimestamp": "2020-09-29T21:11:38.6542339Z",
    "id": "f:a8cd1b51-9ddb-bd35-624b-7f7474165df8",
    "channelId": "msteams",
    "serviceUrl": "https://canary.botapi.skype.com/amer/",
    "from": {
        "id": "29:1siKxZhSoTapsXvI0gyf7Gywm_HM-4kEQW4BJnWuFYVIVu87xCNP99nidgQRCcwD3L3p_schiMShzx8IDRzf8mw",
        "aadObjectId": "f30ba569-abef-4e97-8762-35f85cbae706",
    },
    "conversation": {"isGroup": True, "tenantId": TENANT, "id": MEETING_CHAT},
    "recipient": {"id": "28:3af3604a-d4fc-486b-911e-86fab41aa91c", "name": "EchoBot1_Rename"},
    "channelData": {
        "tenant": {"id": TENANT},
        "source": None,
        "meeting": {
            "id": "MCMxOTptZWV0aW5nX01XSmxOR1ZpT1RndE1HRXhZaTAwTkRBM0xXRXhPRGd0T1RaaE1XTmxZak00WlRSakB0aHJlYWQudjIjMA=="
        },
    },
}
MEMBER_ADDED_TO_CHANNEL = {  # "Bot added to team", as older Teams sends it: no conversationType
    "membersAdded": [{"id": "28:f5d48856-5b42-41a0-8c3a-c5f944b679b0"}],
    "type": "conversationUpdate",
    "timestamp": "2017-02-23T19:38:35.312Z",
    "localTimestamp": "2017-02-23T12:38:35.312-07:00",
    "id": "f:5f85c2ad",
    "channelId": "msteams",
    "serviceUrl": "https://smba.trafficmanager.net/amer-client-ss.msg/",
    "from": {"id": "29:1I9Is_Sx0OIy2rQ7Xz1lcaPKlO9eqmBRTBuW6XzkFtcjqxTjPaCMij8BVMdBcL9L_RwWNJyAHFQb0TRzXgyQvA"},
    "conversation": {"isGroup": True, "id": TEAM_CHANNEL},
    "recipient": {"id": "28:f5d48856-5b42-41a0-8c3a-c5f944b679b0", "name": "SongsuggesterBot"},
    "channelData": {
        "team": {"id": TEAM_CHANNEL},
        "eventType": "teamMemberAdded",
        "tenant": {"id": "72f988bf-86f1-41af-91ab-2d7cd011db47"},
    },
}
BOT_ADDED_TO_PERSONAL = {
    "membersAdded": [{"id": "28:f5d48856-5b42-41a0-8c3a-c5f944b679b0"}, {"id": "29:<userID>", "aadObjectId": "***"}],
    "type": "conversationUpdate",
    "timestamp": "2019-04-23T10:17:44.349Z",
    "id": "f:5f85c2ad",
    "channelId": "msteams",
    "serviceUrl": "https://smba.trafficmanager.net/amer-client-ss.msg/",
    "from": {"id": "29:<USERID>", "aadObjectId": "***"},
    "conversation": {"conversationType": "personal", "id": "***"},
    "recipient": {"id": "28:<BOT ID>", "name": "<BOT NAME>"},
    "channelData": {"tenant": {"id": "<TENANT ID>"}},
}


def activity(payload: dict[str, Any], **changes: Any) -> Activity:
    return Activity().deserialize({**copy.deepcopy(payload), **changes})


# ----------------------------------------------------------------------------------- the decision (pure)


@pytest.mark.parametrize(
    "payload,kind,meeting",
    [
        (MEETING_START, GROUP_CHAT, True),
        (MEETING_END, GROUP_CHAT, True),
        (USER_ADDED_TO_MEETING, GROUP_CHAT, True),
        (MEMBER_ADDED_TO_CHANNEL, CHANNEL, False),
        (BOT_ADDED_TO_PERSONAL, PERSONAL, False),
    ],
    ids=["meeting start", "meeting end", "user added to meeting", "member added to channel", "bot added, personal"],
)
def test_microsofts_examples_are_placed_where_they_happen(payload, kind, meeting):
    found = where(activity(payload))
    assert (found.kind, found.meeting) == (kind, meeting)
    assert found.personal is (kind == PERSONAL)


@pytest.mark.parametrize(
    "conversation,channel_data,expected",
    [
        ({"conversationType": "personal", "id": "a:1"}, {"team": {"id": "19:t@thread.tacv2"}}, CHANNEL),
        ({"conversationType": "personal", "id": MEETING_CHAT}, {}, GROUP_CHAT),
        ({"conversationType": "personal", "id": "a:1", "isGroup": True}, {}, GROUP_CHAT),
        ({"conversationType": "personal", "id": "a:1"}, {"meeting": {"id": "m"}}, GROUP_CHAT),
        ({"conversationType": "personal", "id": "19:abc@thread.v2"}, {}, GROUP_CHAT),
        ({"conversationType": "groupChat", "id": "19:abc@thread.v2"}, {}, GROUP_CHAT),
        ({"id": "a:1"}, {}, UNKNOWN),
        ({"id": "a:1", "isGroup": False}, {}, UNKNOWN),
        (
            {"conversationType": "personal", "id": "e9c74844-8ec7-4477-b177-236705fa315f"},
            {},
            PERSONAL,
        ),  # the Playground
    ],
    ids=[
        "says personal, in a team",
        "says personal, meeting id",
        "says personal, isGroup",
        "says personal, meeting data",
        "says personal, thread id",
        "group chat",
        "no sign at all",
        "isGroup false only",
        "personal, nothing against it",
    ],
)
def test_one_to_one_only_when_it_says_so_and_nothing_contradicts_it(conversation, channel_data, expected):
    found = where(
        activity(A.message("x", service_url="http://x/"), conversation=conversation, channelData=channel_data)
    )
    assert found.kind == expected
    assert found.shared is (expected != PERSONAL)


def test_a_mention_is_of_the_bot_itself():
    plain = A.message("which projects are red?", service_url="http://x/")
    assert not mentions_bot(activity(plain))
    assert mentions_bot(activity(A.mentioning_the_bot(copy.deepcopy(plain))))
    someone = {
        **copy.deepcopy(plain),
        "entities": [{"type": "mention", "text": "<at>Sam</at>", "mentioned": {"id": "29:sam", "name": "Sam"}}],
    }
    assert not mentions_bot(activity(someone))
    bare = A.mentioning_the_bot(copy.deepcopy(plain))
    bare["entities"][-1]["mentioned"] = {"id": A.BOT["id"].removeprefix("28:"), "name": "Digital First"}
    assert mentions_bot(activity(bare))  # some clients name the bot by its app id alone
    broken = {**copy.deepcopy(plain), "entities": [{"type": None}, {"type": "mention", "mentioned": "x"}]}
    assert not mentions_bot(activity(broken))


# ----------------------------------------------------------------------------------- over HTTP


def at(connector: FakeConnector, payload: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A documented payload, sent to our bot through the fake Bot Connector."""
    out = {
        **copy.deepcopy(payload),
        "serviceUrl": connector.url,
        "recipient": {"id": connector.bot_id, "name": connector.bot_name},
    }
    out.update(changes)
    return out


def in_meeting_chat(connector: FakeConnector, who, text: str) -> dict[str, Any]:
    """`who` types in the meeting chat of Microsoft's example (no conversationType), @mentioning the bot."""
    message = connector.make_message(member(connector, who), text)
    message["conversation"] = copy.deepcopy(USER_ADDED_TO_MEETING["conversation"])
    message["conversation"]["tenantId"] = connector.tenant_id
    message["channelData"] = {
        **copy.deepcopy(USER_ADDED_TO_MEETING["channelData"]),
        "tenant": {"id": connector.tenant_id},
    }
    return A.mentioning_the_bot(message)


async def refs_of(db, person_id: int) -> list[tuple[str, str]]:
    async with db.unit_of_work() as s:
        rows = await s.execute(
            select(ConversationRef.conversation_id, ConversationRef.conversation_type).where(
                ConversationRef.person_id == person_id
            )
        )
        return sorted(rows.all())


async def test_an_admin_asking_in_a_meeting_chat_is_not_shown_who_has_not_updated_and_it_is_no_1_1_address(db):
    async with FakeConnector() as connector:
        ids = await seed(db, connector)
        await cycles.open_period(db, calendar.current_period(NOW, Cadence(), TZ), NOW, TZ, actor="test")
        async with running_bot(db) as bot:
            bot.context.clock = lambda: NOW
            status, _ = await bot.post(in_meeting_chat(connector, ADA, "who hasn't updated"))
        said = connector.texts(MEETING_CHAT) + [str(c) for c in connector.cards(MEETING_CHAT)]
    assert status == 200 and said == [PRIVATE_ONLY]  # not the list of leads, in front of the meeting
    assert (MEETING_CHAT, GROUP_CHAT) in await refs_of(db, ids["ada"])
    async with db.unit_of_work() as s:  # her prompts and alerts still go to her own 1:1 chat
        [ref] = (await delivery_repo.personal_refs(s, {ids["ada"]})).values()
        assert ref.conversation_id == chat(connector, ADA)


async def test_a_participant_added_to_a_meeting_gets_no_welcome_and_leaves_no_1_1_address(db):
    async with FakeConnector() as connector:
        ids = await seed(db, connector)
        organizer = member(connector, ADA)
        payload = at(
            connector, USER_ADDED_TO_MEETING, **{"from": {"id": organizer.id, "aadObjectId": organizer.aad_object_id}}
        )
        async with running_bot(db) as bot:
            status, _ = await bot.post(payload)
        posted = connector.sent_to(MEETING_CHAT)
    assert status == 200 and posted == []  # the private welcome card used to land in the meeting chat
    assert await refs_of(db, ids["ada"]) == [(chat(connector, ADA), PERSONAL)]


async def test_a_member_added_to_a_channel_without_a_conversation_type_gets_no_private_welcome_card(db):
    async with FakeConnector() as connector:
        await seed(db, connector)
        someone = member(connector, PRIYA)
        payload = at(
            connector,
            MEMBER_ADDED_TO_CHANNEL,
            membersAdded=[{"id": someone.id}],
            **{"from": {"id": someone.id, "aadObjectId": someone.aad_object_id}},
        )
        async with running_bot(db) as bot:
            status, _ = await bot.post(payload)
        posted = connector.sent_to(TEAM_CHANNEL)
    assert status == 200 and posted == []


async def test_the_bot_added_to_a_channel_without_a_conversation_type_says_a_short_hello_not_the_card(db):
    async with FakeConnector() as connector:
        await seed(db, connector)
        someone = member(connector, PRIYA)
        payload = at(
            connector,
            MEMBER_ADDED_TO_CHANNEL,
            membersAdded=[{"id": connector.bot_id}],
            **{"from": {"id": someone.id, "aadObjectId": someone.aad_object_id}},
        )
        async with running_bot(db) as bot:
            status, _ = await bot.post(payload)
        texts, cards = connector.texts(TEAM_CHANNEL), connector.cards(TEAM_CHANNEL)
    assert status == 200 and cards == [] and len(texts) == 1 and "@mention me" in texts[0]


@pytest.mark.parametrize("payload", [MEETING_START, MEETING_END], ids=["start", "end"])
async def test_meeting_start_and_end_are_heard_and_nothing_is_said_or_kept(db, payload):
    async with FakeConnector() as connector:
        ids = await seed(db, connector)
        organizer = member(connector, ADA)
        event = at(
            connector,
            payload,
            conversation={"isGroup": True, "tenantId": connector.tenant_id, "id": MEETING_CHAT},
            **{"from": {"id": organizer.id, "aadObjectId": organizer.aad_object_id}},
        )
        async with running_bot(db) as bot:
            status, _ = await bot.post(event)
        posted = connector.sent_to(MEETING_CHAT)
    assert status == 200 and posted == []
    assert await refs_of(db, ids["ada"]) == [(chat(connector, ADA), PERSONAL)]


@pytest.mark.parametrize("where_", ["group chat", "channel", "meeting chat"])
async def test_in_shared_conversations_only_messages_that_mention_the_bot_are_answered(db, where_):
    async with FakeConnector() as connector:
        await seed(db, connector)
        message = in_meeting_chat(connector, PRIYA, "help")
        conversation = {
            "group chat": {"conversationType": "groupChat", "id": "19:abc@thread.v2", "isGroup": True},
            "channel": {"conversationType": "channel", "id": TEAM_CHANNEL, "isGroup": True},
            "meeting chat": message["conversation"],
        }[where_]
        message["conversation"] = {**conversation, "tenantId": connector.tenant_id}
        unmentioned = {**copy.deepcopy(message), "text": "help", "entities": []}
        message["id"] = f"{message.get('id') or 'msg'}-mentioned"  # another message: its own id (not a redelivery)
        async with running_bot(db) as bot:
            await bot.post(unmentioned)
            before = len(connector.sent_to(conversation["id"]))
            await bot.post(message)
            after = len(connector.sent_to(conversation["id"]))
    assert (before, after) == (0, 1)


@pytest.mark.parametrize(
    "value", [{"action": "someone else's"}, {"verb": "not-one-of-ours", "x": 1}], ids=["no verb", "unknown verb"]
)
async def test_a_card_action_that_is_not_the_bots_own_gets_no_reply(db, value):
    async with FakeConnector() as connector:
        await seed(db, connector)
        submit = connector.make_message(member(connector, PRIYA), value=value)
        async with running_bot(db) as bot:
            status, _ = await bot.post(submit)
        posted = connector.sent_to(chat(connector, PRIYA))
    assert status == 200 and posted == []

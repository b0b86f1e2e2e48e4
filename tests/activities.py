"""Activities shaped like the ones Teams sends (and the Agents Playground mimics)."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

TENANT = "00000000-0000-0000-0000-0000000000001"
BOT = {"id": "28:digital-first-bot", "name": "Digital First"}
_seq = itertools.count(1)


def user(n: int = 1, name: str = "Alex Wilber", aad: str | None = None) -> dict[str, Any]:
    return {"id": f"29:user-{n}", "name": name, "aadObjectId": aad or f"00000000-0000-0000-0000-{n:012d}"}


def message(
    text: str,
    *,
    service_url: str,
    sender: dict | None = None,
    conversation_id: str | None = None,
    conversation_type: str = "personal",
    expect_replies: bool = False,
    team_id: str | None = None,
    mention_bot: bool = False,
    value: dict | None = None,
    reply_to_id: str | None = None,
) -> dict[str, Any]:
    sender = sender or user()
    conv_id = conversation_id or f"a:personal-{sender['id']}"
    if mention_bot:
        text = f"<at>{BOT['name']}</at> {text}"
    act: dict[str, Any] = {
        "type": "message",
        "id": f"act-{next(_seq)}-{uuid.uuid4().hex[:6]}",
        "timestamp": "2026-11-25T10:00:00.000Z",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": sender,
        "recipient": BOT,
        "conversation": {"id": conv_id, "conversationType": conversation_type, "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}},
        "text": text,
        "textFormat": "plain",
        "locale": "en-GB",
    }
    if mention_bot:
        act["entities"] = [{"type": "mention", "text": f"<at>{BOT['name']}</at>", "mentioned": BOT}]
    if team_id:
        act["channelData"]["team"] = {"id": team_id}
        act["channelData"]["channel"] = {"id": conv_id}
    if expect_replies:
        act["deliveryMode"] = "expectReplies"
    if value is not None:
        act["value"] = value
    if reply_to_id:
        act["replyToId"] = reply_to_id
    return act


def mentioning_the_bot(activity: dict[str, Any]) -> dict[str, Any]:
    """The same message as Teams delivers it in a channel or group chat: it @mentions the bot."""
    bot = activity.get("recipient") or BOT
    tag = f"<at>{bot.get('name') or 'Digital First'}</at>"
    activity["text"] = f"{tag} {activity.get('text') or ''}".strip()
    activity["entities"] = [*(activity.get("entities") or []), {"type": "mention", "text": tag, "mentioned": bot}]
    return activity


def invoke_action(
    verb: str,
    data: dict,
    *,
    service_url: str,
    sender: dict | None = None,
    conversation_id: str | None = None,
    reply_to_id: str | None = None,
) -> dict[str, Any]:
    sender = sender or user()
    act = message("", service_url=service_url, sender=sender, conversation_id=conversation_id)
    act.update(
        {
            "type": "invoke",
            "name": "adaptiveCard/action",
            "text": None,
            "value": {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"},
        }
    )
    if reply_to_id:
        act["replyToId"] = reply_to_id
    return act


def installation_update(
    *,
    service_url: str,
    sender: dict | None = None,
    conversation_type: str = "personal",
    conversation_id: str | None = None,
) -> dict[str, Any]:
    sender = sender or user()
    act = message(
        "", service_url=service_url, sender=sender, conversation_type=conversation_type, conversation_id=conversation_id
    )
    act.update({"type": "installationUpdate", "action": "add", "text": None})
    return act


def members_added(
    members: list[dict],
    *,
    service_url: str,
    conversation_id: str,
    conversation_type: str = "personal",
    team_id: str | None = None,
) -> dict[str, Any]:
    act = message(
        "",
        service_url=service_url,
        sender=members[0],
        conversation_id=conversation_id,
        conversation_type=conversation_type,
        team_id=team_id,
    )
    act.update({"type": "conversationUpdate", "membersAdded": members, "text": None})
    if team_id:
        act["channelData"]["eventType"] = "teamMemberAdded"
    return act

"""Where an activity comes from — a 1:1 chat, a group or meeting chat, a team channel — decided from all
the evidence, and shared whenever in doubt.

Why: `conversationType` alone cannot be trusted to be there. Meeting start/end and participant events,
members added to a meeting, older channel events and some channel messages carry none (Microsoft's own
examples in "Handle bot events" and "Meeting apps APIs" show them so), and reading its absence as
"1:1" posted the private welcome card into team threads and meeting chats, kept a meeting chat as a
person's only 1:1 address (their private prompts and alerts would have gone there), and showed an
admin sensitive risks in front of everyone. So every sign counts: the declared type, `isGroup`, the
form of the conversation id (Teams' group, meeting and channel threads are `19:…@thread…`), and the
team, channel and meeting in the channel data. A conversation is 1:1 only when it says so and nothing
contradicts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PERSONAL, GROUP_CHAT, CHANNEL = "personal", "groupChat", "channel"
UNKNOWN = "unknown"  # no sign either way: shared


@dataclass(frozen=True)
class Where:
    kind: str  # personal / groupChat / channel / unknown
    meeting: bool = False
    evidence: tuple[str, ...] = ()

    @property
    def personal(self) -> bool:
        """Certainly a 1:1 chat with the bot: only then may private things be said or its address kept."""
        return self.kind == PERSONAL

    @property
    def shared(self) -> bool:
        return not self.personal


def where(activity: Any) -> Where:
    conversation = getattr(activity, "conversation", None)
    declared = getattr(conversation, "conversation_type", None) if conversation else None
    is_group = getattr(conversation, "is_group", None) if conversation else None
    conversation_id = str(getattr(conversation, "id", None) or "")
    data = activity.channel_data if isinstance(getattr(activity, "channel_data", None), dict) else {}
    team, channel, meeting = (bool(data.get(k)) for k in ("team", "channel", "meeting"))
    # Group chats, channels and meetings are threads (19:…@thread.v2 / .tacv2 / .skype); a one-on-one chat
    # in Graph's form is 19:…@unq.gbl.spaces ("unique"), which is no evidence of a shared conversation.
    thread = "@thread" in conversation_id or (
        conversation_id.startswith("19:") and not conversation_id.endswith("@unq.gbl.spaces")
    )
    meeting = meeting or conversation_id.startswith("19:meeting_")

    evidence = tuple(
        sign
        for sign, present in (
            (f"conversationType={declared}", bool(declared)),
            ("isGroup", is_group is True),
            ("team", team),
            ("channel", channel),
            ("meeting", meeting),
            ("thread id", thread),
        )
        if present
    )
    if declared == CHANNEL or team or channel:
        return Where(CHANNEL, meeting, evidence)
    if declared == GROUP_CHAT or is_group is True or meeting or thread:
        return Where(GROUP_CHAT, meeting, evidence)
    if declared == PERSONAL:
        return Where(PERSONAL, False, evidence)
    return Where(UNKNOWN, False, evidence)


def mentions_bot(activity: Any) -> bool:
    """Does this message @mention the bot itself (not someone else)? In channels and group chats the bot
    answers only such messages, as Teams itself delivers channel messages to a bot only when mentioned."""
    recipient = getattr(activity, "recipient", None)
    bot_id = _bare(getattr(recipient, "id", None))
    if not bot_id:
        return False
    for entity in getattr(activity, "entities", None) or ():
        if str(getattr(entity, "type", None) or "").lower() != "mention":
            continue
        mentioned = (getattr(entity, "additional_properties", None) or {}).get("mentioned")
        if isinstance(mentioned, dict) and _bare(mentioned.get("id")) == bot_id:
            return True
    return False


def _bare(account_id: str | None) -> str:
    """Bot ids come as `28:<app id>` or as the app id alone, depending on the client."""
    value = str(account_id or "").strip().lower()
    return value[3:] if value.startswith("28:") else value

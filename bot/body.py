"""What `/api/messages` reads from a request body before the caller is authenticated, and no more.

Why this exists: turning a body into a botbuilder `Activity` walks every node of it in Python
(msrest), and reading its channel data walks it again. Done before the token was checked, an
unauthenticated 240 KB body of long arrays cost about 0.6 s of the one event loop, so a few such
requests a second from anyone stalled every turn, the dashboard and the scheduler. So the edge parses
the JSON (C speed), checks its shape is bounded, reads the handful of fields authentication needs, and
only builds the activity once the caller is known (`bot/endpoint.py`).

The bounds: no list or object holds more than 1,000 items, nothing is nested more than 32 deep. Teams'
own activities are far inside both (a handful of levels; lists of mentions, attachments or members
added in tens), and within them the check itself costs a fraction of parsing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 32
MAX_ITEMS = 1000


def too_complex(body: Any) -> str | None:
    """Why this parsed JSON is refused (nested too deeply, a list or object too long), or None.

    Containers whose items are all scalars are checked without a Python-level loop over the items
    (`set(map(type, ...))` runs in C), so a long flat list costs what its parse cost, not ten times more.
    """
    if not isinstance(body, (list, dict)):
        return None
    stack: list[tuple[Any, int]] = [(body, 1)]
    push = stack.append
    while stack:
        node, depth = stack.pop()
        items = node if type(node) is list else node.values()
        if len(items) > MAX_ITEMS:
            return f"a list or object with more than {MAX_ITEMS:,} items"
        kinds = set(map(type, items))
        if list in kinds or dict in kinds:
            if depth >= MAX_DEPTH:
                return f"nesting deeper than {MAX_DEPTH} levels"
            for item in items:
                if type(item) is list or type(item) is dict:
                    push((item, depth + 1))
    return None


@dataclass(frozen=True)
class Recipient:
    role: str | None = None


@dataclass(frozen=True)
class Claimed:
    """The fields botbuilder's `authenticate_request` reads from an activity (channel id, service URL,
    and the recipient's role for the emulator's anonymous skill calls), read from the raw JSON. The
    service URL is also what the token's `serviceurl` claim must match."""

    type: str
    service_url: str
    channel_id: str | None
    conversation_id: str
    recipient: Recipient
    relates_to: None = None


def claimed(body: Any) -> Claimed | str:
    """The activity's claims needed to authenticate it, or what is missing (for a 400)."""
    if not isinstance(body, dict) or not isinstance(body.get("type"), str) or not body["type"]:
        return "An activity needs a type."
    service_url, conversation = body.get("serviceUrl"), body.get("conversation")
    conversation_id = conversation.get("id") if isinstance(conversation, dict) else None
    if (
        not isinstance(service_url, str)
        or not service_url
        or not isinstance(conversation_id, str)
        or not conversation_id
    ):
        return "An activity needs a serviceUrl and a conversation."
    channel_id = body.get("channelId")
    recipient = body.get("recipient")
    role = recipient.get("role") if isinstance(recipient, dict) else None
    return Claimed(
        type=body["type"],
        service_url=service_url,
        channel_id=channel_id if isinstance(channel_id, str) else None,
        conversation_id=conversation_id,
        recipient=Recipient(role if isinstance(role, str) else None),
    )


def tenant_of(body: dict[str, Any]) -> str | None:
    """The tenant the activity says it comes from: `conversation.tenantId`, else `channelData.tenant.id`.
    Read only once the caller is authenticated (the allow-list is not for strangers to probe)."""
    conversation = body.get("conversation")
    tenant = conversation.get("tenantId") if isinstance(conversation, dict) else None
    if isinstance(tenant, str) and tenant:
        return tenant
    data = body.get("channelData")
    found = data.get("tenant") if isinstance(data, dict) else None
    tenant = found.get("id") if isinstance(found, dict) else None
    return tenant if isinstance(tenant, str) and tenant else None

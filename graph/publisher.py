"""Posting the digest to the DLG channel as the signed-in account, through msgraph-sdk.

The message is an HTML body that stands on its own plus an Adaptive Card attachment; Teams shows
the card where the body says `<attachment id="…">`, so the attachment's id and that tag must match.
The id is the digest's marker, which is also how a post interrupted by a crash is found again
(`find` reads the channel's recent messages) instead of being posted twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from kiota_abstractions.api_error import APIError
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphServiceClient
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.chat_message import ChatMessage
from msgraph.generated.models.chat_message_attachment import ChatMessageAttachment
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.teams.item.channels.item.messages.item.replies.replies_request_builder import (
    RepliesRequestBuilder,
)
from msgraph.generated.teams.item.channels.item.messages.messages_request_builder import MessagesRequestBuilder

from programme.posting import Ambiguous, DigestMessage, PostError, Retryable, classify

log = logging.getLogger("dfbot.graph")
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
GRAPH_LIMIT_BYTES = 27_000  # Graph refuses a user's post at about 28 KB; keep a margin for its envelope
RECENT_MESSAGES = 50  # the most `$top` allows for channel messages
REPLY_PAGES = 20  # a thread's replies read when looking for the bot's agenda reply (1,000 replies)


def body_html(message: DigestMessage) -> str:
    return f'{message.html}<attachment id="{message.marker}"></attachment>'


def request_json(message: DigestMessage) -> dict[str, Any]:
    """The JSON the SDK sends, for sizing (the SDK builds the same from `chat_message`)."""
    return {
        "body": {"contentType": "html", "content": body_html(message)},
        "attachments": [
            {
                "id": message.marker,
                "contentType": CARD_CONTENT_TYPE,
                "content": json.dumps(message.card, ensure_ascii=False, separators=(",", ":")),
            }
        ],
    }


def chat_message(message: DigestMessage) -> ChatMessage:
    return ChatMessage(
        body=ItemBody(content_type=BodyType.Html, content=body_html(message)),
        attachments=[
            ChatMessageAttachment(
                id=message.marker,
                content_type=CARD_CONTENT_TYPE,
                content=json.dumps(message.card, ensure_ascii=False, separators=(",", ":")),
            )
        ],
    )


@contextmanager
def _read_errors() -> Iterator[None]:
    """A Graph read's failures as the poster's errors: Graph's own answers classified, a transport failure
    (nothing came back) retryable; a `PostError` raised inside passes through as it is."""
    try:
        yield
    except PostError:
        raise
    except APIError as exc:
        raise _error(exc) from exc
    except httpx.TransportError as exc:
        raise Retryable(f"Graph could not be read ({type(exc).__name__})") from exc


def _error(exc: APIError) -> PostError:
    headers = exc.response_headers or {}
    inner = getattr(exc, "error", None)
    code = getattr(inner, "code", "") or ""
    text = getattr(inner, "message", None) or exc.message or type(exc).__name__
    retry_after = headers.get("Retry-After") if hasattr(headers, "get") else None  # httpx headers: any case
    return classify(
        exc.response_status_code or 0,
        f"Graph answered {exc.response_status_code}: {code} {text}".strip(),
        retry_after=retry_after,
        code=code,
    )


class GraphPublisher:
    """The `graph` transport (programme.posting.Transport)."""

    name = "graph"
    limit_bytes = GRAPH_LIMIT_BYTES

    def __init__(self, client: GraphServiceClient, team_id: str, channel_id: str, *, can_find: bool = False) -> None:
        """`can_find`: the sign-in holds ChannelMessage.Read.All (GRAPH_READ_CHANNEL), so an interrupted post
        can be looked for in the channel; without it an admin is asked instead."""
        if not team_id or not channel_id:
            raise ValueError("DLG_TEAM_ID and DLG_CHANNEL_ID must be set to post the digest through Graph")
        self.can_find = can_find
        self.client = client
        self.team_id = team_id
        self.channel_id = channel_id

    def _messages(self):
        return self.client.teams.by_team_id(self.team_id).channels.by_channel_id(self.channel_id).messages

    def size(self, message: DigestMessage) -> int:
        return len(json.dumps(request_json(message), ensure_ascii=False).encode("utf-8"))

    async def send(self, message: DigestMessage) -> str:
        try:
            posted = await self._messages().post(chat_message(message))
        except PostError:
            raise
        except APIError as exc:
            raise _error(exc) from exc
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise Retryable(f"Graph could not be reached ({type(exc).__name__})") from exc
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            raise Ambiguous(
                f"no answer from Graph ({type(exc).__name__}): the message may or may not have arrived"
            ) from exc
        if posted is None or not posted.id:
            raise Ambiguous("Graph answered without a message id")
        log.info("digest %s posted to the DLG channel through Graph", message.period_key)
        return str(posted.id)

    async def find(self, marker: str) -> str | None:
        """The id of a recent channel message carrying `marker`, if there is one."""
        config = RequestConfiguration(
            query_parameters=MessagesRequestBuilder.MessagesRequestBuilderGetQueryParameters(top=RECENT_MESSAGES)
        )
        with _read_errors():
            page = await self._messages().get(request_configuration=config)
        for m in (page.value if page else None) or []:
            if any((a.id or "") == marker for a in m.attachments or []) or marker in (
                (m.body.content if m.body else "") or ""
            ):
                return str(m.id)
        return None

    async def find_reply(self, message_id: str, marker: str) -> str | None:
        """The id of a reply in the thread of `message_id` that carries `marker` (the bot's agenda card names
        it as an element id), if there is one: looked for before a reply that got no answer is posted
        again. Graph lists a thread's replies with ChannelMessage.Read.All ("List replies", Microsoft Graph
        v1.0); a bot's card is in the reply's attachment content."""
        replies = self._messages().by_chat_message_id(message_id).replies
        config = RequestConfiguration(
            query_parameters=RepliesRequestBuilder.RepliesRequestBuilderGetQueryParameters(top=RECENT_MESSAGES)
        )
        with _read_errors():
            page = await replies.get(request_configuration=config)
            for _ in range(REPLY_PAGES):
                for m in (page.value if page else None) or []:
                    if _carries(m, marker):
                        return str(m.id)
                link = page.odata_next_link if page else None
                if not link:
                    return None
                page = await replies.with_url(link).get()
        raise Ambiguous(
            f"the thread has more than {REPLY_PAGES * RECENT_MESSAGES} replies: the agenda reply was not looked for "
            "in all of them"
        )


def _carries(message: ChatMessage, marker: str) -> bool:
    if any(marker in (a.content or "") or (a.id or "") == marker for a in message.attachments or []):
        return True
    return marker in ((message.body.content if message.body else "") or "")

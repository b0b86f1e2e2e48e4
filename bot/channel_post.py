"""The `bot` digest transport: the bot posts the digest into the DLG channel itself.

App-only (no signed-in account): it needs the app installed in the DLG team, and posts by sending
to the channel's conversation, which starts a new thread. It goes through the context's one
messenger (rate limits, Retry-After on 429) with one attempt per call: the digest service decides about
retries, because a post that got no answer may have arrived and the Bot Connector cannot be asked.
"""
from __future__ import annotations

import json
from typing import Any

from programme.posting import Ambiguous, CannotCheck, DigestMessage, Rejected, classify
from programme.prompting import SENT, UNREACHABLE, Messenger, Outgoing, Target
from services.context import AppContext
from store import digest_repo

BOT_LIMIT_BYTES = 78_000  # Teams takes bot messages up to about 80 KB; keep a margin for the envelope
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


class BotChannelTransport:
    name = "bot"
    limit_bytes = BOT_LIMIT_BYTES
    can_find = False

    def __init__(self, ctx: AppContext, messenger: Messenger | None = None) -> None:
        self.ctx = ctx
        self.messenger = messenger or ctx.require_messenger()

    def size(self, message: DigestMessage) -> int:
        activity = {"type": "message", "summary": message.summary[:200],
                    "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": message.card}]}
        return len(json.dumps(activity, ensure_ascii=False).encode("utf-8"))

    async def _target(self) -> Target:
        settings = self.ctx.settings
        if not settings.dlg_team_id or not settings.dlg_channel_id:
            raise Rejected("DLG_TEAM_ID and DLG_CHANNEL_ID must be set for the bot to post the digest.")
        async with self.ctx.db.unit_of_work() as s:
            found = await digest_repo.team_reference(s, settings.dlg_team_id)
        if found is None:
            raise Rejected("The bot has not been added to the DLG team yet, so it cannot post there. "
                           "Add the app to the team, then approve the digest again.")
        service_url, tenant_id, bot_id = found
        reference: dict[str, Any] = {
            "channelId": "msteams", "serviceUrl": service_url, "bot": {"id": bot_id or settings.app_id or None},
            "conversation": {"id": settings.dlg_channel_id, "tenantId": tenant_id or None,
                             "conversationType": "channel", "isGroup": True},
        }
        return Target(reference=reference, service_url=service_url, tenant_id=tenant_id)

    async def send(self, message: DigestMessage) -> str:
        result = await self.messenger.send(await self._target(), Outgoing(card=message.card, summary=message.summary),
                                           max_attempts=1)
        if result.status == SENT:
            return result.activity_id or ""
        if result.status == UNREACHABLE:
            raise Rejected(f"Teams refused the post to the DLG channel ({result.reason}); is the app installed in the team?",
                           status=403)
        if result.http_status is None:
            raise Ambiguous(f"no answer from Teams: {result.reason}")
        raise classify(result.http_status, result.reason)

    async def find(self, marker: str) -> str | None:
        raise CannotCheck("The Bot Connector cannot list a channel's messages.")

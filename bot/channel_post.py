"""The `bot` digest transport: the bot posts the digest into the DLG channel itself.

App-only (no signed-in account): it needs the app installed in the DLG team, and posts by sending
to the channel's conversation, which starts a new thread. It goes through the context's one
messenger (rate limits, Retry-After on 429) with one attempt per call: the digest service decides about
retries, because a post that got no answer may have arrived and the Bot Connector cannot be asked.

Private and shared channels (the manifest declares `supportsChannelFeatures: tier1`) do not get the
apps of their host team: the app must be added to the channel itself ("Apps for shared and private
channels", learn.microsoft.com/microsoftteams/platform/build-apps-for-shared-private-channels). Before
posting, the transport checks whether the bot has been seen in the DLG channel (a conversation
reference from it: stored when the app is added there or anyone talks to the bot there). A standard
channel needs no such step, so the post is still tried; if Teams refuses it, the admins are told exactly
what to do, and whether the bot was ever in that channel.

Size is counted the way Teams counts a bot message — the whole activity encoded as UTF-16 (about 100 KB
at most; Microsoft advises staying within 80 KB, "Format your bot messages") — so the digest service
trims the digest to fit, its lists linking to the full view, instead of Teams answering 413.
"""
from __future__ import annotations

import json
from typing import Any

from programme.posting import Ambiguous, CannotCheck, DigestMessage, Rejected, classify
from programme.prompting import SENT, UNREACHABLE, Messenger, Outgoing, Target
from services.context import AppContext
from store import channel_repo, digest_repo

BOT_LIMIT_BYTES = 80_000  # UTF-16 bytes: Microsoft's advice for a message that is sure to be delivered
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
NOT_IN_CHANNEL = ("The app is installed in the DLG team but Teams would not let it post in the DLG channel. "
                  "A private or shared channel does not get its team's apps: add Digital First to the channel "
                  "itself (in the channel, + > Apps, or Manage channel > Apps), then approve the digest again.")


class BotChannelTransport:
    name = "bot"
    limit_bytes = BOT_LIMIT_BYTES
    can_find = False

    def __init__(self, ctx: AppContext, messenger: Messenger | None = None) -> None:
        self.ctx = ctx
        self.messenger = messenger or ctx.require_messenger()

    def size(self, message: DigestMessage) -> int:
        """The activity as Teams measures it: UTF-16, two bytes for every character of plain text."""
        activity = {"type": "message", "summary": message.summary[:200],
                    "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": message.card}]}
        return len(json.dumps(activity, ensure_ascii=False).encode("utf-16-le"))

    async def _target(self) -> tuple[Target, bool]:
        """Where to post, and whether the bot has been seen in the DLG channel itself."""
        settings = self.ctx.settings
        if not settings.dlg_team_id or not settings.dlg_channel_id:
            raise Rejected("DLG_TEAM_ID and DLG_CHANNEL_ID must be set for the bot to post the digest.")
        async with self.ctx.db.unit_of_work() as s:
            found = await digest_repo.team_reference(s, settings.dlg_team_id)
            seen = await channel_repo.seen_in_channel(s, settings.dlg_channel_id)
        if found is None:
            raise Rejected("The bot has not been added to the DLG team yet, so it cannot post there. "
                           "Add the app to the team, then approve the digest again.")
        service_url, tenant_id, bot_id = found
        reference: dict[str, Any] = {
            "channelId": "msteams", "serviceUrl": service_url, "bot": {"id": bot_id or settings.app_id or None},
            "conversation": {"id": settings.dlg_channel_id, "tenantId": tenant_id or None,
                             "conversationType": "channel", "isGroup": True},
        }
        return Target(reference=reference, service_url=service_url, tenant_id=tenant_id), seen

    async def send(self, message: DigestMessage) -> str:
        target, seen = await self._target()
        result = await self.messenger.send(target, Outgoing(card=message.card, summary=message.summary), max_attempts=1)
        if result.status == SENT:
            return result.activity_id or ""
        if result.status == UNREACHABLE or result.http_status == 404:
            raise Rejected(_refused(result.reason, seen), status=result.http_status or 403)
        if result.http_status is None:
            raise Ambiguous(f"no answer from Teams: {result.reason}")
        raise classify(result.http_status, result.reason)

    async def find(self, marker: str) -> str | None:
        raise CannotCheck("The Bot Connector cannot list a channel's messages.")


def _refused(reason: str, seen_in_channel: bool) -> str:
    """What admins are told when Teams will not take the post: private and shared channels first."""
    if seen_in_channel:
        return (f"Teams refused the post to the DLG channel ({reason}), although the app has been in that channel: "
                "was it removed from the channel or the team? Add it again, then approve the digest again.")
    return f"{NOT_IN_CHANNEL} (Teams said: {reason}; the bot has never been seen in that channel.)"

"""The `bot` digest transport: the bot posts the digest into the DLG channel itself.

App-only (no signed-in account): it needs the app installed in the DLG team, and posts by sending
to the channel's conversation, which starts a new thread. DLG_TEAM_ID may be either of a team's two
ids (programme/posting.py, `team_id`): the Teams thread id is what activities carry, so it is found in
the stored conversation references; the group id from a channel link (what the guide and Graph use)
is matched by asking the Bot Connector for each known team's details. Which one matched is logged. It goes
through the context's one messenger (rate limits, Retry-After on 429) with one attempt per call: the digest
service decides about retries, because a post that got no answer may have arrived and the Bot Connector cannot be asked.

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
import logging
from typing import Any

from programme import posting
from programme.posting import Ambiguous, CannotCheck, DigestMessage, Rejected, Retryable, classify
from programme.prompting import SENT, UNREACHABLE, Messenger, Outgoing, Target
from services.context import AppContext
from store import channel_repo, delivery_repo, digest_repo

log = logging.getLogger("dfbot.channel_post")

BOT_LIMIT_BYTES = 80_000  # UTF-16 bytes: Microsoft's advice for a message that is sure to be delivered
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
NOT_IN_CHANNEL = (
    "The app is installed in the DLG team but Teams would not let it post in the DLG channel. "
    "A private or shared channel does not get its team's apps: add Digital First to the channel "
    "itself (in the channel, + > Apps, or Manage channel > Apps), then approve the digest again."
)


class BotChannelTransport:
    name = "bot"
    limit_bytes = BOT_LIMIT_BYTES
    can_find = False

    def __init__(self, ctx: AppContext, messenger: Messenger | None = None) -> None:
        self.ctx = ctx
        self.messenger = messenger or ctx.require_messenger()
        self.matched = ""  # how DLG_TEAM_ID was recognised, once a post found the team

    def size(self, message: DigestMessage) -> int:
        """The activity as Teams measures it: UTF-16, two bytes for every character of plain text."""
        activity = {
            "type": "message",
            "summary": message.summary[:200],
            "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": message.card}],
        }
        return len(json.dumps(activity, ensure_ascii=False).encode("utf-16-le"))

    async def _target(self) -> tuple[Target, bool]:
        """Where to post, and whether the bot has been seen in the DLG channel itself."""
        settings = self.ctx.settings
        wanted, channel = posting.team_id(settings.dlg_team_id), posting.channel_id(settings.dlg_channel_id)
        if not wanted.value or not channel:
            raise Rejected("DLG_TEAM_ID and DLG_CHANNEL_ID must be set for the bot to post the digest.")
        found = await (self._by_group_id(wanted.value) if wanted.is_group_id else self._by_thread_id(wanted.value))
        async with self.ctx.db.unit_of_work() as s:
            seen = await channel_repo.seen_in_channel(s, channel)
        if found is None:
            looked_for = {
                posting.GROUP_ID: "as a group id (groupId= in the channel link)",
                posting.THREAD_ID: "as a Teams thread id (19:…@thread.tacv2)",
            }.get(wanted.form, "")
            raise Rejected(
                "The bot has not been added to the DLG team yet, so it cannot post there "
                f"(DLG_TEAM_ID {wanted.value!r}, read {looked_for or 'as neither a group id nor a thread id'}). "
                "Add the app to the team, then approve the digest again."
            )
        service_url, tenant_id, bot_id = found
        reference: dict[str, Any] = {
            "channelId": "msteams",
            "serviceUrl": service_url,
            "bot": {"id": bot_id or settings.app_id or None},
            "conversation": {
                "id": channel,
                "tenantId": tenant_id or None,
                "conversationType": "channel",
                "isGroup": True,
            },
        }
        return Target(reference=reference, service_url=service_url, tenant_id=tenant_id), seen

    async def _by_thread_id(self, team: str) -> tuple[str, str, str] | None:
        async with self.ctx.db.unit_of_work() as s:
            found = await digest_repo.team_reference(s, team)
        if found is not None:
            self.matched = f"DLG_TEAM_ID matched as the team's Teams thread id {team}"
            log.info("%s", self.matched)
        return found

    async def _by_group_id(self, group: str) -> tuple[str, str, str] | None:
        """Ask Teams for the group id of each team the bot knows (a handful: the leads and DLG teams)."""
        async with self.ctx.db.unit_of_work() as s:
            teams = [(ref.team_id or "", delivery_repo.reference_of(ref)) for ref in await delivery_repo.team_refs(s)]
        for thread_id, reference in teams:
            if not thread_id:
                continue
            aad_group = await self.messenger.team_group_id(reference, thread_id)
            if aad_group and aad_group.strip().lower() == group:
                self.matched = f"DLG_TEAM_ID matched as the group id of the team whose Teams thread id is {thread_id}"
                log.info("%s", self.matched)
                conversation = reference.get("conversation") or {}
                return (
                    reference.get("serviceUrl") or "",
                    conversation.get("tenantId") or "",
                    (reference.get("bot") or {}).get("id") or "",
                )
        return None

    async def send(self, message: DigestMessage) -> str:
        target, seen = await self._target()
        result = await self.messenger.send(target, Outgoing(card=message.card, summary=message.summary), max_attempts=1)
        if result.status == SENT:
            return result.activity_id or ""
        if result.status == UNREACHABLE or result.http_status == 404:
            raise Rejected(_refused(result.reason, seen), status=result.http_status or 403)
        if result.unsent:  # no token: nothing reached Teams, so trying again later cannot double the post
            raise Retryable(f"nothing was sent: {result.reason}")
        if result.http_status is None:
            raise Ambiguous(f"no answer from Teams: {result.reason}")
        raise classify(result.http_status, result.reason)

    async def find(self, marker: str) -> str | None:
        raise CannotCheck("The Bot Connector cannot list a channel's messages.")


def _refused(reason: str, seen_in_channel: bool) -> str:
    """What admins are told when Teams will not take the post: private and shared channels first."""
    if seen_in_channel:
        return (
            f"Teams refused the post to the DLG channel ({reason}), although the app has been in that channel: "
            "was it removed from the channel or the team? Add it again, then approve the digest again."
        )
    return f"{NOT_IN_CHANNEL} (Teams said: {reason}; the bot has never been seen in that channel.)"

"""Redelivered activities are answered, not handled twice.

The Bot Framework delivers at least once: after a timeout or a dropped connection the same activity
(same conversation, same id) comes again, and a Teams client may send a card's invoke twice. A message
handled twice answers twice (or files an update twice); an invoke handled twice changes things twice.

So every message and invoke is claimed in `processed_activities` before it is handled, keyed on a
SHA-256 of (conversation id, activity id, type, name): activity ids are unique only within a
conversation. A redelivered message is acknowledged (200) and sends nothing; a redelivered invoke gets
the first delivery's answer again, waiting briefly if that is still being worked out. A turn that fails
gives its claim back, so the retry is handled afresh. Invokes the bot does not handle (its answer is
"not implemented") leave nothing behind: they change nothing, and answering them again is harmless.
Rows go after RETENTION_PROCESSED_ACTIVITY_DAYS (a day by default).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes, InvokeResponse
from msrest.serialization import Model

from services.context import AppContext
from store import processed_repo

from . import identity

log = logging.getLogger("dfbot.redelivery")
WAIT_FOR_FIRST_SECONDS = 10.0  # an invoke redelivered while the first is still running waits this long
STILL_WORKING = {
    "statusCode": 200,
    "type": "application/vnd.microsoft.activity.message",
    "value": "I'm still working on your first click: the card will update in a moment.",
}
KINDS = {ActivityTypes.message: "message", ActivityTypes.invoke: "invoke"}


def key_of(activity: Activity) -> str | None:
    """The redelivery key of a message or invoke that carries an id (None: nothing to de-duplicate)."""
    kind = KINDS.get(activity.type)
    conversation = activity.conversation.id if activity.conversation else None
    if kind is None or not activity.id or not conversation:
        return None
    value = activity.value if isinstance(activity.value, dict) else {}
    if activity.type == "invoke" and value.get("trigger") == "automatic":
        return None  # a card's refresh: read-only and answered afresh each time (it must write nothing)
    parts = (conversation, activity.id, activity.type, activity.name or "")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


async def once(app: AppContext, turn_context: TurnContext, handle: Callable[[TurnContext], Awaitable[None]]) -> None:
    """Run `handle` for the first delivery of this activity; answer a redelivery as described above."""
    activity = turn_context.activity
    key = key_of(activity)
    if key is None:
        return await handle(turn_context)
    for _attempt in range(3):  # a first delivery that failed gives its claim back: then this one is first
        first = await _claim(app, turn_context, key)
        if first:
            try:
                await handle(turn_context)
            except BaseException:
                await _release(app, key)
                raise
            if activity.type == ActivityTypes.invoke:
                await _keep_answer(app, turn_context, key)
            return None
        log.info("redelivered %s: not handled again", activity.type)
        if activity.type != ActivityTypes.invoke:
            return None
        answer = await _first_answer(app, key)
        if answer is not None:
            await turn_context.send_activity(Activity(type=ActivityTypes.invoke_response, value=answer))
            return None
    return None


async def _claim(app: AppContext, turn_context: TurnContext, key: str) -> bool:
    """The claim: one Core statement, committed before anything is done. A turn that will ask who is speaking
    reads that first in the same short transaction (bot/identity.read_sender): one connection from the pool
    for both instead of two. (On SQLite the read starts no transaction; the claim commits in its own trip.)"""
    activity = turn_context.activity
    async with app.db.writing() as conn:
        if identity.wants_sender(activity):
            await identity.read_sender(conn, turn_context)
        return await processed_repo.claim(conn, key, KINDS[activity.type], app.now())


async def _keep_answer(app: AppContext, turn_context: TurnContext, key: str) -> None:
    sent = turn_context.turn_state.get(TurnContext._INVOKE_RESPONSE_KEY)  # noqa: SLF001 - where botbuilder keeps it
    response = sent.value if sent is not None else None
    status = getattr(response, "status", None)
    if response is None or status in (None, HTTPStatus.NOT_IMPLEMENTED):
        return await _release(app, key)  # not ours to handle: nothing changed, nothing to remember
    body = response.body.serialize() if isinstance(response.body, Model) else response.body
    async with app.db.unit_of_work() as s:
        await processed_repo.answered(s, key, {"status": int(status), "body": body})
    return None


async def _first_answer(app: AppContext, key: str) -> InvokeResponse | None:
    """The first delivery's answer, once it has one (it may still be running, here or on another replica);
    None when the first delivery failed and gave its claim back."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_FOR_FIRST_SECONDS
    while True:
        async with app.db.reading() as conn:
            seen = await processed_repo.seen(conn, key)
        if seen is None:
            return None
        if seen.status == "done" and seen.response:
            return InvokeResponse(status=seen.response["status"], body=seen.response["body"])
        if loop.time() >= deadline:
            return InvokeResponse(status=int(HTTPStatus.OK), body=STILL_WORKING)
        await asyncio.sleep(0.1)


async def _release(app: AppContext, key: str) -> None:
    try:
        async with app.db.unit_of_work() as s:
            await processed_repo.release(s, key)
    except Exception:  # the turn's own failure matters more; the row expires with its retention
        log.warning("could not release a processed-activity claim", exc_info=True)

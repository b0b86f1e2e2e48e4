"""A typing indicator while an answer takes a moment: people notice a silent bot after about 300 ms.

Only for messages (an invoke is answered in its own response), only when the reply goes through the
channel (with `expectReplies` it would come back as part of the answer), and only until the first
message goes out: one typing activity after `delay`, again every `period` while nothing has been said
(Teams shows one for about three seconds, and the Activity protocol asks for no more than one every
three seconds). botbuilder's `ShowTypingMiddleware` keeps typing until the whole turn ends — after the
answer is already on screen — and leaves its sends as unobserved tasks; this does neither. A typing
activity that cannot be sent is logged and forgotten: it must never cost the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes, DeliveryModes

log = logging.getLogger("dfbot.bot")

DELAY_SECONDS = 0.3
PERIOD_SECONDS = 3.0


def wants_typing(context: TurnContext) -> bool:
    activity = context.activity
    return activity.type == ActivityTypes.message and activity.delivery_mode != DeliveryModes.expect_replies


@contextlib.asynccontextmanager
async def typing_while_slow(
    context: TurnContext, *, delay: float | None = None, period: float | None = None
) -> AsyncIterator[None]:
    """Show "typing…" if the body of this block has not replied within `delay` seconds.

    A quick turn (most of them) costs a timer and nothing else: the task that sends typing activities is
    started only when the timer fires before the first reply."""
    delay = DELAY_SECONDS if delay is None else delay
    period = PERIOD_SECONDS if period is None else period
    if not wants_typing(context):
        yield
        return
    loop = asyncio.get_running_loop()
    replied = asyncio.Event()
    task: asyncio.Task[None] | None = None

    async def watch(_context, activities, next_send):
        if any(a.type != ActivityTypes.typing for a in activities):
            replied.set()
        return await next_send()

    def slow() -> None:
        nonlocal task
        if not replied.is_set():
            task = loop.create_task(_typing(context, replied, period), name="typing")

    context.on_send_activities(watch)
    timer = loop.call_later(delay, slow)
    try:
        yield
    finally:
        replied.set()
        timer.cancel()
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _typing(context: TurnContext, replied: asyncio.Event, period: float) -> None:
    """Typing now, and again every `period` until the first reply."""
    while not replied.is_set():
        try:
            await context.send_activity(Activity(type=ActivityTypes.typing))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the channel may refuse or be slow: the answer still goes
            log.info("could not send a typing indicator: %s", type(exc).__name__)
            return
        try:
            await asyncio.wait_for(replied.wait(), timeout=period)
            return
        except TimeoutError:
            pass

"""Replies and proactive sends through the pooled connector clients."""
from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestServer

from tests import activities as A
from tests.botserver import running_bot


async def test_a_send_answered_202_with_no_body_counts_as_delivered(db):
    """Teams and the Agents Playground answer some sends with 202 and an empty body: that is a success."""
    received: list[dict] = []

    async def accept(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response(status=202)

    app = web.Application()
    app.router.add_post("/v3/conversations/{cid}/activities", accept)
    app.router.add_post("/v3/conversations/{cid}/activities/{aid}", accept)
    server = TestServer(app)
    await server.start_server()
    try:
        async with running_bot(db) as bot:
            status, _ = await bot.post(A.message("help", service_url=str(server.make_url("/"))))
    finally:
        await server.close()
    assert status == 200
    assert len(received) == 1, "the help card once, and no 'something went wrong' apology after it"
    assert received[0]["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"

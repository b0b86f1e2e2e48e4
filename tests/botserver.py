"""Run the real aiohttp app (real CloudAdapter) on a real port, for tests that talk HTTP to it."""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from dfbot.web import create_app
from infra.config import Settings
from services.context import AppContext
from store.db import Database
from tests.fakes.connector import ADAPTIVE_CARD_CONTENT_TYPE, RECORDED, RecordedActivity


def settings_for(db_url: str, **overrides: Any) -> Settings:
    """Local mode (LOCAL_MODE=true: anonymous calls) unless `overrides` give an app id or say otherwise."""
    values: dict[str, Any] = {
        "database_url": db_url,
        "app_id": "",
        "scheduler_enabled": False,
        "local_mode_requested": True,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


class BotUnderTest:
    def __init__(self, server: TestServer, session: aiohttp.ClientSession, context: AppContext) -> None:
        self.server = server
        self.http = session
        self.context = context

    @property
    def url(self) -> str:
        return str(self.server.make_url("/api/messages"))

    async def post(self, activity: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[int, Any]:
        async with self.http.post(self.url, json=activity, headers=headers or {}) as resp:
            body = await resp.json() if resp.content_type == "application/json" else await resp.text()
            _record_invoke_card(body)
            return resp.status, body

    async def get(self, path: str) -> tuple[int, Any]:
        async with self.http.get(self.server.make_url(path)) as resp:
            return resp.status, await resp.json()


def _record_invoke_card(body: Any) -> None:
    """A card the bot answered an invoke with (Action.Execute, a refresh) never reaches the Bot
    Connector, so it is recorded beside what the fake connector received: the session's capture
    (tests/e2e/cards_capture.py) then puts it through Microsoft's renderer too."""
    if (
        isinstance(body, dict)
        and body.get("type") == ADAPTIVE_CARD_CONTENT_TYPE
        and isinstance(body.get("value"), dict)
    ):
        activity = {
            "type": "invoke-response",
            "attachments": [{"contentType": ADAPTIVE_CARD_CONTENT_TYPE, "content": body["value"]}],
        }
        RECORDED.append(
            (os.environ.get("PYTEST_CURRENT_TEST", ""), RecordedActivity("invoke-response", activity, "INVOKE"))
        )


@asynccontextmanager
async def running_bot(db: Database, **overrides: Any):
    settings = settings_for(db.url, **overrides)
    context = AppContext(settings=settings, db=db)
    server = TestServer(create_app(settings, context=context))
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as session:
            yield BotUnderTest(server, session, context)
    finally:
        await server.close()

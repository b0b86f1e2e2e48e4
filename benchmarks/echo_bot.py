"""The yardstick for the inbound benchmark: a bare botbuilder echo bot, exactly as the SDK ships it.

Stock `CloudAdapter` (botbuilder-integration-aiohttp 4.17.1) with `ConfigurationBotFrameworkAuthentication`,
unchanged, its own `process` as the aiohttp handler, and an `ActivityHandler` that answers every
message with one Adaptive Card and one text reply — so each turn costs what the SDK costs and nothing
else (no database, no parsing). Anonymous (no app id), like our bot in local mode.

    python -m benchmarks.echo_bot --port 3979

This file is the only place in the project, outside `bot/`, that imports botbuilder: it is a copy of
the SDK's sample for comparison, not part of the product.
"""

from __future__ import annotations

import argparse
from types import SimpleNamespace

from aiohttp import web
from botbuilder.core import ActivityHandler, CardFactory, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication


def _card(text: str) -> dict:
    return {
        "type": "AdaptiveCard",
        "version": "1.5",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "body": [
            {"type": "TextBlock", "text": "You said", "weight": "Bolder"},
            {"type": "TextBlock", "text": text, "wrap": True},
        ],
    }


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        text = turn_context.activity.text or ""
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(_card(text))))
        await turn_context.send_activity(MessageFactory.text(f"Echo: {text}"))


def create_app() -> web.Application:
    config = SimpleNamespace(APP_ID="", APP_PASSWORD="", APP_TYPE="MultiTenant", APP_TENANTID="")
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(config))
    bot = EchoBot()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=3979)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    web.run_app(create_app(), host=args.host, port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()

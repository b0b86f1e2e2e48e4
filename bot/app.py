"""Wires the adapter, the bot, its commands and card actions into the `/api/messages` endpoint."""

from __future__ import annotations

from services.context import AppContext

from . import admin, decisions, digest_admin, home, updates
from .actions import ActionRegistry
from .adapter import build_adapter
from .commands import CommandRegistry
from .endpoint import MessagesEndpoint
from .handler import DigitalFirstBot


def build_registries() -> tuple[CommandRegistry, ActionRegistry]:
    commands, actions = CommandRegistry(), ActionRegistry()
    home.register(commands, actions)
    updates.register(commands, actions)
    admin.register(commands, actions)
    digest_admin.register(commands, actions)
    decisions.register(commands, actions)
    return commands, actions


def build_bot(ctx: AppContext) -> MessagesEndpoint:
    commands, actions = build_registries()
    adapter = build_adapter(ctx.settings)
    bot = DigitalFirstBot(ctx, commands, actions)
    endpoint = MessagesEndpoint(adapter, bot, ctx.settings)
    endpoint.commands = commands  # the manifest test checks its command list against this
    return endpoint

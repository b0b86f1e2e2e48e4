"""Commands the bot understands, registered in one place; the first match wins.

The help card and the manifest's command list are both built from this registry, so what the bot
offers and what it understands cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from programme.access import Viewer, may_record_decisions, may_see_missing_updates

from .turn import Turn

Handler = Callable[[Turn], Awaitable[None]]
GUARDED = {"admin", "staff", "dlg"}  # the dispatcher refuses these to anyone else (services/admin.py `refusal`)


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    pattern: re.Pattern[str]
    handler: Handler
    audience: str = "member"  # member / lead / staff / dlg / admin: who sees it in help, and who may run it
    doing: str = ""  # for the refusal: "Only programme office admins can <doing>, ..."
    otherwise_a_question: bool = False  # refused, it is answered as a question instead

    @property
    def guarded(self) -> bool:
        return self.audience in GUARDED

    def visible_to(self, viewer: Viewer) -> bool:
        if self.audience == "admin":
            return viewer.is_admin
        if self.audience == "staff":
            return may_see_missing_updates(viewer)
        if self.audience == "dlg":
            return may_record_decisions(viewer) and viewer.in_private_chat
        if self.audience == "lead":
            return bool(viewer.lead_of) or viewer.is_admin
        return True


class CommandRegistry:
    def __init__(self) -> None:
        self._commands: list[Command] = []

    def command(
        self,
        name: str,
        description: str,
        pattern: str | None = None,
        audience: str = "member",
        *,
        doing: str = "",
        otherwise_a_question: bool = False,
    ):
        """Register a handler: `@registry.command("help", "Show what I can do")`. An "admin" or "staff"
        command is refused to anyone else before its handler runs; `doing` words the refusal."""
        regex = re.compile(pattern or rf"^{re.escape(name)}$", re.IGNORECASE)

        def register(handler: Handler) -> Handler:
            self._commands.append(
                Command(name, description, regex, handler, audience, doing or _doing(name), otherwise_a_question)
            )
            return handler

        return register

    def match(self, text: str) -> tuple[Command, re.Match[str]] | None:
        text = text.strip().strip("?!.").strip()
        for cmd in self._commands:
            m = cmd.pattern.match(text)
            if m:
                return cmd, m
        return None

    def for_viewer(self, viewer: Viewer) -> list[Command]:
        return [c for c in self._commands if c.visible_to(viewer)]

    def all(self) -> list[Command]:
        return list(self._commands)


def _doing(name: str) -> str:
    return f"use **{name.split(' <')[0].split(' [')[0]}**"


def normalise(text: str) -> str:
    """What the user typed, without @mentions, markup and trailing punctuation."""
    text = re.sub(r"<at>.*?</at>", " ", text or "", flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("&nbsp;", " ")
    return re.sub(r"\s+", " ", text).strip()

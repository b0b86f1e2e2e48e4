"""Where digests go (DIGEST_TRANSPORT): `outbox` (a folder; the default, no Azure needed), `graph`
(the DLG channel as the signed-in account) or `bot` (the DLG channel as the bot).

Each is built on first use, so a process that only writes to the outbox never imports msgraph or
botbuilder, and the `bot` transport is available as the fallback for `graph` when a sign-in expires.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from infra.private_files import open_private, private_folder
from programme import posting
from programme.posting import DigestMessage, Rejected, Transport
from services.context import AppContext
from services.graph_signin import stored_credential

if TYPE_CHECKING:
    from graph.publisher import GraphPublisher

OUTBOX_LIMIT_BYTES = 10 * 1024 * 1024  # a file, not a message: the whole digest always fits


class OutboxTransport:
    """Writes the card JSON and the standalone HTML page to OUTBOX_DIR (what `make run` does).

    The files are written under a temporary name and renamed, so a crash never leaves half a digest,
    and `find` can tell whether an interrupted "post" happened by reading the marker back.
    """

    name = "outbox"
    limit_bytes = OUTBOX_LIMIT_BYTES
    can_find = True

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def paths(self, period_key: str) -> dict[str, Path]:
        stem = "digest-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in period_key)
        return {
            "card": self.directory / f"{stem}.card.json",
            "html": self.directory / f"{stem}.html",
            "body": self.directory / f"{stem}.message.html",
        }

    def size(self, message: DigestMessage) -> int:
        return len(json.dumps(message.card).encode()) + len(message.html.encode())

    async def send(self, message: DigestMessage) -> str:
        private_folder(self.directory)  # 0700 when made here: the digest names leads
        paths = self.paths(message.period_key)
        _write(paths["html"], message.document or message.html)
        _write(paths["body"], message.html)
        _write(
            paths["card"],
            json.dumps(
                {"marker": message.marker, "summary": message.summary, "card": message.card},
                ensure_ascii=False,
                indent=2,
            ),
        )
        return str(paths["card"])

    async def find(self, marker: str) -> str | None:
        for path in sorted(self.directory.glob("digest-*.card.json")):
            try:
                if json.loads(path.read_text(encoding="utf-8")).get("marker") == marker:
                    return str(path)
            except (OSError, ValueError):
                continue
        return None


def _write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open_private(tmp, "w", encoding="utf-8") as fh:  # 0600: the digest names leads and quotes updates
        fh.write(text)
    os.replace(tmp, path)


class Transports:
    """Builds each transport once per use of this object; `aclose` releases HTTP clients."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        bot: Transport | Callable[[], Transport] | None = None,
        graph_credential: Any = None,
        graph_timeout: float = 30.0,
    ) -> None:
        """`bot` is the bot transport or a function making it (it needs botbuilder: built by bot/)."""
        self.ctx = ctx
        self._built: dict[str, Transport] = {}
        self._publisher: GraphPublisher | None = None
        self._bot = bot
        self._graph_credential = graph_credential
        self._graph_timeout = graph_timeout
        self._closers: list[Any] = []

    def get(self, name: str) -> Transport:
        if name == "graph":
            return self.graph()
        if name not in self._built:
            self._built[name] = self._build(name)
        return self._built[name]

    def graph(self) -> GraphPublisher:
        """The `graph` transport as itself: it can also look in a digest's thread (services/agenda_reply.py)."""
        if self._publisher is None:
            self._publisher = self._graph()
        return self._publisher

    def _build(self, name: str) -> Transport:
        settings = self.ctx.settings
        if name == "outbox":
            return OutboxTransport(settings.outbox_dir)
        if name == "bot":
            if self._bot is None:
                raise Rejected("The bot transport needs the bot's adapter; it is not available in this process.")
            bot = self._bot
            if callable(bot) and not hasattr(bot, "send"):
                return bot()
            return cast(Transport, bot)  # has `send`: the transport itself
        raise Rejected(f"Unknown digest transport {name!r}.")

    def _graph(self) -> GraphPublisher:
        from graph.client import build_graph_client  # start-up time: msgraph loads only when Graph is used
        from graph.publisher import GraphPublisher  # start-up time

        settings = self.ctx.settings
        try:
            credential = self._graph_credential or stored_credential(self.ctx)
            client, http = build_graph_client(settings.graph_base_url, credential, timeout=self._graph_timeout)
            publisher = GraphPublisher(
                client,
                posting.team_id(settings.dlg_team_id).value,  # decoded; Graph wants the group id
                posting.channel_id(settings.dlg_channel_id),
                can_find=settings.graph_reads_channel,
            )
        except Exception as exc:  # missing SECRET_KEY, team or channel id: say which
            raise Rejected(f"The graph transport could not be set up: {exc}") from exc
        self._closers.append(http)
        return publisher

    async def aclose(self) -> None:
        for closer in self._closers:
            await closer.aclose()
        self._closers.clear()
        bot = self._built.get("bot")
        if bot is not None and hasattr(bot, "close"):
            await bot.close()

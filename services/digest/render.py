"""Rendering the DLG digest within a transport's size: the card, the HTML body and the standalone page
(services/digest/__init__.py re-exports these)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cards.digest import digest_card
from cards.digest_html import digest_document, digest_html
from programme.digest import MIN_ITEM_BYTES, TRIM_LEVELS, item_count, summary_line, trim
from programme.posting import DigestMessage, Rejected, Transport

from .view import DigestView

# ---------------------------------------------------------------------------------------------
# Rendering within a transport's size
# ---------------------------------------------------------------------------------------------


def render(
    view: DigestView,
    content: dict[str, Any] | None = None,
    *,
    document: bool = True,
    refresh: dict[str, Any] | None = None,
    offer: bool = False,
) -> DigestMessage:
    """Card and HTML body of `content` (default: the whole digest); the standalone page is always
    the whole digest, whatever the message had to leave out. The card is the members' view; `refresh`
    (the bot's own post) lets the DLG's clients ask for theirs, and `offer` (the bot's own post too) adds
    "Record decisions" for clients that do not refresh (services/agenda.py)."""
    c = content if content is not None else view.content
    return DigestMessage(
        period_key=view.period_key,
        card=digest_card(c, marker=view.marker, refresh=refresh, offer=offer),
        html=digest_html(c, marker=view.marker),
        marker=view.marker,
        summary=summary_line(c),
        document=digest_document(view.content, marker=view.marker) if document else "",
    )


def fit(
    view: DigestView,
    transport: Transport,
    *,
    content: dict[str, Any] | None = None,
    refresh: dict[str, Any] | None = None,
    shorter_than: DigestMessage | None = None,
) -> DigestMessage:
    """The fullest digest that fits the transport; shortened lists link to the full view. `content`:
    the digest with its asks as they stand now (default: as composed).

    `shorter_than`: a message the service refused as too large (413) although it was within the
    estimate: the next shorter form is wanted, whatever the estimate says."""
    whole = content if content is not None else view.content
    limit = transport.limit_bytes
    if shorter_than is not None:
        limit = min(limit, transport.size(shorter_than) - 1)
    for level in range(len(TRIM_LEVELS)):
        content = trim(whole, level)
        last = level == len(TRIM_LEVELS) - 1
        if not last and item_count(content) * MIN_ITEM_BYTES > limit:
            continue  # too many lines to fit: not worth rendering
        message = render(view, content, document=False, refresh=refresh, offer=transport.name == "bot")
        if transport.size(message) <= limit:
            return replace(message, document=digest_document(view.content, marker=view.marker))
    raise Rejected(f"The digest does not fit a {transport.name} message even when shortened.", status=413)

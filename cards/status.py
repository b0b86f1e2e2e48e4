"""Compact status cards that people put into any chat: by the message extension, or by pasting a
dashboard link that Teams unfolds.

Adaptive Card version 1.3, the newest Teams documents for link unfurling ("Link unfurling supports
Adaptive Cards version 1.3 and earlier", learn.microsoft.com/microsoftteams/platform/messaging-extensions/
how-to/link-unfurling), so one card serves search and unfurling alike. Only `Action.OpenUrl` buttons:
the card is posted by a person, not the bot, and may land where the bot is not installed, so no button
may need the bot to answer it. Each card comes with a thumbnail `preview` for the result list (Teams
requires one for Adaptive Card results). Every value a person typed is escaped here.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from programme.project_status import ProjectStatus, leads_text, status_word
from programme.terms import rag_word
from programme.text import cards_escape, uk_date

UNFURL_VERSION = "1.3"
CARD = "application/vnd.microsoft.card.adaptive"
THUMBNAIL = "application/vnd.microsoft.card.thumbnail"
RAG_COLOURS = {"green": "good", "amber": "warning", "red": "attention", None: "default"}
SUMMARY_CHARS = 400
MAX_CARD_BYTES = 28 * 1024  # a card a person posts must stay under Teams' ~28 KB message limit
SEARCH_COMMAND = "findProject"  # the manifest's command id (composeExtensions[0].commands[0].id)


def _text(value: str, **props: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": value, "wrap": True, **props}


def _card(body: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": UNFURL_VERSION,
        "body": body,
        "actions": actions,
    }


def _open(title: str, url: str) -> dict[str, Any]:
    return {"type": "Action.OpenUrl", "title": title, "url": url}


def project_url(public_base_url: str, ref: str) -> str:
    return f"{public_base_url.rstrip('/')}/dashboard/projects/{quote(ref, safe='')}"


def dashboard_url(public_base_url: str) -> str:
    return f"{public_base_url.rstrip('/')}/dashboard"


def ask_action(bot_app_id: str, ref: str) -> dict[str, Any]:
    """ "Ask the bot": a chat with the bot, the question about this project typed in (Teams' deep link
    to a chat, learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-teams).
    Without an app id (local mode) there is no chat to link to: the question is sent as if typed."""
    question = f"what is the status of {ref}?"
    if not bot_app_id:
        return {
            "type": "Action.Submit",
            "title": "Ask the bot",
            "data": {"msteams": {"type": "imBack", "value": question}},
        }
    query = urlencode({"users": f"28:{bot_app_id}", "message": question}, quote_via=quote)
    return _open("Ask the bot", f"https://teams.microsoft.com/l/chat/0/0?{query}")


def _rag_row(status: ProjectStatus) -> dict[str, Any]:
    columns = [
        {
            "type": "Column",
            "width": "auto",
            "items": [_text(status.rag_label, weight="Bolder", color=RAG_COLOURS.get(status.rag, "default"))],
        }
    ]
    if status.progress is not None:
        columns.append(
            {"type": "Column", "width": "stretch", "items": [_text(f"{status.progress}% complete", isSubtle=True)]}
        )
    return {"type": "ColumnSet", "columns": columns}


def _subtitle(status: ProjectStatus) -> str:
    parts = [status.ref, status.area, status_word(status.status)]
    return cards_escape(" · ".join(p for p in parts if p), 200)


def _milestone(status: ProjectStatus, today: date | None) -> str:
    m = status.next_milestone
    if m is None:
        return ""
    when = ""
    if m.due_date is not None:
        late = today is not None and m.due_date < today
        when = f" — {'was due' if late else 'due'} {uk_date(m.due_date)}"
    return cards_escape(m.title, 150) + when


def status_card(
    status: ProjectStatus, *, public_base_url: str, bot_app_id: str, tz: str, today: date | None = None
) -> dict[str, Any]:
    """RAG (word, shape and colour), progress, lead, last update, next milestone, latest summary;
    "Open in dashboard" and "Ask the bot"."""
    updated = uk_date(status.updated_at, tz) if status.updated_at else "Not reported yet"
    facts = [("Lead", cards_escape(leads_text(status.leads), 200)), ("Last update", updated)]
    if status.next_milestone:
        facts.append(("Next milestone", _milestone(status, today)))
    body = [
        _text(cards_escape(status.name, 200), weight="Bolder", size="Medium"),
        _text(_subtitle(status), isSubtle=True, spacing="None"),
        _rag_row(status),
        {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in facts if v]},
    ]
    if status.summary:
        body.append(_text(cards_escape(status.summary, SUMMARY_CHARS)))
    card = _card(
        body, [_open("Open in dashboard", project_url(public_base_url, status.ref)), ask_action(bot_app_id, status.ref)]
    )
    return _within_limit(card)


def preview(status: ProjectStatus, *, tz: str) -> dict[str, Any]:
    """The thumbnail shown in the result list: name and ref; RAG, progress, lead, last update."""
    bits = [status.rag_label]
    if status.progress is not None:
        bits.append(f"{status.progress}%")
    bits.append(f"Lead: {leads_text(status.leads)}")
    bits.append(f"Updated {uk_date(status.updated_at, tz)}" if status.updated_at else "Not reported yet")
    return {
        "contentType": THUMBNAIL,
        "content": {"title": cards_escape(status.label, 200), "text": cards_escape(" · ".join(bits), 300)},
    }


def anonymous_card(status: ProjectStatus, *, public_base_url: str) -> dict[str, Any]:
    """For someone Teams does not identify (link unfurling before the app is installed): name, ref,
    RAG and a link; nothing else."""
    body = [
        _text(cards_escape(status.name, 200), weight="Bolder", size="Medium"),
        _text(cards_escape(status.ref, 64), isSubtle=True, spacing="None"),
        _text(status.rag_label, weight="Bolder", color=RAG_COLOURS.get(status.rag, "default")),
    ]
    return _card(body, [_open("Open in dashboard", project_url(public_base_url, status.ref))])


def anonymous_preview(status: ProjectStatus) -> dict[str, Any]:
    return {
        "contentType": THUMBNAIL,
        "content": {"title": cards_escape(status.label, 200), "text": f"{status.rag_label}"},
    }


def portfolio_card(active: int, by_rag: dict[str | None, int], *, public_base_url: str) -> dict[str, Any]:
    """What the dashboard's front page unfolds into: the programme at a glance, RAG as words."""
    facts = [
        {"title": f"{shape} {rag_word(rag)}", "value": str(by_rag.get(rag, 0))}
        for rag, shape in (("red", "■"), ("amber", "▲"), ("green", "●"), (None, "○"))
    ]
    body = [
        _text("Digital First programme", weight="Bolder", size="Medium"),
        _text(f"{active} active project{'s' if active != 1 else ''}, by latest RAG", isSubtle=True, spacing="None"),
        {"type": "FactSet", "facts": facts},
    ]
    return _card(body, [_open("Open the dashboard", dashboard_url(public_base_url))])


def portfolio_preview(active: int) -> dict[str, Any]:
    return {
        "contentType": THUMBNAIL,
        "content": {"title": "Digital First dashboard", "text": f"{active} active project{'s' if active != 1 else ''}"},
    }


def anonymous_portfolio_preview() -> dict[str, Any]:
    return {"contentType": THUMBNAIL, "content": {"title": "Digital First dashboard"}}


def anonymous_portfolio_card(*, public_base_url: str) -> dict[str, Any]:
    return _card(
        [_text("Digital First programme dashboard", weight="Bolder", size="Medium")],
        [_open("Open the dashboard", dashboard_url(public_base_url))],
    )


def size(card: dict[str, Any]) -> int:
    """Bytes as Teams counts a message: the JSON in UTF-16."""
    return len(json.dumps(card, ensure_ascii=False).encode("utf-16-le"))


def _within_limit(card: dict[str, Any]) -> dict[str, Any]:
    """Names and summaries are capped already; should a card still be too big, its longest text goes."""
    while size(card) > MAX_CARD_BYTES:
        blocks = [b for b in card["body"] if b.get("type") == "TextBlock"]
        longest = max(blocks, key=lambda b: len(b["text"]), default=None)
        if longest is None or len(longest["text"]) <= 40:
            break
        longest["text"] = longest["text"][: len(longest["text"]) // 2].rstrip() + "…"
    return card

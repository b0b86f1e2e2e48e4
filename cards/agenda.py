"""The DLG's agenda as card parts: the asks needing a decision (oldest first), each with its decision
once recorded, and "Record decision" in the DLG view; what was decided since the last meeting; the
`refresh` block that gives admins and DLG members their view of a posted card; and the agenda card the
bot posts in the digest's thread when the digest itself went through Graph (display-only).

Everything a lead or a DLG member typed passes through `cards_escape`.
"""

from __future__ import annotations

from typing import Any

from programme.digest import plural
from programme.digest_agenda import agenda_of, decided_of
from programme.text import cards_escape

from . import card, execute_action, text

MEMBERS_VIEW, DLG_VIEW = "members", "dlg"
VERB_REFRESH = "digest.refresh"
VERB_OPEN = "decision.open"
VERB_DECIDE = "digest.decide"  # "Record decisions" on the card as posted: the pressing person's own view
MAX_REFRESH_USERS = 60  # Teams: at most 60 people get a user-specific view
ASK_CHARS = 240  # an ask on the channel card; the full digest has all of it


def _esc(value: Any, limit: int = 400) -> str:
    return cards_escape(str(value or ""), limit)


def _heading(title: str) -> dict[str, Any]:
    return text(title, size="Medium", weight="Bolder", style="heading", spacing="Large", separator=True)


def decision_line(item: dict[str, Any]) -> str:
    """ "**Approved**: go ahead with two pilots — recorded by Jo Bloggs, 27 November 2026"."""
    line = f"**{_esc(item.get('decision'), 80)}**"
    if item.get("note"):
        line += f": {_esc(item['note'], 300)}"
    if item.get("by") or item.get("decided"):
        line += (
            " — recorded"
            + (f" by {_esc(item.get('by'), 100)}" if item.get("by") else "")
            + (f", {item['decided']}" if item.get("decided") else "")
        )
    return line


def open_action(item: dict[str, Any], *, period: str, origin: str) -> dict[str, Any]:
    """ "Record decision" on one ask: it claims the ask and the decision count the card was drawn at."""
    return execute_action(
        "Record decision",
        VERB_OPEN,
        {"ask": item["id"], "v": int(item.get("v") or 0), "period": period, "origin": origin},
    )


def decidable(content: dict[str, Any]) -> bool:
    """Whether any listed ask can be decided from the card (it has an id and needs a decision)."""
    return any(
        isinstance(i.get("id"), int) and i.get("decidable", i.get("needs_decision"))
        for i in agenda_of(content)["items"]
    )


def decide_action(period: str, card_kind: str) -> dict[str, Any]:
    """ "Record decisions" on the bot's card as posted (the members' view everyone sees before Teams asks for
    their own). Teams' `refresh` gives DLG members their view by itself, but a client that does not run
    it (a channel of more than 60 people for anyone not listed, an older client, the Agents Playground)
    shows the card as posted: pressing this asks the bot for the presser's view, which replaces the card
    for them alone. Anyone else is told why not and nothing changes."""
    return execute_action("Record decisions", VERB_DECIDE, {"period": period, "card": card_kind})


def ask_block(item: dict[str, Any], *, view: str, period: str, origin: str) -> dict[str, Any]:
    """One agenda item, compact (the agenda is the card's first and largest part): who and how old, the
    ask, its decision once recorded, and in the DLG view "Record decision"."""
    who = f"**{_esc(item['ref'], 60)} {_esc(item['name'], 120)}** — {_esc(item['lead'], 120)}"
    items = [
        text(who + (f" · {item['age']}" if item.get("age") else ""), spacing="None", isSubtle=True),
        text(_esc(item["text"], ASK_CHARS), spacing="None"),
    ]
    if item.get("decision"):
        items.append(text(decision_line(item), spacing="Small"))
    if view == DLG_VIEW and isinstance(item.get("id"), int) and item.get("decidable", item.get("needs_decision")):
        items.append(
            {"type": "ActionSet", "spacing": "Small", "actions": [open_action(item, period=period, origin=origin)]}
        )
    return {"type": "Container", "separator": True, "spacing": "Default", "items": items}


def agenda_section(
    content: dict[str, Any], *, view: str, cap: int | None, origin: str = "digest"
) -> list[dict[str, Any]]:
    """Asks needing a decision, oldest first (as composed), each with its decision once recorded; asks
    deferred to a later date are counted; what does not fit is counted with a link to the full digest."""
    a, links, period = agenda_of(content), content["links"], content.get("period_key", "")
    needing = [i for i in a["items"] if i.get("needs_decision", True)]
    later = [i for i in a["items"] if not i.get("needs_decision", True)]
    omitted = a.get("omitted", 0)
    total = len(needing) + omitted
    out = [
        _heading(f"Asks needing a decision ({total})"),
        text(
            "Oldest first: the meeting's agenda." if total else "No ask needs a decision at this meeting.",
            isSubtle=True,
            spacing="None",
        ),
    ]
    shown = needing if cap is None else needing[:cap]
    out += [ask_block(i, view=view, period=period, origin=origin) for i in shown]
    more = omitted + len(needing) - len(shown)
    if more:
        where = f" in the [full digest]({links['full']})" if links.get("full") else " in the full digest"
        out.append(
            text(
                f"…and {plural(more, 'more ask')}{where}"
                + (" (type **decisions** in a 1:1 chat with me to record them)." if view == DLG_VIEW else "."),
                isSubtle=True,
                spacing="Medium",
            )
        )
    if later:
        out.append(text(f"{plural(len(later), 'ask')} deferred to a later meeting.", isSubtle=True, spacing="Small"))
    return out


def decided_section(content: dict[str, Any], *, cap: int) -> list[dict[str, Any]]:
    d = decided_of(content)
    if not d["items"] and not d.get("omitted"):
        return []
    out = [_heading("Decided since the last meeting")]
    for i in d["items"][:cap]:
        out.append(text(f"**{_esc(i['ref'], 60)}** {_esc(i['text'], 200)} — {decision_line(i)}", spacing="Small"))
    more = d.get("omitted", 0) + max(0, len(d["items"]) - cap)
    if more:
        full = content["links"].get("full")
        out.append(
            text(
                f"…and {more} more" + (f" in the [full digest]({full})." if full else "."),
                isSubtle=True,
                spacing="Small",
            )
        )
    return out


def agenda_marker(digest_marker: str) -> str:
    """The agenda reply's own reference: the digest's marker with a suffix (what Graph shows of the card)."""
    return f"agenda-{digest_marker}"


def refresh_block(period: str, user_ids: list[str]) -> dict[str, Any] | None:
    """Universal Actions `refresh`: these people's Teams clients ask the bot for their own view when they
    open the card (never an empty list; at most 60). None when there is nobody to refresh for."""
    ids = [u for u in dict.fromkeys(user_ids) if u][:MAX_REFRESH_USERS]
    if not ids:
        return None
    action = execute_action("Refresh", VERB_REFRESH, {"period": period})
    action.pop("fallback", None)  # a refresh is never a button
    return {"action": action, "userIds": ids}


def agenda_card(
    content: dict[str, Any],
    *,
    view: str,
    refresh: dict[str, Any] | None = None,
    cap: int | None = 12,
    origin: str = "agenda",
    offer: bool = False,
    marker: str = "",
) -> dict[str, Any]:
    """The agenda alone: the bot's reply in the thread of a digest posted through Graph. `offer`: the card as
    posted (members' view) carries "Record decisions" (`decide_action`). `marker` names the reply (an
    element id), so it can be found in the thread through Graph before it is posted again."""
    body = [
        text(f"DLG agenda — {_esc(content.get('title', ''), 200)}", size="Large", weight="Bolder", style="heading"),
        text("The asks in the digest above that need a decision.", isSubtle=True, spacing="None"),
    ]
    body += agenda_section(content, view=view, cap=cap, origin=origin)
    body += decided_section(content, cap=5)
    full = content.get("links", {}).get("full")
    if marker:
        body[0]["id"] = agenda_marker(marker)
    actions = [{"type": "Action.OpenUrl", "title": "Open the full digest", "url": full}] if full else []
    if offer and view == MEMBERS_VIEW and decidable(content):
        actions.append(decide_action(content.get("period_key", ""), origin))
    c = card(body, actions or None)
    if refresh:
        c["refresh"] = refresh
    return c

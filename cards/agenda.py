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
MAX_REFRESH_USERS = 60  # Teams: at most 60 people get a user-specific view
ASK_CHARS = 240  # an ask on the channel card; the full digest has all of it


def _esc(value: Any, limit: int = 400) -> str:
    return cards_escape(str(value or ""), limit)


def _heading(title: str) -> dict[str, Any]:
    return text(title, size="Medium", weight="Bolder", style="heading", spacing="Large", separator=True)


def decision_line(item: dict[str, Any]) -> str:
    """"**Approved**: go ahead with two pilots — recorded by Jo Bloggs, 27 November 2026"."""
    line = f"**{_esc(item.get('decision'), 80)}**"
    if item.get("note"):
        line += f": {_esc(item['note'], 300)}"
    if item.get("by") or item.get("decided"):
        line += " — recorded" + (f" by {_esc(item.get('by'), 100)}" if item.get("by") else "") \
            + (f", {item['decided']}" if item.get("decided") else "")
    return line


def open_action(item: dict[str, Any], *, period: str, origin: str) -> dict[str, Any]:
    """"Record decision" on one ask: it claims the ask and the decision count the card was drawn at."""
    return execute_action("Record decision", VERB_OPEN, {"ask": item["id"], "v": int(item.get("v") or 0),
                                                         "period": period, "origin": origin})


def ask_block(item: dict[str, Any], *, view: str, period: str, origin: str) -> dict[str, Any]:
    """One agenda item, compact (the agenda is the card's first and largest part): who and how old, the
    ask, its decision once recorded, and in the DLG view "Record decision"."""
    who = f"**{_esc(item['ref'], 60)} {_esc(item['name'], 120)}** — {_esc(item['lead'], 120)}"
    items = [text(who + (f" · {item['age']}" if item.get("age") else ""), spacing="None", isSubtle=True),
             text(_esc(item["text"], ASK_CHARS), spacing="None")]
    if item.get("decision"):
        items.append(text(decision_line(item), spacing="Small"))
    if view == DLG_VIEW and isinstance(item.get("id"), int) and item.get("decidable", item.get("needs_decision")):
        items.append({"type": "ActionSet", "spacing": "Small", "actions": [open_action(item, period=period, origin=origin)]})
    return {"type": "Container", "separator": True, "spacing": "Default", "items": items}


def agenda_section(content: dict[str, Any], *, view: str, cap: int | None, origin: str = "digest") -> list[dict[str, Any]]:
    """Asks needing a decision, oldest first (as composed), each with its decision once recorded; asks
    deferred to a later date are counted; what does not fit is counted with a link to the full digest."""
    a, links, period = agenda_of(content), content["links"], content.get("period_key", "")
    needing = [i for i in a["items"] if i.get("needs_decision", True)]
    later = [i for i in a["items"] if not i.get("needs_decision", True)]
    omitted = a.get("omitted", 0)
    total = len(needing) + omitted
    out = [_heading(f"Asks needing a decision ({total})"),
           text("Oldest first: the meeting's agenda." if total else "No ask needs a decision at this meeting.",
                isSubtle=True, spacing="None")]
    shown = needing if cap is None else needing[:cap]
    out += [ask_block(i, view=view, period=period, origin=origin) for i in shown]
    more = omitted + len(needing) - len(shown)
    if more:
        where = f" in the [full digest]({links['full']})" if links.get("full") else " in the full digest"
        out.append(text(f"…and {plural(more, 'more ask')}{where}"
                        + (" (type **decisions** in a 1:1 chat with me to record them)." if view == DLG_VIEW else "."),
                        isSubtle=True, spacing="Medium"))
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
        out.append(text(f"…and {more} more" + (f" in the [full digest]({full})." if full else "."), isSubtle=True,
                        spacing="Small"))
    return out


def refresh_block(period: str, user_ids: list[str]) -> dict[str, Any] | None:
    """Universal Actions `refresh`: these people's Teams clients ask the bot for their own view when they
    open the card (never an empty list; at most 60). None when there is nobody to refresh for."""
    ids = [u for u in dict.fromkeys(user_ids) if u][:MAX_REFRESH_USERS]
    if not ids:
        return None
    action = execute_action("Refresh", VERB_REFRESH, {"period": period})
    action.pop("fallback", None)  # a refresh is never a button
    return {"action": action, "userIds": ids}


def agenda_card(content: dict[str, Any], *, view: str, refresh: dict[str, Any] | None = None,
                cap: int | None = 12, origin: str = "agenda") -> dict[str, Any]:
    """The agenda alone: the bot's reply in the thread of a digest posted through Graph."""
    body = [text(f"DLG agenda — {_esc(content.get('title', ''), 200)}", size="Large", weight="Bolder", style="heading"),
            text("The asks in the digest above that need a decision.", isSubtle=True, spacing="None")]
    body += agenda_section(content, view=view, cap=cap, origin=origin)
    body += decided_section(content, cap=5)
    full = content.get("links", {}).get("full")
    c = card(body, [{"type": "Action.OpenUrl", "title": "Open the full digest", "url": full}] if full else None)
    if refresh:
        c["refresh"] = refresh
    return c

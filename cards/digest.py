"""The digest as an Adaptive Card (1.5), from the stored digest content (`programme.digest.compose`).

Teams draws the RAG-by-area chart; every other renderer (older clients, the Agents Playground, the
open-source renderer) shows the chart's `fallback`: a table of the same numbers. RAG is always a
word. Lead text goes through `cards_escape`, so a summary can never become a link or a mention.

A card posted through Graph by a user is display-only (its buttons never reach the bot), so the
channel card carries links only; the admin's preview card carries the Action.Execute buttons.
"""
from __future__ import annotations

import json
from typing import Any

from programme.digest import RAG_KEYS, omitted_total, plural
from programme.text import cards_escape

from . import card, execute_action, load, text

RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "none": "Not reported"}
VERB_PREVIEW = "digest_preview"
VERB_APPROVE = "digest_approve"
VERB_INTRO = "digest_intro"
VERB_MARK_POSTED = "digest_mark_posted"
INTRO_LIMIT = 1000


def _esc(value: Any, limit: int = 600) -> str:
    return cards_escape(str(value or ""), limit)


def _heading(title: str) -> dict[str, Any]:
    return text(title, size="Medium", weight="Bolder", style="heading", spacing="Large", separator=True)


def _signed(n: int | None) -> str:
    if not n:
        return ""
    return f" ({'+' if n > 0 else '−'}{abs(n)})"


def _cell(value: str, **props: Any) -> dict[str, Any]:
    return {"type": "TableCell", "items": [text(value, **props)]}


def _table(header: list[str], rows: list[list[str]], widths: list[int] | None = None) -> dict[str, Any]:
    widths = widths or [1] * len(header)
    return {
        "type": "Table",
        "firstRowAsHeaders": True,
        "showGridLines": True,
        "columns": [{"width": w} for w in widths],
        "rows": [{"type": "TableRow", "cells": [_cell(h, weight="Bolder") for h in header]}]
        + [{"type": "TableRow", "cells": [_cell(v) for v in row]} for row in rows],
    }


def rag_table(rows: list[dict[str, Any]], first_column: str) -> dict[str, Any]:
    """The numbers behind the chart, with the change since last time in brackets."""
    body = []
    for r in rows:
        change = r.get("change") or {}
        body.append([_esc(r["name"], 120)] + [f"{r['counts'][k]}{_signed(change.get(k))}" for k in RAG_KEYS])
    return _table([first_column] + [RAG_LABELS[k] for k in RAG_KEYS], body, [3, 1, 1, 1, 1])


def rag_chart(areas: list[dict[str, Any]]) -> dict[str, Any]:
    """A stacked bar per priority area, falling back to the same numbers as a table."""
    chart = load("digest_rag_chart")
    for series, key in zip(chart["data"], RAG_KEYS):
        series["values"] = [{"x": a["name"], "y": a["counts"][key]} for a in areas]
    chart["fallback"] = rag_table(areas, "Priority area")
    return chart


def _glance(content: dict[str, Any]) -> list[dict[str, Any]]:
    g = content["glance"]
    total, p = g["total"], g["participation"]
    change = total.get("change") or {}
    words = ", ".join(f"{RAG_LABELS[k]} {total['counts'][k]}{_signed(change.get(k))}" for k in RAG_KEYS)
    late = f", {p['late']} late" if p.get("late") else ""
    out = [
        _heading("The programme at a glance"),
        text(f"{plural(total['total'], 'project')}: {words}."
             + (f" Changes in brackets are {g['change_basis']}." if g.get("change_basis") else "")),
        text(f"Updates received: {p['received']} of {p['expected']}{late}.", weight="Bolder"),
        rag_chart(g["areas"]),
    ]
    if g["enablers"]:
        out += [text("By enabler", weight="Bolder", spacing="Medium"), rag_table(g["enablers"], "Enabler")]
    return out


def _who(item: dict[str, Any]) -> str:
    return f"**{_esc(item['ref'], 60)} {_esc(item['name'], 200)}** — {_esc(item['lead'], 200)}"


def _more(n: int, links: dict[str, str]) -> list[dict[str, Any]]:
    if not n:
        return []
    where = f" in the [full digest]({links['full']})" if links.get("full") else " in the full digest"
    return [text(f"…and {n} more{where}.", isSubtle=True, spacing="Small")]


def _items(section: dict[str, Any], line, links: dict[str, str], empty: str) -> list[dict[str, Any]]:
    out = [line(i) for i in section["items"]] or [text(empty, isSubtle=True)]
    return out + _more(section.get("omitted", 0), links)


def _asks(content: dict[str, Any]) -> list[dict[str, Any]]:
    asks, links = content["asks"], content["links"]
    out = [_heading("Asks of the DLG"),
           text("Decisions and support the leads ask for this cycle — the meeting's agenda.", isSubtle=True, spacing="None")]
    if not asks["groups"]:
        out.append(text("No asks this cycle.", isSubtle=True))
    for group in asks["groups"]:
        out.append(text(_esc(group["group"], 200), weight="Bolder", spacing="Medium"))
        out += [text(f"{_who(i)}: {_esc(i['text'])}", spacing="Small") for i in group["items"]]
    return out + _more(asks.get("omitted", 0), links)


def _moved(content: dict[str, Any]) -> list[dict[str, Any]]:
    links, m = content["links"], content["milestones"]
    out = [_heading("What moved"), text("RAG changes", weight="Bolder")]
    out += _items(content["rag_changes"], lambda i: text(
        f"{_who(i)}: {i['from']} → {i['to']}." + (f" {_esc(i['reason'])}" if i.get("reason") else "")),
        links, "No RAG changes this cycle.")
    out.append(text("New risks", weight="Bolder", spacing="Medium"))
    out += _items(content["new_risks"], lambda i: text(f"{_who(i)}: {_esc(i['text'])}"), links, "No new risks.")
    out.append(text("New blockers", weight="Bolder", spacing="Medium"))
    out += _items(content["new_blockers"], lambda i: text(f"{_who(i)}: {_esc(i['text'])}"), links, "No new blockers.")
    milestone_parts = (
        ("completed", "Milestones completed", lambda i: f"{_esc(i['title'], 300)} ({_esc(i['ref'], 60)}), {i['date']}", "None completed."),
        ("slipped", "Milestones slipped", lambda i: f"{_esc(i['title'], 300)} ({_esc(i['ref'], 60)}): was {i['was']}, now {i['now']}", "None slipped."),
        ("overdue", "Milestones overdue", lambda i: f"{_esc(i['title'], 300)} ({_esc(i['ref'], 60)}): due {i['due']}, {plural(i['days'], 'day')} overdue", "None overdue."),
        ("due_soon", "Milestones due in the next four weeks", lambda i: f"{_esc(i['title'], 300)} ({_esc(i['ref'], 60)}): due {i['due']}", "None due."),
    )
    for key, title, line, empty in milestone_parts:
        out.append(text(title, weight="Bolder", spacing="Medium"))
        out += _items(m[key], lambda i, line=line: text(line(i), spacing="Small"), links, empty)
    return out


def _red_amber(content: dict[str, Any]) -> list[dict[str, Any]]:
    out = [_heading("Red and amber projects")]
    return out + _items(content["red_amber"], lambda i: text(
        f"{_who(i)}: **{i['rag']}**." + (f" {_esc(i['reason'])}" if i.get("reason") else "")),
        content["links"], "No project reported red or amber this cycle.")


def _missing(content: dict[str, Any]) -> list[dict[str, Any]]:
    out = [_heading("Missing updates")]
    return out + _items(content["missing"], lambda i: text(f"{_who(i)}: {_esc(i['reason'], 300)}", spacing="Small"),
                        content["links"], "Every project sent an update this cycle.")


def _trends(content: dict[str, Any]) -> list[dict[str, Any]]:
    t = content["trends"]
    if not t["periods"] or (not t["items"] and not t.get("omitted")):
        return []
    out = [_heading("RAG over recent cycles"),
           text("Each project's rating in the last cycles, oldest first.", isSubtle=True, spacing="None")]
    if t["items"]:
        rows = [[f"{_esc(r['ref'], 60)} {_esc(r['name'], 120)}"] + r["rags"] for r in t["items"]]
        out.append(_table(["Project"] + [_esc(p, 40) for p in t["periods"]], rows, [3] + [1] * len(t["periods"])))
    return out + _more(t.get("omitted", 0), content["links"])


def _footer(content: dict[str, Any], marker: str) -> list[dict[str, Any]]:
    out = []
    n = content.get("sensitive_withheld", 0)
    if n:
        where = content["links"].get("sensitive")
        out.append(text(f"{plural(n, 'risk')} marked sensitive {'is' if n == 1 else 'are'} not shown in this channel. "
                        + (f"Admins and DLG members can read {'it' if n == 1 else 'them'} in the [admins' view]({where})."
                           if where else "Admins and DLG members can read them in a 1:1 chat with the bot."),
                        isSubtle=True, spacing="Large", separator=True))
    if content.get("trimmed") and omitted_total(content):
        out.append(text("This digest is shortened to fit a Teams message; the full digest has every item.", isSubtle=True))
    if marker:
        out.append(text(f"Digest reference {marker}", isSubtle=True, size="Small"))
    return out


def digest_card(content: dict[str, Any], *, marker: str = "", actions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The channel card: headline numbers, chart with its table, the agenda, what moved, who is missing."""
    c = load("digest")
    ids = {b.get("id"): b for b in c["body"]}
    ids["title"]["text"] = _esc(content["title"], 200)
    ids["subtitle"]["text"] = _esc(content["subtitle"], 300)
    if content.get("intro"):
        ids["intro_text"]["text"] = _esc(content["intro"], INTRO_LIMIT)
        ids["intro_text"]["isVisible"] = True
    else:
        c["body"].remove(ids["intro_text"])
    for part in (_glance, _asks, _moved, _red_amber, _missing, _trends):
        c["body"] += part(content)
    c["body"] += _footer(content, marker)
    full = content["links"].get("full")
    c["actions"] = ([{"type": "Action.OpenUrl", "title": "Open the full digest", "url": full}] if full else []) + list(actions or [])
    if not c["actions"]:
        del c["actions"]
    return c


def admin_actions(period_key: str, revision: str, *, status: str, intro: str = "") -> list[dict[str, Any]]:
    """Buttons for an admin looking at a draft: preview again, edit the intro, approve and post."""
    data = {"period": period_key, "revision": revision}
    if status == "needs_admin":
        return [execute_action("Post it again", VERB_APPROVE, {**data, "force": True}),
                execute_action("It was posted", VERB_MARK_POSTED, data)]
    if status not in ("draft", "failed"):
        return [execute_action("Preview", VERB_PREVIEW, data)]
    edit = card([
        {"type": "Input.Text", "id": "intro", "label": "Introduction for this digest", "isMultiline": True,
         "maxLength": INTRO_LIMIT, "value": intro or "", "placeholder": "A short note from the programme office (optional)"},
    ], [execute_action("Save intro", VERB_INTRO, data)])
    return [
        execute_action("Approve and post", VERB_APPROVE, data, style="positive"),
        {"type": "Action.ShowCard", "title": "Edit intro", "card": edit},
        execute_action("Preview", VERB_PREVIEW, data),
    ]


STATUS_WORDS = {
    "draft": "Draft — waiting for an admin to approve it.",
    "approved": "Approved — it will be posted shortly.",
    "sending": "Being posted now.",
    "posted": "Posted to the DLG channel.",
    "failed": "Posting failed — approve it again to retry.",
    "needs_admin": "Interrupted while posting: check the DLG channel, then tell me whether it arrived.",
}


def admin_preview_card(content: dict[str, Any], *, period_key: str, revision: str, status: str,
                       marker: str = "", note: str = "") -> dict[str, Any]:
    """The digest as an admin sees it in a 1:1 chat, with its status and the approval buttons."""
    c = digest_card(content, marker=marker,
                    actions=admin_actions(period_key, revision, status=status, intro=content.get("intro", "")))
    banner = {"type": "Container", "style": "emphasis", "items": [
        text(f"Status: {STATUS_WORDS.get(status, status)}", weight="Bolder"),
        *([text(_esc(note, 400), isSubtle=True)] if note else []),
    ]}
    c["body"].insert(0, banner)
    return c


def card_bytes(c: dict[str, Any]) -> int:
    return len(json.dumps(c, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

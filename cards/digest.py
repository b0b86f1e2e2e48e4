"""The digest as an Adaptive Card (1.5), from the stored digest content (`programme.digest.compose`).

Teams draws the RAG-by-area chart; every other renderer (older clients, the Agents Playground, the
open-source renderer) shows the chart's `fallback`: a table of the same numbers. RAG is always a
word. Lead text goes through `cards_escape`, so a summary can never become a link or a mention.

The channel card is the DLG's agenda first (cards/agenda.py), then what moved, within a height budget
(cards/measure.py). Its members' view carries no buttons; admins and DLG members get the view with
"Record decision" through the card's `refresh` (Universal Actions user-specific views), in the admin's
preview, and in a 1:1 chat. A card posted through Graph by a user is display-only (its buttons never
reach the bot), so with Graph the bot replies in the digest's thread with the agenda card instead.
"""

from __future__ import annotations

import json
from typing import Any

from programme.digest import RAG_KEYS, plural
from programme.digest_agenda import cap as cap_section

from . import card, execute_action, load, text
from .agenda import DLG_VIEW, MEMBERS_VIEW, agenda_section, decidable, decide_action, decided_section
from .digest_tables import RAG_HEADERS, RAG_LABELS, esc, rag_chart, rag_table, signed
from .measure import card_height

__all__ = [
    "FIT_MARGIN",
    "HEIGHT_BUDGET",
    "INTRO_LIMIT",
    "RAG_HEADERS",
    "RAG_LABELS",
    "STATUS_WORDS",
    "VERB_APPROVE",
    "VERB_INTRO",
    "VERB_MARK_POSTED",
    "VERB_PREVIEW",
    "admin_actions",
    "admin_preview_card",
    "card_bytes",
    "digest_card",
    "rag_chart",
    "rag_table",
]

HEIGHT_BUDGET = 3000  # px at Teams' card width (~500 px): what a channel card may take
VERB_PREVIEW = "digest_preview"
VERB_APPROVE = "digest_approve"
VERB_INTRO = "digest_intro"
VERB_MARK_POSTED = "digest_mark_posted"
INTRO_LIMIT = 1000


def _heading(title: str) -> dict[str, Any]:
    return text(title, size="Medium", weight="Bolder", style="heading", spacing="Large", separator=True)


def _who(item: dict[str, Any]) -> str:
    return f"**{esc(item['ref'], 60)} {esc(item['name'], 200)}** — {esc(item['lead'], 200)}"


def _more(n: int, links: dict[str, str], what: str = "") -> list[dict[str, Any]]:
    if not n:
        return []
    where = f" in the [full digest]({links['full']})" if links.get("full") else " in the full digest"
    return [text(f"…and {n} more{what}{where}.", isSubtle=True, spacing="Small")]


def _items(section: dict[str, Any], line, links: dict[str, str], empty: str) -> list[dict[str, Any]]:
    out = [line(i) for i in section["items"]] or [text(empty, isSubtle=True)]
    return out + _more(section.get("omitted", 0), links)


def _headline(content: dict[str, Any]) -> list[dict[str, Any]]:
    """The programme in one sentence, under the title: the numbers, before the agenda."""
    g = content["glance"]
    total, p = g["total"], g["participation"]
    change = total.get("change") or {}
    words = ", ".join(f"{RAG_LABELS[k]} {total['counts'][k]}{signed(change.get(k))}" for k in RAG_KEYS)
    late = f", {p['late']} late" if p.get("late") else ""
    basis = f" Changes in brackets are {g['change_basis']}." if g.get("change_basis") else ""
    return [
        text(
            f"{plural(total['total'], 'project')}: {words}. Updates received: {p['received']} of "
            f"{p['expected']}{late}.{basis}",
            spacing="Medium",
        )
    ]


def _glance(content: dict[str, Any]) -> list[dict[str, Any]]:
    return [_heading("The programme at a glance"), rag_chart(content["glance"]["areas"])]


def _moved(content: dict[str, Any], cap: int) -> list[dict[str, Any]]:
    """RAG changes, new blockers and risks, milestones that slipped or are overdue; counts for the rest."""
    links, m = content["links"], content["milestones"]
    if not cap:  # a busy agenda: what moved in one line of numbers, the lists in the full digest
        counts = [
            (_count(content["rag_changes"]), "RAG change"),
            (_count(content["new_blockers"]), "new blocker"),
            (_count(content["new_risks"]), "new risk"),
            (_count(m["slipped"]) + _count(m["overdue"]), "milestone slipped or overdue"),
        ]
        words = ", ".join(
            plural(
                n,
                w,
                w.replace("change", "changes")
                .replace("blocker", "blockers")
                .replace("risk", "risks")
                .replace("milestone slipped", "milestones slipped"),
            )
            for n, w in counts
        )
        where = f" — listed in the [full digest]({links['full']})." if links.get("full") else "."
        return [_heading("What moved"), text(f"{words[:1].upper()}{words[1:]}{where}", spacing="Small")]
    out = [_heading("What moved"), text("RAG changes", weight="Bolder")]
    out += _items(
        cap_section(content["rag_changes"], cap),
        lambda i: text(
            f"{_who(i)}: {i['from']} → {i['to']}." + (f" {esc(i['reason'], 200)}" if i.get("reason") else ""),
            spacing="Small",
        ),
        links,
        "No RAG changes this cycle.",
    )
    for key, title, empty in (
        ("new_blockers", "New blockers", "No new blockers."),
        ("new_risks", "New risks", "No new risks."),
    ):
        section = cap_section(content[key], cap)
        if not section["items"] and not section.get("omitted"):
            out.append(text(empty, isSubtle=True, spacing="Small"))
            continue
        out.append(text(title, weight="Bolder", spacing="Medium"))
        out += _items(section, lambda i: text(f"{_who(i)}: {esc(i['text'], 200)}", spacing="Small"), links, empty)
    slipped = cap_section(m["slipped"], cap)
    overdue = cap_section(m["overdue"], cap)
    if slipped["items"] or overdue["items"]:
        out.append(text("Milestones slipped or overdue", weight="Bolder", spacing="Medium"))
        out += [
            text(f"{esc(i['title'], 200)} ({esc(i['ref'], 60)}): was {i['was']}, now {i['now']}", spacing="Small")
            for i in slipped["items"]
        ]
        out += [
            text(
                f"{esc(i['title'], 200)} ({esc(i['ref'], 60)}): due {i['due']}, {plural(i['days'], 'day')} overdue",
                spacing="Small",
            )
            for i in overdue["items"]
        ]
        out += _more(slipped.get("omitted", 0) + overdue.get("omitted", 0), links)
    done, soon = _count(m["completed"]), _count(m["due_soon"])
    out.append(
        text(
            f"Milestones: {done} completed since the last cycle, {soon} due in the next four weeks"
            + (" (listed in the full digest)." if done or soon else "."),
            isSubtle=True,
            spacing="Small",
        )
    )
    return out


def _count(section: dict[str, Any]) -> int:
    return len(section.get("items", [])) + section.get("omitted", 0)


def _red_amber(content: dict[str, Any], cap: int) -> list[dict[str, Any]]:
    out = [_heading("Red and amber projects")]
    return out + _items(
        cap_section(content["red_amber"], cap),
        lambda i: text(
            f"{_who(i)}: **{i['rag']}**." + (f" {esc(i['reason'], 200)}" if i.get("reason") else ""), spacing="Small"
        ),
        content["links"],
        "No project reported red or amber this cycle.",
    )


def _missing(content: dict[str, Any], view: str, cap: int) -> list[dict[str, Any]]:
    """Who has not updated is for the DLG and admins (programme/access.py): members read the number."""
    n = _count(content["missing"])
    if view != DLG_VIEW:
        words = (
            "Every project sent an update this cycle."
            if not n
            else f"{plural(n, 'project')} {'has' if n == 1 else 'have'} not sent an update this cycle."
        )
        return [text(words, isSubtle=True, spacing="Large", separator=True)]
    out = [_heading("Missing updates")]
    return out + _items(
        cap_section(content["missing"], cap),
        lambda i: text(f"{_who(i)}: {esc(i['reason'], 200)}", spacing="Small"),
        content["links"],
        "Every project sent an update this cycle.",
    )


def _footer(content: dict[str, Any], marker: str) -> list[dict[str, Any]]:
    out = []
    n = content.get("sensitive_withheld", 0)
    if n:
        where = content["links"].get("sensitive")
        out.append(
            text(
                f"{plural(n, 'risk')} marked sensitive {'is' if n == 1 else 'are'} not shown in this channel. "
                + (
                    f"Admins and DLG members can read {'it' if n == 1 else 'them'} in the [admins' view]({where})."
                    if where
                    else "Admins and DLG members can read them in a 1:1 chat with the bot."
                ),
                isSubtle=True,
                spacing="Large",
                separator=True,
            )
        )
    out.append(
        text(
            "This is the meeting's agenda and what moved; the full digest has every list, the enablers and the "
            "RAG trends.",
            isSubtle=True,
            spacing="Medium",
        )
    )
    if marker:
        out.append(text(f"Digest reference {marker}", isSubtle=True, size="Small"))
    return out


# Caps tried in order until the card fits its height budget: (asks shown, items per other list).
# The agenda comes first: other lists shrink before the asks do, and at 0 the chart goes too.
FIT_STEPS: tuple[tuple[int | None, int], ...] = (
    (None, 5),
    (None, 3),
    (20, 3),
    (20, 2),
    (15, 2),
    (15, 1),
    (12, 1),
    (12, 0),
    (10, 0),
    (8, 0),
    (6, 0),
    (5, 0),
    (4, 0),
    (3, 0),
    (2, 0),
    (1, 0),
)
FIT_MARGIN = 0.97  # the estimate is within a few per cent of the renderer: aim a little under the budget


def digest_card(
    content: dict[str, Any],
    *,
    marker: str = "",
    actions: list[dict[str, Any]] | None = None,
    view: str = MEMBERS_VIEW,
    refresh: dict[str, Any] | None = None,
    origin: str = "digest",
    budget: float | None = HEIGHT_BUDGET,
    offer: bool = False,
) -> dict[str, Any]:
    """The channel card: the agenda (asks needing a decision, oldest first), what was decided since the
    last meeting, what moved, the numbers; the full digest behind "Open the full digest".

    `view`: the members' view has no buttons and counts missing updates; the DLG view (admins and DLG
    members: through `refresh`, in the admin's preview, in a 1:1 chat) adds "Record decision" on each
    open ask and names the missing updates. `offer`: the bot's own post as everyone first sees it (members'
    view) carries "Record decisions", which gives whoever presses it their own view (cards/agenda.py
    `decide_action`). Lists are shortened until the card is at most `budget` px
    tall at Teams' card width (cards/measure.py); what is left out is counted, with a link."""
    c: dict[str, Any] = {}
    if offer and view == MEMBERS_VIEW and decidable(content):
        actions = list(actions or []) + [decide_action(content.get("period_key", ""), origin)]
    for asks_cap, list_cap in FIT_STEPS:
        c = _build(content, marker, actions, view, refresh, origin, asks_cap, list_cap)
        if budget is None or card_height(c) <= budget * FIT_MARGIN:
            break
    return c


def _build(
    content: dict[str, Any],
    marker: str,
    actions: list[dict[str, Any]] | None,
    view: str,
    refresh: dict[str, Any] | None,
    origin: str,
    asks_cap: int | None,
    list_cap: int,
) -> dict[str, Any]:
    c = load("digest")
    ids = {b.get("id"): b for b in c["body"]}
    ids["title"]["text"] = esc(content["title"], 200)
    ids["subtitle"]["text"] = esc(content["subtitle"], 300)
    if content.get("intro"):
        ids["intro_text"]["text"] = esc(content["intro"], INTRO_LIMIT)
        ids["intro_text"]["isVisible"] = True
    else:
        c["body"].remove(ids["intro_text"])
    c["body"] += _headline(content)
    c["body"] += agenda_section(content, view=view, cap=asks_cap, origin=origin)
    c["body"] += decided_section(content, cap=max(list_cap, 3))
    c["body"] += _moved(content, list_cap)
    c["body"] += _red_amber(content, list_cap)
    c["body"] += _missing(content, view, list_cap)
    c["body"] += (
        _glance(content)
        if list_cap
        else [text("The RAG chart by priority area is in the full digest.", isSubtle=True, spacing="Medium")]
    )
    c["body"] += _footer(content, marker)
    full = content["links"].get("full")
    c["actions"] = ([{"type": "Action.OpenUrl", "title": "Open the full digest", "url": full}] if full else []) + list(
        actions or []
    )
    if not c["actions"]:
        del c["actions"]
    if refresh:
        c["refresh"] = refresh
    return c


def admin_actions(period_key: str, revision: str, *, status: str, intro: str = "") -> list[dict[str, Any]]:
    """Buttons for an admin looking at a draft: preview again, edit the intro, approve and post."""
    data = {"period": period_key, "revision": revision}
    if status == "needs_admin":
        return [
            execute_action("Post it again", VERB_APPROVE, {**data, "force": True}),
            execute_action("It was posted", VERB_MARK_POSTED, data),
        ]
    if status not in ("draft", "failed"):
        return [execute_action("Preview", VERB_PREVIEW, data)]
    edit = card(
        [
            {
                "type": "Input.Text",
                "id": "intro",
                "label": "Introduction for this digest",
                "isMultiline": True,
                "maxLength": INTRO_LIMIT,
                "value": intro or "",
                "placeholder": "A short note from the programme office (optional)",
            }
        ],
        [execute_action("Save intro", VERB_INTRO, data)],
    )
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


def admin_preview_card(
    content: dict[str, Any], *, period_key: str, revision: str, status: str, marker: str = "", note: str = ""
) -> dict[str, Any]:
    """The digest as an admin sees it in a 1:1 chat: the DLG's view (with "Record decision"), its status
    and the approval buttons."""
    c = digest_card(
        content,
        marker=marker,
        view=DLG_VIEW,
        origin="preview",
        actions=admin_actions(period_key, revision, status=status, intro=content.get("intro", "")),
    )
    banner = {
        "type": "Container",
        "style": "emphasis",
        "items": [
            text(f"Status: {STATUS_WORDS.get(status, status)}", weight="Bolder"),
            *([text(esc(note, 400), isSubtle=True)] if note else []),
        ],
    }
    c["body"].insert(0, banner)
    return c


def card_bytes(c: dict[str, Any]) -> int:
    return len(json.dumps(c, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

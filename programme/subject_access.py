"""The readable page of a subject access export: everything held about one person, escaped, accessible.

Why a page and not only JSON: the person asking is a member of staff, not a developer. The page
uses real headings, a contents list, definition lists rather than wide tables, UK dates, and no
colour to carry meaning (WCAG 2.2 AA). Every value is escaped: a summary a lead typed as
`<script>` shows as text.
"""

from __future__ import annotations

import html
import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("person", "Your details", "The record that identifies you to the bot."),
    (
        "staff_roles",
        "Programme roles",
        "Whether you administer the bot (admin) or sit on the Digital Leadership Group (dlg).",
    ),
    ("project_roles", "Project roles", "Projects you lead or deputise for, from the delivery plan."),
    (
        "conversation_refs",
        "Chats the bot can reach you in",
        "Teams ids of your chats with the bot, kept so it can send you prompts and reminders.",
    ),
    (
        "conversation_states",
        "What the bot remembers of your chats",
        "The last project or topic you asked about, kept for follow-up questions.",
    ),
    ("updates_submitted", "Status updates you submitted", "Kept as part of the programme's record."),
    (
        "prompt_deliveries",
        "Prompts and reminders sent to you",
        "When the bot asked you for an update, and whether it arrived.",
    ),
    (
        "card_messages",
        "Update cards the bot keeps up to date in your chat",
        "Which of the cards it sent you it will edit when a newer version of the update is saved.",
    ),
    (
        "decisions_recorded",
        "Decisions of the DLG you recorded",
        "Kept as part of the programme's record; if you are forgotten, attributed to your role instead of your name.",
    ),
    (
        "decision_notices",
        "Decisions you were told about",
        "When the bot told you in Teams what the DLG decided about an ask.",
    ),
    ("audit_entries", "Audit log entries about you or made by you", "Changes recorded for accountability."),
    (
        "other_mentions",
        "Other places you are mentioned",
        "Text elsewhere in the bot's records that contains your name, email or Teams ids, for example a digest.",
    ),
    ("files", "Files that mention you", "Digest files written to the bot's outbox folder."),
)

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:#0b0c0c;
background:#fff;margin:0;padding:1rem}
main{max-width:60rem;margin:0 auto}
h1{font-size:1.75rem}h2{font-size:1.35rem;margin-top:2rem;border-top:2px solid #0b0c0c;padding-top:.75rem}
h3{font-size:1.1rem;margin-bottom:.25rem}
dl{display:grid;grid-template-columns:minmax(10rem,16rem) 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dt{font-weight:700}dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f2f1;padding:.5rem;margin:0}
a{color:#1d70b8}a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}
.note{color:#505a5f}
@media (max-width:40rem){dl{grid-template-columns:1fr}}
"""


def label(key: str) -> str:
    """`submitted_by_name` reads as "Submitted by name"."""
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def shown(value: Any, tz: ZoneInfo) -> str:
    """A value as a person reads it: UK dates, yes/no, JSON laid out; then escaped."""
    if value is None or value == "" or value == [] or value == {}:
        return '<span class="note">(none)</span>'
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        local = value.astimezone(tz)
        return html.escape(f"{local.day} {local:%B %Y, %H:%M}")
    if isinstance(value, date):
        return html.escape(f"{value.day} {value:%B %Y}")
    if isinstance(value, (dict, list)):
        return "<pre>" + html.escape(json.dumps(value, indent=2, ensure_ascii=False, default=str)) + "</pre>"
    return html.escape(str(value))


def _record(item: dict[str, Any], tz: ZoneInfo) -> str:
    rows = "".join(f"<dt>{html.escape(label(k))}</dt><dd>{shown(v, tz)}</dd>" for k, v in item.items())
    return f"<dl>{rows}</dl>"


def _section(key: str, title: str, about: str, value: Any, tz: ZoneInfo) -> str:
    head = (
        f'<section aria-labelledby="h-{key}"><h2 id="h-{key}">{html.escape(title)}</h2>'
        f'<p class="note">{html.escape(about)}</p>'
    )
    if isinstance(value, dict):
        return head + _record(value, tz) + "</section>"
    items = list(value or [])
    if not items:
        return head + "<p>None held.</p></section>"
    if all(not isinstance(i, dict) for i in items):
        return head + "<ul>" + "".join(f"<li>{shown(i, tz)}</li>" for i in items) + "</ul></section>"
    parts = [f"<h3>{html.escape(title)}: {n} of {len(items)}</h3>{_record(i, tz)}" for n, i in enumerate(items, 1)]
    return head + "".join(parts) + "</section>"


def render_html(held: dict[str, Any], *, generated_at: datetime, tz: str = "Europe/London") -> str:
    """The whole page. `held` is what the store gathered, by section key (see SECTIONS)."""
    zone = ZoneInfo(tz)
    person = held.get("person") or {}
    who = person.get("name") or person.get("email") or f"person #{person.get('id', '?')}"
    title = f"Information the Digital First bot holds about {who}"
    contents = "".join(f'<li><a href="#h-{k}">{html.escape(t)}</a></li>' for k, t, _ in SECTIONS if k in held)
    body = "".join(_section(k, t, a, held[k], zone) for k, t, a in SECTIONS if k in held)
    return (
        "<!doctype html>\n"
        '<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body><main>"
        f"<h1>{html.escape(title)}</h1>"
        f"<p>Prepared on {shown(generated_at, zone)} in answer to a subject access request. Times are UK time. "
        "A machine-readable copy of the same information is in the JSON file beside this page.</p>"
        f'<nav aria-label="Contents"><h2 id="contents">Contents</h2><ul>{contents}</ul></nav>'
        f"{body}</main></body></html>\n"
    )

"""The programme office's cards: confirm a change, say it is done, pick one of several, read the
audit log, list the admins, and tell admins about an alert.

Text passed in is already escaped by the caller (it mixes names people typed with our own bold
markup); the change a confirm card carries is data, never shown.
"""

from __future__ import annotations

from typing import Any

from . import card, execute_action, facts, text

CONFIRM, CANCEL, CHOOSE = "admin.confirm", "admin.cancel", "admin.choose"
MERGE, KEEP_APART = "people.merge", "people.keep_apart"
SEVERITY_WORDS = {"urgent": "Needs action now", "warning": "Needs attention", "info": "For information"}


def _heading(title: str) -> dict[str, Any]:
    return text(title, size="Large", weight="Bolder", style="heading")


def confirm_card(
    question: str, rows: list[tuple[str, str]], notes: list[str], change: dict[str, Any]
) -> dict[str, Any]:
    """The change in words, what it touches, and Confirm / Cancel; nothing happens until Confirm."""
    body = [_heading("Please confirm"), text(question, weight="Bolder")]
    if rows:
        body.append(facts(rows))
    body += [text(note, isSubtle=True, spacing="Small") for note in notes]
    actions = [
        execute_action("Confirm", CONFIRM, {"change": change}, style="positive"),
        execute_action("Cancel", CANCEL, {"change": change}),
    ]
    return card(body, actions)


def merge_card(question: str, rows: list[tuple[str, str]], notes: list[str], data: dict[str, Any]) -> dict[str, Any]:
    """Two people the bot would not link by email: merge them (one person from then on) or keep them apart."""
    body = [_heading("Same person?"), text(question, weight="Bolder")]
    if rows:
        body.append(facts(rows))
    body += [text(note, isSubtle=True, spacing="Small") for note in notes]
    actions = [
        execute_action("Merge them", MERGE, data, style="positive"),
        execute_action("Keep them apart", KEEP_APART, data),
    ]
    return card(body, actions)


def done_card(title: str, sentence: str, notes: list[str] | None = None) -> dict[str, Any]:
    """What replaces a confirm card: no buttons, so it cannot be pressed twice."""
    body = [_heading(title), text(sentence)]
    body += [text(note, isSubtle=True, spacing="Small") for note in notes or []]
    return card(body)


def choice_card(title: str, intro: str, options: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """ "Which one did you mean?": one button per candidate, each carrying the change made definite."""
    body = [_heading(title), text(intro)]
    return card(body, [execute_action(label, CHOOSE, {"change": change}) for label, change in options])


def audit_card(title: str, intro: str, entries: list[dict[str, Any]], footer: str = "") -> dict[str, Any]:
    """Each entry: when and who on one line, what on the next, then one line per field changed."""
    body = [_heading(title), text(intro, isSubtle=True, spacing="None")]
    for entry in entries:
        block = [text(f"**{entry['when']}** · {entry['who']}", spacing="None"), text(entry["what"], spacing="None")]
        block += [text(line, isSubtle=True, spacing="None", size="Small") for line in entry["changes"]]
        body.append({"type": "Container", "separator": True, "spacing": "Medium", "items": block})
    if footer:
        body.append(text(footer, isSubtle=True, spacing="Medium"))
    return card(body)


def staff_card(admins: list[str], dlg: list[str]) -> dict[str, Any]:
    body = [
        _heading("Admins and DLG members"),
        text("Admins", weight="Bolder", spacing="Medium"),
        text("\n".join(f"- {a}" for a in admins) or "Nobody yet."),
    ]
    body += [
        text("DLG members", weight="Bolder", spacing="Medium"),
        text("\n".join(f"- {d}" for d in dlg) or "Nobody yet."),
    ]
    body.append(
        text(
            "Change them with **make admin** / **remove admin** / **add dlg** and an email.",
            isSubtle=True,
            spacing="Medium",
        )
    )
    return card(body)


def alerts_card(alerts: list[dict[str, Any]]) -> dict[str, Any]:
    """Alerts for admins, most severe first; each says what happened and what to do."""
    body = [_heading("Something needs an admin")]
    for alert in alerts:
        body.append(
            {
                "type": "Container",
                "separator": True,
                "spacing": "Medium",
                "items": [
                    text(
                        f"**{SEVERITY_WORDS.get(alert['severity'], 'Needs attention')}** · {alert['when']}",
                        spacing="None",
                    ),
                    text(alert["message"], spacing="None"),
                ],
            }
        )
    return card(body)


LEAVER_ASSIGN = "admin.leaver_assign"


def leaver_card(
    sentence: str,
    rows: list[tuple[str, str]],
    notes: list[str],
    options: list[tuple[str, dict[str, Any]]],
    assign: dict[str, Any] | None,
) -> dict[str, Any]:
    """ "Priya Sharma has left: who takes over?" Each button proposes a change that is confirmed on the next
    card (nothing changes here); `assign` is the hand-over still missing its person, typed in the box."""
    body = [_heading("Someone has left"), text(sentence)]
    if rows:
        body.append(facts(rows))
    body += [text(note, isSubtle=True, spacing="Small") for note in notes]
    actions = [execute_action(label, CHOOSE, {"change": change}) for label, change in options]
    if assign is not None:
        body.append(
            {
                "type": "Input.Text",
                "id": "who",
                "label": "Someone else to take over (their work email)",
                "placeholder": "name@council.example",
                "maxLength": 320,
                "style": "email",
            }
        )
        at = next((i for i, (_, change) in enumerate(options) if change.get("op") == "set_status"), len(options))
        actions.insert(at, execute_action("Assign them", LEAVER_ASSIGN, {"change": assign}))
    return card(body, actions)

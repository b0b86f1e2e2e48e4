"""Programme updates in a form a council can publish (freedom of information, open data).

Decisions, so the FOI officer can rely on them:
- Only the final version of each project's update in each cycle: the record, not the drafting.
- Risks a lead marked sensitive are left out (the same rule as a Teams channel, programme/access.py:
  the public sees what a channel may see). How many were left out is reported to whoever runs the
  export, not written into the file, because even a count can say too much about a security risk.
- No names by default. Updates are about projects; the person who typed one is an officer whose
  name is personal data, and a council publishes officers' names only under its own policy (often
  senior officers only). `with_names=True` adds a `submitted_by` column for that case.
- Email addresses typed into free text are replaced by "[email removed]" in every case; without names,
  the full names of people the bot knows (leads, deputies, admins) are replaced by "[name removed]"
  too. Other names typed into free text cannot be found reliably: the export is a draft for the FOI
  officer to review, not something published unread.
- "Who has not updated" and lateness are about people's performance and are never included.
- The DLG's decisions on the leads' asks are part of the record too (a second sheet, or a second CSV
  file beside the first): the ask, what was decided and when, and the decision note, cleaned the same
  way; who recorded a decision is a name, so only with `with_names`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from programme.access import PUBLIC_CHANNEL, visible_risks
from programme.asks import outcome_sentence, recorder_words
from programme.erasure import Identity, Scrubber
from programme.terms import rag_word
from programme.updates import WRITTEN_FIELDS

COLUMNS: tuple[str, ...] = (
    "project_ref",
    "project_name",
    "priority_area",
    "cycle",
    "submitted_on",
    "rag",
    "rag_reason",
    *WRITTEN_FIELDS,
)
NAME_COLUMN = "submitted_by"
EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
EMAIL_REMOVED = "[email removed]"
NAME_REMOVED = "[name removed]"
FREE_TEXT = ("rag_reason", "summary", "achievements", "next_steps", "blockers", "asks_of_dlg")


DECISION_COLUMNS: tuple[str, ...] = (
    "project_ref",
    "project_name",
    "raised_on",
    "ask",
    "decision",
    "decided_on",
    "note",
)
DECISION_NAME_COLUMN = "recorded_by"


@dataclass(frozen=True)
class Publishable:
    row: dict[str, Any]
    risks_withheld: int


def without_emails(text: str | None) -> str:
    return EMAIL.sub(EMAIL_REMOVED, text or "")


def name_remover(names: Iterable[str]) -> Callable[[str], str]:
    """Full names (two words or more) of people the bot knows, removed as whole words."""
    scrubber = Scrubber(Identity.of(names=[n for n in names if n and len(n.split()) >= 2]), NAME_REMOVED)
    return scrubber.text


def normalise_risks(risks: Any) -> list[dict[str, Any]]:
    """Risks as stored ([{text, sensitive}]); a bare string from an older import counts as not sensitive."""
    out: list[dict[str, Any]] = []
    for r in risks or []:
        if isinstance(r, dict):
            out.append(r)
        elif isinstance(r, str) and r.strip():
            out.append({"text": r, "sensitive": False})
    return out


def columns(with_names: bool) -> tuple[str, ...]:
    return (*COLUMNS, NAME_COLUMN) if with_names else COLUMNS


def publishable(
    update: dict[str, Any], *, tz: str, with_names: bool = False, remove_names: Callable[[str], str] | None = None
) -> Publishable:
    """One update as a published row. `update` is what the store read (see store/publication_repo.py).

    `remove_names` (from `name_remover`) is applied to free text when names are not published.
    """
    clean = without_emails if with_names or remove_names is None else (lambda t: remove_names(without_emails(t)))
    shown, withheld = visible_risks(normalise_risks(update.get("risks")), PUBLIC_CHANNEL)
    submitted: datetime = update["submitted_at"]
    row: dict[str, Any] = {
        "project_ref": update["project_ref"],
        "project_name": update["project_name"],
        "priority_area": update.get("priority_area") or "",
        "cycle": update.get("cycle") or "",
        "submitted_on": submitted.astimezone(ZoneInfo(tz)).date(),
        "rag": rag_word(update.get("rag")),
        "progress_pct": update.get("progress_pct"),
        "risks": "; ".join(clean(r.get("text")) for r in shown if (r.get("text") or "").strip()),
    }
    for name in FREE_TEXT:
        row[name] = clean(update.get(name))
    if with_names:
        row[NAME_COLUMN] = without_emails(update.get("submitted_by_name"))
    return Publishable({c: row[c] for c in columns(with_names)}, withheld)


def decision_columns(with_names: bool) -> tuple[str, ...]:
    return (*DECISION_COLUMNS, DECISION_NAME_COLUMN) if with_names else DECISION_COLUMNS


def publishable_decision(
    decision: dict[str, Any], *, tz: str, with_names: bool = False, remove_names: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """One decided ask as a published row (`decision` as store/publication_repo.py reads it)."""
    clean = without_emails if with_names or remove_names is None else (lambda t: remove_names(without_emails(t)))
    zone = ZoneInfo(tz)
    row = {
        "project_ref": decision["project_ref"],
        "project_name": decision["project_name"],
        "raised_on": decision["raised_at"].astimezone(zone).date(),
        "ask": clean(decision["ask"]),
        "decision": outcome_sentence(decision["outcome"], decision.get("deferred_until")),
        "decided_on": decision["decided_at"].astimezone(zone).date(),
        "note": clean(decision.get("note")),
    }
    if with_names:
        row[DECISION_NAME_COLUMN] = without_emails(
            recorder_words(decision.get("decided_by") or "", decision.get("decided_by_role") or "")
        )
    return {c: row[c] for c in decision_columns(with_names)}

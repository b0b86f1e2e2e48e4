"""What changed between two versions of a project's update, field by field.

Pure: it compares two updates as the viewer may see them. Risks are compared after
`programme.access.visible_risks` has filtered them, so a sensitive risk appearing or going away
never shows through the diff (not even as a count) to someone who may not read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from programme.access import Viewer, visible_risks
from programme.terms import rag_word

from .formats import uk_date

TEXT_FIELDS = (
    ("rag_reason", "Reason for the RAG"),
    ("summary", "Summary"),
    ("achievements", "Achievements"),
    ("next_steps", "Next steps"),
    ("blockers", "Blockers"),
    ("asks_of_dlg", "Asks of the DLG"),
)


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


def risk_dicts(risks: Sequence[Any] | None) -> list[dict[str, Any]]:
    """Risks as stored ({text, sensitive}), tolerating plain strings and odd shapes."""
    out = []
    for r in risks or ():
        if isinstance(r, dict):
            text = str(r.get("text") or r.get("title") or r.get("description") or "").strip()
            if text:
                out.append({**r, "text": text, "sensitive": bool(r.get("sensitive"))})
        elif isinstance(r, str) and r.strip():
            out.append({"text": r.strip(), "sensitive": False})
    return out


def shown_risks(risks: Sequence[Any] | None, viewer: Viewer) -> tuple[list[dict[str, Any]], int]:
    return visible_risks(risk_dicts(risks), viewer)


def _norm(text: str) -> str:
    return " ".join((text or "").split())


def _progress(value: int | None) -> str:
    return "not given" if value is None else f"{value}%"


def changes(before: Any, after: Any, viewer: Viewer) -> list[Change]:
    """The fields that differ from `before` to `after` (two UpdateRow-like objects)."""
    out: list[Change] = []
    if before.rag != after.rag:
        out.append(Change("rag", "RAG", rag_word(before.rag), rag_word(after.rag)))
    if before.progress_pct != after.progress_pct:
        out.append(Change("progress_pct", "Progress", _progress(before.progress_pct), _progress(after.progress_pct)))
    for name, label in TEXT_FIELDS:
        old, new = getattr(before, name) or "", getattr(after, name) or ""
        if _norm(old) != _norm(new):
            out.append(Change(name, label, old.strip() or "(none)", new.strip() or "(none)"))
    old_risks = [r["text"] for r in shown_risks(before.risks, viewer)[0]]
    new_risks = [r["text"] for r in shown_risks(after.risks, viewer)[0]]
    if [_norm(t) for t in old_risks] != [_norm(t) for t in new_risks]:
        gone = [t for t in old_risks if _norm(t) not in {_norm(n) for n in new_risks}]
        added = [t for t in new_risks if _norm(t) not in {_norm(o) for o in old_risks}]
        out.append(
            Change("risks", "Risks (gone and new)", "; ".join(gone) or "(none gone)", "; ".join(added) or "(none new)")
        )
    return out


def milestone_moves(update: Any) -> list[str]:
    """The milestone dates a lead moved in this update, in words."""
    out = []
    for ch in update.milestone_changes or ():
        if not isinstance(ch, dict) or not ch.get("title"):
            continue
        was, now = (
            ch.get("from") or ch.get("old_due_date"),
            ch.get("to") or ch.get("new_due_date") or ch.get("due_date"),
        )

        def words(v: Any) -> str:
            try:
                return uk_date(date.fromisoformat(str(v)[:10])) if v else "no date"
            except ValueError:
                return str(v)

        out.append(f"“{ch['title']}” moved from {words(was)} to {words(now)}")
    return out

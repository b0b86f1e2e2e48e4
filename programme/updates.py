"""What a status update is, and what makes a submitted one acceptable. No I/O.

A card's inputs arrive as strings (or whatever a client or a forger sends), so every field is read
here, trimmed, limited and checked; errors are sentences keyed by the input they belong to, to be
shown back on the card. Card data naming the project, cycle and version is only a claim: the
service checks it against the database before anything is stored.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from .access import Viewer, may_see_sensitive, may_update_project
from .terms import RAGS, rag_word

TEXT_LIMITS = {
    "summary": 1000,
    "rag_reason": 1000,
    "achievements": 2000,
    "next_steps": 2000,
    "blockers": 2000,
    "asks_of_dlg": 2000,
}
# What a lead writes in an update besides the RAG and its reason, in `Draft`'s order: the plan's
# history columns and the FOI export list them in this order too.
WRITTEN_FIELDS = ("progress_pct", "summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg")
# Every field one version of an update carries (the columns the store keeps and a card shows), in order.
UPDATE_FIELDS = ("rag", "rag_reason", *WRITTEN_FIELDS, "milestone_changes")
RISK_ROWS = 3
RISK_LIMIT = 500
MAX_MILESTONE_INPUTS = 8
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE = {"true", "1", "yes", "on"}


@dataclass(frozen=True)
class Risk:
    """A risk a lead wrote in an update (typed on the card or imported with the plan's history)."""

    text: str
    sensitive: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "sensitive": self.sensitive}


@dataclass(frozen=True)
class MilestoneInfo:
    id: int
    title: str
    due_date: date | None
    status: str = "not started"


@dataclass(frozen=True)
class Draft:
    """The content of one version of an update, validated."""

    rag: str
    rag_reason: str = ""
    progress_pct: int | None = None
    summary: str = ""
    achievements: str = ""
    next_steps: str = ""
    risks: tuple[Risk, ...] = ()
    blockers: str = ""
    asks_of_dlg: str = ""
    milestone_changes: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def to_fields(self) -> dict[str, Any]:
        """Column values for a StatusUpdate row."""
        out = asdict(self)
        out["risks"] = [r.to_dict() for r in self.risks]
        out["milestone_changes"] = [dict(c) for c in self.milestone_changes]
        return out

    @classmethod
    def from_fields(cls, row: dict[str, Any]) -> Draft:
        """A stored update (or card data carrying one) back as a draft; tolerant of old rows."""
        risks = tuple(
            Risk(str(r.get("text", ""))[:RISK_LIMIT], bool(r.get("sensitive")))
            for r in (row.get("risks") or [])
            if isinstance(r, dict) and r.get("text")
        )
        pct = row.get("progress_pct")
        return cls(
            rag=str(row.get("rag") or "green"),
            rag_reason=str(row.get("rag_reason") or ""),
            progress_pct=int(pct) if isinstance(pct, int | float) and not isinstance(pct, bool) else None,
            summary=str(row.get("summary") or ""),
            achievements=str(row.get("achievements") or ""),
            next_steps=str(row.get("next_steps") or ""),
            risks=risks,
            blockers=str(row.get("blockers") or ""),
            asks_of_dlg=str(row.get("asks_of_dlg") or ""),
            milestone_changes=tuple(c for c in (row.get("milestone_changes") or []) if isinstance(c, dict)),
        )

    def same_content(self, other: Draft) -> bool:
        """Two clicks on the same card send the same content: the second must not be a new version."""
        return self.to_fields() == other.to_fields()

    def carried_forward(self) -> Draft:
        """ "No change since last update": everything but milestone moves, which happened once."""
        return Draft(**{**asdict(self), "risks": self.risks, "milestone_changes": ()})


class Invalid(Exception):
    """A submission that cannot be stored; `errors` maps input ids to what to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class CardClaim:
    """What a card says it is about. Checked against the database, never trusted."""

    project_ref: str
    cycle_key: str
    base_version: int


def read_claim(data: dict[str, Any]) -> CardClaim:
    project, cycle = data.get("project"), data.get("cycle")
    base = data.get("base_version", 0)
    if not isinstance(project, str) or not project.strip() or len(project) > 64:
        raise Invalid({"_": "This card does not say which project it is for. Type **update** to get a fresh one."})
    if not isinstance(cycle, str) or len(cycle) > 32:
        raise Invalid({"_": "This card does not say which update cycle it is for. Type **update** to get a fresh one."})
    try:
        base_version = int(base)
    except (TypeError, ValueError):
        raise Invalid({"_": "This card is damaged. Type **update** to get a fresh one."}) from None
    if base_version < 0 or base_version > 10_000:
        raise Invalid({"_": "This card is damaged. Type **update** to get a fresh one."})
    return CardClaim(project.strip(), cycle.strip(), base_version)


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return ""
    return _CONTROL.sub("", str(value)).replace("\r\n", "\n").strip()


def _text(data: dict[str, Any], key: str, limit: int, errors: dict[str, str], label: str) -> str:
    value = _clean(data.get(key))
    if len(value) > limit:
        errors[key] = f"{label} is too long: keep it under {limit} characters (it has {len(value)})."
    return value


def _progress(data: dict[str, Any], errors: dict[str, str]) -> int | None:
    raw = data.get("progress_pct")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        number = float(str(raw).strip().rstrip("%"))
    except ValueError:
        errors["progress_pct"] = "Progress must be a number from 0 to 100."
        return None
    if not 0 <= number <= 100 or number != number:
        errors["progress_pct"] = "Progress must be a number from 0 to 100."
        return None
    return int(round(number))


def _risks(data: dict[str, Any], errors: dict[str, str]) -> tuple[Risk, ...]:
    risks = []
    for i in range(1, RISK_ROWS + 1):
        text = _text(data, f"risk_{i}", RISK_LIMIT, errors, f"Risk {i}")
        sensitive = _clean(data.get(f"risk_{i}_sensitive")).lower() in _TRUE or data.get(f"risk_{i}_sensitive") is True
        if text:
            risks.append(Risk(text, sensitive))
    return tuple(risks)


def _milestone_changes(
    data: dict[str, Any], milestones: list[MilestoneInfo], errors: dict[str, str]
) -> tuple[dict[str, Any], ...]:
    """Only the project's own milestones (looked up server-side) can move; other ids are ignored."""
    changes: list[dict[str, Any]] = []
    for m in milestones:
        raw = _clean(data.get(f"ms_{m.id}"))
        if not raw:
            continue
        try:
            new = date.fromisoformat(raw)
        except ValueError:
            errors[f"ms_{m.id}"] = f"The date for \u201c{m.title}\u201d must be a date like 2027-03-14."
            continue
        if not date(2000, 1, 1) <= new <= date(2100, 1, 1):
            errors[f"ms_{m.id}"] = f"The date for \u201c{m.title}\u201d is out of range."
            continue
        if new != m.due_date:
            changes.append(
                {
                    "milestone_id": m.id,
                    "title": m.title,
                    "from": m.due_date.isoformat() if m.due_date else None,
                    "to": new.isoformat(),
                }
            )
    return tuple(changes)


def parse_submission(data: dict[str, Any], milestones: list[MilestoneInfo]) -> Draft:
    """The card's inputs as a Draft, or Invalid with every problem at once (not one at a time)."""
    errors: dict[str, str] = {}
    rag = _clean(data.get("rag")).lower()
    if rag not in RAGS:
        errors["rag"] = "Choose a RAG status: Green, Amber or Red."
    reason = _text(data, "rag_reason", TEXT_LIMITS["rag_reason"], errors, "The reason")
    if rag in {"amber", "red"} and not reason and "rag_reason" not in errors:
        errors["rag_reason"] = f"Say why the project is {rag_word(rag)}: a reason is needed unless it is Green."
    draft = Draft(
        rag=rag,
        rag_reason=reason,
        progress_pct=_progress(data, errors),
        summary=_text(data, "summary", TEXT_LIMITS["summary"], errors, "The summary"),
        achievements=_text(data, "achievements", TEXT_LIMITS["achievements"], errors, "Achievements"),
        next_steps=_text(data, "next_steps", TEXT_LIMITS["next_steps"], errors, "Next steps"),
        risks=_risks(data, errors),
        blockers=_text(data, "blockers", TEXT_LIMITS["blockers"], errors, "Blockers"),
        asks_of_dlg=_text(data, "asks_of_dlg", TEXT_LIMITS["asks_of_dlg"], errors, "Asks of the DLG"),
        milestone_changes=_milestone_changes(data, milestones, errors),
    )
    if not draft.summary and "summary" not in errors:
        errors["summary"] = "Write a short summary of where the project stands."
    if errors:
        raise Invalid(errors)
    return draft


def takes_updates(cycle_status: str, cycle_key: str, just_closed_key: str | None) -> bool:
    """A cycle takes updates while it is open, and late ones once it has just closed: never an older
    cycle, whatever a card's data names (a card is a claim, and anyone can edit one)."""
    return cycle_status == "open" or cycle_key == just_closed_key


def late_updates_until(cycle_key: str, just_closed_key: str | None, next_closes_at: datetime | None) -> datetime | None:
    """Until when a closed cycle takes a late update (`takes_updates`): while it is the cycle that closed
    last, so until the cycle after it closes. None when it takes no more (an older cycle)."""
    return next_closes_at if cycle_key == just_closed_key else None


def is_late(submitted_at: datetime, due_at: datetime) -> bool:
    """Late means after the due time; after the cycle has closed it is still accepted, and still late."""
    return submitted_at > due_at


def may_read_own_sensitive(viewer: Viewer, project_id: int) -> bool:
    """Sensitive risks are for admins and the DLG; the project's own leads wrote them and must see
    them to edit them, but only in their 1:1 chat. Composed from access.py, the one place for rules."""
    return may_see_sensitive(viewer) or (viewer.in_private_chat and may_update_project(viewer, project_id))


def with_delegations(viewer: Viewer, delegated_project_ids: set[int]) -> Viewer:
    """The viewer, also counted as a lead of the projects delegated to them for this cycle."""
    if not delegated_project_ids:
        return viewer
    return Viewer(
        viewer.person_id,
        viewer.name,
        viewer.email,
        viewer.aad_object_id,
        viewer.staff_roles,
        frozenset(viewer.lead_of | delegated_project_ids),
        viewer.conversation_type,
    )


@dataclass(frozen=True)
class ProjectName:
    id: int
    ref: str
    name: str
    aliases: tuple[str, ...] = ()


def match_projects(query: str, projects: list[ProjectName]) -> list[ProjectName]:
    """Projects someone meant by `query`: an exact ref, name or alias wins; otherwise the close
    fuzzy matches, best first (one when it clearly stands out, a few to choose from when not)."""
    from rapidfuzz import fuzz, process

    q = " ".join(query.lower().split())
    if not q:
        return []
    for p in projects:
        if q == p.ref.lower() or q == p.name.lower() or q in (a.lower() for a in p.aliases):
            return [p]
    choices: dict[int, list[str]] = {i: [p.ref, p.name, *p.aliases] for i, p in enumerate(projects)}
    flat = [(i, label) for i, labels in choices.items() for label in labels]
    scored = process.extract(q, [label.lower() for _, label in flat], scorer=fuzz.WRatio, limit=12, score_cutoff=75)
    best: dict[int, float] = {}
    for _label, score, index in scored:
        i = flat[index][0]
        best[i] = max(best.get(i, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if not ranked:
        return []
    if len(ranked) == 1 or ranked[0][1] >= 90 and ranked[0][1] - ranked[1][1] >= 8:
        return [projects[ranked[0][0]]]
    return [projects[i] for i, _ in ranked[:4]]

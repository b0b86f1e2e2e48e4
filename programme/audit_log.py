"""The audit log in words: when, what and which fields changed, as admins read it in Teams and on the
dashboard. The store reads the lines (store/admin_repo.py); nothing here reads or writes them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .text import uk_date_short


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    action: str
    entity: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


_ACTIONS = {
    "create": "added",
    "update": "changed",
    "rename": "renamed",
    "retire": "retired",
    "reactivate": "reactivated",
    "pause": "paused",
    "close": "closed",
    "grant_role": "gave a role to",
    "revoke_role": "took a role from",
    "add_lead": "added a lead to",
    "remove_lead": "removed a lead from",
    "add_deputy": "added a deputy to",
    "remove_deputy": "removed a deputy from",
    "import": "imported",
    "submit": "submitted",
    "open": "opened",
    "set": "set",
    "move": "moved",
    "alert": "raised an alert:",
}


def audit_when(at: datetime, tz: str) -> str:
    """25/11/2026 14:05 in the programme's time zone."""
    local = at.astimezone(ZoneInfo(tz))
    return f"{uk_date_short(local.date())} {local:%H:%M}"


def audit_what(line: AuditLine) -> str:
    action = _ACTIONS.get(line.action, line.action.replace("_", " "))
    entity = line.entity.replace("_", " ")
    return " ".join(part for part in (action, entity, line.key) if part)


def audit_changes(before: dict[str, Any] | None, after: dict[str, Any] | None, limit: int = 8) -> list[str]:
    """One "field: before → after" per field that differs (new fields show only their value)."""
    before, after = before or {}, after or {}
    out = []
    for key in list(dict.fromkeys([*before, *after]))[:limit]:
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        label = key.replace("_", " ")
        if key not in before:
            out.append(f"{label}: {_show(new)}")
        elif key not in after:
            out.append(f"{label}: {_show(old)} → (removed)")
        else:
            out.append(f"{label}: {_show(old)} → {_show(new)}")
    return out


def _show(value: Any, limit: int = 120) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"

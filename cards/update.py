"""The status-update cards: the form, the read-only summary, the conflict chooser, the project picker,
the delegation confirmation and the admins' lists.

Every input has a label; RAG is always a word; everything a person typed goes through
`cards_escape` before it is shown. Card data carries only claims (project ref, cycle key, the version
the form was based on): the bot checks them again on every submit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from programme.terms import rag_word
from programme.text import cards_escape, uk_date, uk_date_short
from programme.updates import RISK_ROWS, TEXT_LIMITS, Draft, MilestoneInfo

from . import card, execute_action, facts, load, text
from .decisions import AsksOnForm, form_section
from .update_picker import choice_card, delegation_card, list_card, picker_card
from .update_views import (
    CHOOSE,
    DELEGATE_CANCEL,
    DELEGATE_CONFIRM,
    EDIT,
    NO_CHANGE,
    OPEN,
    PROMPT_REFRESH,
    SUBMIT,
    SUMMARY_REFRESH,
    TEXT_SECTIONS,
    CycleView,
    ProjectView,
    UpdateView,
    prefilled_notice,
    when,
)

__all__ = [
    "choice_card",
    "CHOOSE",
    "conflict_card",
    "CycleView",
    "DELEGATE_CANCEL",
    "DELEGATE_CONFIRM",
    "delegation_card",
    "EDIT",
    "form_card",
    "list_card",
    "NO_CHANGE",
    "OPEN",
    "picker_card",
    "prefilled_notice",
    "ProjectView",
    "PROMPT_REFRESH",
    "SUBMIT",
    "summary_card",
    "SUMMARY_REFRESH",
    "TEXT_SECTIONS",
    "update_facts",
    "UpdateView",
    "when",
]


def _claim(project: ProjectView, cycle: CycleView, base_version: int) -> dict[str, Any]:
    return {"project": project.ref, "cycle": cycle.key, "base_version": base_version}


def _no_inputs(action: dict[str, Any]) -> dict[str, Any]:
    """Buttons that send no inputs must not trip the form's client-side validation."""
    action["associatedInputs"] = "none"
    action["fallback"]["associatedInputs"] = "none"
    return action


def _by_id(node: Any, found: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            found[node["id"]] = node
        for value in node.values():
            _by_id(value, found)
    elif isinstance(node, list):
        for value in node:
            _by_id(value, found)
    return found


# ----------------------------------------------------------------------------------- the form


def form_card(
    *,
    project: ProjectView,
    cycle: CycleView,
    tz: str,
    base_version: int,
    draft: Draft | None,
    milestones: list[MilestoneInfo],
    can_carry_forward: bool,
    errors: dict[str, str] | None = None,
    notice: str = "",
    position: tuple[int, int] | None = None,
    values: dict[str, Any] | None = None,
    asks: AsksOnForm | None = None,
) -> dict[str, Any]:
    """The update form, prefilled from `draft` (the previous update), or with what the person just
    typed (`values`) when it is shown again with errors. `asks`: the lead's open asks (keep or
    withdraw) and the DLG's decisions since, above the box for new asks (cards/decisions.py)."""
    c = load("update_form")
    ids = _by_id(c, {})
    if asks:
        _insert_before(c["body"], ids["asks_of_dlg"], form_section(asks))
        if asks.open:
            ids["asks_of_dlg"]["label"] = "New asks of the DLG (one per line; your open asks above carry forward)"
    ids["title"]["text"] = f"Status update: {cards_escape(project.name, 200)} ({cards_escape(project.ref, 64)})"
    ids["subtitle"]["text"] = _subtitle(cycle, tz, position)
    notices = [n for n in (notice, _late_notice(cycle, tz)) if n]
    if notices:
        ids["notice"].update(text="\n\n".join(notices), isVisible=True)
    _prefill(ids, draft, values)
    _milestone_inputs(ids["milestones"], milestones, values)
    if errors:
        _show_errors(c, ids, errors)
    claim = _claim(project, cycle, base_version)
    actions = [execute_action("Submit update", SUBMIT, claim, style="positive")]
    if can_carry_forward:
        actions.append(_no_inputs(execute_action("No change since last update", NO_CHANGE, claim)))
    c["actions"] = actions
    return c


def _subtitle(cycle: CycleView, tz: str, position: tuple[int, int] | None) -> str:
    parts = [f"Due {when(cycle.due_at, tz)}"]
    if position and position[1] > 1:
        parts.append(f"project {position[0]} of {position[1]} you update")
    return " · ".join(parts)


def _late_notice(cycle: CycleView, tz: str) -> str:
    if not cycle.is_open:
        return (
            f"This cycle closed on {uk_date(cycle.closes_at, tz)}. You can still send this update; "
            "it will be marked late."
        )
    return ""


def _prefill(ids: dict[str, dict[str, Any]], draft: Draft | None, values: dict[str, Any] | None) -> None:
    if values is not None:  # shown again after an error: keep exactly what was typed
        for key, node in ids.items():
            if node.get("type", "").startswith("Input.") and key in values and values[key] not in (None, ""):
                node["value"] = values[key] if node["type"] != "Input.Number" else _number(values[key])
        return
    if draft is None:
        return
    for key in ("rag", "rag_reason", "summary", "achievements", "next_steps", "blockers", "asks_of_dlg"):
        value = getattr(draft, key)
        if value:
            ids[key]["value"] = value
    if draft.progress_pct is not None:
        ids["progress_pct"]["value"] = draft.progress_pct
    for i, risk in enumerate(draft.risks[:RISK_ROWS], start=1):
        ids[f"risk_{i}"]["value"] = risk.text
        ids[f"risk_{i}_sensitive"]["value"] = "true" if risk.sensitive else "false"


def _number(value: Any) -> Any:
    try:
        return float(value) if "." in str(value) else int(value)
    except (TypeError, ValueError):
        return None


def _milestone_inputs(
    container: dict[str, Any], milestones: list[MilestoneInfo], values: dict[str, Any] | None
) -> None:
    if not milestones:
        container["isVisible"] = False
        return
    items = [
        text("Milestone dates", weight="Bolder"),
        text("Change a date only if the milestone has moved.", isSubtle=True, spacing="None"),
    ]
    for m in milestones:
        due = uk_date_short(m.due_date) if m.due_date else "no date yet"
        node: dict[str, Any] = {
            "type": "Input.Date",
            "id": f"ms_{m.id}",
            "label": f"{cards_escape(m.title, 200)} (due {due})",
        }
        value = (values or {}).get(f"ms_{m.id}") or (m.due_date.isoformat() if m.due_date else None)
        if value:
            node["value"] = value
        items.append(node)
    container["items"] = items


def _show_errors(c: dict[str, Any], ids: dict[str, dict[str, Any]], errors: dict[str, str]) -> None:
    """Server-side errors: a summary at the top, and each message right under its input."""
    count = len(errors)
    ids["errors"].update(
        text=f"Nothing was saved: please fix {'this' if count == 1 else f'these {count} things'}.", isVisible=True
    )
    for key, message in errors.items():
        target = ids.get(key)
        note = text(cards_escape(message, 300), color="Attention", size="Small", spacing="None")
        if target is None:
            ids["errors"]["text"] += "\n\n" + cards_escape(message, 300)
            continue
        _insert_after(c["body"], target, note)


def _insert_before(items: list[Any], target: dict[str, Any], node: dict[str, Any]) -> bool:
    for i, item in enumerate(items):
        if item is target:
            items.insert(i, node)
            return True
    return False


def _insert_after(items: list[Any], target: dict[str, Any], node: dict[str, Any]) -> bool:
    for i, item in enumerate(items):
        if item is target:
            items.insert(i + 1, node)
            return True
        if (
            isinstance(item, dict)
            and isinstance(item.get("items"), list)
            and _insert_after(item["items"], target, node)
        ):
            return True
    return False


# ----------------------------------------------------------------------------------- summary


def update_facts(update: UpdateView, tz: str) -> list[tuple[str, str]]:
    d = update.draft
    status = rag_word(d.rag)
    pairs = [("RAG", status)]
    if d.rag_reason:
        pairs.append(("Why", cards_escape(d.rag_reason, TEXT_LIMITS["rag_reason"])))  # all of it: it was stored whole
    if d.progress_pct is not None:
        pairs.append(("Progress", f"{d.progress_pct}%"))
    version = f"{update.version}"
    if update.no_change:
        version += " (no change since last update)"
    if update.late:
        version += " (late)"
    pairs.append(("Version", version))
    pairs.append(("By", f"{cards_escape(update.by_name or 'someone', 100)}, {when(update.submitted_at, tz)}"))
    return pairs


def _update_body(update: UpdateView, *, show_sensitive: bool) -> list[dict[str, Any]]:
    d = update.draft
    body: list[dict[str, Any]] = []
    if d.summary:
        body.append(text(cards_escape(d.summary, 1000)))
    for key, label in TEXT_SECTIONS:
        value = getattr(d, key)
        if value:
            body += [text(label, weight="Bolder", spacing="Small"), text(cards_escape(value, 2000), spacing="None")]
    risks = [r for r in d.risks if show_sensitive or not r.sensitive]
    hidden = len(d.risks) - len(risks)
    if risks or hidden:
        lines = [
            f"- {cards_escape(r.text, 500)}{' (sensitive: admins and DLG only)' if r.sensitive else ''}" for r in risks
        ]
        if hidden:
            lines.append(f"- {hidden} sensitive risk{'s' if hidden != 1 else ''} not shown here")
        body += [text("Risks", weight="Bolder", spacing="Small"), text("\n".join(lines), spacing="None")]
    if d.milestone_changes:
        lines = [
            f"- {cards_escape(str(m.get('title')), 200)}: {_short(m.get('from'))} → {_short(m.get('to'))}"
            for m in d.milestone_changes
        ]
        body += [
            text("Milestone dates moved", weight="Bolder", spacing="Small"),
            text("\n".join(lines), spacing="None"),
        ]
    return body


def _short(iso: Any) -> str:
    try:
        return uk_date_short(date.fromisoformat(str(iso)))
    except ValueError:
        return "no date"


def summary_card(
    *,
    project: ProjectView,
    cycle: CycleView,
    update: UpdateView,
    tz: str,
    show_sensitive: bool,
    can_edit: bool,
    heading: str = "",
    still_to_do: list[ProjectView] | None = None,
) -> dict[str, Any]:
    """Read-only: what was stored, with Edit while the cycle is open, and the next projects to do."""
    body = [
        text(
            heading or f"Update saved: {cards_escape(project.name, 200)}",
            size="Large",
            weight="Bolder",
            style="heading",
        ),
        text(f"{cards_escape(project.ref, 64)} · cycle due {when(cycle.due_at, tz)}", isSubtle=True, spacing="None"),
        facts(update_facts(update, tz)),
        *_update_body(update, show_sensitive=show_sensitive),
    ]
    actions = []
    if can_edit:
        actions.append(execute_action("Edit", EDIT, {"project": project.ref, "cycle": cycle.key}))
    elif not cycle.is_open:
        body.append(
            text(
                f"This cycle closed on {uk_date(cycle.closes_at, tz)}, so the update can no longer be edited.",
                isSubtle=True,
            )
        )
    for other in (still_to_do or [])[:5]:
        actions.append(execute_action(f"Next: {other.name[:40]}", OPEN, {"project": other.ref, "cycle": cycle.key}))
    if still_to_do:
        body.append(
            text(
                f"Still to do this cycle: {', '.join(cards_escape(p.name, 100) for p in still_to_do)}.",
                spacing="Medium",
            )
        )
    return card(body, actions)


# ----------------------------------------------------------------------------------- conflict


def conflict_card(
    *, project: ProjectView, cycle: CycleView, theirs: UpdateView, mine: Draft, tz: str, show_sensitive: bool
) -> dict[str, Any]:
    """Two people edited at once: show the version that won and what this person wrote; they choose."""
    body = [
        text(
            f"{cards_escape(theirs.by_name or 'Someone', 100)} updated {cards_escape(project.name, 200)} while you "
            "were editing",
            size="Large",
            weight="Bolder",
            style="heading",
        ),
        text("Nothing has been overwritten. Choose which version should stand.", spacing="None"),
        text(f"Their version ({theirs.version})", weight="Bolder", spacing="Medium"),
        facts(update_facts(theirs, tz)),
        *_update_body(theirs, show_sensitive=show_sensitive),
        text("Your version (not saved yet)", weight="Bolder", spacing="Medium"),
        facts(
            [("RAG", rag_word(mine.rag))] + ([("Why", cards_escape(mine.rag_reason, 400))] if mine.rag_reason else [])
        ),
        *_update_body(UpdateView(0, mine, "", theirs.submitted_at), show_sensitive=True),
    ]
    claim = {"project": project.ref, "cycle": cycle.key, "base_version": theirs.version}
    actions = [
        _no_inputs(
            execute_action(
                "Save mine as the new version", CHOOSE, {**claim, "choice": "mine", "draft": mine.to_fields()}
            )
        ),
        _no_inputs(execute_action("Keep theirs", CHOOSE, {**claim, "choice": "theirs"})),
        _no_inputs(execute_action("Edit theirs", EDIT, {"project": project.ref, "cycle": cycle.key})),
    ]
    return card(body, actions)

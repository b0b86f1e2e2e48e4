"""The smaller status-update cards: the project picker, the delegation confirmation and the admins' lists
and choices (`cards.update` re-exports them)."""

from __future__ import annotations

from typing import Any

from programme.text import cards_escape

from . import card, execute_action, facts, text
from .update_views import DELEGATE_CANCEL, DELEGATE_CONFIRM, OPEN, CycleView, ProjectView, when

# ----------------------------------------------------------------------------------- picker etc.


def picker_card(*, cycle: CycleView, items: list[tuple[ProjectView, str]], tz: str) -> dict[str, Any]:
    """A lead of several projects picks one; each row says where that project's update stands."""
    body: list[dict[str, Any]] = [
        text("Which project do you want to update?", size="Large", weight="Bolder", style="heading"),
        text(f"This cycle is due {when(cycle.due_at, tz)}.", isSubtle=True, spacing="None"),
    ]
    for project, state in items:
        body.append(
            {
                "type": "ColumnSet",
                "spacing": "Medium",
                "columns": [
                    {
                        "type": "Column",
                        "width": "stretch",
                        "items": [
                            text(f"**{cards_escape(project.name, 200)}** ({cards_escape(project.ref, 64)})"),
                            text(state, isSubtle=True, spacing="None"),
                        ],
                    },
                    {
                        "type": "Column",
                        "width": "auto",
                        "verticalContentAlignment": "Center",
                        "items": [
                            {
                                "type": "ActionSet",
                                "actions": [
                                    execute_action(
                                        f"Update {project.ref}", OPEN, {"project": project.ref, "cycle": cycle.key}
                                    )
                                ],
                            }
                        ],
                    },
                ],
            }
        )
    return card(body)


def delegation_card(
    *,
    to_name: str,
    to_email: str | None,
    to_person_id: int,
    period_key: str,
    projects: list[ProjectView],
    cycle_text: str,
) -> dict[str, Any]:
    who = cards_escape(to_name or to_email or "them", 200)
    email = f" ({cards_escape(to_email, 320)})" if to_email and to_name else ""
    body = [
        text("Hand over your update?", size="Large", weight="Bolder", style="heading"),
        text(
            f"Ask **{who}**{email} to write the update for {cycle_text}. They will get the update card and "
            "may submit for you, for this cycle only. You will not be chased meanwhile."
        ),
        text("Projects", weight="Bolder", spacing="Small"),
        text("\n".join(f"- {cards_escape(p.name, 200)} ({cards_escape(p.ref, 64)})" for p in projects), spacing="None"),
    ]
    data = {"to": to_person_id, "period": period_key}
    return card(
        body,
        [
            execute_action("Yes, ask them", DELEGATE_CONFIRM, data, style="positive"),
            execute_action("Cancel", DELEGATE_CANCEL, data),
        ],
    )


def list_card(title: str, intro: str, rows: list[tuple[str, str]], empty: str) -> dict[str, Any]:
    """A plain list for admins (overdue, unreachable): a title, a sentence, then one fact per row."""
    body = [text(title, size="Large", weight="Bolder", style="heading"), text(intro, isSubtle=True, spacing="None")]
    body.append(facts(rows) if rows else text(empty))
    return card(body)


def choice_card(title: str, intro: str, options: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Any]:
    """A short question with one button per answer (verb, data)."""
    body = [text(title, size="Large", weight="Bolder", style="heading"), text(intro)]
    return card(body, [execute_action(label, verb, data) for label, verb, data in options])

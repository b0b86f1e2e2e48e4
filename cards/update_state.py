"""What an update card shows when it is refreshed or edited, besides the form and the summary
(cards/update.py): the headings that say who submitted, the closed cycle with a pointer to the next,
and the card as everyone else sees it.

No view here carries a form; only `others_card` is shown to people who may not update the project,
and it holds nothing from the update (no RAG, no text, no risks), only what the card is about.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from programme.text import cards_escape

from . import card, execute_action, facts, text
from .update import OPEN, CycleView, ProjectView, UpdateView, update_facts, when


def submitted_heading(update: UpdateView, tz: str, *, yours: bool) -> str:
    """ "Already submitted by Sam Patel on Tuesday 24 November 2026 at 10:00 (version 2)"."""
    moment = when(update.submitted_at, tz)
    if yours:
        return f"Your update is in: version {update.version}, sent on {moment}"
    who = cards_escape(update.by_name or "someone", 100)
    return f"Already submitted by {who} on {moment} (version {update.version})"


def _title(project: ProjectView) -> dict[str, Any]:
    return text(
        f"Status update: {cards_escape(project.name, 200)} ({cards_escape(project.ref, 64)})",
        size="Large",
        weight="Bolder",
        style="heading",
    )


def closed_card(
    *,
    project: ProjectView,
    cycle: CycleView,
    update: UpdateView | None,
    tz: str,
    next_key: str | None,
    next_due_at: datetime | None,
    next_open: bool,
    next_opens_at: datetime | None,
    may_update: bool,
    late_until: datetime | None,
) -> dict[str, Any]:
    """The cycle has closed: what stands, and where to go now (the cycle after it, or when it opens).
    With nothing submitted, a late update can still be sent for it (marked late) until `late_until`:
    while it is the cycle that closed last (`programme.updates.takes_updates`); None when it takes no
    more, and then the card offers none."""
    body = [
        _title(project),
        text(
            f"This cycle is closed (cycle {cards_escape(cycle.key, 32)}, due {when(cycle.due_at, tz)}).",
            weight="Bolder",
            spacing="None",
        ),
    ]
    actions = []
    if update is not None:
        body += [
            text(
                f"The update that stands is version {update.version}, by "
                f"{cards_escape(update.by_name or 'someone', 100)} on {when(update.submitted_at, tz)}.",
                spacing="Small",
            ),
            facts([(k, v) for k, v in update_facts(update, tz) if k in ("RAG", "Progress")]),
        ]
    elif late_until is None:
        body.append(text("No update was submitted in that cycle, and it takes no more updates.", spacing="Small"))
    else:
        body.append(
            text(
                f"No update was submitted in that cycle. You can still send one until {when(late_until, tz)}: "
                "it will be marked late.",
                spacing="Small",
            )
        )
        if may_update:
            actions.append(execute_action("Send a late update", OPEN, {"project": project.ref, "cycle": cycle.key}))
    if next_key:
        state = f"due {when(next_due_at, tz)}" if next_due_at else "open"
        body.append(
            text(
                f"The current cycle is {cards_escape(next_key, 32)}, {state}."
                + ("" if next_open else " It has closed too."),
                spacing="Medium",
            )
        )
        if next_open and may_update:
            actions.append(execute_action(f"Update for {next_key}", OPEN, {"project": project.ref, "cycle": next_key}))
    elif next_opens_at is not None:
        body.append(
            text(
                f"The next cycle opens on {when(next_opens_at, tz)}; its card will come to you then.", spacing="Medium"
            )
        )
    return card(body, actions)


def others_card(*, project: ProjectView, cycle: CycleView, tz: str) -> dict[str, Any]:
    """The card as sent, for anyone who is not one of the project's leads, deputies or delegates (or who
    opens it outside a 1:1 chat): what it is about, and nothing from the update itself."""
    return card(
        [
            _title(project),
            text(f"Cycle {cards_escape(cycle.key, 32)}, due {when(cycle.due_at, tz)}.", isSubtle=True, spacing="None"),
            text(
                "This card is for the project's leads, deputies and delegates, in their own chat with me. "
                "Type **update** to update a project you lead."
            ),
        ]
    )


def inactive_card(*, project: ProjectView) -> dict[str, Any]:
    return card(
        [
            _title(project),
            text(f"{cards_escape(project.name, 200)} is no longer an active project, so it takes no updates."),
        ]
    )


def unknown_card() -> dict[str, Any]:
    return card(
        [
            text("This card is out of date", size="Large", weight="Bolder", style="heading"),
            text("It refers to a project or cycle I no longer know. Type **update** to get a fresh card."),
        ]
    )

"""Cards about the DLG's decisions: the decision form, the list of open asks (`decisions` in a 1:1 chat),
the card that tells a lead what was decided, and the open-asks part of the lead's update card.

Card data names an ask and the decision count the card was drawn at: a claim the service checks. Every
input has a label; everything people typed passes through `cards_escape`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from programme import asks as rules
from programme.digest import plural
from programme.text import cards_escape, uk_date

from . import card, execute_action, facts, text
from .agenda import VERB_OPEN, decision_line

VERB_RECORD = "decision.record"
VERB_BACK = "decision.back"
LIST_LIMIT = 10  # a 1:1 card, not a scroll: the oldest first, the rest after these are recorded
WITHDRAW_PREFIX = "withdraw_ask_"


@dataclass(frozen=True)
class AskCard:
    """One ask as the cards show it (built by the service from the store's AskView)."""

    id: int
    ref: str
    project: str
    lead: str
    text: str
    status: str
    decisions: int
    raised: date | None
    age: str = ""
    decision: str = ""  # "Deferred to the next meeting", "Approved"...
    note: str = ""
    decided: str = ""
    by: str = ""
    cycle_id: int | None = None  # the cycle that raised it
    on_agenda: bool = False  # a posted digest listed it


def _esc(value: Any, limit: int = 400) -> str:
    return cards_escape(str(value or ""), limit)


def _claim(ask: AskCard, period: str, origin: str) -> dict[str, Any]:
    return {"ask": ask.id, "v": ask.decisions, "period": period, "origin": origin}


def _no_inputs(action: dict[str, Any]) -> dict[str, Any]:
    action["associatedInputs"] = "none"
    action["fallback"]["associatedInputs"] = "none"
    return action


def _about(ask: AskCard) -> list[dict[str, Any]]:
    raised = f"{uk_date(ask.raised)}" + (f" ({ask.age})" if ask.age else "") if ask.raised else ask.age
    pairs = [("Project", f"{_esc(ask.ref, 60)} {_esc(ask.project, 200)}"), ("Lead", _esc(ask.lead, 200) or "No lead")]
    if raised:
        pairs.append(("Raised", raised))
    if ask.decision:
        pairs.append(
            (
                "So far",
                decision_line({"decision": ask.decision, "note": ask.note, "by": ask.by, "decided": ask.decided}),
            )
        )
    return [facts(pairs), text(_esc(ask.text, rules.ASK_LIMIT), weight="Bolder", spacing="Medium")]


def decision_form(
    ask: AskCard,
    *,
    period: str,
    origin: str,
    error: str = "",
    values: dict[str, Any] | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """What the DLG decided about one ask: outcome, a note for the lead, and a date for a deferral."""
    values = values or {}
    body: list[dict[str, Any]] = [text("Record the DLG's decision", size="Large", weight="Bolder", style="heading")]
    if error:
        body.append(text(f"Nothing was recorded: {_esc(error, 300)}", color="Attention", weight="Bolder"))
    body += _about(ask)
    choices = [{"title": rules.OUTCOME_WORDS[o], "value": o} for o in rules.DLG_OUTCOMES]
    outcome = {
        "type": "Input.ChoiceSet",
        "id": "outcome",
        "label": "Decision",
        "style": "expanded",
        "choices": choices,
        "isRequired": True,
        "errorMessage": "Choose what the DLG decided.",
    }
    if values.get("outcome") in rules.DLG_OUTCOMES:
        outcome["value"] = values["outcome"]
    note = {
        "type": "Input.Text",
        "id": "note",
        "label": "Note for the lead (needed when declined)",
        "isMultiline": True,
        "maxLength": rules.NOTE_LIMIT,
        "placeholder": "What was agreed, with any conditions",
    }
    if isinstance(values.get("note"), str) and values["note"]:
        note["value"] = values["note"][: rules.NOTE_LIMIT]
    until = {"type": "Input.Date", "id": "deferred_until", "label": "Deferred until (empty: the next meeting)"}
    if today is not None:
        until["min"] = today.isoformat()
    body += [outcome, note, until]
    claim = _claim(ask, period, origin)
    return card(
        body,
        [
            execute_action("Save decision", VERB_RECORD, claim, style="positive"),
            _no_inputs(execute_action("Back", VERB_BACK, claim)),
        ],
    )


def with_notice(c: dict[str, Any], notice: str) -> dict[str, Any]:
    """The card the person acted on, with what just happened on top (only they see this answer)."""
    banner = {"type": "Container", "style": "emphasis", "items": [text(_esc(notice, 500), weight="Bolder")]}
    return {**c, "body": [banner, *c.get("body", [])]}


def ask_block(ask: AskCard, *, period: str = "", origin: str = "list", actions: bool = True) -> dict[str, Any]:
    head = f"**{_esc(ask.ref, 60)} {_esc(ask.project, 200)}** — {_esc(ask.lead, 200)}" + (
        f" · {ask.age}" if ask.age else ""
    )
    items: list[dict[str, Any]] = [text(head, spacing="None"), text(_esc(ask.text), spacing="Small")]
    if ask.decision:
        items.append(
            text(
                decision_line({"decision": ask.decision, "note": ask.note, "by": ask.by, "decided": ask.decided}),
                spacing="Small",
            )
        )
    if actions:
        items.append(
            {
                "type": "ActionSet",
                "spacing": "Small",
                "actions": [execute_action("Record decision", VERB_OPEN, _claim(ask, period, origin))],
            }
        )
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def decisions_list(asks: list[AskCard], *, notice: str = "", full_url: str = "") -> dict[str, Any]:
    """`decisions`: the asks waiting for the DLG, oldest first, each with "Record decision"."""
    body: list[dict[str, Any]] = [
        text(f"Asks waiting for the DLG ({len(asks)})", size="Large", weight="Bolder", style="heading"),
        text(
            "Oldest first. Record what the DLG decided; the lead hears straight away."
            if asks
            else "No ask is waiting for a decision.",
            isSubtle=True,
            spacing="None",
        ),
    ]
    if notice:
        body.insert(1, text(_esc(notice, 400), weight="Bolder", spacing="Small"))
    body += [ask_block(a) for a in asks[:LIST_LIMIT]]
    if len(asks) > LIST_LIMIT:
        body.append(
            text(
                f"…and {plural(len(asks) - LIST_LIMIT, 'more ask')}: record these first, then type "
                "**decisions** again.",
                isSubtle=True,
            )
        )
    actions = [{"type": "Action.OpenUrl", "title": "Open the latest digest", "url": full_url}] if full_url else None
    return card(body, actions)


def notice_card(
    ask: AskCard, *, outcome: str, note: str, by: str, decided: str, deferred_until: date | None
) -> dict[str, Any]:
    """To the project's leads and deputies: what the DLG decided about their ask."""
    decision = rules.outcome_sentence(outcome, deferred_until)
    title = "You withdrew an ask of the DLG" if outcome == rules.WITHDRAWN else "The DLG has decided your ask"
    body = [
        text(title, size="Large", weight="Bolder", style="heading"),
        text(
            f"{_esc(ask.ref, 60)} {_esc(ask.project, 200)} · raised {uk_date(ask.raised)}"
            if ask.raised
            else f"{_esc(ask.ref, 60)} {_esc(ask.project, 200)}",
            isSubtle=True,
            spacing="None",
        ),
        text(_esc(ask.text, rules.ASK_LIMIT), spacing="Medium"),
        text(decision_line({"decision": decision, "note": note, "by": by, "decided": decided}), spacing="Medium"),
    ]
    if outcome == rules.DEFERRED:
        body.append(
            text(
                "It stays on the DLG's agenda and comes back "
                + (f"on {uk_date(deferred_until)}." if deferred_until else "at the next meeting."),
                isSubtle=True,
            )
        )
    return card(body)


@dataclass
class AsksOnForm:
    """The open-asks part of a lead's update card: their open asks (keep or withdraw) and what the DLG
    decided since their last update."""

    open: list[AskCard] = field(default_factory=list)
    decided: list[AskCard] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.open or self.decided)


def form_section(asks: AsksOnForm) -> dict[str, Any]:
    """A container for the update form, just above its "asks of the DLG" box."""
    items: list[dict[str, Any]] = []
    if asks.decided:
        items.append(text("Decided by the DLG since your last update", weight="Bolder"))
        for a in asks.decided[:5]:
            when = f"Your ask of {uk_date(a.raised)}" if a.raised else "Your ask"
            items.append(
                text(
                    f"{when} — {_esc(a.text, 200)} — "
                    f"{decision_line({'decision': a.decision, 'note': a.note, 'by': a.by, 'decided': a.decided})}",
                    spacing="Small",
                )
            )
    if asks.open:
        items.append(
            text("Your open asks of the DLG", weight="Bolder", spacing="Medium" if asks.decided else "Default")
        )
        items.append(
            text(
                "They stay on the DLG's agenda until decided: you need not type them again. "
                "Switch one on to withdraw it.",
                isSubtle=True,
                spacing="None",
            )
        )
        for a in asks.open[:8]:
            raised = f"raised {uk_date(a.raised)}" if a.raised else a.age
            items.append(
                {
                    "type": "Input.Toggle",
                    "id": f"{WITHDRAW_PREFIX}{a.id}",
                    "title": "Withdraw this ask",
                    "label": f"{_esc(a.text, 200)} ({raised}{'; ' + a.decision if a.decision else ''})",
                    "value": "false",
                    "valueOn": "true",
                    "valueOff": "false",
                }
            )
        if len(asks.open) > 8:
            items.append(
                text(
                    f"…and {plural(len(asks.open) - 8, 'more open ask')}, still on the agenda.",
                    isSubtle=True,
                    spacing="Small",
                )
            )
    return {"type": "Container", "id": "open_asks", "style": "emphasis", "spacing": "Medium", "items": items}


def withdrawals(data: dict[str, Any]) -> list[int]:
    """Ask ids the lead switched to "withdraw" on their update card (claims: the service checks each)."""
    out = []
    for key, value in data.items():
        if (
            isinstance(key, str)
            and key.startswith(WITHDRAW_PREFIX)
            and str(value).strip().lower() in ("true", "1", "on")
        ):
            try:
                out.append(int(key[len(WITHDRAW_PREFIX) :]))
            except ValueError:
                continue
    return out[:20]

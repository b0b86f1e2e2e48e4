"""Welcome, help and project-list cards: the front door of the bot."""

from __future__ import annotations

from typing import Any

from programme.terms import rag_word

from . import card, facts, load, message_action, text

EXAMPLE_QUESTIONS = (
    "which projects are red?",
    "who leads virtual social care?",
    "what changed since last Monday?",
    "milestones due this month",
    "what is blocking digital inclusion?",
)


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def welcome_card(*, is_lead: bool, extra_actions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    c = load("welcome")
    body = {b.get("id"): b for b in c["body"]}
    body["examples"]["text"] = _bullets([f'"{q}"' for q in EXAMPLE_QUESTIONS[:4]])
    body["lead_note"]["text"] = (
        "You lead a project: I will send you an update card each cycle. Type **update** to start one now."
        if is_lead
        else "Type **help** at any time to see everything I can do."
    )
    c["actions"] = [
        message_action("Help", "help"),
        message_action("List projects", "projects"),
        message_action("Privacy", "privacy"),
        *(extra_actions or []),
    ]
    return c


def help_card(commands: list[tuple[str, str]]) -> dict[str, Any]:
    c = load("help")
    c["body"].append(text("Commands", weight="Bolder", spacing="Medium"))
    c["body"].append(facts([(name, what) for name, what in commands]))
    c["body"].append(text("Questions you can ask", weight="Bolder", spacing="Medium"))
    c["body"].append(text(_bullets([f'"{q}"' for q in EXAMPLE_QUESTIONS])))
    c["actions"] = [message_action("List projects", "projects"), message_action("Privacy", "privacy")]
    return c


def projects_card(areas: list[dict[str, Any]]) -> dict[str, Any]:
    """Projects grouped by priority area, each with its current RAG as a word."""
    body: list[dict[str, Any]] = [text("Digital First projects", size="Large", weight="Bolder", style="heading")]
    total = sum(len(a["projects"]) for a in areas)
    body.append(
        text(f"{total} active project{'s' if total != 1 else ''} in {len(areas)} priority areas.", isSubtle=True)
    )
    for area in areas:
        body.append(text(f"{area['name']} ({len(area['projects'])})", weight="Bolder", spacing="Medium"))
        if not area["projects"]:
            body.append(text("No active projects.", isSubtle=True))
            continue
        body.append(facts([(p["ref"], f"{p['name']} — {rag_word(p.get('rag'))}") for p in area["projects"]]))
    return card(body, [message_action("Help", "help")])

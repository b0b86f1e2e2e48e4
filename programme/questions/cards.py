"""Adaptive Card 1.5 building blocks for answers: facts, RAG as a word and a colour, actions.

Every value that came from a person (names, update text) is passed through `cards_escape` by the
caller before it reaches these helpers; the helpers only add structure.
"""

from __future__ import annotations

from typing import Any

from programme.terms import rag_word

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
RAG_COLOURS = {"green": "good", "amber": "warning", "red": "attention", None: "default"}
RAG_MARKS = {"green": "●", "amber": "▲", "red": "■", None: "○"}  # a shape as well as a colour


def card(body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    out = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body}
    if actions:
        out["actions"] = actions
    return out


def heading(text: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "weight": "Bolder", "size": "Medium", "wrap": True}


def para(text: str, *, subtle: bool = False, size: str | None = None) -> dict[str, Any]:
    block = {"type": "TextBlock", "text": text, "wrap": True}
    if subtle:
        block["isSubtle"] = True
    if size:
        block["size"] = size
    return block


def rag_block(rag: str | None, extra: str = "") -> dict[str, Any]:
    """RAG written as a word (and a shape), coloured: never colour alone."""
    word = rag_word(rag)
    return {
        "type": "TextBlock",
        "text": f"{RAG_MARKS.get(rag, '○')} {word}{extra}",
        "color": RAG_COLOURS.get(rag, "default"),
        "weight": "Bolder",
        "wrap": True,
    }


def facts(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in pairs if v]}


def bullets(lines: list[str]) -> dict[str, Any]:
    return para("\n".join(f"- {line}" for line in lines))


def history_action(project_ref: str) -> dict[str, Any]:
    """Universal Action (Action.Execute, verb history) with Action.Submit for clients before 1.4."""
    return {
        "type": "Action.Execute",
        "title": "View history",
        "verb": "history",
        "data": {"project_ref": project_ref},
        "fallback": {
            "type": "Action.Submit",
            "title": "View history",
            "data": {"verb": "history", "project_ref": project_ref},
        },
    }


def ask_button(title: str, question: str) -> dict[str, Any]:
    """A button that asks a question as if typed (imBack works in chats and channels alike)."""
    return {"type": "Action.Submit", "title": title, "data": {"msteams": {"type": "imBack", "value": question}}}


def rag_row(name: str, rag: str | None, detail: str = "") -> dict[str, Any]:
    """One project in a list: its name and its RAG word in colour, side by side."""
    return {
        "type": "ColumnSet",
        "columns": [
            {"type": "Column", "width": "stretch", "items": [para(name)]},
            {"type": "Column", "width": "auto", "items": [rag_block(rag, detail)]},
        ],
    }

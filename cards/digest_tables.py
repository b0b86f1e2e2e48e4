"""The digest card's numbers: RAG counts by area as a table, and as Teams' chart with that table as its
fallback (`cards.digest` re-exports these)."""

from __future__ import annotations

from typing import Any

from programme.digest import RAG_KEYS
from programme.text import cards_escape

from . import load, text

__all__ = ["RAG_HEADERS", "RAG_LABELS", "esc", "rag_chart", "rag_table", "signed"]


RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "none": "Not reported"}
# Table headers at Teams' card width: "Not reported" breaks mid-word in a fifth of 500 px.
RAG_HEADERS = {**RAG_LABELS, "none": "No update"}


def esc(value: Any, limit: int = 600) -> str:
    return cards_escape(str(value or ""), limit)


def signed(n: int | None) -> str:
    if not n:
        return ""
    return f" ({'+' if n > 0 else '−'}{abs(n)})"


def _cell(value: str, **props: Any) -> dict[str, Any]:
    return {"type": "TableCell", "items": [text(value, **props)]}


def _table(header: list[str], rows: list[list[str]], widths: list[int] | None = None) -> dict[str, Any]:
    widths = widths or [1] * len(header)
    return {
        "type": "Table",
        "firstRowAsHeaders": True,
        "showGridLines": True,
        "columns": [{"width": w} for w in widths],
        "rows": [{"type": "TableRow", "cells": [_cell(h, weight="Bolder") for h in header]}]
        + [{"type": "TableRow", "cells": [_cell(v) for v in row]} for row in rows],
    }


def rag_table(rows: list[dict[str, Any]], first_column: str) -> dict[str, Any]:
    """The numbers behind the chart, with the change since last time in brackets."""
    body = []
    for r in rows:
        change = r.get("change") or {}
        body.append([esc(r["name"], 120)] + [f"{r['counts'][k]}{signed(change.get(k))}" for k in RAG_KEYS])
    return _table([first_column] + [RAG_HEADERS[k] for k in RAG_KEYS], body, [2, 1, 1, 1, 1])


def rag_chart(areas: list[dict[str, Any]]) -> dict[str, Any]:
    """A stacked bar per priority area, falling back to the same numbers as a table."""
    chart = load("digest_rag_chart")
    for series, key in zip(chart["data"], RAG_KEYS, strict=True):
        series["values"] = [{"x": a["name"], "y": a["counts"][key]} for a in areas]
    chart["fallback"] = rag_table(areas, "Priority area")
    return chart

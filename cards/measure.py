"""How tall a card will be at Teams' card width, estimated before it is sent.

A channel card that scrolls for ten screens is not read, so the digest is fitted to a height budget
(cards/digest.py). The numbers below are the official renderer's (`adaptivecards` 3.0.6, default host
config: spacing small 10, default 20, medium 30, large 40 px; 20 px card padding; 14 px text at about
18.6 px a line), measured in Chromium at 500 px wide by tests/e2e/validate_cards.mjs, and rounded
towards taller, so the estimate errs on the side of a shorter card. Teams' own host config is denser.
tests/test_digest_size.py renders the digest with the official renderer and checks both the budget and
that this estimate is not below what the renderer draws.
"""

from __future__ import annotations

import math
import re
from typing import Any

CARD_WIDTH = 500
PADDING = 20
SPACING = {"none": 0, "small": 10, "default": 20, "medium": 30, "large": 40, "extralarge": 50, "padding": 20}
LINE = {"small": 16.5, "default": 19.0, "medium": 23.0, "large": 28.5, "extralarge": 35.0}
CHAR = {"small": 7.0, "default": 8.2, "medium": 10.0, "large": 12.5, "extralarge": 15.5}  # px per character
BOLD = 1.08
BUTTON = 34.0  # Teams' buttons; the unstyled renderer draws them smaller
TABLE_CELL_PADDING = 18.0
_MARKUP = re.compile(r"\\(.)|\*\*|\[([^\]]*)\]\([^)]*\)")


def visible(text: str) -> str:
    """The characters a TextBlock shows: Markdown escapes, bold markers and link targets removed."""
    return _MARKUP.sub(lambda m: m.group(1) or m.group(2) or "", text or "")


def text_height(node: dict[str, Any], width: float) -> float:
    size = str(node.get("size") or "default").lower()
    size = size if size in LINE else "default"
    per_char = CHAR[size] * (BOLD if str(node.get("weight") or "").lower() == "bolder" else 1.0)
    per_line = max(1, int(width // per_char))
    text = visible(str(node.get("text") or ""))
    lines = 0
    for paragraph in text.split("\n") or [""]:
        lines += max(1, math.ceil(len(paragraph) / per_line)) if node.get("wrap", False) else 1
        if not node.get("wrap", False):
            break
    if node.get("maxLines"):
        lines = min(lines, int(node["maxLines"]))
    return lines * LINE[size]


def element_height(node: dict[str, Any], width: float) -> float:
    kind = node.get("type")
    if node.get("isVisible") is False:
        return 0.0
    if kind == "TextBlock":
        return text_height(node, width)
    if kind == "RichTextBlock":
        return text_height(
            {
                "text": "".join(str(i.get("text", "")) for i in node.get("inlines", []) if isinstance(i, dict)),
                "wrap": True,
            },
            width,
        )
    if kind == "Container":
        pad = 2 * SPACING["padding"] if node.get("style") else 0.0
        return items_height(node.get("items", []), width - pad) + pad
    if kind == "ColumnSet":
        columns = node.get("columns", [])
        if not columns:
            return 0.0
        share = width / len(columns)
        return max(items_height(c.get("items", []), share) for c in columns)
    if kind == "ActionSet":
        return BUTTON if node.get("actions") else 0.0
    if kind == "FactSet":
        return sum(
            max(
                text_height({"text": f.get("title", ""), "wrap": True, "weight": "Bolder"}, width * 0.4),
                text_height({"text": f.get("value", ""), "wrap": True}, width * 0.6),
            )
            for f in node.get("facts", [])
        )
    if kind == "Table":
        return table_height(node, width)
    if isinstance(kind, str) and kind.startswith("Chart.") and isinstance(node.get("fallback"), dict):
        return element_height(node["fallback"], width)
    if kind and kind.startswith("Input."):
        return 32.0 + (LINE["default"] + SPACING["small"] if node.get("label") else 0.0)
    return LINE["default"]


def table_height(node: dict[str, Any], width: float) -> float:
    weights = [
        float(c.get("width", 1)) if isinstance(c.get("width", 1), (int, float)) else 1.0
        for c in node.get("columns", [])
    ] or [1.0]
    total = sum(weights)
    height = 0.0
    for row in node.get("rows", []):
        cells = row.get("cells", [])
        tallest = 0.0
        for i, cell in enumerate(cells):
            share = width * weights[min(i, len(weights) - 1)] / total - TABLE_CELL_PADDING
            tallest = max(tallest, items_height(cell.get("items", []), max(share, 20.0)))
        height += tallest + TABLE_CELL_PADDING
    return height


def items_height(items: list[dict[str, Any]], width: float) -> float:
    height, first = 0.0, True
    for node in items:
        if not isinstance(node, dict) or node.get("isVisible") is False:
            continue
        own = element_height(node, width)
        if not first:
            height += SPACING.get(str(node.get("spacing") or "default").lower(), SPACING["default"])
            height += 1.0 if node.get("separator") else 0.0
        height += own
        first = False
    return height


def card_height(card: dict[str, Any], width: float = CARD_WIDTH) -> float:
    """The estimated height, in px, of `card` drawn `width` px wide."""
    inner = width - 2 * PADDING
    height = items_height(card.get("body", []), inner)
    if card.get("actions"):
        height += SPACING["default"] + BUTTON
    return height + 2 * PADDING

"""The programme's framework: the four priority areas and four enablers every project is placed in.

Taken from the Cabinet report "Digital First – Update and Plan for the Digital Principle" (Cabinet,
17 February 2021): the priority areas from paragraph 14, the enablers from paragraph 15. Plan files are
checked against them (matched ignoring case and punctuation), and the plan loader creates them if
missing. The report's thirteen workstreams, the default plan, are in default_plan.yaml beside this
package (read by services/files/plan_formats.py); the note they carry is `DEFAULT_SOURCE_NOTE`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


def normalise_label(text: str) -> str:
    """'Digital care', 'DIGITAL-CARE' and 'Comms & marketing' spellings compare equal to the framework."""
    return re.sub(r"[^a-z0-9]", "", str(text).lower().replace("&", "and"))


@dataclass(frozen=True)
class FrameworkItem:
    key: str
    name: str
    description: str = ""
    position: int = 0


@dataclass(frozen=True)
class Framework:
    """The priority areas and enablers every project is placed in (Cabinet report, paragraphs 14–15)."""

    areas: tuple[FrameworkItem, ...]
    enablers: tuple[FrameworkItem, ...]

    def find_area(self, text: str) -> FrameworkItem | None:
        return _find(self.areas, text)

    def find_enabler(self, text: str) -> FrameworkItem | None:
        return _find(self.enablers, text)

    def extended(self, areas: Iterable[FrameworkItem], enablers: Iterable[FrameworkItem]) -> Framework:
        """This framework plus items it does not know yet (e.g. ones an admin added in the database)."""
        return Framework(_union(self.areas, areas), _union(self.enablers, enablers))


def _find(items: Iterable[FrameworkItem], text: str) -> FrameworkItem | None:
    wanted = normalise_label(text)
    for item in items:
        if wanted and wanted in (normalise_label(item.name), normalise_label(item.key)):
            return item
    return None


def _union(first: Iterable[FrameworkItem], more: Iterable[FrameworkItem]) -> tuple[FrameworkItem, ...]:
    items = list(first)
    for item in more:
        if _find(items, item.name) is None and _find(items, item.key) is None:
            items.append(item)
    return tuple(items)


# Every project of the default plan carries this note until the programme office's own plan redefines it.
DEFAULT_SOURCE_NOTE = (
    'Taken from the Cabinet report "Digital First – Update and Plan for the Digital Principle", '
    "17 February 2021, paragraph 14."
)

_PRIORITY_AREAS = (
    (
        "digital-citizen",
        "Digital Citizen",
        "Improving how we connect, engage and communicate with our citizens through digital.",
    ),
    (
        "digital-council",
        "Digital Council",
        "Embedding smart working and empowering our staff to make the most of our digital tools and resources.",
    ),
    (
        "digital-care",
        "Digital Care",
        "Using digital to help our frontline teams support our most vulnerable residents and promote independence.",
    ),
    (
        "digital-economy",
        "Digital Economy",
        "Supporting local businesses and our economy through better digital access and infrastructure.",
    ),
)
_ENABLERS = (
    (
        "communications-marketing",
        "Communications and marketing",
        "Promoting awareness of digital support and options both internally and with residents.",
    ),
    (
        "information-governance-cyber",
        "Information governance and cyber security",
        "Ensuring that we protect our data by following national best practice on information governance and "
        "cyber security.",
    ),
    (
        "data-insight",
        "Data and insight",
        "Using digital to improve how we analyse and use the data available to us and our partners.",
    ),
    (
        "collaboration-integration",
        "Collaboration and integration",
        "Working with our partners across Network Staffordshire and the wider public sector to integrate data and "
        "ICT services.",
    ),
)


def default_framework() -> Framework:
    """The four priority areas and four enablers, defined once here."""
    return Framework(
        tuple(FrameworkItem(k, n, d, i) for i, (k, n, d) in enumerate(_PRIORITY_AREAS)),
        tuple(FrameworkItem(k, n, d, i) for i, (k, n, d) in enumerate(_ENABLERS)),
    )


def default_source_note() -> str:
    """The note the default projects carry; a plan file that redefines a project drops it."""
    return DEFAULT_SOURCE_NOTE

"""The matrix filters: read from the query string of a plain GET form, applied to the read model.

Pure functions: no request, no database. A value that names nothing (an unknown area, a lead id
that is not a number) is ignored and reported, never an error page. "No update this cycle" is
about people's performance, so it is applied only for viewers `programme.access` allows to see it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from programme.access import Viewer, may_see_missing_updates
from programme.terms import RAGS, rag_word
from store.dashboard_repo import Portfolio, ProjectCell

RAG_CHOICES = (*RAGS, "none")  # "none": no update yet


@dataclass(frozen=True)
class Filters:
    area: str = ""  # priority area key
    enabler: str = ""  # enabler key
    rag: str = ""  # green / amber / red / none
    lead: int | None = None  # person id
    changed: bool = False  # changed since the last digest
    missing: bool = False  # no update this cycle (admins and DLG)
    ignored: tuple[str, ...] = field(default=(), compare=False)

    @property
    def active(self) -> bool:
        return bool(self.area or self.enabler or self.rag or self.lead is not None or self.changed or self.missing)

    def query(self) -> dict[str, str]:
        q: dict[str, str] = {}
        for name in ("area", "enabler", "rag"):
            if getattr(self, name):
                q[name] = getattr(self, name)
        if self.lead is not None:
            q["lead"] = str(self.lead)
        if self.changed:
            q["changed"] = "1"
        if self.missing:
            q["missing"] = "1"
        return q


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "on", "yes"}


def parse(query: Mapping[str, str], portfolio: Portfolio, viewer: Viewer) -> Filters:
    ignored: list[str] = []
    area = (query.get("area") or "").strip()
    if area and area not in {a.key for a in portfolio.areas}:
        ignored.append("That priority area is not in the programme, so the area filter was not applied.")
        area = ""
    enabler = (query.get("enabler") or "").strip()
    if enabler and enabler not in {e.key for e in portfolio.enablers}:
        ignored.append("That enabler is not in the programme, so the enabler filter was not applied.")
        enabler = ""
    rag = (query.get("rag") or "").strip().lower()
    if rag and rag not in RAG_CHOICES:
        ignored.append("RAG can be Green, Amber, Red or Not reported; the RAG filter was not applied.")
        rag = ""
    lead: int | None = None
    raw_lead = (query.get("lead") or "").strip()
    if raw_lead:
        if raw_lead.isdigit() and int(raw_lead) in {pid for pid, _ in portfolio.leads}:
            lead = int(raw_lead)
        else:
            ignored.append("That person does not lead a project, so the lead filter was not applied.")
    missing = _flag(query.get("missing"))
    if missing and not may_see_missing_updates(viewer):
        ignored.append("“No update this cycle” is shown to admins and DLG members only, so it was not applied.")
        missing = False
    return Filters(area, enabler, rag, lead, _flag(query.get("changed")), missing, tuple(ignored))


def apply(portfolio: Portfolio, f: Filters) -> list[ProjectCell]:
    area_id = next((a.id for a in portfolio.areas if a.key == f.area), None) if f.area else None
    enabler_id = next((e.id for e in portfolio.enablers if e.key == f.enabler), None) if f.enabler else None
    out = []
    for p in portfolio.projects:
        if f.area and p.area_id != area_id:
            continue
        if f.enabler and enabler_id not in p.enabler_ids:
            continue
        if f.rag and (p.rag or "none") != f.rag:
            continue
        if f.lead is not None and f.lead not in {person.person_id for person in p.people}:
            continue
        if f.changed and not p.updated_since_digest:
            continue
        if f.missing and (not p.active or portfolio.current_cycle is None or p.updated_this_cycle):
            continue
        out.append(p)
    return out


def describe(f: Filters, portfolio: Portfolio) -> list[str]:
    """The filters in force, in words, for the result line (so the count is never ambiguous)."""
    words = []
    if f.area:
        words.append("priority area " + next(a.name for a in portfolio.areas if a.key == f.area))
    if f.enabler:
        words.append("enabler " + next(e.name for e in portfolio.enablers if e.key == f.enabler))
    if f.rag:
        words.append("RAG " + rag_word(None if f.rag == "none" else f.rag))
    if f.lead is not None:
        words.append("led by " + dict(portfolio.leads).get(f.lead, "that person"))
    if f.changed:
        words.append("changed since the last digest")
    if f.missing:
        words.append("no update this cycle")
    return words

"""Questions that work, offered when one did not: built from the programme's own names.

A dead end is the worst answer a bot can give; "I'm not sure — try one of these" keeps the person
moving, and the suggestions are real questions the engine answers (tests check that).
"""

from __future__ import annotations

from .query import Query
from .vocab import Vocabulary


def suggestions_for(query: Query, vocab: Vocabulary, limit: int = 4) -> tuple[str, ...]:
    """Up to `limit` questions near to what was asked."""
    out: list[str] = []
    for pid in query.project_ids[:1]:
        p = vocab.projects.get(pid)
        if p:
            out += [f"tell me about {p.name}", f"who leads {p.name}?", f"what is blocking {p.name}?"]
    for cand in query.candidates[:3]:
        if cand.kind == "project":
            out.append(f"tell me about {cand.ref or cand.label}")
    out += list(general_examples(vocab))
    return tuple(dict.fromkeys(out))[:limit]


def general_examples(vocab: Vocabulary) -> tuple[str, ...]:
    """The everyday questions, with a real project, person and area in them."""
    project = vocab.first_active
    area = next(iter(vocab.areas.values()), None)
    out = []
    if project:
        out.append(f"who leads {project.name}?")
    out.append("which projects are red?")
    out.append("what changed since the last digest?")
    out.append("milestones due in the next two weeks")
    if area:
        out.append(f"which projects are in {area.name}?")
    lead = vocab.people.get(project.leads[0]) if project and project.leads else None
    if lead:
        out.append(f"what does {lead.name} lead?")
    return tuple(out)

"""What the Digital Leadership Group reads before it meets: the digest, composed from plain facts.

No database, no SDK, no clock: the caller gathers the facts (store/digest_repo.py) and says what
"today" is, so the rules can be tested with a handful of literals. The result is a plain,
JSON-ready dict that is stored as it is (the digest an admin approved is exactly the one posted)
and rendered by `cards/digest.py` (Adaptive Card) and `cards/digest_html.py` (HTML body). Text typed
by leads is kept raw here; each renderer escapes it for its own medium.

The channel digest is read by everyone in the DLG channel, so risks a lead marked sensitive are left
out (`programme.access` decides, with the channel audience in programme/digest_facts.py) and only
counted, with a pointer to the admins' view.

The parts live beside this module: the facts and shared small words (`digest_facts`), "at a glance"
(`digest_glance`), what moved (`digest_moves`), the agenda (`digest_agenda`) and fitting a size limit
(`digest_trim`). Everything callers use is importable from here.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from programme.digest_agenda import agenda, agenda_of, decided, from_updates
from programme.digest_facts import (
    DLG_CHANNEL,
    DUE_SOON_DAYS,
    NO_AREA,
    RAG_KEYS,
    REASON_LIMIT,
    DeliveryFacts,
    DigestFacts,
    Lead,
    MilestoneFacts,
    ProjectFacts,
    UpdateFacts,
    plural,
    project_heading,
    shorten_reason,
    uk_date,
)
from programme.digest_glance import current_rags, glance
from programme.digest_moves import milestone_moves, new_blockers, new_risks, rag_changes, red_and_amber
from programme.digest_trim import MIN_ITEM_BYTES, TRIM_LEVELS, item_count, omitted_total, trim
from programme.terms import rag_word

__all__ = [
    "CONTENT_VERSION",
    "DLG_CHANNEL",
    "DUE_SOON_DAYS",
    "MIN_ITEM_BYTES",
    "NO_AREA",
    "RAG_KEYS",
    "REASON_LIMIT",
    "TRIM_LEVELS",
    "DeliveryFacts",
    "DigestFacts",
    "Lead",
    "MilestoneFacts",
    "ProjectFacts",
    "UpdateFacts",
    "asks",
    "compose",
    "current_rags",
    "decided_since",
    "glance",
    "item_count",
    "milestone_moves",
    "missing",
    "missing_reason",
    "new_blockers",
    "new_risks",
    "omitted_total",
    "plural",
    "rag_changes",
    "red_and_amber",
    "revision",
    "summary_line",
    "trends",
    "trim",
    "uk_date",
    "with_intro",
]

CONTENT_VERSION = 2  # 2: the agenda is asks as records (programme/digest_agenda.py), oldest first


# ---------------------------------------------------------------------------------------------
# Asks, missing updates, trends
# ---------------------------------------------------------------------------------------------


def asks(facts: DigestFacts) -> dict[str, Any]:
    """The DLG's agenda: asks needing a decision first, oldest first (programme/digest_agenda.py)."""
    projects = {p.id: p for p in facts.projects}
    records = facts.asks if facts.asks is not None else from_updates(facts.current)
    return agenda(records, lambda pid: project_heading(projects[pid]) if pid in projects else None, facts.as_of)


def decided_since(facts: DigestFacts) -> dict[str, Any]:
    projects = {p.id: p for p in facts.projects}
    return decided(facts.decided, lambda pid: project_heading(projects[pid]) if pid in projects else None)


def missing_reason(leads: tuple[Lead, ...], deliveries: list[DeliveryFacts], due: date) -> str:
    """Why a project has no update, in words the DLG can act on.

    Delivery kinds and statuses are the prompting rules' (programme/prompting.py): "prompt",
    "reminder-24h"…; sent / unreachable / away / delegated.
    """
    if not leads:
        return "No lead assigned"
    away = [lead for lead in leads if lead.away_until and lead.away_until >= due]
    if len(away) == len(leads):
        return "; ".join(f"{lead.name} is away until {uk_date(lead.away_until)}" for lead in away)
    sent = [d for d in deliveries if d.status == "sent"]
    reminders = len({d.kind for d in sent if d.kind.startswith("reminder")})
    prompted = any(d.kind == "prompt" for d in sent)
    unreachable = [
        lead
        for lead in leads
        if lead.unreachable_reason
        or any(d.person_id == lead.person_id and d.status == "unreachable" for d in deliveries)
    ]
    if unreachable and not prompted:
        lead = unreachable[0]
        why = lead.unreachable_reason or next(
            (
                d.last_error
                for d in deliveries
                if d.person_id == lead.person_id and d.status == "unreachable" and d.last_error
            ),
            "",
        )
        return f"{lead.name} could not be reached in Teams" + (f" ({shorten_reason(why, 120)})" if why else "")
    delegated = [d for d in deliveries if d.status == "delegated" and d.last_error]
    if delegated and not prompted:
        return f"The lead {shorten_reason(delegated[0].last_error, 120)} to update; no update yet"
    if reminders:
        return f"No reply after {plural(reminders, 'reminder')}"
    if prompted:
        return "No reply to the prompt yet"
    return "Not prompted yet (the bot cannot reach the lead in Teams)"


def missing(facts: DigestFacts) -> list[dict[str, Any]]:
    by_project: dict[int, list[DeliveryFacts]] = {}
    for d in facts.deliveries:
        by_project.setdefault(d.project_id, []).append(d)
    out = []
    for p in facts.projects:
        if p.id in facts.current:
            continue
        out.append({**project_heading(p), "reason": missing_reason(p.leads, by_project.get(p.id, []), facts.cycle_due)})
    return out


def trends(facts: DigestFacts) -> dict[str, Any]:
    """Each project's RAG over recent cycles, as words ("No update" where there was none)."""
    rows = []
    for p in facts.projects:
        history = facts.trend.get(p.id, {})
        rows.append(
            {
                "ref": p.ref,
                "name": p.name,
                "rags": [rag_word(history.get(k)) if history.get(k) else "No update" for k in facts.trend_periods],
            }
        )
    return {"periods": list(facts.trend_periods), "items": rows, "omitted": 0}


# ---------------------------------------------------------------------------------------------
# The digest
# ---------------------------------------------------------------------------------------------


def _section(items: list[Any]) -> dict[str, Any]:
    return {"items": items, "omitted": 0}


def compose(facts: DigestFacts) -> dict[str, Any]:
    """The whole digest as plain data (stored, approved and rendered as it is)."""
    risks, withheld = new_risks(facts)
    moves = milestone_moves(facts)
    return {
        "version": CONTENT_VERSION,
        "period_key": facts.period_key,
        "title": f"Digital First digest — {uk_date(facts.as_of)}",
        "subtitle": (
            f"Update cycle {facts.period_key}: opened {uk_date(facts.cycle_opens)}, due {uk_date(facts.cycle_due)}"
        ),
        "as_of": facts.as_of.isoformat(),
        "intro": facts.intro,
        "glance": glance(facts),
        "agenda": asks(facts),
        "decided": decided_since(facts),
        "rag_changes": _section(rag_changes(facts)),
        "red_amber": _section(red_and_amber(facts)),
        "new_risks": _section(risks),
        "new_blockers": _section(new_blockers(facts)),
        "milestones": {k: _section(v) for k, v in moves.items()},
        "missing": _section(missing(facts)),
        "trends": trends(facts),
        "sensitive_withheld": withheld,
        "links": {"full": facts.full_url, "sensitive": facts.sensitive_url},
        "trimmed": False,
    }


def with_intro(content: dict[str, Any], intro: str) -> dict[str, Any]:
    return {**content, "intro": (intro or "").strip()}


def revision(content: dict[str, Any]) -> str:
    """A short fingerprint of a digest's content: what an admin saw, so "Approve" approves exactly that."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def summary_line(content: dict[str, Any]) -> str:
    """One sentence for notifications and for clients that show neither card nor HTML."""
    g = content["glance"]
    c = g["total"]["counts"]
    p = g["participation"]
    a = agenda_of(content)
    asks_n = sum(1 for i in a["items"] if i.get("needs_decision", True)) + a.get("omitted", 0)
    return (
        f"{content['title']}: {c['red']} red, {c['amber']} amber, {c['green']} green; "
        f"{p['received']} of {p['expected']} updates received; {plural(asks_n, 'ask')} of the DLG to decide."
    )

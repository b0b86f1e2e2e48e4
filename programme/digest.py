"""What the Digital Leadership Group reads before it meets: the digest, composed from plain facts.

No database, no SDK, no clock: the caller gathers the facts (store/digest_repo.py) and says what
"today" is, so the rules can be tested with a handful of literals. The result is a plain,
JSON-ready dict that is stored as it is (the digest an admin approved is exactly the one posted)
and rendered by `cards/digest.py` (Adaptive Card) and `cards/digest_html.py` (HTML body). Text typed
by leads is kept raw here; each renderer escapes it for its own medium.

The channel digest is read by everyone in the DLG channel, so risks a lead marked sensitive are left
out (`programme.access` decides, with the channel audience below) and only counted, with a pointer to
the admins' view.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from programme.access import Viewer, visible_risks
from programme.digest_agenda import AskFacts, DecidedFacts, agenda, agenda_of, decided, decided_of, from_updates
from programme.digest_agenda import cap as cap_section
from programme.terms import RAGS, rag_word

CONTENT_VERSION = 2  # 2: the agenda is asks as records (programme/digest_agenda.py), oldest first
DUE_SOON_DAYS = 28
REASON_LIMIT = 400
NO_AREA = "No priority area"
RAG_KEYS = ("red", "amber", "green", "none")  # "none": no update yet

# The DLG channel: DLG members read it, but it is a channel, so nothing sensitive is shown there.
DLG_CHANNEL = Viewer(staff_roles=frozenset({"dlg"}), conversation_type="channel")


# ---------------------------------------------------------------------------------------------
# Facts in
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lead:
    person_id: int
    name: str
    away_until: date | None = None
    unreachable_reason: str = ""


@dataclass(frozen=True)
class ProjectFacts:
    id: int
    ref: str
    name: str
    area: str | None = None
    enablers: tuple[str, ...] = ()
    leads: tuple[Lead, ...] = ()


@dataclass(slots=True)
class UpdateFacts:
    project_id: int
    rag: str
    rag_reason: str = ""
    summary: str = ""
    risks: tuple[Any, ...] = ()
    blockers: str = ""
    asks_of_dlg: str = ""
    submitted_by: str = ""
    late: bool = False
    milestone_changes: tuple[Any, ...] = ()


@dataclass(slots=True)
class MilestoneFacts:
    project_id: int
    title: str
    due_date: date | None
    status: str = "not started"
    completed_on: date | None = None
    original_due_date: date | None = None


@dataclass(slots=True)
class DeliveryFacts:
    """A prompt or reminder sent (or not) to a lead this cycle."""

    project_id: int
    person_id: int
    kind: str  # prompt / reminder
    status: str  # pending / sending / sent / failed / unreachable
    last_error: str = ""


@dataclass
class DigestFacts:
    period_key: str
    as_of: date  # the local day the digest is composed
    since: date  # "what moved" looks at changes after this day (the previous cycle's opening)
    cycle_opens: date
    cycle_due: date
    areas: list[str]
    enablers: list[str]
    projects: list[ProjectFacts]
    current: dict[int, UpdateFacts]  # this cycle's latest version per project
    previous: dict[int, UpdateFacts]  # each project's latest update before this cycle
    trend_periods: list[str] = field(default_factory=list)  # oldest first, ending with this period
    trend: dict[int, dict[str, str]] = field(default_factory=dict)  # project -> period -> rag
    milestones: list[MilestoneFacts] = field(default_factory=list)
    deliveries: list[DeliveryFacts] = field(default_factory=list)
    previous_glance: dict[str, Any] | None = None  # the last digest's "glance", for the change
    previous_period_key: str | None = None
    full_url: str = ""  # the full view (dashboard) of this digest
    sensitive_url: str = ""  # the admins' view of what was left out
    intro: str = ""
    asks: list[AskFacts] | None = None  # undecided asks (records); None: read from this cycle's updates
    decided: list[DecidedFacts] = field(default_factory=list)  # decided since the last posted digest


# ---------------------------------------------------------------------------------------------
# Dates and small words
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def uk_date(d: date | None) -> str:
    """25 November 2026 — how dates are written to people here."""
    return f"{d.day} {d:%B %Y}" if d else ""


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _shorten(text: str, limit: int = REASON_LIMIT) -> str:
    """Long text is cut visibly (…); the full view keeps every word."""
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().casefold())


def _lines(text: str) -> list[str]:
    """A lead's asks, one per line, without the bullets people type."""
    out = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*(?:[-*•·]|\d+[.)])\s*", "", line).strip()
        if line:
            out.append(line)
    return out


def _risk_dicts(risks: Iterable[Any]) -> list[dict[str, Any]]:
    out = []
    for r in risks or ():
        if isinstance(r, dict) and str(r.get("text") or "").strip():
            out.append({"text": str(r["text"]).strip(), "sensitive": bool(r.get("sensitive"))})
        elif isinstance(r, str) and r.strip():
            out.append({"text": r.strip(), "sensitive": False})
    return out


def _lead_names(p: ProjectFacts) -> str:
    return ", ".join(lead.name for lead in p.leads if lead.name) or "No lead assigned"


@lru_cache(maxsize=16384)  # a project appears in several sections; callers copy, never change it
def _ref(p: ProjectFacts) -> dict[str, Any]:
    return {"ref": p.ref, "name": p.name, "area": p.area or NO_AREA, "lead": _lead_names(p)}


def _section(items: list[Any]) -> dict[str, Any]:
    return {"items": items, "omitted": 0}


# ---------------------------------------------------------------------------------------------
# At a glance
# ---------------------------------------------------------------------------------------------


def current_rags(facts: DigestFacts) -> dict[int, str | None]:
    """Each project's RAG now: this cycle's update, else its last known one, else none."""
    out: dict[int, str | None] = {}
    for p in facts.projects:
        update = facts.current.get(p.id) or facts.previous.get(p.id)
        out[p.id] = update.rag if update and update.rag in RAGS else None
    return out


def _counts(rags: Iterable[str | None]) -> dict[str, int]:
    c = dict.fromkeys(RAG_KEYS, 0)
    for rag in rags:
        c[rag if rag in RAGS else "none"] += 1
    return c


def _delta(now: dict[str, int], before: dict[str, int] | None) -> dict[str, int] | None:
    if before is None:
        return None
    return {k: now.get(k, 0) - int(before.get(k, 0)) for k in RAG_KEYS}


def _grouped_counts(
    names: list[str], members: dict[str, list[str | None]], before: dict[str, dict[str, int]] | None
) -> list[dict[str, Any]]:
    rows = []
    for name in names:
        counts = _counts(members.get(name, []))
        prior = (before or {}).get(name) if before is not None else None
        rows.append(
            {
                "name": name,
                "counts": counts,
                "total": sum(counts.values()),
                "change": _delta(counts, prior) if before is not None else None,
            }
        )
    return rows


def _previous_counts(facts: DigestFacts) -> tuple[dict[str, Any] | None, str]:
    """What the change is measured against: the last digest if there was one, else last cycle."""
    if facts.previous_glance:
        g = facts.previous_glance

        def index(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
            return {r["name"]: r["counts"] for r in rows or []}

        return (
            {
                "areas": index(g.get("areas", [])),
                "enablers": index(g.get("enablers", [])),
                "total": (g.get("total") or {}).get("counts"),
            },
            f"since the last digest ({facts.previous_period_key})"
            if facts.previous_period_key
            else "since the last digest",
        )
    if not facts.previous:
        return None, ""
    before = {p.id: (facts.previous[p.id].rag if p.id in facts.previous else None) for p in facts.projects}
    areas: dict[str, list[str | None]] = {}
    enablers: dict[str, list[str | None]] = {}
    for p in facts.projects:
        areas.setdefault(p.area or NO_AREA, []).append(before[p.id])
        for e in p.enablers:
            enablers.setdefault(e, []).append(before[p.id])
    return (
        {
            "areas": {k: _counts(v) for k, v in areas.items()},
            "enablers": {k: _counts(v) for k, v in enablers.items()},
            "total": _counts(before.values()),
        },
        "since the last cycle",
    )


def glance(facts: DigestFacts) -> dict[str, Any]:
    rags = current_rags(facts)
    by_area: dict[str, list[str | None]] = {}
    by_enabler: dict[str, list[str | None]] = {}
    for p in facts.projects:
        by_area.setdefault(p.area or NO_AREA, []).append(rags[p.id])
        for e in p.enablers:
            by_enabler.setdefault(e, []).append(rags[p.id])
    area_names = list(facts.areas) + ([NO_AREA] if NO_AREA in by_area and NO_AREA not in facts.areas else [])
    before, basis = _previous_counts(facts)
    total = _counts(rags.values())
    received = sum(1 for p in facts.projects if p.id in facts.current)
    late = sum(1 for p in facts.projects if p.id in facts.current and facts.current[p.id].late)
    return {
        "areas": _grouped_counts(area_names, by_area, before["areas"] if before else None),
        "enablers": _grouped_counts(list(facts.enablers), by_enabler, before["enablers"] if before else None),
        "total": {
            "counts": total,
            "total": len(facts.projects),
            "change": _delta(total, before["total"]) if before and before.get("total") else None,
        },
        "participation": {"received": received, "expected": len(facts.projects), "late": late},
        "change_basis": basis,
    }


# ---------------------------------------------------------------------------------------------
# What moved
# ---------------------------------------------------------------------------------------------


def rag_changes(facts: DigestFacts) -> list[dict[str, Any]]:
    """Projects whose RAG this cycle differs from their last one, worst news first."""
    out = []
    for p in facts.projects:
        now, before = facts.current.get(p.id), facts.previous.get(p.id)
        if now is None or before is None or now.rag == before.rag:
            continue
        out.append(
            {
                **_ref(p),
                "from": rag_word(before.rag),
                "to": rag_word(now.rag),
                "to_key": now.rag,
                "reason": _shorten(now.rag_reason or now.summary),
            }
        )
    return sorted(out, key=lambda r: (_severity(r["to_key"]), r["ref"]))


def _severity(rag: str | None) -> int:
    return {"red": 0, "amber": 1, "green": 2}.get(rag or "", 3)


def red_and_amber(facts: DigestFacts) -> list[dict[str, Any]]:
    """What is red or amber this cycle and why, in the lead's words."""
    out = []
    for p in facts.projects:
        now = facts.current.get(p.id)
        if now is None or now.rag not in ("red", "amber"):
            continue
        out.append(
            {**_ref(p), "rag": rag_word(now.rag), "rag_key": now.rag, "reason": _shorten(now.rag_reason or now.summary)}
        )
    return sorted(out, key=lambda r: (_severity(r["rag_key"]), r["ref"]))


def new_risks(facts: DigestFacts) -> tuple[list[dict[str, Any]], int]:
    """Risks raised this cycle (not in the project's last update), and how many are sensitive.

    The sensitive count covers every risk in this cycle's updates: the DLG should know they exist
    even though the channel may not read them.
    """
    shown: list[dict[str, Any]] = []
    withheld = 0
    for p in facts.projects:
        now = facts.current.get(p.id)
        if now is None:
            continue
        risks = _risk_dicts(now.risks)
        visible, hidden = visible_risks(risks, DLG_CHANNEL)
        withheld += hidden
        known = {_norm(r["text"]) for r in _risk_dicts(facts.previous[p.id].risks)} if p.id in facts.previous else set()
        for r in visible:
            if _norm(r["text"]) not in known:
                shown.append({**_ref(p), "text": _shorten(r["text"])})
    return shown, withheld


def new_blockers(facts: DigestFacts) -> list[dict[str, Any]]:
    out = []
    for p in facts.projects:
        now = facts.current.get(p.id)
        if now is None or not now.blockers.strip():
            continue
        before = facts.previous.get(p.id)
        if before is not None and _norm(before.blockers) == _norm(now.blockers):
            continue
        out.append({**_ref(p), "text": _shorten(now.blockers)})
    return out


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _slips_reported(facts: DigestFacts) -> dict[tuple[int, str], tuple[date, date]]:
    """Milestone dates leads moved later in this cycle's updates: (project, title) -> (was, now).

    Accepts the shapes an update may record: {title, from, to}, {title, old_due_date,
    new_due_date} or {title, previous_due_date, due_date}.
    """
    out: dict[tuple[int, str], tuple[date, date]] = {}
    for pid, update in facts.current.items():
        for ch in update.milestone_changes or ():
            if not isinstance(ch, dict) or not ch.get("title"):
                continue
            was = _as_date(ch.get("from") or ch.get("old_due_date") or ch.get("previous_due_date"))
            now = _as_date(ch.get("to") or ch.get("new_due_date") or ch.get("due_date"))
            if was and now and now > was:
                out[(pid, _norm(str(ch["title"])))] = (was, now)
    return out


def milestone_moves(facts: DigestFacts) -> dict[str, list[dict[str, Any]]]:
    """Completed since the last cycle, slipped this cycle, due in four weeks, overdue."""
    projects = {p.id: p for p in facts.projects}
    slips = _slips_reported(facts)
    horizon = facts.as_of + timedelta(days=DUE_SOON_DAYS)
    out: dict[str, list[dict[str, Any]]] = {"completed": [], "slipped": [], "due_soon": [], "overdue": []}
    for m in facts.milestones:
        p = projects.get(m.project_id)
        if p is None:
            continue
        base = {**_ref(p), "title": m.title, "due": uk_date(m.due_date)}
        done = m.status == "done"
        if done and m.completed_on and facts.since < m.completed_on <= facts.as_of:
            out["completed"].append({**base, "date": uk_date(m.completed_on), "_sort": m.completed_on})
            continue
        if done or m.due_date is None:
            continue
        slip = slips.get((m.project_id, _norm(m.title)))
        if slip:
            out["slipped"].append({**base, "was": uk_date(slip[0]), "now": uk_date(slip[1]), "_sort": slip[1]})
        if m.due_date < facts.as_of:
            out["overdue"].append({**base, "days": (facts.as_of - m.due_date).days, "_sort": m.due_date})
        elif m.due_date <= horizon:
            out["due_soon"].append({**base, "_sort": m.due_date})
    for items in out.values():
        items.sort(key=lambda r: (r.pop("_sort"), r["ref"], r["title"]))
    return out


# ---------------------------------------------------------------------------------------------
# Asks, missing updates, trends
# ---------------------------------------------------------------------------------------------


def asks(facts: DigestFacts) -> dict[str, Any]:
    """The DLG's agenda: asks needing a decision first, oldest first (programme/digest_agenda.py)."""
    projects = {p.id: p for p in facts.projects}
    records = facts.asks if facts.asks is not None else from_updates(facts.current)
    return agenda(records, lambda pid: _ref(projects[pid]) if pid in projects else None, facts.as_of)


def decided_since(facts: DigestFacts) -> dict[str, Any]:
    projects = {p.id: p for p in facts.projects}
    return decided(facts.decided, lambda pid: _ref(projects[pid]) if pid in projects else None)


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
        return f"{lead.name} could not be reached in Teams" + (f" ({_shorten(why, 120)})" if why else "")
    delegated = [d for d in deliveries if d.status == "delegated" and d.last_error]
    if delegated and not prompted:
        return f"The lead {_shorten(delegated[0].last_error, 120)} to update; no update yet"
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
        out.append({**_ref(p), "reason": missing_reason(p.leads, by_project.get(p.id, []), facts.cycle_due)})
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


# ---------------------------------------------------------------------------------------------
# Fitting a size limit: shorter lists, each saying how many more are in the full view
# ---------------------------------------------------------------------------------------------

# Caps per level: level 0 is everything; each later level keeps fewer items per list.
TRIM_LEVELS: tuple[int | None, ...] = (None, 25, 12, 6, 3, 0)
_LIST_SECTIONS = ("rag_changes", "red_amber", "new_risks", "new_blockers", "missing")


def _cap(section: dict[str, Any], cap: int | None) -> dict[str, Any]:
    items = section.get("items", [])
    if cap is None or len(items) <= cap:
        return section
    return {**section, "items": items[:cap], "omitted": section.get("omitted", 0) + len(items) - cap}


def _cap_asks(content: dict[str, Any], limit: int | None) -> dict[str, Any]:
    """Asks are the agenda: keep twice as many of them as of any other list."""
    return cap_section(agenda_of(content), None if limit is None else limit * 2)


def _cap_trends(t: dict[str, Any], cap: int | None, content: dict[str, Any]) -> dict[str, Any]:
    """Trends are the bulkiest part: past the first level only projects that moved or are not green."""
    if cap is None:
        return t
    notable = {r["ref"] for r in content["rag_changes"]["items"]} | {r["ref"] for r in content["red_amber"]["items"]}
    rows = [r for r in t["items"] if r["ref"] in notable][:cap]
    return {**t, "items": rows, "omitted": t.get("omitted", 0) + len(t["items"]) - len(rows)}


def trim(content: dict[str, Any], level: int) -> dict[str, Any]:
    """The digest with lists capped for `level` (0 = untouched). Nothing is dropped silently:
    every capped list carries `omitted`, and renderers link to the full view for the rest."""
    cap = TRIM_LEVELS[min(level, len(TRIM_LEVELS) - 1)]
    if cap is None:
        return content
    out = dict(content)
    for key in _LIST_SECTIONS:
        out[key] = _cap(content[key], cap)
    out["milestones"] = {k: _cap(v, cap) for k, v in content["milestones"].items()}
    out["agenda"] = _cap_asks(content, cap)
    out.pop("asks", None)
    out["decided"] = _cap(decided_of(content), cap)
    out["trends"] = _cap_trends(content["trends"], cap, out)
    out["trimmed"] = True
    return out


def item_count(content: dict[str, Any]) -> int:
    """How many lines the lists hold: a cheap lower bound on the rendered size (see MIN_ITEM_BYTES)."""
    total = sum(len(content[k]["items"]) for k in _LIST_SECTIONS)
    total += sum(len(v["items"]) for v in content["milestones"].values())
    return (
        total + len(agenda_of(content)["items"]) + len(decided_of(content)["items"]) + len(content["trends"]["items"])
    )


# Every listed item costs at least this many bytes once rendered as card JSON plus HTML, so a level
# with more items than limit / MIN_ITEM_BYTES cannot fit and is not worth rendering.
MIN_ITEM_BYTES = 120


def omitted_total(content: dict[str, Any]) -> int:
    total = sum(content[k].get("omitted", 0) for k in _LIST_SECTIONS)
    total += sum(v.get("omitted", 0) for v in content["milestones"].values())
    everything: int = (
        total
        + agenda_of(content).get("omitted", 0)
        + decided_of(content).get("omitted", 0)
        + content["trends"].get("omitted", 0)
    )
    return everything


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

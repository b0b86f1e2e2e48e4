"""Things the plan and the updates do not hold — a person's phone number, a supplier's name, a sponsor, a budget —
answered "not sure", saying so, rather than with a project matched on the word ("phone" is a part of "Telephony
Replacement", "supplier" of "Supplier Portal"): the word is the thing asked for, not a name."""

from __future__ import annotations

from .matcher import Match
from .query import UNKNOWN, Query
from .reading import Reading


def unknown_about(r: Reading) -> Query | None:
    """Things the plan does not hold (sponsors, budgets, suppliers, phone numbers, decisions): say so."""
    words = set(r.tokens)
    unnamed = {t for t in r.masked if t != "<e>"}  # "the new phone system" is a project's name, not a phone number
    taken = _asked_not_named(r)  # "which supplier is doing X": the supplier asked for, not the Supplier Portal
    unnamed |= {word for _, word in taken}
    outside = unnamed & {
        "sponsor",
        "sponsors",
        "budget",
        "budgets",
        "supplier",
        "suppliers",
        "phone",
        "vendor",
        "salary",
        "email",
        "telephone",
        "address",
        "mobile",
    }
    if (
        (outside or (words & {"decide", "decided"} and "did" in words))
        and not r.cues.search
        and not (r.cues.listing and "projects" in words)
    ):
        r.why.append("the plan and updates do not hold that")
        return Query(
            UNKNOWN,
            confidence=0.0,
            mode="outside",
            project_ids=tuple(
                m.ids[0]
                for m in r.of("project")
                if not m.ambiguous and all(m is not t or len(t.span) > 1 for t, _ in taken)
            ),
        )
    return None


_ASKED_FOR = frozenset({"supplier", "suppliers", "vendor", "contractor", "phone", "telephone", "mobile"})


def _asked_not_named(r: Reading) -> list[tuple[Match, str]]:
    """Words a match took for a project ("supplier" as a part of "Supplier Portal", "phone" of "Telephony", "supplier
    for street lighting" of "Street Lighting Sensors") that are the thing asked for: "which/who is the supplier …"
    or "… phone number" (not "how many phone numbers"). A project named in full by such a word is still named."""
    out = []
    for m in r.of("project"):
        for i in m.span:
            word = r.tokens[i]
            if word not in _ASKED_FOR:
                continue
            before, after = r.tokens[max(0, i - 3) : i], r.tokens[i + 1 : i + 2]
            number = after in (["number"], ["numbers"], ["no"]) and "many" not in r.tokens
            which = word in ("supplier", "suppliers", "vendor", "contractor") and bool(
                {"which", "who", "whos"} & set(before)
            )
            own = any(word[:5] in r.vocab.projects[pid].name.lower() for pid in m.ids if pid in r.vocab.projects)
            if (number or which) and (not own or (len(m.span) == 1 and m.how in ("part of name", "alias"))):
                out.append((m, "phone" if number else word))
    return out

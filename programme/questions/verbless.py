"""A yes or no asked without its verb: "data hub overdue milestones?", "family hubs back on track?", "telecare on
track y/n". The project is named first and a state it may be in follows, with no question word anywhere; staff
drop the "is"/"does it have" in chat, and the answer must still start with yes or no (a "y/n" or "yes or no"
tacked on asks it in so many words).
"""

from __future__ import annotations

from dataclasses import replace

from .cues_more import More

# The words that make a question one the reading already knows how to ask: with one of them it is not verbless.
ASKING = frozenset(
    "is are was were has have had did does do will would can could should any anything anyone been "
    "what whats who whos which when whens where why how hows list show give tell whether if".split()
)
# A state a project is asked to be in; one of them after the name asks whether it is so.
STATES = frozenset(
    "still track better worse updated slipped slipping improved behind ahead yet finished started "
    "overdue late delayed red amber green done complete completed".split()
)
_A_DAY = frozenset({"date", "dates", "day", "deadline"})  # "admissions portal go live date?": when, not whether
_LEAD_IN = frozenset({"the", "and", "so", "ok", "okay", "oh", "also", "but", "then", "right"})
_ASKED_OUTRIGHT = (("y", "n"), ("yes", "or", "no"), ("yes", "no"))


def outright(tokens: list[str]) -> tuple[list[str], bool]:
    """The words without a "y/n" or "yes or no" tacked on the end, and whether one was."""
    for words in _ASKED_OUTRIGHT:
        n = len(words)
        if tuple(tokens[-n:]) == words and len(tokens) > n:
            return tokens[:-n], True
    return tokens, False


def read(more: More, tokens: list[str], outright: bool) -> More:
    """`more` with the yes or no a verbless question asks (`tokens` with the names masked as "<e>")."""
    if more.yes_no or "<e>" not in tokens:
        return more
    first = next((t for t in tokens if t not in _LEAD_IN), "")
    if outright or (first == "<e>" and set(tokens) & STATES and not set(tokens) & (ASKING | _A_DAY)):
        return replace(more, yes_no=True)
    return more

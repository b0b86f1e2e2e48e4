"""A go-live, launch or finish the latest update has moved in its own words ("go-live moved from 1 December to 17
January 2028", "go-live on 17 December is now unlikely; realistic date late February 2028", "go-live expected end of
January 2028, not December"): the plan keeps the old date until someone edits it, so the update is what is true
now, and the answer says both.

A day is precise ("17 January 2028"); a month alone ("late February 2028") is a month. Only a sentence naming the
event, or the one after it when that sentence says the date is in doubt ("now unlikely; realistic date …"), is
read, and only a day or month that is not the plan's own counts as new.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from . import said
from .query import DateRange

# The events whose date a lead moves in words: going live, launching, finishing.
EVENTS = said.SAME[0] | said.SAME[2] | {"golive", "go"}

_MONTH_NAMES = "january february march april may june july august september october november december".split()
_MONTH_ALONE = re.compile(r"\b(" + "|".join(_MONTH_NAMES) + r")\b(?:\s+(\d{4}))?", re.I)
_MAY_AFTER = [[w] for w in "early mid late of in by until to from".split()]
# A sentence that puts the event's date in doubt: the date may follow in the next one.
_DOUBT = re.compile(r"\b(unlikely|slip\w*|moved|delay\w*|re-?plan\w*|push\w*|at risk|revised|not)\b", re.I)


@dataclass(frozen=True)
class Moved:
    """The day or month the update now gives, the sentence(s) that say it, and whether it is a whole month."""

    day: date  # the first of the month when `month` is True
    month: bool
    words: str


def names_an_event(words: Iterable[str]) -> bool:
    return any(w in EVENTS for w in words)


def _months(text: str, said_on: date | None) -> list[tuple[int, date]]:
    """Months named without a day ("late February 2028", "not December"), as the first of the month."""
    taken = [m.span() for p in (said._DAY_MONTH, said._MONTH_DAY) for m in p.finditer(text)]
    out = []
    for m in _MONTH_ALONE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        before = text[: m.start()].split()[-1:]
        if m.group(1).lower() == "may" and not m.group(2) and [w.lower() for w in before] not in _MAY_AFTER:
            continue  # "may" is more often the verb ("it may slip"), unless "mid May", "in May"
        month = _MONTH_NAMES.index(m.group(1).lower()) + 1
        base = said_on or date.today()
        year = int(m.group(2)) if m.group(2) else base.year + (1 if month < base.month - 1 else 0)
        out.append((m.start(), date(year, month, 1)))
    return out


def _days(text: str, said_on: date | None) -> list[tuple[int, date]]:
    out = []
    for p in (said._DAY_MONTH, said._MONTH_DAY):
        for m in p.finditer(text):
            found = said.dates_in(m.group(0), said_on)
            if found:
                out.append((m.start(), found[0]))
    return out


def moved_to(texts: Iterable[str | None], words: Iterable[str], planned: date, said_on: date | None) -> Moved | None:
    """The first day or month, in a sentence of `texts` naming the event `words` (or the sentence after one that
    puts it in doubt), that is not `planned` (nor its month, for a month alone); None when the update gives none."""
    words = [w for w in words if w not in said.DONE_WORDS or w in EVENTS]
    for text in texts:
        parts = said.sentences(text)
        for i, sentence in enumerate(parts):
            if not said.names_it(sentence, words):
                continue
            span = [sentence] + ([parts[i + 1]] if i + 1 < len(parts) and _DOUBT.search(sentence) else [])
            joined = " ".join(s.strip() for s in span)
            found = sorted(
                [(at, d, False) for at, d in _days(joined, said_on)]
                + [(at, d, True) for at, d in _months(joined, said_on)]
            )
            for _, day, month in found:
                same = (day.year, day.month) == (planned.year, planned.month) if month else day == planned
                if not same:
                    return Moved(day, month, joined)
    return None


def within(moved: Moved, period: DateRange) -> bool | None:
    """Does the moved day fall in `period`? A month alone that only partly overlaps it cannot say (None)."""
    start, end = period.start, period.end
    first = moved.day
    last = (
        first if not moved.month else date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)
    )
    if (start is None or first >= start) and (end is None or last <= end):
        return True
    if (end is not None and first > end) or (start is not None and last < start):
        return False
    return None


# The words a lead uses when the whole project's finish moves: "completion slips from 31 January to 14 March",
# "end date moves from 31 January to 31 March 2028", "now expected to finish in April".
_FINISH = (("completion",), ("end", "date"), ("finish",))


def finish_moved(texts: Iterable[str | None], planned: date, said_on: date | None) -> Moved | None:
    """The finish the latest update now gives, in its own words, when it is not the plan's end date."""
    texts = list(texts)
    for words in _FINISH:
        moved = moved_to(texts, words, planned, said_on)
        if moved is not None and moved.day > planned - timedelta(days=366):
            return _moved_to_the_last(moved, said_on)
    return None


def _moved_to_the_last(moved: Moved, said_on: date | None) -> Moved:
    """'slips from 31 January to 14 March': the day it moved to, the last said, not the one it moved from."""
    days = sorted(_days(moved.words, said_on))
    if len(days) > 1 and re.search(r"\bfrom\b.+\bto\b", moved.words, re.I):
        return Moved(days[-1][1], False, moved.words)
    return moved

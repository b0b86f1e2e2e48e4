"""What the plan and the updates say about one thing a question names by its own words ("the DWP agreement",
"the go-live", "the switchover"): which milestone titles name it, which sentence of an update mentions it,
and the dates such a sentence gives ("public launch planned for 12 January").

Words match by their start (five letters, "launched" finds "launch") at the start of a word, so "live" is found
in "go-live" but not in "delivered".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from datetime import date, timedelta
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}(?:\s+(\d{{4}}))?\b", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_SENTENCE = re.compile(r"(?:[^.;!?]|(?<=\d)\.(?=\d))+[.;!?]?")  # "4.1 out of 5" is not two sentences


# Words that ask whether something has happened yet ("is the app launched yet?", "has it hit the milestone?").
DONE_WORDS = frozenset(
    "done complete completed finished launched live installed signed configured delivered passed "
    "achieved happened approved agreed tested opened ready finalised finalized appointed issued "
    "ordered migrated built procured awarded published started rolled hit met reached happen "
    "occurred held pass finish complete launch install sign deliver approve agree appoint publish".split()
)

# Words for the same event: a project "going live" has its launch, its go-live, its roll-out.
SAME = [
    frozenset({"live", "golive", "launch", "launched", "launching", "rollout", "rolled"}),
    frozenset({"signed", "sign", "signature", "agreed", "agreement"}),
    frozenset({"finish", "finished", "complete", "completed", "completion", "closure", "close"}),
    frozenset({"money", "funding", "funds", "fund", "allocation", "budget", "grant", "cash"}),
    frozenset({"visits", "visitors", "visit", "views"}),
    frozenset({"installed", "install", "installation", "fitted", "fit"}),
    frozenset({"lent", "loaned", "lend", "lending", "borrowed"}),
]


# Words that ask for a figure as it stands today: an earlier update's figure may have moved on since.
_NOW = ("now", "currently", "so far", "to date", "at the moment", "at present", "today", "latest", "right now")


def asks_now(text: str) -> bool:
    """'how many customers are on digital now?', '… so far': the figure as it stands, which only the latest update
    gives (an earlier one's may have moved on)."""
    padded = f" {text} "
    return any(f" {w} " in padded for w in _NOW)


def _stems(words: Iterable[str]) -> list[re.Pattern[str]]:
    """One pattern per word, matching the start of that word or of a word meaning the same."""
    out = []
    for w in words:
        if w.isdigit():  # "the 20 care homes milestone": that number, not 200 or 2020
            out.append(re.compile(r"(?<![\d,.])" + re.escape(w) + r"(?![\d,])"))
            continue
        if len(w) <= 2:
            continue
        forms = {w.lower()} | next((group for group in SAME if w.lower() in group), frozenset())
        out.append(re.compile("|".join(r"\b" + re.escape(f[:5]) for f in sorted(forms))))
    return out


def names_it(text: str | None, words: Collection[str]) -> bool:
    """Does `text` (a milestone's title, a sentence) mention every one of `words` (or a word for the same)? Words
    that only ask whether it happened ("hit", "done", "signed") need not be in it when others name it."""
    return namer(words)(text)


def namer(words: Collection[str]) -> Callable[[str | None], bool]:
    """`names_it` for many texts: the words' patterns made once ("when is the parking launch due?" is read against
    every milestone title of the plan)."""
    words = [w for w in words if w not in DONE_WORDS] or list(words)
    stems = _stems(words)

    def names(text: str | None) -> bool:
        lowered = (text or "").lower()
        joined = lowered.replace("-", "")  # "Pre-paid cards issued" names "prepaid"
        return bool(stems) and all(s.search(lowered) or s.search(joined) for s in stems)

    return names


def in_titles(words: Collection[str], titles: Iterable[str], *, keep_rest: bool = False) -> tuple[str, ...]:
    """Of `words`, those some title names (a slip of one letter mended to the title's word: "paegs" is "pages");
    the rest ("now", "ta") say nothing about which milestone is meant, and are dropped unless `keep_rest`."""
    vocabulary, joined = _vocabulary(tuple(titles))
    out = []
    for w in words:
        if names_it(joined, [w]):
            out.append(w)
            continue
        if len(w) >= 5 and w.isalpha():  # "case" is no slip for "care"
            near = process.extractOne(w, vocabulary, scorer=OSA.distance, score_cutoff=1)
            if near is not None and near[0] not in words:
                out.append(near[0])
                continue
        if keep_rest:
            out.append(w)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=8)
def _vocabulary(titles: tuple[str, ...]) -> tuple[list[str], str]:
    """The words of `titles`, sorted and joined: made once while the titles stay as they are."""
    vocabulary = sorted({w for t in titles for w in re.findall(r"[a-z0-9]+", t.lower())})
    return vocabulary, " ".join(vocabulary)


def dates_in(text: str, said_on: date | None) -> list[date]:
    """Days written out in `text` ("27 April 2027", "12 January", "January 12th"), in order; a day without a year
    is the first such day from a month before `said_on` (an update of December planning for "12 January")."""
    found: list[tuple[int, date]] = []
    for pattern, day_at, month_at in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        for m in pattern.finditer(text or ""):
            day, month, year = int(m.group(day_at)), MONTHS[m.group(month_at).lower()[:3]], m.group(3)
            try:
                if year:
                    d = date(int(year), month, day)
                else:
                    base = said_on or date.today()
                    d = date(base.year, month, day)
                    if d < base - timedelta(days=31):
                        d = date(base.year + 1, month, day)
            except ValueError:
                continue
            found.append((m.start(), d))
    return [d for _, d in sorted(found)]


def sentences(text: str | None) -> list[str]:
    """The sentences of `text` ("4.1 out of 5" is one)."""
    return [str(s) for s in _SENTENCE.findall(text or "")]


def sentence_about(
    texts: Iterable[str | None], words: Collection[str], *, said_on: date | None = None, dated: bool = False
) -> str | None:
    """The first sentence of `texts` that mentions every one of `words` (and gives a day, if `dated`)."""
    for text in texts:
        for sentence in _SENTENCE.findall(text or ""):
            if names_it(sentence, words) and (not dated or dates_in(sentence, said_on)):
                return str(sentence).strip()
    return None


# A figure: a number, an amount of money or a percentage ("6,800", "£14,500", "81%", "two vehicles a day").
_FIGURE = re.compile(
    r"£\s?\d|\d[\d,.]*\s?(%|per ?cent|k\b|m\b)?|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|half|dozen)\b",
    re.I,
)


# A year ("slipped to February 2028", "the 2027/28 budget") is a day's, not a figure asked about.
_YEAR = re.compile(r"(?<![\d£$,.])(?:19|20)\d\d(?:/\d\d)?(?![\d,%])")


# A numbered thing asked about ("round 1", "cohort 3"), not a day ("21 december") or a year; and what "how many" counts.
_NUMBERED = re.compile(
    r"\b([a-z]{3,})\s+(\d{1,3})\b(?!\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
)
_HOW_MANY = re.compile(r"\bhow many ([a-z]+)(?:\s+([a-z]+))?")


def unmet(question: str, sentence: str, words: Collection[str]) -> str:
    """What `question` pins down that `sentence` does not say ("cohort 1" of a sentence about cohort 3; "staff" of
    "how many staff …" in a sentence about data feeds), or "": a sentence near the words but about another numbered
    thing, or not about what is counted, gives a figure that is confidently wrong."""
    q, s = question.lower(), sentence.lower()
    for word, number in _NUMBERED.findall(q):
        if word in words and not re.search(rf"\b{re.escape(word[:5])}[a-z]*\s+(?:no\.?\s*)?{number}(?![\d,])", s):
            return f"{word} {number}"
    counted = _HOW_MANY.search(q)
    if counted and counted.group(1) in words and counted.group(1) not in DONE_WORDS | _WHO:
        word, then = counted.group(1), counted.group(2) or ""
        head = [word] + ([then] if then in words and then.endswith("s") and not then.endswith("ss") else [])
        if not any(p.search(s) for p in _stems(head)):  # "how many phone numbers": "numbers ported" says it
            return word
    return ""


# Whom a figure counts, often left unsaid in the sentence that gives it ("1,200 helped so far"): never required.
_WHO = frozenset("people persons residents customers users households".split())


def best_sentence(
    updates: Iterable[tuple[Iterable[str | None], date | None]],
    words: Collection[str],
    *,
    need: str = "",
    question: str = "",
) -> tuple[int, str] | None:
    """The sentence of the updates (newest first: each its texts and the day it was sent) that says what was asked
    about and, when `need` is "figure" or "date", gives a number or a day (a day is not a figure). The latest update
    answers if one of its sentences says at least half of `words` (what is true now); an earlier one only if it says
    all but one of them (two when there are more than two). Every number asked about must be there ("parallel run
    1", never run 2), and what `question` pins down besides (`unmet`); more words said wins, a tie goes to the newer
    update. Returns (the update's place in `updates`, the sentence), or None: a sentence that does not say what was
    asked about is never the answer."""
    asked = list(words) if need == "figure" else [w for w in words if w not in DONE_WORDS] or list(words)
    stems = _stems(asked)
    numbers = _stems([w for w in asked if w.isdigit()])
    if not stems:
        return None
    strict = len(stems) if len(stems) <= 2 else max(2, len(stems) - 1)
    best: tuple[int, int, str] | None = None  # (words found, update's place, sentence)
    for place, (texts, said_on) in enumerate(updates):
        enough = max(1, (len(stems) + 1) // 2) if place == 0 else strict
        if best is not None and place > 0 and best[1] == 0:
            break  # the latest update said it: what is true now
        for text in texts:
            for sentence in _SENTENCE.findall(text or ""):
                lowered = sentence.lower()
                found = sum(1 for s in stems if s.search(lowered))
                if found < enough or (best is not None and found <= best[0]):
                    continue
                if not all(n.search(lowered) for n in numbers) or (question and unmet(question, sentence, words)):
                    continue
                if need == "figure" and not _FIGURE.search(
                    _YEAR.sub("", _MONTH_DAY.sub("", _DAY_MONTH.sub("", sentence)))
                ):
                    continue
                if need == "date" and not dates_in(sentence, said_on):
                    continue
                best = (found, place, str(sentence).strip())
    return (best[1], best[2]) if best else None

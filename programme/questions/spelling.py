"""Mending typos ("overdeu", "leadign", "broadbnd", "wearhouse") without "correcting" real words.

A word is left alone when it is a word of the plan (a project, person, area or enabler name), a word the
parser knows, an English word (the word list symspellpy ships, read by the service layer and handed in
here), or a British spelling of one ("colour", "programme", "prioritise", "centre", "travelling"). Anything
else is mended towards the nearest plan or parser word within one edit (short words) or two (long ones),
transpositions counting as one: "laed" is "lead", "admisions" is "admissions".
"""

from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

# British endings and the American ones a US-spelled word list has instead.
_BRITISH = (
    (r"isation$", "ization"),
    (r"isations$", "izations"),
    (r"ise$", "ize"),
    (r"ised$", "ized"),
    (r"ises$", "izes"),
    (r"ising$", "izing"),
    (r"our$", "or"),
    (r"ours$", "ors"),
    (r"oured$", "ored"),
    (r"ouring$", "oring"),
    (r"tre$", "ter"),
    (r"tres$", "ters"),
    (r"lled$", "led"),
    (r"lling$", "ling"),
    (r"ller$", "ler"),
    (r"ogue$", "og"),
    (r"ogues$", "ogs"),
    (r"ence$", "ense"),
    (r"yse$", "yze"),
    (r"ysed$", "yzed"),
    (r"amme$", "am"),
    (r"ammes$", "ams"),
    (r"^paed", "ped"),
    (r"haem", "hem"),
    (r"anaes", "anes"),
    (r"aemia", "emia"),
    (r"^oestr", "estr"),
    (r"ement$", "ment"),
    (r"eable$", "able"),
)
_BRITISH_WORDS = frozenset(
    "programme programmes colour colours organisation organisations centre centres licence "
    "cheque enrol enrolment fulfil whilst amongst learnt spelt towards grey tyre kerb aluminium "
    "favour favourite behaviour neighbour labour honour rumour councillor councillors "
    "judgement ageing acknowledgement".split()
)


def british(word: str, english: frozenset[str]) -> bool:
    """Is `word` a British spelling of a word the (American-spelled) word list has?"""
    if word in _BRITISH_WORDS:
        return True
    return any(re.search(pat, word) and re.sub(pat, us, word) in english for pat, us in _BRITISH)


class Speller:
    """Built once per plan (its words change when the plan does); `correct` is cheap per question."""

    def __init__(self, domain: frozenset[str], english: frozenset[str] = frozenset()) -> None:
        self.domain = domain
        self.english = english
        self._choices = sorted(w for w in domain if w.isalpha() and len(w) >= 3)

    def known(self, word: str) -> bool:
        return word in self.domain or word in self.english or british(word, self.english)

    def mend(self, word: str) -> str:
        """`word`, or the plan or parser word it is a typo of."""
        if len(word) < 4 or not word.isalpha() or self.known(word):
            return word
        if word.endswith("s") and self.known(word[:-1]):
            return word
        limit = 1 if len(word) <= 5 else 2
        found = process.extract(word, self._choices, scorer=OSA.distance, score_cutoff=limit, limit=5)
        if not found:
            return word
        best = min(d for _, d, _ in found)
        nearest = [w for w, d, _ in found if d == best]
        same_start = [w for w in nearest if w[0] == word[0]]
        pick = same_start or nearest
        return pick[0] if len(pick) == 1 or best == 1 else word

    def correct(self, tokens: list[str]) -> list[str]:
        return [self.mend(t) for t in tokens]

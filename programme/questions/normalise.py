"""Turning what people type in Teams into words the parser can compare.

Channel messages arrive with the bot's mention in them (`<at>Digital First</at> who leads …`);
people write "whos", "wot", "r", typo keywords and UK dates. The same `words()` function is applied
to project names and aliases, so "Children's social care" and "childrens social care" compare equal.
"""

from __future__ import annotations

import html
import re
import unicodedata

from rapidfuzz import fuzz, process

MAX_QUESTION_CHARS = 400  # longer than any real question; bounds the matching work

_MENTION = re.compile(r"<at[^>]*>.*?</at>", re.I | re.S)
_TAG = re.compile(r"<[^>]{0,200}>")
_AT_NAME = re.compile(r"^\s*@(digital\s+first(\s+bot)?|\S+)\s*[:,]?", re.I)
_APOSTROPHE_S = re.compile(r"(\w)'s\b")
_APOSTROPHE = re.compile(r"(\w)'(\w)")
_PUNCT = re.compile(r"[^\w%/\-.' ]+")
_LOOSE_PUNCT = re.compile(r"(?<!\d)[/.\-]|[/.\-](?!\d)")

# Teams shorthand, slang and contractions, word for word.
SHORTHAND = {
    "whos": "who is",
    "who's": "who is",
    "wot": "what",
    "wat": "what",
    "wht": "what",
    "whats": "what is",
    "what's": "what is",
    "wich": "which",
    "whihc": "which",
    "whcih": "which",
    "r": "are",
    "u": "you",
    "ur": "your",
    "thats": "that is",
    "whens": "when is",
    "when's": "when is",
    "which's": "which is",
    "wheres": "where is",
    "isnt": "is not",
    "isn't": "is not",
    "hasnt": "has not",
    "hasn't": "has not",
    "havent": "have not",
    "haven't": "have not",
    "didnt": "did not",
    "didn't": "did not",
    "dont": "do not",
    "don't": "do not",
    "arent": "are not",
    "aren't": "are not",
    "wont": "will not",
    "won't": "will not",
    "ppl": "people",
    "proj": "project",
    "projs": "projects",
    "prog": "programme",
    "program": "programme",
    "wk": "week",
    "wks": "weeks",
    "mth": "month",
    "mths": "months",
    "tmrw": "tomorrow",
    "yday": "yesterday",
    "comms": "communications",
    "ig": "information governance",
    "infosec": "cyber security",
    "cybersecurity": "cyber security",
    "hows": "how is",
    "how's": "how is",
    "where's": "where is",
    "that's": "that is",
    "there's": "there is",
    "it's": "it is",
    "o365": "office 365",
    "nxt": "next",
    "amb": "amber",
    "grn": "green",
    "info": "information",
    "fortnight's": "fortnight",
    "hes": "he is",
    "shes": "she is",
    "theyre": "they are",
    "they're": "they are",
    # abbreviations of words in names (names are read through the same table, so both sides agree)
    "st": "street",
    "rd": "road",
    "mgmt": "management",
    "mgt": "management",
    "dept": "department",
    "govt": "government",
    "assmt": "assessment",
    "cttee": "committee",
    "intl": "international",
    "abt": "about",
    "w/": "with",
    "thru": "through",
    "tho": "though",
    "pls": "please",
    "plz": "please",
    "atm": "at the moment",
    # slips in the little question words (long ones are mended by the speller; these are too short for it)
    "teh": "the",
    "hte": "the",
    "adn": "and",
    "waht": "what",
    "whta": "what",
    "wehn": "when",
    "hwen": "when",
    "hwich": "which",
    "wihch": "which",
}

# "hwo" is "how" or "who", told apart by the next word; "sine" is "since" before a point in time
_SLIPS = (
    (re.compile(r"\bhwo(?= (?:many|much|long|far|often|come)\b)"), "how"),
    (re.compile(r"\bhwo(?= (?:leads|led|runs|ran|manages|owns|is the lead|is leading|is in charge)\b)"), "who"),
    (re.compile(r"\b(\d{1,3})\s*(?:per\s*cent|percent)\b"), r"\1%"),
    (re.compile(r"\bthe\s+hold\s*ups?\b"), "the holdup"),  # "what's the hold-up": one word, the why
    (re.compile(r"\b(?:past|over|beyond|more than)\s+(?:the\s+)?half\s*way(?:\s+(?:mark|point))?"), "over 50%"),
    (re.compile(r"\b(?:under|below|less than|not yet)\s+(?:the\s+)?half\s*way(?:\s+(?:mark|point))?"), "under 50%"),
    (
        re.compile(r"\bsine(?= (?:the last|last|the start|yesterday|monday|tuesday|wednesday|thursday|friday|\d))"),
        "since",
    ),
)


def clean(text: str) -> str:
    """Lower-case text with mentions, tags and most punctuation removed; date punctuation kept."""
    text = (text or "")[: MAX_QUESTION_CHARS * 2]
    text = _MENTION.sub(" ", text)
    text = html.unescape(_TAG.sub(" ", text))
    text = _AT_NAME.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = text.lower().replace("&", " and ").replace("wi-fi", "wifi").replace("wi fi", "wifi")
    text = _LOOSE_PUNCT.sub(" ", _PUNCT.sub(" ", text))
    for slip, word in _SLIPS:
        text = slip.sub(word, text)
    text = " ".join(SHORTHAND.get(w, w) for w in text.split())
    text = _APOSTROPHE.sub(r"\1\2", _APOSTROPHE_S.sub(r"\1", text)).replace("'", " ")
    text = " ".join(SHORTHAND.get(w, w) for w in text.split())  # again, for "wot's" -> "wot" -> "what"
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


def words(text: str) -> list[str]:
    """The words of a name or question, after `clean`, as a list."""
    return clean(text).split()


def phrase(text: str) -> str:
    """A name as a comparable string: 'Children's social care' -> 'children social care'."""
    return " ".join(words(text))


def ref_key(text: str) -> str:
    """Refs compare without separators or leading zeros: 'CAR-01', 'car 1', 'car01' -> 'car1'."""
    t = re.sub(r"[^a-z0-9]", "", (text or "").lower())
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", t)


def correct(tokens: list[str], keywords: frozenset[str], known: frozenset[str]) -> list[str]:
    """Mend typos in keywords ('blokers', 'milestons') without touching words we already know.

    Only words of five letters or more, towards keywords of five or more that start with the same
    letter: 'read' is not 'red', 'never' is not 'ever', and 'lead' is not 'leeds'.
    """
    by_letter: dict[str, list[str]] = {}
    for k in sorted(keywords):
        if len(k) >= 5:
            by_letter.setdefault(k[0], []).append(k)
    out = []
    for t in tokens:
        if t in known or len(t) < 5 or not t.isalpha():
            out.append(t)
            continue
        best = process.extractOne(t, by_letter.get(t[0], []), scorer=fuzz.ratio, score_cutoff=85)
        out.append(best[0] if best else t)
    return out

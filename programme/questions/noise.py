"""The words around a question that ask nothing: greetings, thanks and fillers ("morning!", "quick one",
"ta", "please", "cheers"). They are taken off before anything reads the question, so they never reach a
full-text search, and a message made of nothing else is small talk, answered in kind.

Works on text already through `normalise.clean` (lower case, punctuation mostly gone).
"""

from __future__ import annotations

import re

from .wishes import ABILITY, PRAISE, WISHES

GREETING = (
    "hope you are well",
    "hope youre well",
    "hope you re well",
    "hope all is well",
    "hope you are ok",
    "hope youre ok",
    "how are you doing today",
    "how are you today",
    "how are you doing",
    "how are you",
    "happy easter",
    "happy christmas",
    "merry christmas",
    "happy new year",
    "happy holidays",
    "season s greetings",
    "seasons greetings",
    "is anyone there",
    "is anybody there",
    "anyone there",
    "anybody there",
    "are you there",
    "you there",
    "gm",
    "how are things",
    "how is it going",
    "hope you had a good weekend",
    "hope you had a nice weekend",
    "happy friday",
    "happy monday",
    "good morning",
    "good afternoon",
    "good evening",
    "morning all",
    "afternoon all",
    "hi all",
    "hello all",
    "hey all",
    "hi there",
    "hello there",
    "hey there",
    "morning",
    "afternoon",
    "evening",
    "hiya",
    "hello",
    "hey",
    "hi",
    "yo",
    "all",
    "team",
    "folks",
    "everyone",
)
THANKS = (
    "ta very much",
    "thanks v much",
    "thank you v much",
    "cheers v much",
    "cheers very much",
    "ta v much",
    "thanks ever so much",
    "thank you ever so much",
    "much obliged",
    "very much appreciated",
    "very much",
    "v much",
    "thanks loads",
    "thanks a million",
    "thanks muchly",
    "you are a star",
    "youre a star",
    "you are a legend",
    "youre a legend",
    "amazing",
    "wonderful",
    "excellent",
    "thanks very much",
    "thank you very much",
    "thanks so much",
    "thank you so much",
    "many thanks",
    "thanks a lot",
    "thanks in advance",
    "thanks again",
    "thank you",
    "thankyou",
    "thanks",
    "thx",
    "ty",
    "cheers",
    "ta",
    "brill",
    "brilliant",
    "great stuff",
    "great",
    "lovely",
    "perfect",
    "fab",
    "fantastic",
    "nice one",
    "nice",
    "cool",
    "super",
    "awesome",
    "ace",
    "ok",
    "okay",
    "right",
    "got it",
    "noted",
    "that is really helpful",
    "that is helpful",
    "that is great",
    "that is brilliant",
    "thanks for your help",
    "thanks for the help",
    "thank you for your help",
    "thank you for the help",
    "cheers for your help",
    "cheers for the help",
    "that is really useful",
    "that is very useful",
    "that is useful",
    "really useful",
    "very useful",
    "lol",
    "haha",
    "that helps",
    "really helpful",
    "very helpful",
    "helpful",
    "much appreciated",
    "appreciated",
    "no worries",
    "bye",
    "see you",
    "have a good day",
    "will do",
    "that is all",
    "all good",
    "sorted",
)
FILLER = (
    "quick one",
    "quick question",
    "just a quick one",
    "just wondering",
    "i was wondering",
    "wondering",
    "can you tell me",
    "could you tell me",
    "can you let me know",
    "could you let me know",
    "do you know",
    "can you please",
    "could you please",
    "can you",
    "could you",
    "would you",
    "please",
    "pls",
    "plz",
    "if you can",
    "if possible",
    "by the way",
    "btw",
    "also",
    "oh and",
    "and also",
    "anyway",
    "one more",
    "another one",
    "sorry",
    "so",
    "then",
    "anywhere",
    "asap",
    "when you get a chance",
    "in advance",
    "mate",
    "bot",
    "digital first bot",
    "digital first",
    "df bot",
)

_PHRASES = sorted(set(GREETING) | set(THANKS) | set(FILLER) | set(WISHES) | set(PRAISE), key=len, reverse=True)
_LEADING = re.compile(r"^(?:(?:" + "|".join(re.escape(p) for p in _PHRASES) + r")\b\s*)+")
_TRAILING = re.compile(
    r"(?<!this)(?<!the)(?<!that)(?<!this )(?<!the )(?<!that )(?:\s*\b(?:"
    + "|".join(re.escape(p) for p in _PHRASES)
    + r"))+$"
)
_INSIDE = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(p)
        for p in sorted(
            set(FILLER)
            - {"so", "then", "also", "anyway", "right", "sorry", "one more", "another one", "bot", "digital first"},
            key=len,
            reverse=True,
        )
    )
    + r")\b"
)
_SMALL = re.compile(r"^(?:(?:" + "|".join(re.escape(p) for p in _PHRASES) + r")\b\s*)+$")
_THANKS = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in THANKS + PRAISE if p not in ("ok", "okay", "right")) + r")\b"
)
_GREETED = re.compile(r"^(?:(?:" + "|".join(re.escape(p) for p in GREETING if p not in ("all", "team")) + r")\b\s*)+")
_WISHES = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in WISHES) + r")\b")


# The words of greetings, thanks and fillers that say nothing else, long enough to know with a slip in them
# ("qick", "cheeers", "pleae"); a word that is also a plain word ("could", "first", "right") is not one of them.
_WORDS = frozenset(
    "quick cheers please thanks thank morning afternoon evening hello brilliant lovely perfect wonderful wondering"
    " appreciated excellent fantastic awesome amazing helpful everyone".split()
)


def _slips(word: str) -> set[str]:
    """`word` with one letter inside it taken out, or two letters inside it swapped. The first and last letters
    are kept ("note" is never "noted", "lease" never "please")."""
    out = set()
    for i in range(1, len(word) - 1):
        out.add(word[:i] + word[i + 1 :])
        if i < len(word) - 2:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    return out


def _with_slip(word: str) -> str | None:
    """The filler word `word` is with a letter dropped ("qick", "pleae"), added ("cheeers") or two swapped ("qucik"),
    else None."""
    if len(word) < 4 or word in _WORDS:
        return None
    for filler in _WORDS:
        if abs(len(filler) - len(word)) > 1 or filler[0] != word[0] or filler[-1] != word[-1]:
            continue
        if word in _slips(filler) and len(word) < len(filler) or filler in _slips(word) and len(word) >= len(filler):
            return filler
    return None


def mend(text: str, keep: frozenset[str] = frozenset()) -> str:
    """`text` with the greeting, thanks and filler words typed with a slip spelt right ("qick one" -> "quick one",
    "cheeers" -> "cheers"); a word in `keep` (the plan's words, the question words) is never changed."""
    words = text.split()
    return " ".join(w if w in keep else (_with_slip(w) or w) for w in words)


def strip(text: str) -> str:
    """The question without the greeting before it, the thanks after it, and fillers inside it."""
    rest = _LEADING.sub("", text.strip())
    rest = _TRAILING.sub("", rest)
    rest = _INSIDE.sub(" ", rest)
    return " ".join(rest.split())


def small_talk(text: str) -> str | None:
    """'wishes' ("have a good half term!"), 'thanks' or 'hello' when the whole message is greetings, thanks and
    good wishes (and fillers), or a greeting before "what can you do", else None."""
    text = text.strip()
    if _GREETED.match(text) and _GREETED.sub("", text).strip() in ABILITY:
        return "hello"  # "hi there, what can you do?": hello, with a question to try (alone, it asks for help)
    if not text or not _SMALL.match(text):
        return None
    return "wishes" if _WISHES.search(text) else "thanks" if _THANKS.search(text) else "hello"


# Words a date is said with, and the words before one: "in mach 2028", "the next moth" are March and month
_DATE_WORDS = (
    "january february march april june july august september october november december".split()
    + "month months week weeks fortnight".split()
)
_BEFORE_A_DATE = frozenset("in next this last by of until till during since early late mid end".split())


def date_words(words: list[str], keep: frozenset[str] = frozenset()) -> list[str]:
    """`words` with a date word typed with a slip (a letter dropped, added or two swapped: "mach", "moth", "weeek")
    spelt right where a date is expected — after "in", "next", "this", "by", "of" and the like, or before a year —
    even when the slip is another English word; a word of the plan (`keep`) or anywhere else is left alone."""
    out = list(words)
    for i, w in enumerate(words):
        if len(w) < 4 or w in keep or w in _DATE_WORDS:
            continue
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if before not in _BEFORE_A_DATE and not (after.isdigit() and len(after) == 4):
            continue
        for d in _DATE_WORDS:
            if abs(len(d) - len(w)) <= 1 and d[0] == w[0] and (w in _slips(d) or d in _slips(w)):
                out[i] = d
                break
    return out

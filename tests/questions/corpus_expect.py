"""Scoring one answer against a corpus expectation: correct, "not sure", or wrong (a confident wrong answer).

The corpus format (tests/questions/corpus/*/tuning.yaml) names only what matters for each question:
  projects, leads, deputies, people   as sets (exactly these)
  rag, progress, count, since, until  exactly this value (dates as ISO days)
  answer                              yes / no (YAML reads them as true / false): the answer's yes or no
  dates                               ISO days the answer must state (it may state others)
  field                               which part of a project the answer is about
  text_contains / text_excludes       words in / not in what the person reads (case-insensitive)
  not_sure, ambiguous, refused, small_talk   the kind of reply wanted (ambiguous lists the refs offered)
  parts                               several questions in one message: one expectation per part
  excluded                            the question is skipped (a reason is given)

"Not sure" (no answer, a pick offered, a refusal, a friendly word) is not correct but states nothing
false; an answer that states something false or incomplete is wrong.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

NOT_SURE_KINDS = {"unknown", "not_found", "ambiguous"}
NON_ANSWERS = NOT_SURE_KINDS | {"refused", "small_talk", "help"}
SET_KEYS = ("projects", "leads", "deputies", "people")
EXACT_KEYS = ("rag", "progress", "count", "since", "until")
KIND_KEYS = ("not_sure", "ambiguous", "refused", "small_talk")


def _norm(value) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return " ".join(str(value).split()).casefold()


def _plain(text: str) -> str:
    """What a person reads: Markdown escapes and emphasis taken off, whitespace folded."""
    text = re.sub(r"\\(.)", r"\1", text or "")
    return " ".join(text.replace("**", "").replace("_", " ").split())


def score(expect: dict, data: dict, text: str, card: dict | None = None) -> tuple[str, str]:
    """(verdict, why) for one reply: `data` is the answer's structured facts, `text` what was shown."""
    if "parts" in expect:
        return _score_parts(expect["parts"], data, text, card)
    if data.get("parts") and not any(k in expect for k in KIND_KEYS):
        return _score_in_parts(expect, data, text, card)
    return _score_one(expect, data, text, card)


def _score_one(expect: dict, data: dict, text: str, card: dict | None) -> tuple[str, str]:
    kind = data.get("kind", "")
    for key in KIND_KEYS:
        if key in expect:
            return _score_kind(key, expect[key], kind, data)
    if kind in NON_ANSWERS:
        return "not_sure", kind
    problems = mismatches(expect, data, text, card)
    return ("wrong", "; ".join(problems)) if problems else ("correct", "")


def _score_kind(key: str, want, kind: str, data: dict) -> tuple[str, str]:
    wanted_kind = {"not_sure": None, "ambiguous": "ambiguous", "refused": "refused", "small_talk": "small_talk"}[key]
    if key == "not_sure":
        return ("correct", "") if kind in NOT_SURE_KINDS else ("wrong", f"answered ({kind}) where no answer exists")
    if kind == wanted_kind:
        if key == "ambiguous" and isinstance(want, list):
            missing = {_norm(r) for r in want} - {_norm(r) for r in data.get("candidates", [])}
            if missing:
                return "not_sure", f"pick offered without {sorted(missing)}"
        return "correct", ""
    if kind in NON_ANSWERS:
        return "not_sure", f"{kind} instead of {key}"
    return "wrong", f"answered ({kind}) instead of {key}"


def mismatches(expect: dict, data: dict, text: str, card: dict | None) -> list[str]:
    out = []
    plain = _plain(text).casefold()
    shown = (plain + " " + _plain(json.dumps(card or {}, ensure_ascii=False))).casefold()
    for key, want in expect.items():
        if key in SET_KEYS:
            got = {_norm(x) for x in data.get(key) or []}
            if got != {_norm(x) for x in want or []}:
                out.append(f"{key} {sorted(got)} != {sorted(_norm(x) for x in want or [])}")
        elif key in EXACT_KEYS:
            if _norm(data.get(key)) != _norm(want):
                out.append(f"{key} {data.get(key)!r} != {want!r}")
        elif key == "answer":
            wanted = "yes" if want is True or _norm(want) == "yes" else "no"
            if data.get("answer") != wanted:
                out.append(f"answer {data.get('answer')!r} != {wanted!r}")
        elif key == "dates":
            missing = {_norm(d) for d in want} - {_norm(d) for d in data.get("dates") or []}
            if missing:
                out.append(f"dates lack {sorted(missing)} (gave {data.get('dates')})")
        elif key == "field":
            fields = data.get("fields") or [data.get("field")]
            if want not in fields:
                out.append(f"field {fields} lacks {want!r}")
        elif key == "text_contains":
            out += [f"text lacks {w!r}" for w in want if _plain(str(w)).casefold() not in plain]
        elif key == "text_excludes":
            out += [f"shows {w!r}" for w in want if _plain(str(w)).casefold() in shown]
        elif key not in ("excluded",):
            out.append(f"unknown expectation key {key!r}")
    return out


def _score_parts(parts: list[dict], data: dict, text: str, card: dict | None) -> tuple[str, str]:
    """Every expected part answered correctly by some part of the reply; a part left out (the reply says
    which) is "not sure"; a part answered wrongly makes the whole reply wrong."""
    answered = list(data.get("parts") or [data])
    unused = list(range(len(answered)))
    verdicts, whys = [], []
    for i, want in enumerate(parts):
        found = next((j for j in unused if _score_one(want, answered[j], text, card)[0] == "correct"), None)
        if found is not None:
            unused.remove(found)
            verdicts.append("correct")
            continue
        tried = [(j, _score_one(want, answered[j], text, card)) for j in unused]
        wrong = [(j, why) for j, (v, why) in tried if v == "wrong"]
        if wrong and len(answered) >= len(parts):
            j, why = wrong[0]
            unused.remove(j)
            verdicts.append("wrong")
            whys.append(f"part {i + 1}: {why}")
        else:
            verdicts.append("not_sure")
            whys.append(f"part {i + 1}: not answered")
    verdict = "wrong" if "wrong" in verdicts else "not_sure" if "not_sure" in verdicts else "correct"
    return verdict, "; ".join(whys)


def _score_in_parts(expect: dict, data: dict, text: str, card: dict | None) -> tuple[str, str]:
    """One question expected, several answered ("thanks! also, who leads X?"): one part must be it."""
    results = [_score_one(expect, part, text, card) for part in data["parts"]]
    for verdict in ("correct", "wrong", "not_sure"):
        for v, why in results:
            if v == verdict:
                return v, why
    return "not_sure", "no part"

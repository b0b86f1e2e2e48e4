"""The answers that are not facts about the programme: "not sure" with questions that work, a pick when a
name fits several projects, a polite refusal that says who may see it, not found, small talk, help; and
`combine`, which puts the answers to several questions in one message together.
"""

from __future__ import annotations

from typing import Any

from . import cards as c
from . import query as q
from .answer_base import FIELD_TITLES, Answer, _k, _Out, _t
from .results import AMBIGUOUS, NOT_FOUND, REFUSED, Result
from .suggest import general_examples
from .vocab import Vocabulary


def _ambiguous(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    cands = result.query.candidates
    out.head("Which one did you mean?")
    out.say("That could be more than one:", "That could be more than one. Pick one:")
    out.items([_t(x.label) for x in cands], [_k(x.label) for x in cands])
    for x in cands[:5]:  # a card carries at most five actions (the renderer refuses more); all are listed above
        out.actions.append(c.ask_button(x.label[:60], _rephrase(result.query, x)))
    data = {"candidates": [x.ref or x.label for x in cands], "suggestions": [_rephrase(result.query, x) for x in cands]}
    return out.answer(AMBIGUOUS, data)


def _rephrase(qy: q.Query, cand: q.Candidate) -> str:
    """The same question about one candidate, in words the parser reads back the same way."""
    if cand.kind == "person":
        return f"what does {cand.label} lead?"
    ref = cand.ref or cand.label
    if qy.intent == q.PROJECT_LEADS:
        return f"who leads {ref}?"
    if qy.intent == q.PROJECT_FIELD and qy.field:
        return f"{FIELD_TITLES.get(qy.field, qy.field).lower()} for {ref}"
    return f"tell me about {ref}"


OUTSIDE = (
    "I don't hold that, so I won't guess: I know the plan and the status updates (each project's leads and deputy, "
    "RAG, progress, milestones, blockers, risks and asks of the DLG), not phone numbers, suppliers, budgets or "
    "survey results. Try one of these:"
)


def _unknown(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    qy = result.query
    suggestions = list(qy.suggestions) or list(general_examples(vocab))[:4]
    if qy.date_error:
        out.say(
            f"I'm not sure about that date: {_t(qy.date_error)}.", f"I'm not sure about that date: {_k(qy.date_error)}."
        )
    elif result.message:
        out.say(_t(result.message), _k(result.message))
    elif qy.mode == "outside":  # a phone number, a supplier, a budget: say what it can answer instead
        out.say(OUTSIDE, OUTSIDE)
    else:
        out.say(
            "I'm not sure what you're asking, so I won't guess. Try one of these:",
            "I'm not sure what you're asking, so I won't guess. Try one of these:",
        )
    _offer(out, suggestions)
    return out.answer(q.UNKNOWN if result.kind != NOT_FOUND else NOT_FOUND, {"suggestions": suggestions})


def _not_found(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    name = result.message
    out.say(
        f"I couldn't find a project or person called “{_t(name)}” in the programme.",
        f"I couldn't find a project or person called “{_k(name)}” in the programme.",
    )
    suggestions = list(result.query.suggestions) or list(general_examples(vocab))[:4]
    _offer(out, suggestions)
    return out.answer(NOT_FOUND, {"suggestions": suggestions, "not_found": name})


def _offer(out: _Out, suggestions: list[str]) -> None:
    out.items([_t(s) for s in suggestions], [_k(s) for s in suggestions])
    for s in suggestions[:4]:
        out.actions.append(c.ask_button(s[:60], s))


def _refused(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    out.say(result.message or "Sorry, I can't share that here.")
    return out.answer(REFUSED, {"message": result.message})


def small_talk(kind: str, vocab: Vocabulary) -> Answer:
    """A friendly word back to 'thanks', 'morning!' or 'have a good weekend', with one question to try."""
    out = _Out()
    example = next(iter(general_examples(vocab)), "which projects are red?")
    if kind == "wishes":  # "have a good half term!"
        out.say("Thank you, and you too! I'm here whenever you want to ask about the programme.")
    elif kind == "thanks":
        out.say("You're welcome! Ask me anything else about the programme whenever you like.")
    else:
        out.say(
            f"Hello! Ask me about any Digital First project, for example “{_t(example)}”, or type **help**.",
            f"Hello! Ask me about any Digital First project, for example “{_k(example)}”, or type **help**.",
        )
        out.actions.append(c.ask_button(example[:60], example))
    return out.answer(q.SMALL_TALK, {"kind": q.SMALL_TALK, "small_talk": kind})


NOT_ANSWERED = (q.UNKNOWN, NOT_FOUND, AMBIGUOUS)


def combine(answers: list[tuple[str, Answer]]) -> Answer:
    """One reply to several questions: each answered in turn; a part not understood is left out, and
    the reply says which. One part, or none understood, is that answer alone."""
    if len(answers) == 1:
        return answers[0][1]
    done = [(part, a) for part, a in answers if a.kind not in NOT_ANSWERED]
    if not done:
        return answers[0][1]
    skipped = [part for part, a in answers if a.kind in NOT_ANSWERED]
    lines, body, actions = [], [], []
    for i, (_, a) in enumerate(done):
        lines.append(a.text)
        if a.card:
            if i:
                body.append({"type": "TextBlock", "text": " ", "separator": True, "spacing": "Medium"})
            body += a.card.get("body", [])
            actions += a.card.get("actions", [])
    for part in skipped:
        note = f"I didn't understand “{part.strip()}”, so I left that part out; try asking it on its own."
        lines.append(_t(note))
        body.append(c.para(_k(note), subtle=True))
    data = {"kind": "parts", "parts": [a.data for _, a in done], "skipped": skipped}
    return Answer("parts", "\n\n".join(lines), c.card(body, _unique_actions(actions)[:5] or None), data)


def _unique_actions(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for a in actions:
        key = (a.get("title"), a.get("verb"))
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


HELP_TEXT = "I answer questions about the Digital First programme from the latest updates. For example:"


def _help(result: Result, vocab: Vocabulary, tz: str) -> Answer:
    out = _Out()
    out.head("Ask me about projects")
    out.say(HELP_TEXT)
    examples = list(general_examples(vocab)) + ["anything about funding?"]
    examples = list(dict.fromkeys(examples))
    out.items([_t(e) for e in examples], [_k(e) for e in examples])
    out.say("Follow-ups work too: “and who leads it?”, “what about Digital Care?”.")
    for e in examples[:4]:
        out.actions.append(c.ask_button(e[:60], e))
    return out.answer(q.HELP, {"examples": examples})

"""Work done once per plan is not done again for every question: the plan's vocabulary can hold thousands of
words, and anything built from all of them on each question is paid on every turn."""

from __future__ import annotations

from datetime import date

from programme.questions.lexicon import FILLER
from programme.questions.query import Context
from programme.questions.reading import Reading
from tests.questions.conftest import fixture_vocabulary


class _CountedUnions(frozenset):
    """A word set that counts how often a union is built from it."""

    unions = 0

    def __or__(self, other):
        type(self).unions += 1
        return frozenset(self) | other


def test_the_plans_words_and_the_fillers_are_joined_once_per_plan_not_per_question() -> None:
    vocab = fixture_vocabulary()
    vocab.known = _CountedUnions(vocab.known)
    _CountedUnions.unions = 0
    for text in ("who leads the library app?", "which projects are red?", "what changed since monday?"):
        Reading(text, vocab, Context(), date(2026, 11, 25))
    assert _CountedUnions.unions <= 1
    assert vocab.known_or_filler == frozenset(vocab.known) | FILLER

"""Whole-name matching compares a window only with names of a length that could reach the cut-off; these
tests hold it to what comparing every name gives (the same matches, scores and order, ties included). A
close match must be word by word a typo of the name ("asc case management" is no typo of "care case
management")."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from programme.questions import matcher
from programme.questions.lexicon import STOP
from programme.questions.vocab import PersonEntry, ProjectEntry, TermEntry, Vocabulary

WORDS = (
    "library",
    "transport",
    "care",
    "school",
    "waste",
    "housing",
    "parking",
    "museum",
    "energy",
    "river",
    "bridge",
    "park",
    "market",
    "clinic",
    "records",
    "payments",
    "portal",
    "sensor",
    "training",
    "grant",
    "app",
    "hub",
    "digital",
    "social",
    "virtual",
    "carers",
    "pothole",
    "permits",
)


def _vocab(rnd: random.Random) -> Vocabulary:
    projects = [
        ProjectEntry(
            id=i,
            ref=f"P-{i:03d}",
            name=" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 4))),
            aliases=(f"scheme {i}",) if i % 3 == 0 else (),
        )
        for i in range(400)
    ]
    people = [
        PersonEntry(i, f"{rnd.choice(['Ann', 'Priya', 'Tom', 'Jo'])} {rnd.choice(['Shah', 'Evans', 'Li'])}")
        for i in range(60)
    ]
    return Vocabulary.build(
        projects, people, [TermEntry("care", "Digital Care")], [TermEntry("data", "Data and insight")]
    )


def _every_name(tokens: list[str], vocab: Vocabulary) -> list[matcher.Match]:
    """The reference: each window against every name of its width."""
    out = []
    for width, (texts, phrases) in vocab.by_width.items():
        for i in range(len(tokens) - width + 1):
            window = tokens[i : i + width]
            if window[0] in STOP or window[-1] in STOP:
                continue
            text = " ".join(window)
            found = [
                (score, j)
                for _, score, j in process.extract(
                    text, texts, scorer=fuzz.ratio, score_cutoff=matcher._cutoff(text), limit=None
                )
                if score >= 100 or matcher.plausible_typos(window, phrases[j].tokens)
            ]
            for score, j in sorted(found, key=lambda f: (-f[0], f[1]))[:12]:
                p = phrases[j]
                out.append(matcher.Match(p.kind, (p.target,), i, i + width, float(score), p.how, text))
    return out


def _typo(word: str, rnd: random.Random) -> str:
    if len(word) < 3:
        return word
    k = rnd.randrange(len(word) - 1)
    return [
        word[:k] + word[k + 1 :],
        word[:k] + word[k + 1] + word[k] + word[k + 2 :],
        word[:k] + word[k] * 2 + word[k + 1 :],
    ][rnd.randrange(3)]


def test_the_same_matches_as_comparing_every_name():
    rnd = random.Random(15)
    vocab = _vocab(rnd)
    pool = sorted(vocab.known) + ["who", "leads", "the", "is", "of", "scheme", "12", "1"]
    found = 0
    for _ in range(1500):
        tokens = [
            _typo(w, rnd) if rnd.random() < 0.3 else w for w in (rnd.choice(pool) for _ in range(rnd.randint(1, 8)))
        ]
        expected = _every_name(tokens, vocab)
        assert matcher._whole_names(tokens, vocab) == expected, tokens
        found += len(expected)
    assert found > 500  # the windows did find names, typos and all


def test_a_word_swapped_for_another_is_no_typo():
    vocab = Vocabulary.build(
        [
            ProjectEntry(id=1, ref="P-1", name="Adult Social Care", aliases=("ASC case management",)),
            ProjectEntry(id=2, ref="P-2", name="Virtual Social Care"),
        ],
        [],
        [],
        [],
    )
    assert [m.ids for m in matcher._whole_names(["care", "case", "management"], vocab)] == []
    assert [m.ids for m in matcher._whole_names(["virtaul", "socail", "care"], vocab)] == [(2,)]


def test_more_than_twelve_equal_names_keep_the_plan_order():
    vocab = Vocabulary.build([ProjectEntry(id=i, ref=f"P-{i:03d}", name=f"scheme {i}") for i in range(100)], [], [], [])
    for tokens in (["scheme", "1"], ["schem", "12"], ["scheme", "100"]):
        assert matcher._whole_names(tokens, vocab) == _every_name(tokens, vocab)
    assert len(matcher._whole_names(["scheme", "1"], vocab)) == 12

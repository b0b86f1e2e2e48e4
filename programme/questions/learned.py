"""The learned part of the question engine: which kind of question this is, from character n-grams.

A linear model (logistic regression over TF-IDF-weighted character 2- to 4-grams of each word, trained with
scikit-learn by `python -m programme.questions.train`, `make model`) on a paraphrase corpus written by hand
(programme/questions/data/paraphrases.txt, and paraphrases_staff.txt by another hand from a description of the
intents alone). Names are masked before it reads a question ("who leads
<project>") so it learns the words around names, not the names. Character n-grams make it tolerant of
typos and of word forms it never saw ("deputising", "deteriorated").

Inference here is plain Python over the exported weights (no scikit-learn at run time): a question costs
one pass over its n-grams and a dot product per intent. `features()` is the one featuriser, used by
training and inference alike, so the two cannot drift apart.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

NGRAMS = (2, 3, 4)
_WORD = re.compile(r"[a-z0-9%]+")
# Names are masked with these words, in training ({P}, {N}, …) and in questions (the matcher's spans).
MASKS = {"project": "xxproject", "person": "xxperson", "area": "xxarea", "enabler": "xxenabler"}
PLACEHOLDERS = {
    "{P}": MASKS["project"],
    "{Q}": MASKS["project"],
    "{N}": MASKS["person"],
    "{A}": MASKS["area"],
    "{E}": MASKS["enabler"],
}


def masked(tokens: list[str], spans: list[tuple[int, int, str]]) -> str:
    """The question's words with each name replaced by its mask word (one per name)."""
    out, skip = [], set[int]()
    starts = {start: (end, kind) for start, end, kind in spans}
    for i, t in enumerate(tokens):
        if i in skip:
            continue
        if i in starts:
            end, kind = starts[i]
            out.append(MASKS.get(kind, "xxname"))
            skip.update(range(i, end))
            continue
        out.append(t)
    return " ".join(out)


def features(text: str) -> dict[str, float]:
    """Sublinear term frequencies of the n-grams of each word padded with spaces (as scikit-learn's char_wb)."""
    counts: dict[str, int] = {}
    for word in _WORD.findall(text.lower()):
        padded = f" {word} "
        for n in NGRAMS:
            for i in range(len(padded) - n + 1):
                gram = padded[i : i + n]
                counts[gram] = counts.get(gram, 0) + 1
        counts[f"w:{word}"] = counts.get(f"w:{word}", 0) + 1  # whole words too
    return {g: 1.0 + math.log(c) for g, c in counts.items()}


@dataclass(frozen=True)
class Reading:
    intent: str
    probability: float
    runner_up: str = ""

    def __str__(self) -> str:
        return f"{self.intent} ({self.probability:.0%})"


class IntentModel:
    """Exported weights: per feature its idf and one weight per intent; a bias per intent."""

    def __init__(
        self,
        intents: list[str],
        bias: list[float],
        weights: dict[str, list[float]],
        idf: dict[str, float],
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.intents, self.bias, self.weights, self.idf = intents, bias, weights, idf
        self.meta = meta or {}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> IntentModel:
        weights = {g: v[1:] for g, v in d["features"].items()}
        idf = {g: v[0] for g, v in d["features"].items()}
        return cls(d["intents"], d["bias"], weights, idf, d.get("meta"))

    def predict(self, text: str) -> Reading:
        """The most likely intent of a (name-masked) question and its probability."""
        tf = features(text)
        vec = {g: v * self.idf[g] for g, v in tf.items() if g in self.idf}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        scores = list(self.bias)
        weights = self.weights
        for g, v in vec.items():  # the same sums in the same order as a loop over k, a comprehension faster
            x = v / norm
            scores = [s + w * x for s, w in zip(scores, weights[g], strict=True)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        order = sorted(range(len(scores)), key=lambda k: -scores[k])
        return Reading(self.intents[order[0]], exp[order[0]] / total, self.intents[order[1]] if len(order) > 1 else "")

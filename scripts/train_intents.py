"""Build the learned intent model from the paraphrase corpus: `make model` (and the Docker build) run this.

    python scripts/train_intents.py [--check]

Reads programme/questions/data/paraphrases.txt and paraphrases_staff.txt, varies each question the way people type
(a greeting before,
thanks after, a letter dropped, doubled or swapped, "pls"), reads every variant through the engine's own
cleaning (noise words off, dates out, names masked) and featuriser (`programme.questions.learned.features`),
fits a logistic regression (scikit-learn) and writes programme/questions/data/intent_model.json: per n-gram its
idf and one weight per intent. Everything is seeded, so the same corpus gives the same file byte for byte;
--check rebuilds in memory and fails when the committed file differs (stale or not reproducible).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from datetime import date
from pathlib import Path

import sklearn
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from programme.questions import noise  # noqa: E402  # after the sys.path line above (run as a script)
from programme.questions.dates import find as find_date  # noqa: E402  # after the sys.path line above (run as a script)
from programme.questions.learned import PLACEHOLDERS, features  # noqa: E402  # after the sys.path line above (run as a script)
from programme.questions.normalise import clean  # noqa: E402  # after the sys.path line above (run as a script)

DATA = ROOT / "programme" / "questions" / "data"
CORPUS = DATA / "paraphrases.txt"
# A second, larger corpus written by another hand from a description of the intents only (its first lines say
# who and how): the model learns from both.
CORPORA = (CORPUS, DATA / "paraphrases_staff.txt")
MODEL = DATA / "intent_model.json"
SEED = 20261206
VARIANTS = 6
MIN_DF = 2
PREFIXES = ("", "", "", "hi ", "morning - ", "quick one, ", "hiya ", "hello, ", "sorry, ", "can you tell me ")
SUFFIXES = ("", "", "", "?", " please", " pls", " thanks", " ta", " cheers", " at the moment", " right now", "??")


def read_corpora(paths: tuple[Path, ...] = CORPORA) -> list[tuple[str, str]]:
    """Every corpus's rows, a question written in two of them kept once."""
    seen: set[tuple[str, str]] = set()
    rows = []
    for path in paths:
        for intent, question in read_corpus(path):
            if (intent, question.lower()) not in seen:
                seen.add((intent, question.lower()))
                rows.append((intent, question))
    return rows


def read_corpus(path: Path = CORPUS) -> list[tuple[str, str]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        intent, sep, question = line.partition("|")
        if not sep or not question.strip():
            raise SystemExit(f"{path.name}:{n}: expected 'intent | question'")
        rows.append((intent.strip(), question.strip()))
    return rows


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5 or not word.isalpha() or word.startswith("xx"):
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1 :]  # dropped
    if kind == 1:
        return word[:i] + word[i] + word[i:]  # doubled
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swapped


def engine_text(question: str) -> str:
    """What the engine would give the model: cleaned, noise off, dates out, names masked."""
    for placeholder, mask in PLACEHOLDERS.items():
        question = question.replace(placeholder, mask)
    text = noise.strip(clean(question))
    return find_date(text, date(2026, 12, 6), "near").rest


def variants(question: str, rng: random.Random) -> list[str]:
    out = [question]
    for _ in range(VARIANTS - 1):
        words = question.split()
        if rng.random() < 0.5:
            k = rng.randrange(len(words))
            words[k] = typo(words[k], rng)
        text = rng.choice(PREFIXES) + " ".join(words) + rng.choice(SUFFIXES)
        out.append(text.lower() if rng.random() < 0.7 else text)
    return out


def build(rows: list[tuple[str, str]] | None = None) -> str:
    """The model as JSON, from `rows` (intent, question), or from every corpus."""
    rng = random.Random(SEED)
    rows = read_corpora() if rows is None else rows
    texts, labels = [], []
    for intent, question in rows:
        for v in variants(question, rng):
            texts.append(engine_text(v))
            labels.append(intent)
    feats = [features(t) for t in texts]
    df: dict[str, int] = {}
    for f in feats:
        for g in f:
            df[g] = df.get(g, 0) + 1
    keep = {g for g, n in df.items() if n >= MIN_DF}
    feats = [{g: v for g, v in f.items() if g in keep} for f in feats]
    vec = DictVectorizer(sort=True)
    x = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=False)
    matrix = x.fit_transform(vec.fit_transform(feats))
    model = LogisticRegression(C=8.0, max_iter=3000, random_state=SEED)
    model.fit(matrix, labels)
    names = vec.get_feature_names_out()
    intents = [str(c) for c in model.classes_]
    table = {
        str(g): [round(float(x.idf_[j]), 4)] + [round(float(model.coef_[k, j]), 3) for k in range(len(intents))]
        for j, g in enumerate(names)
    }
    out = {
        "meta": {
            "corpus_sha256": hashlib.sha256(b"".join(p.read_bytes() for p in CORPORA)).hexdigest(),
            "questions": len(rows),
            "examples": len(texts),
            "features": len(table),
            "sklearn": sklearn.__version__,
            "seed": SEED,
            "trainer": "scripts/train_intents.py",
        },
        "intents": intents,
        "bias": [round(float(b), 4) for b in model.intercept_],
        "features": table,
    }
    return json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when the committed model is not what this builds")
    args = parser.parse_args(argv)
    built = build()
    if args.check:
        same = MODEL.exists() and MODEL.read_text(encoding="utf-8") == built
        print("intent model is up to date" if same else "intent model differs from a fresh build: run `make model`")
        return 0 if same else 1
    MODEL.write_text(built, encoding="utf-8")
    meta = json.loads(built)["meta"]
    print(
        f"wrote {MODEL.relative_to(ROOT)}: {meta['questions']} questions, {meta['examples']} examples, "
        f"{meta['features']} features, {MODEL.stat().st_size // 1024} KB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

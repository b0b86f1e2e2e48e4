"""The question engine's language resources, loaded once per process: the English word list that
symspellpy ships (so a real word is never "corrected"), a speller per plan, and the learned intent model
(package data built by `make model` from programme/questions/data/paraphrases.txt).

Loading files is I/O, so it lives here and the parser in programme/ is handed the results.
"""

from __future__ import annotations

import importlib.resources
import json
import logging
from functools import lru_cache
from typing import TYPE_CHECKING

from programme.questions import lexicon as lx
from programme.questions.learned import IntentModel
from programme.questions.spelling import Speller

if TYPE_CHECKING:
    from store.question_repo import Plan

log = logging.getLogger(__name__)

MODEL_FILE = "intent_model.json"
_spellers: dict[int, tuple[int, Speller]] = {}


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The words of symspellpy's bundled English frequency list (82,765 words), lower case."""
    try:
        text = (
            importlib.resources.files("symspellpy")
            .joinpath("frequency_dictionary_en_82_765.txt")
            .read_text(encoding="utf-8")
        )
    except (ModuleNotFoundError, FileNotFoundError):  # the engine still works, mending fewer typos
        log.warning("symspellpy's English word list is missing; spelling uses the plan's words only")
        return frozenset()
    return frozenset(line.split(" ", 1)[0] for line in text.splitlines() if line)


def speller(plan: Plan) -> Speller:
    """The speller for this plan version (its words are the plan's names and the parser's words)."""
    key = id(plan.vocab)
    cached = _spellers.get(key)
    if cached is None or cached[0] != plan.version:
        domain = frozenset(plan.vocab.known) | lx.KEYWORDS | lx.FILLER | lx.STOP | lx.DOMAIN_WORDS
        _spellers.clear()
        cached = _spellers[key] = (plan.version, Speller(domain, english_words()))
    return cached[1]


@lru_cache(maxsize=1)
def intent_model() -> IntentModel | None:
    """The learned intent model shipped with the package, or None (and a warning) when it is missing."""
    try:
        raw = importlib.resources.files("programme.questions").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        log.warning("the learned intent model (%s) is missing: run `make model`; the rules answer alone", MODEL_FILE)
        return None
    return IntentModel.from_dict(json.loads(raw))

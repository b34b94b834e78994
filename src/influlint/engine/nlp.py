"""spaCy, loaded lazily: only when a selected rule needs lemmas or entities on a unit that passed
its prefilter. Falls back to a blank French pipeline (lemma/entity rules then match nothing)."""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

MODEL = "fr_core_news_sm"


@lru_cache(maxsize=1)
def load() -> Any:
    import spacy

    try:
        nlp = spacy.load(MODEL, disable=["parser"])
        nlp.enable_pipe("senter") if "senter" in nlp.disabled else None
        return nlp
    except OSError:
        print(f"influlint: spaCy model {MODEL} is not installed: lemma and entity rules are skipped",
              file=sys.stderr)
        nlp = spacy.blank("fr")
        nlp.add_pipe("sentencizer")
        return nlp


def available() -> bool:
    return bool(load().pipe_names) and "lemmatizer" in load().pipe_names

"""spaCy, used as little as possible.

- `lemma:` conditions never run spaCy per unit: when packs are compiled, each lemma is expanded into its
  surface forms with the French pipeline's own lemmatizer tables (inverse suffix rules checked by the
  rule lemmatizer, plus its exception lists), and the result is cached on disk, keyed by the lemmas and
  the model version. A run with a warm cache does not import spaCy at all.
- `entity:` conditions need the NER pipeline; it is loaded lazily, only when a unit passes the rule's
  prefilter. Without the model, influlint falls back to a blank French pipeline, says so once, and
  entity rules match nothing.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from typing import Any

from influlint.engine._cache import cache_dir, write_atomic

MODEL = "fr_core_news_sm"
_WORD_CHARS = set("abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ'-")


@cache
def load() -> Any:
    import spacy

    try:
        return spacy.load(MODEL, disable=["parser"])
    except OSError:
        print(f"influlint: spaCy model {MODEL} is not installed: entity rules are skipped", file=sys.stderr)
        nlp = spacy.blank("fr")
        nlp.add_pipe("sentencizer")
        return nlp


def _model_version() -> str:
    try:
        from importlib.metadata import version

        return version("fr-core-news-sm")
    except Exception:  # not installed: forms are the lemmas themselves
        return "none"


def _forms_of(word: str, nlp: Any) -> set[str]:
    from spacy.tokens import Doc

    forms = {word}
    if "lemmatizer" not in nlp.pipe_names:
        return forms
    lemmatizer = nlp.get_pipe("lemmatizer")
    rules = lemmatizer.lookups.get_table("lemma_rules")
    exceptions = lemmatizer.lookups.get_table("lemma_exc")
    for pos in ("verb", "noun", "adj"):
        for old, new in rules.get(pos, []):
            if not word.endswith(new):
                continue
            candidate = (word[: -len(new)] if new else word) + old
            if not set(candidate) <= _WORD_CHARS:
                continue
            token = Doc(nlp.vocab, words=[candidate])[0]
            token.pos_ = pos.upper()
            if word in lemmatizer.rule_lemmatize(token):
                forms.add(candidate)
        for surface, lemmas in (exceptions.get(pos) or {}).items():
            if word in lemmas:
                forms.add(surface)
    if word.endswith("er"):  # present singular of first-group verbs: not covered by the suffix rules
        forms.update({word[:-2] + "e", word[:-2] + "es", word[:-2] + "ent"})
    return forms


def expand_lemmas(words: set[str]) -> dict[str, list[str]]:
    """Surface forms (lower case, accents kept) of each lemma; cached on disk."""
    key = hashlib.sha256(json.dumps([sorted(words), _model_version(), 2]).encode()).hexdigest()[:24]
    path = cache_dir() / f"lemma-forms-{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    nlp = load() if _model_version() != "none" else None
    result = {w: sorted(_forms_of(w, nlp) if nlp is not None else {w}) for w in sorted(words)}
    write_atomic(path, json.dumps(result, ensure_ascii=False).encode("utf-8"))
    return result

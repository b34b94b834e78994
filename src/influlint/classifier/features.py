"""Text ▶ hashed features (fastText-style): word unigrams and bigrams, character 3–5-grams of each
word, and a few front-matter flags. Pure Python (zlib.crc32 is stable across runs and machines).

Every feature is owned by the token it came from, so a score can be split back over the words
(`top words` of a finding). Digits are folded to 0 so that one phone number teaches all of them.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

TOKEN = re.compile(r"[#@]?\w+(?:['’]\w+)?|[^\w\s]")
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
DIGIT = re.compile(r"\d")
META_FLAGS = (("images", "retouched"), ("images", "ai-generated"), ("sponsored", True))
MAX_TOKENS = 600
_CACHE: dict[tuple[str, int], tuple[int, ...]] = {}


def fold(text: str) -> str:
    """Lower case without accents (é → e); ASCII text is returned as is, lowered."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(folded token, start, end) with offsets into `text`."""
    return [(fold(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)][:MAX_TOKENS]


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences or lines of `text` that contain a word."""
    return [(m.start(), m.end()) for m in SENTENCE.finditer(text) if any(c.isalnum() for c in m.group())]


def _hash(feature: str, buckets: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % buckets


def _word_features(word: str, buckets: int) -> tuple[int, ...]:
    key = (word, buckets)
    got = _CACHE.get(key)
    if got is not None:
        return got
    out = [_hash("w:" + word, buckets)]
    if word[0].isalnum() or len(word) > 2:
        padded = f"<{word}>"
        for n in (3, 4, 5):
            out.extend(_hash("c:" + padded[i:i + n], buckets) for i in range(len(padded) - n + 1))
    got = tuple(out)
    if len(_CACHE) > 200_000:
        _CACHE.clear()
    _CACHE[key] = got
    return got


def featurize(text: str, buckets: int, meta: dict | None = None) -> tuple[list[int], list[int]]:
    """(feature buckets, owning token index) of a text; meta flags are owned by token -1."""
    toks = [DIGIT.sub("0", t) for t, _, _ in tokens(text)]
    feats: list[int] = []
    owners: list[int] = []
    for i, word in enumerate(toks):
        got = _word_features(word, buckets)
        feats.extend(got)
        owners.extend([i] * len(got))
        if i:
            feats.append(_hash(f"b:{toks[i - 1]} {word}", buckets))
            owners.append(i)
    for key, value in META_FLAGS:
        if meta and meta.get(key) == value:
            feats.append(_hash(f"m:{key}={value}", buckets))
            owners.append(-1)
    return feats, owners


def cue(tok: str) -> str:
    if tok.startswith("@") and len(tok) > 1:
        return "@*"
    if tok.startswith("#") and len(tok) > 1:
        return "#*"
    return "0" if tok[:1].isdigit() else tok


def passes(text: str, meta: dict, cues: frozenset[str] | set[str]) -> bool:
    if meta.get("images") in ("retouched", "ai-generated") or meta.get("sponsored"):
        return True
    return any(cue(t) in cues for t, _, _ in tokens(text))

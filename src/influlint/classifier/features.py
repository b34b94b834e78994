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
HEAD_CHARS = 100
_CACHE: dict[tuple[str, int], tuple[int, ...]] = {}
_PAIRS: dict[tuple[str, str, int], int] = {}


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if base != chr(code) and base.isascii():
            table[code] = base.lower()
    table.update({ord("œ"): "oe", ord("æ"): "ae", ord("’"): "'", ord("ß"): "ss"})
    return table


FOLD = {chr(k): v for k, v in _fold_table().items()}
_ACCENTED = re.compile("[" + "".join(FOLD) + "]")


def fold(text: str) -> str:
    """Lower case without accents (é → e, œ → oe); other characters (emoji) are kept."""
    text = text.lower()
    return text if text.isascii() else _ACCENTED.sub(lambda m: FOLD[m.group()], text)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(folded token, start, end) with offsets into `text` (slower than `words`: for explanations)."""
    return [(fold(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)][:MAX_TOKENS]


def words(text: str) -> list[str]:
    """The folded tokens of a text, fast (no offsets)."""
    return TOKEN.findall(fold(text))[:MAX_TOKENS]


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


def head_count(text: str) -> int:
    """How many tokens the head holds (first line, first HEAD_CHARS characters): where a mention counts."""
    return len(words(text.lstrip().split("\n", 1)[0][:HEAD_CHARS]))


def featurize(text: str, buckets: int, meta: dict | None = None, kind: str = "post", owned: bool = True,
              folded: list[str] | None = None, head: int | None = None) -> tuple[list[int], list[int]]:
    """(feature buckets, owning token index) of a text; flags (front matter, message) are owned by token -1.
    Words of the head also count as head words (h:), so « Publicité » first is not « Publicité » last."""
    folded = words(text) if folded is None else folded
    return featurize_words(folded, buckets, meta, owned, head_count(text) if head is None else head, kind)


def featurize_words(folded: list[str], buckets: int, meta: dict | None = None, owned: bool = True,
                    head: int = 0, kind: str = "post") -> tuple[list[int], list[int]]:
    feats: list[int] = []
    owners: list[int] = []
    prev = None
    for i, t in enumerate(folded):
        word = t if t.isalpha() else DIGIT.sub("0", t)
        got = _CACHE.get((word, buckets)) or _word_features(word, buckets)
        if i < head:
            got = (*got, _hash("h:" + word, buckets))
        feats += got
        if prev is not None:
            pair = _PAIRS.get((prev, word, buckets))
            if pair is None:
                if len(_PAIRS) > 200_000:
                    _PAIRS.clear()
                pair = _PAIRS[(prev, word, buckets)] = _hash(f"b:{prev} {word}", buckets)
            feats.append(pair)
        if owned:
            owners += [i] * (len(got) + (prev is not None))
        prev = word
    flags = [f"m:{key}={value}" for key, value in META_FLAGS if meta and meta.get(key) == value]
    for flag in [*flags, *(["k:message"] if kind == "message" else [])]:
        feats.append(_hash(flag, buckets))
        owners.append(-1)
    return feats, owners


_LONG_NUMBER = re.compile(r"\d{5,}")
_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[^\W\d_]+")


def cue(tok: str) -> str:
    """The prefilter's view of a token: any @handle is @*, any hashtag #*, a token with digits its shape
    (digit runs 0, or 9 from five digits on; letter runs a: LEA20 → a0, 0612345678 → 9)."""
    if tok[:1] == "@" and len(tok) > 1:
        return "@*"
    if tok[:1] == "#" and len(tok) > 1:
        return "#*"
    if not any(c.isdigit() for c in tok):
        return tok
    return _LETTERS.sub("a", _DIGITS.sub("0", _LONG_NUMBER.sub("_", tok))).replace("_", "9")


def passes(text: str, meta: dict, cues: frozenset[str] | set[str]) -> bool:
    return passes_words(words(text), meta, cues)


def passes_words(folded: list[str], meta: dict, cues: frozenset[str] | set[str]) -> bool:
    """The cheap prefilter: a front-matter flag, or one cue among the words."""
    if meta and (meta.get("images") in ("retouched", "ai-generated") or meta.get("sponsored")):
        return True
    if not cues.isdisjoint(folded):
        return True
    return any(cue(t) in cues for t in folded if t[0] in "@#" or not t.isalpha())

"""Concepts and statutory statements: the vocabulary of the rule language, written once and reused.

A concept (`rules/concepts/<name>.yml`, or `<pack>/concepts/` for a user pack) is a named vocabulary:
French and English entries written as lemmas or short phrases. Its surface forms are generated here:
accents and case folded like the text (engine/normalize.py), each word inflected (spaCy's French lemmatizer
tables, see engine/nlp.py, plus a small deterministic plural/feminine morphology), elision handled by the
word-boundary test (« l'alcool » matches `alcool`). Rules never see the forms: they name the concept.

A statement (`rules/statements/<name>.yml`) is one canonical statutory text (plus, optionally, the other
lawful wordings, one line each). The matcher tolerates spacing, punctuation, accents and case; the fix text
is the canonical text itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any

import regex

from influlint.engine.normalize import strip_accents
from influlint.engine.schema import PackError

MAX_FORMS_PER_ENTRY = 256
_TOKEN = regex.compile(r"[^\W_]+|[^\w\s]")
_WORD = regex.compile(r"[^\W_]+")


def fold(text: str) -> str:
    return " ".join(strip_accents(text).lower().split())


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    definition: str
    forms: frozenset[str]  # folded surface forms, words separated by one space
    excluded: frozenset[str] = frozenset()  # longer phrases that contain a form but are not the concept
    path: str = ""
    examples: dict[str, Any] = field(default_factory=dict)
    entries: dict[str, tuple[str, ...]] = field(default_factory=dict)
    patterns: tuple[Any, ...] = ()  # token sequences (`seq` elements) that also express the concept
    shape: str | None = None  # a regex for a shape (price, handle, link): run only when an anchor occurs
    anchors: frozenset[str] = frozenset()  # literals one of which every shape match contains
    includes: tuple[str, ...] = ()  # other concepts this one is made of (a family: « commercial context »)


@dataclass(frozen=True, slots=True)
class Statement:
    name: str
    text: str  # the canonical text, verbatim: fix text, `explain`, docs/rules.md
    equivalents: tuple[str, ...]
    source: tuple[dict[str, str], ...]
    path: str = ""

    @property
    def texts(self) -> tuple[str, ...]:
        return (self.text, *self.equivalents)

    def pattern_source(self) -> str:
        """Tolerant matcher: the words of each text in order, any spacing or punctuation between them."""
        alts = []
        for text in self.texts:
            folded = fold(text)
            words = _WORD.findall(folded)
            tail = folded[folded.rfind(words[-1]) + len(words[-1]):].strip()  # « (… surtaxé) »: the closing mark
            alts.append(r"[\W_]*".join(regex.escape(w) for w in words) + (rf"(?:\s*{regex.escape(tail)})?" if tail else ""))
        return r"(?<![^\W_])(?:" + "|".join(sorted(alts, key=len, reverse=True)) + r")(?![^\W_])"

    def anchor(self) -> frozenset[str]:
        """Literals one of which every match contains (for the derived prefilter): each text's longest word."""
        return frozenset(max(_WORD.findall(fold(t)), key=len) for t in self.texts)


_FR_PLURAL = (("al", ("aux",)), ("eau", ("eaux",)), ("eu", ("eux",)), ("au", ("aux",)))
_FR_FEM = (("eux", ("euse", "euses")), ("if", ("ive", "ives")), ("er", ("ere", "eres")), ("en", ("enne", "ennes")),
           ("on", ("onne", "onnes")), ("el", ("elle", "elles")), ("et", ("ette", "ettes")))


def _morph(word: str, lang: str, kinds: frozenset[str]) -> set[str]:
    """Small deterministic morphology: plural (fr, en) and feminine (fr) of one folded word."""
    out = {word}
    if len(word) < 3 or not word.isalpha():
        return out
    if lang == "en":
        if "plural" in kinds:
            out.add(word[:-1] + "ies" if word.endswith("y") and word[-2] not in "aeiou" else
                    word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s"))
        return out
    stems = {word}
    if "feminine" in kinds:
        fem = [new for old, news in _FR_FEM if word.endswith(old) for new in (word[: -len(old)] + n for n in news)]
        stems.update(fem or ([word + "e"] if not word.endswith("e") else []))
    out |= stems
    if "plural" in kinds:
        for stem in stems:
            if stem.endswith(("s", "x", "z")):
                continue
            special = [stem[: -len(old)] + n for old, news in _FR_PLURAL if stem.endswith(old) for n in news]
            out.update(special or [stem + "s"])
    return out


_PARTS = regex.compile(r"([^\W\d_]+)")
_BRACES = regex.compile(r"\{([^{}]*)\}")
# function words are never inflected (« sponsorisé par » must not give « pars »)
STOP = frozenset("a au aux avec ce ces d de des du en et for in la le les l mon ma mes my no non not of on or "
                 "par pas pour sans sur the to ton ta tes un une votre vos with".split())


def expand_braces(entry: str) -> list[str]:
    """« #{not,no}{,_}ad » → #notad, #not_ad, #noad, #no_ad: a generated family instead of typed lines."""
    m = _BRACES.search(entry)
    if m is None:
        return [entry]
    return [x for alt in m.group(1).split(",") for x in expand_braces(entry[: m.start()] + alt + entry[m.end():])]


def _entry_forms(entry: str, lang: str, inflect: frozenset[str], lemma_forms: dict[str, list[str]]) -> set[str]:
    """Folded forms of one entry: each word inflected, the entry's own spacing and symbols kept.
    A trailing `*` marks a prefix (« sponso* »: sponso, sponsor, sponsoring…): the form keeps it."""
    prefix = entry.endswith("*")
    parts = _PARTS.split(fold(entry[:-1] if prefix else entry))  # [sep, word, sep, word, …, sep]
    options: list[list[str]] = []
    for i, part in enumerate(parts):
        forms = {part}
        if i % 2 and inflect and len(part) > 2 and not prefix and part not in STOP:
            forms |= _morph(part, lang, inflect)
            if "verb" in inflect:
                forms |= set(lemma_forms.get(part, []))
        options.append(sorted(forms))
    total = 1
    for opt in options:
        total *= len(opt)
    if total > MAX_FORMS_PER_ENTRY:  # long phrase: inflect its first word only
        first = next((i for i in range(1, len(parts), 2)), 0)
        options = [opt if i == first else [parts[i]] for i, opt in enumerate(options)]
    return {"".join(combo) + ("*" if prefix else "") for combo in product(*options)}


INFLECT = {"none": frozenset(), "nouns": frozenset({"plural", "feminine"}),
           "all": frozenset({"plural", "feminine", "verb"}), "plural": frozenset({"plural"}),
           "verbs": frozenset({"verb", "plural"})}


def _entries(raw: dict[str, Any], where: str) -> list[tuple[str, str, frozenset[str]]]:
    """(text, lang, inflection) for every entry; an entry is a string or {text, inflect}."""
    default = INFLECT[raw.get("inflect", "all")]
    out = []
    for lang in ("fr", "en", "any"):
        for item in (raw.get("entries") or {}).get(lang) or []:
            if isinstance(item, dict):
                out.append((str(item["text"]), lang, INFLECT[item.get("inflect", "none")]))
            else:
                out.append((str(item), lang, default if lang != "any" else frozenset()))
    if not out and not raw.get("patterns") and not raw.get("shape") and not raw.get("includes"):
        raise PackError(f"{where}: a concept needs entries, patterns or a shape")
    return out


def build_concept(raw: dict[str, Any], path: Path) -> Concept:
    from influlint.engine.nlp import expand_lemmas

    where = f"{path} [{raw.get('name', '?')}]"
    entries = _entries(raw, where)
    verbs = {w for text, lang, inf in entries if lang == "fr" and "verb" in inf
             for w in regex.findall(r"[^\W\d_]{3,}", text.lower())}
    lemma_forms = {fold(w): [fold(f) for f in fs] for w, fs in expand_lemmas(verbs).items()} if verbs else {}
    forms: set[str] = set()
    for text, lang, inf in entries:
        for one in expand_braces(text):
            forms |= _entry_forms(one, "en" if lang == "en" else "fr", inf, lemma_forms)
    excluded = {fold(x) for t in raw.get("except") or [] for x in expand_braces(t)}
    by_lang = {lang: tuple(map(str, (raw.get("entries") or {}).get(lang) or [])) for lang in ("fr", "en", "any")}
    return Concept(raw["name"], str(raw.get("definition", "")).strip(), frozenset(f for f in forms if f.strip("*")),
                   frozenset(excluded), str(path), raw.get("examples") or {}, by_lang, tuple(raw.get("patterns") or ()),
                   raw.get("shape"), frozenset(fold(a) for a in raw.get("anchors") or []),
                   tuple(raw.get("includes") or ()))


def build_statement(raw: dict[str, Any], path: Path) -> Statement:
    source = raw.get("source") or []
    items = source if isinstance(source, list) else [source]
    refs = tuple({"ref": str(i["reference"]).strip(), **({"url": str(i["url"])} if i.get("url") else {})}
                 for i in items)
    return Statement(raw["name"], str(raw["text"]).strip(), tuple(str(t).strip() for t in raw.get("equivalents") or []),
                     refs, str(path))


@dataclass(slots=True)
class Vocabulary:
    concepts: dict[str, Concept] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)


def _load_dir(directory: Path, kind: str, into: dict[str, Any]) -> None:
    from influlint.engine.jsonschema_lite import load_yaml_checked

    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.yml")):
        raw = load_yaml_checked(path, kind)
        if raw["name"] != path.stem:
            raise PackError(f"{path} [{raw['name']}]: name must be the file name ({path.stem})")
        if raw["name"] in into:
            raise PackError(f"{path} [{raw['name']}]: {kind} already defined in {into[raw['name']].path}")
        into[raw["name"]] = build_concept(raw, path) if kind == "concept" else build_statement(raw, path)


@cache
def vocabulary(dirs: tuple[Path, ...]) -> Vocabulary:
    """Concepts and statements of the built-in rules folder plus those of the given pack folders."""
    from influlint.resources import rules_dir

    vocab = Vocabulary()
    for root in (rules_dir(), *dirs):
        _load_dir(root / "concepts", "concept", vocab.concepts)
        _load_dir(root / "statements", "statement", vocab.statements)
    return vocab

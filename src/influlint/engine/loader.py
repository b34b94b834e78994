"""Load rule packs (YAML) and compile them once into CompiledRule objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from influlint.engine import conditions as C
from influlint.engine.normalize import strip_accents
from influlint.engine.redos import catastrophic
from influlint.engine.schema import PackError, check_condition, check_rule
from influlint.engine.validators import VALIDATORS
from influlint.resources import builtin_pack_dirs


def compile_patterns(rules: list[CompiledRule]) -> None:
    """Compile every pattern now (pack lint, test-rules): errors name the file and the rule."""
    for rule in rules:
        for root in (rule.match, rule.unless):
            for cond in C.walk(root) if root is not None else ():
                for attr in ("pattern", "exclude"):
                    value = getattr(cond, attr, None)
                    if isinstance(value, C.LazyRegex):
                        value.compile()


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: same safe subset, 10× faster


@dataclass(slots=True)
class CompiledRule:
    code: str
    name: str
    category: str
    severity: str
    match: C.Cond
    legal: tuple[dict[str, str], ...]
    path: str
    pack: str
    tags: tuple[str, ...] = ()
    scope: str = "unit"
    kinds: tuple[str, ...] = ("post", "message")
    prefilter: tuple[str, ...] = ()
    prefilter_digits: int = 0
    unless: C.Cond | None = None
    report: str = "first"
    options: dict[str, Any] = field(default_factory=dict)
    validate: str | None = None
    context: dict[str, Any] | None = None
    pii: str | None = None
    fix: dict[str, Any] | None = None
    explain: str = ""
    examples: dict[str, Any] = field(default_factory=dict)
    explain_by_lang: dict[str, str] = field(default_factory=dict)  # {'fr': …, 'en': …} when the rule gives both
    legal_detail: tuple[dict[str, Any], ...] = ()  # full `legal` items: kind, verbatim wording, uncertain
    reviewed_on: str = ""
    uncertain: bool = False
    aliases: tuple[str, ...] = ()
    uses_nlp: bool = False
    meta_keys: tuple[str, ...] = ()  # front-matter keys the match reads: such units skip the prefilter
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


class _Compiler:
    def __init__(self, where: str, pack_dir: Path, sets: dict[str, list[Any]] | None = None,
                 check_redos: bool = False) -> None:
        self.where = where
        self.check_redos = check_redos
        self.pack_dir = pack_dir
        self.sets = sets or {}
        self.uses_nlp = False
        self.meta_keys: set[str] = set()

    def pattern(self, source: str, case: str | None, field: str = "") -> Any:
        flags = 0 if case == "sensitive" else regex.IGNORECASE
        folded = strip_accents(source)
        if self.check_redos and field:
            stall = catastrophic(folded, flags == regex.IGNORECASE)
            if stall is not None:
                raise PackError(f"{self.where}: {field}: catastrophic backtracking (a repetition can cut a run of "
                                f"{stall} in many ways); use a possessive quantifier (++, *+) or an atomic group (?>…)")
        return C.LazyRegex(folded, flags, self.where, source)

    def lexicon(self, ref: str) -> list[str]:
        if not regex.fullmatch(r"@[A-Za-z0-9][A-Za-z0-9_-]*", ref):  # a name in lexicons/, never a path
            raise PackError(f"{self.where}: lexicon {ref!r} must be a plain name (letters, digits, - and _)")
        path = self.pack_dir / "lexicons" / f"{ref[1:]}.txt"
        if not path.is_file():
            raise PackError(f"{self.where}: lexicon {ref} not found ({path})")
        lines = path.read_text(encoding="utf-8").splitlines()
        return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]

    def words_pattern(self, words: list[str], case: str | None) -> Any:
        parts = sorted({strip_accents(w) for w in words}, key=len, reverse=True)
        body = "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in parts)
        return self.pattern(rf"(?<![\w]){'(?:' + body + ')'}(?![\w])", case)

    def condition(self, cond: dict[str, Any], checked: bool, path: str = "match") -> C.Cond:
        common = {"within": cond.get("within"), "signal": cond.get("signal"), "weight": float(cond.get("weight", 1))}
        if "any" in cond:
            return C.Any_(children=[self.condition(c, checked, f"{path}.any[{i}]") for i, c in enumerate(cond["any"])],
                          **common)
        if "all" in cond:
            return C.All(children=[self.condition(c, checked, f"{path}.all[{i}]") for i, c in enumerate(cond["all"])],
                         **common)
        if "not" in cond:
            return C.Not(child=self.condition(cond["not"], False, f"{path}.not"), **common)
        if "score" in cond:
            spec = cond["score"]
            of = spec["of"]
            if isinstance(of, str):
                if of[1:] not in self.sets:
                    raise PackError(f"{self.where}: unknown condition set {of} (define it under 'conditions:' in pack.yml)")
                path, of = f"pack.yml conditions.{of[1:]}", self.sets[of[1:]]
            else:
                path = f"{path}.score.of"
            return C.Score(minimum=float(spec["min"]), children=[self.condition(c, checked, f"{path}[{i}]")
                                                                 for i, c in enumerate(of)], **common)
        if "near" in cond:
            spec = cond["near"]
            return C.Near(chars=int(spec["chars"]), child=self.condition(spec["of"], checked, f"{path}.near.of"),
                          **common)
        if "meta" in cond:
            self.meta_keys.update(cond["meta"])
            return C.Meta(expected=dict(cond["meta"]), **common)
        if "lemma" in cond:
            seqs = [[w.lower() for w in entry.split()] for entry in cond["lemma"]]
            return C.Lemma(sequences=seqs, **common)
        if "entity" in cond:
            self.uses_nlp = True
            return C.Entity(label=str(cond["entity"]), **common)
        case = cond.get("case")
        exclude = self.pattern(cond["exclude"], None, f"{path}.exclude") if cond.get("exclude") else None
        if "regex" in cond:
            pat = self.pattern(cond["regex"], case, f"{path}.regex")
        else:
            words = cond["words"]
            pat = self.words_pattern(self.lexicon(words) if isinstance(words, str) else words, case)
        return C.Pattern(pattern=pat, min=int(cond.get("min", 1)), exclude=exclude, checked=checked, **common)


def _legal(raw: Any) -> tuple[dict[str, str], ...]:
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        entry = {"ref": str(item["reference"]).strip()}
        if item.get("url"):
            entry["url"] = str(item["url"])
        out.append(entry)
    return tuple(out)


def _legal_detail(raw: Any) -> tuple[dict[str, Any], ...]:
    return tuple(dict(item) for item in (raw if isinstance(raw, list) else [raw]))


def _explain(raw: Any) -> tuple[str, dict[str, str]]:
    """`explain` as one text (English if the rule gives both) and as a per-language mapping."""
    if isinstance(raw, dict):
        by_lang = {k: str(v).strip() for k, v in raw.items()}
        return by_lang.get("en") or next(iter(by_lang.values()), ""), by_lang
    return str(raw or "").strip(), {}


def compile_rule(raw: dict[str, Any], path: Path, pack: str, sets: dict[str, list[Any]] | None = None,
                 check_redos: bool = False) -> CompiledRule:
    where = f"{path} [{raw.get('code', '?') if isinstance(raw, dict) else '?'}]"
    check_rule(where, raw)
    if raw.get("validate") and raw["validate"] not in VALIDATORS:
        raise PackError(f"{where}: unknown validator '{raw['validate']}' (known: {', '.join(sorted(VALIDATORS))})")
    comp = _Compiler(where, path.parent, sets, check_redos)
    match = comp.condition(raw["match"], checked=True)
    unless = comp.condition(raw["unless"], checked=False, path="unless") if "unless" in raw else None
    prefilter = tuple(sorted({strip_accents(p).lower() for p in raw.get("prefilter", [])}))
    explain, explain_by_lang = _explain(raw.get("explain"))
    return CompiledRule(
        code=raw["code"], name=raw["name"], category=raw["category"], severity=raw["severity"], match=match,
        legal=_legal(raw["legal"]), path=str(path), pack=pack, tags=tuple(raw.get("tags", [])),
        scope=raw.get("scope", "unit"), kinds=tuple(raw.get("kinds", ["post", "message"])), prefilter=prefilter,
        prefilter_digits=int(raw.get("prefilter_digits", 0)), unless=unless, report=raw.get("report", "first"),
        options=dict(raw.get("options", {})), validate=raw.get("validate"), context=raw.get("context"),
        pii=raw.get("pii"), fix=raw.get("fix"), explain=explain, explain_by_lang=explain_by_lang,
        legal_detail=_legal_detail(raw["legal"]), reviewed_on=str(raw.get("reviewed_on", "")),
        uncertain=bool(raw.get("uncertain", False)),
        examples=raw["examples"], aliases=tuple(raw.get("aliases", [])), uses_nlp=comp.uses_nlp,
        meta_keys=tuple(sorted(comp.meta_keys)), raw=raw,
    )


def load_pack(pack_dir: Path) -> list[CompiledRule]:
    """Every `<CODE>-<slug>.yml` of a pack directory, sorted by code. A pack not shipped with influlint has its
    regexes checked for catastrophic backtracking (engine/redos.py; the built-in ones by tests/security)."""
    if not pack_dir.is_dir():
        raise PackError(f"{pack_dir}: rule pack directory not found")
    check_redos = pack_dir.resolve() not in {d.resolve() for d in builtin_pack_dirs()}
    sets = _condition_sets(pack_dir)
    rules = []
    for path in sorted(pack_dir.glob("*.yml")):
        if path.name == "pack.yml":
            continue
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}" if mark else ""
            raise PackError(f"{path}{where}: invalid YAML ({getattr(exc, 'problem', exc)})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise PackError(f"{path}: cannot read ({exc})") from None
        rules.append(compile_rule(raw, path, pack_dir.name, sets, check_redos))
    return rules


def _condition_sets(pack_dir: Path) -> dict[str, list[Any]]:
    """Named lists of conditions shared by several rules of a pack (`conditions:` in pack.yml), used as
    `score: {min: 2, of: '@name'}`: one place to edit a family of signals."""
    path = pack_dir / "pack.yml"
    if not path.is_file():
        return {}
    try:
        meta = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: invalid YAML ({getattr(exc, 'problem', exc)})") from None
    sets = meta.get("conditions") or {}
    if not isinstance(sets, dict):
        raise PackError(f"{path}: 'conditions' must map names to lists of conditions")
    for name, items in sets.items():
        if not isinstance(items, list) or not items:
            raise PackError(f"{path}: conditions.{name} must be a non-empty list")
        for i, item in enumerate(items):
            check_condition(str(path), item, f"conditions.{name}[{i}]")
    return sets


def load_packs_cached(pack_dirs: list[Path]) -> list[CompiledRule]:
    """load_packs, kept on disk as a pickle keyed by every pack file's path, size and mtime (and the
    influlint version): a warm start skips YAML, schema checks and compilation. Patterns stay lazy."""
    import hashlib
    import pickle

    from influlint import __version__
    from influlint.engine._cache import cache_dir, write_atomic

    stamp = [__version__, 6]
    for pack_dir in pack_dirs:
        if not (pack_dir / "pack.yml").is_file():
            return load_packs(pack_dirs)  # let load_packs say what is missing
        for path in sorted([*pack_dir.glob("*.yml"), *pack_dir.glob("lexicons/*.txt")]):  # what load_pack reads
            if path.is_file():
                st = path.stat()
                stamp.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    key = hashlib.sha256("\n".join(map(str, stamp)).encode()).hexdigest()[:24]
    path = cache_dir() / f"packs-{key}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # missing, stale or unreadable cache: compile again
        pass
    rules = load_packs(pack_dirs)
    write_atomic(path, pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
    return rules


def check_pack_dir(pack_dir: Path) -> None:
    """A pack is a directory holding a pack.yml: `/`, `/etc` or a file are refused before anything is read."""
    if not pack_dir.is_dir():
        raise PackError(f"{pack_dir}: rule pack directory not found")
    if not (pack_dir / "pack.yml").is_file():
        raise PackError(f"{pack_dir}: not a rule pack (no pack.yml)")


def load_packs(pack_dirs: list[Path]) -> list[CompiledRule]:
    rules: list[CompiledRule] = []
    seen: dict[str, str] = {}
    for pack_dir in pack_dirs:
        check_pack_dir(pack_dir)
        for rule in load_pack(pack_dir):
            if rule.code in seen:
                raise PackError(f"{rule.path} [{rule.code}]: code already used by {seen[rule.code]}")
            seen[rule.code] = rule.path
            rules.append(rule)
    attach_forms(rules)
    return sorted(rules, key=lambda r: r.code)


def attach_forms(rules: list[CompiledRule]) -> None:
    """Give every `lemma:` condition its surface-form pattern (one expansion for all packs, cached)."""
    lemmas = [c for r in rules for root in (r.match, r.unless) if root is not None
              for c in C.walk(root) if isinstance(c, C.Lemma)]
    if not lemmas:
        return
    from influlint.engine.nlp import expand_lemmas

    words = {w for c in lemmas for seq in c.sequences for w in seq}
    forms = expand_lemmas(words)
    for cond in lemmas:
        cond.pattern = C.lemma_pattern(cond.sequences, forms)

"""Engine internals: normalisation map, positions, conditions, prefilter, masking."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from influlint.engine.normalize import normalize, strip_accents
from influlint.masking import display_sender, mask
from influlint.model import Source


def test_normalize_folds_fancy_letters_accents_and_zero_width():
    text = "Le 𝐜𝐨𝐝𝐞 pro\u200bmo : PUBLICITÉ"
    norm = normalize(text)
    assert norm.text == "Le code promo : PUBLICITE"
    start = norm.text.index("code")
    assert norm.to_original(start, start + 4) == (3, 7)
    start = norm.text.index("promo")
    a, b = norm.to_original(start, start + 5)
    assert text[a:b] == "pro\u200bmo"


def test_strip_accents_keeps_regex_escapes():
    assert strip_accents(r"\bpublicité\W") == r"\bpublicite\W"


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_normalize_map_is_monotonic_and_in_range(text):
    norm = normalize(text)
    if norm.offsets is None:
        assert norm.text == text
        return
    assert len(norm.offsets) == len(norm.text)
    assert list(norm.offsets) == sorted(norm.offsets)
    assert all(0 <= o < len(text) for o in norm.offsets)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300), st.data())
@settings(max_examples=200, deadline=None)
def test_position_agrees_with_naive_count(text, data):
    source = Source("x", text)
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    before = text[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    assert source.position(offset) == (line, col)


def test_position_counts_code_points_and_line_base():
    source = Source("x", "a🌙b\nc", line_base=10)
    assert source.position(2) == (11, 3)
    assert source.position(4) == (12, 1)


def test_mask_keeps_kind_and_last_two():
    assert mask("+33 6 12 34 56 78", "phone") == "+33 6 •• •• •• 78"
    assert mask("julie.martin@gmail.com", "email") == "j•••@gmail.com"
    assert mask("FR76 3000 6000 0112 3456 7890 189", "iban").endswith("89")
    assert "3000" not in mask("FR76 3000 6000 0112 3456 7890 189", "iban")


def test_phone_senders_masked_unless_shown():
    assert display_sender("+33 6 12 34 56 78", False) == "+33 6 •• •• •• 78"
    assert display_sender("+33 6 12 34 56 78", True) == "+33 6 12 34 56 78"
    assert display_sender("Inès", False) == "Inès"


def _rule(tmp_path, body: str):

    pack = tmp_path / "p"
    pack.mkdir(exist_ok=True)
    (pack / "pack.yml").write_text("name: p\n", encoding="utf-8")
    (pack / "TST001-x.yml").write_text(
        "code: TST001\nname: disclosure.x\ncategory: disclosure\nseverity: warning\n" + body +
        "legal: {reference: 'test'}\nexamples: {invalid: ['x'], valid: ['y']}\n", encoding="utf-8")
    return pack


def _lint(pack, text, meta=None):
    from influlint.api import RunOptions, build_engine, lint_unit
    from influlint.config import Config
    from influlint.model import Report
    from influlint.readers.post import read_post

    engine = build_engine(Config(builtin=[], packs=[str(pack)]), RunOptions(show_pii=True))
    unit = next(read_post(Source("t", text), meta or {}))
    return lint_unit(engine, unit, Config(), RunOptions(show_pii=True), Report())


def test_within_head_uses_platform_fold(tmp_path):
    pack = _rule(tmp_path, "match: {regex: 'publicite', within: tail}\noptions: {head_chars: 10, fold: {tiktok: 40}}\n")
    text = "Bonjour à toutes et tous, publicité"
    assert len(_lint(pack, text)) == 1
    assert _lint(pack, text, {"platform": "tiktok"}) == []


def test_sentence_scope_and_unless(tmp_path):
    pack = _rule(tmp_path, "scope: sentence\nmatch: {regex: '\\bguerit\\b'}\nunless: {regex: '\\bne\\s+guerit'}\n")
    found = _lint(pack, "Ce n'est pas un médicament et ne guérit rien. Ce thé guérit tout !")
    assert [f.excerpt for f in found] == ["guérit"] and found[0].start > 40


def test_score_min_and_near(tmp_path):
    pack = _rule(tmp_path, "match:\n  all:\n    - {regex: 'code'}\n    - near: {chars: 10, of: {regex: '[A-Z]{3,}\\d+', case: sensitive}}\n")
    assert len(_lint(pack, "mon code LUNA15")) == 1
    assert _lint(pack, "mon code de la route, et plus tard bien plus loin LUNA15") == []


def test_words_lexicon_boundaries(tmp_path):
    pack = _rule(tmp_path, "match: {words: ['#ad', 'sp']}\n")
    assert len(_lint(pack, "Super produit #ad")) == 1
    assert _lint(pack, "Super #adorable, spa") == []


def test_lemma_rule_uses_spacy(tmp_path):
    pack = _rule(tmp_path, "match: {lemma: ['guérir']}\n")
    found = _lint(pack, "Ces gélules guérissaient mes migraines")
    assert [f.excerpt for f in found] == ["guérissaient"]
    assert _lint(pack, "Rien à voir ici") == []


def test_prefilter_skips_rule_when_literal_absent(tmp_path):
    from influlint.engine.context import UnitContext
    from influlint.engine.loader import load_pack
    from influlint.engine.runner import RuleSet, Settings
    from influlint.model import Unit

    pack = _rule(tmp_path, "prefilter: [promo]\nmatch: {regex: '.'}\n")
    rules = load_pack(pack)
    ruleset = RuleSet(rules, Settings(render=lambda r, f, v: ""))
    src = Source("t", "aucun mot clé")
    assert ruleset.candidates(UnitContext.build(Unit(src, 0, len(src.text)))) == []
    src = Source("t", "une PROMO")
    assert ruleset.candidates(UnitContext.build(Unit(src, 0, len(src.text)))) == [0]


def test_pack_condition_sets_are_shared_and_checked(tmp_path):
    import pytest

    from influlint.engine.loader import load_pack
    from influlint.engine.schema import PackError

    pack = _rule(tmp_path, "match: {score: {min: 2, of: '@signals'}}\n")
    (pack / "pack.yml").write_text("name: p\nconditions:\n  signals:\n    - {regex: 'code', weight: 2}\n"
                                   "    - {regex: 'promo'}\n", encoding="utf-8")
    assert len(_lint(pack, "un code")) == 1 and _lint(pack, "une promo") == []
    (pack / "pack.yml").write_text("name: p\nconditions:\n  other: [{regex: 'x'}]\n", encoding="utf-8")
    with pytest.raises(PackError, match="unknown condition set @signals"):
        load_pack(pack)


def test_spaced_out_letters_are_collapsed_with_their_offsets():
    text = "abonnement p r o n o s dispo, le s.n.u.s à -20 %, il y a t il"
    norm = normalize(text)
    assert norm.text == "abonnement pronos dispo, le snus a -20 %, il y a t il"
    start = norm.text.index("pronos")
    a, b = norm.to_original(start, start + len("pronos"))
    assert text[a:b] == "p r o n o s"

"""Legal content a lawyer can trust: official links only, verbatim wordings shown in full, a review date per
rule that is not stale, uncertain points said and never above warning, `explain` entirely in one language."""

from __future__ import annotations

import os
import re
from datetime import date

import pytest
import yaml

from influlint.docs import explain_rule
from influlint.engine.loader import load_pack
from influlint.engine.schema import PackError, check_rule
from influlint.i18n import text as t
from influlint.resources import builtin_pack_dirs, locales_dir, rules_dir

# One pattern per allowed host: the official consolidated text, or a regulator's own guidance page.
LAW_URLS = {
    "legifrance": re.compile(r"https://www\.legifrance\.gouv\.fr/(?:(?:codes|loda)/article_lc/LEGIARTI\d{12}"
                             r"|codes/texte_lc/LEGITEXT\d{12}"
                             r"|eli/(?:loi|ordonnance|decret|arrete)/\d{4}/\d{1,2}/\d{1,2}/[0-9A-Z-]+/jo/texte)"),
    "eur-lex": re.compile(r"https://eur-lex\.europa\.eu/eli/(?:reg|dir|dec)/\d{4}/\d{1,4}/oj"),
}
GUIDANCE_URLS = {
    "economie.gouv.fr": re.compile(r"https://www\.economie\.gouv\.fr/dgccrf/[a-z0-9/-]+"),
    "cnil.fr": re.compile(r"https://(?:www\.)?cnil\.fr/[a-z0-9/-]+"),
    "anj.fr": re.compile(r"https://anj\.fr/[a-z0-9/-]+"),
    "amf-france.org": re.compile(r"https://www\.amf-france\.org/[a-z0-9/-]+"),
    "ansm.sante.fr": re.compile(r"https://ansm\.sante\.fr/[a-z0-9/-]+"),
    "arpp.org": re.compile(r"https://www\.arpp\.org/[a-z0-9/-]+/?"),
    "arcom.fr": re.compile(r"https://www\.arcom\.fr/[a-z0-9/-]+"),
}
URL = re.compile(r"https?://[^\s'\"»)]+")
DATA_KEYS = {"match", "unless", "examples", "prefilter"}  # test data and patterns, not text shown as a link


def _rules():
    return [r for d in builtin_pack_dirs() for r in load_pack(d)]


def _allowed(url: str) -> str | None:
    for kind, table in (("law", LAW_URLS), ("guidance", GUIDANCE_URLS)):
        if any(p.fullmatch(url) for p in table.values()):
            return kind
    return None


def test_url_patterns_reject_mirrors_blogs_and_bad_paths():
    for bad in ("https://legal.tricoteuses.fr/articles/LEGIARTI000050457275",
                "https://circulaires.legifrance.gouv.fr/codes/section_lc/LEGITEXT000006069565/LEGISCTA000032220949/",
                "https://www.doctrine.fr/l/texts/codes/LEGITEXT000006069565/articles/LEGIARTI000032227293",
                "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI00003222729",
                "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000801164",
                "https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX%3A32016R0679",
                "http://www.arpp.org/x", "https://www.tf1info.fr/politique/x"):
        assert _allowed(bad) is None, bad
    assert _allowed("https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000050457275") == "law"
    assert _allowed("https://eur-lex.europa.eu/eli/reg/2016/679/oj") == "law"
    assert _allowed("https://anj.fr/lignes-directrices") == "guidance"


def test_every_legal_entry_links_to_the_official_text_or_regulator_guidance():
    for rule in _rules():
        for item in rule.legal_detail:
            url = item.get("url")
            assert url, f"{rule.code}: '{item['reference']}' has no url"
            kind = _allowed(url)
            assert kind, f"{rule.code}: {url} is not an official link"
            assert item.get("kind", "law") == kind, f"{rule.code}: {url} must be named kind: {kind}"


def _texts(node, key=""):
    if key in DATA_KEYS:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _texts(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _texts(v, key)
    elif isinstance(node, str):
        yield node


def test_no_link_to_another_host_anywhere_in_rules_or_locales():
    files = [p for p in rules_dir().rglob("*.yml")] + list(locales_dir().glob("*.yml"))
    assert len(files) > 50
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in _texts(data):
            for url in URL.findall(text):
                assert _allowed(url), f"{path.name}: link to a host outside the allowed list: {url}"


def _max_age(request) -> int:
    option = request.config.getoption("--review-max-age")
    return option if option is not None else int(os.environ.get("INFLULINT_REVIEW_MAX_AGE", "365"))


def test_every_rule_was_reviewed_recently(request):
    max_age, today = _max_age(request), date.today()
    for rule in _rules():
        assert rule.reviewed_on, f"{rule.code} has no reviewed_on"
        reviewed = date.fromisoformat(rule.reviewed_on)
        assert reviewed <= today, f"{rule.code}: reviewed_on {reviewed} is in the future"
        age = (today - reviewed).days
        assert age <= max_age, f"{rule.code}: legal review is {age} days old (> {max_age}): review it again"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_explain_shows_review_date_and_every_wording_in_full(lang):
    for rule in _rules():
        out = explain_rule(rule, lang)
        assert f"{t(lang, 'legal_ui.reviewed_on')}: {rule.reviewed_on}" in out, rule.code
        for item in rule.legal_detail:
            assert item["reference"] in out and item["url"] in out, (rule.code, item["reference"])
            if "wording" in item:
                assert f"« {item['wording']['text']} »" in out, (rule.code, item["wording"]["source"])
                assert item["wording"]["source"] in out, rule.code
        assert not re.search(r"«\s*»", out), f"{rule.code}: empty wording in explain --lang {lang}"


def test_uncertain_points_are_said_and_never_above_warning():
    assert any(r.uncertain for r in _rules())
    for rule in _rules():
        for lang, word in (("fr", "incertain"), ("en", "uncertain")):
            out = explain_rule(rule, lang)
            if rule.uncertain:
                assert word in rule.explain_by_lang[lang], f"{rule.code}: explain ({lang}) must say it is uncertain"
                assert t(lang, "legal_ui.rule_uncertain") in out, rule.code
            if any(item.get("uncertain") for item in rule.legal_detail):
                assert t(lang, "legal_ui.uncertain") in out, rule.code
        if rule.uncertain:
            assert rule.severity in ("warning", "info"), f"{rule.code}: uncertain basis, severity {rule.severity}"


def test_guaranteed_results_cite_misleading_results_not_approvals():
    rule = next(r for r in _rules() if r.code == "CLM002")
    refs = " ".join(item["reference"] for item in rule.legal_detail)
    assert "L. 121-2 2° b" in refs and "L. 121-4 4°" not in refs


FR_WORDS = re.compile(r"\b(?:le|la|les|des|du|de|et|est|une|un|pas|sont|pour|avec|sur|qui|que)\b")
EN_WORDS = re.compile(r"\b(?:the|is|are|and|not|with|when)\b")
HEADINGS = {"fr": ("Vérifie", "Pourquoi (droit)", "Relu le", "Exemples fautifs", "Exemples conformes"),
            "en": ("Checks", "Why (law)", "Reviewed on", "Non-compliant examples", "Compliant examples")}


def _prose(out: str) -> str:
    """The explanation paragraphs, without quotations « … », code spans, citations, links and examples."""
    body = out.split("\n\n", 3)[2] if out.count("\n\n") >= 3 else out
    body = body.split("\n\n" + HEADINGS["fr"][1])[0].split("\n\n" + HEADINGS["en"][1])[0]
    body = re.sub(r"«[^»]*»|`[^`]*`|\([^)]*\)", " ", body)
    return re.sub(r"\b(?:arrêté|décret|loi|ordonnance|[Cc]ode de l[a']?)\b[^,;.]*?\d{2,4}\b|[Cc]ode de la \w+", " ", body)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_explain_is_entirely_in_the_chosen_language(lang):
    other = "en" if lang == "fr" else "fr"
    mine, theirs = (FR_WORDS, EN_WORDS) if lang == "fr" else (EN_WORDS, FR_WORDS)
    for rule in _rules():
        out = explain_rule(rule, lang)
        assert all(h in out for h in HEADINGS[lang]), (rule.code, lang)
        assert not any(f"\n{h}" in out for h in HEADINGS[other]), (rule.code, lang)
        assert f", {t(lang, f'severity.{rule.severity}')})" in out.splitlines()[0], rule.code
        prose = _prose(out)
        assert len(mine.findall(prose)) >= 3, f"{rule.code}: explain --lang {lang} is not in {lang}"
        assert len(theirs.findall(prose)) <= 1, f"{rule.code}: explain --lang {lang} has {other} prose: {prose[:200]}"


RULE = "code: XYZ001\nname: disclosure.x\ncategory: disclosure\nseverity: info\nmatch: {regex: 'x'}\n" \
       "examples: {invalid: ['x'], valid: ['y']}\n"


@pytest.mark.parametrize("extra, problem", [
    ("legal: {reference: 'x'}\nreviewed_on: 2026-12-05\n", "quoted date"),
    ("legal: {reference: 'x'}\nreviewed_on: '2026-13-05'\n", "not a real date"),
    ("legal: {reference: 'x', wording: {text: 'y'}}\n", "'source'"),
    ("legal: {reference: 'x', wording: {text: '', source: 'y'}}\n", "non-empty"),
    ("legal: {reference: 'x', link: 'y'}\n", "unknown key 'link'"),
    ("legal: {reference: 'x', kind: 'blog'}\n", "kind"),
    ("legal: {reference: 'x'}\nexplain: {de: 'x'}\n", "'explain'"),
    ("legal: {reference: 'x'}\nuncertain: 'yes'\n", "'uncertain'"),
])
def test_schema_rejects_bad_legal_fields(extra, problem):
    with pytest.raises(PackError, match=re.escape(problem)):
        check_rule("r.yml", yaml.safe_load(RULE + extra))


def test_statutory_fix_texts_are_the_cited_wording():
    """Where the fix inserts a mandatory mention, it is the verbatim text the rule cites (not a paraphrase)."""
    by_code = {r.code: r for r in _rules()}
    for code in ("DIS005", "DIS006", "SEC008", "SEC009", "SEC017"):
        rule = by_code[code]
        fix = str(rule.fix["text"]).rstrip(".")
        wordings = [item["wording"]["text"] for item in rule.legal_detail if "wording" in item]
        assert any(fix in w for w in wordings), f"{code}: fix « {fix} » is not the cited statutory text"

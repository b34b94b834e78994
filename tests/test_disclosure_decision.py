"""Issue 12 decisions: a brand endorsed without disclosure is a warning (DIS011); the English « ad » / « AD »
label alone is a weak wording (DIS002); « publicité » used as a noun inside a sentence is not a mention."""

from __future__ import annotations

from influlint.api import lint_text


def codes(text: str) -> dict[str, str]:
    return {f.code: f.severity for f in lint_text(text, meta={})}


PROMO = "ce code LUNA15 donne -15 % sur @lunabeauty"


def test_publicite_as_a_noun_in_a_sentence_is_not_a_mention():
    found = codes(f"Je déteste la publicité ciblée, mais {PROMO}")
    assert found.get("DIS001") == "error"


def test_publicite_as_a_label_is_a_mention():
    for text in (f"Publicité · {PROMO}", f"[Publicité] {PROMO}", f"✨ Publicité\n{PROMO}",
                 f"{PROMO}\nCet article est une publicité."):
        assert "DIS001" not in codes(text), text


def test_ad_label_alone_is_a_weak_wording():
    for text in (f"Nouvelle routine, {PROMO} | AD", f"{PROMO}\nad", f"AD - {PROMO}"):
        found = codes(text)
        assert found.get("DIS002") == "warning" and "DIS001" not in found, (text, found)
    assert "DIS002" not in codes(f"J'adore ce vernis made in France, {PROMO}")


def test_brand_endorsed_without_disclosure_is_a_warning():
    found = lint_text("J'adore mon nouveau sérum @lumelia.paris, il a changé ma peau 😍", meta={})
    dis011 = [f for f in found if f.code == "DIS011"]
    assert dis011 and dis011[0].severity == "warning" and dis011[0].category == "disclosure"
    assert "avantage" in lint_text("J'adore mon nouveau sérum @lumelia.paris", meta={}, lang="fr")[0].message


def test_thanks_to_a_host_or_a_person_tag_stays_clean():
    for text in ("Merci @lesjardinsdupalais pour l'accueil hier soir ✨", "Super soirée avec @julie.martin 🎉",
                 "Crédit photo : @julien.clic 📸 j'adore cette lumière"):
        assert not lint_text(text, meta={}), text

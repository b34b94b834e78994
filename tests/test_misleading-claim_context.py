"""Misleading-claim pack: quoting to criticise and self-mockery are clean across sentences; promises are not."""

from influlint.api import lint_text


def _codes(text: str, kind: str = "post") -> list[str]:
    return [f.code for f in lint_text(text, kind=kind, select=["CLM"])]


def test_quoted_promise_criticised_in_the_next_sentence_is_clean() -> None:
    assert _codes("Lu une annonce « -8 kg en 2 semaines garanti avec notre cure ». Méfiez-vous.") == []
    assert _codes("Cette pub promet « 15 % par mois garantis avec notre bot »… Arnaque évidente.") == []


def test_the_same_promise_unquoted_is_reported() -> None:
    assert "CLM003" in _codes("-8 kg en 2 semaines garanti avec notre cure @slimz, lien en bio")


def test_joke_about_a_personal_goal_is_clean_but_not_a_commercial_one() -> None:
    assert _codes("Objectif 2027 : 3 séances par semaine. Réussite garantie à 0 % 🤣") == []
    assert "CLM002" in _codes("Objectif abdos ! Résultats garantis en 7 jours avec le programme @fitx 😂")


def test_treatment_substitution_is_a_cure_claim_unless_with_a_doctor() -> None:
    assert "CLM001" in _codes("Remplacez votre Ventoline par l'huile de nigelle @nigella 🌿")
    assert _codes("J'ai arrêté mes anxiolytiques avec mon psychiatre, étape par étape.") == []


def test_asterisk_condition_makes_offered_conditional() -> None:
    assert "CLM006" in _codes("Ta brosse OFFERTE* 🪥 avec @dentiz\n\n*pour tout abonnement au kit de recharge")
    assert _codes("Trousse offerte dès 40 € d'achat chez @atelier 🎁") == []

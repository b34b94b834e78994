"""Misleading-claim pack: sentence scope keeps in-token dots and excuses only the negated sentence."""

from influlint.api import lint_text


def _codes(text: str, kind: str = "post") -> list[str]:
    return [f.code for f in lint_text(text, kind=kind, select=["CLM"])]


def test_obfuscated_dotted_claim_is_one_sentence() -> None:
    codes = _codes("ce spray @propolia g.u.é.r.i.t les angines en 1 nuit 🤫 code PROPO10")
    assert codes.count("CLM001") == 1


def test_negation_excuses_only_its_own_sentence() -> None:
    assert _codes("Ce n'est pas un médicament et ne guérit rien.") == []
    codes = _codes("Ce n'est pas un médicament et ne guérit rien. Par contre ce thé guérit l'eczéma en 3 jours.")
    assert codes == ["CLM001"]


def test_decimal_odds_do_not_split_a_sentence() -> None:
    assert "CLM011" in _codes("Ticket du jour cote 12.5 — 100 % sûr 💸 abonnement VIP")


def test_contradicted_urgency_is_an_error_and_plain_urgency_a_warning() -> None:
    plain = lint_text("Plus que 2 h pour le coffret @glowbox !", select=["CLM"])
    assert [(f.code, f.severity) for f in plain] == [("CLM004", "warning")]
    both = lint_text("Plus que 2 h pour le coffret ! (il reste toujours dispo sur le site après, chut)", select=["CLM"])
    assert ("CLM005", "error") in [(f.code, f.severity) for f in both]

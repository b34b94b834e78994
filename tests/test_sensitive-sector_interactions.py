"""Sensitive-sector rules with the other packs and with their own fixes (rule interactions)."""

from __future__ import annotations

import pytest

from influlint.api import apply_fixes, lint_text
from influlint.fixloop import fix_text

ALCOHOL_OK = (
    "Publicité — Dégustation du nouveau rosé @domaine.quatrevents 🍷 Notes de pêche et d'agrumes.\n"
    "L'abus d'alcool est dangereux pour la santé, à consommer avec modération."
)


def _counted(findings, prefix=""):
    return [f for f in findings if f.severity in ("error", "warning") and f.code.startswith(prefix)]


def test_disclosed_alcohol_ad_with_health_message_is_clean_for_every_pack():
    assert _counted(lint_text(ALCOHOL_OK, lang="fr")) == []


@pytest.mark.parametrize(
    "text, codes",
    [
        ("Publicité — Pariez sur la finale avec @betrio, premier pari remboursé jusqu'à 100 € ⚽", {"SEC008", "SEC010"}),
        ("Publicité — Le champagne @maison.argence pour les fêtes 🥂", {"SEC013"}),
        ("Publicité — Les nouveaux cookies @biscuiterie.amandine 🍪 au beurre demi-sel", {"SEC015"}),
        ("Publicité — Financez votre voiture avec @credisol 🚗", {"SEC017"}),
        ("Publicité — Le ticket à gratter @fdj, 500 000 € à gagner. Jouer comporte des risques. "
         "Interdit aux moins de 18 ans.", {"SEC009"}),
    ],
)
def test_safe_fix_inserts_the_verbatim_mention_and_settles_the_rule(text, codes):
    findings = _counted(lint_text(text, lang="fr", select=["SEC"]))
    assert codes <= {f.code for f in findings}
    fixed = fix_text(text, lambda t: _counted(lint_text(t, lang="fr", select=["SEC"])))  # --fix's loop
    assert not {f.code for f in _counted(lint_text(fixed, lang="fr", select=["SEC"]))} & codes
    # the inserted gambling helpline is a public number, never personal data
    assert _counted(lint_text(fixed, lang="fr"), "PII") == []


def test_fix_text_is_the_same_in_both_locales():
    text = "Publicité — Le champagne @maison.argence pour les fêtes 🥂"
    fixes = [
        apply_fixes(text, _counted(lint_text(text, lang=lang, select=["SEC013"]))) for lang in ("fr", "en")
    ]
    assert fixes[0] == fixes[1]
    assert fixes[0].endswith("L'abus d'alcool est dangereux pour la santé, à consommer avec modération.")


@pytest.mark.parametrize(
    "text",
    [
        "Puffs : l'interdiction des cigarettes électroniques jetables est entrée en vigueur.",
        "J'ai arrêté la puff depuis 3 mois 🙌",
        "La loi Evin encadre la publicité pour l'alcool depuis 1991. Petit thread 👇",
        "📰 Rappel : les abonnements à des pronostics sportifs ne peuvent plus être promus depuis 2023.",
        "Chirurgie esthétique : les influenceurs n'ont plus le droit d'en faire la promotion.",
    ],
)
def test_information_is_not_promotion(text):
    assert _counted(lint_text(text, lang="fr", select=["SEC"])) == []


def test_banned_promotion_has_no_fix_even_when_disclosed():
    findings = _counted(lint_text("Publicité — Nouvelle puff @vapoza goût mangue, code PUFF10", select=["SEC003"]))
    assert findings and all(not f.fix or not f.fix.edits for f in findings)

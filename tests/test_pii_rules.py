"""Personal-data pack: interactions with the config, chat metadata and the other rules (issue 6)."""

from __future__ import annotations

from pathlib import Path

from influlint.api import RunOptions, lint_paths, lint_text
from influlint.config import Config
from influlint.engine.loader import load_pack

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "rules" / "personal-data"


def codes(text: str, kind: str = "post") -> list[str]:
    return sorted(f.code for f in lint_text(text, kind=kind, select=["personal-data"]))


def test_every_rule_is_prefiltered_and_masks_identifiers():
    for rule in load_pack(PACK):
        assert rule.prefilter or rule.prefilter_digits, f"{rule.code}: add prefilter literals or prefilter_digits"
        if rule.report == "each":
            assert rule.pii, f"{rule.code}: a rule reporting each identifier must declare its pii kind"


def test_not_personal_data():
    assert codes("Les jeux d'argent et de hasard peuvent être dangereux : pertes d'argent, conflits familiaux, "
                 "addiction… Retrouvez nos conseils sur joueurs-info-service.fr (09 74 75 13 13 - appel non "
                 "surtaxé)") == []
    assert codes("Pour vos factures : Maison Solène SAS — SIRET 978 681 245 00012, SIREN 978681245") == []
    assert codes("Un souci ? contact@lumelia.fr ou le service client au 01 99 00 42 17") == []
    assert codes("Merci @lumelia.paris et @julie.martin pour la soirée !") == []
    assert codes("Je suis diabétique depuis mes 12 ans, je vous montre ma routine") == []


def test_a_list_is_reported_once_as_a_list_and_each_number_as_a_phone():
    text = "Covoit samedi :\n- Ana 06 39 98 10 22\n- Bastien 06 39 98 10 47\n- Coralie 06 39 98 10 93"
    assert codes(text, kind="message") == ["PII001", "PII001", "PII001", "PII012"]


def _run(tmp_path: Path, text: str, allow: dict[str, list[str]], name: str = "post.md") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = lint_paths([str(path)], Config(allow=allow), RunOptions(select=["personal-data"]))
    return sorted(f.code for f in report.findings)


def test_config_allow_lists_drop_matches(tmp_path):
    text = "Écrivez à camille.berthon84@gmail.com ou à jean.dupont@agence-lune.fr, ou au 06 39 98 81 13"
    assert _run(tmp_path, text, {}) == ["PII001", "PII002", "PII002", "PII012"]
    allow = {"emails": ["Camille.Berthon84@gmail.com"], "domains": ["agence-lune.fr"], "phones": ["+33 6 39 98 81 13"]}
    assert _run(tmp_path, text, allow) == []
    # an allow-listed number does not count towards a contact list either
    two = "Tel : 06 39 98 81 13 ou 06 39 98 81 14"
    assert _run(tmp_path, two, {}) == ["PII001", "PII001", "PII012"]
    assert _run(tmp_path, two, {"phones": ["06 39 98 81 13"]}) == ["PII001"]


def test_chat_metadata_is_not_personal_data(tmp_path):
    chat = ("26/11/2026 09:26 - Inès Lumélia a ajouté +33 6 39 98 64 20\n"
            "26/11/2026 09:27 - +33 6 39 98 64 20: Bonjour à toutes, contente d'être là !\n"
            "26/11/2026 09:28 - +33 6 39 98 64 20: Mon 06 si besoin : 06 39 98 64 20\n")
    assert _run(tmp_path, chat, {}, name="chat.txt") == ["PII001"]


def test_masked_by_default_shown_on_request():
    text = "Mon mail perso : rose.delattre91@gmail.com"
    masked = lint_text(text, select=["PII002"], show_pii=False)[0]
    shown = lint_text(text, select=["PII002"], show_pii=True)[0]
    assert "rose.delattre91@gmail.com" not in masked.message + masked.excerpt
    assert masked.excerpt.endswith("@gmail.com") and masked.excerpt.startswith("r")
    assert shown.excerpt == "rose.delattre91@gmail.com"

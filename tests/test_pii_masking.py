"""Personal data never leaves influlint in clear: every output format of a run over the PII fixtures is
scanned for the raw identifiers of the input (issue 6). `--show-pii` shows them (local use only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from influlint.formatters import FORMATTERS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted(str(p) for p in (ROOT / "fixtures" / "posts").glob("personal-data-*.md"))

# Raw identifiers written in the fixtures, as written and in the compact forms a formatter could print.
RAW = {
    "personal-data-contest.md": [
        "06 39 98 57 31", "0639985731", "ines.garnier75@gmail.com", "ines.garnier75", "paul.vidal@hotmail.fr",
        "paul.vidal", "9 rue des Acacias", "rue des Acacias", "+44 7700 900456", "7700 900456", "447700900456",
    ],
    "personal-data-bank.md": [
        "FR30 3000 2005 5000 0015 7841 201", "FR3030002005500000157841201", "3000 2005 5000",
        "4716 2983 4012 5670", "4716298340125670", "2 87 03 75 115 423 69", "287037511542369", "34XK98127",
    ],
    "personal-data-sensitive.md": [
        "Bastien Roussel", "Roussel est diab", "noemie [point] carlier", "carlier [arobase]",
    ],
}
SENDER = "+33 6 39 98 64 20"
CHAT_RAW = [SENDER, "+33639986420", "yanis.okafor@gmail.com", "yanis.okafor"]
CHAT = (
    "26/11/2026 09:26 - Inès Lumélia a ajouté +33 6 39 98 64 20\n"
    f"26/11/2026 09:27 - {SENDER}: Salut ! Mon mail perso : yanis.okafor@gmail.com\n"
    "26/11/2026 09:28 - Inès Lumélia: Merci, pas de données perso ici 🙏\n"
)


def _all_raw() -> list[str]:
    return [raw for values in RAW.values() for raw in values]


def test_every_fixture_is_listed():
    assert {Path(p).name for p in FIXTURES} == set(RAW), "list the raw identifiers of each PII fixture in RAW"


@pytest.fixture(scope="module")
def chat_export(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("pii") / "chat_pii.txt"
    path.write_text(CHAT, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_outputs_mask_personal_data(run_cli, fmt, chat_export):
    code, out, err = run_cli("check", "--format", fmt, *FIXTURES, chat_export)
    assert code == 1, (code, out[-2000:], err[-2000:])  # the fixtures hold error-level PII findings
    assert "PII0" in out or "personal-data" in out, f"{fmt}: no personal-data finding in the output"
    for raw in [*_all_raw(), *CHAT_RAW]:
        assert raw not in out, f"{fmt} output shows {raw!r} in clear"
        assert raw not in err, f"{fmt} stderr shows {raw!r} in clear"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_show_pii_reveals_personal_data(run_cli, fmt, chat_export):
    code, out, _ = run_cli("check", "--format", fmt, "--show-pii", *FIXTURES, chat_export)
    assert code == 1
    for raw in ["06 39 98 57 31", "ines.garnier75@gmail.com", "FR30 3000 2005 5000 0015 7841 201",
                "yanis.okafor@gmail.com"]:
        assert raw in out, f"--show-pii: {raw!r} not shown by {fmt}"


def test_findings_carry_masked_excerpts():
    from influlint.api import lint_text

    text = (ROOT / "fixtures" / "posts" / "personal-data-bank.md").read_text(encoding="utf-8")
    findings = lint_text(text, select=["PII"], show_pii=False)
    assert {f.code for f in findings} >= {"PII004", "PII005", "PII006", "PII007"}
    for f in findings:
        assert f.pii, f"{f.code} has no personal-data span"
        for raw in RAW["personal-data-bank.md"]:
            assert raw not in f.excerpt and raw not in f.message, (f.code, raw)

"""One masking pass for every output: parse, --diff, senders, excerpts of any rule whatever was filtered,
error messages, file and zip member names, baselines; --show-pii the only way to see identifiers.
Control characters never reach a terminal raw; JUnit XML and JSON stay valid."""

from __future__ import annotations

import json
import zipfile
from xml.dom import minidom

import pytest
from hostile import EMAIL, IBAN, IDENTIFIERS, PHONE, telegram, tg_message, wa_line

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")
ADDRESS = "12 rue de la Paix 75002 Paris"


def _leaks(blob: bytes | str, secrets=IDENTIFIERS) -> list[str]:
    text = blob.decode("utf-8", "replace") if isinstance(blob, bytes) else blob
    return [s for s in secrets if s in text or s.replace(" ", "") in text.replace(" ", "")]


def _chat(tmp_path):
    chat = tmp_path / "chat.txt"
    chat.write_text(
        wa_line(f"Appelle-moi au {PHONE} pour le code promo LUNA15 chez @glowlab", sender="Julie 06 11 22 33 44")
        + wa_line(f"mon mail {EMAIL} et IBAN {IBAN}", sender="~ +33 6 12 34 56 78", minute=1)
        + wa_line("salut \x1b[2J\x1b[31mrouge\x07", sender="marc.dupont@exemple.fr", minute=2),
        encoding="utf-8")
    return chat


SENDERS = ("06 11 22 33 44", "+33 6 12 34 56 78", "marc.dupont@exemple.fr")


@pytest.mark.parametrize("fmt", FORMATS)
def test_senders_texts_and_names_masked_in_every_format(tmp_path, cli, fmt):
    _chat(tmp_path)
    with zipfile.ZipFile(tmp_path / "WhatsApp Chat with +33 6 12 34 56 78.zip", "w") as zf:
        zf.writestr("WhatsApp Chat with +33 6 12 34 56 78.txt", wa_line("code promo LUNA15 chez @glowlab"))
    res = cli(["check", ".", "--format", fmt], cwd=tmp_path)
    assert res.returncode == 1
    out = res.stdout + res.stderr
    assert _leaks(out, IDENTIFIERS + SENDERS) == []
    assert "+33 6 •• •• •• 78" in out.decode()  # the file name is shown, masked
    assert b"\x1b" not in out and b"\x07" not in out
    if fmt == "junit":
        minidom.parseString(res.stdout)
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(res.stdout)


def test_show_pii_is_the_only_way_to_see_identifiers(tmp_path, cli):
    _chat(tmp_path)
    out = cli(["check", "chat.txt", "--format", "json", "--show-pii"], cwd=tmp_path).stdout.decode()
    assert "Julie 06 11 22 33 44" in out and EMAIL in out and IBAN in out
    parsed = cli(["parse", "chat.txt", "--show-pii"], cwd=tmp_path).stdout.decode()
    assert PHONE in parsed and "marc.dupont@exemple.fr" in parsed


def test_parse_masks_text_senders_and_names(tmp_path, cli):
    _chat(tmp_path)
    export = tmp_path / "result.json"
    export.write_text(telegram([tg_message(["Mon RIB ", {"type": "link", "text": IBAN, "href": f"mailto:{EMAIL}"}],
                                            sender=f"Julie {PHONE}", photo=f"photo_{PHONE}.jpg")],
                               name=f"Groupe de {EMAIL}"), encoding="utf-8")
    for name in ("chat.txt", "result.json"):
        res = cli(["parse", name], cwd=tmp_path)
        assert res.returncode == 0
        assert _leaks(res.stdout, IDENTIFIERS + SENDERS) == [], res.stdout
        assert all(json.loads(line) for line in res.stdout.splitlines())
    records = [json.loads(x) for x in cli(["parse", "chat.txt"], cwd=tmp_path).stdout.splitlines()]
    assert records[2]["text"] == "salut \x1b[2J\x1b[31mrouge\x07"  # JSON escapes control characters itself


def test_diff_masks_context_and_removed_lines(tmp_path, cli):
    post = tmp_path / "post.md"
    post.write_text(f"Mon code promo LUNA15 chez @glowlab ! Appelle-moi au {PHONE}, {ADDRESS}\n"
                    f"IBAN {IBAN}, carte 4970 1012 3456 7802, NIR 1 85 05 78 006 084 91, {EMAIL}\n"
                    "ligne trois\n", encoding="utf-8")
    res = cli(["check", "post.md", "--diff"], cwd=tmp_path)
    assert res.returncode == 1 and res.stdout.startswith(b"--- a/post.md")
    assert _leaks(res.stdout, (*IDENTIFIERS, ADDRESS)) == [], res.stdout.decode()
    assert "+Publicité" in res.stdout.decode()
    raw = cli(["check", "post.md", "--diff", "--show-pii"], cwd=tmp_path).stdout.decode()
    assert PHONE in raw and ADDRESS in raw


@pytest.mark.parametrize("how", ["suppressed", "path-ignored", "below-threshold", "ignored", "not-selected"])
def test_filtered_pii_findings_never_reappear_in_another_rule_excerpt(tmp_path, cli, how):
    """DIS001 fired by the front matter points at the first line: its excerpt holds the phone number and
    the address whatever happened to the PII findings themselves."""
    first = f"Appelez Julie au {PHONE}, {ADDRESS}"
    sup = '<!-- influlint: disable=PII001,PII003 reason="test" -->\n' if how == "suppressed" else ""
    (tmp_path / "post.md").write_text(f"---\nsponsored: true\n---\n{sup}{first}\n", encoding="utf-8")
    config = {"path-ignored": "ignore: [{path: 'post.md', codes: [PII001, PII003], reason: test}]\n",
              "below-threshold": "min_severity: error\n"}.get(how, "")
    (tmp_path / "influlint.yml").write_text(config, encoding="utf-8")
    args = {"ignored": ["--ignore", "PII"], "not-selected": ["--select", "DIS"]}.get(how, [])
    for fmt in FORMATS:
        res = cli(["check", "post.md", "--format", fmt, *args], cwd=tmp_path)
        assert b"DIS001" in res.stdout
        if fmt == "json":
            assert [f["rule"] for f in json.loads(res.stdout)["findings"]] == ["DIS001"]
        assert _leaks(res.stdout, (PHONE, ADDRESS)) == [], (fmt, res.stdout.decode())


def test_whatsapp_header_error_does_not_quote_identifiers(tmp_path, cli):
    bad = tmp_path / f"export {PHONE}.txt"
    bad.write_text(f"Julie {PHONE} \x1b]0;pwned\x07 {EMAIL}\n", encoding="utf-8")
    for fmt in FORMATS:
        res = cli(["check", bad.name, "--input-format", "whatsapp", "--format", fmt], cwd=tmp_path)
        assert res.returncode == 2
        out = res.stdout + res.stderr
        assert b"no WhatsApp message header found" in out
        assert _leaks(out) == [] and b"\x1b" not in out and b"\x07" not in out
    res = cli(["parse", bad.name, "--input-format", "whatsapp"], cwd=tmp_path)
    assert res.returncode == 2 and _leaks(res.stderr) == [] and len(res.stderr.splitlines()) == 1


def test_zip_member_names_with_escape_sequences_and_identifiers(tmp_path, cli):
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as zf:
        zf.writestr(f"\x1b[2J{PHONE}.bin", b"\0")
        zf.writestr(f"notes {EMAIL}.md", b"x")
    for fmt in ("text", "json", "junit", "github"):
        res = cli(["check", "export.zip", "--format", fmt], cwd=tmp_path)
        out = res.stdout + res.stderr
        assert res.returncode == 2 and b"zip holds no chat export" in out
        assert _leaks(out) == [] and b"\x1b" not in out
        if fmt == "junit":
            minidom.parseString(res.stdout)


def test_junit_stays_valid_with_control_characters_in_excerpts(tmp_path, cli):
    (tmp_path / "post.md").write_text("---\nsponsored: true\n---\nMa routine \x01\x02\x1b\x0b\x0c\ufffe du soir\n",
                                      encoding="utf-8")
    res = cli(["check", "post.md", "--format", "junit"], cwd=tmp_path)
    doc = minidom.parseString(res.stdout)
    text = doc.getElementsByTagName("failure")[0].firstChild.data
    assert "\\x01\\x02\\x1b\\x0b\\x0c" in text


def test_baseline_file_holds_no_personal_data(tmp_path, cli):
    _chat(tmp_path)
    res = cli(["check", "chat.txt", "--write-baseline", "baseline.json", "--show-pii"], cwd=tmp_path)
    assert res.returncode == 0
    baseline = (tmp_path / "baseline.json").read_text(encoding="utf-8")
    assert _leaks(baseline, IDENTIFIERS + SENDERS) == [] and "LUNA15" not in baseline
    again = cli(["check", "chat.txt", "--baseline", "baseline.json", "--format", "json"], cwd=tmp_path)
    assert again.returncode == 0 and json.loads(again.stdout)["findings"] == []

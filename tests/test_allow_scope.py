"""Personal-data allow-lists excuse public contact data in personal-data rules only, never other matches."""

from __future__ import annotations


def test_allowed_domain_does_not_hide_a_brand_tag(run_cli, tmp_path):
    post = tmp_path / "post.md"
    post.write_text("Mon nouveau sérum @mabrand.fr 💜 lien en bio\n", encoding="utf-8")
    cfg = tmp_path / "influlint.yml"
    cfg.write_text("allow: {domains: [mabrand.fr]}\n", encoding="utf-8")
    code, out, _ = run_cli("check", str(post), "--config", str(cfg), "-q")
    assert code == 1 and "DIS001" in out


def test_allowed_email_and_phone_still_excuse_personal_data(run_cli, tmp_path):
    post = tmp_path / "post.md"
    post.write_text("Écris-moi à julie.martin@gmail.com ou au 06 12 34 56 78 pour le colis\n", encoding="utf-8")
    code, out, _ = run_cli("check", str(post), "--select", "PII", "-q")
    assert "PII002" in out and "PII001" in out  # without the allow-list both are reported
    cfg = tmp_path / "influlint.yml"
    cfg.write_text("allow: {emails: [julie.martin@gmail.com], phones: ['06 12 34 56 78']}\n", encoding="utf-8")
    code, out, _ = run_cli("check", str(post), "--select", "PII", "--config", str(cfg), "-q")
    assert "PII002" not in out and "PII001" not in out

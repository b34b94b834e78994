"""Docs and user-facing text agree with the code: what --fix masks, no promise the code does not keep, no
citation of files users do not have, and the suppression audit outside the law categories."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORDS = {"iban": "IBAN", "card": "card", "nir": "NIR", "id-number": "ID", "phone": "Phone", "email": "e-mail"}


def _pii_rules():
    for path in sorted((ROOT / "rules" / "personal-data").glob("PII*.yml")):
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))
        if (rule.get("fix") or {}).get("action") == "mask":
            yield rule


def test_ci_doc_and_fix_hook_say_what_fix_masks():
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    fix_part = ci.split("- `--fix` applies", 1)[1].split("\n- ", 1)[0]
    hook = next(h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
                if h["id"] == "influlint-fix")["description"]
    for rule in _pii_rules():
        word = WORDS[rule["pii"]]
        if rule["fix"]["safe"]:
            assert word.lower() in fix_part.lower() and word.lower() in hook.lower(), rule["code"]
        else:
            assert "--unsafe-fixes" in fix_part and word.lower() in fix_part.lower(), rule["code"]
    assert "masking personal\n  data)" not in ci and "masks personal data)" not in hook


def test_rule_format_promises_only_what_exists():
    text = (ROOT / "docs" / "rule-format.md").read_text(encoding="utf-8")
    assert "derived from the lemma stems" not in text
    runner = (ROOT / "src" / "influlint" / "engine" / "runner.py").read_text(encoding="utf-8")
    assert "vars: match, value, meta, options, signals, wording" in text
    assert '"config"' not in runner  # no `config` template variable exists


def test_user_facing_text_cites_no_internal_file():
    paths = [*(ROOT / "locales").glob("*.yml"), *(ROOT / "rules").rglob("*.yml"), *(ROOT / "docs").glob("*.md"),
             *(ROOT / "src" / "influlint").rglob("*.py"), ROOT / ".pre-commit-hooks.yaml", ROOT / "action.yml",
             ROOT / "README.md"]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert "STYLE.md" not in text and "REFERENCE.md" not in text, path


def test_suppression_audit_has_no_law_and_no_category_count(run_cli, tmp_path):
    post = tmp_path / "post.md"
    post.write_text("Code LUNA15 sur @glowlab\n<!-- influlint: disable=CLM002 -->\n", encoding="utf-8")
    code, out, _ = run_cli("check", str(post), "--no-color")
    sup = out.split("SUP001", 1)[1].split("\n/", 1)[0]
    assert "Law:" not in sup
    assert out.rstrip().endswith("— disclosure 1.")  # DIS001 only; SUP001/SUP002 counted under no category
    code, out, _ = run_cli("check", str(post), "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, json.loads((ROOT / "docs" / "findings.schema.json").read_text(encoding="utf-8")))
    sups = [f for f in data["findings"] if f["rule"].startswith("SUP")]
    assert {"STYLE" in json.dumps(f["law"]) for f in sups} == {False} and {f["category"] for f in sups} == {"misleading-claim"}
    assert data["summary"]["by_category"] == {"disclosure": 1}

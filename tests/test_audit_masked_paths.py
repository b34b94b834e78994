"""An export named after a phone number: the audit's HTML, JSON and CSV show it masked, as `check` does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "chats" / "whatsapp" / "wa_fr_android_24h.txt"


def test_export_name_with_a_phone_number_is_masked_in_every_audit_output(tmp_path):
    export = tmp_path / "WhatsApp Chat with +33 6 12 34 56 78.txt"
    shutil.copy(SAMPLE, export)
    outs = {ext: tmp_path / f"audit.{ext}" for ext in ("html", "json", "csv")}
    done = subprocess.run([sys.executable, "-m", "influlint", "audit", str(export), "--html", str(outs["html"]),
                           "--json", str(outs["json"]), "--csv", str(outs["csv"])],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for ext, path in outs.items():
        text = path.read_text(encoding="utf-8-sig")
        assert "12 34 56 78" not in text and "+33 6 12" not in text, ext
        assert "WhatsApp Chat with" in text, ext  # the name is shown, masked
    assert "12 34 56 78" not in done.stderr

"""--fix / --unsafe-fixes / --diff: encodings and line endings kept, atomic writes, chat exports refused."""

from __future__ import annotations

import codecs
import os
import shutil
from pathlib import Path

import pytest

from influlint import fixer
from influlint.model import Edit, Finding, Fix, Source, Unit

ROOT = Path(__file__).resolve().parents[1]
DEMO_PACK = ROOT / "tests" / "data" / "packs" / "demo"
DEMO = ["--pack", str(DEMO_PACK), "--select", "DEM"]
RAW_IBAN = "FR76 3000 6000 0112 3456 7890 189"
MASKED_IBAN = "FR76 •••• •••• •••• •••• •••• •89"
CHAT = f"12/03/2024, 10:15 - Julie: Mon RIB {RAW_IBAN} merci\n12/03/2024, 10:16 - Léa: ok\n"


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fix_utf8_post_then_clean(here, run_cli):
    Path("post.md").write_text(f"Mon code promo LUNA15\nRIB : {RAW_IBAN}\n", encoding="utf-8")
    code, _, err = run_cli("check", "post.md", *DEMO, "--fix")
    assert Path("post.md").read_text(encoding="utf-8") == f"Publicité\nMon code promo LUNA15\nRIB : {MASKED_IBAN}\n"
    assert code == 0 and "fixed 1 file" in err
    assert not [p for p in here.iterdir() if p.name.startswith(".post.md.")]  # no temp file left


@pytest.mark.parametrize(("name", "raw", "expected"), [
    ("crlf", b"Mon code promo LUNA15\r\nfin\r\n", "Publicité\r\nMon code promo LUNA15\r\nfin\r\n".encode()),
    ("bom", codecs.BOM_UTF8 + "Café code promo LUNA15\n".encode(),
     codecs.BOM_UTF8 + "Publicité\nCafé code promo LUNA15\n".encode()),
    ("cp1252-crlf", "Café code promo LUNA15\r\n".encode("cp1252"),
     "Publicité\r\nCafé code promo LUNA15\r\n".encode("cp1252")),
    ("utf16", codecs.BOM_UTF16_LE + "Café code promo LUNA15\n".encode("utf-16-le"),
     codecs.BOM_UTF16_LE + "Publicité\nCafé code promo LUNA15\n".encode("utf-16-le")),
    ("mixed", b"Mon code promo LUNA15\r\nun\ndeux\r\n", "Publicité\r\nMon code promo LUNA15\r\nun\ndeux\r\n".encode()),
    ("no-final-newline", b"Mon code promo LUNA15", "Publicité\nMon code promo LUNA15".encode()),
])
def test_fix_keeps_encoding_and_line_endings(here, run_cli, name, raw, expected):
    path = Path(f"{name}.md")
    path.write_bytes(raw)
    code, _, _ = run_cli("check", str(path), *DEMO, "--fix")
    assert path.read_bytes() == expected
    assert code == 0


def test_fix_keeps_file_mode(here, run_cli):
    path = Path("post.md")
    path.write_text("Mon code promo LUNA15\n", encoding="utf-8")
    path.chmod(0o640)
    run_cli("check", "post.md", *DEMO, "--fix")
    assert path.read_text(encoding="utf-8").startswith("Publicité\n")
    assert (path.stat().st_mode & 0o777) == 0o640


def test_diff_prints_and_writes_nothing(here, run_cli):
    Path("post.md").write_bytes(b"Mon code promo LUNA15\r\n")
    code, out, _ = run_cli("check", "post.md", *DEMO, "--diff")
    assert code == 1
    assert out == "--- a/post.md\n+++ b/post.md\n@@ -1 +1,2 @@\n+Publicité\n Mon code promo LUNA15\n"
    assert Path("post.md").read_bytes() == b"Mon code promo LUNA15\r\n"
    code, out, _ = run_cli("check", "post.md", "--pack", str(DEMO_PACK), "--select", "DEM002", "--diff")
    assert code == 0 and out == ""


def test_chat_export_refused_other_files_fixed(here, run_cli):
    Path("chat.txt").write_text(CHAT, encoding="utf-8")
    Path("post.md").write_text("Mon code promo LUNA15\n", encoding="utf-8")
    code, out, err = run_cli("check", "chat.txt", "post.md", *DEMO, "--fix", "--format", "json")
    assert code == 2
    assert Path("chat.txt").read_text(encoding="utf-8") == CHAT
    assert Path("post.md").read_text(encoding="utf-8").startswith("Publicité\n")
    refusals = [line for line in err.splitlines() if "chat.txt" in line]
    assert len(refusals) == 1 and "chat export not edited" in refusals[0]
    assert RAW_IBAN not in out + err


def test_diff_refuses_chat_export(here, run_cli):
    Path("chat.txt").write_text(CHAT, encoding="utf-8")
    code, out, err = run_cli("check", "chat.txt", *DEMO, "--diff")
    assert code == 2 and out == "" and "chat export not edited" in err


@pytest.fixture
def unsafe_pack(tmp_path):
    pack = tmp_path / "unsafe-pack"
    shutil.copytree(DEMO_PACK, pack)
    rule = pack / "DEM001-promo-code.yml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("safe: true", "safe: false"), encoding="utf-8")
    return pack


def test_unsafe_fixes_only_with_flag(here, run_cli, unsafe_pack):
    Path("post.md").write_text("Mon code promo LUNA15\n", encoding="utf-8")
    args = ["check", "post.md", "--pack", str(unsafe_pack), "--select", "DEM001"]
    code, _, _ = run_cli(*args, "--fix")
    assert code == 1 and Path("post.md").read_text(encoding="utf-8") == "Mon code promo LUNA15\n"
    code, _, _ = run_cli(*args, "--fix", "--unsafe-fixes")
    assert code == 0 and Path("post.md").read_text(encoding="utf-8") == "Publicité\nMon code promo LUNA15\n"


def test_unsafe_fixes_alone_is_a_usage_error(here, run_cli):
    Path("post.md").write_text("Mon code promo LUNA15\n", encoding="utf-8")
    code, _, err = run_cli("check", "post.md", *DEMO, "--unsafe-fixes")
    assert code == 2 and "--fix" in err


# --- fixer unit tests ---------------------------------------------------------------------------------


def _plan(path: Path, text: str, edits: tuple[Edit, ...]) -> fixer.FilePlan:
    return fixer.FilePlan(str(path), text, edits, ())


def test_unencodable_fix_leaves_file_unchanged(tmp_path):
    path = tmp_path / "p.md"
    path.write_bytes("Café\n".encode("cp1252"))
    with pytest.raises(fixer.FixError, match="cp1252 cannot encode"):
        fixer.write_plan(_plan(path, "Café\n", (Edit(0, 0, "🌙 "),)))
    assert path.read_bytes() == "Café\n".encode("cp1252")


def test_stale_file_not_rewritten(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("changed\n", encoding="utf-8")
    with pytest.raises(fixer.FixError, match="changed since"):
        fixer.write_plan(_plan(path, "original\n", (Edit(0, 0, "x"),)))


def test_failed_replace_keeps_original_and_cleans_up(tmp_path, monkeypatch):
    path = tmp_path / "p.md"
    path.write_text("abc\n", encoding="utf-8")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(fixer.FixError, match="cannot write"):
        fixer.write_plan(_plan(path, "abc\n", (Edit(0, 0, "x"),)))
    assert path.read_text(encoding="utf-8") == "abc\n"
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]


def _fix_finding(source: Source, start: int, end: int, text: str, safe: bool = True) -> Finding:
    return Finding(code="DEM001", name="n", category="disclosure", severity="error", unit=Unit(source, 0, len(source.text)),
                   start=start, end=end, message="m", excerpt="e", fix=Fix("d", safe, (Edit(start, end, text),)))


def test_choose_edits_skips_overlaps_and_dedupes_identical_insertions():
    source = Source("p.md", "abcdef")
    same1, same2 = _fix_finding(source, 0, 0, "X"), _fix_finding(source, 0, 0, "X")
    overlap_a, overlap_b = _fix_finding(source, 1, 4, "1"), _fix_finding(source, 2, 5, "2")
    unsafe = _fix_finding(source, 5, 6, "U", safe=False)
    edits, fixed = fixer.choose_edits([same1, same2, overlap_a, overlap_b, unsafe], unsafe=False)
    assert fixer.apply_edits(source.text, edits) == "Xa1ef"
    assert fixed == [same1, same2, overlap_a]


def test_fix_after_front_matter_and_stdin(here, run_cli):
    Path("fm.md").write_bytes("---\r\ntitle: Soirée\r\n---\r\nMon code promo LUNA15\r\n".encode())
    code, _, _ = run_cli("check", "fm.md", *DEMO, "--fix")
    assert code == 0
    assert Path("fm.md").read_bytes() == "---\r\ntitle: Soirée\r\n---\r\nPublicité\r\nMon code promo LUNA15\r\n".encode()
    code, out, _ = run_cli("check", "-", *DEMO, "--diff", input="Mon code promo LUNA15\n")
    assert code == 1 and "+Publicité\n" in out
    code, _, err = run_cli("check", "-", *DEMO, "--fix", "--format", "json", input="Mon code promo LUNA15\n")
    assert code == 2 and "standard input cannot be fixed" in err

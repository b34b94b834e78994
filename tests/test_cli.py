"""End-to-end CLI behaviour on the demo pack: exit codes, formats, selection, locales, config, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from influlint import __version__

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "findings.schema.json").read_text(encoding="utf-8"))
DEMO = ["--pack", str(ROOT / "tests" / "data" / "packs" / "demo"), "--select", "DEM"]
POST = "Mon code promo LUNA15 avec @glowlab pour -15 %\n"
CLEAN = "Une balade au parc, rien à vendre.\n"


@pytest.fixture
def post(tmp_path: Path) -> Path:
    p = tmp_path / "post.md"
    p.write_text(POST, encoding="utf-8")
    return p


def test_version(run_cli):
    code, out, _ = run_cli("--version")
    assert code == 0 and out.strip() == f"influlint {__version__}"


def test_check_finds_and_exits_1(run_cli, post):
    code, out, _ = run_cli("check", str(post), *DEMO, "--no-color")
    assert code == 1
    assert f"{post}:1:5 DEM001 error" in out
    assert "Loi n° 2023-451, art. 5-2" in out


def test_clean_file_exits_0(run_cli, tmp_path):
    p = tmp_path / "clean.md"
    p.write_text(CLEAN, encoding="utf-8")
    code, out, _ = run_cli("check", str(p), *DEMO)
    assert code == 0 and "No problems found" in out


def test_json_output_validates_against_contract(run_cli, post):
    code, out, _ = run_cli("check", str(post), *DEMO, "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert code == 1
    [finding] = data["findings"]
    assert (finding["rule"], finding["line"], finding["column"]) == ("DEM001", 1, 5)
    assert finding["fix"]["safe"] is True and finding["fix"]["edits"][0]["text"] == "Publicité\n"
    assert data["files"] == [{"path": str(post), "format": "post", "units": 1}]


def test_fail_on_warning_and_info(run_cli, tmp_path):
    pack = tmp_path / "warnpack"
    pack.mkdir()
    src = (ROOT / "tests" / "data" / "packs" / "demo" / "DEM001-promo-code.yml").read_text(encoding="utf-8")
    (pack / "DEM001-promo-code.yml").write_text(src.replace("severity: error", "severity: warning"), encoding="utf-8")
    (pack / "pack.yml").write_text("name: warnpack\n", encoding="utf-8")
    (pack / "lexicons").mkdir()
    (pack / "lexicons" / "brands.txt").write_text("glowlab\n", encoding="utf-8")
    p = tmp_path / "p.md"
    p.write_text(POST, encoding="utf-8")
    base = ["check", str(p), "--pack", str(pack), "--select", "DEM"]
    assert run_cli(*base)[0] == 0
    assert run_cli(*base, "--fail-on", "warning")[0] == 1
    assert run_cli(*base, "--fail-on", "info")[0] == 1


def test_select_and_ignore(run_cli, post):
    pack = ["--pack", str(ROOT / "tests" / "data" / "packs" / "demo")]
    assert run_cli("check", str(post), *pack, "--select", "DEM002")[0] == 0
    assert run_cli("check", str(post), *pack, "--select", "DEM", "--ignore", "DEM001")[0] == 0
    assert run_cli("check", str(post), *pack, "--select", "disclosure.demo-promo-code")[0] == 1


def test_lang_fr_and_en(run_cli, post):
    _, out_fr, _ = run_cli("check", str(post), *DEMO, "--lang", "fr")
    _, out_en, _ = run_cli("check", str(post), *DEMO, "--lang", "en")
    assert "erreur" in out_fr and "problème(s)" in out_fr
    assert " error " in out_en and "problem(s)" in out_en


def test_lang_from_environment(run_cli, post):
    _, out, _ = run_cli("check", str(post), *DEMO, env={"LANG": "fr_FR.UTF-8"})
    assert "erreur" in out


def test_stdin(run_cli):
    code, out, _ = run_cli("check", "-", *DEMO, "--format", "json", input=POST)
    data = json.loads(out)
    assert code == 1 and data["findings"][0]["path"] == "<stdin>"


def test_missing_file_is_reported_and_others_checked(run_cli, post, tmp_path):
    code, out, err = run_cli("check", str(tmp_path / "nope.md"), str(post), *DEMO, "--format", "json")
    data = json.loads(out)
    assert code == 2
    assert data["errors"] == [{"path": str(tmp_path / "nope.md"), "message": "no such file or directory"}]
    assert data["findings"] and "nope.md" in err and "Traceback" not in err


def test_binary_file_one_line_error(run_cli, tmp_path, post):
    b = tmp_path / "img.txt"
    b.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 10)
    code, out, err = run_cli("check", str(b), str(post), *DEMO)
    assert code == 2
    assert f"{b}: error: binary file, not text" in out
    assert "DEM001" in out and "Traceback" not in out + err


def test_encodings(run_cli, tmp_path):
    bom = tmp_path / "bom.md"
    bom.write_bytes("\ufeff".encode() + POST.encode("utf-8"))
    utf16 = tmp_path / "u16.md"
    utf16.write_bytes(POST.encode("utf-16"))
    cp = tmp_path / "cp.md"
    cp.write_bytes("Café offert : code promo LUNA15 chez @glowlab\n".encode("cp1252"))
    code, out, _ = run_cli("check", str(bom), str(utf16), str(cp), *DEMO, "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert {f["path"] for f in data["findings"]} == {str(bom), str(utf16), str(cp)}
    assert any("cp1252" in w["message"] for w in data["warnings"])
    [bom_finding] = [f for f in data["findings"] if f["path"] == str(bom)]
    assert bom_finding["column"] == 5


def test_empty_file_and_large_single_line(run_cli, tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("a" * (50 * 1024 * 1024), encoding="utf-8")
    code, out, _ = run_cli("check", str(empty), str(big), *DEMO, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["errors"] == []
    assert [f["units"] for f in data["files"]] == [1, 1]
    assert any("too long for a post" in w["message"] and w["path"] == str(big) for w in data["warnings"])


def test_inputs_are_never_modified(run_cli, post):
    before = post.read_bytes(), post.stat().st_mtime_ns
    run_cli("check", str(post), *DEMO)
    assert (post.read_bytes(), post.stat().st_mtime_ns) == before


def test_directory_walk(run_cli, tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "a.md").write_text(POST, encoding="utf-8")
    (tmp_path / "d" / "sub" / "b.markdown").write_text(POST, encoding="utf-8")
    (tmp_path / "d" / "sub" / "c.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "d" / "notes.json").write_text('{"a": 1}', encoding="utf-8")
    (tmp_path / "d" / "image.png").write_bytes(b"\x89PNG")
    _, out, _ = run_cli("check", str(tmp_path / "d"), *DEMO, "--format", "json")
    data = json.loads(out)
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["a.md", "b.markdown", "c.txt"]


def test_broken_pack_exit_2_names_file_and_key(run_cli, tmp_path, post):
    pack = tmp_path / "bad"
    pack.mkdir()
    (pack / "BAD001-x.yml").write_text("code: BAD001\nname: disclosure.x\ncategory: nope\n", encoding="utf-8")
    (pack / "pack.yml").write_text("name: bad\n", encoding="utf-8")
    code, out, err = run_cli("check", str(post), "--pack", str(pack))
    assert code == 2
    assert "BAD001-x.yml" in err and "BAD001" in err and "Traceback" not in err


def test_rules_and_explain(run_cli):
    code, out, _ = run_cli("rules", *DEMO[:2], "--format", "json")
    data = json.loads(out)
    assert code == 0 and {"code": "DEM001", "category": "disclosure"}.items() <= data[0].items() or any(
        r["code"] == "DEM001" for r in data)
    code, out, _ = run_cli("explain", "DEM001", *DEMO[:2])
    assert code == 0
    assert "Loi n° 2023-451, art. 5-2" in out and "legifrance" in out
    assert "Mon code promo LUNA15" in out and "Le code de la route change" in out
    code, _, err = run_cli("explain", "NOPE999")
    assert code == 2 and "NOPE999" in err


def test_init_writes_config_once(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("init")
    assert code == 0 and (tmp_path / "influlint.yml").is_file()
    assert "extends: default" in (tmp_path / "influlint.yml").read_text(encoding="utf-8")
    code, _, err = run_cli("init")
    assert code == 2 and "already exists" in err


def test_unknown_format_is_usage_error(run_cli, post):
    code, _, err = run_cli("check", str(post), "--format", "xml")
    assert code == 2 and "'xml' is not one of 'text', 'json'" in " ".join(err.replace("│", " ").split())


def test_jobs_and_streaming_give_the_same_report(run_cli, tmp_path):
    chat = ROOT / "fixtures" / "corpus" / "chat_whatsapp_android_fr.txt"
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    code1, _, _ = run_cli("check", str(chat), "--format", "json", "--output", str(one))
    code2, _, _ = run_cli("check", str(chat), "--format", "json", "--output", str(two), "--jobs", "2")
    a, b = json.loads(one.read_text(encoding="utf-8")), json.loads(two.read_text(encoding="utf-8"))
    jsonschema.validate(a, SCHEMA)
    assert code1 == code2 and a == b and a["findings"]
    lines = [(f["line"], f["column"]) for f in a["findings"]]
    assert lines == sorted(lines)
    assert a["summary"]["findings"] == len(a["findings"])

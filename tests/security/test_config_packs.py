"""Pack paths are directories holding a pack.yml: `/`, `/etc`, a file are refused, nothing is walked."""

from __future__ import annotations

import os
import pathlib
import shutil
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "data" / "packs" / "demo"
POST = "Mon code promo LUNA15 vous fait -15 %\n"


@pytest.fixture
def no_walk(monkeypatch):
    """Any recursive walk of a directory fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"walked {args[:1]}")

    monkeypatch.setattr(pathlib.Path, "rglob", refuse)
    monkeypatch.setattr(os, "walk", refuse)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INFLULINT_CACHE_DIR", str(tmp_path / ".cache"))
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    return tmp_path


@pytest.mark.parametrize("entry,problem", [
    ("/", "is not a rule pack"),
    ("/etc", "is not a rule pack"),
    ("./notes.txt", "is not a directory"),
    ("./missing", "is not a directory"),
    ("./empty", "is not a rule pack"),
])
def test_config_pack_paths_refused(run_cli, project, no_walk, entry, problem):
    (project / "influlint.yml").write_text(f"packs: ['{entry}']\n", encoding="utf-8")
    code, out, err = run_cli("check", "post.md")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, err
    assert "influlint.yml" in lines[0] and entry in lines[0] and problem in lines[0]
    assert "Traceback" not in err and out == ""


@pytest.mark.parametrize("entry", ["/", "/etc", "notes.txt", "empty"])
def test_pack_option_refused(run_cli, project, no_walk, entry):
    code, _, err = run_cli("check", "post.md", "--pack", entry)
    assert code == 2 and len(err.strip().splitlines()) == 1 and entry in err, err
    assert "Traceback" not in err


def test_a_real_pack_is_accepted(run_cli, project, no_walk):
    shutil.copytree(DEMO, project / "agence")
    (project / "influlint.yml").write_text("packs: [./agence]\nselect: [DEM]\n", encoding="utf-8")
    code, out, err = run_cli("check", "post.md", "--format", "json")
    assert code == 1 and '"DEM001"' in out, err


def test_lexicon_name_cannot_be_a_path(run_cli, project):
    pack = project / "agence"
    shutil.copytree(DEMO, pack)
    rule = pack / "DEM001-promo-code.yml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("'@brands'", "'@../../../../etc/passwd'"), encoding="utf-8")
    code, _, err = run_cli("check", "post.md", "--pack", str(pack))
    assert code == 2 and "DEM001" in err and "plain name" in err, err

"""The wheel ships the rule packs, presets and locales inside the package (non-editable install)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out),
                             str(ROOT)], capture_output=True, text=True)
    if result.returncode != 0:  # no hatchling in this environment: build with isolation (needs the index)
        result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)],
                                capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    [path] = out.glob("influlint-*.whl")
    return path


def test_wheel_contains_packs_presets_and_locales(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for pack in ("disclosure", "misleading-claim", "sensitive-sector", "personal-data"):
        assert any(n.startswith(f"influlint/rules/{pack}/") and n.endswith(".yml") for n in names), pack
        assert f"influlint/rules/{pack}/pack.yml" in names
    assert {"influlint/rules/presets/default.yml", "influlint/rules/presets/init.yml",
            "influlint/locales/fr.yml", "influlint/locales/en.yml"} <= names
    rule_files = {n for n in names if n.startswith("influlint/rules/") and n.count("/") == 3 and n.endswith(".yml")}
    source_files = {f"influlint/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "rules").glob("*/*.yml")}
    assert rule_files == source_files


def test_installed_wheel_finds_its_rules(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = ("from influlint.resources import rules_dir, locales_dir, builtin_pack_dirs; "
            "print(rules_dir()); print(locales_dir()); print(len(builtin_pack_dirs()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": ""}).stdout.split()
    assert out[0] == str(target / "influlint" / "rules") and out[1] == str(target / "influlint" / "locales")
    assert out[2] == "4"


def test_wheel_ships_the_model(wheel):
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    assert {"influlint/classifier/model/model.json", "influlint/classifier/model/weights.npz",
            "influlint/classifier/tags.yml"} <= names
    assert sum(archive.getinfo(n).file_size for n in names if n.startswith("influlint/classifier/model/")) < 20e6


def test_installed_wheel_runs_its_model_offline(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = ("from influlint.classifier.second_opinion import advisor, shipped_model; "
            "a = advisor(str(shipped_model())); print(shipped_model()); "
            "print(round(sum(a.probabilities('Code LEA20 sur le site @glowlab').values()), 3) > 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": ""}).stdout.split()
    assert out == [str(target / "influlint" / "classifier" / "model"), "True"]


def test_wheel_contains_the_audit_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"influlint/audit/templates/report.html.j2", "influlint/audit/templates/report.css"} <= names

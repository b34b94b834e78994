"""The official composite GitHub Action (action.yml): inputs, steps, and the check step run for real."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _expressions() -> list[str]:
    return EXPR.findall((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_structure_is_a_composite_action():
    assert {"name", "description", "inputs", "outputs", "runs"} <= set(ACTION)
    runs = ACTION["runs"]
    assert runs["using"] == "composite"
    for step in runs["steps"]:
        assert ("uses" in step) != ("run" in step), step  # a step either uses an action or runs a script
        if "run" in step:
            assert step.get("shell") == "bash", step["name"]  # composite run steps must name their shell
    uses = [s["uses"] for s in runs["steps"] if "uses" in s]
    assert uses == ["actions/setup-python@v5", "github/codeql-action/upload-sarif@v3"]


def test_every_input_is_documented_used_and_every_reference_declared():
    inputs = ACTION["inputs"]
    for name, spec in inputs.items():
        assert spec.get("description") and "default" in spec and spec.get("required") is False, name
        assert isinstance(spec["default"], str), name  # action inputs are strings
    referenced = {m for e in _expressions() for m in re.findall(r"inputs\.([a-z-]+)", e)}
    assert referenced == set(inputs)
    steps = {s.get("id") for s in ACTION["runs"]["steps"]}
    for e in _expressions():
        for step_id in re.findall(r"steps\.([a-z-]+)\.", e):
            assert step_id in steps
    assert ACTION["inputs"]["fail-on"]["default"] in ("error", "warning", "info")


def test_upload_step_reads_the_sarif_the_check_step_writes():
    steps = {s["name"]: s for s in ACTION["runs"]["steps"]}
    check, upload = steps["Check"], steps["Upload SARIF"]
    assert "--output-format sarif" in check["run"] and '--output "$INFLULINT_SARIF"' in check["run"]
    assert check["env"]["INFLULINT_SARIF"] == upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert "always()" in upload["if"]  # uploaded even when findings fail the job


def test_check_step_runs_and_reports_its_exit_code(tmp_path):
    (tmp_path / "post.md").write_text("Mon code promo LUNA15 avec @glowlab\n", encoding="utf-8")
    check = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_OUTPUT": str(tmp_path / "out.txt"), "INFLULINT_PATHS": "post.md", "INFLULINT_ARGS": "--lang en",
           "INFLULINT_FAIL_ON": "error", "INFLULINT_SARIF": "report.sarif"}
    proc = subprocess.run(["bash", "-c", check["run"]], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").strip() == "exit-code=1"
    sarif = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"][0]["ruleId"] == "DIS001"
    assert "::error " in proc.stdout

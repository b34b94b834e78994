"""pre-commit: the manifest is valid, and its `influlint` hook blocks a bad post and lets a good one in.

The first test runs the hook from `.pre-commit-hooks.yaml` as a `repo: local` hook with
`language: system`, so it uses the influlint installed next to the tests and needs no network.
The second runs `pre-commit try-repo` on this checkout with the manifest's own `language: python`:
pre-commit pip-installs influlint from the package index (about 30 s); set INFLULINT_OFFLINE=1 to skip it
on a machine without the index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEMO_PACK = ROOT / "tests" / "data" / "packs" / "demo"
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent
PRE_COMMIT = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")

pytestmark = pytest.mark.skipif(PRE_COMMIT is None or shutil.which("git") is None, reason="needs git and pre-commit")


def _hook(hook_id: str) -> dict:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return next(h for h in hooks if h["id"] == hook_id)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", PRE_COMMIT_HOME=str(tmp_path / "cache"),
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@e.x",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@e.x", LANG="C.UTF-8")
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    env = _env(tmp_path)
    _run(["git", "init", "-q", "-b", "main"], repo, env)
    (repo / "bad.md").write_text("Mon code promo LUNA15 vous fait -15 %\n", encoding="utf-8")
    (repo / "good.md").write_text("Ma routine du soir, achetée avec mes sous.\n", encoding="utf-8")
    return repo, env


def test_manifest_is_valid():
    result = subprocess.run([PRE_COMMIT, "validate-manifest", str(MANIFEST)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _hook("influlint")["entry"] == "influlint check"


def test_hook_blocks_bad_post_and_accepts_good_one(repo):
    repo, env = repo
    hook = {**_hook("influlint"), "language": "system", "args": ["--pack", str(DEMO_PACK), "--select", "DEM"]}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert _run([PRE_COMMIT, "install"], repo, env).returncode == 0

    _run(["git", "add", ".pre-commit-config.yaml", "good.md"], repo, env)
    ok = _run(["git", "commit", "-q", "-m", "good post"], repo, env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout + ok.stderr

    _run(["git", "add", "bad.md"], repo, env)
    bad = _run(["git", "commit", "-q", "-m", "bad post"], repo, env)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert "Failed" in output and "bad.md:1:5 DEM001" in output
    assert _run(["git", "log", "--oneline"], repo, env).stdout.count("\n") == 1


@pytest.mark.skipif(bool(os.environ.get("INFLULINT_OFFLINE")),
                    reason="INFLULINT_OFFLINE is set: pre-commit pip-installs the hook")
def test_try_repo_with_manifest_language_python(repo):
    repo, env = repo
    _run(["git", "add", "bad.md", "good.md"], repo, env)
    args = [PRE_COMMIT, "try-repo", str(ROOT), "influlint", "--verbose", "--files"]
    good = _run([*args, "good.md"], repo, env)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = _run([*args, "bad.md"], repo, env)
    assert bad.returncode == 1 and "bad.md" in bad.stdout

"""--fix follows symlinks (the target is fixed, the link stays), keeps hard links, refuses read-only files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "data" / "packs" / "demo"
ARGS = ["--pack", str(DEMO), "--select", "DEM001", "--fix"]
POST = "Mon code promo LUNA15 vous fait -15 %\n"
FIXED = "Publicité\n" + POST


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INFLULINT_CACHE_DIR", str(tmp_path / ".cache"))
    return tmp_path


def test_symlink_target_fixed_link_kept(run_cli, here):
    (here / "real").mkdir()
    target = here / "real" / "post.md"
    target.write_text(POST, encoding="utf-8")
    (here / "link.md").symlink_to(target)
    code, _, err = run_cli("check", "link.md", *ARGS)
    assert code == 0, err
    assert (here / "link.md").is_symlink() and os.readlink(here / "link.md") == str(target)
    assert target.read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in (here / "real").iterdir()) == ["post.md"]  # no temp file left


def test_hard_links_kept(run_cli, here):
    first = here / "post.md"
    first.write_text(POST, encoding="utf-8")
    second = here / "other-name.md"
    os.link(first, second)
    inode = first.stat().st_ino
    code, _, err = run_cli("check", "post.md", *ARGS)
    assert code == 0, err
    assert first.stat().st_ino == inode and first.stat().st_nlink == 2 and os.path.samefile(first, second)
    assert second.read_text(encoding="utf-8") == FIXED
    assert not list(here.glob(".*influlint-tmp"))


def test_single_name_replaced_atomically_mode_kept(run_cli, here):
    post = here / "post.md"
    post.write_text(POST, encoding="utf-8")
    post.chmod(0o640)
    code, _, _ = run_cli("check", "post.md", *ARGS)
    assert code == 0 and post.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(post.stat().st_mode) == 0o640


def test_read_only_refused_others_fixed(run_cli, here):
    locked, free = here / "locked.md", here / "free.md"
    for p in (locked, free):
        p.write_text(POST, encoding="utf-8")
    locked.chmod(0o444)
    (here / "ro-link.md").symlink_to(locked)
    code, out, err = run_cli("check", "locked.md", "free.md", "ro-link.md", *ARGS)
    assert code == 2
    refusals = [line for line in (out + err).splitlines() if "read-only" in line]  # text: in the report
    assert len(refusals) == 2 and any("locked.md" in r for r in refusals) and any("ro-link.md" in r for r in refusals)
    assert locked.read_text(encoding="utf-8") == POST and stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert free.read_text(encoding="utf-8") == FIXED
    assert "Traceback" not in err

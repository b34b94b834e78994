"""`--dask`: a local Dask cluster of two worker processes gives byte for byte the output of a local run on
several inputs (one large export cut into message ranges), the same audit figures, and nothing raw on the wire."""

from __future__ import annotations

import json
import pickle
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")  # the [dask] extra; CI installs it with [test]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_chat import generate  # noqa: E402
from influlint import distributed_run  # noqa: E402
from influlint.api import RunOptions  # noqa: E402
from influlint.config import Config  # noqa: E402
from influlint.distributed import EngineHandle, Part, lint_part, lint_records  # noqa: E402

PHONE_BODY = "06 12 34 56 78"  # in the generated export's messages, and a sender is +33 6 12 34 56 78


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("many")
    generate(folder / "big.txt", 3000, mix="dense")
    shutil.copy(ROOT / "fixtures/posts/demo-sponsored.md", folder / "post.md")
    shutil.copy(ROOT / "fixtures/chats/meta-json/message_1.json", folder / "message_1.json")
    shutil.copy(ROOT / "fixtures/chats/whatsapp/wa_fr_android_24h.txt", folder / "wa.txt")
    (folder / "broken.json").write_text('{"messages": [', encoding="utf-8")
    names = ["post.md", "big.txt", "message_1.json", "broken.json", "wa.txt", "missing.txt"]
    return [str(folder / n) for n in names]


@pytest.fixture
def split(monkeypatch) -> list[list[int]]:
    """Cut every export above 10 kB into ranges of 700 messages; records how many parts each input got."""
    seen: list[list[int]] = []
    plan = distributed_run.plan

    def spy(*args, **kwargs):
        parts = plan(*args, **kwargs)
        seen.append([len(p) for p in parts])
        return parts

    monkeypatch.setattr(distributed_run, "SPLIT_BYTES", 10_000)
    monkeypatch.setattr(distributed_run, "PART_UNITS", 700)
    monkeypatch.setattr(distributed_run, "plan", spy)
    return seen


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_check_on_two_workers_is_byte_identical(inputs, split, run_cli, tmp_path, fmt):
    here, there = tmp_path / "local.out", tmp_path / "dask.out"
    code, _, err = run_cli("check", *inputs, "--format", fmt, "-o", str(here))
    code_d, _, err_d = run_cli("check", *inputs, "--format", fmt, "-o", str(there), "--dask", "local")
    assert split == [[1, 5, 1, 1, 1]]  # the large export went out as five message ranges
    assert (code, err) == (code_d, err_d) and code == 2  # broken and missing inputs: exit 2 both ways
    assert here.read_bytes() == there.read_bytes()
    if fmt == "json":
        report = json.loads(here.read_text(encoding="utf-8"))
        assert len(report["findings"]) > 1000 and len(report["errors"]) == 2
        assert PHONE_BODY not in here.read_text(encoding="utf-8")


def test_audit_on_two_workers_gives_the_same_figures(inputs, split, run_cli, tmp_path):
    here, there = tmp_path / "local.json", tmp_path / "dask.json"
    assert run_cli("audit", *inputs, "--json", str(here))[0] == 2
    assert run_cli("audit", *inputs, "--json", str(there), "--dask", "local")[0] == 2
    assert split == [[1, 5, 1, 1, 1]]
    local, remote = json.loads(here.read_text(encoding="utf-8")), json.loads(there.read_text(encoding="utf-8"))
    assert local["summary"]["messages"] > 3000 and local == remote


def test_nothing_raw_leaves_a_worker(inputs):
    handle = EngineHandle.from_run(Config(), RunOptions(lang="en"))
    handle = pickle.loads(pickle.dumps(handle))  # what a worker receives
    result = lint_part(handle, Part(inputs[1], 700, 1400))
    wire = pickle.dumps(result)
    assert result.units == 700 and sum(len(g) for g in result.groups) > 100
    assert PHONE_BODY.encode() not in wire and b"+33 6 12 34 56 78" not in wire
    assert b"Ce s\xc3\xa9rum a gu\xc3\xa9ri" not in wire  # no message text either, only positions
    shown = EngineHandle.from_run(Config(), RunOptions(lang="en", show_pii=True))
    assert PHONE_BODY.encode() in pickle.dumps(lint_part(shown, Part(inputs[1], 700, 1400)))


def test_lint_records_returns_masked_dicts():
    handle = EngineHandle.from_run(Config(), RunOptions(lang="en"))
    records = [{"line": 3, "sender": "Léa", "timestamp": "2024-03-04T09:00:00", "text": "Code AZUR15 = -15 % sur le site"},
               {"line": 4, "sender": "Léa", "text": "appelle-moi au 06 12 34 56 78", "is_system": False},
               {"line": 5, "text": "Léa a rejoint le groupe", "is_system": True}]
    found = lint_records(handle, records, path="chat.txt")
    assert {"DIS001"} <= {f["rule"] for f in found}
    assert all(isinstance(f, dict) and f["path"] == "chat.txt" for f in found)
    phone = [f for f in found if f["category"] == "personal-data"]
    assert phone and all(PHONE_BODY not in json.dumps(f, ensure_ascii=False) for f in found)
    assert {f["line"] for f in found} == {3, 4}


def test_unreachable_scheduler_is_one_line(run_cli, inputs):
    code, out, err = run_cli("check", inputs[0], "--dask", "tcp://127.0.0.1:9", "--lang", "en",
                             env={"INFLULINT_DASK_TIMEOUT": "1s"})
    assert code == 2 and err.strip().count("\n") == 0 and "Dask scheduler" in err


def test_audit_csv_with_dask_is_refused(run_cli, inputs, tmp_path):
    code, _, err = run_cli("audit", inputs[1], "--csv", str(tmp_path / "x.csv"), "--dask", "local", "--lang", "en")
    assert code == 2 and "--csv" in err and not (tmp_path / "x.csv").exists()

"""CI formatters (sarif, github, gitlab, junit): golden files, official schema/readers, masking."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from influlint.baseline import fingerprints
from influlint.formatters import FORMATTERS
from influlint.formatters.github import escape_data, escape_property, format_github
from influlint.model import FileResult, Finding, InputError, Report, Source, Unit

ROOT = Path(__file__).resolve().parents[1]
DEMO_PACK = ROOT / "tests" / "data" / "packs" / "demo"
SARIF_SCHEMA = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
RAW_IBAN = "FR76 3000 6000 0112 3456 7890 189"
RAW_PHONE = "+33 6 12 34 56 78"
POST_PATH = "posts/été, 50%.md"
POST = f"---\ntitle: Soirée\n---\nMon code promo LUNA15 vous fait -15 % 🌙\nRIB : {RAW_IBAN}\n"
CHAT = f"12/03/2024, 10:15 - {RAW_PHONE}: Mon RIB {RAW_IBAN} merci\n12/03/2024, 10:16 - Julie: ok\n"
CI_FORMATS = {"sarif": "sarif", "github": "github.txt", "gitlab": "gitlab.json", "junit": "junit.xml"}


@pytest.fixture(autouse=True)
def _pinned_version(monkeypatch):
    import influlint.formatters.sarif as sarif

    monkeypatch.setattr(sarif, "__version__", "0.0.0-test")


def ci_report() -> Report:
    """A fixed report: a post (fix, IBAN) in a path that needs escaping, a chat message, a clean file, an error."""
    from influlint.api import RunOptions, build_engine, lint_unit
    from influlint.config import Config
    from influlint.readers.post import read_post

    config = Config()
    options = RunOptions(lang="fr", select=["DEM"], extra_packs=[str(DEMO_PACK)])
    engine = build_engine(config, options)
    report = Report(rules=list(engine.rules), locale="fr")
    units = list(read_post(Source(POST_PATH, POST)))
    chat = Source("chats/groupe.txt", CHAT, format="whatsapp")
    end = CHAT.index("\n")
    units.append(Unit(chat, CHAT.index("Mon RIB"), end, kind="message", sender=RAW_PHONE,
                      timestamp="2024-03-12T10:15:00"))
    for unit in units:
        report.findings.extend(lint_unit(engine, unit, config, options, report))
    report.files = [FileResult(POST_PATH, "post", 1), FileResult("chats/groupe.txt", "whatsapp", 2),
                    FileResult("posts/clean.md", "post", 1)]
    report.errors = [InputError("chats/broken.json", "invalid JSON: line 1")]
    return report


@pytest.fixture(scope="module")
def report() -> Report:
    return ci_report()


def test_report_fixture_has_expected_findings(report):
    assert [(f.code, f.path) for f in report.findings] == [
        ("DEM001", POST_PATH), ("DEM002", POST_PATH), ("DEM002", "chats/groupe.txt")]


@pytest.mark.parametrize("fmt", sorted(CI_FORMATS))
def test_golden(fmt, report, golden):
    golden(f"ci.{CI_FORMATS[fmt]}", FORMATTERS[fmt](report))


@pytest.mark.parametrize("fmt", ["text", "json", *sorted(CI_FORMATS)])
def test_personal_data_masked_in_every_format(fmt, report):
    out = FORMATTERS[fmt](report)
    assert RAW_IBAN not in out and RAW_IBAN.replace(" ", "") not in out
    assert RAW_PHONE not in out and "12 34 56" not in out


# --- SARIF ------------------------------------------------------------------------------------------


def test_sarif_validates_against_official_schema(report):
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(json.loads(FORMATTERS["sarif"](report))), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])


def test_sarif_content(report):
    data = json.loads(FORMATTERS["sarif"](report))
    assert data["version"] == "2.1.0"
    run = data["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["version"] == "0.0.0-test"
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == {"DEM001", "DEM002"}
    assert rules["DEM001"]["helpUri"] == "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000047663185"
    assert "Loi n° 2023-451" in rules["DEM001"]["help"]["text"]
    assert rules["DEM002"]["defaultConfiguration"]["level"] == "error"
    results = run["results"]
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "posts/%C3%A9t%C3%A9%2C%2050%25.md"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 22}
    replacement = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"].startswith("Publicité")
    assert [r["partialFingerprints"]["influlint/v1"] for r in results] == fingerprints(report.findings)
    assert results[2]["properties"]["unit"]["sender"] == "+33 6 •• •• •• 78"
    assert run["invocations"][0]["executionSuccessful"] is False


def test_sarif_rule_for_finding_outside_report_rules():
    finding = _finding("SUP002", "unused suppression")
    data = json.loads(FORMATTERS["sarif"](Report(findings=[finding])))
    run = data["runs"][0]
    assert run["tool"]["driver"]["rules"][0]["id"] == "SUP002"
    assert run["results"][0]["ruleIndex"] == 0


# --- GitHub -----------------------------------------------------------------------------------------


def _finding(code: str, message: str, path: str = "p.md", severity: str = "info") -> Finding:
    source = Source(path, "Bonjour\n")
    return Finding(code=code, name="suppression.unused", category="disclosure", severity=severity,
                   unit=Unit(source, 0, 8), start=0, end=7, message=message, excerpt="Bonjour")


def test_github_escaping():
    assert escape_data("50 % off\r\nnext") == "50 %25 off%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    out = format_github(Report(findings=[_finding("SUP002", "100 %\nfin: a,b", path="a,b:c.md")]))
    assert out == ("::notice file=a%2Cb%3Ac.md,line=1,col=1,endLine=1,endColumn=8,"
                   "title=SUP002 suppression.unused::100 %25%0Afin: a,b\n")


def test_github_one_command_per_finding_and_error(report):
    lines = FORMATTERS["github"](report).splitlines()
    assert len(lines) == len(report.findings) + len(report.errors)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert lines[0].startswith("::error file=posts/été%2C 50%25.md,line=4,col=5,endLine=4,endColumn=22,title=DEM001 ")


# --- GitLab -----------------------------------------------------------------------------------------


def test_gitlab_code_quality_shape(report):
    issues = json.loads(FORMATTERS["gitlab"](report))
    assert isinstance(issues, list) and len(issues) == len(report.findings)
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str) and not issue["location"]["path"].startswith("/")
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert issues[0]["check_name"] == "DEM001" and issues[0]["location"]["lines"]["begin"] == 4


# --- JUnit ------------------------------------------------------------------------------------------


def test_junit_parses_one_case_per_file(report):
    root = ET.fromstring(FORMATTERS["junit"](report).encode("utf-8"))
    suite = root.find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == [POST_PATH, "chats/groupe.txt", "posts/clean.md", "chats/broken.json"]
    assert len(cases[POST_PATH].findall("failure")) == 2
    assert cases[POST_PATH].find("failure").get("type") == "DEM001"
    assert not list(cases["posts/clean.md"])
    assert cases["chats/broken.json"].find("error").get("message") == "invalid JSON: line 1"
    assert suite.get("tests") == "4" and suite.get("failures") == "2" and suite.get("errors") == "1"


# --- CLI --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(CI_FORMATS))
def test_cli_output_file(fmt, tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    Path("post.md").write_text(f"Mon code promo LUNA15\nRIB : {RAW_IBAN}\n", encoding="utf-8")
    code, out, _ = run_cli("check", "post.md", "--pack", str(DEMO_PACK), "--select", "DEM", "--format", fmt,
                           "--output", "report.out")
    assert code == 1 and out == ""
    text = Path("report.out").read_text(encoding="utf-8")
    assert "DEM001" in text and RAW_IBAN not in text

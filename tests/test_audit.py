"""`influlint audit`: community figures computed by hand on small exports, JSON schema, CSV, pseudonyms,
masking, hostile names, bad inputs, and partial aggregates that merge exactly."""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "audit.schema.json").read_text(encoding="utf-8"))

# Day 0 = 01/01/2024. Alice, Bruno, Chloé join on day 0 (added by the brand); Dan joins by link on day 5;
# Chloé never writes and leaves on day 10; Eva has no join message and writes on days 20-21 (4 of her 5
# messages carry a promo code with a discount: 80 %); Alice stops after day 40; Bruno writes until day 100.
KPI_CHAT = """\
01/01/2024 09:00 - Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, pas même WhatsApp, ne peut les lire ou les écouter.
01/01/2024 09:01 - Marque Lumélia a ajouté Alice, Bruno et Chloé
01/01/2024 09:05 - Marque Lumélia: Bienvenue ! Code LUNA15 = -15 % sur le site
01/01/2024 09:10 - Alice: Vous utilisez quoi comme crème le soir ?
01/01/2024 09:30 - Bruno: La crème à la rose, elle est douce
06/01/2024 10:00 - Dan a rejoint ce groupe grâce à son lien d'invitation
06/01/2024 10:05 - Dan: Quelqu'un a testé le nouveau parfum ?
11/01/2024 08:00 - Chloé est partie
21/01/2024 12:00 - Eva: Code EVA20 : -20 % sur tout le site
21/01/2024 12:10 - Eva: Publicité · Code EVA20 : -20 % sur tout le site
21/01/2024 12:20 - Eva: Code EVA20 : -20 % sur tout le site ce week-end
22/01/2024 09:00 - Eva: Dernier jour, code EVA20 : -20 % sur tout le site
22/01/2024 09:05 - Eva: Merci à toutes pour vos retours
10/02/2024 18:00 - Alice: Bonne soirée tout le monde
10/04/2024 10:00 - Bruno: Toujours là, bonne semaine
"""


@pytest.fixture
def kpi(tmp_path: Path, run_cli) -> dict:
    (tmp_path / "chat.txt").write_text(KPI_CHAT, encoding="utf-8")
    (tmp_path / "influlint.yml").write_text("chat: {brands: [Marque Lumélia]}\n", encoding="utf-8")
    out = tmp_path / "audit.json"
    code, _, err = run_cli("audit", str(tmp_path / "chat.txt"), "--json", str(out), "--config",
                           str(tmp_path / "influlint.yml"))
    assert code == 0, err
    return json.loads(out.read_text(encoding="utf-8"))


def test_kpi_counts_and_members(kpi):
    s = kpi["summary"]
    # 11 messages: brand 1, Alice 2, Bruno 2, Dan 1, Eva 5; 4 system lines (banner, added, joined, left)
    assert (s["messages"], s["system_messages"], s["joins"], s["leaves"]) == (11, 4, 3 + 1, 1)
    assert (s["members_seen"], s["members_posting"]) == (6, 5)
    labels = [m["label"] for m in kpi["members"]]  # order of first appearance; the brand keeps its name
    assert labels == ["Member 01", "Member 02", "Member 03", "Marque Lumélia", "Member 04", "Member 05"]
    assert kpi["period"] == {"start": "2024-01-01T09:00", "end": "2024-04-10T10:00", "days": 100}


def test_kpi_activation_and_retention(kpi):
    c = kpi["community"]
    # known members without the brand: Alice, Bruno, Chloé, Dan, Eva = 5; Chloé is silent
    assert c["activation"] == {"known": 5, "posting": 4, "silent": 1, "rate": 4 / 5}
    # end = day 100. Arrivals: Alice/Bruno/Chloé day 0, Dan day 5, Eva day 20 (first message).
    # 30 d: all 5 eligible; retained Alice (last day 40) and Bruno (day 100) = 2/5
    # 60 d: all 5 eligible (Eva 20+60=80 <= 100); retained Bruno = 1/5
    # 90 d: Eva not eligible (110 > 100): 4 eligible; retained Bruno = 1/4
    assert c["retention"] == [{"days": 30, "eligible": 5, "retained": 2, "rate": 2 / 5},
                              {"days": 60, "eligible": 5, "retained": 1, "rate": 1 / 5},
                              {"days": 90, "eligible": 4, "retained": 1, "rate": 1 / 4}]


def test_kpi_promotional_push_questions_codes(kpi):
    c = kpi["community"]
    # promotional: the brand's welcome (code + discount) and Eva's 4 coded messages = 5 of 11
    assert c["promotional"]["messages"] == 5 and c["promotional"]["share"] == round(5 / 11, 4)
    assert c["promotional"]["push_channel"] is False
    assert c["promotional"]["push_senders"] == ["Member 05"]  # Eva: 4/5 = 80 %; the brand has 1 message only
    eva = kpi["members"][5]
    assert (eva["messages"], eva["promotional"], eva["promotional_share"], eva["push"]) == (5, 4, 0.8, True)
    # Alice's question is answered by Bruno 20 min later; Dan's gets no other sender within 24 h
    assert c["questions"] == {"asked": 2, "answered": 1, "window_hours": 24, "share_answered": 0.5}
    codes = {p["code"]: p for p in c["promo_codes"]}
    assert codes["EVA20"]["messages"] == 4 and codes["EVA20"]["senders"] == ["Member 05"]
    assert (codes["EVA20"]["with_mention"], codes["EVA20"]["without_mention"]) == (1, 3)
    assert (codes["EVA20"]["first"], codes["EVA20"]["last"]) == ("2024-01-21T12:00", "2024-01-22T09:00")
    assert codes["LUNA15"]["senders"] == ["Marque Lumélia"]


def test_kpi_timeline_and_findings(kpi):
    weeks = {w["week"]: w for w in kpi["timeline"]}
    assert weeks["2024-01-01"]["messages"] == 4 and weeks["2024-01-01"]["promotional"] == 1
    assert weeks["2024-01-15"]["messages"] == 3 and weeks["2024-01-15"]["promotional"] == 3  # Sun 21 Jan
    assert weeks["2024-01-22"]["messages"] == 2 and weeks["2024-01-22"]["promotional"] == 1
    assert weeks["2024-02-26"]["messages"] == 0  # empty weeks are kept for the chart
    assert len(kpi["timeline"]) == 15  # 2024-01-01 … 2024-04-08
    assert sum(w["findings"] for w in kpi["timeline"]) == kpi["summary"]["findings"]
    dis001 = next(r for r in kpi["rules"] if r["code"] == "DIS001")
    assert dis001["count"] == 4 and dis001["legal"] and dis001["fix"]
    assert {s["sender"] for s in dis001["samples"]} == {"Marque Lumélia", "Member 05"}
    jsonschema.validate(kpi, SCHEMA)


def test_push_channel_over_80_percent(tmp_path, run_cli):
    lines = [f"0{d}/02/2024 10:0{d} - Lou: Code LOU{d}0 : -{d}0 % sur tout le site" for d in range(1, 5)]
    lines.append("05/02/2024 10:05 - Max: Merci Lou")
    (tmp_path / "push.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "a.json"
    assert run_cli("audit", str(tmp_path / "push.txt"), "--json", str(out))[0] == 0
    promo = json.loads(out.read_text(encoding="utf-8"))["community"]["promotional"]
    assert (promo["messages"], promo["share"], promo["push_channel"]) == (4, 0.8, True)
    assert promo["push_senders"] == []  # Lou wrote 4 messages: under the 5-message floor for a sender


def test_data_collection_notice_and_opt_out(tmp_path, run_cli):
    chat = ("01/03/2024 10:00 - Nina: Drop your email below for my free guide\n"
            "01/03/2024 10:05 - Nina: Drop your email below for the newsletter. Unsubscribe anytime, see our privacy policy.\n"
            "01/03/2024 10:06 - Olga: Balance ton 06 en DM et je t'envoie le lien du groupe\n")
    (tmp_path / "c.txt").write_text(chat, encoding="utf-8")
    out = tmp_path / "a.json"
    assert run_cli("audit", str(tmp_path / "c.txt"), "--json", str(out))[0] == 0
    col = json.loads(out.read_text(encoding="utf-8"))["community"]["data_collection"]
    assert (col["requests"], col["with_notice"], col["with_opt_out"]) == (3, 1, 1)
    assert col["by_kind"] == {"email": 2, "phone": 1}
    assert [(s["sender"], s["notice"]) for s in col["samples"]] == [("Member 01", False), ("Member 01", True),
                                                                    ("Member 02", False)]


def test_telegram_service_messages_give_joins_and_leaves(tmp_path, run_cli):
    msgs = [
        {"id": 1, "type": "service", "date": "2024-05-01T10:00:00", "actor": "Anna", "action": "invite_members",
         "members": ["Paul", "Zoé"], "text": ""},
        {"id": 2, "type": "message", "date": "2024-05-01T10:05:00", "from": "Paul", "text": "Salut !"},
        {"id": 3, "type": "service", "date": "2024-05-02T10:00:00", "actor": "Zoé", "action": "remove_members",
         "members": ["Zoé"], "text": ""},
        {"id": 4, "type": "service", "date": "2024-05-03T10:00:00", "actor": "Rémi", "action": "join_group_by_link",
         "text": ""},
    ]
    (tmp_path / "result.json").write_text(json.dumps({"name": "G", "type": "private_group", "id": 1,
                                                       "messages": msgs}), encoding="utf-8")
    out = tmp_path / "a.json"
    assert run_cli("audit", str(tmp_path / "result.json"), "--json", str(out))[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["summary"]["joins"], data["summary"]["leaves"]) == (3, 1)
    assert data["community"]["activation"] == {"known": 3, "posting": 1, "silent": 2, "rate": round(1 / 3, 4)}
    assert [m["left"] for m in data["members"]] == [None, "2024-05-02T10:00", None]


def test_names_labels_and_hostile_sender(tmp_path, run_cli):
    chat = ("01/03/2024 10:00 - <script>alert(1)</script>: Mon code MEL15 : -15 % 🎉\n"
            "01/03/2024 10:01 - Inès Lumélia: Appelle-moi au 06 12 34 56 78\n")
    (tmp_path / "c.txt").write_text(chat, encoding="utf-8")
    (tmp_path / "influlint.yml").write_text("audit: {members: {'Inès Lumélia': Marque}}\n", encoding="utf-8")
    cfg = ["--config", str(tmp_path / "influlint.yml")]
    html = tmp_path / "r.html"
    assert run_cli("audit", str(tmp_path / "c.txt"), "--html", str(html), *cfg)[0] == 0
    page = html.read_text(encoding="utf-8")
    assert "Member 01" in page and ">Marque<" in page and "<script" not in page and "alert(1)" not in page
    assert "06 12 34 56 78" not in page and "•• •• •• 78" in page  # masked exactly as `check` masks it
    assert run_cli("audit", str(tmp_path / "c.txt"), "--html", str(html), "--show-names", *cfg)[0] == 0
    page = html.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page.lower()
    assert ">Marque<" in page  # a configured label wins over --show-names


def test_csv_bom_rows_and_formula_cells(tmp_path, run_cli):
    (tmp_path / "chat.txt").write_text(KPI_CHAT, encoding="utf-8")
    out = tmp_path / "f.csv"
    assert run_cli("audit", str(tmp_path / "chat.txt"), "--csv", str(out), "--lang", "fr")[0] == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["time", "sender", "rule"] and len(rows) == 1 + 4
    # no configuration here: the brand is pseudonymised too (Alice 01, Bruno 02, Chloé 03, brand 04, Dan 05, Eva 06)
    assert [r[1] for r in rows[1:]] == ["Membre 04", "Membre 06", "Membre 06", "Membre 06"]
    assert all(r[2] == "DIS001" and r[8].startswith("Loi n° 2023-451") for r in rows[1:])


def test_csv_quotes_formula_cells():
    from influlint.audit.export import _cell

    assert [_cell(v) for v in ("=HYPERLINK(1)", "+33", "ok", 3)] == ["'=HYPERLINK(1)", "'+33", "ok", 3]


def test_unreadable_input_exit_2_others_still_audited(tmp_path, run_cli):
    (tmp_path / "chat.txt").write_text(KPI_CHAT, encoding="utf-8")
    out = tmp_path / "a.json"
    code, _, err = run_cli("audit", str(tmp_path / "missing.txt"), str(tmp_path / "chat.txt"), "--json", str(out))
    assert code == 2 and "missing.txt: no such file or directory" in err and "Traceback" not in err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["messages"] == 11 and data["errors"][0]["path"].endswith("missing.txt")
    code, _, err = run_cli("audit", str(tmp_path / "chat.txt"), "--html", str(tmp_path / "nope" / "r.html"))
    assert code == 2 and "nope" in err and len(err.strip().splitlines()) == 1


def test_french_report_and_definitions(tmp_path, run_cli):
    (tmp_path / "chat.txt").write_text(KPI_CHAT, encoding="utf-8")
    html = tmp_path / "r.html"
    assert run_cli("audit", str(tmp_path / "chat.txt"), "--html", str(html), "--lang", "fr")[0] == 0
    page = html_lib.unescape(html.read_text(encoding="utf-8"))
    for words in ("Taux d'activation", "Rétention à 30 jours", "Membre 01", "80\u00a0%", "Codes promo vus",
                  "signaux commerciaux", '<html lang="fr">'):
        assert words in page


def test_partial_aggregates_merge_to_the_whole(tmp_path, monkeypatch):
    from influlint.api import RunOptions
    from influlint.audit.aggregate import Aggregate
    from influlint.audit.figures import build_figures
    from influlint.audit.run import audit_paths, make_labels
    from influlint.audit.signals import NOTHING
    from influlint.config import Config

    (tmp_path / "chat.txt").write_text(KPI_CHAT, encoding="utf-8")
    config = Config(chat={"brands": ["Marque Lumélia"]})
    calls, add = [], Aggregate.add

    def spy(self, unit, findings, read=NOTHING):
        calls.append((unit, findings, read))
        add(self, unit, findings, read)

    monkeypatch.setattr(Aggregate, "add", spy)
    report, whole = audit_paths([str(tmp_path / "chat.txt")], config, RunOptions(lang="en"))
    labels = make_labels(config, "en", False, False)
    assert len(calls) == 15
    # 4: Alice's question in the first piece, Bruno's answer in the second; 8: Dan's question left open
    for cut in (3, 4, 8, 12):
        first, second = Aggregate(named=labels.named), Aggregate(named=labels.named)
        for i, (unit, findings, read) in enumerate(calls):
            add(first if i < cut else second, unit, findings, read)
        assert build_figures(report, first.merge(second), labels) == whole, cut


def test_readme_audit_command_writes_the_report(tmp_path, monkeypatch, run_cli):
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(ln for ln in readme.splitlines() if ln.startswith("influlint audit fixtures/"))
    args = shlex.split(line.split("#", 1)[0])[1:]
    args = [str(ROOT / a) if a.startswith("fixtures/") else a for a in args]
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(*args)
    assert code == 0, err
    page = (tmp_path / args[args.index("--html") + 1]).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="community"' in page


def test_hostile_dates_and_discord_joins(tmp_path, run_cli):
    msgs = [{"id": "1", "type": "GuildMemberJoin", "timestamp": "0001-01-01T00:00:00+00:00",
             "author": {"id": "9", "name": "Yann"}, "content": ""},
            {"id": "2", "type": "Default", "timestamp": "9999-12-31T23:59:00", "author": {"id": "9", "name": "Yann"},
             "content": "Quelqu'un ?"},
            {"id": "3", "type": "Default", "timestamp": "pas une date", "author": {"id": "8", "name": "Xu"},
             "content": "Bonjour"}]
    (tmp_path / "d.json").write_text(json.dumps({"guild": {"name": "g"}, "channel": {"name": "c"}, "messages": msgs}),
                                     encoding="utf-8")
    out = tmp_path / "a.json"
    code, _, err = run_cli("audit", str(tmp_path / "d.json"), "--json", str(out), "--html", str(tmp_path / "r.html"))
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert data["summary"]["joins"] == 1 and data["members"][0]["joined"] == "0001-01-01T00:00"
    assert [r["eligible"] for r in data["community"]["retention"]] == [1, 1, 1]  # Yann; Xu has no date
    assert [r["retained"] for r in data["community"]["retention"]] == [1, 1, 1]
    assert [w["week"] for w in data["timeline"]] == ["9999-12-27"]  # over 520 weeks: empty weeks not filled in


def test_definitions_are_documented():
    from influlint.audit.figures import DEFINITIONS
    from influlint.i18n import text

    doc = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    for key in DEFINITIONS:
        assert text("en", f"audit.def.{key}") in doc, key
        assert text("fr", f"audit.def.{key}") != text("en", f"audit.def.{key}")


def test_slack_channel_joins_and_questions_across_day_files(tmp_path, run_cli):
    root = tmp_path / "slack"
    (root / "general").mkdir(parents=True)
    (root / "channels.json").write_text('[{"id": "C1", "name": "general"}]', encoding="utf-8")
    (root / "users.json").write_text('[{"id": "U1", "name": "ana", "profile": {"display_name": "Ana"}},'
                                     ' {"id": "U2", "name": "bo", "profile": {"display_name": "Bo"}}]', encoding="utf-8")
    day1 = [{"type": "message", "subtype": "channel_join", "user": "U1", "text": "<@U1> has joined the channel",
             "ts": "1704103200.000100"},  # 2024-01-01 10:00 UTC
            {"type": "message", "user": "U1", "text": "Quelqu'un connaît un bon sérum ?", "ts": "1704140000.000100"}]
    day2 = [{"type": "message", "user": "U2", "text": "Oui, celui à la niacinamide", "ts": "1704160000.000100"}]
    (root / "general" / "2024-01-01.json").write_text(json.dumps(day1), encoding="utf-8")
    (root / "general" / "2024-01-02.json").write_text(json.dumps(day2), encoding="utf-8")
    out = tmp_path / "a.json"
    assert run_cli("audit", str(root), "--json", str(out))[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["joins"] == 1 and data["members"][0]["joined"] == "2024-01-01T10:00"
    assert data["community"]["questions"] == {"asked": 1, "answered": 1, "window_hours": 24, "share_answered": 1.0}


def test_same_findings_and_masking_as_check(tmp_path, run_cli):
    export = ROOT / "fixtures" / "corpus" / "chat_whatsapp_android_fr.txt"
    code, out, _ = run_cli("check", str(export), "--format", "json")
    checked = json.loads(out)
    rows_path, fig_path = tmp_path / "f.csv", tmp_path / "a.json"
    assert run_cli("audit", str(export), "--csv", str(rows_path), "--json", str(fig_path))[0] == 0
    rows = list(csv.DictReader(io.StringIO(rows_path.read_text(encoding="utf-8-sig"))))
    want = [(f["rule"], f["line"], f["column"], f["message"], f["excerpt"]) for f in checked["findings"]]
    def plain(cell):  # the CSV quotes formula-like cells with a leading '
        return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell

    got = [(r["rule"], int(r["line"]), int(r["column"]), plain(r["message"]), plain(r["excerpt"])) for r in rows]
    assert sorted(got) == sorted(want) and any("•" in r["excerpt"] for r in rows)
    figures = json.loads(fig_path.read_text(encoding="utf-8"))
    assert figures["summary"]["by_severity"] == checked["summary"]["by_severity"]
    assert figures["summary"]["by_category"] == checked["summary"]["by_category"]
    samples = [(s["line"], s["excerpt"]) for r in figures["rules"] for s in r["samples"]]
    assert set(samples) <= {(f["line"], f["excerpt"]) for f in checked["findings"]}


def test_default_output_is_an_html_file_in_the_working_directory(tmp_path, monkeypatch, run_cli):
    (tmp_path / "chat.txt").write_text(KPI_CHAT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("audit", "chat.txt")
    assert code == 0 and out == "" and "influlint-audit.html" in err
    assert (tmp_path / "influlint-audit.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_bad_audit_config_is_a_one_line_error(tmp_path, run_cli):
    (tmp_path / "chat.txt").write_text(KPI_CHAT, encoding="utf-8")
    (tmp_path / "influlint.yml").write_text("audit: {members: [Alice]}\n", encoding="utf-8")
    code, _, err = run_cli("audit", str(tmp_path / "chat.txt"), "--config", str(tmp_path / "influlint.yml"))
    assert code == 2 and "audit.members" in err and len(err.strip().splitlines()) == 1


def test_zip_export_and_phone_number_senders(tmp_path, run_cli):
    import zipfile

    chat = KPI_CHAT.replace("Eva:", "+33 6 12 34 56 78:")
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as zf:
        zf.writestr("WhatsApp Chat with Lumélia.txt", chat)
    out = tmp_path / "a.json"
    assert run_cli("audit", str(tmp_path / "export.zip"), "--json", str(out), "--show-names")[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["messages"] == 11
    assert data["members"][5]["label"] == "+33 6 •• •• •• 78"  # --show-names still masks a phone number
    assert run_cli("audit", str(tmp_path / "export.zip"), "--json", str(out), "--show-names", "--show-pii")[0] == 0
    assert json.loads(out.read_text(encoding="utf-8"))["members"][5]["label"] == "+33 6 12 34 56 78"

"""Property: no output (text, json, sarif, github, gitlab, junit, `parse`, `--diff`) ever contains an
identifier (phone, e-mail, IBAN, card, NIR) from a generated input, without --show-pii; whatever rules ran,
where the identifier sits (text, sender, file name) and whatever context words lower the rules' confidence."""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from influlint.cli import app

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def phones(draw) -> str:
    rest = draw(st.lists(st.integers(0, 99), min_size=4, max_size=4))
    sep = draw(st.sampled_from([" ", ".", "-", ""]))
    lead = draw(st.sampled_from(["06", "07", "01", "+33 6", "+33 7", "0033 6"]))
    return lead + sep + sep.join(f"{n:02d}" for n in rest)


@st.composite
def emails(draw) -> str:
    local = draw(st.from_regex(r"[a-z][a-z0-9._]{1,10}[a-z0-9]", fullmatch=True))
    domain = draw(st.sampled_from(["gmail.com", "orange.fr", "exemple.org", "mail.co.uk"]))
    return f"{local}@{domain}"


@st.composite
def ibans(draw) -> str:
    bban = "".join(str(draw(st.integers(0, 9))) for _ in range(23))
    check = 98 - int(bban + "152700") % 97  # F=15 R=27 00
    raw = f"FR{check:02d}{bban}"
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4)) if draw(st.booleans()) else raw


@st.composite
def cards(draw) -> str:
    body = "4" + "".join(str(draw(st.integers(0, 9))) for _ in range(14))
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (1 if i % 2 else 2)
        total += d - 9 if d > 9 else d
    raw = body + str((10 - total % 10) % 10)
    return " ".join(raw[i:i + 4] for i in range(0, 16, 4)) if draw(st.booleans()) else raw


@st.composite
def nirs(draw) -> str:
    parts = [str(draw(st.sampled_from([1, 2]))), f"{draw(st.integers(0, 99)):02d}", f"{draw(st.integers(1, 12)):02d}",
             f"{draw(st.integers(1, 95)):02d}", f"{draw(st.integers(1, 990)):03d}", f"{draw(st.integers(1, 999)):03d}"]
    key = 97 - int("".join(parts)) % 97
    return " ".join([*parts, f"{key:02d}"])


identifiers = st.one_of(phones(), emails(), ibans(), cards(), nirs())
context = st.sampled_from(["", "exemple fictif :", "service client", "code promo LUNA15 chez @glowlab",
                           "appelle-moi", "mon RIB", "numéro de sécu", "carte bancaire"])
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


def _compact(s: str) -> str:
    return "".join(c for c in s if c.isalnum() or c in "@._")


def _leaks(output: str, secrets: list[str]) -> list[str]:
    flat = _compact(output)
    return [s for s in secrets if s in output or _compact(s) in flat]


@settings(max_examples=12, deadline=timedelta(seconds=30), suppress_health_check=[HealthCheck.too_slow])
@example(ids=["06 00 00 00 00"], words=[""], sender_id="0033 6 00 00 00 00", in_name=False)  # found by this test
@given(ids=st.lists(identifiers, min_size=1, max_size=4, unique=True), words=st.lists(context, min_size=1, max_size=4),
       sender_id=st.one_of(phones(), emails()), in_name=st.booleans())
def test_no_identifier_in_any_output(ids, words, sender_id, in_name):
    text = " ".join(f"{w} {i}" for w, i in zip(words * 4, ids, strict=False))
    secrets = [*ids, sender_id]
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        name = f"WhatsApp Chat with {sender_id}.txt" if in_name else "chat.txt"
        (root / name).write_text(f"01/02/2024, 10:00 - Julie {sender_id}: {text}\n"
                                 f"01/02/2024, 10:01 - {sender_id}: code promo LUNA15 {ids[0]}\n", encoding="utf-8")
        (root / "post.md").write_text(f"{text}\n\nMon code promo LUNA15 chez @glowlab {ids[-1]}\n", encoding="utf-8")
        cwd = os.getcwd()
        os.chdir(root)
        try:
            outputs = {}
            for fmt in FORMATS:
                res = runner.invoke(app, ["check", name, "post.md", "--format", fmt])
                outputs[fmt] = res.stdout + res.stderr
            res = runner.invoke(app, ["parse", name])
            outputs["parse"] = res.stdout + res.stderr
            res = runner.invoke(app, ["check", "post.md", "--diff"])
            outputs["diff"] = res.stdout + res.stderr
            assert "Publicité" in outputs["diff"]
            shown = runner.invoke(app, ["parse", name, "--show-pii"]).stdout
        finally:
            os.chdir(cwd)
    for where, output in outputs.items():
        assert "Traceback" not in output
        assert _leaks(output, secrets) == [], (where, output)
    assert all(s in shown for s in ids)  # the identifiers were really in the input


@settings(max_examples=600, deadline=timedelta(seconds=1))
@given(ids=st.lists(identifiers, min_size=1, max_size=5), glue=st.lists(st.sampled_from(
    [" ", ", ", " : ", "\n", " (", ") ", "Julie ", "tel:", "mail=", "n°", "« ", " »", "/"]), min_size=6, max_size=6))
def test_scrub_masks_every_generated_identifier_whatever_surrounds_it(ids, glue):
    """The safety net alone (no rule involved), on many more cases than the end-to-end property above."""
    from influlint.masking import scrub

    text = "".join(g + i + " " for g, i in zip(glue, ids, strict=False))  # (an IBAN glued to a word: another one)
    assert _leaks(scrub(text), ids) == [], scrub(text)

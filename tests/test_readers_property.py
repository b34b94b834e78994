"""Round trip: exports generated in every supported header variant parse back to the same messages."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from influlint.readers import ReadOptions
from influlint.readers.whatsapp import read_whatsapp

NAMES = st.text(alphabet="abcdeéÉfghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ-'.🌸", min_size=1, max_size=20).map(
    str.strip).filter(lambda s: s and not s.endswith(".") and "  " not in s)
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzàéèç ,;!?%€#@:/()-'\u202f\u00a00123456789🙂", max_size=40)
LINE = WORDS.filter(lambda s: not s[:1].isdigit() and not s.startswith("[") and s == s.rstrip("\r"))
BODY = st.lists(LINE, min_size=1, max_size=4).map("\n".join).filter(
    lambda s: s.strip() == s and "<" not in s and s.split("\n")[0] not in ("null", ".")
)


def render(ts: datetime, variant: dict) -> str:
    d, m, y = ts.day, ts.month, ts.year
    yy = f"{y % 100:02d}" if variant["short_year"] else str(y)
    dd, mm = (f"{d:02d}", f"{m:02d}") if variant["pad"] else (str(d), str(m))
    sep = variant["dsep"]
    if variant["order"] == "dmy":
        date = f"{dd}{sep}{mm}{sep}{yy}"
    elif variant["order"] == "mdy":
        date = f"{mm}{sep}{dd}{sep}{yy}"
    else:
        date = f"{y}{sep}{mm}{sep}{dd}"
    if variant["h12"]:
        h = ts.hour % 12 or 12
        time = f"{h}:{ts.minute:02d}"
        if variant["ios"]:
            time += f":{ts.second:02d}"
        time += variant["ampm_space"] + ("AM" if ts.hour < 12 else "PM")
    else:
        time = f"{ts.hour:02d}:{ts.minute:02d}" + (f":{ts.second:02d}" if variant["ios"] else "")
    if variant["ios"]:
        return f"{variant['mark']}[{date}{variant['comma']} {time}] "
    return f"{date}{variant['comma']} {time} - "


VARIANT = st.fixed_dictionaries({
    "ios": st.booleans(), "order": st.sampled_from(["dmy", "mdy", "ymd"]), "short_year": st.booleans(),
    "pad": st.booleans(), "dsep": st.sampled_from(["/", ".", "-"]), "h12": st.booleans(),
    "ampm_space": st.sampled_from([" ", "\u202f", "\u00a0"]), "comma": st.sampled_from(["", ","]),
    "mark": st.sampled_from(["", "\u200e"]),
})
MESSAGES = st.lists(
    st.tuples(NAMES, BODY, st.integers(min_value=0, max_value=400 * 24 * 3600)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VARIANT, MESSAGES, st.sampled_from(["\n", "\r\n"]))
def test_round_trip_every_variant(variant: dict, messages: list, eol: str) -> None:
    if variant["order"] == "ymd":
        variant["short_year"] = False
    base = datetime(2024, 1, 1)
    lines = []
    expected = []
    for sender, body, offset in messages:
        ts = base + timedelta(seconds=offset if variant["ios"] else offset - offset % 60)
        lines.append(render(ts, variant) + f"{sender}: {body}")
        expected.append((ts.isoformat(), sender, body))
    data = (eol.join(lines) + eol).encode("utf-8")
    dayfirst = None if variant["order"] == "ymd" else variant["order"] == "dmy"
    units = list(read_whatsapp("gen.txt", io.BytesIO(data), ReadOptions(dayfirst=dayfirst)))
    got = [(u.timestamp, u.sender, u.text) for u in units]
    assert got == expected
    line = 1
    for unit, (_, _, body) in zip(units, expected, strict=True):
        assert unit.line == line
        line += body.count("\n") + 1

"""Disclosure signals survive the obfuscations creators use (issue 3), and the normalisation keeps offsets."""

from __future__ import annotations

import pytest

from influlint.api import lint_text
from influlint.engine.normalize import normalize

OBFUSCATED = [
    "ᴄᴏᴅᴇ ᴇᴍᴍᴀ20 sur @verdane.studio",          # small capitals
    "Ｃｏｄｅ ＬＵＮＡ１５ chez @luna",              # full-width
    "𝐜𝐨𝐝𝐞 LUNA15 chez @luna",                    # mathematical bold
    "co\u200bde LUNA15 chez @luna",                 # zero-width space
    "c0de LUNA15 chez @luna",                       # digit for letter
    "c.o.d.e LUNA15 chez @luna",                    # dotted
    "le c0de c'est S4RAH pour -30 % chez @dermyl",  # SMS spelling
]


@pytest.mark.parametrize("text", OBFUSCATED)
def test_obfuscated_code_is_a_signal(text):
    codes = {f.code for f in lint_text(text)}
    assert "DIS001" in codes


def test_small_capitals_fold_one_to_one():
    norm = normalize("ᴄᴏᴅᴇ x")
    assert norm.text == "CODE x"
    assert norm.to_original(0, 4) == (0, 4)

"""Checksum validators named by rules (`validate:`). Each is a pure `str -> bool`.

Registry: VALIDATORS, filled once here. Personal-data validators use python-stdnum / phonenumbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")


def _compact(value: str) -> str:
    return _NON_ALNUM.sub("", value)


def iban_mod97(value: str) -> bool:
    """ISO 13616 IBAN: country format and mod 97 == 1 (python-stdnum)."""
    from stdnum import iban

    return iban.is_valid(_compact(value).upper())


def luhn(value: str) -> bool:
    """ISO/IEC 7812 payment card: Luhn checksum and issuer length 13–19 (python-stdnum)."""
    from stdnum import luhn as _luhn

    digits = _compact(value)
    return digits.isdigit() and 13 <= len(digits) <= 19 and _luhn.is_valid(digits)


def nir(value: str) -> bool:
    """French NIR (numéro de sécurité sociale): format and 97-modulus key, Corsica 2A/2B (python-stdnum)."""
    from stdnum.fr import nir as _nir

    return _nir.is_valid(_compact(value).upper())


_SPELLED = {"zero": "0", "un": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "six": "6",
            "sept": "7", "huit": "8", "neuf": "9"}
_SPELLED_RE = re.compile(r"\b(?:" + "|".join(_SPELLED) + r")\b", re.IGNORECASE)
_ACCENTS = str.maketrans("éÉ", "eE")


def phone(value: str) -> bool:
    """ITU-T E.164 phone number possible for its region (phonenumbers; national numbers read as French).

    Possible = right length for the country; the assigned range is not required (ARCEP fiction ranges,
    new allocations). Digits spelled out in French (« zéro six ») are read as digits.
    """
    import phonenumbers

    text = _SPELLED_RE.sub(lambda m: _SPELLED[m.group().lower()], value.translate(_ACCENTS))
    if sum(c.isdigit() for c in text) < 8:
        return False
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number)


# (first digits range, allowed lengths) of card issuers (ISO/IEC 7812 IIN ranges as published by the networks)
_ISSUERS = (
    ((4, 4), (13, 16, 19)),  # Visa
    ((51, 55), (16,)), ((2221, 2720), (16,)),  # Mastercard
    ((34, 34), (15,)), ((37, 37), (15,)),  # American Express
    ((6011, 6011), (16, 17, 18, 19)), ((644, 649), (16, 17, 18, 19)), ((65, 65), (16, 17, 18, 19)),  # Discover
    ((3528, 3589), (16, 17, 18, 19)),  # JCB
    ((62, 62), (16, 17, 18, 19)),  # UnionPay
)


def card(value: str) -> bool:
    """ISO/IEC 7812 payment card number: Luhn checksum plus a known issuer prefix and its lengths
    (Visa, Mastercard, Amex, Discover, JCB, UnionPay; CB cards are co-branded Visa or Mastercard)."""
    digits = _compact(value)
    if not digits.isdigit() or not luhn(digits):
        return False
    for (low, high), lengths in _ISSUERS:
        width = len(str(low))
        if low <= int(digits[:width]) <= high and len(digits) in lengths:
            return True
    return False


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "iban-mod97": iban_mod97,
    "luhn": luhn,
    "nir": nir,
    "phone": phone,
    "card": card,
}

"""Checksum validators (engine/validators.py): each is a pure str -> bool named by rules' `validate:`."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from influlint.engine.validators import VALIDATORS, card, iban_mod97, luhn, nir, phone


def test_registry_names_every_validator():
    assert {"iban-mod97", "luhn", "nir", "phone", "card"} <= set(VALIDATORS)
    for name, fn in VALIDATORS.items():
        assert callable(fn) and fn.__doc__, f"{name} needs a docstring naming its standard"


@pytest.mark.parametrize("value", [
    "06 39 98 12 84", "0639981284", "06.39.98.33.02", "06-39-98-77-04", "+33 6 39 98 12 84", "+33639981284",
    "+33 (0)6 39 98 12 84", "0033 6 39 98 12 84", "+33 639 982 061", "zéro six. 39. 98. 67. 11",
    "01 99 00 27 35", "07 81 22 45 90", "+44 7700 900123", "+1 (415) 555-0132", "+32 470 12 34 56",
])
def test_phone_possible(value):
    assert phone(value)


@pytest.mark.parametrize("value", [
    "06 39 98 12", "4482-9917-3306", "0612345678901", "+33 1 23", "12345", "", "+1 500 000", "zéro six",
])
def test_phone_not_possible(value):
    assert not phone(value)


def test_phone_does_not_require_an_assigned_range():
    # 06 39 98 is ARCEP's fiction range: possible, not assigned (issue 6: do not require assignment)
    import phonenumbers

    assert phone("06 39 98 12 84")
    assert not phonenumbers.is_valid_number(phonenumbers.parse("0639981284", "FR"))


@pytest.mark.parametrize("value", [
    "4970 4425 4899 2355", "5132 3898 3640 7277", "4974900097080241", "4716-2983-4012-5670",
    "378282246310005", "5425773198201145",
])
def test_card_valid(value):
    assert card(value)


@pytest.mark.parametrize("value, why", [
    ("5132 8246 7438 5924", "Luhn fails"),
    ("4970 8861 3727 4837", "Luhn fails"),
    ("97868124500012", "SIRET: Luhn-valid, 14 digits, no issuer"),
    ("3760752384649", "EAN-13"),
    ("4111 1111 1111 11", "Visa prefix, 14 digits"),
    ("9999 9999 9999 9995", "no issuer"),
])
def test_card_invalid(value, why):
    assert not card(value), why


@pytest.mark.parametrize("value, ok", [
    ("FR76 4110 8583 0981 7404 5243 553", True),
    ("FR7624740828724134546178009", True),
    ("fr76 3414 2486 7165 3019 7217 153", True),
    ("DE89 3704 0044 0532 0130 00", True),
    ("FR76 3966 8594 2396 3680 8488 871", False),
    ("FR76 4448 2030 7619 3027 1234 443", False),
    ("FR2024 0001 2345", False),
])
def test_iban(value, ok):
    assert iban_mod97(value) is ok


@pytest.mark.parametrize("value, ok", [
    ("1 88 11 69 352 567 90", True),
    ("2 97 06 44 234 698 14", True),
    ("2 94 03 75 251 616 23", False),  # wrong key on purpose (corpus d-0152)
    ("3098614273050", False),  # 13 digits: a tax number, not a NIR
])
def test_nir(value, ok):
    assert nir(value) is ok


def test_nir_corsica():
    from stdnum.fr import nir as std_nir

    body = "185052A012345"  # 2A counts as 19 for the key
    key = std_nir.calc_check_digits(body)
    assert key == std_nir.calc_check_digits("1850519012345")
    assert nir(body + key) and nir("1 85 05 2A 012 345 " + key)
    assert not nir(body + f"{(int(key) % 97) + 1:02d}")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 -", min_size=0, max_size=24))
def test_validators_are_total(value):
    for fn in (phone, card, luhn, iban_mod97, nir):
        assert fn(value) in (True, False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=15, max_size=15))
def test_card_implies_luhn(digits):
    value = "".join(map(str, digits))
    if card(value):
        assert luhn(value)

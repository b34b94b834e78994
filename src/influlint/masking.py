"""Masking of personal data in every output: keep the kind's shape and the last two characters."""

from __future__ import annotations

import functools
import re

DOT = "\u2022"
_PHONEISH = re.compile(r"^\+?[\d\s().\-/]{8,}$")


def mask(value: str, kind: str = "") -> str:
    """`+33 6 12 34 56 78` → `+33 6 •• •• •• 78`; `julie@gmail.com` → `j•••@gmail.com`."""
    if "@" in value and kind in ("", "email"):
        local, _, domain = value.partition("@")
        return (local[:1] + DOT * 3 if local else "") + "@" + domain
    if kind == "phone" or _PHONEISH.match(value):
        digits = [i for i, c in enumerate(value) if c.isdigit()]
        keep = set(digits[-2:])
        # keep the international prefix (+33) and the first national digit, as the example does
        if value.lstrip().startswith("+") and len(digits) > 6:
            keep |= set(digits[:3])
        return "".join(c if (not c.isdigit() or i in keep) else DOT for i, c in enumerate(value))
    chars = list(value)
    alnum = [i for i, c in enumerate(chars) if c.isalnum()]
    keep = set(alnum[-2:])
    if kind in ("iban",):
        keep |= set(alnum[:4])
    return "".join(c if (not c.isalnum() or i in keep) else DOT for i, c in enumerate(chars))


def looks_like_phone(value: str | None) -> bool:
    return bool(value) and bool(_PHONEISH.match(value.strip())) and sum(c.isdigit() for c in value) >= 8


def display_sender(sender: str | None, show_pii: bool) -> str | None:
    """A sender as shown: a phone number masked whole, identifiers inside a name masked (`Julie 06 •• …`)."""
    if sender is None or show_pii:
        return sender
    if looks_like_phone(sender):
        return mask(sender, "phone")
    return scrub(sender)


def redact(text: str, secrets: dict[str, str]) -> str:
    """Replace every raw value of `secrets` (raw → masked) in text, longest first."""
    for raw in sorted(secrets, key=len, reverse=True):
        if raw and raw in text:
            text = text.replace(raw, secrets[raw])
    return text


# --------------------------------------------------------------------------------- identifiers in any text
# The safety net of the masking pass (influlint.privacy): whatever the rules found or were told to ignore,
# phone numbers, e-mail addresses, IBANs, payment cards and NIRs never reach an output in clear.
_EDGE_L, _EDGE_R = r"(?<![0-9+])", r"(?!\d)"
_KINDS = (  # by priority: a valid match of an earlier kind wins over an overlapping later one
    ("email", r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}"),
    ("iban", r"(?<![0-9A-Za-z])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?(?![0-9A-Za-z])"),
    ("nir", _EDGE_L + r"[1-478][ .-]?\d{2}[ .-]?\d{2}[ .-]?(?:\d{2}|2[ABab])[ .-]?\d{3}[ .-]?\d{3}(?:[ .-]?\d{2})?"
     + _EDGE_R),
    ("card", _EDGE_L + r"\d(?:[ -]?\d){12,18}" + _EDGE_R),
    ("phone", _EDGE_L + r"(?:(?:\+|00)[ ]?[1-9]\d{0,2}[ .-]?(?:\(0\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){2,5}"
     r"|0[1-9](?:[ .-]?\d{2}){4})" + _EDGE_R),
)
_PATTERNS = [(kind, re.compile(src)) for kind, src in _KINDS]
_DIGIT = re.compile(r"\d")


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _iban_ok(value: str) -> bool:
    s = "".join(value.split()).upper()
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def _nir_ok(value: str) -> bool:
    s = "".join(c for c in value.upper() if c.isalnum())
    if len(s) == 13:
        return True  # without its key: still a social security number
    body = s[:13].replace("2A", "19").replace("2B", "18")
    return len(s) == 15 and body.isdigit() and 97 - int(body) % 97 == int(s[13:])


def _valid(kind: str, value: str) -> bool:
    if kind == "iban":
        return _iban_ok(value)
    if kind == "nir":
        return _nir_ok(value)
    if kind == "card":
        return _luhn("".join(c for c in value if c.isdigit()))
    if kind == "phone":
        return 9 <= sum(c.isdigit() for c in value) <= 15
    return True


def find_identifiers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every phone number, e-mail address, IBAN, card number and NIR in text, sorted,
    non-overlapping. Each kind is searched on its own, so that a failed checksum hides nothing."""
    if "@" not in text and not _DIGIT.search(text):
        return []
    found: list[tuple[int, int, str]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if _valid(kind, m.group()) and not any(start < e and s < end for s, e, _ in found):
                found.append((start, end, kind))
    return sorted(found)


def scrub(text: str) -> str:
    """Text with every identifier masked (`mask`); other characters unchanged."""
    if not text or ("@" not in text and not _DIGIT.search(text)):
        return text
    return _scrub_cached(text) if len(text) <= 512 else _scrub(text)


@functools.lru_cache(maxsize=8192)
def _scrub_cached(text: str) -> str:  # help texts, paths and senders repeat across thousands of findings
    return _scrub(text)


def _scrub(text: str) -> str:
    spans = find_identifiers(text)
    for start, end, kind in reversed(spans):
        text = text[:start] + mask(text[start:end], kind) + text[end:]
    return text


# ------------------------------------------------------------------------------ control characters
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def neutralise(text: str) -> str:
    r"""Control characters (ESC sequences, carriage returns, bidi overrides) shown as `\x1b`, never run by a
    terminal; newlines and tabs kept."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                         text)


def xml_safe(text: str) -> str:
    r"""Characters XML 1.0 cannot hold (most C0 controls, lone surrogates) shown as `\x1b`."""
    if not _XML_BAD.search(text):
        return text
    return _XML_BAD.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        text)

"""Masking of personal data in every output: keep the kind's shape and the last two characters."""

from __future__ import annotations

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
    if sender is None or show_pii or not looks_like_phone(sender):
        return sender
    return mask(sender, "phone")


def redact(text: str, secrets: dict[str, str]) -> str:
    """Replace every raw value of `secrets` (raw → masked) in text, longest first."""
    for raw in sorted(secrets, key=len, reverse=True):
        if raw and raw in text:
            text = text.replace(raw, secrets[raw])
    return text

"""Placeholders for messages (locales) and fix texts (rule packs): data, never code.

A pack comes from anywhere, so its texts are not handed to a template engine. The whole language:

    {{ name }}                     the variable's value (a dotted name reads a key of a mapping)
    {{ name or 'text' }}           the value, or the quoted text when the value is empty
    {% if name %}…{% endif %}      the part between, only when the value is not empty

Values are substituted once and never read again as templates: a matched text holding `{{ … }}`
stays literal. `check_template` finds what falls outside this language (the loader rejects it with
file, rule and field); at run time such a text is rendered literally, as written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_TOKEN = re.compile(r"({{.*?}}|{%.*?%})", re.S)
_NAME = r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*"  # no dunder, no attribute: keys only
_VALUE = re.compile(rf"{{{{\s*({_NAME})(?:\s+or\s+'([^'{{}}%]*)')?\s*}}}}\Z")
_IF = re.compile(rf"{{%-?\s*if\s+({_NAME})\s*-?%}}\Z")
_ENDIF = re.compile(r"{%-?\s*endif\s*-?%}\Z")
_MAX_DEPTH = 4


class TemplateError(ValueError):
    """A text outside the placeholder language; the message quotes the offending piece."""


@lru_cache(maxsize=4096)
def _parse(source: str) -> tuple[tuple[str, str, str], ...]:
    """(kind, a, b) tokens: ('text', s, ''), ('value', name, default), ('if', name, ''), ('endif', '', '')."""
    out: list[tuple[str, str, str]] = []
    depth = 0
    for piece in _TOKEN.split(source):
        if not piece:
            continue
        if not piece.startswith(("{{", "{%")):
            if "{{" in piece or "{%" in piece:
                raise TemplateError(f"unclosed placeholder in {piece[:60]!r}")
            out.append(("text", piece, ""))
        elif m := _VALUE.match(piece):
            out.append(("value", m.group(1), m.group(2) or ""))
        elif m := _IF.match(piece):
            depth += 1
            if depth > _MAX_DEPTH:
                raise TemplateError("'if' nested too deep")
            out.append(("if", m.group(1), ""))
        elif _ENDIF.match(piece):
            depth -= 1
            if depth < 0:
                raise TemplateError("'endif' without 'if'")
            out.append(("endif", "", ""))
        else:
            raise TemplateError(f"unsupported placeholder {piece[:60]!r} (allowed: {{{{ name }}}}, "
                                "{{ name or 'text' }}, {% if name %}…{% endif %})")
    if depth:
        raise TemplateError("'if' without 'endif'")
    return tuple(out)


def check_template(source: str) -> None:
    """Raise TemplateError when `source` uses anything but the placeholder language."""
    _parse(source)


def _lookup(variables: dict[str, Any], name: str) -> Any:
    value: Any = variables
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None  # keys of mappings only, never attributes
    return value


def _show(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value if isinstance(v, (str, int, float)))
    return ""


def render(source: str, variables: dict[str, Any]) -> str:
    """Substitute the placeholders of `source`; a text outside the language comes back as written."""
    if "{" not in source:
        return source
    try:
        tokens = _parse(source)
    except TemplateError:
        return source
    out: list[str] = []
    shown: list[bool] = []  # one entry per open 'if'
    for kind, a, b in tokens:
        visible = all(shown)
        if kind == "if":
            shown.append(bool(_show(_lookup(variables, a))))
        elif kind == "endif":
            shown.pop()
        elif visible:
            out.append(a if kind == "text" else (_show(_lookup(variables, a)) or b))
    return "".join(out)

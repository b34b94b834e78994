"""Posts: Markdown or plain text with optional YAML front matter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex
import yaml

from influlint.model import Source, Unit
from influlint.readers._text import ReadError

_FRONT = regex.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", regex.S)
KNOWN_KEYS = ("platform", "lang", "sponsored", "brand", "images", "influlint", "sender", "kind")


def split_front_matter(text: str) -> tuple[dict[str, Any], int]:
    """Return (front matter mapping, offset where the body starts)."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    try:
        data = yaml.safe_load(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise ReadError(f"invalid YAML front matter{where}") from None
    if not isinstance(data, dict):
        raise ReadError("front matter is not a mapping of keys to values")
    meta = {str(k): v for k, v in data.items()}
    extra = meta.pop("meta", None)
    if isinstance(extra, dict):
        for k, v in extra.items():
            meta.setdefault(str(k), v)
    return meta, m.end()


def read_post(source: Source, meta: dict[str, Any] | None = None) -> Iterator[Unit]:
    front, body = split_front_matter(source.text)
    if meta:
        front = {**front, **meta}
    lang = front.get("lang") if isinstance(front.get("lang"), str) else None
    kind = "message" if front.get("kind") == "message" else "post"
    yield Unit(source=source, start=body, end=len(source.text), kind=kind, meta=front, lang=lang,
               sender=front.get("sender") if isinstance(front.get("sender"), str) else None)

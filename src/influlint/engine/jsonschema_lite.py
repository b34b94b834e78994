"""The JSON Schemas of docs/schema/ (rule, concept, statement, pack files), applied at load time.

A small validator for the subset of JSON Schema (draft 2020-12) those files use: type, enum, const,
pattern, minLength, minItems, minProperties, minimum, items, properties, required,
additionalProperties, anyOf, $ref to #/$defs. Editors use the same files for completion. Errors
name the file, the rule (or concept) and the field: `rules/x/DIS001.yml [DIS001]: match.any[2]: ...`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from influlint.engine.schema import PackError

_TYPES = {"string": str, "array": list, "object": dict, "boolean": bool, "null": type(None)}
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def schema_dir() -> Path:
    from influlint.resources import rules_dir

    inside = rules_dir() / "schema"  # in a wheel the schemas travel with the rules
    return inside if inside.is_dir() else rules_dir().parent / "docs" / "schema"


@cache
def load_schema(kind: str) -> dict[str, Any]:
    return json.loads((schema_dir() / f"{kind}.schema.json").read_text(encoding="utf-8"))


def _type_ok(value: Any, want: str) -> bool:
    if want == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if want == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[want])


def errors(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "") -> list[str]:
    """Problems of `value` against `schema`, each as 'path: problem' (empty list: valid)."""
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    here = path or "(file)"
    if "anyOf" in schema:
        branches = [errors(value, s, root, path) for s in schema["anyOf"]]
        if any(not b for b in branches):
            return []
        return max(branches, key=lambda b: max(len(e.split(":")[0]) for e in b))  # the deepest explanation
    want = schema.get("type")
    if want is not None:
        wants = want if isinstance(want, list) else [want]
        if not any(_type_ok(value, w) for w in wants):
            return [f"{here}: must be {' or '.join(wants)}, got {value!r}"[:200]]
    if "const" in schema and value != schema["const"]:
        return [f"{here}: must be {schema['const']!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{here}: must be one of {', '.join(map(str, schema['enum']))}, got {value!r}"]
    if isinstance(value, str):
        if len(value.strip()) < schema.get("minLength", 0):
            return [f"{here}: must not be empty"]
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return [f"{here}: {value!r} does not match {schema['pattern']}"]
    if isinstance(value, (int, float)) and "minimum" in schema and value < schema["minimum"]:
        return [f"{here}: must be at least {schema['minimum']}"]
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            return [f"{here}: needs at least {schema['minItems']} item(s)"]
        if "items" in schema:
            return [e for i, item in enumerate(value) for e in errors(item, schema["items"], root, f"{path}[{i}]")]
    if isinstance(value, dict):
        return _object_errors(value, schema, root, path)
    return []


def _object_errors(value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], path: str) -> list[str]:
    here = path or "(file)"
    if len(value) < schema.get("minProperties", 0):
        return [f"{here}: must not be empty"]
    for key in schema.get("required", []):
        if key not in value:
            return [f"{here}: missing key '{key}'"]
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    out: list[str] = []
    for key, item in value.items():
        sub = f"{path}.{key}" if path else str(key)
        if key in props:
            out.extend(errors(item, props[key], root, sub))
        elif extra is False:
            out.append(f"{here}: unknown key '{key}'")
        elif isinstance(extra, dict):
            out.extend(errors(item, extra, root, sub))
    return out


def check(where: str, value: Any, kind: str) -> None:
    schema = load_schema(kind)
    problems = errors(value, schema, schema)
    if problems:
        raise PackError(f"{where}: {problems[0]}")


def load_yaml_checked(path: Path, kind: str) -> dict[str, Any]:
    """Read one concept / statement / pack file and check it against its schema."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PackError(f"{path}{f':{mark.line + 1}' if mark else ''}: invalid YAML "
                        f"({getattr(exc, 'problem', exc)})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read ({exc})") from None
    name = raw.get("name", "?") if isinstance(raw, dict) else "?"
    check(f"{path} [{name}]", raw, kind)
    return raw

"""The JSON Schema of site.yaml, of a posting's front matter and of a free page's, made from the field tables.

Published with the package (careersite/schemas/*.schema.json) for editors that validate YAML
(VS Code's YAML extension, the browser editor's patterns). The schema says the shape of every
field and the forms it accepts; what needs more than one file or arithmetic stays with `check`
(a date before another, two files claiming one URL, a salary whose minimum is above its maximum,
whether a country or a currency symbol exists, an accent colour's contrast).

Regenerate the files after changing fields.py: `python -m careersite.file_schema`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from careersite.fields import PAGE, POSTING, SITE, Field
from careersite.model import PERIODS
from careersite.postings import EMPLOYMENT_ALIASES

SCHEMA_DIR = Path(__file__).with_name("schemas")
DRAFT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]

SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
_DATE = "^(19|[2-9][0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}"
_TIME = "[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$"
_EMAIL = '[^@\\s<>()\\[\\]\\\\,;:"]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?([.][A-Za-z0-9-]+)+'
_URL = "^https?://([^/\\s?#@]+[.][^/\\s?#@]+|localhost)(:[0-9]+)?([/?#]\\S*)?$"
_NUMBER = "[0-9]+([.][0-9]+)?"
_DASH = "\\s*(-|\u2013|\u2014|[Tt][Oo])\\s*"
NOT_TODO = {"not": {"type": "string", "pattern": "^\\s*[Tt][Oo][Dd][Oo]"}}  # `new`'s placeholders


def _anycase(word: str, separator: str = "[-\\s_]+") -> str:
    """A pattern matching word in any case, a hyphen in it as any run of spaces, hyphens or underscores."""
    return "".join(separator if c == "-" else f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


def _one_of(words: list[str] | tuple[str, ...]) -> str:
    return "^\\s*(" + "|".join(_anycase(word) for word in words) + ")\\s*$"


def _text(field: Field, one_line: bool = True) -> Schema:
    text: Schema = {"type": "string", "pattern": "^[^\\n]*\\S[^\\n]*$" if one_line else "\\S"}
    if field.max_length:
        text["maxLength"] = field.max_length
    # A number or a date counts as the text that was typed (`id: 1234`).
    return {"anyOf": [text, {"type": "number"}]}


def _list_of(item: Schema) -> Schema:
    """One item, or a list of at least one (a single text counts as a list of one)."""
    return {"anyOf": [item, {"type": "array", "items": item, "minItems": 1}]}


def _mapping(fields: tuple[Field, ...]) -> Schema:
    return {
        "type": "object",
        "properties": {field.name: field_schema(field) for field in fields},
        "required": [field.name for field in fields if field.required],
        "additionalProperties": False,
    }


def _location() -> Schema:
    text = {
        "type": "string",
        "pattern": "^\\s*[^,\\n]*\\S[^,\\n]*(,\\s*[^,\\n]*\\S[^,\\n]*)+$",
        "maxLength": 200,
    }
    one = {"anyOf": [text, _mapping(next(f for f in POSTING if f.name == "location").children)]}
    return _list_of(one)


def _salary() -> Schema:
    amount = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": "[0-9]"}]}
    common = {
        "currency": {"type": "string", "pattern": "\\S"},
        "period": {"type": "string", "pattern": _one_of(PERIODS)},
    }
    return {
        "anyOf": [
            {"type": "string", "pattern": "[0-9]"},
            {"type": "number", "minimum": 0},
            {
                "type": "object",
                "properties": {**common, "min": amount, "max": amount},
                "required": ["min", "max"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {**common, "value": amount},
                "required": ["value"],
                "additionalProperties": False,
            },
        ]
    }


def _experience() -> Schema:
    unit = "(" + "|".join(_anycase(u) for u in ("years", "year", "yrs", "yr", "months", "month")) + ")"
    tail = f"(\\s+{_anycase('of')}\\s+{_anycase('experience')})?\\s*$"
    ranged = f"{_DASH}{_NUMBER}\\s*\\+?\\s*({unit})?"
    text = f"^\\s*{_NUMBER}\\s*({ranged}|\\+\\s*({unit})?|{unit})" + tail
    return {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": text}]}


def _choices(field: Field) -> Schema:
    words = list(field.choices)
    if field.name == "employment_type":
        words += [alias for alias in EMPLOYMENT_ALIASES if alias not in words]
    return _list_of({"type": "string", "pattern": _one_of(words)})


def _choice(field: Field) -> Schema:
    if field.name == "on_site":  # YAML's true/false too (yes/no read as them)
        return {
            "anyOf": [{"type": "boolean"}, {"type": "string", "pattern": _one_of(["onsite", *field.choices])}]
        }
    if field.name == "pay_transparency":  # YAML 1.1 reads a bare `off` as false
        return {"anyOf": [{"const": False}, {"enum": list(field.choices)}]}
    return {"enum": list(field.choices)}


def field_schema(field: Field) -> Schema:
    """The JSON Schema of one field's value."""
    kind = field.kind
    if kind in ("line", "department"):
        schema = _text(field)
    elif kind == "paragraph":
        schema = _text(field, one_line=False)
    elif kind == "date":
        schema = {
            "type": "string",
            "anyOf": [{"pattern": _DATE + "$", "format": "date"}, {"pattern": _DATE + _TIME}],
        }
    elif kind == "boolean":
        schema = {"type": "boolean"}
    elif kind == "number":
        schema = {
            "anyOf": [{"type": "number"}, {"type": "string", "pattern": "^\\s*-?[0-9,]+([.][0-9]+)?\\s*$"}]
        }
    elif kind == "apply":
        schema = {
            "type": "string",
            "pattern": f"^\\s*(https://\\S+|[Mm][Aa][Ii][Ll][Tt][Oo]:{_EMAIL}\\S*|{_EMAIL})\\s*$",
        }
    elif kind == "url":
        schema = {"type": "string", "pattern": _URL}
    elif kind == "urls":
        schema = _list_of({"type": "string", "pattern": _URL})
    elif kind == "slug":
        schema = {"type": "string", "pattern": SLUG, "maxLength": field.max_length or 80}
    elif kind == "slugs":
        schema = _list_of({"type": "string", "pattern": SLUG})
    elif kind == "choice":
        schema = _choice(field)
    elif kind == "choices":
        schema = _choices(field)
    elif kind == "location":
        schema = _location()
    elif kind in ("countries", "lines"):
        schema = _list_of({"type": "string", "pattern": "\\S"})
    elif kind == "salary":
        schema = _salary()
    elif kind == "experience":
        schema = _experience()
    elif kind == "color":
        schema = {"type": "string", "pattern": "^#([0-9a-fA-F]{3}){1,2}$"}
    elif kind == "asset":
        local = "^(?![/.]{1,2}/|/)(?!(.*/)?[.][.](/|$))(?!.*://)\\S+$"
        schema = {"type": "string", "anyOf": [{"pattern": "^https://\\S+$"}, {"pattern": local}]}
    elif kind == "language":
        schema = {"type": "string", "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"}
    elif kind == "currency":
        schema = {"type": "string", "pattern": "^\\s*[A-Za-z]{3}\\s*$"}
    elif kind == "timezone":
        schema = {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"}
    elif kind in ("mapping", "cms"):
        schema = _mapping(field.children)
    elif kind == "strings":
        schema = {"type": "object", "additionalProperties": {"type": "string"}}
    else:
        raise ValueError(f"no schema for the kind {kind!r} of `{field.name}`")
    described = {"title": field.label, **({"description": field.hint} if field.hint else {})}
    return {**described, "allOf": [schema, NOT_TODO]}


def _document(name: str, title: str, fields: tuple[Field, ...]) -> Schema:
    return {
        "$schema": DRAFT,
        "$id": f"https://careersite.invalid/schemas/{name}.schema.json",
        "title": title,
        **_mapping(fields),
    }


def posting_schema() -> Schema:
    """A posting's front matter, with the rules between its workplace fields."""
    schema = _document("posting", "A job posting's front matter (content/jobs/*.md)", POSTING)
    remote = {"anyOf": [{"const": False}, {"type": "string", "pattern": _one_of(["remote"])}]}
    schema["if"] = {"properties": {"on_site": remote}, "required": ["on_site"]}
    schema["then"] = {"required": ["applicant_locations"]}
    schema["else"] = {"required": ["location"], "not": {"required": ["applicant_locations"]}}
    return schema


def schemas() -> dict[str, Schema]:
    """Every published schema by file name."""
    return {
        "posting.schema.json": posting_schema(),
        "page.schema.json": _document("page", "A free page's front matter (content/pages/*.md)", PAGE),
        "site.schema.json": _document("site", "content/site.yaml", SITE),
    }


def render(schema: Schema) -> str:
    """The published text of a schema."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    """Write the schemas into the package."""
    SCHEMA_DIR.mkdir(exist_ok=True)
    for name, schema in schemas().items():
        (SCHEMA_DIR / name).write_text(render(schema), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

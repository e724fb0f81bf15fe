"""The browser editor (SPEC "Editing in the browser"): admin/index.html and admin/config.yml for Decap CMS.

The form is made from the field tables (fields.py), the same ones `check` reads, with each
widget's pattern taken from the field's JSON Schema (file_schema.py): one source, never a copy.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from careersite import fields, file_schema
from careersite.fields import Field
from careersite.model import Card, Cms, Site
from careersite.schema import Reader

SCRIPT_PATH = Path(__file__).with_name("cms.json")  # the CMS's npm package, version and SRI hash
CONTENT = "content"  # the content folder as the git backend sees it: the repository's content/
MEDIA = "static/media"  # uploads: content/static/media/, published as /media/
Widget = dict[str, Any]


@cache
def script() -> dict[str, str]:
    """The pinned CMS script: package, version, file and integrity."""
    return json.loads(SCRIPT_PATH.read_text(encoding="utf-8"))


def script_url() -> str:
    """Where the pinned script is served (unpkg serves every npm version's files as published)."""
    pinned = script()
    return f"https://unpkg.com/{pinned['package']}@{pinned['version']}/{pinned['file']}"


def cms_settings(read: Reader) -> Cms | None:
    """site.yaml `cms:` into Cms, or None (no browser editor) when it is absent or wrong."""
    path = ("cms",)
    value = read.get(path)
    if value is None:
        return None
    if not isinstance(value, dict):
        read.error(
            path,
            "`cms` must be a mapping with backend and repo",
            "e.g. cms: {backend: github, repo: OWNER/NAME}",
        )
        return None
    table = fields.CMS
    read.check_keys(path, fields.names(table))
    for field in table:
        if field.required:
            read.require((*path, field.name))
    backend = read.text((*path, "backend"), one_line=True)
    choices = fields.field(table, "backend").choices
    if backend is not None and backend not in choices:
        read.error(
            (*path, "backend"),
            f"`cms.backend`: unknown backend `{backend}`",
            "use one of " + ", ".join(choices),
        )
        return None
    repo = read.text((*path, "repo"), one_line=True)
    if repo is not None and (repo.count("/") < 1 or any(not part.strip() for part in repo.split("/"))):
        read.error((*path, "repo"), f"`cms.repo`: `{repo}` is not OWNER/NAME", "e.g. repo: paysecure/careers")
        return None
    branch = read.text((*path, "branch"), one_line=True) or "main"
    bundle = read.text((*path, "bundle"), one_line=True)
    if not (backend and repo):
        return None
    return Cms(backend=backend, repo=repo, branch=branch, bundle=bundle)


def admin_files(site: Site, listed: Sequence[Card]) -> list[tuple[str, bytes]]:
    """admin/index.html and admin/config.yml when site.yaml has `cms:`, else nothing."""
    if site.cms is None:
        return []
    departments = sorted({card.department for card in listed if card.department}, key=str.casefold)
    return [("admin/index.html", index_html(site)), ("admin/config.yml", config_yml(site, departments))]


def index_html(site: Site) -> bytes:
    """The editor's page: lang, a title, noindex, and the CMS script (pinned with SRI, or the bundle).

    It has no `</head>` (HTML lets it out): `serve`'s live reload script goes in before one, and
    reloading the editor whenever a save rebuilds the site would throw away what is being typed.
    """
    assert site.cms is not None
    if site.cms.bundle:
        tag = f'<script src="{html.escape(site.cms.bundle)}"></script>'
    else:
        integrity = script()["integrity"]
        tag = f'<script src="{script_url()}" integrity="{integrity}" crossorigin="anonymous"></script>'
    page = f"""<!doctype html>
<html lang="{html.escape(site.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Edit {html.escape(site.title)}</title>
<body>
{tag}
</body>
</html>
"""
    return page.encode("utf-8")


def config(site: Site, departments: Sequence[str]) -> dict[str, Any]:
    """Decap CMS's configuration: postings, pages and site.yaml, with a widget for every field."""
    assert site.cms is not None
    body = {"name": "body", "label": "Body", "widget": "markdown"}
    return {
        "backend": {"name": site.cms.backend, "repo": site.cms.repo, "branch": site.cms.branch},
        "media_folder": f"{CONTENT}/{MEDIA}",
        "public_folder": site.base_path + MEDIA.removeprefix("static/"),
        "collections": [
            {
                "name": "postings",
                "label": "Postings",
                "label_singular": "Posting",
                "folder": f"{CONTENT}/jobs",
                "create": True,
                "extension": "md",
                "format": "yaml-frontmatter",
                "slug": "{{slug}}",
                "summary": "{{title}}",
                "sortable_fields": ["title", "date_posted", "department"],
                "fields": [*widgets(fields.POSTING, departments), body],
            },
            {
                "name": "pages",
                "label": "Pages",
                "label_singular": "Page",
                "folder": f"{CONTENT}/pages",
                "create": True,
                "extension": "md",
                "format": "yaml-frontmatter",
                "slug": "{{slug}}",
                "fields": [*widgets(fields.PAGE, departments), body],
            },
            {
                "name": "settings",
                "label": "Site",
                "editor": {"preview": False},
                "files": [
                    {
                        "name": "site",
                        "label": "Site and organization (site.yaml)",
                        "file": f"{CONTENT}/site.yaml",
                        "format": "yaml",
                        "fields": widgets(fields.SITE, departments),
                    }
                ],
            },
        ],
    }


def config_yml(site: Site, departments: Sequence[str]) -> bytes:
    """config.yml's text."""
    head = (
        "# Made by careersite from its field tables at every build: edit content/site.yaml `cms:` instead.\n"
    )
    text = yaml.safe_dump(config(site, departments), sort_keys=False, allow_unicode=True, width=1000)
    return (head + text).encode("utf-8")


def widgets(table: Iterable[Field], departments: Sequence[str]) -> list[Widget]:
    """The widgets of a table's fields (the web team's `strings:` and `cms:` have none)."""
    return [made for field in table if (made := widget(field, departments)) is not None]


def widget(field: Field, departments: Sequence[str]) -> Widget | None:
    """The Decap widget of one field, or None for a field the browser editor leaves alone."""
    kind = field.kind
    made: Widget = {"name": field.name, "label": field.label, "required": field.required}
    hint = field.hint
    if kind in ("strings", "cms"):
        return None
    if kind == "date":
        made |= {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
        }
    elif kind == "boolean":
        made |= {"widget": "boolean", "default": False}
    elif kind == "number":
        made |= {"widget": "number", "value_type": "float"}
    elif kind == "paragraph":
        made["widget"] = "text"
    elif kind in ("urls", "slugs", "countries", "lines"):
        made["widget"] = "list"  # a list of text, typed comma-separated
    elif kind in ("choice", "choices"):
        made |= {"widget": "select", "options": list(field.choices), "multiple": kind == "choices"}
    elif kind == "mapping":
        made |= {"widget": "object", "fields": widgets(field.children, departments)}
    else:
        made["widget"] = "string"
        pattern = _pattern(field)
        if pattern:
            made["pattern"] = [pattern, hint or f"not a valid {field.label.lower()}"]
    if kind == "department" and departments:
        # Decap's select takes no new value: text, with the existing ones to copy exactly.
        hint = "Existing: " + ", ".join(departments) + ". Type one of these exactly, or a new one."
    if hint:
        made["hint"] = hint
    return made


def _pattern(field: Field) -> str | None:
    """The regular expression of the field's JSON Schema, when it has one for text."""
    schema = file_schema.field_schema(field)["allOf"][0]
    pattern = schema.get("pattern")
    return pattern if isinstance(pattern, str) and schema.get("type") == "string" else None

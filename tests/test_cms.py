"""The browser editor's files: admin/config.yml from the field tables, admin/index.html pinned with SRI."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from careersite import cms, fields
from careersite.cli import main
from tests.browser_support import NODE_MODULES, VNU_JAR, vnu_problems
from tests.conftest import REPO, TODAY, require_tool

SPEC = REPO.parent / "shared" / "SPEC.md"
CMS_YAML = "cms:\n  backend: github\n  repo: paysecure/careers\n"


def _project(tmp_path: Path, extra: str = CMS_YAML) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    for folder in ("jobs", "pages"):
        (content / folder).mkdir()
        for path in (REPO / "content" / folder).iterdir():
            (content / folder / path.name).write_bytes(path.read_bytes())
    (content / "site.yaml").write_text((REPO / "content" / "site.yaml").read_text("utf-8") + extra, "utf-8")
    return content


def _build(tmp_path: Path, extra: str = CMS_YAML) -> Path:
    content = _project(tmp_path, extra)
    out = tmp_path / "site"
    arguments = ["--content", str(content), "--templates", str(REPO / "templates"), "--today", TODAY]
    assert main(["build", *arguments, "--out", str(out)]) == 0
    return out


def _spec_fields() -> tuple[list[str], list[str]]:
    """The posting fields of SPEC's table, and the keys of its site.yaml example (organization's dotted)."""
    text = SPEC.read_text(encoding="utf-8")
    posting = re.findall(r"^\| `([a-z_]+)` \|", text, re.MULTILINE)
    block = text.split("## content/site.yaml", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    site, parent = [], ""
    for indent, key in re.findall(r"^( *)([a-z_]+):", block, re.MULTILINE):
        parent = key if not indent else parent
        site.append(f"{parent}.{key}" if indent else key)
    return posting, site


def test_every_spec_field_has_its_widget(tmp_path: Path) -> None:
    config = yaml.safe_load((_build(tmp_path) / "admin" / "config.yml").read_text("utf-8"))
    collections = {collection["name"]: collection for collection in config["collections"]}
    postings = {widget["name"]: widget for widget in collections["postings"]["fields"]}
    site = {widget["name"]: widget for widget in collections["settings"]["files"][0]["fields"]}
    spec_posting, spec_site = _spec_fields()
    assert len(spec_posting) >= 18 and len(spec_site) >= 12, "SPEC's tables were not found"
    for name in [*spec_posting, "body"]:
        assert name in postings, f"posting field `{name}` has no widget"
        assert postings[name].get("required", True) is (name in ("title", "date_posted", "apply", "body")), (
            name
        )
    for dotted in spec_site:
        parent, _, child = dotted.partition(".")
        widget = site[parent]
        if child:
            assert child in {w["name"] for w in widget["fields"]}, f"site.yaml `{dotted}` has no widget"
    # the widgets that match the formats
    assert postings["on_site"]["widget"] == "select" and postings["on_site"]["options"] == [
        "on-site",
        "hybrid",
        "remote",
    ]
    assert postings["employment_type"] == postings["employment_type"] | {
        "widget": "select",
        "multiple": True,
        "options": list(fields.field(fields.POSTING, "employment_type").choices),
    }
    assert len(postings["employment_type"]["options"]) == 8
    for name in ("date_posted", "valid_through", "updated"):
        assert postings[name]["widget"] == "datetime" and postings[name]["time_format"] is False
    assert postings["salary"]["widget"] == "string" and "₹35–55 LPA" in postings["salary"]["hint"]
    assert postings["department"]["hint"].startswith("Existing: Data, Design, Engineering, Security.")
    assert postings["slug"]["pattern"][0] == "^[a-z0-9]+(-[a-z0-9]+)*$"  # from the JSON Schema
    assert postings["body"]["widget"] == "markdown"
    assert (
        collections["postings"]["folder"] == "content/jobs"
        and collections["pages"]["folder"] == "content/pages"
    )
    assert collections["settings"]["files"][0]["file"] == "content/site.yaml"
    assert config["media_folder"] == "content/static/media"
    assert config["backend"] == {"name": "github", "repo": "paysecure/careers", "branch": "main"}
    assert "local_backend" not in config, "only serve's copy points at a local backend"


@pytest.mark.parametrize("table", [fields.POSTING, fields.PAGE, fields.SITE])
def test_every_kind_has_a_widget_or_is_the_web_teams(table: tuple[fields.Field, ...]) -> None:
    for field in table:
        made = cms.widget(field, ["Engineering"])
        assert made is not None or field.kind in ("strings", "cms"), field
        if made is not None:
            assert made["label"] == field.label and made["widget"], made


def test_index_html_pins_the_script_with_integrity(tmp_path: Path) -> None:
    site = _build(tmp_path)
    page = (site / "admin" / "index.html").read_text("utf-8")
    pinned = cms.script()
    assert '<html lang="en-IN">' in page and "<title>Edit Careers at PaySecure</title>" in page
    assert '<meta name="robots" content="noindex">' in page
    tag = re.search(r"<script ([^>]*)></script>", page)
    assert tag is not None
    assert f'src="https://unpkg.com/decap-cms@{pinned["version"]}/dist/decap-cms.js"' in tag[1]
    assert f'integrity="{pinned["integrity"]}"' in tag[1] and 'crossorigin="anonymous"' in tag[1]
    assert "admin" not in (site / "sitemap.xml").read_text("utf-8")
    assert "</head>" not in page, "serve's live reload would reload the editor on every save"


def test_index_html_is_valid_html(tmp_path: Path) -> None:
    java = require_tool(shutil.which("java"), "Java (for the Nu validator)")
    require_tool(str(VNU_JAR) if VNU_JAR.is_file() else None, "the Nu validator (npm ci: vnu-jar)")
    page = _build(tmp_path) / "admin" / "index.html"
    assert vnu_problems(java, [page]) == []


def test_the_pinned_hash_is_that_of_the_npm_version() -> None:
    """cms.json's version is package.json's, and its hash is that of the file npm installed."""
    pinned = cms.script()
    package = json.loads((REPO / "package.json").read_text("utf-8"))
    assert package["devDependencies"][pinned["package"]] == pinned["version"]
    installed = NODE_MODULES / pinned["package"]
    require_tool(str(installed) if installed.is_dir() else None, f"{pinned['package']} from npm (npm ci)")
    assert json.loads((installed / "package.json").read_text("utf-8"))["version"] == pinned["version"]
    digest = hashlib.sha384((installed / pinned["file"]).read_bytes()).digest()
    assert pinned["integrity"] == "sha384-" + base64.b64encode(digest).decode("ascii")


def test_a_bundle_replaces_the_pinned_script(tmp_path: Path) -> None:
    site = _build(tmp_path, CMS_YAML + "  bundle: /admin/decap-cms.js\n")
    page = (site / "admin" / "index.html").read_text("utf-8")
    assert '<script src="/admin/decap-cms.js"></script>' in page and "integrity" not in page


def test_without_cms_there_is_no_admin(tmp_path: Path) -> None:
    assert not (_build(tmp_path, "") / "admin").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("cms: github\n", "`cms` must be a mapping"),
        ("cms:\n  backend: bitbucket\n  repo: a/b\n", "unknown backend `bitbucket`"),
        ("cms:\n  backend: github\n", "missing required field `cms.repo`"),
        ("cms:\n  backend: github\n  repo: careers\n", "`careers` is not OWNER/NAME"),
        ("cms:\n  backend: github\n  repo: a/b\n  brnch: main\n", "did you mean `branch`?"),
    ],
)
def test_bad_cms_settings_are_errors(
    tmp_path: Path, extra: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _project(tmp_path, extra)
    status = main(
        ["check", "--content", str(content), "--templates", str(REPO / "templates"), "--today", TODAY]
    )
    err = capsys.readouterr().err
    assert status == 1 and message in err, err
    assert re.search(r"site\.yaml:\d+: error: ", err), err


def test_a_cached_build_with_a_new_department_equals_a_cold_one(tmp_path: Path) -> None:
    """The department hint follows the postings; the cache never keeps an old config.yml."""
    content = _project(tmp_path)
    arguments = ["--content", str(content), "--templates", str(REPO / "templates"), "--today", TODAY]
    assert main(["build", *arguments, "--out", str(tmp_path / "site")]) == 0
    posting = content / "jobs" / "senior-backend-engineer.md"
    posting.write_text(posting.read_text("utf-8").replace("department: Engineering", "department: Payments"))
    assert main(["build", *arguments, "--out", str(tmp_path / "site")]) == 0
    assert main(["build", *arguments, "--out", str(tmp_path / "cold"), "--no-cache"]) == 0
    cached, cold = (tmp_path / name / "admin" / "config.yml" for name in ("site", "cold"))
    assert "Existing: Data, Design, Engineering, Payments, Security." in cached.read_text("utf-8")
    assert cached.read_bytes() == cold.read_bytes()

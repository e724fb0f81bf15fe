"""`new`: the scaffolded posting, its slug, and what it refuses."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from careersite.scaffold import ScaffoldError, new_posting

TODAY = dt.date(2026, 3, 14)

# Every field of SPEC's posting table ("A posting: content/jobs/<slug>.md").
SPEC_FIELDS = {
    "title",
    "date_posted",
    "updated",
    "apply",
    "direct_apply",
    "id",
    "location",
    "on_site",
    "applicant_locations",
    "employment_type",
    "salary",
    "experience",
    "valid_through",
    "department",
    "summary",
    "slug",
    "aliases",
    "draft",
}
REQUIRED_OR_WARNED = {"title", "date_posted", "apply", "location", "salary", "valid_through"}
SECTIONS = [
    "About the company",
    "Role overview",
    "Responsibilities",
    "Requirements",
    "Nice to have",
    "What we offer",
]


def split(text: str) -> tuple[str, str]:
    """Return the front matter and the body of a posting file."""
    match = re.fullmatch(r"---\n(.*?)\n---\n(.*)", text, re.DOTALL)
    assert match, text[:200]
    return match.group(1), match.group(2)


def test_writes_every_spec_field_live_or_commented(tmp_path: Path) -> None:
    path = new_posting("Senior Data Engineer", tmp_path / "content", TODAY)
    front_matter, _ = split(path.read_text(encoding="utf-8"))
    live = yaml.safe_load(front_matter)
    commented = set(re.findall(r"(?m)^# (\w+):", front_matter))
    assert set(live) | commented == SPEC_FIELDS
    assert not set(live) & commented
    assert set(live) >= REQUIRED_OR_WARNED
    uncommented = yaml.safe_load(re.sub(r"(?m)^# (\w+:)", r"\1", front_matter))
    assert set(uncommented) == SPEC_FIELDS


def test_values_have_the_right_shape_and_todo_marks_what_to_replace(tmp_path: Path) -> None:
    path = new_posting("Senior Data Engineer", tmp_path / "content", TODAY)
    front_matter, _ = split(path.read_text(encoding="utf-8"))
    live = yaml.safe_load(front_matter)
    assert live["title"] == "Senior Data Engineer"
    assert live["date_posted"] == TODAY
    assert live["valid_through"] == dt.date(2026, 4, 13)
    assert live["on_site"] is True
    assert live["employment_type"] == "full-time"
    for field in ("location", "salary", "apply", "summary", "department", "experience"):
        assert live[field].startswith("TODO"), field


def test_body_has_the_usual_sections_each_with_a_todo(tmp_path: Path) -> None:
    path = new_posting("Senior Data Engineer", tmp_path / "content", TODAY)
    _, body = split(path.read_text(encoding="utf-8"))
    headings = re.findall(r"(?m)^## (.+)$", body)
    assert headings == SECTIONS
    for section in re.split(r"(?m)^## .+$", body)[1:]:
        assert "TODO" in section


def test_department_is_filled_in_when_given(tmp_path: Path) -> None:
    path = new_posting("Data Engineer", tmp_path / "content", TODAY, department="  Data   Platform ")
    live = yaml.safe_load(split(path.read_text(encoding="utf-8"))[0])
    assert live["department"] == "Data Platform"


@pytest.mark.parametrize("title", ["C++ Dev: Remote", "Yes", "2026", "#1 Recruiter", "Dev 'ops' \"lead\""])
def test_titles_that_yaml_would_misread_are_quoted(tmp_path: Path, title: str) -> None:
    path = new_posting(title, tmp_path / "content", TODAY)
    assert yaml.safe_load(split(path.read_text(encoding="utf-8"))[0])["title"] == title


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Senior Data Engineer", "senior-data-engineer"),
        ("Senior Backend Engineer - Fintech", "senior-backend-engineer-fintech"),
        ("Ingénieur Données (Zürich)", "ingenieur-donnees-zurich"),
        ("São Paulo Señor Analyst", "sao-paulo-senor-analyst"),
        ("  --C++ / .NET developer!!  ", "c-net-developer"),
        ("TTS-Deputy Director", "tts-deputy-director"),
        ("数据 Engineer", "engineer"),
    ],
)
def test_slug_rules(tmp_path: Path, title: str, slug: str) -> None:
    assert new_posting(title, tmp_path / "content", TODAY).name == f"{slug}.md"


def test_long_slug_is_cut_at_a_word_boundary_within_80(tmp_path: Path) -> None:
    slug = new_posting("Principal " + "Platform Engineer " * 10, tmp_path / "content", TODAY).stem
    assert len(slug) <= 80
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert slug.endswith(("platform", "engineer"))
    assert len(new_posting("x" * 120, tmp_path / "content", TODAY).stem) == 80


def test_file_is_named_by_the_slug_and_jobs_folder_is_created(tmp_path: Path) -> None:
    content = tmp_path / "content"
    path = new_posting("Ingénieur Données", content, TODAY)
    assert path == content / "jobs" / "ingenieur-donnees.md"
    assert path.is_file()


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "jobs").mkdir(parents=True)
    existing = content / "jobs" / "data-engineer.md"
    existing.write_text("mine", encoding="utf-8")
    message = f"{existing} already exists; choose another title or edit that file"
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        new_posting("Data Engineer", content, TODAY)
    assert existing.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "title is empty"),
        ("   \n ", "title is empty"),
        ("x" * 201, "201 characters long; at most 200"),
        ("データエンジニア", "needs at least one Latin letter or digit"),
        ("!!! ???", "needs at least one Latin letter or digit"),
    ],
)
def test_bad_titles_are_refused(tmp_path: Path, title: str, message: str) -> None:
    with pytest.raises(ScaffoldError, match=message):
        new_posting(title, tmp_path / "content", TODAY)
    assert not (tmp_path / "content").exists()


def test_scaffolded_posting_fails_check_until_the_todos_are_replaced(tmp_path: Path) -> None:
    pipeline = pytest.importorskip("careersite.pipeline")
    if not hasattr(pipeline, "build_site"):
        pytest.skip("careersite.pipeline.build_site is not written yet")
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text(
        "title: Careers\nbase_url: https://careers.example\n"
        "organization:\n  name: Example\n  url: https://www.example.com\n",
        encoding="utf-8",
    )
    new_posting("Data Engineer", content, TODAY)
    templates = Path(__file__).resolve().parent.parent / "templates"
    options = pipeline.BuildOptions(
        content_dir=content, templates_dir=templates, out_dir=tmp_path / "site", today=TODAY, write=False
    )
    result = pipeline.build_site(options)
    errors = [str(d) for d in result.diagnostics.errors]
    assert any("TODO" in error and "data-engineer.md" in error for error in errors), errors

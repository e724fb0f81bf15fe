"""Front matter into the model: locations, experience, types, workplace, apply, dates, states, slugs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from careersite import dates
from careersite.dates import State
from careersite.model import Location, Posting, Workplace
from tests.conftest import SITE_YAML, load_postings, write_files

SITE = SITE_YAML
BASE = {
    "title": "Engineer",
    "date_posted": "2026-11-20",
    "valid_through": "2027-01-31",
    "apply": "https://example.com/apply",
    "location": "Bangalore, Karnataka, IN",
    "salary": "₹18 LPA",
}
KOLKATA = "Asia/Kolkata"


def front(**fields: str | None) -> str:
    """Return a posting file: BASE's fields with some replaced (raw YAML text) or removed (None)."""
    merged = {**BASE, **fields}
    lines = "".join(f"{key}: {value}\n" for key, value in merged.items() if value is not None)
    return f"---\n{lines}---\n\nBody.\n"


def load(root: Path, files: dict[str, str | bytes], site: str = SITE) -> tuple[list[Posting], list[str]]:
    """Load a content folder made of files; return its postings and every message as users see it."""
    write_files(root, {"content/site.yaml": site, **files})
    return load_postings(root / "content", root)


def one(root: Path, **fields: str | None) -> tuple[Posting | None, list[str]]:
    """Load one posting (content/jobs/role.md) with the given fields; return it and the errors."""
    content, messages = load(root, {"content/jobs/role.md": front(**fields)})
    errors = [m for m in messages if ": error: " in m]
    return (content[0] if content else None), errors


# -- locations -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Bangalore, Karnataka, IN", [Location("Bangalore", "IN", "Karnataka")]),
        ("Singapore, SG", [Location("Singapore", "SG")]),
        ("Bangalore, India", [Location("Bangalore", "IN")]),
        ('"Austin, TX, USA"', [Location("Austin", "US", "TX")]),
        ("Austin, Texas, U.S.", [Location("Austin", "US", "Texas")]),
        ("New York, NY, United States", [Location("New York", "US", "NY")]),
        ("London, UK", [Location("London", "GB")]),
        ("Berlin, Germany", [Location("Berlin", "DE")]),
        ("Berlin, de", [Location("Berlin", "DE")]),
        ("Oslo, Norway", [Location("Oslo", "NO")]),
        ("Oslo, NO", [Location("Oslo", "NO")]),
        ("\n  city: Oslo\n  country: NO", [Location("Oslo", "NO")]),
        ("\n  city: Oslo\n  country: no", [Location("Oslo", "NO")]),
        (
            "\n  city: Zürich\n  country: Switzerland\n  postal_code: 8001",
            [Location("Zürich", "CH", postal_code="8001")],
        ),
        (
            "\n  city: Bangalore\n  region: Karnataka\n  country: IN"
            "\n  postal_code: '560034'\n  street: 80 Feet Road",
            [Location("Bangalore", "IN", "Karnataka", "560034", "80 Feet Road")],
        ),
        (
            "\n  - Bangalore, IN\n  - city: Mumbai\n    country: India\n  - London, United Kingdom",
            [Location("Bangalore", "IN"), Location("Mumbai", "IN"), Location("London", "GB")],
        ),
    ],
)
def test_location(tmp_path: Path, value: str, expected: list[Location]) -> None:
    posting, errors = one(tmp_path, location=value)
    assert errors == []
    assert posting is not None and list(posting.locations) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Bangalore", "needs a city and a country"),
        ("Atlantis, Nowhere", "unknown country `Nowhere`"),
        ("\n  city: Oslo", "missing required field `location.country`"),
        ("\n  country: NO", "missing required field `location.city`"),
        ("\n  city: Oslo\n  country: NO\n  zip: '0150'", "unknown field `location.zip`"),
        ("\n  city: Oslo\n  country: Narnia", "unknown country `Narnia`"),
        ("[]", "location"),  # an on-site posting with no place at all: no jobLocation in the JSON-LD
    ],
)
def test_bad_location_is_an_error(tmp_path: Path, value: str, message: str) -> None:
    posting, errors = one(tmp_path, location=value)
    assert posting is None
    assert any(message in error and error.startswith("content/jobs/role.md:") for error in errors), errors


def test_remote_posting_needs_no_location(tmp_path: Path) -> None:
    posting, errors = one(tmp_path, location=None, on_site="false", applicant_locations="[IN, USA, Norway]")
    assert errors == []
    assert posting is not None and posting.workplace is Workplace.REMOTE
    assert posting.applicant_locations == ("IN", "US", "NO")
    assert posting.locations == ()


def test_applicant_locations_country_no_is_norway(tmp_path: Path) -> None:
    posting, errors = one(tmp_path, location=None, on_site="false", applicant_locations="\n  - NO\n  - SE")
    assert errors == []
    assert posting is not None and posting.applicant_locations == ("NO", "SE")


# -- experience, employment types, workplace --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "months"),
    [
        ("4-7 years", 48),
        ("4 to 7 years", 48),
        ("4\u20137 years", 48),
        ("4+ years", 48),
        ("1 year", 12),
        ("18 months", 18),
        ("10+ years", 120),
        ("0-1 years", 0),
    ],
)
def test_experience_counts_its_minimum_in_months(tmp_path: Path, value: str, months: int) -> None:
    posting, errors = one(tmp_path, experience=value)
    assert errors == []
    assert posting is not None and posting.experience is not None
    assert posting.experience.months == months
    assert posting.experience.text == value


@pytest.mark.parametrize("value", ["lots", "7-4 years", "years", "[4, 7]", "-3 years"])
def test_bad_experience_is_an_error(tmp_path: Path, value: str) -> None:
    posting, errors = one(tmp_path, experience=value)
    assert posting is None
    assert any("`experience`" in error for error in errors), errors


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("full-time", ("full-time",)),
        ("[full-time, contract]", ("full-time", "contract")),
        ("\n  - part-time\n  - temporary", ("part-time", "temporary")),
        ("Full Time", ("full-time",)),
        ("fulltime", ("full-time",)),
        ("part_time", ("part-time",)),
        ("internship", ("intern",)),
        ("intern", ("intern",)),
        ("contractor", ("contract",)),
        ("per diem", ("per-diem",)),
        ("volunteer", ("volunteer",)),
        ("other", ("other",)),
        ("[full-time, Full-Time]", ("full-time",)),
    ],
)
def test_employment_types(tmp_path: Path, value: str, expected: tuple[str, ...]) -> None:
    posting, errors = one(tmp_path, employment_type=value)
    assert errors == []
    assert posting is not None and posting.employment_types == expected


def test_unknown_employment_type_suggests_the_nearest(tmp_path: Path) -> None:
    posting, errors = one(tmp_path, employment_type="full-tme")
    assert posting is None
    (error,) = errors
    assert error.startswith("content/jobs/role.md:") and "full-tme" in error and "`full-time`" in error


@pytest.mark.parametrize(
    ("value", "workplace"),
    [
        (None, Workplace.ON_SITE),
        ("true", Workplace.ON_SITE),
        ("yes", Workplace.ON_SITE),
        ("hybrid", Workplace.HYBRID),
        ("Hybrid", Workplace.HYBRID),
        ("false", Workplace.REMOTE),
        ("no", Workplace.REMOTE),
        ("on-site", Workplace.ON_SITE),
        ("remote", Workplace.REMOTE),
    ],
)
def test_on_site(tmp_path: Path, value: str | None, workplace: Workplace) -> None:
    remote = workplace is Workplace.REMOTE
    posting, errors = one(tmp_path, on_site=value, applicant_locations="[IN]" if remote else None)
    assert errors == []
    assert posting is not None and posting.workplace is workplace


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"on_site": "sometimes"}, "`on_site` must be true (on-site), hybrid or false (remote)"),
        ({"on_site": "hybrid", "location": None}, "missing required field `location`"),
        ({"on_site": "false"}, "needs `applicant_locations`"),
        ({"applicant_locations": "[IN]"}, "only for fully remote postings"),
        # an empty list names no country: JSON-LD would carry neither jobLocation nor TELECOMMUTE
        ({"on_site": "false", "location": None, "applicant_locations": "[]"}, "applicant_locations"),
    ],
)
def test_bad_workplace_is_an_error(tmp_path: Path, fields: dict[str, str | None], message: str) -> None:
    posting, errors = one(tmp_path, **fields)
    assert posting is None
    assert any(message in error for error in errors), errors


# -- apply -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.com/apply", "https://example.com/apply"),
        ("https://example.com/apply?ref=careers#form", "https://example.com/apply?ref=careers#form"),
        ("mailto:jobs@example.com", "mailto:jobs@example.com"),
        ("mailto:jobs@example.com?subject=Engineer", "mailto:jobs@example.com?subject=Engineer"),
        ("jobs@example.com", "mailto:jobs@example.com"),
        ("first.last+jobs@mail.example.co.in", "mailto:first.last+jobs@mail.example.co.in"),
    ],
)
def test_apply(tmp_path: Path, value: str, expected: str) -> None:
    posting, errors = one(tmp_path, apply=value)
    assert errors == []
    assert posting is not None and posting.apply == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("http://example.com/apply", "must use https://"),
        ("javascript:alert(1)", "is not an https:// URL or an e-mail address"),
        ("JavaScript:alert(document.cookie)", "is not an https:// URL or an e-mail address"),
        ("data:text/html;base64,PHNjcmlwdD4=", "is not an https:// URL or an e-mail address"),
        ("ftp://example.com/cv", "is not an https:// URL or an e-mail address"),
        ("/apply", "is not an https:// URL or an e-mail address"),
        ("mailto:not-an-address", "is not an https:// URL or an e-mail address"),
        ("jobs at example dot com", "is not an https:// URL or an e-mail address"),
    ],
)
def test_bad_apply_is_an_error(tmp_path: Path, value: str, message: str) -> None:
    posting, errors = one(tmp_path, apply=f'"{value}"')
    assert posting is None
    assert any(message in error and "apply" in error for error in errors), errors


# -- today and states ------------------------------------------------------------------------------


def test_today_prefers_the_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert dates.today(dt.date(2026, 11, 25), KOLKATA) == dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [
        ("2026-11-24T18:29:59+00:00", KOLKATA, dt.date(2026, 11, 24)),
        ("2026-11-24T18:30:00+00:00", KOLKATA, dt.date(2026, 11, 25)),  # midnight in Kolkata
        ("2026-11-24T18:30:00+00:00", "UTC", dt.date(2026, 11, 24)),
        ("2026-11-25T03:00:00+00:00", "America/Los_Angeles", dt.date(2026, 11, 24)),
    ],
)
def test_today_from_source_date_epoch_in_the_site_timezone(
    monkeypatch: pytest.MonkeyPatch, moment: str, zone: str, expected: dt.date
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime.fromisoformat(moment).timestamp())))
    assert dates.today(None, zone) == expected


def test_today_without_anything_is_the_clock_in_the_site_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date()
    assert dates.today(None, "Pacific/Kiritimati") in (before, before + dt.timedelta(days=1))


@pytest.mark.parametrize("epoch", ["yesterday", "1.5e9", "99999999999999999999"])
def test_bad_source_date_epoch_is_refused(monkeypatch: pytest.MonkeyPatch, epoch: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(dates.ClockError, match="SOURCE_DATE_EPOCH"):
        dates.today(None, KOLKATA)


@pytest.mark.parametrize(
    ("fields", "today", "state"),
    [
        ({}, "2026-11-25", State.OPEN),
        ({"date_posted": "2026-11-25"}, "2026-11-25", State.OPEN),  # posted today
        ({"date_posted": "2026-11-26"}, "2026-11-25", State.SCHEDULED),
        ({"valid_through": "2026-11-25"}, "2026-11-25", State.OPEN),  # open through its last day
        ({"valid_through": "2026-11-25"}, "2026-11-26", State.CLOSED),
        ({"valid_through": None}, "2099-01-01", State.OPEN),  # no expiry: open until removed
        ({"draft": "true"}, "2026-11-25", State.DRAFT),
        ({"draft": "true", "valid_through": "2026-11-21"}, "2026-12-25", State.DRAFT),
        ({"draft": "false"}, "2026-11-25", State.OPEN),
        # 20:00 UTC on the 24th is already the 25th in Kolkata: open through the 25th there
        ({"valid_through": "2026-11-24T20:00:00Z"}, "2026-11-25", State.OPEN),
        ({"valid_through": "2026-11-24T20:00:00Z"}, "2026-11-26", State.CLOSED),
        ({"valid_through": "2026-11-24T17:00:00Z"}, "2026-11-25", State.CLOSED),  # 22:30 on the 24th
        # posted at 20:00 UTC on the 25th = 01:30 on the 26th in Kolkata
        ({"date_posted": "2026-11-25T20:00:00+00:00"}, "2026-11-25", State.SCHEDULED),
        ({"date_posted": "2026-11-25T20:00:00+00:00"}, "2026-11-26", State.OPEN),
        ({"date_posted": "2026-11-25 23:30:00"}, "2026-11-25", State.OPEN),  # naive: the site's time
    ],
)
def test_state_on_a_day(tmp_path: Path, fields: dict[str, str | None], today: str, state: State) -> None:
    posting, errors = one(tmp_path, **fields)
    assert errors == []
    assert posting is not None
    assert dates.posting_state(posting, dt.date.fromisoformat(today), KOLKATA) is state


def test_the_same_moment_is_another_day_in_utc(tmp_path: Path) -> None:
    site = SITE.replace("timezone: Asia/Kolkata", "timezone: UTC")
    content, messages = load(
        tmp_path, {"content/jobs/role.md": front(valid_through="2026-11-24T20:00:00Z")}, site
    )
    assert content and not [m for m in messages if ": error: " in m]
    (posting,) = content
    assert dates.posting_state(posting, dt.date(2026, 11, 25), "UTC") is State.CLOSED


def test_naive_date_time_takes_the_site_timezone(tmp_path: Path) -> None:
    posting, errors = one(tmp_path, date_posted="2026-11-20T09:00:00")
    assert errors == []
    assert posting is not None and isinstance(posting.date_posted, dt.datetime)
    assert posting.date_posted.utcoffset() == dt.timedelta(hours=5, minutes=30)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"valid_through": "2026-11-19"},
            "`valid_through` (2026-11-19) is before `date_posted` (2026-11-20)",
        ),
        ({"updated": "2026-11-01"}, "`updated` (2026-11-01) is before `date_posted`"),
        ({"date_posted": "2026-02-30"}, "is not a real date"),
        ({"date_posted": "next week"}, "is not a date"),
        ({"date_posted": "[2026-11-20]"}, "date_posted"),
        ({"date_posted": None}, "missing required field `date_posted`"),
        ({"valid_trough": "2027-01-31"}, "did you mean `valid_through`?"),
    ],
)
def test_bad_dates_are_errors(tmp_path: Path, fields: dict[str, str | None], message: str) -> None:
    posting, errors = one(tmp_path, **fields)
    assert posting is None
    assert any(message in error for error in errors), errors


# -- slugs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("senior-backend-engineer.md", "senior-backend-engineer"),
        ("TTS-Deputy Director.md", "tts-deputy-director"),
        ("Senior  Backend   Engineer.md", "senior-backend-engineer"),
        ("Développeur Élixir.md", "developpeur-elixir"),
        ("Ingeniero de Señales.md", "ingeniero-de-senales"),
        ("Müller & Söhne (Berlin).md", "muller-sohne-berlin"),
        ("__Data__Scientist__.md", "data-scientist"),
        ("SRE 2027.md", "sre-2027"),
    ],
)
def test_slug_from_the_file_name(tmp_path: Path, name: str, slug: str) -> None:
    content, messages = load(tmp_path, {f"content/jobs/{name}": front()})
    assert not [m for m in messages if ": error: " in m]
    assert [p.slug for p in content] == [slug]


def test_explicit_slug_wins(tmp_path: Path) -> None:
    posting, errors = one(tmp_path, slug="backend-2027")
    assert errors == [] and posting is not None and posting.slug == "backend-2027"


@pytest.mark.parametrize("slug", ["Backend", "back--end", "-backend", "back_end", "b" * 81, "'café'"])
def test_bad_explicit_slug_is_an_error(tmp_path: Path, slug: str) -> None:
    posting, errors = one(tmp_path, slug=slug)
    assert posting is None
    assert any("`slug`" in error and "not a valid slug" in error for error in errors), errors


def test_file_name_without_letters_needs_a_slug(tmp_path: Path) -> None:
    _, messages = load(tmp_path, {"content/jobs/!!!.md": front()})
    assert any("cannot make a URL name" in m and "content/jobs/!!!.md:" in m for m in messages), messages


@pytest.mark.parametrize(
    "files",
    [
        {"content/jobs/a.md": front(slug="shared"), "content/jobs/b.md": front(slug="shared")},
        {"content/jobs/Backend Engineer.md": front(), "content/jobs/backend-engineer.md": front()},
        {"content/jobs/a.md": front(), "content/jobs/b.md": front(aliases="[a]")},
        {"content/jobs/a.md": front(aliases="[old]"), "content/jobs/b.md": front(aliases="[old]")},
    ],
)
def test_duplicate_slugs_are_an_error(tmp_path: Path, files: dict[str, str]) -> None:
    _, messages = load(tmp_path, files)
    errors = [m for m in messages if ": error: " in m]
    assert any("is also used by content/jobs/" in error for error in errors), messages


def test_department_names_sharing_a_slug_are_an_error(tmp_path: Path) -> None:
    files = {"content/jobs/a.md": front(department="R&D"), "content/jobs/b.md": front(department="R & D")}
    _, messages = load(tmp_path, files)
    assert any("departments/r-d/" in m and ": error: " in m for m in messages), messages


# -- line endings and byte-order marks --------------------------------------------------------------

WITH_MISTAKES = front(valid_trough="2027-01-31", salary="₹55-35 LPA", experience="lots").replace(
    "Body.", "Body.\n\nTODO: write the rest."
)


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["crlf", "bom", "crlf+bom"],
)
def test_crlf_and_bom_give_the_same_lines(tmp_path: Path, encode) -> None:
    _, expected = load(tmp_path / "lf", {"content/jobs/role.md": WITH_MISTAKES})
    _, messages = load(tmp_path / "other", {"content/jobs/role.md": encode(WITH_MISTAKES)})
    assert messages == expected
    assert len(expected) >= 4
    lines = WITH_MISTAKES.split("\n")

    def line_of(start: str) -> int:
        (found,) = [int(m.split(":")[1]) for m in expected if m.split(": ", 2)[2].startswith(start)]
        return found

    assert lines[line_of("unknown field `valid_trough`") - 1].startswith("valid_trough:")
    assert lines[line_of("the body still contains `TODO`") - 1].startswith("TODO")
    assert lines[line_of("`experience`") - 1].startswith("experience:")


def test_crlf_body_is_the_same_posting(tmp_path: Path) -> None:
    text = front(summary="One line.")
    lf, _ = load(tmp_path / "lf", {"content/jobs/role.md": text})
    crlf, _ = load(
        tmp_path / "crlf", {"content/jobs/role.md": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()}
    )
    assert lf is not None and crlf is not None
    assert lf[0].body == crlf[0].body and "\r" not in crlf[0].body
    assert lf[0].body_line == crlf[0].body_line
    assert lf[0].title == crlf[0].title == "Engineer"

"""Gender-neutral titles for postings an EU rule covers: the word list (compliance_words.yaml) in
English, German, French, Spanish, Italian, Dutch and Polish, its false positives, and the message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from careersite.cli import main
from careersite.compliance_words import coded_words
from tests.conftest import TODAY
from tests.test_pay_transparency import SITE, posting


@pytest.mark.parametrize(
    ("title", "language", "coded"),
    [
        ("Salesman", "en", [("Salesman", "salesperson")]),
        ("Chairman of the Board", "en-GB", [("Chairman", "chair")]),
        ("Senior Foreman, Night Shift", "en", [("Foreman", "supervisor")]),
        ("Industriekaufmann", "de-DE", [("Industriekaufmann", "Kauffrau/Kaufmann (m/w/d)")]),
        ("Softwareentwickler (m)", "de", [("(m)", "Softwareentwickler (m/w/d)"),
                                          ("Softwareentwickler", "Entwickler (m/w/d)")]),
        ("Vendeur", "fr", [("Vendeur", "vendeur / vendeuse (H/F)")]),
        ("Vendedor", "es", [("Vendedor", "vendedor/a")]),
        ("Cameriere", "it-IT", [("Cameriere", "cameriere/a")]),
        ("Verkoper", "nl", [("Verkoper", "verkoper (m/v/x)")]),
        ("Sprzedawca", "pl", [("Sprzedawca", "sprzedawca / sprzedawczyni")]),
    ],
)  # fmt: skip
def test_coded_titles_get_a_neutral_suggestion(
    title: str, language: str, coded: list[tuple[str, str]]
) -> None:
    assert coded_words(title, language) == coded


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("Salesforce Engineer", "en"),
        ("Chairperson", "en"),
        ("Sales Manager", "en"),
        ("Human Resources Partner", "en"),  # "man" inside a word
        ("Industriekaufmann (m/w/d)", "de"),
        ("Kauffrau/Kaufmann (m/w/d)", "de"),
        ("Vendeur / vendeuse (H/F)", "fr"),
        ("Cameriere/a", "it"),
        ("Sprzedawca / sprzedawczyni", "pl"),
        ("Engineering Director", "en"),  # "director" is coded in Spanish, not English
        ("Director/a de ventas", "es"),
        ("Verpleegkundige", "nl"),
    ],
)
def test_neutral_titles_do_not_fire(title: str, language: str) -> None:
    assert coded_words(title, language) == []


def test_a_coded_title_in_an_eu_posting_is_warned_at_the_title_line(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    jobs = {
        "milan": posting("Milan, IT", "EUR 40,000 - 50,000 per year", title="Salesman"),
        "denver": posting(salary="$90,000 - $110,000 per year", title="Salesman",
                          body="## Benefits\n\nHealth cover.\n"),
        "warsaw": posting("Warsaw, PL", "PLN 9,000 - 12,000 per month", title="Chairperson"),
    }  # fmt: skip
    project({"content/site.yaml": SITE, **{f"content/jobs/{name}.md": text for name, text in jobs.items()}})
    assert main(["check", "--today", TODAY]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "pay transparency" in line]
    assert lines == [
        "content/jobs/milan.md:2: warning: pay transparency (Italy, since 2026): "
        "the title's `Salesman` names one gender; job titles must be gender-neutral; "
        "write e.g. `salesperson` in title:"
    ]  # Colorado asks for no neutral title; "Chairperson" is neutral

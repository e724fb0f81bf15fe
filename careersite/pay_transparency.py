"""Pay-transparency messages for one posting (SPEC "Pay transparency"): the rules that cover it,
what each asks it to show, and the site.yaml settings that turn them up or off.

The rules are data (pay_transparency.yaml, read by pay_rules); the words are data too
(compliance_words.yaml, read by compliance_words). This is a helper, not legal advice.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from careersite import compliance_words, pay_rules
from careersite.diagnostics import Diagnostics, did_you_mean
from careersite.model import Posting, Site

if TYPE_CHECKING:
    from careersite.schema import Reader

WARN, ERROR, OFF = "warn", "error", "off"
MODES = (WARN, ERROR, OFF)

_HEADING = re.compile(
    r"^ {0,3}#{1,6}[ \t]+(?P<text>.+?)[ \t#]*$|<h[1-6][^>]*>(?P<html>.*?)</h[1-6]>", re.I | re.M
)
_SETEXT = re.compile(r"^(?P<text>[^\n]+)\n {0,3}(?:=+|-+)[ \t]*$", re.M)


def read_settings(read: Reader) -> tuple[int | None, str, tuple[str, ...]]:
    """site.yaml `employees:` (a head count, or None: every threshold applies),
    `pay_transparency:` (warn, error or off; default warn) and `pay_transparency_off:` (the
    jurisdictions whose rules are turned off), each bad value reported."""
    return _employees(read), _mode(read), _turned_off(read)


def _employees(read: Reader) -> int | None:
    employees = read.get(("employees",))
    if employees is not None and (
        isinstance(employees, bool) or not isinstance(employees, int) or employees < 1
    ):
        read.error(
            ("employees",),
            f"`employees` must be the company's head count, a whole number such as 250, not `{employees}`",
            "leave it out and every size threshold applies",
        )
        return None
    return employees


def _mode(read: Reader) -> str:
    mode = read.get(("pay_transparency",))
    if mode is None:
        return WARN
    if mode is False:  # YAML 1.1 reads a bare `off` as false
        return OFF
    if not isinstance(mode, str) or mode.strip().lower() not in MODES:
        read.error(
            ("pay_transparency",),
            f"`pay_transparency` must be warn, error or off, not `{mode}`",
            "warn reports, error also stops the build, off turns the checks off",
        )
        return WARN
    return mode.strip().lower()


def _turned_off(read: Reader) -> tuple[str, ...]:
    if read.get(("pay_transparency_off",)) is None:
        return ()  # the table is read only when needed (a posting it may cover, or this list)
    known = {rule.jurisdiction.casefold(): rule.jurisdiction for rule in pay_rules.rules()}
    names = []
    for path, name in read.string_list(("pay_transparency_off",)):
        if name.casefold() in known:
            names.append(known[name.casefold()])
        else:
            hint = (
                did_you_mean(name, known.values()) or "use a jurisdiction as the README (Compliance) names it"
            )
            read.error(path, f"`pay_transparency_off`: no rule for `{name}`", hint)
    return tuple(sorted(set(names)))


def check_posting(posting: Posting, site: Site, diags: Diagnostics) -> None:
    """Report what each rule covering the posting asks for and it does not show."""
    if site.pay_transparency == OFF:
        return
    report = diags.error if site.pay_transparency == ERROR else diags.warning
    salary = posting.salary
    has_benefits = None
    for rule in pay_rules.covering(posting, site.employees):
        if rule.jurisdiction in site.pay_transparency_off:
            continue
        prefix = f"pay transparency ({rule.label})"
        where = f"for jobs that can be done in {rule.jurisdiction}"
        if salary is None and pay_rules.PAY_RANGE in rule.must_show:
            report(posting.source, posting.line("salary"), f"{prefix}: a salary range is required {where}",
                   "add salary:")  # fmt: skip
        elif salary is None and pay_rules.PAY_BEFORE_INTERVIEW in rule.must_show:
            report(
                posting.source, posting.line("salary"),
                f"{prefix}: the pay or its range must be given before the interview {where}",
                "add salary: (the simplest way to give it)",
            )  # fmt: skip
        elif salary is not None and (too_wide := _too_wide(rule, posting)) is not None:
            report(posting.source, posting.line("salary"), f"{prefix}: {too_wide}", "narrow salary:")
        if pay_rules.BENEFITS in rule.must_show:
            has_benefits = has_benefits if has_benefits is not None else _has_benefits(posting.body)
            if not has_benefits:
                report(
                    posting.source, posting.body_line,
                    f"{prefix}: a general description of the benefits is required {where}",
                    'add a section headed "Benefits" (or "What we offer") to the body',
                )  # fmt: skip
        if pay_rules.NEUTRAL_TITLE in rule.must_show:
            for coded, neutral in compliance_words.coded_words(posting.title, site.language):
                diags.warning(
                    posting.source, posting.line("title"),
                    f"{prefix}: the title's `{coded}` names one gender; job titles must be gender-neutral",
                    f"write e.g. `{neutral}` in title:",
                )  # fmt: skip


def _too_wide(rule: pay_rules.Rule, posting: Posting) -> str | None:
    """Why the posting's range is wider than the rule allows, or None."""
    limit, salary = rule.max_range_width, posting.salary
    if limit is None or salary is None or salary.currency != limit.currency or salary.period != "year":
        return None
    width = salary.maximum - salary.minimum
    if salary.maximum >= limit.below or width <= limit.amount:
        return None
    return (
        f"the range {salary.currency} {salary.minimum:,f} – {salary.maximum:,f} is {width:,f} wide; "
        f"{rule.jurisdiction} allows at most {limit.amount:,f} when the maximum is under {limit.below:,f}"
    )


def _has_benefits(body: str) -> bool:
    """Whether a body heading (Markdown or HTML) reads as a benefits section."""
    headings = [m["text"] or m["html"] or "" for m in _HEADING.finditer(body)]
    headings += [m["text"] for m in _SETEXT.finditer(body)]
    return any(compliance_words.is_benefits_heading(heading) for heading in headings)

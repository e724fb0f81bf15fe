"""The listing's shape: listed postings grouped by department, and the filter bar's choices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from careersite.model import EMPLOYMENT_LABELS, EMPLOYMENT_TYPES, N_, Card, Workplace


@dataclass(frozen=True)
class Option:
    """One choice of a filter control on the listing."""

    value: str
    label: str


@dataclass(frozen=True)
class Group:
    """The listed postings of one department (slug None: postings without a department)."""

    key: str
    slug: str | None
    name: str
    postings: tuple[Card, ...]  # their rows are the `rows` of the page


def _by_title(card: Card) -> tuple[str, str, str]:
    return card.title.casefold(), card.title, card.slug


def group_by_department(listed: Sequence[Card]) -> tuple[Group, ...]:
    """Group postings by department (sorted by name, those without one last), by title within a group."""
    names: dict[str | None, str] = {}
    members: dict[str | None, list[Card]] = {}
    for posting in sorted(listed, key=_by_title):
        slug = posting.department_slug if posting.department else None
        names.setdefault(slug, posting.department or "")
        members.setdefault(slug, []).append(posting)
    named = sorted((slug for slug in members if slug is not None), key=lambda s: (names[s].casefold(), s))
    groups = [Group(slug, slug, names[slug], tuple(members[slug])) for slug in named]
    if None in members:
        label = N_("Other roles") if named else N_("All roles")
        groups.append(Group("other-roles", None, label, tuple(members[None])))
    return tuple(groups)


def filter_options(listed: Sequence[Card]) -> dict[str, tuple[Option, ...]]:
    """Return the choices of the listing's filters: only values some listed posting has."""
    departments = {p.department_slug: p.department for p in listed if p.department and p.department_slug}
    locations = {label for p in listed for label in p.location_labels}
    workplaces = {p.workplace for p in listed}
    kinds = {kind for p in listed for kind in p.employment_types}
    return {
        "departments": tuple(
            Option(slug, name)
            for slug, name in sorted(departments.items(), key=lambda item: (item[1].casefold(), item[0]))
        ),
        "locations": tuple(
            Option(label, label) for label in sorted(locations, key=lambda s: (s.casefold(), s))
        ),
        "workplaces": tuple(Option(w.value, w.label) for w in Workplace if w in workplaces),
        "employment_types": tuple(Option(k, EMPLOYMENT_LABELS[k]) for k in EMPLOYMENT_TYPES if k in kinds),
    }

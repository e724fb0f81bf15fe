"""Where a cold build's time goes: phase timers in the main process, CPU per kind of work in the workers.

    python benchmarks/where_time_goes.py --sizes 100 1000 10000 [--report FILE]

For each size it generates the benchmark corpus (share images off, as the cold-build targets
are measured on the pages), times the Python-Markdown floor (benchmarks/markdown_floor.py), then
runs one cold build in a child process with timers wrapped around the pipeline's stages (wall
time, main process) and around each kind of per-posting work (CPU time, summed over the worker
processes): the front matter, the Markdown, the page templates, the aggregate pieces, the card,
the writes. It prints a Markdown table per size; docs/benchmarks.md keeps the last run's.

The timers cost a little themselves (a few microseconds per call): the build's own total comes
from os.wait4, like the runner's, and "other" is what no timer saw.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generate_corpus import REPO, generate_corpus
from run import TODAY, measure

# Per-posting work, timed in CPU seconds in whichever process does it: (module, function, label).
WORKER_TIMERS = (
    ("careersite.posting_build", "load_posting", "front matter: YAML, validation"),
    ("careersite.posting_build", "_body", "Markdown (the floor's share)"),
    ("careersite.outputs", "posting_files", "the posting's page (Jinja)"),
    ("careersite.outputs", "posting_pieces", "its pieces: listing rows, feed entry, jobs.json"),
    ("careersite.posting_build", "store_card", "its card, pickled into the cards file"),
    ("careersite.posting_build", "_spool", "writing its page into staging"),
)
# The stages of the main process, timed in wall seconds.
MAIN_TIMERS = (
    ("careersite.pipeline", "_load", "load site.yaml, pages; scan the inputs"),
    ("careersite.pipeline", "LazyRenderer.get", "compile the templates"),
    ("careersite.posting_build", "process_files", "postings, in the workers (wall)"),
    ("careersite.pipeline", "_Build._aggregates", "aggregates: listing, departments, feeds, sitemap"),
    ("careersite.output", "publish", "publish: staging into the output folder"),
    ("careersite.pipeline", "_Build._remember", "remember: the cache's index"),
    ("careersite.output", "Staging.discard", "remove the staging folder"),
)


def _wrap(owner: object, name: str, label: str, totals: dict[str, float], clock: Callable[[], float]) -> None:
    inner = getattr(owner, name)

    def timed(*args: object, **kwargs: object) -> object:
        started = clock()
        try:
            return inner(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + clock() - started

    setattr(owner, name, timed)


def _resolve(module: str, dotted: str) -> tuple[object, str]:
    import importlib

    owner: object = importlib.import_module(module)
    *path, name = dotted.split(".")
    for part in path:
        owner = getattr(owner, part)
    return owner, name


_COUNTING: dict = {}  # what _counted_chunk needs, set before the workers fork


def _counted_chunk(files: Sequence[tuple[str, str]]) -> list:
    """Process a chunk, then leave this worker's totals so far where the main process reads them."""
    entries = _COUNTING["chunk"](files)
    totals = {**_COUNTING["worker"], "cpu": time.process_time()}
    (_COUNTING["folder"] / f"{os.getpid()}.json").write_text(json.dumps(totals))
    return entries


def profiled_build(content: Path, out: Path, report: Path) -> None:
    """Run one cold build with the timers in place and write what they saw to `report` (JSON)."""
    started = time.perf_counter()
    from careersite import cli, posting_build

    imported = time.perf_counter() - started
    main: dict[str, float] = {}
    for module, dotted, label in MAIN_TIMERS:
        _wrap(*_resolve(module, dotted), label, main, time.perf_counter)
    worker: dict[str, float] = {}
    for module, dotted, label in WORKER_TIMERS:
        _wrap(*_resolve(module, dotted), label, worker, time.process_time)
    folder = report.with_suffix(".workers")
    folder.mkdir(exist_ok=True)
    _COUNTING.update(chunk=posting_build._process_chunk, worker=worker, folder=folder)
    posting_build._process_chunk = _counted_chunk  # a module's function: the pool pickles it by name
    arguments = ["build", "--content", str(content), "--out", str(out), "--today", TODAY, "--no-cache"]
    status = cli.main(arguments)
    total = time.perf_counter() - started
    workers = [json.loads(path.read_text()) for path in folder.glob("*.json")]
    report.write_text(
        json.dumps({"status": status, "imports": imported, "total": total, "main": main, "workers": workers})
    )


def _child(content: Path, out: Path, report: Path) -> float:
    """The profiled build in a child process; return its CPU time (user + sys, with its workers)."""
    command = [sys.executable, __file__, "--child", str(content), str(out), str(report)]
    return measure(command, content.parent).cpu


def table(size: int, floor_wall: float, floor_cpu: float, cpu: float, report: dict) -> str:
    """The where-the-time-goes table of one size, in Markdown."""
    main, workers = report["main"], report["workers"]
    parallel = main.get("postings, in the workers (wall)", 0.0)
    lines = [
        f"**{size:,} postings**: cold build {report['total']:.2f} s wall, {cpu:.2f} s CPU; "
        f"the floor {floor_wall:.2f} s wall, {floor_cpu:.2f} s CPU "
        f"({report['total'] / floor_wall:.2f}x the floor's wall).",
        "",
        "| where | seconds | kind |",
        "|---|---:|---|",
        f"| Python start-up and imports (main process) | {report['imports']:.2f} | wall |",
    ]
    lines += [f"| {label} | {main.get(label, 0.0):.2f} | wall |" for _, _, label in MAIN_TIMERS]
    seen = sum(main.values()) + report["imports"]
    lines.append(f"| other, main process | {max(0.0, report['total'] - seen):.2f} | wall |")
    summed = {label: sum(w.get(label, 0.0) for w in workers) for _, _, label in WORKER_TIMERS}
    lines += [f"| {label} | {summed[label]:.2f} | CPU, all workers |" for _, _, label in WORKER_TIMERS]
    worker_cpu = sum(w.get("cpu", 0.0) for w in workers)
    lines.append(
        f"| other per-posting work in the workers | {max(0.0, worker_cpu - sum(summed.values())):.2f} "
        "| CPU, all workers |"
    )
    markdown = summed["Markdown (the floor's share)"]
    lines += [
        "",
        f"Above the floor: {report['total'] - floor_wall:.2f} s wall. The workers spent "
        f"{worker_cpu - markdown:.2f} s of CPU on what is not Markdown, over {parallel:.2f} s of wall "
        f"time in that stage; the main process's serial stages took "
        f"{report['total'] - parallel:.2f} s.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--report", type=Path, help="also write the tables to this file")
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        profiled_build(*args.child)
        return 0
    sections = []
    with tempfile.TemporaryDirectory(prefix="careersite-where-") as temporary:
        for size in args.sizes:
            root = generate_corpus(Path(temporary) / str(size), size)
            floor = measure([sys.executable, REPO / "benchmarks" / "markdown_floor.py", "content"], root)
            report = Path(temporary) / f"{size}.json"
            cpu = _child(root / "content", root / "site", report)
            data = json.loads(report.read_text())
            if data["status"] != 0:
                print(f"the build of {size} postings failed", file=sys.stderr)
                return 1
            sections.append(table(size, floor.wall, floor.cpu, cpu, data))
            print(sections[-1])
    if args.report:
        args.report.write_text("\n".join(sections), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))  # the repository's careersite, like build.py
    raise SystemExit(main())

"""The command line: build | check | serve | new. The only place that prints and picks exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from careersite import __version__
from careersite.diagnostics import Diagnostics
from careersite.pipeline import BuildOptions, BuildResult, build_site

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70
COMMANDS = ("build", "check", "serve", "new", "init", "notify")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (see SPEC's exit table)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "build")  # `build` is the default command
    parser = _parser()
    try:
        options = parser.parse_args(args)
    except SystemExit as exc:  # argparse exits 2 on bad usage and 0 on --help
        return int(exc.code or 0)
    try:
        return options.run(options)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours, never a user's mistake
        if options.traceback:
            traceback.print_exc()
        else:
            print(
                f"internal error: {type(exc).__name__}: {exc} (run with --traceback for details)",
                file=sys.stderr,
            )
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build a static careers site from Markdown job postings.",
        epilog="Run `python build.py COMMAND --help` for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"careersite {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="{build,check,serve,new,init,notify}")

    build = commands.add_parser("build", help="build the site into site/ (the default)")
    _content_options(build)
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--base-url", help="override site.yaml's base_url (e.g. for a preview deploy)")
    build.add_argument("--drafts", action="store_true", help="include drafts, marked Draft and noindex")
    build.add_argument("--no-cache", action="store_true", help="ignore the incremental-build cache")
    build.set_defaults(run=_build)

    check = commands.add_parser("check", help="validate content and templates; write nothing")
    _content_options(check)
    check.set_defaults(run=_check)

    serve = commands.add_parser("serve", help="serve the site locally and rebuild on every change")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--drafts", action="store_true", help="include drafts")
    serve.add_argument("--traceback", action="store_true", help=argparse.SUPPRESS)
    serve.set_defaults(run=_serve)

    new = commands.add_parser("new", help="start a new posting in content/jobs/")
    new.add_argument("title", help='the job title, e.g. "Senior Data Engineer"')
    new.add_argument("--department", help="the department, e.g. Engineering")
    new.add_argument("--traceback", action="store_true", help=argparse.SUPPRESS)
    new.set_defaults(run=_new)

    init = commands.add_parser("init", help="start a new careers site project in an empty folder")
    init.add_argument("folder", type=Path, help="the new project's folder (missing or empty)")
    init.add_argument("--title", help='the site\'s title (default: "Careers at ORGANIZATION")')
    init.add_argument("--organization", help="the hiring organization's name")
    init.add_argument("--url", help="the organization's website, https://…")
    init.add_argument("--base-url", help="where the careers site will be published, https://…")
    init.add_argument("--language", help="BCP 47 tag: the theme's language and formats (default: en)")
    init.add_argument("--currency", help="ISO 4217 code for salaries written without one (default: none)")
    init.add_argument("--timezone", help="IANA timezone: what today means (default: UTC)")
    init.add_argument("--traceback", action="store_true", help=argparse.SUPPRESS)
    init.set_defaults(run=_init)

    notify = commands.add_parser("notify", help="tell Google and IndexNow which job pages changed")
    notify.add_argument("--dry-run", action="store_true", help="print the requests; send and record nothing")
    notify.add_argument("--state", type=Path, help="what was sent (default: .careersite-notified.json)")
    notify.add_argument("--content", type=Path, default=Path("content"), help="(default: content)")
    notify.add_argument("--out", type=Path, default=Path("site"), help="the built site (default: site)")
    notify.add_argument("--traceback", action="store_true", help=argparse.SUPPRESS)
    notify.set_defaults(run=_notify)
    return parser


def _content_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="content folder (default: content)"
    )
    parser.add_argument(
        "--templates", type=Path, default=Path("templates"), help="templates folder (default: templates)"
    )
    parser.add_argument("--today", type=_date, help="build as if today were YYYY-MM-DD")
    parser.add_argument("--traceback", action="store_true", help="show a traceback for internal errors")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def _build(args: argparse.Namespace) -> int:
    options = BuildOptions(
        content_dir=args.content,
        templates_dir=args.templates,
        out_dir=args.out,
        base_url=args.base_url,
        drafts=args.drafts,
        today=args.today,
        use_cache=not args.no_cache,
    )
    result = build_site(options, progress=_progress_bar if sys.stderr.isatty() else None)
    return _report(result, "build")


def _progress_bar(done: int, total: int) -> None:
    """Draw a one-line progress bar on stderr (only when it is a terminal), cleared at the end."""
    filled = 30 * done // max(total, 1)
    line = f"\rrendering [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}"
    sys.stderr.write(line if done < total else "\r" + " " * len(line) + "\r")
    sys.stderr.flush()


def _check(args: argparse.Namespace) -> int:
    options = BuildOptions(
        content_dir=args.content, templates_dir=args.templates, today=args.today, write=False
    )
    return _report(build_site(options), "check")


def _serve(args: argparse.Namespace) -> int:
    from careersite.serve import serve

    options = BuildOptions(drafts=args.drafts)
    return serve(options, host=args.host, port=args.port)


def _new(args: argparse.Namespace) -> int:
    from careersite.content import load_site
    from careersite.dates import today
    from careersite.scaffold import ScaffoldError, new_posting

    diags = Diagnostics()
    content_dir = Path("content")
    site = load_site(content_dir / "site.yaml", content_dir / "site.yaml", diags)
    try:
        path = new_posting(
            args.title, content_dir, today(None, site.timezone if site else "UTC"), args.department
        )
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(path)
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from careersite.init import InitError, answers, ask_missing, init_project

    given = {
        "title": args.title, "organization": args.organization, "url": args.url, "base_url": args.base_url,
        "language": args.language, "currency": args.currency, "timezone": args.timezone,
    }  # fmt: skip
    if sys.stdin.isatty():  # prompts only for a person at a terminal, never in CI or a script
        given = ask_missing(given, _ask)
    try:
        values = answers(given)
        written = init_project(args.folder, values, dt.date.today())
    except InitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _emit([(sys.stdout, f"created {args.folder}: {len(written)} files for {values.title}"),
           (sys.stdout, f"next: cd {args.folder} && python build.py")])  # fmt: skip
    return EXIT_OK


def _notify(args: argparse.Namespace) -> int:
    from careersite.announce import NotifyOptions, notify
    from careersite.dates import utc_day

    options = NotifyOptions(
        content_dir=args.content, out_dir=args.out, state_file=args.state, dry_run=args.dry_run
    )
    outcome = notify(options, utc_day())
    _emit([(sys.stdout if out else sys.stderr, text) for out, text in outcome.lines])
    return outcome.status


def _ask(question: str, default: str) -> str:
    return input(f"{question} [{default}]: ").strip()


def _report(result: BuildResult, command: str) -> int:
    status, lines = _summary(result, command)
    _emit(lines)
    return status


def _summary(result: BuildResult, command: str) -> tuple[int, list[tuple[TextIO, str]]]:
    """The exit status of a build or check, and what to print (stream, line)."""
    lines = [(sys.stderr, notice) for notice in result.notices]
    diagnostics = result.diagnostics.sorted()
    lines += [(sys.stderr, str(diagnostic)) for diagnostic in diagnostics]
    if result.refused:
        return EXIT_USAGE, [*lines, (sys.stderr, f"error: {result.refused}")]
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    files = result.counts.get("files", 0)
    problems = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"
    if errors:
        return EXIT_ERRORS, [*lines, (sys.stderr, f"{command} failed: {problems}; nothing was written")]
    states = ", ".join(f"{result.counts.get(k, 0)} {k}" for k in ("open", "closed", "scheduled", "drafts"))
    if command == "check":
        summary = f"check passed: {problems}; postings: {states} ({result.seconds:.2f} s)"
    else:
        summary = (
            f"built {result.files_total} files ({result.files_rendered} rendered, "
            f"{result.files_written} written) from postings: {states}; "
            f"{_plural(warnings, 'warning')} ({result.seconds:.2f} s)"
        )
        if result.next_change is not None:  # the daily build matters: say when it will change the site
            summary += f"; next change: {result.next_change}"
    return EXIT_OK, [*lines, (sys.stdout, summary)]


def _emit(lines: list[tuple[TextIO, str]]) -> None:
    """Print the lines; a reader that leaves early (`build | head -1`) only ends the printing.

    The exit status stays the build's. Python's docs ("Note on SIGPIPE"): point the stream at
    devnull, so that the flush at exit does not raise again.
    """
    for stream, text in lines:
        try:
            print(text, file=stream, flush=True)
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"

"""`serve`: the WSGI app, the rebuild task, and the real command in a subprocess."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tornado.websocket import websocket_connect

from careersite.pipeline import BuildOptions, BuildResult
from careersite.serve import Rebuilder, SiteApp, fingerprint

REPO = Path(__file__).resolve().parent.parent
BUILD_PY = REPO / "build.py"
OVERLAY_TEXT = "The last change did not build"
LIVERELOAD_PROTOCOL = "http://livereload.com/protocols/official-7"

SITE_YAML = """\
title: Careers at Example
base_url: https://careers.example.com
language: en
organization:
  name: Example Ltd
  url: https://www.example.com
"""
POSTING = """\
---
title: {title}
location: Pune, Maharashtra, IN
employment_type: full-time
salary: ₹20-30 LPA
date_posted: 2026-01-05
valid_through: 2026-12-31
apply: https://example.com/apply/data-engineer
---

## Role overview

Build the data pipelines.
"""
# 2026-02-01: the posting above is open.
SOURCE_DATE_EPOCH = "1769904000"


# The WSGI app, in process.


def call(app: SiteApp, path: str, method: str = "GET") -> tuple[str, dict[str, str], bytes]:
    """Request path from the app; return the status, the headers and the body."""
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": "",
        "wsgi.input": io.BytesIO(),
    }
    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A small built site, with a secret file beside it."""
    site = tmp_path / "site"
    (site / "jobs" / "data-engineer").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "index.html").write_text("<!doctype html><html><head></head><body><h1>Jobs</h1></body></html>")
    (site / "jobs" / "data-engineer" / "index.html").write_text("<html><body class='x'><h1>Data</h1></body>")
    (site / "404.html").write_text("<html><head></head><body><h1>Lost</h1></body></html>")
    (site / "assets" / "site.css").write_text("body{}")
    (site / "jobs.json").write_text("[]")
    (site / "Über uns.txt").write_text("hallo")
    (tmp_path / "secret.txt").write_text("secret")
    return site


def test_serves_files_with_their_content_types(built: Path) -> None:
    app = SiteApp(built)
    status, headers, body = call(app, "/")
    assert status == "200 OK"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == (built / "index.html").read_bytes()
    assert headers["Content-Length"] == str(len(body))
    assert headers["Cache-Control"] == "no-store"
    assert call(app, "/assets/site.css")[1]["Content-Type"] == "text/css; charset=utf-8"
    assert call(app, "/jobs.json")[1]["Content-Type"] == "application/json; charset=utf-8"
    assert call(app, "/Über uns.txt")[2] == b"hallo"


def test_folder_url_serves_its_index_and_redirects_without_the_slash(built: Path) -> None:
    app = SiteApp(built)
    status, _, body = call(app, "/jobs/data-engineer/")
    assert status == "200 OK"
    assert b"<h1>Data</h1>" in body
    status, headers, _ = call(app, "/jobs/data-engineer")
    assert status.startswith("301")
    assert headers["Location"] == "/jobs/data-engineer/"


@pytest.mark.parametrize(
    "path", ["/nope", "/jobs/nope/", "/jobs/", "/../secret.txt", "/jobs/../../secret.txt", "/..\\secret.txt"]
)
def test_unknown_paths_and_escapes_get_the_404_page(built: Path, path: str) -> None:
    status, headers, body = call(SiteApp(built), path)
    assert status == "404 Not Found"
    assert body == (built / "404.html").read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_a_symlink_cannot_lead_out_of_the_site(built: Path) -> None:
    try:
        (built / "escape.txt").symlink_to(built.parent / "secret.txt")
    except OSError:
        pytest.skip("no symlinks here")
    assert call(SiteApp(built), "/escape.txt")[0] == "404 Not Found"


def test_before_any_good_build_a_minimal_not_found_page(tmp_path: Path) -> None:
    status, headers, body = call(SiteApp(tmp_path / "not-built"), "/")
    assert status == "404 Not Found"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"</head>" in body  # so that livereload can inject its script and reload after the fix


def test_only_get_is_allowed(built: Path) -> None:
    status, headers, _ = call(SiteApp(built), "/", method="POST")
    assert status.startswith("405")
    assert headers["Allow"] == "GET"


def test_overlay_on_html_pages_only_escaped_and_gone_after_a_good_build(built: Path) -> None:
    app = SiteApp(built)
    app.errors = ("content/jobs/x.md:3: error: title: <script>alert(1)</script> & more",)
    for path in ("/", "/jobs/data-engineer/", "/nope"):
        body = call(app, path)[2].decode()
        assert 'role="alert"' in body
        assert "content/jobs/x.md:3: error: title: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in body
        assert "<script>alert(1)" not in body
    page = call(app, "/jobs/data-engineer/")[2].decode()
    assert page.index("<body class='x'>") < page.index('role="alert"') < page.index("<h1>Data</h1>")
    assert call(app, "/assets/site.css")[2] == b"body{}"
    app.errors = ()
    assert 'role="alert"' not in call(app, "/")[2].decode()


# The rebuild task, in process, with a fake build.


@dataclass
class FakeBuild:
    results: list[Callable[[], BuildResult]]
    calls: int = 0

    def __call__(self, options: BuildOptions) -> BuildResult:
        self.calls += 1
        return self.results[min(self.calls, len(self.results)) - 1]()


def good() -> BuildResult:
    return BuildResult()


def bad() -> BuildResult:
    result = BuildResult()
    result.diagnostics.error("content/jobs/x.md", 4, "title: is missing")
    result.diagnostics.warning("content/jobs/y.md", 2, "salary: is missing")
    return result


def crash() -> BuildResult:
    raise KeyError("oops")


@pytest.fixture
def project(tmp_path: Path) -> BuildOptions:
    (tmp_path / "content" / "jobs").mkdir(parents=True)
    (tmp_path / "templates").mkdir()
    (tmp_path / "content" / "jobs" / "x.md").write_text("one")
    return BuildOptions(content_dir=tmp_path / "content", templates_dir=tmp_path / "templates")


def touch(path: Path, text: str) -> None:
    """Write text and make sure the change is visible in mtime_ns even on coarse clocks."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    while path.stat().st_mtime_ns == before:
        time.sleep(0.01)
        path.write_text(text)


def test_rebuilds_once_per_burst_and_reloads(
    project: BuildOptions, capsys: pytest.CaptureFixture[str]
) -> None:
    build, reloads = FakeBuild([good]), []
    rebuilder = Rebuilder(project, SiteApp(Path("unused")), build, reload=lambda: reloads.append(1))
    rebuilder.start()
    assert (build.calls, reloads) == (1, [])
    rebuilder()
    assert (build.calls, reloads) == (1, [])  # nothing changed
    touch(project.content_dir / "jobs" / "x.md", "two")
    touch(project.templates_dir / "job.html", "new")
    for _ in range(3):  # livereload calls the task once per changed path
        rebuilder()
    assert (build.calls, reloads) == (2, [1])
    out = capsys.readouterr().out
    assert re.search(r"Changed: .*content/jobs/x\.md, .*templates/job\.html\n", out)
    assert re.search(r"Built in \d+\.\d\d s\n", out)
    (project.content_dir / "jobs" / "x.md").unlink()
    rebuilder()
    assert build.calls == 3
    assert "x.md" in capsys.readouterr().out


def test_errors_go_to_stderr_and_the_overlay_until_a_good_build(
    project: BuildOptions, capsys: pytest.CaptureFixture[str]
) -> None:
    app = SiteApp(Path("unused"))
    rebuilder = Rebuilder(project, app, FakeBuild([good, bad, good]), reload=lambda: None)
    rebuilder.start()
    assert app.errors == ()
    touch(project.content_dir / "jobs" / "x.md", "broken")
    rebuilder()
    assert app.errors == ("content/jobs/x.md:4: error: title: is missing",)
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "content/jobs/x.md:4: error: title: is missing",
        "content/jobs/y.md:2: warning: salary: is missing",
    ]
    assert "Build failed" in captured.out
    touch(project.content_dir / "jobs" / "x.md", "fixed")
    rebuilder()
    assert app.errors == ()


def test_a_crash_in_the_build_is_an_internal_error_in_the_overlay(
    project: BuildOptions, capsys: pytest.CaptureFixture[str]
) -> None:
    app = SiteApp(Path("unused"))
    Rebuilder(project, app, FakeBuild([crash]), reload=lambda: None).start()
    assert app.errors == ("internal error: KeyError: 'oops'",)
    assert "internal error: KeyError: 'oops'" in capsys.readouterr().err


def test_a_refused_output_folder_is_shown_too(project: BuildOptions) -> None:
    app = SiteApp(Path("unused"))
    Rebuilder(
        project, app, FakeBuild([lambda: BuildResult(refused="site is not empty")]), lambda: None
    ).start()
    assert app.errors == ("error: site is not empty",)


def test_fingerprint_sees_size_and_time_and_missing_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    file = tmp_path / "a" / "f.md"
    file.write_text("x")
    first = fingerprint([tmp_path / "a", tmp_path / "missing"])
    assert list(first) == [str(file)]
    touch(file, "y")
    assert fingerprint([tmp_path / "a"]) != first


# The real command, in a subprocess.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8")


def eventually(check: Callable[[], bool], what: str, seconds: float = 10) -> None:
    """Poll check until it holds, for at most seconds."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.2)


@dataclass
class Running:
    process: subprocess.Popen[bytes]
    url: str
    port: int
    root: Path
    stdout: Path
    stderr: Path

    def output(self) -> tuple[str, str]:
        return self.stdout.read_text(), self.stderr.read_text()


def start(root: Path, port: int) -> Running:
    """Run `build.py serve` in root, with its output in files (a full pipe would block it)."""
    stdout, stderr = root.parent / "stdout.txt", root.parent / "stderr.txt"
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, str(BUILD_PY), "serve", "--port", str(port)],
            cwd=root,
            stdout=out,
            stderr=err,
            env=env,
            # A shell may start background jobs with Ctrl-C ignored; the test sends it.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    return Running(process, f"http://127.0.0.1:{port}/", port, root, stdout, stderr)


async def reloaded_after(server: Running, edit: Callable[[], None], done: Callable[[], bool]) -> bool:
    """Connect as livereload.js does, edit, and wait for a reload message that finds the edit done."""
    connection = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
    try:
        await connection.write_message(json.dumps({"command": "hello", "protocols": [LIVERELOAD_PROTOCOL]}))
        assert json.loads(await asyncio.wait_for(connection.read_message(), 5))["command"] == "hello"
        await connection.write_message(json.dumps({"command": "info", "url": server.url, "plugins": {}}))
        edit()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            message = await asyncio.wait_for(connection.read_message(), deadline - time.monotonic())
            # A reload right after start-up (livereload's restart reload) may come first.
            if json.loads(message)["command"] == "reload" and done():
                return True
        return False
    finally:
        connection.close()
        # Let the closing handshake finish before asyncio.run closes the loop (no unclosed socket).
        with contextlib.suppress(asyncio.TimeoutError):
            while await asyncio.wait_for(connection.read_message(), 5) is not None:
                pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Running]:
    root = tmp_path / "project"
    (root / "content" / "jobs").mkdir(parents=True)
    (root / "content" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (root / "content" / "jobs" / "data-engineer.md").write_text(
        POSTING.format(title="Data Engineer"), encoding="utf-8"
    )
    shutil.copytree(REPO / "templates", root / "templates")
    running = start(root, free_port())
    try:
        eventually(
            lambda: running.url in running.output()[0] or running.process.poll() is not None,
            "the URL line",
            seconds=30,
        )
        assert running.process.poll() is None, running.output()
        yield running
    finally:
        running.process.kill()
        running.process.wait(timeout=10)


@pytest.mark.skipif(sys.platform == "win32", reason="signals and 127.0.0.2 are POSIX things")
def test_serve_rebuilds_shows_errors_and_stops_cleanly(server: Running) -> None:
    assert f"Serving {server.url}" in server.output()[0]
    page_url = server.url + "jobs/data-engineer/"
    status, page = fetch(page_url)
    assert status == 200
    assert "<h1" in page and "Data Engineer" in page
    assert "livereload.js?port=" in page
    assert 'href="http://127.0.0.1:' in page  # base_url points at the local server
    assert fetch(server.url + "nope")[0] == 404

    # Bound to 127.0.0.1 only: another loopback address is refused (Linux routes all of 127/8 locally).
    if sys.platform.startswith("linux"):
        with pytest.raises(OSError), socket.create_connection(("127.0.0.2", server.port), timeout=2):
            pass

    posting = server.root / "content" / "jobs" / "data-engineer.md"

    def edit() -> None:
        posting.write_text(POSTING.format(title="Data Platform Engineer"), encoding="utf-8")

    # The open tab is told to reload once the rebuild is done.
    assert asyncio.run(reloaded_after(server, edit, lambda: "Data Platform Engineer" in fetch(page_url)[1]))
    assert "Changed: content/jobs/data-engineer.md" in server.output()[0]

    def break_it() -> None:
        posting.write_text(POSTING.format(title="[Data Engineer"), encoding="utf-8")  # invalid YAML

    # Within livereload's 3 s reload throttle of the last reload: the tab must still be told.
    assert asyncio.run(reloaded_after(server, break_it, lambda: OVERLAY_TEXT in fetch(page_url)[1]))
    status, page = fetch(page_url)
    assert status == 200
    assert 'role="alert"' in page
    assert re.search(r"content/jobs/data-engineer\.md:\d+: error: ", page)
    assert "Data Platform Engineer" in page  # the last good build
    assert OVERLAY_TEXT in fetch(server.url)[1]  # on every HTML page
    assert re.search(r"content/jobs/data-engineer\.md:\d+: error: ", server.output()[1])

    posting.unlink()
    eventually(lambda: fetch(page_url)[0] == 404, "the deleted posting to go")
    posting.write_text(POSTING.format(title="Data Engineer II"), encoding="utf-8")
    eventually(lambda: "Data Engineer II" in fetch(page_url)[1], "the fix to show")
    assert OVERLAY_TEXT not in fetch(page_url)[1]
    assert server.process.poll() is None

    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=10) == 0
    stdout, stderr = server.output()
    assert "Traceback" not in stderr + stdout
    assert not (server.root / "site").exists()  # development URLs never reach site/


def test_busy_port_is_a_clear_usage_error(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        completed = subprocess.run(
            [sys.executable, str(BUILD_PY), "serve", "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert completed.returncode == 2
    assert f"error: port {port} on 127.0.0.1 is already in use" in completed.stderr
    assert "Traceback" not in completed.stderr

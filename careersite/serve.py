"""`serve`: build into a temporary folder, serve it, rebuild and reload the browser on every change.

Everything that knows about the `livereload` package is in this module, so swapping it later is cheap.
"""

from __future__ import annotations

import dataclasses
import errno
import html
import logging
import mimetypes
import os
import re
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from livereload import Server
from livereload.handlers import LiveReloadHandler

from careersite.diagnostics import ERROR
from careersite.local_backend import with_local_backend
from careersite.pipeline import BuildOptions, BuildResult, build_site
from careersite.preview import with_previews

Fingerprint = dict[str, tuple[int, int]]
StartResponse = Callable[..., Any]

# Shown on every HTML page while the latest build fails (Zola's error_injection_middleware).
OVERLAY = (
    '<div role="alert" style="position:fixed;left:0;right:0;bottom:0;z-index:2147483647;'
    "max-height:60vh;overflow:auto;margin:0;padding:16px 24px;background:#2b0b0b;color:#fff;"
    'font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;border-top:4px solid #e5484d">'
    '<p style="margin:0 0 8px;font-weight:bold">The last change did not build. '
    "This page is the last good build; fix these and it reloads:</p>"
    '<ul style="margin:0;padding-left:20px">{items}</ul></div>'
)
# Served when the site has no page at a path and no 404.html either (no good build yet).
NOT_FOUND = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>'
    b"<body><h1>Not found</h1><p>The last good build has no page at this address.</p></body></html>"
)
BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


class SiteApp:
    """A WSGI app serving a built site, with an error overlay on HTML pages while `errors` is set."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: tuple[str, ...] = ()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """Answer one request: the file, a redirect to the folder's URL, or the 404 page."""
        # Only GET: livereload's container would give a HEAD answer a wrong Content-Length.
        if environ.get("REQUEST_METHOD", "GET") != "GET":
            start_response("405 Method Not Allowed", [("Allow", "GET"), *_headers("text/plain", 0)])
            return []
        # WSGI hands over the raw path bytes as latin-1 text.
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace") or "/"
        target = self._resolve(path)
        if target is not None and target.is_dir():
            # Relative links in dir/index.html only work from the URL ending in "/".
            query = environ.get("QUERY_STRING", "")
            location = quote(path + "/") + (f"?{query}" if query else "")
            start_response("301 Moved Permanently", [("Location", location), *_headers("text/plain", 0)])
            return []
        status = "200 OK"
        if target is None:
            status, target = "404 Not Found", self._resolve("/404.html")
        body = target.read_bytes() if target is not None else NOT_FOUND
        content_type = _content_type(target.name if target is not None else "404.html")
        if self.errors and content_type == "text/html":
            body = self._with_overlay(body)
        start_response(status, _headers(content_type, len(body)))
        return [body]

    def _resolve(self, url_path: str) -> Path | None:
        """Map a URL path to a file (or a folder without its trailing slash) inside the root, or None."""
        parts = [part for part in url_path.split("/") if part]
        if any(part in (".", "..") or "\\" in part or "\0" in part for part in parts):
            return None
        root = self.root.resolve()
        target = root.joinpath(*parts)
        if target.is_dir() and url_path.endswith("/"):
            target = target / "index.html"
        try:
            resolved = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        # A symlink (or a drive letter on Windows) must not lead out of the site.
        if not resolved.is_relative_to(root) or not (resolved.is_file() or resolved.is_dir()):
            return None
        return resolved

    def _with_overlay(self, page: bytes) -> bytes:
        items = "".join(f"<li>{html.escape(error)}</li>" for error in self.errors)
        overlay = OVERLAY.format(items=items).encode("utf-8")
        match = BODY_START.search(page)
        at = match.end() if match else len(page)
        return page[:at] + overlay + page[at:]


class Rebuilder:
    """The watch task: rebuild once per burst of changes, report it, and reload the open tabs."""

    def __init__(
        self,
        options: BuildOptions,
        app: SiteApp,
        build: Callable[[BuildOptions], BuildResult] = build_site,
        reload: Callable[[], None] = lambda: LiveReloadHandler.reload_waiters("*"),
    ) -> None:
        self.options = options
        self.app = app
        self.build = build
        self.reload = reload
        self.watched = (options.content_dir, options.templates_dir)
        self.fingerprint: Fingerprint = {}

    def start(self) -> None:
        """Make the first build."""
        self.fingerprint = fingerprint(self.watched)
        self._build()

    def __call__(self) -> None:
        """Rebuild and reload if a watched file changed since the last build, else do nothing."""
        # livereload calls this once per changed path; the first call of a burst sees all of it.
        current = fingerprint(self.watched)
        if current == self.fingerprint:
            return
        changed = sorted(
            path
            for path in current.keys() | self.fingerprint.keys()
            if current.get(path) != self.fingerprint.get(path)
        )
        self.fingerprint = current
        more = f" and {len(changed) - 5} more" if len(changed) > 5 else ""
        _say(f"Changed: {', '.join(changed[:5])}{more}")
        self._build()
        self.reload()

    def _build(self) -> None:
        started = time.perf_counter()
        try:
            result = self.build(self.options)
            for notice in result.notices:
                print(notice, file=sys.stderr)
            diagnostics = result.diagnostics.sorted()
            for diagnostic in diagnostics:
                print(diagnostic, file=sys.stderr, flush=True)
            errors = [str(diagnostic) for diagnostic in diagnostics if diagnostic.severity == ERROR]
            if result.refused:
                errors.append(f"error: {result.refused}")
                print(errors[-1], file=sys.stderr, flush=True)
        except Exception as error:  # a bug of ours must not stop the server (SPEC `serve`)
            errors = [f"internal error: {type(error).__name__}: {error}"]
            print(errors[0], file=sys.stderr, flush=True)
        self.app.errors = tuple(errors)
        seconds = time.perf_counter() - started
        if errors:
            count = f"{len(errors)} error" + ("s" if len(errors) > 1 else "")
            _say(
                f"Build failed in {seconds:.2f} s ({count}); the browser shows them until the next good build"
            )
        else:
            _say(f"Built in {seconds:.2f} s")


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve the site on host:port, rebuilding on every change of content or templates, until Ctrl-C."""
    problem = _cannot_listen(host, port)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    logging.getLogger("livereload").addFilter(_only_problems)
    try:
        with tempfile.TemporaryDirectory(prefix="careersite-serve-") as scratch:
            # A fresh folder in the system's temporary folder: development URLs never reach site/,
            # and the output is never inside what is watched.
            options = dataclasses.replace(options, base_url=url, out_dir=Path(scratch) / "site", write=True)
            app = SiteApp(options.out_dir)
            # The browser editor's local backend and the previews sit in front of the site
            # (careersite/local_backend.py, careersite/preview.py).
            routes = with_local_backend(with_previews(app, options.out_dir, options), options.content_dir,
                                        options.out_dir, url)  # fmt: skip
            server = Server(app=routes)  # its watcher starts now, so edits made during the first build count
            rebuilder = Rebuilder(options, app)
            rebuilder.start()
            for folder in rebuilder.watched:
                server.watch(str(folder), rebuilder)
            _say(f"Serving {url} (Ctrl-C to stop)")
            server.serve(port=port, host=host, debug=False)
    except KeyboardInterrupt:
        pass
    return 0


def fingerprint(folders: Iterable[Path]) -> Fingerprint:
    """Map every file under the folders to its (mtime_ns, size)."""
    result: Fingerprint = {}
    for path in _files(folders):
        try:
            stat = path.stat()
        except OSError:  # deleted since it was listed, or a dangling editor lock link
            continue
        result[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return result


def _files(folders: Iterable[Path]) -> Iterator[Path]:
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                yield Path(root, name)


def _cannot_listen(host: str, port: int) -> str | None:
    """Say why the server could not listen on host:port, or None when it can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port), family=family):
            return None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return (
                f"port {port} on {host} is already in use; stop the other server or choose --port {port + 1}"
            )
        return f"cannot listen on {host}:{port}: {error.strerror or error}; check --host and --port"


def _content_type(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def _headers(content_type: str, length: int) -> list[tuple[str, str]]:
    text = content_type.startswith("text/") or content_type in ("application/json", "application/javascript")
    return [
        ("Content-Type", f"{content_type}; charset=utf-8" if text else content_type),
        ("Content-Length", str(length)),
        ("Cache-Control", "no-store"),  # a reload must always show the latest build
    ]


def _only_problems(record: logging.LogRecord) -> bool:
    # livereload narrates every poll and connection at INFO; this command prints its own lines.
    return record.levelno >= logging.WARNING


def _say(message: str) -> None:
    print(message, flush=True)

"""serve's local backend for the browser editor: Decap's protocol, held against the real decap-server."""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from careersite.local_backend import LocalBackend, with_local_backend
from tests.browser_support import NODE_MODULES
from tests.conftest import REPO, require_tool

DECAP_SERVER = NODE_MODULES / "decap-server" / "dist" / "index.js"
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nnot really").decode()
NEW_POSTING = (
    "---\ntitle: Payments Analyst\ndate_posted: 2026-11-20\napply: jobs@example.com\n---\n\nHello.\n"
)

# One session of the editor: list, open, save a posting and an image, delete, and the mistakes.
REQUESTS: list[dict[str, Any]] = [
    {"action": "info"},
    {
        "action": "entriesByFolder",
        "params": {"branch": "main", "folder": "content/jobs", "extension": "md", "depth": 1},
    },
    {
        "action": "entriesByFolder",
        "params": {"branch": "main", "folder": "content/nothing", "extension": "md", "depth": 1},
    },
    {
        "action": "entriesByFiles",
        "params": {
            "branch": "main",
            "files": [{"path": "content/site.yaml", "label": "Site"}, {"path": "content/gone.yaml"}],
        },
    },
    {"action": "getEntry", "params": {"branch": "main", "path": "content/jobs/senior-backend-engineer.md"}},
    {"action": "getEntry", "params": {"branch": "main", "path": "content/jobs/missing.md"}},
    {
        "action": "persistEntry",
        "params": {
            "branch": "main",
            "dataFiles": [
                {"slug": "payments-analyst", "path": "content/jobs/payments-analyst.md", "raw": NEW_POSTING}
            ],
            "assets": [],
            "options": {
                "collectionName": "postings",
                "status": "draft",
                "useWorkflow": False,
                "commitMessage": "Create",
            },
        },
    },
    {"action": "getEntry", "params": {"branch": "main", "path": "content/jobs/payments-analyst.md"}},
    {
        "action": "persistMedia",
        "params": {
            "branch": "main",
            "asset": {"path": "content/static/media/logo.png", "content": PNG, "encoding": "base64"},
            "options": {"commitMessage": "Upload"},
        },
    },
    {"action": "getMedia", "params": {"branch": "main", "mediaFolder": "content/static/media"}},
    {"action": "getMediaFile", "params": {"branch": "main", "path": "content/static/media/logo.png"}},
    {
        "action": "deleteFile",
        "params": {
            "branch": "main",
            "path": "content/static/media/logo.png",
            "options": {"commitMessage": "Delete"},
        },
    },
    {
        "action": "deleteFiles",
        "params": {
            "branch": "main",
            "paths": ["content/jobs/payments-analyst.md"],
            "options": {"commitMessage": "Delete"},
        },
    },
    {"action": "getMedia", "params": {"branch": "main", "mediaFolder": "content/static/media"}},
    {"action": "getDeployPreview", "params": {"branch": "main", "collection": "postings", "slug": "x"}},
    {"action": "getEntry", "params": {"branch": "main", "path": "../outside.txt"}},
    {
        "action": "persistEntry",
        "params": {
            "branch": "main",
            "dataFiles": [{"slug": "x", "path": "../escaped.md", "raw": "x"}],
            "assets": [],
            "options": {"status": "draft", "useWorkflow": False, "commitMessage": "x"},
        },
    },
    {"action": "noSuchAction", "params": {}},
]


def _repository(root: Path) -> Path:
    """A repository folder named `careers` holding a copy of the sample content/, and a file beside it."""
    repo = root / "careers"
    shutil.copytree(REPO / "content", repo / "content")
    (root / "outside.txt").write_text("not yours", "utf-8")
    return repo


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def decap_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The real decap-server (npm) over a repository; yields its API URL and the repository."""
    node = require_tool(shutil.which("node"), "Node.js")
    require_tool(str(DECAP_SERVER) if DECAP_SERVER.is_file() else None, "decap-server from npm (npm ci)")
    repo = _repository(tmp_path / "real")
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(repo)}
    env["LOG_LEVEL"] = "error"
    process = subprocess.Popen([node, str(DECAP_SERVER)], env=env, cwd=repo, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            pytest.fail("decap-server did not start in 30 s")
        yield f"http://127.0.0.1:{port}/api/v1", repo
    finally:
        process.terminate()
        process.wait(timeout=10)


def _post(url: str, request: dict[str, Any]) -> tuple[int, Any]:
    data = json.dumps(request).encode()
    http_request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(http_request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_answers_as_decap_server_does(decap_server: tuple[str, Path], tmp_path: Path) -> None:
    url, real_repo = decap_server
    ours = _repository(tmp_path / "ours")
    backend = LocalBackend(ours / "content")
    for request in REQUESTS:
        real_status, real = _post(url, request)
        status, answer = backend.answer(json.loads(json.dumps(request)))
        assert status == real_status, (request, real)
        if status == 200:
            assert answer == real, request
        else:  # the wording of a refusal is decap-server's (Joi's); its shape is the protocol
            assert set(answer) == set(real) == {"error"}, (request, real)
        assert _tree(ours) == _tree(real_repo), f"the files differ after {request['action']}"
    assert not (tmp_path / "ours" / "escaped.md").exists() and not (tmp_path / "real" / "escaped.md").exists()


@pytest.mark.parametrize(
    "path",
    [
        "../outside.txt",
        "content/../../outside.txt",
        "content/../templates/base.html",
        "/etc/passwd",
        "templates/base.html",
        "content/jobs/..\\..\\..\\outside.txt",
        "content/link/outside.txt",
    ],
)
def test_paths_outside_content_are_refused(tmp_path: Path, path: str) -> None:
    repo = _repository(tmp_path)
    (repo / "content" / "link").symlink_to(tmp_path, target_is_directory=True)
    backend = LocalBackend(repo / "content")
    before = _tree(tmp_path)
    for request in (
        {"action": "getEntry", "params": {"path": path}},
        {"action": "getMediaFile", "params": {"path": path}},
        {"action": "entriesByFolder", "params": {"folder": path, "extension": "", "depth": 2}},
        {"action": "persistEntry", "params": {"dataFiles": [{"path": path, "raw": "x"}], "assets": []}},
        {"action": "persistMedia", "params": {"asset": {"path": path, "content": PNG, "encoding": "base64"}}},
        {"action": "deleteFile", "params": {"path": path}},
        {"action": "deleteFiles", "params": {"paths": ["content/site.yaml", path]}},
    ):
        status, answer = backend.answer(request)
        assert status == 422 and "under content/" in answer["error"], (request, answer)
    assert _tree(tmp_path) == before, "a refused request changed a file"


def _call(app: Any, method: str, path: str, body: bytes = b"") -> tuple[str, bytes]:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": str(len(body))}
    environ["wsgi.input"] = io.BytesIO(body)
    seen: dict[str, str] = {}
    chunks = app(environ, lambda status, headers: seen.setdefault("status", status))
    return seen["status"], b"".join(chunks)


def test_serve_app_routes_the_api_and_points_config_at_it(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    out = tmp_path / "site"
    (out / "admin").mkdir(parents=True)
    (out / "admin" / "config.yml").write_text("backend:\n  name: github\n", "utf-8")

    def site(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [])
        return [b"the site"]

    app = with_local_backend(
        site,
        repo / "content",
        out,
        "http://127.0.0.1:8000/",
    )
    status, body = _call(app, "POST", "/api/v1", b'{"action": "info"}')
    assert status == "200 OK" and json.loads(body)["type"] == "local_fs"
    assert _call(app, "GET", "/api/v1")[0].startswith("405")
    assert _call(app, "POST", "/api/v1", b"{not json")[0].startswith("400")
    status, body = _call(app, "GET", "/admin/config.yml")
    assert body.endswith(b"local_backend:\n  url: http://127.0.0.1:8000/api/v1\n")
    assert _call(app, "GET", "/jobs/")[1] == b"the site"
    # a body quoting HTML reaches the editor as written, with no `</head>` for live reload to find
    (repo / "content" / "pages" / "html.md").write_text("---\ntitle: T\n---\n\n</head>\n", "utf-8")
    request = b'{"action": "getEntry", "params": {"path": "content/pages/html.md"}}'
    status, body = _call(app, "POST", "/api/v1", request)
    assert b"</head>" not in body and json.loads(body)["data"].endswith("</head>\n")

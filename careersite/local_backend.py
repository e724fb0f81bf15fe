"""`serve`'s browser editor against the local files: Decap CMS's local backend, in Python.

Decap CMS talks to `decap-server` (npm) when `config.yml` has `local_backend:`: one endpoint,
POST /api/v1 with JSON {action, params}, answered as decap-server's file-system mode answers
(tests/test_local_backend.py holds the answers against the real decap-server). Here it is a WSGI
app in front of `serve`'s site, so a marketer needs neither Node nor git: a saved posting is a
file in content/, which `serve` sees and rebuilds. Paths are the repository's (`content/jobs/x.md`);
only those inside the content folder are read or written.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from careersite.cms import CONTENT

API = "/api/v1"
# The protocol's actions (decap-server's file-system mode) -> this module's methods.
ACTIONS = {
    "info": "info",
    "entriesByFolder": "entries_by_folder",
    "entriesByFiles": "entries_by_files",
    "getEntry": "get_entry",
    "persistEntry": "persist_entry",
    "getMedia": "get_media",
    "getMediaFile": "get_media_file",
    "persistMedia": "persist_media",
    "deleteFile": "delete_file",
    "deleteFiles": "delete_files",
    "getDeployPreview": "get_deploy_preview",
}
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class PathError(ValueError):
    """A path outside the content folder."""


class LocalBackend:
    """Decap's local-backend protocol over one content folder."""

    def __init__(self, content_dir: Path) -> None:
        self.content = content_dir.resolve()

    def answer(self, request: Any) -> tuple[int, Any]:
        """The status and JSON answer to one request body, as decap-server gives them."""
        if not isinstance(request, dict):
            return 422, {"error": '"value" must be of type object'}
        action, params = request.get("action"), request.get("params") or {}
        handler = (
            getattr(self, "_" + ACTIONS[action]) if isinstance(action, str) and action in ACTIONS else None
        )
        if handler is None:
            return 422, {"error": f"Unknown action {action}"}
        try:
            return 200, handler(params)
        except PathError as error:
            return 422, {"error": str(error)}
        except (OSError, KeyError, TypeError, ValueError):
            return 500, {"error": "Unknown error"}

    # -- paths -------------------------------------------------------------------------------------

    def resolve(self, path: Any) -> Path:
        """The file a repository path names, which must be inside the content folder."""
        if not isinstance(path, str) or not path:
            raise PathError('"path" is required')
        parts = PurePosixPath(path.replace("\\", "/")).parts
        if not parts or parts[0] != CONTENT or any(part in ("..", "") for part in parts) or "\0" in path:
            raise PathError(f'"path" must resolve to a path under {CONTENT}/')
        target = self.content.joinpath(*parts[1:])
        # A symlink must not lead out of the content folder either.
        real = target.resolve()
        if real != self.content and not real.is_relative_to(self.content):
            raise PathError(f'"path" must resolve to a path under {CONTENT}/')
        return target

    def _shown(self, path: Path) -> str:
        return PurePosixPath(CONTENT, *path.relative_to(self.content).parts).as_posix()

    # -- actions (ACTIONS) -----------------------------------------------------------

    def _info(self, params: dict[str, Any]) -> Any:
        return {"repo": self.content.parent.name, "publish_modes": ["simple"], "type": "local_fs"}

    def _entries_by_folder(self, params: dict[str, Any]) -> Any:
        folder = self.resolve(params["folder"])
        files = _listed(folder, str(params.get("extension", "")), int(params.get("depth", 1)))
        return [self._entry(self._shown(path)) for path in files]

    def _entries_by_files(self, params: dict[str, Any]) -> Any:
        return [self._entry(file["path"], file.get("label")) for file in params["files"]]

    def _get_entry(self, params: dict[str, Any]) -> Any:
        return self._entry(params["path"])

    def _persist_entry(self, params: dict[str, Any]) -> Any:
        data_files = params.get("dataFiles") or [params["entry"]]
        targets = [(self.resolve(f["path"]), f["raw"], f.get("newPath")) for f in data_files]
        assets = [(self.resolve(a["path"]), base64.b64decode(a["content"])) for a in params.get("assets", [])]
        for target, raw, _ in targets:
            _write(target, raw.encode("utf-8"))
        for target, data in assets:
            _write(target, data)
        if targets and all(new_path for _, _, new_path in targets):
            for target, _, new_path in targets:
                moved = self.resolve(new_path)
                moved.parent.mkdir(parents=True, exist_ok=True)
                target.replace(moved)
        return {"message": "entry persisted"}

    def _get_media(self, params: dict[str, Any]) -> Any:
        folder = self.resolve(params["mediaFolder"])
        return [self._media(path) for path in _listed(folder, "", 1)]

    def _get_media_file(self, params: dict[str, Any]) -> Any:
        return self._media(self.resolve(params["path"]))

    def _persist_media(self, params: dict[str, Any]) -> Any:
        asset = params["asset"]
        target = self.resolve(asset["path"])
        _write(target, base64.b64decode(asset["content"]))
        return self._media(target)

    def _delete_file(self, params: dict[str, Any]) -> Any:
        self.resolve(params["path"]).unlink(missing_ok=True)
        return {"message": f"deleted file {params['path']}"}

    def _delete_files(self, params: dict[str, Any]) -> Any:
        targets = [self.resolve(path) for path in params["paths"]]
        for target in targets:
            target.unlink(missing_ok=True)
        return {"message": f"deleted files {', '.join(params['paths'])}"}

    def _get_deploy_preview(self, params: dict[str, Any]) -> Any:
        return None

    # -- answers ---------------------------------------------------------------------------------------

    def _entry(self, path: str, label: str | None = None) -> dict[str, Any]:
        file: dict[str, Any] = {"path": path, **({"label": label} if label is not None else {})}
        try:
            data = self.resolve(path).read_bytes()
        except OSError:
            return {"data": None, "file": {**file, "id": None}}
        return {
            "data": data.decode("utf-8", "replace"),
            "file": {**file, "id": hashlib.sha256(data).hexdigest()},
        }

    def _media(self, path: Path) -> dict[str, Any]:
        data = path.read_bytes()
        return {
            "id": hashlib.sha256(data).hexdigest(),
            "content": base64.b64encode(data).decode("ascii"),
            "encoding": "base64",
            "path": self._shown(path),
            "name": path.name,
        }


def _listed(folder: Path, extension: str, depth: int) -> list[Path]:
    """Files under folder, `depth` levels deep, whose names end with extension (as decap-server lists)."""
    if depth <= 0 or not folder.is_dir():
        return []
    found = []
    for child in sorted(folder.iterdir()):
        if child.is_dir():
            found += _listed(child, extension, depth - 1)
        elif child.name.endswith(extension):
            found.append(child)
    return found


def _write(target: Path, data: bytes) -> None:
    """Write a file whole (a temporary file renamed), so the watcher never builds half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".careersite-", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)


def with_local_backend(site: WsgiApp, content_dir: Path, out_dir: Path, url: str) -> WsgiApp:
    """`serve`'s app: the local backend at /api/v1, config.yml pointing at it, the site for the rest."""
    backend = LocalBackend(content_dir)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        if path == API:
            if environ.get("REQUEST_METHOD") != "POST":
                return _reply(start_response, 405, {"error": "POST only"})
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
                request = json.loads(environ["wsgi.input"].read(length) or b"null")
            except (ValueError, UnicodeDecodeError):
                return _reply(start_response, 400, {"error": "the body is not JSON"})
            return _reply(start_response, *backend.answer(request))
        config = out_dir / "admin" / "config.yml"
        if path == "/admin/config.yml" and config.is_file():
            # Only the served copy points the editor at this server (Decap uses it on localhost).
            body = config.read_bytes() + f"local_backend:\n  url: {url.rstrip('/')}{API}\n".encode()
            start_response(
                "200 OK", [("Content-Type", "text/yaml; charset=utf-8"), ("Cache-Control", "no-store")]
            )
            return [body]
        return site(environ, start_response)

    return app


STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    405: "405 Method Not Allowed",
    422: "422 Unprocessable Entity",
}


def _reply(start_response: Callable[..., Any], status: int, answer: Any) -> list[bytes]:
    # `<\/` for `</`, the same JSON: serve's live reload puts its script before any `</head>` it sees.
    body = json.dumps(answer).replace("</", "<\\/").encode("utf-8")
    headers = [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body)))]
    start_response(STATUS.get(status, "500 Internal Server Error"), headers)
    return [body]

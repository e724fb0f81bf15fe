"""`notify` (SPEC "Telling search engines what changed"): the change list read from built sites,
and the two channels against a recording server on 127.0.0.1 that plays Google's token endpoint,
its batch endpoint and IndexNow. No test touches the internet."""

from __future__ import annotations

import base64
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from email import policy
from email.feedparser import BytesFeedParser
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.parser import Parser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import yaml
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from careersite import indexing
from careersite.cli import main
from careersite.notify import STATE_NAME, State, changes, published_postings
from tests.conftest import REPO, SITE_YAML, tree
from tests.test_init import run_steps

BASE = "https://careers.example.com/"
KEY = "0123456789abcdef0123456789abcdef"
TOKEN = "ya29.test-token"


def posting(title: str, body: str = "The role.", until: str = "2027-03-01", extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\nlocation: Bangalore, Karnataka, IN\nsalary: ₹10 LPA\n"
        f"date_posted: 2026-11-01\nvalid_through: {until}\napply: https://example.com/apply\n{extra}---\n\n"
        f"{body}\n"
    )


def site_yaml(budget: int | None = None, key: str | None = KEY) -> str:
    settings = (f"  indexnow_key: {key}\n" if key else "") + (f"  daily_budget: {budget}\n" if budget else "")
    return SITE_YAML + ("notify:\n" + settings if settings else "")


def url(slug: str) -> str:
    return f"{BASE}jobs/{slug}/"


def build(today: str = "2026-11-25", *extra: str) -> None:
    assert main(["build", "--today", today, *extra]) == 0


# -- the change list ------------------------------------------------------------------------------


def test_the_change_list_follows_four_builds(project: Callable[..., Path]) -> None:
    root = project({
        "content/site.yaml": SITE_YAML,
        "content/jobs/edited-body.md": posting("Edited Body"),
        "content/jobs/edited-title.md": posting("Edited Title"),
        "content/jobs/closing.md": posting("Closing", until="2026-12-10"),
        "content/jobs/deleted.md": posting("Deleted"),
        "content/jobs/unchanged.md": posting("Unchanged", extra="aliases: [old-name]\n"),
    })  # fmt: skip
    told: State = State()

    def step(today: str) -> list[tuple[str, str, str]]:
        build(today)
        found = changes(published_postings(root / "site", BASE, []), told.sent["google"])
        told.record("google", found)
        return [(change.action, change.reason, change.url) for change in found]

    slugs = ("closing", "deleted", "edited-body", "edited-title", "unchanged")
    assert step("2026-11-25") == [("URL_UPDATED", "new", url(slug)) for slug in slugs]  # the alias never

    jobs = root / "content/jobs"
    (jobs / "edited-body.md").write_text(posting("Edited Body", body="The role, and more."), encoding="utf-8")
    (jobs / "edited-title.md").write_text(posting("Edited Title, Senior"), encoding="utf-8")
    assert step("2026-11-26") == [
        ("URL_UPDATED", "changed", url("edited-body")),
        ("URL_UPDATED", "changed", url("edited-title")),
    ]

    (jobs / "deleted.md").unlink()
    assert step("2026-12-11") == [
        ("URL_DELETED", "closed", url("closing")),
        ("URL_DELETED", "removed", url("deleted")),
    ]

    assert step("2026-12-12") == []  # nothing changed: nothing to tell
    (jobs / "closing.md").write_text(posting("Closing", until="2027-01-31"), encoding="utf-8")
    assert step("2026-12-12") == [("URL_UPDATED", "opened", url("closing"))]
    assert url("deleted") not in told.sent["google"]  # forgotten once its deletion was sent


def test_a_drafts_build_never_counts(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = project({
        "content/site.yaml": site_yaml(),
        "content/jobs/open.md": posting("Open"),
        "content/jobs/secret.md": posting("Secret", extra="draft: true\n"),
    })  # fmt: skip
    build("2026-11-25", "--drafts")
    assert main(["notify"]) == 2
    err = capsys.readouterr().err
    assert "notify: error: site is a --drafts preview (it has the draft jobs/secret/)" in err
    assert not (root / STATE_NAME).exists()

    build("2026-11-25")
    assert main(["notify", "--dry-run"]) == 0
    assert "INDEXNOW 1 URL" in capsys.readouterr().out.splitlines()  # the open posting, never the draft


def test_a_preview_built_for_another_address_is_refused(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project({"content/site.yaml": site_yaml(), "content/jobs/open.md": posting("Open")})
    build("2026-11-25", "--base-url", "https://preview.example.net/")
    assert main(["notify", "--dry-run"]) == 2
    assert "was built for https://preview.example.net/, not site.yaml's" in capsys.readouterr().err


# -- a recording server: Google's token and batch endpoints, IndexNow -----------------------------


class Recorder:
    """What the server was sent, and how it should answer."""

    def __init__(self, public_key: Any) -> None:
        self.public_key = public_key
        self.tokens = 0
        self.batches: list[list[tuple[str, str]]] = []  # (type, url) per call
        self.indexnow: list[dict[str, Any]] = []
        self.refuse: dict[str, int] = {}  # url -> the status its call gets
        self.batch_status = 200
        self.delay = 0.0
        self.url = ""


def _jwt_part(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Handler(BaseHTTPRequestHandler):
    recorder: Recorder

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(self.recorder.delay)
        if self.path == "/token":
            self._token(body)
        elif self.path == "/batch":
            self._batch(body)
        elif self.path == "/indexnow":
            assert self.headers["Content-Type"].startswith("application/json")
            self.recorder.indexnow.append(json.loads(body))
            self._answer(200, "text/plain", b"")
        else:
            self._answer(404, "text/plain", b"not found")

    def _token(self, body: bytes) -> None:
        form = parse_qs(body.decode())
        assert form["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
        header, claims, signature = form["assertion"][0].split(".")
        self.recorder.public_key.verify(  # a JWT signed with the service account's key
            _jwt_part(signature), f"{header}.{claims}".encode(), padding.PKCS1v15(), hashes.SHA256()
        )
        claims_data = json.loads(_jwt_part(claims))
        assert claims_data["scope"] == indexing.SCOPE and claims_data["iss"].startswith("notify@")
        self.recorder.tokens += 1
        answer = {"access_token": TOKEN, "expires_in": 3600, "token_type": "Bearer"}
        self._answer(200, "application/json", json.dumps(answer).encode())

    def _batch(self, body: bytes) -> None:
        assert self.headers["Authorization"] == f"Bearer {TOKEN}"
        if self.recorder.batch_status != 200:
            self._answer(self.recorder.batch_status, "application/json", b'{"error": {"message": "Backend"}}')
            return
        parser = BytesFeedParser(policy=policy.HTTP)
        parser.feed(f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + body)
        calls = []
        answer = MIMEMultipart("mixed")
        for part in parser.close().iter_parts():
            assert part.get_content_type() == "application/http"
            request_line, _, rest = part.get_payload().partition("\r\n")
            assert request_line == "POST /v3/urlNotifications:publish HTTP/1.1"
            call = json.loads(Parser(policy=policy.HTTP).parsestr(rest).get_payload())
            calls.append((call["type"], call["url"]))
            status = self.recorder.refuse.get(call["url"], 200)
            reason = {200: "OK", 429: "Too Many Requests"}[status]
            payload = {"urlNotificationMetadata": {"url": call["url"]}} if status == 200 else {
                "error": {"code": 429, "message": "Quota exceeded for quota metric 'Publish requests'"}
            }  # fmt: skip
            reply = MIMENonMultipart("application", "http")
            reply["Content-ID"] = f"<response-{part['Content-ID'].strip('<>')}>"
            reply.set_payload(
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
                + json.dumps(payload)
            )
            answer.attach(reply)
        self.recorder.batches.append(calls)
        document = answer.as_bytes(policy=policy.HTTP).split(b"\r\n\r\n", 1)[1]
        self._answer(200, f'multipart/mixed; boundary="{answer.get_boundary()}"', document)

    def _answer(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still sleeping (the timeout test) never holds the test up

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The timeout test's client is gone when its handler wakes: that one writes to a closed
        # socket, perhaps during the next test, whose stderr must not get the traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def recorder(
    private_key: rsa.RSAPrivateKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Recorder]:
    recorder = Recorder(private_key.public_key())
    handler = type("RecordingHandler", (Handler,), {"recorder": recorder})
    server = Server(("127.0.0.1", 0), handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    key_file = tmp_path / "service-account.json"
    key_file.write_text(json.dumps({
        "type": "service_account", "project_id": "careers-test", "private_key_id": "k1",
        "private_key": pem, "client_email": "notify@careers-test.iam.gserviceaccount.com",
        "client_id": "1", "token_uri": f"{recorder.url}/token",
    }), encoding="utf-8")  # fmt: skip
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))
    monkeypatch.setenv("CAREERSITE_INDEXING_ENDPOINT", f"{recorder.url}/v3/urlNotifications:publish")
    monkeypatch.setenv("CAREERSITE_INDEXNOW_ENDPOINT", f"{recorder.url}/indexnow")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    yield recorder
    server.shutdown()
    server.server_close()


def state(root: Path) -> dict[str, Any]:
    return json.loads((root / STATE_NAME).read_text(encoding="utf-8"))


def test_batches_carry_the_token_hold_100_and_the_daily_budget(
    project: Callable[..., Path], recorder: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    postings = {f"content/jobs/role-{n:03d}.md": posting(f"Role {n}") for n in range(150)}
    root = project({"content/site.yaml": site_yaml(budget=120), **postings})
    build()
    assert main(["notify"]) == 0
    out, err = capsys.readouterr()
    assert f"notify: no {Path('.') / STATE_NAME} yet" in err
    assert recorder.tokens == 1
    assert [len(batch) for batch in recorder.batches] == [100, 20]  # the budget stops the third
    assert "120 sent, 30 pending" in out and "the daily budget of 120 is used up; 30 URLs" in err
    every = sorted(url(f"role-{n:03d}") for n in range(150))
    assert recorder.indexnow == [
        {"host": "careers.example.com", "key": KEY, "keyLocation": f"{BASE}{KEY}.txt", "urlList": every}
    ]
    recorded = state(root)
    assert len(recorded["sent"]["google"]) == 120 and len(recorded["sent"]["indexnow"]) == 150
    assert recorded["google_budget"]["used"] == 120

    assert main(["notify"]) == 0  # the same day: the budget is spent, IndexNow knows every URL
    assert [len(batch) for batch in recorder.batches] == [100, 20] and len(recorder.indexnow) == 1

    recorded["google_budget"]["day"] = "2000-01-01"  # the next day
    (root / STATE_NAME).write_text(json.dumps(recorded), encoding="utf-8")
    assert main(["notify"]) == 0
    assert [len(batch) for batch in recorder.batches] == [100, 20, 30]
    sent = [call for batch in recorder.batches for call in batch]
    assert sorted(u for _, u in sent) == every and {kind for kind, _ in sent} == {"URL_UPDATED"}  # once each


def test_a_refused_url_stays_pending_and_only_it_is_sent_again(
    project: Callable[..., Path], recorder: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project({
        "content/site.yaml": site_yaml(),
        **{f"content/jobs/{slug}.md": posting(slug.title()) for slug in ("a", "b", "c", "d")},
    })  # fmt: skip
    build()
    recorder.refuse = {url("b"): 429, url("d"): 429}
    assert main(["notify"]) == 1
    err = capsys.readouterr().err
    failures = [line for line in err.splitlines() if line.startswith("notify: error: ")]
    assert failures == [
        f"notify: error: {url(slug)}: HTTP 429 Too Many Requests: "
        "Quota exceeded for quota metric 'Publish requests'"
        for slug in ("b", "d")
    ]
    assert "Traceback" not in err
    assert sorted(state(root)["sent"]["google"]) == [url("a"), url("c")]

    recorder.refuse = {}
    assert main(["notify"]) == 0
    assert recorder.batches[1] == [("URL_UPDATED", url("b")), ("URL_UPDATED", url("d"))]
    assert len(recorder.indexnow) == 1  # IndexNow took every URL the first time

    (root / "content/jobs/c.md").unlink()  # removed: one deletion, once
    build()
    assert main(["notify"]) == 0 and main(["notify"]) == 0
    assert recorder.batches[2:] == [[("URL_DELETED", url("c"))]]
    assert recorder.indexnow[1]["urlList"] == [url("c")] and len(recorder.indexnow) == 2


def test_dry_run_prints_the_requests_and_sends_and_records_nothing(
    project: Callable[..., Path], recorder: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project({
        "content/site.yaml": site_yaml(),
        "content/jobs/open.md": posting("Open"),
        "content/jobs/gone.md": posting("Gone"),
    })  # fmt: skip
    build()
    assert main(["notify"]) == 0
    before = (root / STATE_NAME).read_bytes()
    (root / "content/jobs/gone.md").unlink()
    (root / "content/jobs/new.md").write_text(posting("New"), encoding="utf-8")
    build()
    capsys.readouterr()
    assert main(["notify", "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [f"URL_UPDATED {url('new')}", f"URL_DELETED {url('gone')}", "INDEXNOW 2 URLs"]
    assert (root / STATE_NAME).read_bytes() == before
    assert (recorder.tokens, len(recorder.batches), len(recorder.indexnow)) == (1, 1, 1)  # the first run's


def test_a_channel_without_credentials_or_key_is_skipped_with_a_notice(
    project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    root = project({"content/site.yaml": site_yaml(key=None), "content/jobs/open.md": posting("Open")})
    build()
    assert main(["notify"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[1].strip() for line in err if "skipped" in line] == [
        "Google Indexing API skipped",
        "IndexNow skipped",
    ]
    assert not (root / STATE_NAME).exists()  # nothing was sent: still nothing recorded


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("trouble", ["refused", "timeout", "http 500", "bad key", "bad state"])
def test_a_failure_is_one_clear_line_and_exit_1(
    trouble: str,
    project: Callable[..., Path],
    recorder: Recorder,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = project({"content/site.yaml": site_yaml(), "content/jobs/open.md": posting("Open")})
    build()
    capsys.readouterr()
    batch = f"{recorder.url}/batch"
    if trouble == "refused":
        port = _closed_port()
        monkeypatch.setenv(
            "CAREERSITE_INDEXING_ENDPOINT", f"http://127.0.0.1:{port}/v3/urlNotifications:publish"
        )
        monkeypatch.setenv("CAREERSITE_INDEXNOW_ENDPOINT", f"http://127.0.0.1:{port}/indexnow")
        expected = [
            f"Google Indexing API: cannot reach http://127.0.0.1:{port}/batch: connection refused; "
            "1 URL stay pending",
            f"IndexNow: cannot reach http://127.0.0.1:{port}/indexnow: connection refused; "
            "1 URL stay pending",
        ]
    elif trouble == "timeout":
        monkeypatch.setattr(indexing, "TIMEOUT", 0.3)
        recorder.delay = 1.0
        expected = [
            "Google Indexing API: cannot get an access token: no answer within 0.3 s; 1 URL stay pending",
            f"IndexNow: cannot reach {recorder.url}/indexnow: no answer within 0.3 s; 1 URL stay pending",
        ]
    elif trouble == "http 500":
        recorder.batch_status = 500
        expected = [
            f"Google Indexing API: HTTP 500 Internal Server Error from {batch}: Backend; 1 URL stay pending"
        ]
    elif trouble == "bad key":
        key_file = Path(os.environ["GOOGLE_APPLICATION_CREDENTIALS"])
        key_file.write_text('{"type": "service_account", "client_email": "x@y"}', encoding="utf-8")
        expected = [
            f"Google Indexing API: {key_file} is not a service-account key file (Service account info "
            "was not in the expected format, missing fields token_uri.); download "
            "a JSON key for the service account from Google Cloud (IAM > Service accounts > Keys)"
        ]
    else:
        (root / STATE_NAME).write_text("{half a state", encoding="utf-8")
        expected = [
            f"the state file {STATE_NAME} is not JSON (Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)); restore it or delete it"
        ]
    assert main(["notify"]) == 1
    err = capsys.readouterr().err
    assert [line.removeprefix("notify: error: ") for line in err.splitlines() if "error" in line] == expected
    assert "Traceback" not in err
    if trouble != "bad state" and (root / STATE_NAME).exists():  # what IndexNow took; not Google
        assert state(root)["sent"]["google"] == {}


def test_a_second_run_after_a_failed_batch_sends_it(
    project: Callable[..., Path], recorder: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project({"content/site.yaml": site_yaml(), "content/jobs/open.md": posting("Open")})
    build()
    recorder.batch_status = 500
    assert main(["notify"]) == 1
    assert list(state(root)["sent"]["google"]) == [] and list(state(root)["sent"]["indexnow"]) == [
        url("open")
    ]
    recorder.batch_status = 200
    assert main(["notify"]) == 0
    assert recorder.batches == [[("URL_UPDATED", url("open"))]] and len(recorder.indexnow) == 1


# -- what build publishes, what site.yaml may say -------------------------------------------------


def test_build_publishes_the_indexnow_key_file(project: Callable[..., Path]) -> None:
    root = project({"content/site.yaml": site_yaml(), "content/jobs/open.md": posting("Open")})
    build()
    assert (root / f"site/{KEY}.txt").read_text(encoding="utf-8") == KEY
    build("2026-11-25", "--no-cache", "--out", "cold")
    assert tree(root / "site") == tree(root / "cold")  # cached and cold builds agree
    (root / "content/site.yaml").write_text(site_yaml(key=None), encoding="utf-8")
    build()
    assert not (root / f"site/{KEY}.txt").exists()  # and the manifest let it go


def test_site_yaml_notify_settings_are_checked(
    project: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project({
        "content/site.yaml": SITE_YAML + "notify:\n  indexnow_key: short!\n  daily_budget: 0\n"
        "  google_credentials: [a, b]\n  budget: 5\n",
        "content/jobs/open.md": posting("Open"),
    })  # fmt: skip
    assert main(["check", "--today", "2026-11-25"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors == [
        "content/site.yaml:10: error: `notify.indexnow_key` must be 8 to 128 letters, digits or dashes, "
        "not `short!`; make one with: python3 -c 'import uuid; print(uuid.uuid4().hex)'",
        "content/site.yaml:11: error: `notify.daily_budget` must be a whole number above 0, not 0; "
        "Google's default quota is 200 a day",
        "content/site.yaml:12: error: `notify.google_credentials` must be text, not a list",
        "content/site.yaml:13: error: unknown field `notify.budget`; did you mean `daily_budget`?",
    ]


# -- the notify job of the workflow `init` writes -------------------------------------------------


def test_the_workflow_notify_job_runs_as_written_and_skips_without_secrets(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "new"), "--organization", "Acme"]) == 0
    workflow = yaml.safe_load((tmp_path / "new/.github/workflows/careers.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["notify"]
    assert job["needs"] == "deploy"
    notify_step = next(step for step in job["steps"] if "build.py notify" in step.get("run", ""))
    assert notify_step["env"] == {"GOOGLE_SERVICE_ACCOUNT_KEY": "${{ secrets.GOOGLE_SERVICE_ACCOUNT_KEY }}"}
    saved = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/cache/save"))
    assert saved["if"] == "always()" and saved["with"]["path"] == STATE_NAME  # kept when a URL failed
    bin_dir = tmp_path / "bin"  # `python` as the runner has it, this checkout's careersite
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    environment = {**os.environ, "PATH": path, "PYTHONPATH": str(REPO), "GOOGLE_SERVICE_ACCOUNT_KEY": "",
                   "RUNNER_TEMP": str(tmp_path)}  # fmt: skip
    environment.pop("GOOGLE_APPLICATION_CREDENTIALS", None)
    *_, (_, stderr) = run_steps(job["steps"], tmp_path / "new", environment)
    assert "Google Indexing API skipped" in stderr and "IndexNow skipped" in stderr

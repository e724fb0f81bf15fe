"""The two channels `notify` tells: Google's Indexing API (batched, with a service account) and
IndexNow (one POST). Each request either answers per URL or raises ChannelError with one line.

Google's batch layout (https://developers.google.com/search/apis/indexing-api/v3/using-api#batch):
a multipart/mixed POST to /batch on the publish URL's origin, one `application/http` part per
`POST /v3/urlNotifications:publish`, answered by a multipart/mixed body of HTTP responses. Both
are MIME documents: the stdlib email package writes and reads them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from email import policy
from email.feedparser import BytesFeedParser
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.parser import Parser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from careersite.notify import Change

if TYPE_CHECKING:
    from google.auth.transport.requests import AuthorizedSession

SCOPE = "https://www.googleapis.com/auth/indexing"
PUBLISH_URL = "https://indexing.googleapis.com/v3/urlNotifications:publish"
INDEXNOW_URL = "https://api.indexnow.org/indexnow"
BATCH_LIMIT = 100  # Google's most calls in one batch request
INDEXNOW_LIMIT = 10_000  # IndexNow's most URLs in one POST
TIMEOUT = 30.0  # seconds, for connecting and for each answer (the token's too)


class ChannelError(Exception):
    """A request that got no usable answer: one line saying why."""


def publish_url() -> str:
    """Where Google's publish calls go (CAREERSITE_INDEXING_ENDPOINT, for tests and proxies)."""
    return os.environ.get("CAREERSITE_INDEXING_ENDPOINT") or PUBLISH_URL


def indexnow_url() -> str:
    """Where IndexNow's POST goes (CAREERSITE_INDEXNOW_ENDPOINT, for tests and proxies)."""
    return os.environ.get("CAREERSITE_INDEXNOW_ENDPOINT") or INDEXNOW_URL


def batch_url(publish: str) -> str:
    """Google's batch endpoint: /batch on the origin of the publish URL."""
    parts = urlsplit(publish)
    return f"{parts.scheme}://{parts.netloc}/batch"


# -- Google ---------------------------------------------------------------------------------------


def google_session(key_file: Path) -> AuthorizedSession:
    """A session that signs requests with the service account's token (from its own token_uri)."""
    from google.auth.transport.requests import AuthorizedSession
    from google.oauth2 import service_account

    try:
        credentials = service_account.Credentials.from_service_account_file(str(key_file), scopes=[SCOPE])
    except OSError as exc:
        raise ChannelError(f"cannot read the service-account key {key_file}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError) as exc:  # not JSON, a field missing, not a PEM key
        reason = f"no `{exc.args[0]}`" if isinstance(exc, KeyError) else str(exc).split("\n")[0]
        reason = reason if len(reason) <= 120 else reason[:120].rsplit(" ", 1)[0] + "…"
        raise ChannelError(
            f"{key_file} is not a service-account key file ({reason}); download a JSON key "
            "for the service account from Google Cloud (IAM > Service accounts > Keys)"
        ) from None
    return AuthorizedSession(credentials, refresh_timeout=TIMEOUT)


def batch_body(changes: Sequence[Change], publish: str) -> tuple[bytes, str]:
    """A batch request's body and its Content-Type: one publish call per change."""
    batch = MIMEMultipart("mixed")
    path = urlsplit(publish).path
    for number, change in enumerate(changes):
        call = MIMENonMultipart("application", "http")
        call["Content-ID"] = f"<item{number}>"
        call["Content-Transfer-Encoding"] = "binary"
        request = Message(policy=policy.HTTP)
        request["Content-Type"] = "application/json"
        request.set_payload(json.dumps({"url": change.url, "type": change.action}))
        call.set_payload(f"POST {path} HTTP/1.1\r\n" + request.as_string(policy=policy.HTTP))
        batch.attach(call)
    document = batch.as_bytes(policy=policy.HTTP)
    body = document.split(b"\r\n\r\n", 1)[1]  # the MIME headers become the HTTP request's
    return body, f'multipart/mixed; boundary="{batch.get_boundary()}"'


def publish_batch(session: AuthorizedSession, changes: Sequence[Change], publish: str) -> list[str | None]:
    """Send one batch; per change, None when Google took it, else why not (`HTTP 429 …`)."""
    import requests
    from google.auth import exceptions

    url = batch_url(publish)
    body, content_type = batch_body(changes, publish)
    try:
        answer = session.post(url, data=body, headers={"Content-Type": content_type}, timeout=TIMEOUT)
    except exceptions.RefreshError as exc:
        raise ChannelError(f"Google refused the service account's token request: {_first(exc)}") from None
    except exceptions.TransportError as exc:
        raise ChannelError(f"cannot get an access token: {_network(exc)}") from None
    except requests.RequestException as exc:
        raise ChannelError(f"cannot reach {url}: {_network(exc)}") from None
    if answer.status_code != 200:
        raise ChannelError(f"HTTP {answer.status_code} {answer.reason} from {url}{_detail(answer.text)}")
    return _batch_answers(answer.headers.get("Content-Type", ""), answer.content, len(changes), url)


def _batch_answers(content_type: str, body: bytes, count: int, url: str) -> list[str | None]:
    parser = BytesFeedParser(policy=policy.HTTP)
    parser.feed(f"Content-Type: {content_type}\r\n\r\n".encode())  # the HTTP headers as MIME headers
    parser.feed(body)
    document = parser.close()
    if not document.is_multipart():
        raise ChannelError(f"{url} answered with {content_type or 'no Content-Type'}, not multipart/mixed")
    results: list[str | None] = ["no answer for it in the batch"] * count
    for part in document.iter_parts():
        number = (part.get("Content-ID") or "").strip("<> ").removeprefix("response-").removeprefix("item")
        payload = part.get_payload(decode=True) or b""
        status_line, _, rest = payload.decode("utf-8", "replace").partition("\n")
        status = status_line.split(" ", 2)
        if number.isdigit() and int(number) < count and len(status) >= 2 and status[1].isdigit():
            reason = status[2].strip() if len(status) > 2 else ""
            inner = Parser(policy=policy.HTTP).parsestr(rest)  # the part's headers and JSON body
            text = inner.get_payload() if isinstance(inner.get_payload(), str) else ""
            ok = status[1] == "200"
            results[int(number)] = None if ok else f"HTTP {status[1]} {reason}{_detail(text)}".rstrip()
    return results


# -- IndexNow -------------------------------------------------------------------------------------


def indexnow_post(urls: Sequence[str], base_url: str, key: str) -> None:
    """Tell IndexNow (Bing, Yandex, Naver, Seznam) every changed URL in one POST."""
    import requests

    endpoint = indexnow_url()
    payload = {
        "host": urlsplit(base_url).netloc,
        "key": key,
        "keyLocation": f"{base_url}{key}.txt",
        "urlList": list(urls),
    }
    try:
        answer = requests.post(endpoint, json=payload, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise ChannelError(f"cannot reach {endpoint}: {_network(exc)}") from None
    if answer.status_code not in (200, 202):
        hint = " (is the key file online yet?)" if answer.status_code == 403 else ""
        raise ChannelError(
            f"HTTP {answer.status_code} {answer.reason} from {endpoint}{hint}{_detail(answer.text)}"
        )


# -- messages -------------------------------------------------------------------------------------


def _network(exc: Exception) -> str:
    import requests

    text = str(exc)
    if isinstance(exc, requests.Timeout) or "timed out" in text.lower():
        return f"no answer within {TIMEOUT:g} s"
    if "refused" in text.lower():
        return "connection refused"
    return _first(exc)


def _first(exc: Exception) -> str:
    return (str(exc.args[0]) if exc.args else str(exc)).split("\n")[0][:200]


def _detail(text: str) -> str:
    """Google's and IndexNow's own words on an error, shortened: `: Quota exceeded…`."""
    try:
        data: Any = json.loads(text)
        message = data["error"]["message"] if isinstance(data.get("error"), dict) else data.get("message")
    except (ValueError, AttributeError, KeyError, TypeError):
        message = text
    message = " ".join(str(message or "").split())
    return f": {message[:200]}" if message else ""

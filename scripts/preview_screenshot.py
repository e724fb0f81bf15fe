"""Take the README's screenshot of the preview page (`serve`'s /_preview/jobs/<slug>/) with Debian's
headless Chromium.

Run from the repository root (needs `apt-get install chromium chromium-driver` and Selenium):

    python scripts/preview_screenshot.py

It builds content/ with templates/ as of 2026-11-25 into a temporary folder, serves it with the
previews as `serve` does (careersite.preview.with_previews) on 127.0.0.1, and writes a full-page PNG
of the seed posting's preview, desktop (1280x900), light, to docs/screenshots/preview-desktop-light.png.
"""

from __future__ import annotations

import base64
import datetime as dt
import sys
import tempfile
import threading
import wsgiref.simple_server
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from careersite.pipeline import BuildOptions, build_site  # noqa: E402
from careersite.preview import with_previews  # noqa: E402
from careersite.serve import SiteApp  # noqa: E402
from tests.browser_support import chromium, set_color_scheme, set_viewport  # noqa: E402

TARGET = REPO / "docs" / "screenshots" / "preview-desktop-light.png"
SLUG = "senior-backend-engineer"


class _Quiet(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Print nothing per request."""


def main() -> int:
    """Build, serve with previews, screenshot the seed posting's preview; return the exit status."""
    with tempfile.TemporaryDirectory(prefix="careersite-preview-") as temp:
        out = Path(temp) / "site"
        app: list[object] = []
        server = wsgiref.simple_server.make_server(
            "127.0.0.1", 0, lambda environ, start: app[0](environ, start), handler_class=_Quiet
        )
        url = f"http://127.0.0.1:{server.server_port}/"
        options = BuildOptions(
            content_dir=REPO / "content", templates_dir=REPO / "templates", out_dir=out, base_url=url,
            today=dt.date(2026, 11, 25), use_cache=False,
        )  # fmt: skip
        if not build_site(options).ok:
            print("the sample site did not build", file=sys.stderr)
            return 1
        app.append(with_previews(SiteApp(out), out, options))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with chromium() as driver:
                set_viewport(driver, 1280, 900, False)
                set_color_scheme(driver, "light")
                driver.get(f"{url}_preview/jobs/{SLUG}/")
                height = driver.execute_script("return document.scrollingElement.scrollHeight")
                clip = {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1}
                shot = driver.execute_cdp_cmd(
                    "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
                )
        finally:
            server.shutdown()
            server.server_close()
    TARGET.write_bytes(base64.b64decode(shot["data"]))
    print(TARGET.relative_to(REPO))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

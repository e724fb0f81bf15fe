"""Take the README's screenshots of the sample site with Debian's headless Chromium.

Run from the repository root (needs `apt-get install chromium chromium-driver` and Selenium):

    python scripts/screenshots.py

It builds content/ with templates/ as of 2026-11-25 into a temporary folder, serves it on 127.0.0.1
and writes full-page PNGs of the listing and the seed posting, desktop (1280x900) and phone (390x844),
light and dark, to docs/screenshots/<page>-<device>-<scheme>.png.
"""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from careersite.cli import main as build  # noqa: E402
from tests.browser_support import chromium, serve, set_color_scheme, set_viewport  # noqa: E402

OUT = REPO / "docs" / "screenshots"
TODAY = "2026-11-25"
PAGES = {"listing": "", "posting": "jobs/senior-backend-engineer/"}
DEVICES = {"desktop": (1280, 900, False), "mobile": (390, 844, True)}
SCHEMES = ("light", "dark")


def main() -> int:
    """Build the sample site, screenshot every page, device and colour scheme; return the exit status."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="careersite-screenshots-") as temp:
        site = Path(temp) / "site"
        arguments = ["--content", str(REPO / "content"), "--templates", str(REPO / "templates")]
        status = build(["build", *arguments, "--today", TODAY, "--out", str(site)])
        if status != 0:
            return status
        with serve(site) as url, chromium() as driver:
            for page, path in PAGES.items():
                for device, (width, height, mobile) in DEVICES.items():
                    for scheme in SCHEMES:
                        set_viewport(driver, width, height, mobile)
                        set_color_scheme(driver, scheme)
                        driver.get(url + path)
                        full_height = driver.execute_script("return document.scrollingElement.scrollHeight")
                        shot = driver.execute_cdp_cmd(
                            "Page.captureScreenshot",
                            {
                                "format": "png",
                                "captureBeyondViewport": True,
                                "clip": {"x": 0, "y": 0, "width": width, "height": full_height, "scale": 1},
                            },
                        )
                        target = OUT / f"{page}-{device}-{scheme}.png"
                        target.write_bytes(base64.b64decode(shot["data"]))
                        print(target.relative_to(REPO))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

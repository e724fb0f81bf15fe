"""Take the README's screenshots of the sample site with Debian's headless Chromium.

Run from the repository root (needs `apt-get install chromium chromium-driver` and Selenium):

    python scripts/screenshots.py

It builds content/ with templates/ as of 2026-11-25 into a temporary folder, serves it on 127.0.0.1
and writes full-page PNGs of the listing and the seed posting, desktop (1280x900) and phone (390x844),
light and dark, to docs/screenshots/<page>-<device>-<scheme>.png, and the listing and the posting
with the theme in German (`language: de-DE`) to docs/screenshots/<page>-desktop-light-de.png.
The seed posting's share image, as the build drew it, goes to
docs/screenshots/share-senior-backend-engineer.png.
"""

from __future__ import annotations

import base64
import re
import shutil
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
        site, german = Path(temp) / "site", Path(temp) / "site-de"
        if _build(REPO / "content", site) or _build(_in_german(Path(temp)), german):
            return 1
        seed = PAGES["posting"].strip("/").rsplit("/", 1)[1]
        shutil.copyfile(site / PAGES["posting"] / "share.png", OUT / f"share-{seed}.png")
        with chromium() as driver:
            with serve(site) as url:
                for page, path in PAGES.items():
                    for device, (width, height, mobile) in DEVICES.items():
                        for scheme in SCHEMES:
                            _shoot(
                                driver, url + path, width, height, mobile, scheme, f"{page}-{device}-{scheme}"
                            )
            with serve(german) as url:  # the theme in German (language: de-DE)
                for page, path in PAGES.items():
                    _shoot(driver, url + path, *DEVICES["desktop"], "light", f"{page}-desktop-light-de")
    return 0


def _build(content: Path, site: Path) -> int:
    arguments = ["--content", str(content), "--templates", str(REPO / "templates")]
    return build(["build", *arguments, "--today", TODAY, "--out", str(site)])


def _in_german(folder: Path) -> Path:
    """A copy of the sample content whose site.yaml says `language: de-DE`."""
    content = folder / "content-de"
    shutil.copytree(REPO / "content", content)
    site_yaml = content / "site.yaml"
    site_yaml.write_text(
        re.sub(r"(?m)^language: .*$", "language: de-DE", site_yaml.read_text("utf-8")), "utf-8"
    )
    return content


def _shoot(driver: object, url: str, width: int, height: int, mobile: bool, scheme: str, name: str) -> None:
    set_viewport(driver, width, height, mobile)
    set_color_scheme(driver, scheme)
    driver.get(url)
    full_height = driver.execute_script("return document.scrollingElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": width, "height": full_height, "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    target = OUT / f"{name}.png"
    target.write_bytes(base64.b64decode(shot["data"]))
    print(target.relative_to(REPO))


if __name__ == "__main__":
    raise SystemExit(main())

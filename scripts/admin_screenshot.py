"""Take the README's screenshot of the browser editor editing the seed posting.

Run from the repository root (needs Debian's `chromium` and `chromium-driver`, Selenium, and
`npm ci` for the Decap CMS bundle):

    python scripts/admin_screenshot.py

It copies content/ and templates/ to a temporary folder, adds `cms:` to site.yaml with the CMS
from node_modules/ (served on 127.0.0.1, so nothing is fetched from the internet), runs
`build.py serve` there, logs in to the local backend, opens the seed posting and writes
docs/screenshots/admin-posting.png (a 1280-pixel-wide window).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402

from tests.browser_support import chromium  # noqa: E402
from tests.cms_support import field, log_in, served_project  # noqa: E402

TARGET = REPO / "docs" / "screenshots" / "admin-posting.png"


def main() -> int:
    """Serve the sample project, open the seed posting in the editor, save the screenshot."""
    with (
        tempfile.TemporaryDirectory(prefix="careersite-admin-") as temp,
        served_project(Path(temp)) as (url, _project),
        chromium(width=1280, height=1200) as driver,
    ):
        wait = log_in(driver, url)
        driver.get(url + "admin/#/collections/postings/entries/senior-backend-engineer")
        field(driver, wait, "salary")
        # The form has loaded: wait for the preview pane too, then let the widgets settle.
        wait.until(expected_conditions.presence_of_element_located((By.TAG_NAME, "iframe")))
        driver.execute_script("return new Promise(resolve => setTimeout(resolve, 1500))")
        TARGET.write_bytes(driver.get_screenshot_as_png())
    print(TARGET.relative_to(REPO))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

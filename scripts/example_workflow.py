"""Write this repository's own workflow, .github/workflows/careers.yml: the one `careersite init`
writes for the sample site's timezone, installing careersite from this checkout instead of PyPI.

    python scripts/example_workflow.py

tests/test_init.py checks that the file is what this script writes (and that actionlint passes).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from careersite.init import workflow  # noqa: E402

TARGET = REPO / ".github" / "workflows" / "careers.yml"
FROM_PYPI, FROM_HERE = "python -m pip install careersite", "python -m pip install ."


def example() -> str:
    """The workflow for content/site.yaml's timezone, with careersite installed from this checkout."""
    site = yaml.safe_load((REPO / "content" / "site.yaml").read_text(encoding="utf-8"))
    text = workflow(site.get("timezone", "UTC"))
    assert FROM_PYPI in text, "the starter workflow no longer installs careersite from PyPI"
    return text.replace(FROM_PYPI, FROM_HERE)


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(example(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO)}")

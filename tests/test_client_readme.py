"""Every Python example of the client's README and of the project README's client section passes
`mypy --strict` and runs against a live mock; the wheel `make dist` builds installs in a clean
virtualenv and works."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import DEV_KEY
from tests.documented import INDEX
from tests.live import REPO, running_mock
from tools import generate

CLIENT_README = REPO / "generated" / "flashstart-customerarea-client" / "README.md"
PROJECT_README = REPO / "README.md"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)


EXAMPLES = {
    **{
        f"client-{n}": code for n, code in enumerate(python_blocks(CLIENT_README.read_text(encoding="utf-8")))
    },
    **{
        f"project-{n}": code
        for n, code in enumerate(
            python_blocks(
                PROJECT_README.read_text(encoding="utf-8")
                .split("## Python client", 1)[1]
                .split("\n## ", 1)[0]
            )
        )
    },
}


def test_the_readmes_have_the_examples_the_issue_asks_for() -> None:
    text = "\n".join(EXAMPLES.values())
    assert len(EXAMPLES) >= 5
    for needed in ("os.environ", "asyncio.run", "sync_or_raise", ".sync(", "Retries(", "httpx.Timeout"):
        assert needed in text, needed
    assert "api.example.com" not in CLIENT_README.read_text(encoding="utf-8")


def write_examples(folder: Path) -> list[str]:
    files = []
    for name, code in EXAMPLES.items():
        path = folder / f"example_{name.replace('-', '_')}.py"
        path.write_text(code, encoding="utf-8")
        files.append(path.name)
    return files


def mypy_strict(
    folder: Path, files: list[str], python: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`.venv/bin/mypy --strict FILES` as the README says, from a folder outside the kit, with no
    MYPYPATH: the client must be found as it is installed (in `python`'s environment when given)."""
    env = {name: value for name, value in os.environ.items() if name != "MYPYPATH"}
    target = [] if python is None else ["--python-executable", str(python)]
    return subprocess.run(
        [str(Path(sys.executable).parent / "mypy"), "--strict", "--no-incremental", *target, *files],
        capture_output=True,
        text=True,
        cwd=folder,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def clean_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtualenv with nothing but pip, shared by the tests that install the client into it."""
    folder = tmp_path_factory.mktemp("clean") / "venv"
    venv.create(folder, with_pip=True)
    return folder


def uninstall(venv_folder: Path) -> None:
    """Whatever the other test installed of the client, so that pip installs it again, its own way."""
    pip = [str(venv_folder / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "uninstall", "--yes", "flashstart-customerarea-client"], capture_output=True, check=True
    )


def test_the_readme_says_how_to_type_check() -> None:
    text = PROJECT_README.read_text(encoding="utf-8") + CLIENT_README.read_text(encoding="utf-8")
    assert ".venv/bin/mypy --strict your_code.py" in text


@pytest.mark.e2e
def test_every_example_passes_mypy_strict_in_the_kits_venv(tmp_path: Path) -> None:
    result = mypy_strict(tmp_path, write_examples(tmp_path))
    assert result.returncode == 0, result.stdout


@pytest.mark.e2e
def test_every_example_passes_mypy_strict_where_make_installed_the_client_afresh(
    tmp_path: Path, clean_venv: Path
) -> None:
    """A fresh checkout's files (the Makefile and the client, without anything an install left beside
    them) and a new venv, where `make install-client` installs the client as `make install` does; the
    kit's mypy then type-checks against that venv (--python-executable), saving a second mypy install."""
    checkout = tmp_path / "kit"
    checkout.mkdir()
    shutil.copy(REPO / "Makefile", checkout)
    client = Path("generated") / "flashstart-customerarea-client"
    ignored = shutil.ignore_patterns(*generate.IGNORED, "*.egg-info")
    shutil.copytree(REPO / client, checkout / client, ignore=ignored)
    uninstall(clean_venv)
    make = subprocess.run(
        ["make", "-s", "install-client", f"VENV={clean_venv}"],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert make.returncode == 0, make.stderr[-3000:]
    result = mypy_strict(tmp_path, write_examples(tmp_path), python=clean_venv / "bin" / "python")
    assert result.returncode == 0, result.stdout


@pytest.mark.e2e
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_example_runs_against_the_mock(name: str) -> None:
    with running_mock("--today", "2026-01-15") as (base_url, _):
        env = {**os.environ, "FLASHSTART_BASE_URL": base_url, "FLASHSTART_API_KEY": DEV_KEY}
        result = subprocess.run(
            [sys.executable, "-c", EXAMPLES[name]], capture_output=True, text=True, env=env, timeout=120
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "the example printed nothing"
    assert DEV_KEY not in result.stdout + result.stderr


@pytest.mark.e2e
def test_the_wheel_installs_in_a_clean_virtualenv_and_works(tmp_path: Path, clean_venv: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path / "dist"),
         str(REPO / "generated" / "flashstart-customerarea-client")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("flashstart_customerarea_client-*.whl")
    version = wheel.name.split("-")[1]
    python = str(clean_venv / "bin" / "python")
    uninstall(clean_venv)
    installed = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-3000:]
    code = (
        "import flashstart_customerarea as f\n"
        "from flashstart_customerarea.api.directory import list_currencies\n"
        "import os\n"
        "c = f.AuthenticatedClient(base_url=os.environ['URL'], token=os.environ['KEY'])\n"
        "print(f.__version__, [x.currency_code for x in list_currencies.sync_or_raise(client=c)])\n"
    )
    with running_mock() as (base_url, _):
        ran = subprocess.run(
            [python, "-c", code],
            capture_output=True,
            text=True,
            env={"URL": base_url, "KEY": DEV_KEY},
            timeout=60,
        )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(f"{version} ['EUR'")
    assert version == INDEX.spec["info"]["version"]

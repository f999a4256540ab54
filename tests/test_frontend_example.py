"""The example consumer (examples/frontend/): openapi-fetch with the generated types package.

It type-checks (the package's declarations included, under the example's strict options); its
component tests pass on the package's msw handlers with no server; the README's command runs its flow
against one live mock again and again, in a session of its own; and each of its intentionally wrong
uses (examples/frontend/wrong/) fails `tsc` with the error that use deserves.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import DEV_KEY
from tests.documented import BASE_PATH
from tests.live import REPO, running_mock

EXAMPLE = REPO / "examples" / "frontend"
README = REPO / "README.md"
TSC = ["npx", "--no-install", "tsc"]
# The wrong uses are the user's mistakes: the libraries' own declarations are checked by the build.
STRICT = ["--noEmit", "--strict", "--skipLibCheck", "--target", "es2022", "--module", "nodenext"]
STRICT += ["--moduleResolution", "nodenext", "--lib", "es2022,dom"]

pytestmark = [
    pytest.mark.e2e,  # every test here starts a process
    pytest.mark.skipif(shutil.which("npm") is None, reason="no npm on this machine"),
]


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=EXAMPLE, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})}
    )


@pytest.fixture(scope="module")
def built() -> subprocess.CompletedProcess[str]:
    # The lock file pins openapi-fetch, msw and TypeScript; the types package is generated/typescript,
    # copied in (.npmrc: install-links) so that its msw entry finds the example's msw.
    installed = run("npm", "ci", "--no-audit", "--no-fund")
    assert installed.returncode == 0, installed.stderr
    return run(*TSC, "-p", ".")


def test_the_example_and_its_tests_type_check_with_the_packages_declarations(
    built: subprocess.CompletedProcess[str],
) -> None:
    assert built.returncode == 0, built.stdout


def test_the_component_tests_pass_on_the_msw_handlers_with_no_server(
    built: subprocess.CompletedProcess[str],
) -> None:
    assert json.loads((EXAMPLE / "package.json").read_text(encoding="utf-8"))["scripts"]["test"] == (
        "tsc -p . && node --test dist/handlers.test.js"
    )
    result = run("node", "--test", "dist/handlers.test.js")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^# pass [1-9]\d*$", result.stdout, re.M) and "\n# fail 0\n" in result.stdout


WRONG = {
    "content-before-status.ts": "error TS18046: 'answer.body' is of type 'unknown'",
    "no-such-field.ts": "error TS2339: Property 'serial_number' does not exist",
    "reason-of-another-answer.ts": "error TS2367",
    "handler-undocumented-status.ts": "error TS2322: Type '418' is not assignable to type '",
    "handler-unknown-example.ts": "error TS2322: Type '\"creditTooLow\"' is not assignable",
    "handler-example-of-another-status.ts": (
        "error TS2322: Type '\"licenseRenewed\"' is not assignable to type "
        '\'"insufficientCredit" | "licenseNotRenewable" | undefined\''
    ),
}


# The package README's examples use Vitest, which the example does not install: its hooks, declared.
VITEST = """declare module "vitest" {
  export function beforeAll(hook: () => unknown): void;
  export function afterEach(hook: () => unknown): void;
  export function afterAll(hook: () => unknown): void;
  export function test(name: string, body: () => unknown): void;
}
"""


def package_readme_examples() -> list[str]:
    text = (REPO / "generated" / "typescript" / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```ts\n(.*?)```", text, re.DOTALL)


@pytest.fixture(scope="module")
def strict_compiled(built: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """The wrong files and the package README's examples compiled in one run: each file's errors."""
    assert sorted(WRONG) == sorted(path.name for path in (EXAMPLE / "wrong").glob("*.ts"))
    readme = EXAMPLE / "dist" / "readme"  # dist/: beside node_modules, out of git
    shutil.rmtree(readme, ignore_errors=True)
    readme.mkdir(parents=True)
    (readme / "vitest.d.ts").write_text(VITEST, encoding="utf-8")
    examples = package_readme_examples()
    for number, example in enumerate(examples):
        (readme / f"example-{number}.ts").write_text(example + "export {};\n", encoding="utf-8")
    files = [f"wrong/{name}" for name in WRONG] + [
        f"dist/readme/example-{n}.ts" for n in range(len(examples))
    ]
    result = run(*TSC, *STRICT, "dist/readme/vitest.d.ts", *files)
    errors: dict[str, str] = {file: "" for file in files}
    for line in result.stdout.splitlines():
        file = line.partition("(")[0]
        errors[file] = errors.get(file, "") + line + "\n"
    return errors


@pytest.mark.parametrize(("wrong", "error"), WRONG.items())
def test_a_wrong_use_fails_tsc(strict_compiled: dict[str, str], wrong: str, error: str) -> None:
    assert error in strict_compiled[f"wrong/{wrong}"], strict_compiled


def test_the_package_readmes_examples_compile(strict_compiled: dict[str, str]) -> None:
    examples = {file: errors for file, errors in strict_compiled.items() if file.startswith("dist/readme/")}
    assert len(examples) == len(package_readme_examples()) >= 2
    assert set(examples.values()) == {""}, examples


def readme_commands() -> list[str]:
    section = README.read_text(encoding="utf-8").split("### TypeScript", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the README's TypeScript section has no sh block"
    return [line.split("  #", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_command_runs_the_flow_three_times_in_a_row_against_one_mock(
    built: subprocess.CompletedProcess[str],
) -> None:
    setup, flow, tests = readme_commands()
    assert setup == "cd examples/frontend && npm ci && npx tsc -p ."  # what `built` did
    assert tests == "npm test"  # test_the_component_tests_pass_on_the_msw_handlers_with_no_server
    # The README's command as a developer's shell runs it: no session given, the mock's key.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOCK_", "FLASHSTART_"))}
    env["FLASHSTART_API_KEY"] = DEV_KEY  # make exports an empty API_KEY; the example reads its own name
    with running_mock("--today", "2026-01-15") as (base_url, _):
        origin = base_url.removesuffix(BASE_PATH)
        command = flow.replace("http://127.0.0.1:8080", origin)
        assert command != flow
        summaries = []
        for _ in range(3):
            result = subprocess.run(
                ["bash", "-c", command], cwd=EXAMPLE, capture_output=True, text=True, timeout=60, env=env
            )
            assert result.returncode == 0, result.stderr
            summaries.append(json.loads(result.stdout))
        shared = httpx.get(origin + "/__mock/state").json()
    # Its own session, reset each time: the same answers every time, and the shared state untouched.
    first = summaries[0]
    assert summaries == [first] * 3
    assert first["session"] == "example-consumer"
    assert first["demos"] == ["assigned", "assigned", "limit reached"]
    assert first["third"] == "demo_limit_reached"
    assert first["renewed"] == ["LIC-000001", "renewed"]
    assert first["cancelled"] == ["LIC-000007", "cancelled"]
    assert "CL-Q-A005-M1" in first["offers"]
    assert sum(len(r["licenses"]) for r in shared["resellers"]) == 6


def test_the_flow_writes_nothing_where_no_mock_answers_its_reset(
    built: subprocess.CompletedProcess[str], tmp_path: Path
) -> None:
    # A server with the API under /gw and nothing at /__mock/, as the real one.
    log = tmp_path / "requests.jsonl"
    with running_mock("--log", str(log), "--prefix", "/gw", module="tests.recording_server") as (url, _):
        api = url.removesuffix(BASE_PATH) + "/gw" + BASE_PATH
        result = run("node", "dist/main.js", env={"FLASHSTART_BASE_URL": api, "FLASHSTART_API_KEY": DEV_KEY})
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith(
        "this example writes and spends credit, so it runs against the mock only: POST "
    ), result.stderr
    received = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [
        (r["method"], r["path"], r["keyed"]) for r in received if r["path"] != "/customerarea/openapi.json"
    ] == [("POST", "/__mock/reset", False)]

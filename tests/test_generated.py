"""`make check-generated` catches a hand edit of a generated file and a spec change not regenerated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from contract.sources import BUNDLE
from tools import generate

pytestmark = pytest.mark.e2e  # every test here starts a server, a process or a browser


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return generate.build(tmp_path_factory.mktemp("fresh"))


def test_committed_client_and_bundle_are_fresh(fresh: tuple[Path, Path]) -> None:
    bundle, client = fresh
    assert generate.differences(bundle, BUNDLE, "bundle") == []
    assert generate.differences(client, generate.CLIENT, "client") == []


def test_a_hand_edit_of_the_client_is_named(fresh: tuple[Path, Path], tmp_path: Path) -> None:
    _, client = fresh
    committed = tmp_path / "client"
    shutil.copytree(generate.CLIENT, committed)
    target = committed / "flashstart_customerarea" / "models" / "license_.py"
    target.write_text(target.read_text(encoding="utf-8") + "\n# hand edit\n", encoding="utf-8")
    (committed / "flashstart_customerarea" / "extra.py").write_text("", encoding="utf-8")
    assert generate.differences(client, committed, "client") == [
        "client/flashstart_customerarea/extra.py",
        "client/flashstart_customerarea/models/license_.py",
    ]


def test_a_spec_change_makes_the_bundle_stale(fresh: tuple[Path, Path], tmp_path: Path) -> None:
    bundle, _ = fresh
    changed = tmp_path / "openapi.yaml"
    changed.write_text(
        bundle.read_text(encoding="utf-8").replace("Renew a license", "Renew a licence"), encoding="utf-8"
    )
    assert generate.differences(changed, BUNDLE, "generated/openapi.yaml") == ["generated/openapi.yaml"]

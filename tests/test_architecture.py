"""The apps import one way (docs/architecture.md): import-linter's contracts in pyproject.toml."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120,
    )


def _packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["root_packages"]


def test_the_apps_import_one_way():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken" in result.stdout


def test_every_app_is_under_contract():
    """A new top-level package is placed in a layer, or the contract would not see it."""
    apps = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert apps == set(_packages())


def test_a_content_app_importing_the_desk_breaks_the_contract(tmp_path):
    for package in _packages():
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    models = tmp_path / "articles" / "models.py"
    models.write_text(models.read_text() + "\nfrom editorial import permissions  # noqa\n")

    result = _lint(tmp_path)

    assert result.returncode != 0
    assert "articles is not allowed to import editorial" in result.stdout
    assert "articles.models -> editorial.permissions" in result.stdout

"""Dependencies: every package imported is declared, and the lock files pin what pyproject.toml asks for.

`make` and the Dockerfile install only from the lock files, with `--require-hashes` (a package whose
bytes differ from the lock is refused). These tests keep the three in step: a dependency added to
pyproject.toml but not locked, a lock that no longer satisfies a range, an import of a package nobody
declared (it would arrive only as somebody else's dependency, and leave with it), or an install line that
bypasses the locks, each fails here.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ["bot", "dashboard", "services", "store", "cards", "graph", "programme", "dfbot", "infra"]
ELSEWHERE = ["tests", "benchmarks", "scripts"]
OURS = set(PRODUCT) | set(ELSEWHERE)
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements(extra: str | None = None) -> list[Requirement]:
    project = PYPROJECT["project"]
    found = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return [Requirement(line) for line in found]


def _locked(name: str) -> dict[str, str]:
    """{canonical name: version} pinned in a lock file."""
    text = (ROOT / name).read_text(encoding="utf-8")
    return {canonicalize_name(m[1]): m[2] for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", text, re.M)}


def _imports(folders: list[str]) -> set[str]:
    """Top-level names of third-party modules imported anywhere in these folders."""
    names: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
            # a script's sibling module (tests/questions/corpus/*/tools/) is its own, not a package
            names.update(n for n in found if not (path.parent / f"{n}.py").exists())
    return {n for n in names if n not in OURS and n not in sys.stdlib_module_names and n != "__future__"}


def _distributions(module: str) -> set[str]:
    return {canonicalize_name(d) for d in importlib.metadata.packages_distributions().get(module, [])}


def _declared(requirements: list[Requirement]) -> set[str]:
    return {canonicalize_name(r.name) for r in requirements}


def _undeclared(modules: set[str], declared: set[str]) -> list[str]:
    return sorted(m for m in modules if not (_distributions(m) & declared))


def test_every_package_the_product_imports_is_a_declared_dependency():
    assert _undeclared(_imports(PRODUCT), _declared(_requirements())) == []


def test_every_package_tests_benchmarks_and_scripts_import_is_declared_too():
    declared = _declared(_requirements()) | _declared(_requirements("dev"))
    assert _undeclared(_imports(ELSEWHERE), declared) == []


def test_the_check_finds_an_undeclared_import():
    """The control: msal (imported by graph/signin.py) counts as undeclared without its line."""
    declared = _declared(_requirements()) - {"msal"}
    assert "msal" in _undeclared(_imports(["graph"]), declared)


@pytest.mark.parametrize("lock, extras", [("requirements.lock", [None]), ("requirements-dev.lock", [None, "dev"])])
def test_each_lock_pins_every_dependency_within_its_range(lock, extras):
    pinned = _locked(lock)
    problems = []
    for extra in extras:
        for requirement in _requirements(extra):
            if requirement.marker is not None and not requirement.marker.evaluate():
                continue
            version = pinned.get(canonicalize_name(requirement.name))
            if version is None:
                problems.append(f"{requirement.name}: not in {lock}")
            elif not requirement.specifier.contains(version, prereleases=True):
                problems.append(f"{requirement.name}=={version} outside {requirement.specifier}")
    assert problems == []


def test_the_bots_lock_and_the_dev_lock_agree_and_every_pin_carries_hashes():
    bot, dev = _locked("requirements.lock"), _locked("requirements-dev.lock")
    assert {name: v for name, v in bot.items() if dev.get(name) != v} == {}
    for lock in ("requirements.lock", "requirements-dev.lock", "requirements-build.lock"):
        blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", (ROOT / lock).read_text(encoding="utf-8"))
        unhashed = [b.split()[0] for b in blocks if "==" in b.split("\n")[0] and "--hash=sha256:" not in b]
        assert unhashed == [], lock


def test_make_and_the_dockerfile_install_only_from_the_locks_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    for text in (makefile, dockerfile):
        installs = [line for line in text.splitlines() if re.search(r"pip install\b", line)]
        assert installs
        for line in installs:
            assert "--require-hashes" in line or ("--no-deps" in line and "--no-build-isolation" in line), line
    assert "-r requirements-dev.lock" in makefile
    assert "-r requirements.lock" in dockerfile

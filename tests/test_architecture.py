"""The layers point one way (docs/architecture.md), and each outside SDK lives in one package.

    dfbot (web app, CLI, scheduler) → bot, dashboard → services → store, cards, graph → programme

A package may skip layers downwards, never import one above it or a sibling of its own layer. `infra/`
(settings, log helpers, owner-only files, reading a certificate, metrics) stands beside the stack at the bottom:
it imports nothing of the project, and `programme/`, its sibling, may not import it (no I/O there). An import inside a function is there for start-up time only, and says so.
`programme/` opens no file: reading and writing them (CSV, XLSX, YAML, owner-only exports) is services/files'.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {
    "dfbot": 0,
    "bot": 1,
    "dashboard": 1,
    "services": 2,
    "store": 3,
    "cards": 3,
    "graph": 3,
    "programme": 4,
    "infra": 4,
}
SDKS = {
    "botbuilder": {"bot"},
    "msgraph": {"graph"},
    "msgraph_core": {"graph"},
    "azure": {"graph"},
    "kiota_abstractions": {"graph"},
    "kiota_http": {"graph"},
    "msal": {"graph"},
    "sqlalchemy": {"store"},
    "alembic": {"store"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path) -> list[tuple[str, ast.stmt, bool]]:
    """(imported module, statement, inside a function) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[tuple[str, ast.stmt, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                out.extend((a.name, child, nested) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join(anchor + ([child.module] if child.module else []))
                out.extend(
                    (f"{base}.{a.name}" if _is_module(f"{base}.{a.name}") else base, child, nested) for a in child.names
                )
            visit(child, inner)

    visit(tree, False)
    return out


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _layer_violations() -> list[str]:
    modules, problems = _modules(), []
    for name, path in sorted(modules.items()):
        top = name.split(".")[0]
        for target, stmt, _nested in _imports(name, path):
            other = target.split(".")[0]
            if other not in LAYERS or other == top:
                continue
            if LAYERS[other] <= LAYERS[top]:
                problems.append(
                    f"{path.relative_to(ROOT)}:{stmt.lineno} {top} imports {target} ({other} is not below {top})"
                )
    return problems


def test_every_package_imports_only_the_layers_below_it():
    assert _layer_violations() == []


def test_infra_imports_nothing_of_the_project():
    modules = {name: path for name, path in _modules().items() if name.split(".")[0] == "infra"}
    assert {"infra.config", "infra.logs", "infra.private_files", "infra.certificates", "infra.metrics"} <= set(modules)
    for name, path in modules.items():
        inside = [t for t, _, _ in _imports(name, path) if t.split(".")[0] in LAYERS and t.split(".")[0] != "infra"]
        assert inside == [], f"{name} must import nothing of the project, imports {inside}"


def test_each_outside_sdk_is_imported_by_one_package():
    problems = []
    for name, path in _modules().items():
        top = name.split(".")[0]
        for target, stmt, _ in _imports(name, path):
            owners = SDKS.get(target.split(".")[0])
            if owners is not None and top not in owners and "migrations" not in path.parts:
                problems.append(
                    f"{path.relative_to(ROOT)}:{stmt.lineno} imports {target} (belongs in {sorted(owners)})"
                )
    assert problems == []


def test_an_import_inside_a_function_says_it_is_for_start_up_time():
    problems = []
    for name, path in _modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        module_says = "kept for start-up time" in (ast.get_docstring(ast.parse("\n".join(lines))) or "")
        for target, stmt, nested in _imports(name, path):
            if (
                nested
                and target.split(".")[0] in LAYERS
                and not module_says
                and "start-up time" not in lines[stmt.lineno - 1]
            ):
                problems.append(f"{path.relative_to(ROOT)}:{stmt.lineno} imports {target} inside a function")
    assert problems == []


# programme/ opens no file: services/files reads and writes them (CSV, XLSX, YAML) and hands over rows and values.
FILE_MODULES = {
    "os",
    "io",
    "pathlib",
    "csv",
    "shutil",
    "tempfile",
    "zipfile",
    "glob",
    "openpyxl",
    "importlib",
    "infra.private_files",
}
FILE_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes"}


def _file_io_in_programme() -> list[str]:
    """Every import of a file or format module, and every call that opens or reads a file, under programme/."""
    problems = []
    for name, path in sorted(_modules().items()):
        if name.split(".")[0] != "programme":
            continue
        where = path.relative_to(ROOT)
        for target, stmt, _ in _imports(name, path):
            if any(target == m or target.startswith(m + ".") for m in FILE_MODULES):
                problems.append(f"{where}:{stmt.lineno} imports {target} (files belong in services/files)")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if called in FILE_CALLS:
                    problems.append(f"{where}:{node.lineno} calls {called}() (files belong in services/files)")
    return problems


def test_programme_reads_and_writes_no_files():
    """programme/ is plain Python: it parses the rows and values it is given, and opens nothing."""
    assert _file_io_in_programme() == []


def test_the_checker_sees_file_io_in_programme():
    """The rule can fail: a programme module importing pathlib and openpyxl and calling open() is reported."""
    bad = ROOT / "programme" / "_file_io_probe.py"
    bad.write_text(
        "from pathlib import Path\nimport openpyxl\n\n\ndef f(p):\n    return open(p).read()\n", encoding="utf-8"
    )
    try:
        found = [p for p in _file_io_in_programme() if "_file_io_probe" in p]
        assert [p.split(" ", 1)[1] for p in found] == [
            "imports pathlib (files belong in services/files)",
            "imports openpyxl (files belong in services/files)",
            "calls open() (files belong in services/files)",
        ], found
    finally:
        bad.unlink()


def test_the_checker_sees_a_wrong_way_import(tmp_path, monkeypatch):
    """The rule can fail: a services module importing bot is reported."""
    bad = ROOT / "services" / "_wrong_way_probe.py"
    bad.write_text("from bot import commands\n", encoding="utf-8")
    try:
        assert any("_wrong_way_probe" in p for p in _layer_violations())
    finally:
        bad.unlink()


@pytest.mark.timeout(600)
def test_a_non_editable_install_has_every_package_and_its_data(tmp_path):
    """As the Dockerfile installs it (a built wheel, not the source tree): every package, the card
    templates, the default plan and the learned intent model are there, and the model loads and reads."""
    site, source = tmp_path / "site", tmp_path / "source"  # a copy: the build leaves no build/ in the tree
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "build", "var", "tests", ".make", "*.egg-info", "__pycache__"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(source)],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        timeout=540,
    )
    probe = (
        "import importlib.resources as r, dfbot.web, services.context, bot.app, dashboard.routes, cards, programme;"
        "print(r.files('programme').joinpath('default_plan.yaml').is_file());"
        "print(any(p.name.endswith('.json') for p in r.files('cards').joinpath('templates').iterdir()));"
        "import services; print(services.__file__);"
        "from services import language; m = language.intent_model();"
        "print(m is not None and m.predict('who leads xxproject').intent)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    ).stdout.split()
    assert out[:2] == ["True", "True"]
    assert out[2].startswith(str(site)), out[2]
    assert out[3] == "leads", out

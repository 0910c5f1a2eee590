"""The package's layers: each module imports only from its own layer or those below it,
no import cycle, and no private name imported across modules."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "budgetx"

# Lowest first. A module may import from its own layer and every layer before it.
LAYERS = [
    ("budgetx.model", "budgetx.errors", "budgetx.vocabulary"),
    ("budgetx.values",),
    ("budgetx.schema",),
    ("budgetx.reader",),
    ("budgetx.table",),
    ("budgetx.check",),
    ("budgetx.writers",),
    ("budgetx.pipeline", "budgetx.batch", "budgetx.limits", "budgetx.overlay", "budgetx.cluster"),
    ("budgetx.cli", "budgetx.__main__"),
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    for i, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return i
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every budgetx import in the file, lazy ones included."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("budgetx"):
            out.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names if a.name.startswith("budgetx")]
    return out


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py") if _module_name(p) != "budgetx"}


def test_every_import_points_down_the_layers() -> None:
    wrong = []
    for module, path in _modules().items():
        for target, names in _imports(path):
            full = [f"{target}.{n}" for n in names if f"{target}.{n}" in _modules()] or [target]
            for t in full:
                if _layer(t) > _layer(module):
                    wrong.append(f"{module} imports {t}")
    assert wrong == []


def test_no_import_cycle() -> None:
    modules = _modules()
    graph = {m: {t for t, _ in _imports(p) if t in modules and t != m} for m, p in modules.items()}
    state: dict[str, int] = {}

    def visit(m: str, trail: list[str]) -> None:
        state[m] = 1
        for t in graph[m]:
            assert state.get(t) != 1, "import cycle: " + " → ".join(trail + [m, t])
            if t not in state:
                visit(t, trail + [m])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [])


def test_no_private_name_crosses_modules() -> None:
    wrong = [f"{module} imports {target}.{name}"
             for module, path in _modules().items()
             for target, names in _imports(path)
             for name in names if name.startswith("_") and name != "__version__"]
    assert wrong == []


def test_the_layers_test_sees_the_package() -> None:
    # A guard that the checks above ran over real modules, not an empty folder.
    assert {"budgetx.reader.align", "budgetx.check.checks", "budgetx.cli.app"} <= set(_modules())

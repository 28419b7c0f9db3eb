"""The import rules of docs/architecture.md, checked on the source (AST, no import run).

- no cycle among the project's modules (imports inside functions count; imports under
  ``if TYPE_CHECKING:`` do not, since they never run);
- ``allocation`` never imports ``streamlit``, ``ui`` or ``views``;
- ``allocation.evaluation`` imports neither the model nor the solver (it is their oracle);
- no ``from X import _private`` across modules of the application (tests may reach into the
  modules they test).

A module ``a.b`` that imports ``a.b.c`` has an edge to ``a.b.c``; ``from a.b import name`` has
an edge to ``a.b.name`` when that is a module, else to the package ``a.b`` itself (whose
``__init__`` runs), so a submodule importing from its own package's ``__init__`` that re-exports
it is a cycle, as it is at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = ("allocation", "ui", "views")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    found = {"app": ROOT / "app.py"}
    for top in TOP:
        for path in sorted((ROOT / top).rglob("*.py")):
            found[_module_name(path)] = path
    return found


SOURCES = _sources()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, imported names, line) for every import that runs, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, list[str], int]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, [], child.lineno) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                found.append((base, [alias.name for alias in child.names], child.lineno))
            visit(child)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in SOURCES}
    for name, path in SOURCES.items():
        for module, names, _ in _imports(path):
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in SOURCES]
            if len(targets) < len(names) or not names:
                targets.append(module)
            graph[name].update(t for t in targets if t in SOURCES and t != name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_allocation_never_imports_the_interface() -> None:
    offending = [
        f"{name}:{line} imports {module}"
        for name, path in SOURCES.items()
        if name.startswith("allocation")
        for module, _, line in _imports(path)
        if module.split(".")[0] in ("streamlit", "ui", "views", "app")
    ]
    assert offending == []


def test_evaluation_is_independent_of_model_and_solver() -> None:
    forbidden = ("allocation.model", "allocation.run", "allocation.pipeline", "highspy", "pulp")
    offending = [
        f"{module} (line {line})"
        for module, _, line in _imports(SOURCES["allocation.evaluation"])
        if module.startswith(forbidden)
    ]
    assert offending == []


def test_no_private_name_imported_across_modules() -> None:
    offending = [
        f"{name}:{line} imports {module}.{imported}"
        for name, path in SOURCES.items()
        for module, names, line in _imports(path)
        if module.split(".")[0] in (*TOP, "app")
        for imported in names
        if imported.startswith("_") and not imported.startswith("__")
    ]
    assert offending == []


def test_modules_stay_small() -> None:
    """One job per room: no module over 700 lines except the text catalogue."""
    exempt = {"ui.text"}
    large = {
        name: n
        for name, path in SOURCES.items()
        if name not in exempt and (n := len(path.read_text(encoding="utf-8").splitlines())) > 700
    }
    assert large == {}


def test_the_one_private_streamlit_attribute_app_py_sets_still_exists():
    """app.py marks Streamlit's "not under streamlit run" check as done (it costs 0,2 s of the
    first page load). The attribute is private: when a Streamlit release renames it, the patch
    silently stops working, so this test fails instead."""
    from streamlit import delta_generator

    assert hasattr(delta_generator, "_use_warning_has_been_displayed")
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "_use_warning_has_been_displayed" in source


def test_one_page_list():
    """The menu (app.py) and the Start page's steps come from ui.pages.PAGES, and every page
    script in views/ is on it exactly once."""
    from ui.pages import PAGES

    paths = [p.path for p in PAGES]
    assert len(paths) == len(set(paths))
    assert sorted(paths) == sorted(f"views/{f.name}" for f in (ROOT / "views").glob("*.py")
                                   if f.name != "__init__.py")
    assert "st.Page(\"views/" not in (ROOT / "app.py").read_text(encoding="utf-8")

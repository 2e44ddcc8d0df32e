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


def imports_of(path: Path) -> set[str]:
    """Absolute names of every module imported by `path` (relative imports resolved,
    `importlib.import_module("x")` / `__import__("x")` with a literal included)."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(tree):
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
    ],
    ids=["core", "domain", "storage", "handlers"],
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
        "('telegram', 'aiosqlite', 'storage', 'handlers'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""

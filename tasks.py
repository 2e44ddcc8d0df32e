#!/usr/bin/env python3
"""Bootstrap for a fresh machine with only Python 3.11+.

    python3 tasks.py run       # create .venv, install, run the bot (the offline demo without a token)
    python3 tasks.py test      # create .venv, install, run ruff, mypy and the whole test suite
    python3 tasks.py coverage  # the whole test suite under coverage; prints the total
    python3 tasks.py lock      # rewrite constraints.txt from .venv (--upgrade: newest versions first)

Extra arguments are passed on (`python3 tasks.py run migrate`, `python3 tasks.py test -k roster`).
Installs take the exact versions in constraints.txt, the ones the tests last passed with.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".propdesk-installed"
CONSTRAINTS = ROOT / "constraints.txt"
PARALLEL = ["-n", "4", "--dist", "worksteal"]
# Never pinned: the project itself, and the build tools pip manages on its own.
UNPINNED = {"propdesk", "setuptools", "wheel"}
LOCK_HEADER = """\
# Exact versions of everything installed in the tested environment (runtime and dev).
# `python3 tasks.py` installs with `pip install -c constraints.txt`; pyproject.toml keeps the
# ranges. Regenerate with `python3 tasks.py lock` (after a dependency change) or
# `python3 tasks.py lock --upgrade` (newest allowed versions), run the tests, commit.
"""


def _python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def _install_inputs() -> str:
    """Hash of what decides the installed set: a change to either file re-installs."""
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        path = ROOT / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b""))
    return digest.hexdigest()


def ensure_environment(*, fresh_unpinned: bool = False) -> None:
    """(Re)install only when pyproject.toml or constraints.txt changed since the last install.

    `fresh_unpinned` (for `lock --upgrade`) rebuilds .venv from nothing with the newest
    versions pyproject.toml allows, ignoring constraints.txt.
    """
    if sys.version_info < (3, 11):  # noqa: UP036 (tasks.py may run under an older python3)
        sys.exit("propdesk needs Python 3.11 or newer")
    wanted = _install_inputs()
    if fresh_unpinned:
        shutil.rmtree(VENV, ignore_errors=True)
    elif STAMP.exists() and STAMP.read_text().strip() == wanted and _python().exists():
        return
    if not _python().exists():
        print("creating virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing propdesk and its dependencies …", flush=True)
    pip = [str(_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    pins = [] if fresh_unpinned or not CONSTRAINTS.exists() else ["-c", str(CONSTRAINTS)]
    subprocess.run([*pip, "--upgrade", "pip", *pins], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev]", *pins], check=True)
    STAMP.write_text(wanted)
    if pins and (extra := sorted(set(_frozen()) - set(_pinned()))):
        # A dependency added to pyproject.toml is installed unpinned until the next lock.
        print(f"not in constraints.txt yet: {', '.join(extra)} (run `python3 tasks.py lock`)")


def _frozen(strict: bool = False) -> list[str]:
    """`name==version` of every package in .venv except UNPINNED, sorted by name; `strict`
    refuses a package that was not installed from the index (it cannot be pinned)."""
    out = subprocess.run(
        [str(_python()), "-m", "pip", "freeze", "--all", "--exclude-editable"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pins = []
    for line in out.splitlines():
        name, sep, _version = line.partition("==")
        if not sep or line.startswith(("#", "-")):
            if strict and line.strip() and not line.startswith("#"):
                sys.exit(f"cannot pin {line!r}: install it from the package index")
            continue
        if _normalized(name) not in UNPINNED:
            pins.append(line)
    return sorted(pins, key=lambda pin: _normalized(pin.partition("==")[0]))


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pinned() -> list[str]:
    if not CONSTRAINTS.exists():
        return []
    lines = CONSTRAINTS.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def lock(extra: list[str]) -> int:
    """Write constraints.txt from .venv; `--upgrade` first rebuilds .venv with the newest."""
    if extra not in ([], ["--upgrade"]):
        print("usage: python3 tasks.py lock [--upgrade]")
        return 2
    ensure_environment(fresh_unpinned=extra == ["--upgrade"])
    pins = _frozen(strict=True)
    CONSTRAINTS.write_text(LOCK_HEADER + "\n".join(pins) + "\n", "utf-8")
    STAMP.write_text(_install_inputs())  # .venv is exactly what the new file pins
    print(f"constraints.txt: {len(pins)} packages pinned; run `python3 tasks.py test`, then commit")
    return 0


def _test_env() -> dict[str, str]:
    # Cached bytecode (also for the bots the tests start as subprocesses) saves seconds per
    # process: pytest's assertion rewriting is redone at every start without it.
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _parallel(extra: list[str]) -> list[str]:
    # The end-to-end tests mostly wait on a bot reacting over HTTP, so four workers on two
    # cores overlap those waits; worksteal keeps the slow crash tests from piling up on one.
    return [] if any(arg.startswith(("-n", "--numprocesses")) for arg in extra) else PARALLEL


def test(extra: list[str]) -> int:
    python = str(_python())
    lint = subprocess.call([python, "-m", "ruff", "check", "."])
    types = subprocess.call([python, "-m", "mypy"])  # what and how strictly: pyproject.toml
    tests = subprocess.call(
        [python, "-m", "pytest", "-q", *_parallel(extra), *extra], env=_test_env()
    )
    return tests or lint or types


def coverage(extra: list[str]) -> int:
    """The suite under coverage (pyproject.toml [tool.coverage]: bot, handlers, storage,
    including the bots the end-to-end tests start as processes); prints the total."""
    python = str(_python())
    subprocess.call([python, "-m", "coverage", "erase"])
    tests = subprocess.call(
        [python, "-m", "pytest", "-q", "--cov", "--cov-report=", *_parallel(extra), *extra],
        env=_test_env(),
    )
    subprocess.call([python, "-m", "coverage", "combine", "-q"], stderr=subprocess.DEVNULL)
    subprocess.call([python, "-m", "coverage", "report"])
    total = subprocess.run(
        [python, "-m", "coverage", "report", "--format=total"], capture_output=True, text=True
    ).stdout.strip()
    print(f"total coverage of bot, handlers and storage: {total} %")
    return tests


def main() -> int:
    commands = {"run", "test", "coverage", "lock"}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    command, extra = sys.argv[1], sys.argv[2:]
    os.chdir(ROOT)
    if command == "lock":
        return lock(extra)
    ensure_environment()
    if command == "run":
        return subprocess.call([str(_python()), "-m", "bot", *(extra or ["run"])])
    if command == "coverage":
        return coverage(extra)
    return test(extra)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Bootstrap for a fresh machine with only Python 3.11+.

    python3 tasks.py run    # create .venv, install, run the bot (the offline demo without a token)
    python3 tasks.py test   # create .venv, install, run ruff and the whole test suite

Extra arguments are passed on (`python3 tasks.py run migrate`, `python3 tasks.py test -k roster`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".propdesk-installed"
PARALLEL = ["-n", "4", "--dist", "worksteal"]


def _python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_environment() -> None:
    """(Re)install only when pyproject.toml changed since the last install."""
    if sys.version_info < (3, 11):  # noqa: UP036 (tasks.py may run under an older python3)
        sys.exit("propdesk needs Python 3.11 or newer")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and _python().exists():
        return
    if not _python().exists():
        print("creating virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing propdesk and its dependencies …", flush=True)
    pip = [str(_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test"}:
        print(__doc__)
        return 2
    ensure_environment()
    extra = sys.argv[2:]
    os.chdir(ROOT)
    if sys.argv[1] == "run":
        return subprocess.call([str(_python()), "-m", "bot", *(extra or ["run"])])
    lint = subprocess.call([str(_python()), "-m", "ruff", "check", "."])
    # The end-to-end tests mostly wait on a bot reacting over HTTP, so four workers on two
    # cores overlap those waits; worksteal keeps the slow crash tests from piling up on one.
    parallel = [] if any(arg.startswith(("-n", "--numprocesses")) for arg in extra) else PARALLEL
    # Cached bytecode (also for the bots the tests start as subprocesses) saves seconds per
    # process: pytest's assertion rewriting is redone at every start without it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    tests = subprocess.call([str(_python()), "-m", "pytest", "-q", *parallel, *extra], env=env)
    return tests or lint


if __name__ == "__main__":
    sys.exit(main())

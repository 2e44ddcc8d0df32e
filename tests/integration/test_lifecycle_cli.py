"""`propdesk residents import FILE [--dry-run|--apply|--hold]` on a real file (issue 16)."""

from __future__ import annotations

import sqlite3

from bot.cli.main import main
from tests.integration.test_cli import env  # noqa: F401  (the fixture)

ROSTER = "building,unit,room,name,phone\n3,2,1102,王芳,13800000001\n"
NEW_OWNER = "building,unit,room,name,phone\n3,2,1102,李四,13800000009\n"


def bind_someone(path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO users (id, first_name, role, home_id, phone, created_at, updated_at)"
            " VALUES (1, 'Alice', 'resident', 1, '+8613800000001', '2025-01-01', '2025-01-01')"
        )


def test_the_plan_comes_first_and_detaching_needs_apply(env, capsys):  # noqa: F811
    first = env / "roster.csv"
    first.write_text(ROSTER, "utf-8")
    assert main(["residents", "import", str(first)]) == 0  # detaches nobody: applied
    assert "1 new homes" in capsys.readouterr().out
    bind_someone(env / "cli.sqlite3")
    second = env / "new.csv"
    second.write_text(NEW_OWNER, "utf-8")

    assert main(["residents", "import", str(second), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 owner changes, 1 people to detach" in out and "Dry run" in out
    assert "13800000009" not in out and "*******0009" in out  # masked
    assert main(["residents", "import", str(second)]) == 3
    assert "--apply" in capsys.readouterr().out
    with sqlite3.connect(env / "cli.sqlite3") as conn:
        assert conn.execute("SELECT home_id FROM users WHERE id = 1").fetchone()[0] == 1

    assert main(["residents", "import", str(second), "--apply"]) == 0
    with sqlite3.connect(env / "cli.sqlite3") as conn:
        assert conn.execute("SELECT home_id, role FROM users WHERE id = 1").fetchone() == (
            None,
            None,
        )
        reasons = conn.execute(
            "SELECT data FROM events WHERE kind = 'membership.detached'"
        ).fetchall()
    assert len(reasons) == 1 and "roster_owner_changed" in reasons[0][0]


def test_an_xlsx_roster_imports_from_the_command_line(env, capsys):  # noqa: F811
    from openpyxl import Workbook

    book = Workbook()
    for line in ROSTER.strip().splitlines():
        book.active.append(line.split(","))
    book.save(env / "roster.xlsx")
    assert main(["residents", "import", str(env / "roster.xlsx")]) == 0
    assert "1 added" in capsys.readouterr().out

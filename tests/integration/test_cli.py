"""The `propdesk` command line on real files: migrate, residents import, backup, classify."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest

from bot.cli.main import main


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    for key in ("TELEGRAM_BOT_TOKEN", "MANAGER_IDS", "STAFF_CHAT_ID", "DEFAULT_LANGUAGE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "cli.sqlite3"))
    monkeypatch.setenv("DEFAULT_LANGUAGE", "en")
    # The CLI installs its own root log handler; keep pytest's logging intact for other tests.
    monkeypatch.setattr("bot.cli.main.configure_logging", lambda *args: None)
    return tmp_path


def test_migrate_then_import_reports_bad_lines_and_keeps_good_rows(env, capsys):
    assert main(["migrate"]) == 0
    assert "latest version" in capsys.readouterr().out
    roster = env / "owners.csv"
    roster.write_text(
        "\ufeff楼栋,单元,房号,姓名,电话\n3,2,1102,张三,+86 138-0000-0001\n3,2,,李四,13800000002\n"
        "5,1,0601,王五,not-a-phone\n5,1,0602,赵六,008613800000004\n",
        "utf-8",
    )
    assert main(["residents", "import", str(roster)]) == 1  # some rows failed
    captured = capsys.readouterr()
    assert "line 3" in captured.err and "line 4" in captured.err
    assert "2 added" in captured.out
    assert main(["residents", "import", str(roster)]) == 1
    assert "0 added, 2 updated" in capsys.readouterr().out  # re-import never duplicates
    with sqlite3.connect(env / "cli.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM roster").fetchone()[0] == 2
        phones = {row[0] for row in conn.execute("SELECT phone FROM roster")}
    assert phones == {"+8613800000001", "+8613800000004"}


def test_backup_is_a_consistent_copy(env, capsys):
    assert main(["migrate"]) == 0
    roster = env / "owners.csv"
    roster.write_text("building,unit,room,name,phone\n1,1,101,A,13800000009\n", "utf-8")
    main(["residents", "import", str(roster)])
    target = env / "backups" / "copy.sqlite3"
    assert main(["backup", str(target)]) == 0
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM roster").fetchone()[0] == 1


def test_classify_prints_one_json_object_per_line(env, monkeypatch, capsys):
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("电梯里有人被困了！\n\nthe gym treadmill is broken\n")
    )
    assert main(["classify"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    first, second = (json.loads(line) for line in lines)
    assert first["kind"] == "repair" and first["category"] == "elevator" and first["urgent"] is True
    assert second["category"] == "facilities" and 0 <= second["confidence"] <= 1


def test_a_malformed_setting_stops_start_up_with_one_line_naming_the_key(env, monkeypatch, capsys):
    monkeypatch.setenv("MANAGER_IDS", "12,abc")
    assert main(["migrate"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "MANAGER_IDS" in err

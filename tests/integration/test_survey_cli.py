"""`propdesk survey …` on a real database file: import, launch, list, close, results."""

from __future__ import annotations

import json
import sqlite3

import pytest

from bot.cli.main import main
from bot.services.surveys.definitions import builtin_text


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for key in ("TELEGRAM_BOT_TOKEN", "MANAGER_IDS", "DEFAULT_LANGUAGE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "cli.sqlite3"))
    # The real one adds a handler on this test's captured stderr, which later tests would
    # find closed ("--- Logging error ---" in their output).
    monkeypatch.setattr("bot.cli.main.configure_logging", lambda *args: None)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["survey", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def seed_residents(tmp_path, homes=(("3", 701), ("5", 702))) -> None:
    """Registered residents in the CLI's database file (the CLI migrated it)."""
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        for building, user_id in homes:
            home = db.execute(
                "INSERT INTO homes (building, unit, room) VALUES (?, '1', ?)", (building, user_id)
            ).lastrowid
            db.execute(
                "INSERT INTO users (id, role, home_id, created_at, updated_at)"
                " VALUES (?, 'resident', ?, '2026-01-01T00:00:00', '2026-01-01T00:00:00')",
                (user_id, home),
            )


def test_the_survey_commands(cli, tmp_path):
    code, out, _ = cli("list")
    assert code == 0 and "satisfaction v1" in out and "还没有调查" in out
    seed_residents(tmp_path)
    custom = tmp_path / "mine.yaml"
    custom.write_text(builtin_text().replace("id: satisfaction", "id: mine"), "utf-8")
    code, out, _ = cli("import", str(custom))
    assert code == 0 and "已导入问卷 mine（版本 1，14 题）" in out
    code, out, _ = cli(
        "launch",
        "mine",
        "--audience",
        "buildings:3,5",
        "--at",
        "2030-01-02 09:00",
        "--every",
        "quarterly",
        "--deadline",
        "10d",
        "--reminders",
        "2",
        "--anonymous",
    )
    assert (
        code == 0
        and "已安排调查 #1（mine v1），开始 2030-01-02 09:00，截止 2030-01-12 09:00" in out
    )
    code, out, _ = cli("list")
    assert "#1 mine v1 · 待发出" in out and "audience=buildings:3,5" in out
    assert "every='0 9 1 1,4,7,10 *'" in out and "reminders=0/2 anonymous" in out
    code, out, _ = cli("results", "1", "--format", "json")
    data = json.loads(out)
    assert data["campaign"]["anonymous"] is True and data["invited"] == 0
    assert data["response_rate"] is None and len(data["dimensions"]) == 10
    code, out, _ = cli("results", "1", "--lang", "en")
    assert "Survey #1: Resident satisfaction survey" in out and "<b>" not in out
    for fmt, magic in (("csv", b"\xef\xbb\xbfresponse"), ("xlsx", b"PK"), ("png", b"\x89PNG")):
        code, out, _ = cli("results", "1", "--format", fmt)
        assert code == 0 and (tmp_path / f"survey-1.{fmt}").read_bytes().startswith(magic)
    code, out, _ = cli("close", "1")
    assert code == 0 and "调查 #1：已取消" in out
    code, _, err = cli("close", "1")
    assert code == 1 and "已经结束" in err


def test_bad_input_gets_one_clear_line(cli, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(builtin_text().replace("type: nps", "type: npss"), "utf-8")
    code, _, err = cli("import", str(broken))
    assert code == 1 and "第 13 题（nps）字段 type" in err
    code, _, err = cli("launch", "satisfaction", "--audience", "everyone")
    assert code == 1 and "无法识别调查对象" in err
    code, _, err = cli("launch", "satisfaction", "--every", "sometimes")
    assert code == 1 and "无法识别周期" in err
    code, _, err = cli("launch", "nope")
    assert code == 1 and "没有找到调查问卷" in err
    code, _, err = cli("results", "99")
    assert code == 1 and "#99" in err


def test_launch_prints_the_forecast_and_refuses_nonsense(cli, tmp_path):
    """Issue 12 items 2, 7 and 11 on the command line."""
    cli("list")
    seed_residents(tmp_path)
    code, _, err = cli("launch", "satisfaction", "--audience", "buildings:9")
    assert code == 1 and "没有楼栋 9" in err
    code, _, err = cli("launch", "satisfaction", "--at", "2020-01-01 09:00")
    assert code == 1 and "已经过去了" in err
    code, _, err = cli("launch", "satisfaction", "--deadline", "0d")
    assert code == 1 and "期限必须大于 0" in err
    code, _, err = cli("launch", "satisfaction", "--every", "weekly", "--deadline", "14d")
    assert code == 1 and "重复周期太短" in err
    code, out, _ = cli("launch", "satisfaction", "--audience", "buildings:3")
    assert code == 0 and "将邀请 1 位住户（对象共 1 位）" in out
    code, out, _ = cli("results", "1", "--format", "json", "--output", "r.json")
    assert code == 0 and json.loads((tmp_path / "r.json").read_text("utf-8"))["invited"] == 0
    code, out, _ = cli("results", "1", "--format", "text", "--output", "r.txt")
    assert code == 0 and "调查 #1" in (tmp_path / "r.txt").read_text("utf-8")

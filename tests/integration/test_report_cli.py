"""`propdesk report` on the hand-computed estate: every format, and a refused range."""

from __future__ import annotations

import asyncio
import csv
import io
import json

import pytest
from openpyxl import load_workbook

from bot.cli.main import main
from storage.db import Database
from tests.support.report_fixture import seed

NOVEMBER = ["report", "--from", "2026-11-01", "--to", "2026-11-30"]


async def _seed(path) -> None:
    db = Database(path)
    await db.connect()
    await seed(db)
    await db.close()


@pytest.fixture
def estate(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key in ("TELEGRAM_BOT_TOKEN", "MANAGER_IDS", "STAFF_CHAT_ID"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "cli.sqlite3"))
    monkeypatch.setenv("DEFAULT_LANGUAGE", "zh")
    monkeypatch.setattr("bot.cli.main.configure_logging", lambda *args: None)
    assert main(["migrate"]) == 0
    asyncio.run(_seed(tmp_path / "cli.sqlite3"))
    return tmp_path


def test_text_in_both_languages(estate, capsys):
    capsys.readouterr()
    assert main(NOVEMBER) == 0
    out = capsys.readouterr().out
    assert "服务报表 2026-11-01 至 2026-11-30" in out and "新建 6" in out and "<b>" not in out
    assert main([*NOVEMBER, "--lang", "en", "--building", "1"]) == 0
    out = capsys.readouterr().out
    assert "building 1" in out and "Created 3" in out


def test_json_csv_xlsx_and_png_files(estate):
    assert main([*NOVEMBER, "--format", "json", "--output", "r.json"]) == 0
    data = json.loads((estate / "r.json").read_text("utf-8"))
    assert data["volume"]["created"] == 6 and data["period"]["from"] == "2026-11-01"
    assert main([*NOVEMBER, "--format", "csv", "--output", "r.csv"]) == 0
    rows = list(csv.reader(io.StringIO((estate / "r.csv").read_text("utf-8-sig"))))
    assert ["volume", "backlog", "", "3"] in rows
    assert main([*NOVEMBER, "--format", "xlsx", "--output", "r.xlsx"]) == 0
    book = load_workbook(estate / "r.xlsx", read_only=True)
    assert book.sheetnames == [
        "summary", "volume", "speed", "quality", "hotspots", "mirror", "targets"
    ]  # fmt: skip
    # Hand-computed in tests/integration/test_report_parts.py: #3 answered late (urgent),
    # #2 resolved late (26 h); the slowest response #4, the slowest resolution #2.
    targets = [row[:2] for row in book["targets"].iter_rows(values_only=True)][1:]
    assert targets == [("miss_urgent", 3), ("miss_repair", 2), ("lowrated", 3)]
    speed = [row[:2] for row in book["speed"].iter_rows(values_only=True)][1:]
    assert ("slow_response", 4) in speed and ("slow_resolution", 2) in speed
    volume = [row for row in book["volume"].iter_rows(values_only=True)][1:]
    assert [r[1] for r in volume if r[0] == "backlog"] == [9, 5, 6]
    assert main([*NOVEMBER, "--format", "png", "--output", "r.png"]) == 0
    assert (estate / "r.png").read_bytes()[:4] == b"\x89PNG"


def test_a_reversed_range_is_refused(estate, capsys):
    assert main(["report", "--from", "2026-11-30", "--to", "2026-11-01"]) == 2
    assert "日期" in capsys.readouterr().err

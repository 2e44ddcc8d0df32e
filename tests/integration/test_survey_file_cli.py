"""`propdesk survey import` with hostile files (issue 12, items 4 and 5): the same list of
problems a manager gets in chat, on stderr, exit code 1, no traceback, nothing imported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.cli.main import main
from bot.domain.surveys.files import MAX_FILE_BYTES
from tests.support.survey_files import BAD_SHOW_IF, BILLION_LAUGHS, GOOD


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for key in ("TELEGRAM_BOT_TOKEN", "MANAGER_IDS", "DEFAULT_LANGUAGE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "cli.sqlite3"))
    monkeypatch.setattr("bot.cli.main.configure_logging", lambda *args: None)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["survey", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_the_billion_laughs_is_refused_with_the_list(cli, tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_bytes(BILLION_LAUGHS)
    code, out, err = cli("import", str(path))
    lines = err.splitlines()
    assert code == 1 and out == ""
    assert lines[0].startswith("❌ 问卷定义无效，未导入（")
    assert lines[1] == "• 第 1 行第 6 列，不允许使用锚点 &lol：请把内容直接写出来"
    assert "……另有" in lines[-1] and "lol, lol" not in err and "Traceback" not in err


def test_the_bad_condition_is_refused_with_its_place(cli, tmp_path):
    path = tmp_path / "parcels.yaml"
    path.write_bytes(BAD_SHOW_IF)
    code, out, err = cli("import", str(path))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "❌ 问卷定义无效，未导入（1 处问题）：",
        "• 第 11 行第 46 列，第 2 题（q2）字段 show_if.value: "
        "条件的值应为题目“q1”的一个选项 id（x, y），现在是 [x]",
    ]
    code, out, _ = cli("list")
    assert "parcels" not in out


def test_unreadable_and_oversized_files_are_one_clear_line(cli, tmp_path):
    code, _, err = cli("import", str(tmp_path / "missing.yaml"))
    assert code == 1 and "无法读取文件" in err and "missing.yaml" in err
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(GOOD.encode() + b"#" * (4 * MAX_FILE_BYTES))
    code, _, err = cli("import", str(huge))
    assert code == 1 and "文件太大" in err and "上限 256 KB" in err


def test_a_real_process_prints_no_traceback(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_bytes(BILLION_LAUGHS)
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "MANAGER_IDS")}
    env |= {"DATABASE_PATH": str(tmp_path / "cli.sqlite3"), "DEFAULT_LANGUAGE": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "survey", "import", str(path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "line 1, column 6: anchor &lol is not allowed — write the value out" in done.stderr

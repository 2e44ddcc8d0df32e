"""`propdesk equipment import|export` and `propdesk rounds import` (issue 15): a ledger in and
out (CSV and XLSX), every bad row with its line on stderr and exit 1, nothing imported."""

from __future__ import annotations

import pytest

from bot.cli.main import main
from tests.support.operations import LEDGER, ROUNDS


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for key in ("TELEGRAM_BOT_TOKEN", "MANAGER_IDS", "DEFAULT_LANGUAGE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "cli.sqlite3"))
    monkeypatch.setattr("bot.cli.main.configure_logging", lambda *args: None)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_a_ledger_goes_in_and_out_as_csv_and_xlsx(cli, tmp_path):
    (tmp_path / "ledger.csv").write_text(LEDGER, "utf-8")
    code, out, _ = cli("equipment", "import", "ledger.csv")
    assert code == 0 and "新增 3" in out
    for name in ("out.csv", "out.xlsx"):
        assert cli("equipment", "export", name)[0] == 0
        code, out, _ = cli("equipment", "import", name)
        assert code == 0 and "更新 3" in out, name
    assert "PUMP-01" in (tmp_path / "out.csv").read_text("utf-8-sig")


def test_bad_rows_are_listed_by_line_and_nothing_is_imported(cli, tmp_path):
    bad = LEDGER + '=1+1,"=HYPERLINK(""http://x"")"\nX-9,,,,,,2024-02-30\n'
    (tmp_path / "bad.csv").write_text(bad, "utf-8")
    code, out, err = cli("equipment", "import", "bad.csv")
    assert code == 1 and out == ""
    assert "第 5 行 code" in err and "第 5 行 name" in err and "第 6 行 name" in err
    assert "第 6 行 installed_on" in err
    code, out, _ = cli("equipment", "export", "after.csv")
    assert "0 项" in out


def test_a_huge_or_binary_ledger_is_one_clear_line(cli, tmp_path):
    (tmp_path / "big.csv").write_bytes(b"code,name\n" + b"A,b\n" * 600_000)
    code, _, err = cli("equipment", "import", "big.csv")
    assert code == 1 and "太大" in err and "Traceback" not in err
    (tmp_path / "fake.xlsx").write_bytes(b"\x00\x01 not a workbook")
    code, _, err = cli("equipment", "import", "fake.xlsx")
    assert code == 1 and "Excel" in err


def test_round_definitions_import_and_a_bad_file_names_its_lines(cli, tmp_path):
    (tmp_path / "rounds.yaml").write_text(ROUNDS, "utf-8")
    code, out, _ = cli("rounds", "import", "rounds.yaml")
    assert code == 0 and "巡检点 2" in out and "计划 1" in out
    (tmp_path / "bad.yaml").write_text("checkpoints:\n  - key: a b\n    name: [x]\n", "utf-8")
    code, _, err = cli("rounds", "import", "bad.yaml")
    assert code == 1 and "第 2 行 checkpoints[1].key" in err and "第 3 行" in err

"""`propdesk faq list|export|import` on a real database file (issue 14)."""

from __future__ import annotations

import pytest

from bot.cli.main import main


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key in ("TELEGRAM_BOT_TOKEN", "MANAGER_IDS", "STAFF_CHAT_ID", "DEFAULT_LANGUAGE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "faq.sqlite3"))
    monkeypatch.setenv("DEFAULT_LANGUAGE", "en")
    monkeypatch.setattr("bot.cli.main.configure_logging", lambda *args: None)
    return tmp_path


def test_list_export_edit_and_reimport_makes_a_version(env, capsys):
    assert main(["faq", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) >= 25 and all("v1 [template]" in line for line in listing)
    assert main(["faq", "export", str(env / "kb")]) == 0
    files = sorted((env / "kb").glob("*.md"))
    assert len(files) == len(listing)
    capsys.readouterr()
    assert main(["faq", "import", str(env / "kb")]) == 0
    assert all("unchanged" in line for line in capsys.readouterr().out.splitlines())
    parcels = env / "kb" / "parcels.md"
    parcels.write_text(parcels.read_text("utf-8").replace("东门", "北门"), "utf-8")
    assert main(["faq", "import", str(parcels)]) == 0
    assert capsys.readouterr().out.strip() == "parcels: version 2"
    assert main(["faq", "list"]) == 0
    assert "parcels\tv2" in capsys.readouterr().out


def test_a_bad_file_is_refused_and_nothing_is_stored(env, capsys):
    bad = env / "bad.md"
    bad.write_text("---\nid: Not Valid\n---\n", "utf-8")
    assert main(["faq", "import", str(bad)]) == 2
    assert "not valid" in capsys.readouterr().err
    assert main(["faq", "import", str(env / "missing.md")]) == 2

"""The manager's /help names every command the README lists for managers (and staff)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.i18n import load_catalog

README = Path(__file__).resolve().parents[2] / "README.md"


def _commands(role: str) -> set[str]:
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"| {role} |"):
            return set(re.findall(r"`(/[a-z_]+)", line))
    raise AssertionError(f"no README row for {role}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_manager_help_lists_every_manager_and_staff_command(lang):
    text = load_catalog(lang)["help.manager"]
    named = set(re.findall(r"/[a-z_]+", text))
    wanted = _commands("managers") | _commands("staff") | {"/report", "/digests"}
    assert wanted - named == set()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_manager_help_shows_report_and_digests(lang):
    text = load_catalog(lang)["help.manager"]
    assert "/report" in text and "/digests" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("role,key", [("residents", "help.resident"), ("staff", "help.staff")])
def test_resident_and_staff_help_list_every_command_of_their_row(lang, role, key):
    named = set(re.findall(r"/[a-z_]+", load_catalog(lang)[key]))
    wanted = (_commands(role) | {"/cancel"}) - {"/start"}
    wanted -= {"/tickets"} if role == "residents" else set()  # /mine is the residents' name
    assert wanted - named == set()

"""Services over in-memory fakes with a controllable clock."""

from __future__ import annotations

import pytest

from bot.config import load_settings
from bot.domain.people.model import Role
from tests.support.fakes import make_services, make_user

CONFIGURED_MANAGER = 1000
MANAGER = 1001
STAFF = 2001
RESIDENT = 3001
STRANGER = 4001  # has talked to the bot, not registered


@pytest.fixture
def svc():
    settings = load_settings({"MANAGER_IDS": str(CONFIGURED_MANAGER), "INVITE_TTL_HOURS": "48"})
    return make_services(settings)


@pytest.fixture
def people(svc):
    """A home, and one person per role (plus an unregistered one) stored in the fakes."""
    home = svc.deps.homes.add("3", "2", "1102")
    users = svc.deps.users
    users.put(make_user(CONFIGURED_MANAGER, role=Role.MANAGER, username="boss"))
    users.put(make_user(MANAGER, role=Role.MANAGER, username="Manager_Two"))
    users.put(make_user(STAFF, role=Role.STAFF, username="fixer"))
    users.put(make_user(RESIDENT, role=Role.RESIDENT, home_id=home.id, username="resi"))
    users.put(make_user(STRANGER, username="nobody"))
    return home

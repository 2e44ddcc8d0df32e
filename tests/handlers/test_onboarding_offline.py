"""Onboarding through the real Application with real Update objects, network recorded."""

from __future__ import annotations

from tests.conftest import MANAGER_ID
from tests.support import updates as u

ROSTER = "building,unit,room,name,phone\n3,2,1102,张三,13800000001\n"


async def test_roster_phone_binds_home(offline_app):
    services = offline_app.bot_data["services"]
    await services.roster.import_csv(ROSTER)
    alice = u.user(1001, "Alice")
    await offline_app.process_update(u.message(offline_app.bot, alice, "/start"))
    assert "分享您的手机号" in offline_app.recorded.last_text(1001)
    await offline_app.process_update(u.contact(offline_app.bot, alice, "+86 138-0000-0001"))
    assert "3-2-1102" in offline_app.recorded.last_text(1001)
    profile = await services.people.profile(1001)
    assert profile.home.label == "3-2-1102" and profile.user.role.value == "resident"


async def test_manager_from_config(offline_app):
    boss = u.user(MANAGER_ID, "Boss", "en")
    await offline_app.process_update(u.message(offline_app.bot, boss, "/help"))
    assert "Manager commands" in offline_app.recorded.last_text(MANAGER_ID)

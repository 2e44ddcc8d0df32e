"""Registration end to end: roster phone, staff approval, invite links; both languages."""

from __future__ import annotations

from tests.e2e.conftest import ALICE, BOB, MANAGER, STAFF, STAFF_GROUP, TOM, texts


async def profile(bot, user_id):
    return await bot.bot_data["services"].people.profile(user_id)


async def test_roster_phone_binds_at_once_in_chinese(staffed, fake, script):
    await script.says(ALICE, "/start")
    welcome = fake.last_message(ALICE)
    assert "阳光花园" in welcome.text and welcome.buttons()[0] == ["📱 分享我的手机号"]
    await script.shares_phone(ALICE, "+86 138-0000-0001")
    assert "3-2-1102" in fake.last_message(ALICE).text
    assert "🛠 报修" in fake.last_message(ALICE).buttons()[0]
    assert (await profile(staffed, ALICE)).home.label == "3-2-1102"


async def test_unknown_phone_then_staff_approval_in_english(staffed, fake, script):
    await script.says(BOB, "/start")
    await script.shares_phone(BOB, "13911112222")
    assert "could not find this number" in fake.last_message(BOB).text
    await script.says(BOB, "Building 1 Unit 1 Room 0101")
    assert "Registration request sent" in fake.last_message(BOB).text
    card = script.last_with_button(STAFF_GROUP, "reg:ok:")
    assert "1-1-0101" in card.text
    await script.presses(STAFF, STAFF_GROUP, "✅ 通过")
    assert "verified your registration" in fake.last_message(BOB).text
    assert "已通过（李师傅）" in fake.last_message(STAFF_GROUP).text
    assert (await profile(staffed, BOB)).user.role.value == "resident"


async def test_rejection_is_told_and_the_resident_can_retry(staffed, fake, script):
    await script.says(BOB, "/start")
    await script.says(BOB, "🏠 Type my home instead")
    await script.says(BOB, "1-1-0102")
    await script.presses(STAFF, STAFF_GROUP, "❌ 拒绝")
    assert "could not verify" in fake.last_message(BOB).text
    assert (await profile(staffed, BOB)).home is None
    await script.says(BOB, "1-1-0101")
    assert "Registration request sent" in fake.last_message(BOB).text


async def test_stale_and_forged_approval_buttons_change_nothing(staffed, fake, script):
    await script.says(BOB, "/start")
    await script.says(BOB, "1-1-0101")
    card = script.last_with_button(STAFF_GROUP, "reg:ok:")
    await script.presses(STAFF, STAFF_GROUP, "❌ 拒绝")
    # A client with a cached keyboard presses Approve on the decided card; a resident forges one.
    for presser in (MANAGER, ALICE):
        await fake.user_presses_stale(presser, STAFF_GROUP, card.message_id, "reg:ok:1")
        await fake.wait_idle(quiet=0.5)
    assert (await profile(staffed, BOB)).home is None
    assert "已拒绝" in fake.last_message(STAFF_GROUP).text


async def test_home_invite_link_binds_once(staffed, fake, script):
    await script.says(MANAGER, "/invite_home 5-1-0601")
    link = fake.last_message(MANAGER).text.split()[-1]
    code = link.split("start=")[1]
    await script.says(TOM, f"/start {code}")
    assert "5-1-0601" in fake.last_message(TOM).text
    await script.says(BOB, f"/start {code}")
    assert "invalid, already used or expired" in fake.last_message(BOB).text
    assert (await profile(staffed, BOB)).home is None


async def test_staff_invite_and_role_menus(staffed, fake, script):
    await script.says(MANAGER, "/invite staff")
    code = fake.last_message(MANAGER).text.split("start=")[1].split()[0]
    await script.says(TOM, f"/start {code}")
    assert (await profile(staffed, TOM)).user.role.value == "staff"
    staff_menu = [c["command"] for c in fake.commands({"type": "chat", "chat_id": TOM})]
    assert "tickets" in staff_menu and "grant" not in staff_menu
    resident_menu = [c["command"] for c in fake.commands()]
    assert "tickets" not in resident_menu and "grant" not in resident_menu
    await script.says(MANAGER, "/revoke @tom_b")
    assert fake.commands({"type": "chat", "chat_id": TOM}) == []


async def test_someone_elses_contact_is_refused(bot, fake, script):
    await script.says(ALICE, "/start")
    await script.shares_contact(
        ALICE, {"phone_number": "13800000001", "first_name": "Z", "user_id": 424242}
    )
    assert "只能分享您本人的手机号" in fake.last_message(ALICE).text
    assert (await profile(bot, ALICE)).home is None


async def test_bad_input_gets_a_clear_reply(bot, fake, script):
    await script.says(ALICE, "hello")
    assert "/start" in fake.last_message(ALICE).text
    await script.says(ALICE, "/start")
    await script.says(ALICE, "🏠 手动输入房号")
    for hostile in ("<b>3</b>-2-1102 & <script>", "x" * 4096, "\u202e3-2-1102", "😀😀😀"):
        await script.says(ALICE, hostile)
        assert "没能看懂这个房号" in fake.last_message(ALICE).text
    await script.says(ALICE, "99-9-9999")
    assert "没有" in fake.last_message(ALICE).text
    await script.says(ALICE, "/grant 9102 manager")
    assert "没有权限" in fake.last_message(ALICE).text
    await script.says(ALICE, "/nonsense")
    assert "没有这个命令" in fake.last_message(ALICE).text
    assert (await profile(bot, ALICE)).user.role is None


async def test_group_chatter_from_non_staff_is_ignored(staffed, fake, script):
    before = len(texts(fake, STAFF_GROUP))
    await fake.user_sends(ALICE, "大家好 /help", chat_id=STAFF_GROUP)
    await fake.user_sends(ALICE, "/help", chat_id=STAFF_GROUP)
    await fake.wait_idle(quiet=0.5)
    assert len(texts(fake, STAFF_GROUP)) == before


async def test_language_switch(bot, fake, script):
    await script.shares_phone(ALICE, "13800000001")
    await script.says(ALICE, "/language")
    await script.presses(ALICE, ALICE, "English")
    assert "Language set to English" in texts(fake, ALICE)[-2]
    assert fake.last_message(ALICE).buttons()[0][0] == "🛠 Repair"
    await script.says(ALICE, "/profile")
    assert (
        "3-2-1102" in fake.last_message(ALICE).text
        and "Role: resident" in fake.last_message(ALICE).text
    )


async def test_blocked_user_does_not_break_approval(staffed, fake, script):
    await script.says(BOB, "/start")
    await script.says(BOB, "1-1-0101")
    fake.block(BOB)
    await script.presses(STAFF, STAFF_GROUP, "✅ 通过")
    assert (await profile(staffed, BOB)).user.unreachable
    assert "已通过" in fake.last_message(STAFF_GROUP).text


async def test_binding_tells_the_manager_what_the_bot_lacks(bot, fake, script):
    fake.add_group(
        -100777, "话题群", forum=True, members=[MANAGER], bot_is_admin=False, bot_can_read_all=False
    )
    await script.says(MANAGER, "/bind_staff_group", chat_id=-100777)
    said = texts(fake, -100777)
    assert any("隐私模式" in text for text in said)
    assert any("管理话题" in text for text in said)


async def test_an_edited_message_is_not_a_second_request(bot, fake, script):
    await script.shares_phone(ALICE, "13800000001")
    sent = await script.says(ALICE, "楼道灯坏了")
    edited = dict(sent, text="楼道灯坏了，三楼", edit_date=sent["date"] + 5)
    fake.inject_update({"edited_message": edited})
    await fake.wait_for(lambda: "修改过的消息" in (fake.last_message(ALICE).text or ""), timeout=30)
    rows = await bot.bot_data["db"].fetchall("SELECT text FROM drafts")
    assert [row[0] for row in rows] == ["楼道灯坏了"]


async def test_each_registration_path_in_the_other_language(staffed, fake, script):
    """Roster phone in English, approval in Chinese, invite link in Chinese."""
    await script.shares_phone(BOB, "13800000003")  # two homes share this phone: Bob picks one
    assert "several homes" in fake.last_message(BOB).text
    await script.presses(BOB, BOB, "1-1-0102")
    assert (await profile(staffed, BOB)).home.label == "1-1-0102"
    await script.says(ALICE, "/start")
    await script.says(ALICE, "5栋1单元601")  # the roster says 0601: leading zeros don't matter
    assert "已提交登记申请" in fake.last_message(ALICE).text
    assert "5-1-0601" in fake.last_message(STAFF_GROUP).text
    await script.presses(STAFF, STAFF_GROUP, "✅ 通过")
    assert "物业已核实" in fake.last_message(ALICE).text
    await script.says(STAFF, "/invite_home 3-2-1102")
    code = fake.last_message(STAFF).text.split("start=")[1].split()[0]
    fake.add_user(9200, "小王", language_code="zh-hans")
    await script.says(9200, f"/start {code}")
    assert "邀请链接有效" in fake.last_message(9200).text


async def test_a_manager_adding_the_bot_to_a_group_is_told_how_to_bind_it(staffed, fake):
    """Only a manager's group gets the hint; the bot never talks in groups others add it to."""
    fake.add_group(-100777, "新员工群", members=[MANAGER, STAFF])
    fake.add_group(-100778, "闲聊群", members=[STAFF])
    fake.add_bot(-100777, by_user=MANAGER)
    fake.add_bot(-100778, by_user=STAFF)
    await fake.wait_idle(quiet=0.2)
    assert [m.text for m in fake.chat_messages(-100777)] == [
        "👋 您好！如果这是物业员工群，请在群里发送 /bind_staff_group，"
        "住户的登记申请和工单提醒就会发到这里。"
    ]
    assert fake.chat_messages(-100778) == []

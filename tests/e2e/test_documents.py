"""The estate's documents (信息公示) end to end: a manager publishes through the guided flow
(surviving a restart mid-way), a resident registered later finds it, replacing keeps
versions, view counts for managers, bad files and dates refused; both languages."""

from __future__ import annotations

import pytest

from bot.demo.live import live_bot
from tests.e2e.conftest import ALICE, MANAGER, STAFF_GROUP, TOM
from tests.e2e.test_tickets import MONDAY_10, PHONES, running_desk
from tests.support.fakes import FakeClock

PDF = {"file_name": "收费标准2025.pdf", "mime_type": "application/pdf", "content": b"%PDF-1.4 x"}


@pytest.fixture
async def desk(fake, settings):
    async with running_desk(fake, settings, FakeClock(MONDAY_10), STAFF_GROUP, ALICE) as d:
        yield d


async def publish(desk, title: str, *, notice: bool = False, document=PDF) -> None:
    await desk.says(MANAGER, "/publish_doc")
    await desk.presses(MANAGER, MANAGER, "收费标准")
    await desk.says(MANAGER, title)
    await desk.says(MANAGER, None, document=document)
    await desk.says(MANAGER, "2025-03-01")
    await desk.presses(MANAGER, MANAGER, "📢 同时发公告" if notice else "不发公告")
    await desk.presses(MANAGER, MANAGER, "✅ 发布")


async def test_a_manager_publishes_and_a_resident_registered_later_finds_it(desk):
    await publish(desk, "2025年物业服务收费标准", notice=True)
    done = await desk.expect(MANAGER, "已发布：2025年物业服务收费标准（收费标准），第 1 版")
    assert "公告 #" in done.text
    # Tom registers only now, and reads it in English.
    await desk.services.people.touch(TOM, "Tom", None, "en")
    await desk.services.onboarding.share_contact(await desk.user(TOM), TOM, PHONES[TOM])
    await desk.says(TOM, "/documents")
    await desk.presses(TOM, TOM, "Fee standards")
    listing = await desk.expect(TOM, "(1, newest first)")  # a notice may arrive meanwhile
    assert "Fee standards" in listing.text
    await desk.presses(TOM, TOM, "2025年物业服务收费标准")
    sent = await desk.expect(TOM, "effective 2025-03-01 · version 1")
    assert sent.kind == "document"
    await desk.says(MANAGER, "/documents")
    await desk.presses(MANAGER, MANAGER, "收费标准")
    counted = await desk.expect(MANAGER, "共 1 份，最新在前")
    assert counted.button("2025年物业服务收费标准 · 👁 1") is not None


async def test_replacing_a_document_keeps_its_versions(desk):
    await publish(desk, "停车收费标准")
    newer = PDF | {"file_name": "停车收费标准v2.pdf"}
    await publish(desk, "停车收费标准", document=newer)
    await desk.expect(MANAGER, "已发布：停车收费标准（收费标准），第 2 版")
    documents, total = await desk.services.documents.page(await desk.user(ALICE), 2, 0)
    assert total == 1 and documents[0].current.file.file_name == "停车收费标准v2.pdf"
    versions = await desk.services.documents.versions(await desk.user(MANAGER), documents[0].id)
    assert [v.version for v in versions] == [1, 2]


async def test_bad_files_dates_and_roles_are_refused(desk):
    await desk.says(ALICE, "/publish_doc")
    assert "发布公示文件" not in (desk.fake.last_message(ALICE).text or "")
    await desk.says(MANAGER, "/publish_doc")
    await desk.presses(MANAGER, MANAGER, "合同")
    await desk.says(MANAGER, "保洁服务合同")
    await desk.says(
        MANAGER, None, document={"file_name": "virus.exe", "mime_type": "application/x-msdownload"}
    )
    await desk.expect(MANAGER, "不支持这种文件")
    await desk.says(MANAGER, None, photo=True)
    await desk.says(MANAGER, "下周三")
    await desk.expect(MANAGER, "看不懂这个日期")
    await desk.says(MANAGER, "今天")
    await desk.presses(MANAGER, MANAGER, "不发公告")
    await desk.presses(MANAGER, MANAGER, "✅ 发布")
    await desk.expect(MANAGER, "已发布：保洁服务合同（合同），第 1 版")
    await desk.says(ALICE, "/documents")
    await desk.presses(ALICE, ALICE, "合同")
    await desk.presses(ALICE, ALICE, "保洁服务合同")
    assert desk.fake.last_message(ALICE).kind == "photo"


async def test_a_restart_mid_flow_loses_nothing(fake, settings):
    clock = FakeClock(MONDAY_10)
    async with running_desk(fake, settings, clock, STAFF_GROUP, ALICE) as desk:
        await desk.says(MANAGER, "/publish_doc")
        await desk.presses(MANAGER, MANAGER, "管理规约")
        await desk.says(MANAGER, "管理规约（2025修订）")
    async with live_bot(settings, fake, clock=clock) as app:
        before = len(fake.calls)
        await fake.user_sends(MANAGER, None, document=PDF)
        await fake.wait_for(
            lambda: any("生效日期" in (m.text or "") for m in fake.chat_messages(MANAGER)),
            timeout=10,
        )
        assert len(fake.calls) > before
        draft = await app.bot_data["services"].documents.draft(
            await app.bot_data["services"].people.touch(MANAGER, "王经理", None, "zh")
        )
        assert draft.title == "管理规约（2025修订）" and draft.file is not None

"""Field operations (issue 15) on a real SQLite file: the ledger imported and shown with its
history, warranty alerts exactly once, a morning round created once, walked point by point,
an abnormal point becoming a linked repair ticket, forged payloads refused, resumption."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.operations.rounds import RoundStatus
from bot.services.operations.ledger_files import write_ledger
from tests.support.emergency import open_estate
from tests.support.fakes import FakeClock
from tests.support.operations import LEDGER, ROUNDS

SH = ZoneInfo("Asia/Shanghai")
EARLY = datetime(2025, 3, 4, 7, 50, tzinfo=SH)
MANAGER, STAFF, RESIDENT = 900001, 900003, 1


@pytest.fixture
async def estate(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "ops.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    estate = await open_estate(
        settings,
        FakeClock(EARLY),
        managers=(MANAGER,),
        staff=(STAFF,),
        residents={RESIDENT: "13800000001"},
        roster="building,unit,room,name,phone\n3,1,0101,R1,13800000001\n",
    )
    yield estate
    await estate.db.close()


def ops(estate):
    return estate.services.operations


async def test_a_ledger_imports_and_each_bad_row_names_its_line(estate):
    report = await ops(estate).equipment.import_file(MANAGER, LEDGER.encode(), "l.csv")
    assert (report.added, report.updated, report.errors) == (3, 0, ())
    again = await ops(estate).equipment.import_file(MANAGER, LEDGER.encode(), "l.csv")
    assert (again.added, again.updated) == (0, 3)
    bad = LEDGER + "=cmd|' /C calc'!A0,x\nPUMP-02,泵,,,,,2024-13-01,,Z,broken,@a,\n"
    report = await ops(estate).equipment.import_file(MANAGER, bad.encode(), "l.csv")
    found = {(e.line, e.column, e.key) for e in report.errors}
    assert (5, "code", "equipment.err_formula") in found
    assert {(6, "installed_on"), (6, "importance"), (6, "state"), (6, "responsible")} <= {
        (line, col) for line, col, _ in found
    }
    assert report.added == 0


async def test_the_ledger_exports_as_csv_and_xlsx_and_reimports(estate):
    await ops(estate).equipment.import_file(MANAGER, LEDGER.encode(), "l.csv")
    for name in ("out.csv", "out.xlsx"):
        data = await ops(estate).equipment.export_file(name)
        report = await ops(estate).equipment.import_file(MANAGER, data, name)
        assert (report.updated, report.errors) == (3, ()), name


async def test_an_export_never_carries_a_live_formula():
    from bot.domain.operations.equipment import Item

    data = write_ledger([Item("X1", "=HYPERLINK(1)")], "x.csv").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in data


async def test_residents_cannot_see_equipment_and_staff_see_its_history(estate):
    await ops(estate).equipment.import_file(MANAGER, LEDGER.encode(), "l.csv")
    with pytest.raises(PermissionDenied):
        await ops(estate).equipment.card(await estate.user(RESIDENT), "PUMP-01")
    staff = await estate.user(STAFF)
    await ops(estate).equipment.add_maintenance(staff, "pump-01", "更换密封圈")
    card = await ops(estate).equipment.card(staff, "PUMP-01")
    assert card.maintenance[0][1] == "更换密封圈"
    assert card.item.last_maintained == estate.clock.now().date()


async def test_a_warranty_alert_goes_out_once_at_30_and_once_at_7_days(estate):
    await ops(estate).equipment.import_file(MANAGER, LEDGER.encode(), "l.csv")
    equipment = ops(estate).equipment
    assert await equipment.send_alerts(date(2025, 3, 1)) == 0  # 32 days ahead
    assert await equipment.send_alerts(date(2025, 3, 4)) == 1  # 29 days: the 30-day alert
    assert await equipment.send_alerts(date(2025, 3, 4)) == 0  # the job run twice
    assert await equipment.send_alerts(date(2025, 3, 10)) == 0
    assert await equipment.send_alerts(date(2025, 3, 27)) == 1  # 6 days: the 7-day alert
    assert await equipment.send_alerts(date(2025, 3, 28)) == 0
    assert (await estate.keys(STAFF)).count("equipment.alert_warranty") == 2


async def start_round(estate):
    await ops(estate).rounds.import_file(MANAGER, ROUNDS)
    estate.clock.set(datetime(2025, 3, 4, 8, 5, tzinfo=SH))
    assert await ops(estate).rounds.tick() == 1
    assert await ops(estate).rounds.tick() == 0  # safe twice
    (found,) = await estate.d.rounds.open_rounds()
    return found


async def payload(estate, key: str) -> str:
    cp = await estate.d.rounds.checkpoint_by_key(key)
    return f"cp_{cp.id}_{cp.token}"


async def test_a_morning_round_with_one_abnormal_point_becomes_a_linked_ticket(estate):
    await ops(estate).equipment.import_file(MANAGER, LEDGER.encode(), "l.csv")
    found = await start_round(estate)
    assert "rounds.reminder" in await estate.keys(STAFF)
    staff = await estate.user(STAFF)
    walk = ops(estate).walk
    stop = await walk.scan(staff, await payload(estate, "gate"))
    assert stop.round.status is RoundStatus.IN_PROGRESS and stop.question == 0
    await walk.answer(staff, found.id, 0, 0, True)
    stop = await walk.scan(staff, await payload(estate, "pump"))
    stop = await walk.answer(staff, found.id, 1, 0, True)
    stop = await walk.answer(staff, found.id, 1, 1, False)  # leaking
    assert stop.needs_photo and stop.visit.done_at is None
    stop = await walk.add_photo(staff, "PHOTO-1")
    assert stop.visit.done_at is not None and stop.round.status is RoundStatus.DONE
    ticket_id = await walk.report_abnormal(staff, found.id, 1)
    assert await walk.report_abnormal(staff, found.id, 1) == ticket_id  # one tap, one ticket
    ticket = await estate.d.tickets.get(ticket_id)
    assert "水泵房" in ticket.description and "PUMP-01" in ticket.description
    assert "无漏水" in ticket.description
    assert ticket.description.startswith(f"[巡检 / Round #{found.id}]")  # either language reads it
    assert await estate.d.tickets.photos(ticket_id) == ["PHOTO-1"]
    card = await ops(estate).equipment.card(staff, "PUMP-01")
    assert [t[0] for t in card.tickets] == [ticket_id]
    assert len(card.findings) == 1
    events = await estate.d.rounds.events(found.id)
    assert events == [("not_started", "in_progress"), ("in_progress", "done")]
    report = await ops(estate).rounds.report(await estate.user(MANAGER))
    assert report.by_route[0].rate == 100.0 and report.findings == [("PUMP-01", 1)]


async def test_a_forged_or_replayed_checkpoint_changes_nothing(estate):
    found = await start_round(estate)
    staff = await estate.user(STAFF)
    walk = ops(estate).walk
    real = await payload(estate, "gate")
    for forged in (real[:-1] + ("A" if real[-1] != "A" else "B"), "cp_1_" + "x" * 16, "cp_x", ""):
        with pytest.raises(DomainError):
            await walk.scan(staff, forged)
    with pytest.raises(DomainError, match="not_scanned"):
        await walk.answer(staff, found.id, 1, 0, True)  # never scanned the pump
    assert (await estate.d.rounds.get_round(found.id)).status is RoundStatus.NOT_STARTED
    with pytest.raises(PermissionDenied):
        await walk.scan(await estate.user(RESIDENT), real)
    await walk.scan(staff, real)
    await walk.answer(staff, found.id, 0, 0, True)
    with pytest.raises(DomainError, match="not_on_round|point_done"):
        await walk.scan(staff, real)  # a replay of a done point: nothing to check in at
    with pytest.raises(DomainError):
        await walk.answer(staff, found.id, 0, 0, False)


async def test_a_location_within_the_radius_checks_in_and_farther_does_not(estate):
    await start_round(estate)
    staff = await estate.user(STAFF)
    with pytest.raises(DomainError, match="too_far"):
        await ops(estate).walk.check_in_at(staff, 31.2404, 121.4737)  # ~1.1 km north
    stop = await ops(estate).walk.check_in_at(staff, 31.2305, 121.4737)  # ~11 m
    assert stop.checkpoint.name == "北门岗亭"


async def test_an_untouched_round_goes_overdue_then_missed(estate):
    found = await start_round(estate)
    estate.clock.advance(timedelta(hours=2))
    await ops(estate).rounds.tick()
    assert (await estate.d.rounds.get_round(found.id)).status is RoundStatus.OVERDUE
    estate.clock.advance(timedelta(hours=12))
    await ops(estate).rounds.tick()
    assert (await estate.d.rounds.get_round(found.id)).status is RoundStatus.MISSED
    report = await ops(estate).rounds.report(await estate.user(MANAGER))
    assert report.missed_points == 0 or report.by_route[0].missed == 1


async def test_a_bad_round_file_names_each_problem_with_its_line(estate):
    from bot.domain.operations.rounds_file import RoundsFileErrors

    bad = ROUNDS.replace("checkpoint: pump", "checkpoint: nowhere").replace('"08:00"', '"8h"')
    with pytest.raises(RoundsFileErrors) as caught:
        await ops(estate).rounds.import_file(MANAGER, bad)
    lines = bad.splitlines()
    where = [next(i + 1 for i, text in enumerate(lines) if s in text) for s in ("nowhere", "8h")]
    assert [(p.line, p.key) for p in caught.value.problems] == [
        (where[0], "rounds.file_unknown_checkpoint"),
        (where[1], "rounds.file_bad_time"),
    ]
    assert await estate.d.rounds.checkpoints() == []


async def test_a_scrapped_item_cannot_come_back_by_import_and_changes_are_events(estate):
    equipment = ops(estate).equipment
    await equipment.import_file(MANAGER, LEDGER.encode(), "l.csv")
    scrapped = LEDGER.replace("C,stopped", "C,scrapped")
    assert (await equipment.import_file(MANAGER, scrapped.encode(), "l.csv")).errors == ()
    back = LEDGER.replace("C,stopped", "C,in_use")
    report = await equipment.import_file(MANAGER, back.encode(), "l.csv")
    assert [(e.line, e.column, e.key) for e in report.errors] == [
        (4, "state", "equipment.err_transition")
    ]
    assert (await equipment.item("LAMP-07")).state.value == "scrapped"
    rows = await estate.db.fetchall(
        "SELECT subject, data FROM events WHERE kind = 'equipment.state'"
    )
    assert [(r["subject"], r["data"]) for r in rows] == [
        ("LAMP-07", '{"from": "stopped", "to": "scrapped"}')
    ]


async def test_after_days_down_only_walkable_rounds_are_created_and_old_ones_are_missed(estate):
    first = await start_round(estate)
    estate.clock.advance(timedelta(days=3))  # 3 days later, 08:05: the bot was down
    assert await ops(estate).rounds.tick() == 1  # today's only; the others are long gone
    assert (await estate.d.rounds.get_round(first.id)).status is RoundStatus.MISSED
    assert await estate.d.rounds.events(first.id) == [
        ("not_started", "overdue"),
        ("overdue", "missed"),
    ]
    assert await ops(estate).rounds.tick() == 0


async def test_a_crontab_plan_runs_on_its_days_only(estate):
    weekly = ROUNDS.replace("every: daily", 'every: "30 9 * * 2"')  # Tuesdays 09:30
    await ops(estate).rounds.import_file(MANAGER, weekly)
    estate.clock.set(datetime(2025, 3, 4, 9, 40, tzinfo=SH))  # a Tuesday
    assert await ops(estate).rounds.tick() == 1
    estate.clock.set(datetime(2025, 3, 5, 9, 40, tzinfo=SH))
    assert await ops(estate).rounds.tick() == 0
    estate.clock.set(datetime(2025, 3, 11, 9, 31, tzinfo=SH))
    assert await ops(estate).rounds.tick() == 1


async def test_an_xlsx_formula_is_refused_and_a_zip_bomb_never_opened(estate):
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "installed_on"])
    sheet.append(["P-1", "=1+1", "2024-01-01"])
    out = io.BytesIO()
    book.save(out)
    report = await ops(estate).equipment.import_file(MANAGER, out.getvalue(), "x.xlsx")
    assert [(e.line, e.column, e.key) for e in report.errors] == [
        (2, "name", "equipment.err_formula")
    ]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"0" * (64 * 1024 * 1024))
    assert len(bomb.getvalue()) < 1024 * 1024
    with pytest.raises(DomainError, match="too_big"):
        await ops(estate).equipment.import_file(MANAGER, bomb.getvalue(), "bomb.xlsx")

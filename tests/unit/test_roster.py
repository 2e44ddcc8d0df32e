"""RosterService.import_csv: the owner list from an office spreadsheet."""

from __future__ import annotations

import pytest

from tests.support.fakes import make_services


@pytest.fixture
def svc():
    return make_services()


def lines(svc):
    """The stored roster as comparable tuples (building, unit, room, name, phone)."""
    homes = svc.ports.homes.rows
    return sorted(
        (homes[r.home_id].building, homes[r.home_id].unit, homes[r.home_id].room, r.name, r.phone)
        for r in svc.ports.homes.roster
    )


async def test_english_headers(svc):
    report = await svc.roster.import_csv(
        "building,unit,room,name,phone\n3,2,1102,Wang Fang,13800000001\n5,,201,Zhang Wei,13900000002\n"
    )
    assert (report.added, report.updated, report.errors) == (2, 0, [])
    assert lines(svc) == [
        ("3", "2", "1102", "Wang Fang", "+8613800000001"),
        ("5", "", "201", "Zhang Wei", "+8613900000002"),
    ]
    assert svc.ports.tx.outermost == 1  # one file, one transaction


@pytest.mark.parametrize(
    "header",
    ["楼栋,单元,房号,姓名,手机", "楼号,单元,室,业主,电话", "栋,单元,房间,姓名,手机号"],
)
async def test_chinese_headers(svc, header):
    report = await svc.roster.import_csv(f"{header}\n3,2,1102,王芳,13800000001\n")
    assert (report.added, report.errors) == (1, [])
    assert lines(svc) == [("3", "2", "1102", "王芳", "+8613800000001")]


async def test_columns_in_any_order_with_spaces_and_case(svc):
    report = await svc.roster.import_csv(" Phone , NAME ,Room,Building\n13800000001,王芳,1102,3\n")
    assert report.errors == []
    assert lines(svc) == [("3", "", "1102", "王芳", "+8613800000001")]


async def test_byte_order_mark_and_crlf_and_blank_lines(svc):
    text = "\ufeff楼栋,单元,房号,姓名,手机\r\n\r\n3,2,1102,王芳,13800000001\r\n,,,,\r\n\r\n3,2,1103,李娜,13800000002\r\n"
    report = await svc.roster.import_csv(text)
    assert (report.added, report.errors) == (2, [])
    assert [line[2] for line in lines(svc)] == ["1102", "1103"]


async def test_three_spellings_of_one_phone_are_one_roster_line(svc):
    text = (
        "building,unit,room,name,phone\n"
        '3,2,1102,王芳,"+86 138-0000-0001"\n'
        "3,2,1102,王芳,13800000001\n"
        "3,2,1102,王芳,008613800000001\n"
    )
    report = await svc.roster.import_csv(text)
    assert (report.added, report.updated, report.errors) == (1, 2, [])
    assert lines(svc) == [("3", "2", "1102", "王芳", "+8613800000001")]
    assert await svc.ports.homes.count() == 1


async def test_full_width_and_lower_case_home_parts_are_normalised(svc):
    await svc.roster.import_csv("building,unit,room,name,phone\n３,２,１１０２a,王芳,13800000001\n")
    assert lines(svc) == [("3", "2", "1102A", "王芳", "+8613800000001")]


async def test_reimport_updates_names_and_never_duplicates(svc):
    first = "building,unit,room,name,phone\n3,2,1102,王芳,13800000001\n5,1,201,张伟,13900000002\n"
    await svc.roster.import_csv(first)
    svc.ports.clock.advance(days=1)

    second = "building,unit,room,name,phone\n3,2,1102,王芳芳,+86 138 0000 0001\n5,1,201,张伟,13900000002\n"
    report = await svc.roster.import_csv(second)

    assert (report.added, report.updated, report.errors) == (0, 2, [])
    assert lines(svc) == [
        ("3", "2", "1102", "王芳芳", "+8613800000001"),
        ("5", "1", "201", "张伟", "+8613900000002"),
    ]
    assert await svc.ports.homes.count() == 2
    assert {r.updated_at for r in svc.ports.homes.roster} == {svc.ports.clock.now()}


async def test_two_phones_for_one_home_and_one_phone_for_two_homes(svc):
    text = (
        "building,unit,room,name,phone\n"
        "3,2,1102,王芳,13800000001\n"
        "3,2,1102,王强,13800000009\n"
        "3,2,1103,王芳,13800000001\n"
    )
    report = await svc.roster.import_csv(text)
    assert (report.added, report.errors) == (3, [])
    assert [h.room for h in await svc.ports.homes.homes_for_phone("+8613800000001")] == [
        "1102",
        "1103",
    ]


async def test_bad_rows_are_reported_by_line_and_good_rows_still_import(svc):
    text = "\n".join(
        [
            "building,unit,room,name,phone",  # 1
            "3,2,1102,王芳,13800000001",  # 2 ok
            "3,2,,李娜,13800000002",  # 3 missing room
            "",  # 4 blank: skipped, still counted
            "3,2,1104,赵磊,12345",  # 5 bad phone
            f"3,2,1105,{'名' * 65},13800000005",  # 6 name too long
            f"{'9' * 65},2,1106,钱,13800000006",  # 7 building too long
            ",2,1107,孙,13800000007",  # 8 missing building
            "3,2,1108,周,13800000008",  # 9 ok
            "3,2",  # 10 short row: no room
            f"3,2,1109,吴,{'1' * 41}",  # 11 absurd phone
        ]
    )
    report = await svc.roster.import_csv(text)

    assert report.errors == [
        (3, "roster.err_required"),
        (5, "roster.err_phone"),
        (6, "roster.err_too_long"),
        (7, "roster.err_too_long"),
        (8, "roster.err_required"),
        (10, "roster.err_required"),
        (11, "roster.err_phone"),
    ]
    assert (report.added, report.updated) == (2, 0)
    assert [line[2] for line in lines(svc)] == ["1102", "1108"]
    assert await svc.ports.homes.count() == 2  # bad rows create no home either


async def test_64_characters_is_still_fine(svc):
    report = await svc.roster.import_csv(
        f"building,room,name,phone\n3,1102,{'名' * 64},13800000001\n"
    )
    assert (report.added, report.errors) == (1, [])


@pytest.mark.parametrize(
    "header",
    ["name,phone", "building,unit,name,phone", "楼栋,单元,房号,姓名", "a,b,c,d,e", "room,phone"],
)
async def test_header_without_required_columns_is_refused(svc, header):
    report = await svc.roster.import_csv(f"{header}\n3,2,1102,王芳,13800000001\n")
    assert report.errors == [(1, "roster.err_header")]
    assert (report.added, report.updated) == (0, 0)
    assert svc.ports.homes.roster == [] and svc.ports.homes.rows == {}


async def test_empty_file(svc):
    report = await svc.roster.import_csv("")
    assert report.errors == [(1, "roster.err_empty")]
    assert (report.added, report.updated) == (0, 0)
    assert svc.ports.tx.entries == 0


async def test_header_only_imports_nothing_without_errors(svc):
    report = await svc.roster.import_csv("building,unit,room,name,phone\n")
    assert (report.added, report.updated, report.errors) == (0, 0, [])
    assert svc.ports.homes.roster == []


@pytest.mark.parametrize("text", ["\n\n", "\ufeff", "\ufeff\r\n\r\n", "  \n"])
async def test_blank_file_is_reported_as_empty(svc, text):
    report = await svc.roster.import_csv(text)
    assert report.errors == [(1, "roster.err_empty")]

"""The report's own XLSX writer: openpyxl (and so Excel's format) reads back every value."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from bot.domain.reports.model import (
    ExportRows,
    Hotspots,
    Quality,
    Report,
    Speed,
    TicketLine,
    Volume,
)
from bot.domain.reports.period import Period
from bot.presentation.reports.exports import COLUMNS, xlsx_bytes
from bot.presentation.reports.xlsx import Cells, sheet, workbook


def _book(data: bytes):
    return load_workbook(io.BytesIO(data), read_only=True)


def test_values_of_every_kind_and_awkward_text_come_back():
    cells = Cells()
    rows = [
        ("text", 'a & b < c > "d"', None, 1.5),
        ("int", 42, True, False),
        ("spaces", "  lead", "trail  ", "中文 工单"),
        ("control", "bell\x07 and\x00 nul", "tab\tnew\nline", ""),
    ]
    data = workbook([("first", sheet(cells.row(r) for r in rows)), ("two", sheet([]))], cells)
    book = _book(data)
    assert book.sheetnames == ["first", "two"]
    got = list(book["first"].iter_rows(values_only=True))
    assert got[0] == ("text", 'a & b < c > "d"', None, 1.5)
    assert got[1] == ("int", 42, True, False)
    assert got[2] == ("spaces", "  lead", "trail  ", "中文 工单")
    assert got[3] == ("control", "bell and nul", "tab\tnew\nline", None)
    assert list(book["two"].iter_rows(values_only=True)) == []


def _report() -> Report:
    volume = Volume(1, 0, 0, 0, 0, 0, (0, 0, 0, 0), {}, {}, {}, ())
    return Report(
        period=Period(date(2026, 11, 1), date(2026, 11, 30)), building=None, volume=volume,
        speed=Speed({}, {}, (0, 0), (0, 0), {}), quality=Quality(0, 0, 0, 0, {}),
        hotspots=Hotspots((), (), ((0,) * 24,) * 7), people=(), targets=(),
    )  # fmt: skip


def test_a_large_export_has_every_row_and_shares_a_tickets_cells():
    lines = [
        TicketLine(i, "repair", "plumbing", i % 7 == 0, "closed", f"1-1-{i % 500}",
                   "2026-11-03 10:15", "王师傅", f"ticket {i} <漏水>")
        for i in range(1, 100_001)
    ]  # fmt: skip
    data = xlsx_bytes(_report(), {"created": lines, "resolved": lines[:1000], "hot": lines[5:7]})
    book = _book(data)
    sheets = ["summary", "volume", "speed", "quality", "hotspots", "mirror", "targets"]
    assert book.sheetnames == sheets
    volume = list(book["volume"].iter_rows(values_only=True))
    assert volume[0] == COLUMNS and len(volume) == 1 + 100_000 + 1000
    assert volume[1] == ("created", 1, "repair", "plumbing", 0, "closed", "1-1-1",
                         "2026-11-03 10:15", "王师傅", "ticket 1 <漏水>")  # fmt: skip
    assert volume[-1][:2] == ("resolved", 1000) and volume[7][4] == 1
    hot = list(book["hotspots"].iter_rows(values_only=True))
    assert [r[:2] for r in hot[1:]] == [("hot", 6), ("hot", 7)]
    summary = list(book["summary"].iter_rows(values_only=True))
    assert summary[0] == ("section", "figure", "key", "value")
    assert ("volume", "created", None, 1) in summary  # an empty text cell reads back as None


def test_export_rows_keep_each_lists_order_and_read_back_as_lines():
    rows = {
        i: (i, "complaint", "noise", 1, "new", "2-1-3", "2026-11-04 08:00", "", f"d{i}")
        for i in (3, 5, 9)
    }
    export = ExportRows({"created": [9, 3, 5], "overdue": [5], "repeat": []}, rows)
    assert [line.id for line in export["created"]] == [9, 3, 5]
    assert export["overdue"][0].urgent is True and export["weak"] == []
    assert ExportRows.of({"created": export["created"]}) == ExportRows({"created": [9, 3, 5]}, rows)
    volume = list(_book(xlsx_bytes(_report(), export))["volume"].iter_rows(values_only=True))
    assert [r[:2] for r in volume[1:]] == [("created", 9), ("created", 3), ("created", 5),
                                           ("overdue", 5)]  # fmt: skip
    assert volume[4] == ("overdue", 5, "complaint", "noise", 1, "new", "2-1-3",
                         "2026-11-04 08:00", None, "d5")  # fmt: skip

"""Ledger files in and out: CSV or XLSX, bounded, every cell read as text (a formula is
refused, never evaluated: openpyxl reads the formula text, and the row check refuses it)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

from bot.domain.errors import DomainError
from bot.domain.operations.equipment import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    Item,
    RowError,
    export_row,
)

# Header names accepted besides the column ids (the Chinese ledger's own headings).
ALIASES = {
    "编号": "code",
    "设备编号": "code",
    "名称": "name",
    "设备名称": "name",
    "类别": "category",
    "位置": "location",
    "楼栋": "location",
    "品牌": "brand",
    "型号": "model",
    "安装日期": "installed_on",
    "保修截止": "warranty_until",
    "重要性": "importance",
    "状态": "state",
    "责任人": "responsible",
    "保养周期": "maintenance_days",
    "building": "location",
}


def _header(cells: list[str]) -> list[str]:
    names = [ALIASES.get(c.strip(), c.strip().lower()) for c in cells]
    if "code" not in names or "name" not in names:
        raise DomainError("equipment.bad_header")
    return names


def _rows_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("equipment.not_utf8") from None
    return list(csv.reader(io.StringIO(text)))[: MAX_ROWS + 2]


MAX_UNPACKED = 40 * 1024 * 1024  # an .xlsx is a zip: its parts unpacked, not its bytes, count


def _unpacked_size(data: bytes) -> int:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise DomainError("equipment.bad_file") from None


def _rows_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    if _unpacked_size(data) > MAX_UNPACKED:  # a zip bomb is refused before it is opened
        raise DomainError("equipment.too_big", limit=MAX_FILE_BYTES // 1024)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any unreadable workbook is a bad file, nothing more
        raise DomainError("equipment.bad_file") from None
    rows = []
    for row in book.worksheets[0].iter_rows(max_row=MAX_ROWS + 2, values_only=True):
        rows.append(["" if v is None else _cell(v) for v in row[: len(COLUMNS) + 5]])
    book.close()
    return rows


def _cell(value: object) -> str:
    if isinstance(value, datetime):  # a date cell
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_ledger(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, column -> cell) for every non-empty row after the header."""
    if len(data) > MAX_FILE_BYTES:
        raise DomainError("equipment.too_big", limit=MAX_FILE_BYTES // 1024)
    xlsx = filename.lower().endswith(".xlsx")
    rows = _rows_xlsx(data) if xlsx else _rows_csv(data)
    if not rows:
        raise DomainError("equipment.bad_header")
    if len(rows) > MAX_ROWS + 1:
        raise DomainError("equipment.too_many_rows", limit=MAX_ROWS)
    names = _header(rows[0])
    found = []
    for line, cells in enumerate(rows[1:], start=2):
        if any(str(c).strip() for c in cells):
            found.append((line, dict(zip(names, (str(c) for c in cells), strict=False))))
    return found


def write_ledger(items: list[Item], filename: str) -> bytes:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(list(COLUMNS))
        for item in items:
            sheet.append(export_row(item))
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    writer.writerows(export_row(item) for item in items)
    return text.getvalue().encode("utf-8-sig")


__all__ = ["RowError", "read_ledger", "write_ledger"]

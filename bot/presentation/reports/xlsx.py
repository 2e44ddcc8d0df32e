"""A small streaming XLSX writer for the report export: a million rows in seconds.

openpyxl writes about 10,000 rows a second here, so a year of a large estate (well over
a million ticket rows) would take minutes. This writes the few parts a workbook needs
(SpreadsheetML, plain values, shared strings, no styles beyond the default) and lets zlib
compress in a second thread while Python renders the next rows (zlib releases the GIL).
A ticket that stands behind several figures is rendered once and its cells reused.
"""

from __future__ import annotations

import io
import queue
import re
import threading
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Characters XML 1.0 cannot carry at all (openpyxl refuses them; here they are dropped).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/>'
    '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/>'
    '</fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border>'
    "<left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="
    '"1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles '
    'count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
CHUNK = 20_000  # rows rendered at a time
PIECE = 1 << 20  # characters per piece handed to the compressing thread


class Cells:
    """Renders values as <c> elements; every text goes to the shared-string table once."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}  # text -> its rendered cell

    def text(self, value: str) -> str:
        found = self.strings.get(value)
        if found is None:
            if value == "":  # an empty cell, as openpyxl writes it
                return "<c/>"
            found = self.strings[value] = f'<c t="s"><v>{len(self.strings)}</v></c>'
        return found

    def value(self, value: Any) -> str:
        if value is None:
            return "<c/>"
        if isinstance(value, bool):
            return f'<c t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float):
            return f"<c><v>{value}</v></c>"
        return self.text(str(value))

    def row(self, values: Iterable[Any]) -> str:
        return "<row>" + "".join(self.value(v) for v in values) + "</row>"

    def table(self) -> Iterator[bytes]:
        yield f'{_HEAD}<sst xmlns="{_MAIN}" uniqueCount="{len(self.strings)}">'.encode()
        texts = list(self.strings)
        for start in range(0, len(texts), CHUNK):
            yield "".join(map(_shared, texts[start : start + CHUNK])).encode()
        yield b"</sst>"


def _shared(text: str) -> str:
    clean = _ILLEGAL.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if clean != clean.strip():
        return f'<si><t xml:space="preserve">{clean}</t></si>'
    return f"<si><t>{clean}</t></si>"


def sheet(rows: Iterable[str]) -> Iterator[bytes]:
    """A worksheet's XML in pieces of about a MiB, from its rendered rows (each string one
    row or many)."""
    yield f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>'.encode()
    piece: list[str] = []
    size = 0
    for row in rows:
        piece.append(row)
        size += len(row)
        if size >= PIECE:
            yield "".join(piece).encode()
            piece, size = [], 0
    yield ("".join(piece) + "</sheetData></worksheet>").encode()


def workbook(sheets: Sequence[tuple[str, Iterable[bytes]]], cells: Cells) -> bytes:
    """The .xlsx file: each (name, XML pieces) a sheet, then the shared strings."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        pump = _Pump(book)
        try:
            for n, (_name, pieces) in enumerate(sheets, 1):
                pump.part(f"xl/worksheets/sheet{n}.xml", pieces)
            pump.part("xl/sharedStrings.xml", cells.table())
        finally:
            pump.close()
        for name, text in _package([name for name, _ in sheets]):
            book.writestr(name, text)
    return out.getvalue()


class _Pump:
    """Compresses and writes parts in a thread while the caller renders the next piece."""

    def __init__(self, book: zipfile.ZipFile) -> None:
        self.book = book
        self.queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=4)
        self.failed: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="xlsx-writer", daemon=True)
        self.thread.start()

    def part(self, name: str, pieces: Iterable[bytes]) -> None:
        for piece in pieces:
            if self.failed is not None:
                break
            self.queue.put((name, piece))

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.failed is not None:
            raise self.failed

    def _run(self) -> None:
        current, stream = "", None
        try:
            while (item := self.queue.get()) is not None:
                name, piece = item
                if name != current:
                    if stream is not None:
                        stream.close()
                    current, stream = name, self.book.open(name, "w", force_zip64=True)
                assert stream is not None
                stream.write(piece)
            if stream is not None:
                stream.close()
        except BaseException as error:  # handed to the caller in close()
            self.failed = error
            while self.queue.get() is not None:  # let the producer finish
                pass


def _package(names: list[str]) -> list[tuple[str, str]]:
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1)
    )
    count = len(names)
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    rels += (
        f'<Relationship Id="rId{count + 1}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId{count + 2}" Type="{_REL}/styles" Target="styles.xml"/>'
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        for n in range(1, count + 1)
    )
    return [
        (
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
            f"{overrides}"
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/></Types>',
        ),
        (
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        ),
        (
            "xl/workbook.xml",
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>',
        ),
        (
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG}">{rels}</Relationships>',
        ),
        ("xl/styles.xml", _STYLES),
    ]

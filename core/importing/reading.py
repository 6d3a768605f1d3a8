"""Reading an import file into header + rows of text: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX.

Encodings are tried, not guessed: a file that decodes as strict UTF-8 is UTF-8 (a random GBK file almost never
does: its lead bytes 0x81–0xFE are rarely followed by valid UTF-8 continuation bytes), else GB18030 (a superset
of GBK and GB2312, which is what Excel on a Chinese Windows saves as "CSV"). charset-normalizer was measured on
five short GBK customer CSVs: it named one of them CP949 (Korean), garbling the names; two strict tries in a fixed
order never mis-decode UTF-8 and need no dependency, and a file neither accepts is refused whole.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.importing.errors import ImportFileError

ENCODINGS = ("utf-8-sig", "gb18030")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class SourceRow:
    number: int  # the row as the user sees it in Excel: the header is row 1
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[SourceRow, ...]
    encoding: str  # "xlsx" for workbooks
    file_hash: str


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_table(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError("import.file.unreadable", file=str(path), detail=exc.strerror or str(exc)) from exc
    if path.suffix.lower() in XLSX_SUFFIXES:
        headers, rows = _xlsx(data, path)
        encoding = "xlsx"
    else:
        text, encoding = decode(data, path)
        headers, rows = _csv(text)
    return Table(headers, rows, encoding, file_hash(data))


def decode(data: bytes, path: Path) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig":
            return text, "utf-8-bom" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return text, encoding
    raise ImportFileError("import.file.encoding", file=path.name)


def _csv(text: str) -> tuple[tuple[str, ...], tuple[SourceRow, ...]]:
    sample = text[:4096]
    first_line = sample.splitlines()[0] if sample else ""
    # Excel saves "CSV" with the list separator of the machine's locale; a tab export is common too.
    delimiter = max((",", ";", "\t"), key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _split(list(reader))


def _xlsx(data: bytes, path: Path) -> tuple[tuple[str, ...], tuple[SourceRow, ...]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError("import.file.bad_xlsx", file=path.name) from exc
    try:
        sheet = book.worksheets[0]
        table = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return _split(table)


def cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV of it would hold (12000.0 → "12000", a date → 2026-12-01)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def _split(table: list[list[str]]) -> tuple[tuple[str, ...], tuple[SourceRow, ...]]:
    numbered = [(n, row) for n, row in enumerate(table, start=1)]
    # Blank lines above the header (a title row left empty) are skipped; blank data rows are not rows.
    while numbered and not any(cell.strip() for cell in numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        raise ImportFileError("import.file.empty")
    header_number, header = numbered[0]
    width = len(header)
    rows = tuple(
        SourceRow(n, tuple((list(row) + [""] * width)[: max(width, len(row))]))
        for n, row in numbered[1:]
        if any(cell.strip() for cell in row)
    )
    del header_number
    return tuple(cell.strip() for cell in header), rows

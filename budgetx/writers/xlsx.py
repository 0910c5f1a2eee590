"""One workbook, one sheet per table: numeric amounts, codes as text, frozen header;
an `about` sheet first and a `checks` sheet last (writers/workbook.py)."""
from __future__ import annotations

import io
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budgetx.model import Document, Table
from budgetx.writers.atomic import write_bytes
from budgetx.writers.layout import amount_places, safe_name, table_columns, written_tables
from budgetx.writers.options import WriteOptions
from budgetx.writers.workbook import ABOUT, CHECKS, fill_about, fill_checks

SHEET_NAME_MAX = 31  # Excel refuses longer sheet names
TEXT = "@"
MAX_WIDTH = 60


def sheet_title(table: Table, index: int, used: set[str]) -> str:
    """`1 部门收支总体情况表`, cut to Excel's 31 characters and made unique."""
    label = str(table.no) if table.no is not None else f"x{index + 1}"
    base = safe_name(f"{label} {table.title}")[:SHEET_NAME_MAX]
    name, n = base, 2
    # Excel compares sheet names case-insensitively.
    while name.lower() in used:
        suffix = f"~{n}"
        name, n = base[:SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def display_width(text: str) -> int:
    # CJK characters take two columns in Excel's default fonts.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def amount_format(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def fill_sheet(sheet: Worksheet, table: Table, keys: str) -> None:
    columns = table_columns(table, keys)
    places = amount_places(table)
    number_format = amount_format(places)
    widths = [display_width(header) for _, header in columns]
    bold = Font(bold=True)
    for col, (_, header) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=col, value=header)
        cell.font = bold
    for r, row in enumerate(table.rows, start=2):
        for col, (key, _) in enumerate(columns, start=1):
            value = row.get(key)
            cell = sheet.cell(row=r, column=col)
            if isinstance(value, Decimal):
                cell.value = value
                cell.number_format = number_format
                shown = f"{value:,.{places}f}"
            elif value is not None:
                # Text format keeps codes like 03 as typed: Excel would read them as 3.
                cell.value = value
                cell.number_format = TEXT
                shown = value
            else:
                continue
            widths[col - 1] = max(widths[col - 1], display_width(shown))
    sheet.freeze_panes = "A2"
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(width + 2, MAX_WIDTH)


def document_to_workbook(doc: Document, keys: str = "zh") -> Workbook:
    """`about` first, a sheet per printed table, then `checks`."""
    book = Workbook()
    default = book.active
    fill_about(book.create_sheet(ABOUT), doc)
    used: set[str] = {ABOUT, CHECKS}
    for index, table in written_tables(doc.tables):
        fill_sheet(book.create_sheet(sheet_title(table, index, used)), table, keys)
    fill_checks(book.create_sheet(CHECKS), doc)
    if default is not None:
        book.remove(default)
    return book


def write_xlsx(doc: Document, target: Path | IO[bytes], options: WriteOptions) -> None:
    buffer = io.BytesIO()
    document_to_workbook(doc, options.keys).save(buffer)
    if isinstance(target, Path):
        write_bytes(target, buffer.getvalue())
    else:
        target.write(buffer.getvalue())
        target.flush()

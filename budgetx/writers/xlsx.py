"""One workbook, one sheet per table: numeric amounts, codes as text, frozen header;
an `about` sheet first and a `checks` sheet last (writers/workbook.py)."""
from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook

from budgetx.model import Document, Table
from budgetx.writers.atomic import write_bytes
from budgetx.writers.cells import (Sheet, amount_format, display_width, header_row, set_widths,
                                   xlsx_cell, xlsx_text)
from budgetx.writers.layout import amount_places, safe_name, table_columns, written_tables
from budgetx.writers.options import WriteOptions
from budgetx.writers.workbook import ABOUT, CHECKS, fill_about, fill_checks

SHEET_NAME_MAX = 31  # Excel refuses longer sheet names


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


def fill_sheet(sheet: Sheet, table: Table, keys: str) -> None:
    columns = table_columns(table, keys)
    places = amount_places(table)
    number_format = amount_format(places)
    widths = [display_width(xlsx_text(header)) for _, header in columns]
    # A write-only sheet takes its column widths before its rows: measure first.
    for row in table.rows:
        for col, (key, _) in enumerate(columns):
            value = row.get(key)
            if value is not None:
                shown = f"{value:,.{places}f}" if isinstance(value, Decimal) else value
                widths[col] = max(widths[col], display_width(shown[:100]))
    sheet.freeze_panes = "A2"
    set_widths(sheet, [w + 2 for w in widths])
    sheet.append(header_row(sheet, [header for _, header in columns]))
    for row in table.rows:
        sheet.append([xlsx_cell(sheet, row.get(key), number_format) for key, _ in columns])


def document_to_workbook(doc: Document, keys: str = "zh") -> Workbook:
    """`about` first, a sheet per printed table, then `checks`."""
    # write_only: rows stream into the file, and cells are built by writers.cells.
    book = Workbook(write_only=True)
    fill_about(book.create_sheet(ABOUT), doc)
    used: set[str] = {ABOUT, CHECKS}
    for index, table in written_tables(doc.tables):
        fill_sheet(book.create_sheet(sheet_title(table, index, used)), table, keys)
    fill_checks(book.create_sheet(CHECKS), doc)
    return book


def write_xlsx(doc: Document, target: Path | IO[bytes], options: WriteOptions) -> None:
    buffer = io.BytesIO()
    document_to_workbook(doc, options.keys).save(buffer)
    if isinstance(target, Path):
        write_bytes(target, buffer.getvalue())
    else:
        target.write(buffer.getvalue())
        target.flush()

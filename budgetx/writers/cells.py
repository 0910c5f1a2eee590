"""One cell writer for every CSV and XLSX output (per document and combined): what a
value becomes in a cell, so that text stays text and amounts stay numbers.

Text a PDF, a department or a file name supplies is never a formula: a text cell that
begins with `=`, `+`, `-`, `@` (or a tab or line break, or their full-width forms) gets
a leading `'`, as OWASP's CSV-injection guidance says, in CSV and XLSX alike; amounts
are numbers and a negative amount stays `-3.00`. The JSON keeps the exact text.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any


from budgetx.model import Cell

Sheet = Any  # an openpyxl write-only worksheet

TEXT = "@"  # Excel's text format: codes such as 03 stay as typed
# Excel holds at most this many characters in a cell and refuses longer ones.
XLSX_CELL_MAX = 32_767
CUT_NOTE = "…[cut: {n} characters in all, the JSON output has the full text]"
MAX_WIDTH = 60

_FORMULA_START = frozenset("=+-@\t\r\n＝＋－＠")
# A plain number is no formula, whatever its sign: `-3.00` in a text column stays as is.
_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?")
# XML 1.0 cannot hold these control characters, and UTF-8 cannot hold lone surrogates.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def safe_text(text: str) -> str:
    """A text cell's content: unwritable characters replaced by U+FFFD, and a `'` in
    front of text a spreadsheet would read as a formula."""
    text = _UNWRITABLE.sub("\ufffd", text)
    if text and text[0] in _FORMULA_START and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # No separators, no exponent, printed precision kept.
        return format(value, "f")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return safe_text(str(value))


def xlsx_text(text: str) -> str:
    text = safe_text(text)
    if len(text) > XLSX_CELL_MAX:
        # Say where the text was cut rather than let Excel refuse the workbook.
        note = CUT_NOTE.format(n=len(text))
        text = text[:XLSX_CELL_MAX - len(note)] + note
    return text


def amount_format(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def places_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def xlsx_cell(sheet: Sheet, value: Cell | int, number_format: str | None = None) -> object:
    """The cell for `value`: an amount as a number shown with `number_format` (its own
    printed precision by default), text as a text cell, None as an empty cell."""
    from openpyxl.cell import WriteOnlyCell  # openpyxl (and numpy) only when writing XLSX

    if value is None:
        return None
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format or amount_format(places_of(value))
        return cell
    if isinstance(value, int):
        return value
    cell = WriteOnlyCell(sheet, value=xlsx_text(value))
    cell.data_type = "s"  # never a formula, whatever openpyxl guesses
    cell.number_format = TEXT
    return cell


def header_row(sheet: Sheet, headers: list[str]) -> list[object]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=xlsx_text(header))
        cell.data_type = "s"
        cell.font = bold
        cells.append(cell)
    return cells


def display_width(text: str) -> int:
    # CJK characters take two columns in Excel's default fonts.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def set_widths(sheet: Sheet, widths: list[int]) -> None:
    """Column widths in characters; a write-only sheet needs them before its rows."""
    from openpyxl.utils import get_column_letter

    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(width, MAX_WIDTH)

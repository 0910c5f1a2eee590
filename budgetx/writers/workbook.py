"""The sheets a per-file workbook carries besides its tables: `about` first (what was
read, from which file, by which budgetx) and `checks` last (every sum that does not
hold, and every rule that could not be evaluated, with its reason)."""
from __future__ import annotations

from decimal import Decimal
from importlib import metadata

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budgetx.model import Check, Document

ABOUT = "about"
CHECKS = "checks"
CHECK_HEADERS = ["table", "row", "column", "expected", "found", "diff", "level", "page", "rule", "message"]
LEVEL_ORDER = {"error": 0, "rounding": 1, "unchecked": 2}


def budgetx_version() -> str:
    try:
        return metadata.version("budgetx")
    except metadata.PackageNotFoundError:
        return "unknown"


def _put(sheet: Worksheet, row: int, col: int, value: object, bold: bool = False) -> None:
    cell = sheet.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        # Text stays text: a name that starts with = is not a formula.
        cell.data_type = "s"
        cell.number_format = "@"
    elif isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        cell.number_format = "#,##0" + ("." + "0" * places if places else "")
    if bold:
        cell.font = Font(bold=True)


def about_rows(doc: Document) -> list[tuple[str, object]]:
    """(field, value) pairs of the about sheet; `kind` only when the document has one."""
    found = [t for t in doc.tables if t.no is not None and t.status != "missing"]
    missing = [t for t in doc.tables if t.no is not None and t.status == "missing"]
    others = [t for t in doc.tables if t.no is None]
    levels = [c.level for c in doc.checks]
    rows: list[tuple[str, object]] = [
        ("source", doc.file),
        ("sha256", doc.sha256),
        ("pages", doc.pages),
        ("department", doc.department),
        ("year", doc.year),
        ("unit", doc.unit),
    ]
    kind = getattr(doc, "kind", None)
    if kind:
        rows.append(("kind", kind))
    rows += [
        ("tables found", ", ".join(f"{t.no} {t.title}" for t in found) or "none"),
        ("tables missing", ", ".join(f"{t.no} {t.title}" for t in missing) or "none"),
        ("other tables", ", ".join(t.title for t in others) or "none"),
        ("checks", ", ".join(f"{levels.count(level)} {level}" for level in LEVEL_ORDER)),
        ("budgetx", budgetx_version()),
    ]
    return rows


def fill_about(sheet: Worksheet, doc: Document) -> None:
    for r, (name, value) in enumerate(about_rows(doc), start=1):
        _put(sheet, r, 1, name, bold=True)
        if value is not None:
            _put(sheet, r, 2, value)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 100


def _check_cells(check: Check) -> list[object]:
    # An unchecked rule has no figures: its reason says why.
    figures: list[object] = [None, None, None] if check.level == "unchecked" else [
        check.expected, check.found, check.diff]
    return [check.table, check.row or None, check.column or None, *figures, check.level,
            check.page, check.rule, check.message or None]


def fill_checks(sheet: Worksheet, doc: Document) -> None:
    """Errors first, then rounding, then unchecked; each group in the document's order."""
    for col, header in enumerate(CHECK_HEADERS, start=1):
        _put(sheet, 1, col, header, bold=True)
    ordered = sorted(doc.checks, key=lambda c: LEVEL_ORDER.get(c.level, len(LEVEL_ORDER)))
    for r, check in enumerate(ordered, start=2):
        for col, value in enumerate(_check_cells(check), start=1):
            if value is not None:
                _put(sheet, r, col, value)
    sheet.freeze_panes = "A2"
    for col, width in enumerate([8, 14, 18, 14, 14, 10, 10, 6, 40, 60], start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width

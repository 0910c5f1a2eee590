"""The sheets a per-file workbook carries besides its tables: `about` first (what was
read, from which file, by which budgetx) and `checks` last (every sum that does not
hold, and every rule that could not be evaluated, with its reason)."""
from __future__ import annotations

from decimal import Decimal
from importlib import metadata

from budgetx.model import Check, Document
from budgetx.writers.cells import Sheet, header_row, set_widths, xlsx_cell

ABOUT = "about"
CHECKS = "checks"
CHECK_HEADERS = ["table", "row", "column", "expected", "found", "diff", "level", "page", "rule", "message"]
LEVEL_ORDER = {"error": 0, "rounding": 1, "warning": 2, "unchecked": 3}


def budgetx_version() -> str:
    try:
        return metadata.version("budgetx")
    except metadata.PackageNotFoundError:
        return "unknown"


def _cell(sheet: Sheet, value: object) -> object:
    """A cell through the one cell writer (writers/cells.py): text never a formula,
    amounts numbers with their printed precision."""
    if value is None or isinstance(value, (str, Decimal, int)) and not isinstance(value, bool):
        return xlsx_cell(sheet, value)
    return xlsx_cell(sheet, str(value))


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


def fill_about(sheet: Sheet, doc: Document) -> None:
    set_widths(sheet, [16, 100])  # a write-only sheet takes its widths before its rows
    for name, value in about_rows(doc):
        sheet.append([*header_row(sheet, [name]), _cell(sheet, value)])


def _check_cells(check: Check) -> list[object]:
    # An unchecked rule has no figures: its reason says why.
    figures: list[object] = [None, None, None] if check.level == "unchecked" else [
        check.expected, check.found, check.diff]
    return [check.table, check.row or None, check.column or None, *figures, check.level,
            check.page, check.rule, check.message or None]


def fill_checks(sheet: Sheet, doc: Document) -> None:
    """Errors first, then rounding, then unchecked; each group in the document's order."""
    set_widths(sheet, [8, 14, 18, 14, 14, 10, 10, 6, 40, 60])
    sheet.freeze_panes = "A2"
    sheet.append(header_row(sheet, CHECK_HEADERS))
    ordered = sorted(doc.checks, key=lambda c: LEVEL_ORDER.get(c.level, len(LEVEL_ORDER)))
    for check in ordered:
        sheet.append([_cell(sheet, value) for value in _check_cells(check)])

"""Figures read by OCR, checked by the document's own sums.

A scanned table's amounts come from a recogniser that is sometimes wrong (8 for 6, a
dropped digit). Where a rule of the registry fails on an OCR'd table, the other
readings the recogniser offered for that table's doubtful cells are tried, one cell at a
time, and a reading is kept when it makes more sums hold. Cells still in a failing sum
are listed as doubtful: nothing wrong is passed off as certain."""
from __future__ import annotations

from decimal import Decimal

from budgetx.check.checks import run_checks
from budgetx.model import Check, Document, Doubt, Table, Tally
from budgetx.values.codes import split_code
from budgetx.values.numbers import digit_swaps, is_amount, parse_amount


def _errors(doc: Document) -> list[Check]:
    return [c for c in run_checks(doc) if c.level == "error"]


def _ocr_error_count(doc: Document, errors: list[Check]) -> int:
    ocr = {t.no for t in doc.tables if t.ocr}
    return sum(1 for c in errors if c.table in ocr)


def _row_index(table: Table, label: str) -> int | None:
    for i, row in enumerate(table.rows):
        if label in (str(row.get("code") or ""), str(row.get("item") or ""), str(row.get("name") or "")):
            return i
    return None


def repair(doc: Document, tally: Tally | None = None) -> list[Check]:
    """Try the OCR's other readings where sums fail; return the checks that remain
    (and, in `tally`, what became of each rule on the repaired document)."""
    errors = _errors(doc)
    if not _ocr_error_count(doc, errors):
        return run_checks(doc, tally=tally)
    # A sum down a column fails in that column; a sum across a row (current_income =
    # fiscal_subtotal + … + unit_funds, unit_funds the sum of its sources) fails in that
    # row, whichever of its figures was misread.
    failing = {(c.table, c.column) for c in errors}
    failing_rows = {(c.table, c.row) for c in errors}
    for table in doc.tables:
        if not table.ocr:
            continue
        rows = {i for no, label in failing_rows if no == table.no and (i := _row_index(table, label)) is not None}
        for doubt in table.doubtful:
            column, row = doubt.column, doubt.row
            if ((table.no, column) not in failing and row not in rows) or row >= len(table.rows):
                continue
            readings = [a for a in doubt.alternatives if is_amount(a)]
            if not readings:
                continue
            current = table.rows[row].get(column)
            best: tuple[int, Decimal | None] = (_ocr_error_count(doc, errors), None)
            for reading in readings:
                table.rows[row][column] = parse_amount(reading)
                count = _ocr_error_count(doc, _errors(doc))
                if count < best[0]:
                    best = (count, parse_amount(reading))
            if best[1] is not None:
                table.rows[row][column] = best[1]
                doubt.repaired_from = doubt.read
                doubt.read = str(best[1])
                errors = _errors(doc)
            else:
                table.rows[row][column] = current
    errors = _swap_confused_digits(doc, errors)
    _doubt_failing_cells(doc, errors)
    return run_checks(doc, tally=tally)


# A swap the recogniser did not offer is kept only where it mends this many sums: the
# figure's row and its column both say what it is.
_SWAP_MENDS = 2


def _swap_confused_digits(doc: Document, errors: list[Check]) -> list[Check]:
    """A figure read with one digit taken for another (417.41 read 417.11) that fails
    both a sum down its column and a sum across its row is set to the reading, one digit
    swapped for a digit it is confused with, that makes both hold, and kept doubtful with
    what was read. Returns the errors left."""
    for table in doc.tables:
        if not table.ocr:
            continue
        # What each failing sum is off by, down each column and across each row: a
        # swap that mends both changes its figure by as much (the checks are re-run
        # only for such swaps).
        down: dict[str, set[Decimal]] = {}
        across: dict[int, set[Decimal]] = {}
        for c in errors:
            if c.table == table.no:
                down.setdefault(c.column, set()).add(abs(c.diff))
                if (i := _row_index(table, c.row)) is not None:
                    across.setdefault(i, set()).add(abs(c.diff))
        for i in sorted(across):
            for column in sorted(down):
                current = table.rows[i].get(column)
                if not isinstance(current, Decimal):
                    continue
                offs = down[column] & across[i]
                best: tuple[int, Decimal | None] = (_ocr_error_count(doc, errors) - _SWAP_MENDS + 1, None)
                for swapped in (v for v in map(Decimal, digit_swaps(format(current, "f"))) if abs(v - current) in offs):
                    table.rows[i][column] = swapped
                    count = _ocr_error_count(doc, _errors(doc))
                    if count < best[0]:
                        best = (count, swapped)
                table.rows[i][column] = current if best[1] is None else best[1]
                if best[1] is not None:
                    table.note_repair(i, column, str(current), str(best[1]),
                                      "a digit swapped for one it is read as: the row's and the column's sums hold")
                    errors = _errors(doc)
    return errors


def _doubt_failing_cells(doc: Document, errors: list[Check]) -> None:
    """Every OCR'd figure a failing sum names is doubtful, whatever its score."""
    by_no = {t.no: t for t in doc.tables if t.ocr}
    for check in errors:
        table = by_no.get(check.table)
        if table is None:
            continue
        i = _row_index(table, check.row)
        if i is None:
            continue
        known = {(d.row, d.column) for d in table.doubtful}
        if (i, check.column) not in known:
            table.doubtful.append(Doubt(row=i, column=check.column, read=str(table.rows[i].get(check.column)),
                                        label=check.row, page=check.page,
                                        reason=f"{check.rule} does not hold"))


def repair_codes(tables: list[Table]) -> None:
    """A code OCR read short (its 项 digits lost) is the code another table of the same
    document prints for the same subject name, if that code extends it."""
    by_name: dict[str, set[str]] = {}
    for table in tables:
        if table.row_key != "function":
            continue
        for row in table.rows:
            code, name = str(row.get("code") or ""), str(row.get("name") or "")
            if len(code) == 7 and name:
                by_name.setdefault(name, set()).add(code)
    for table in tables:
        kept = []
        for doubt in table.doubtful:
            i = doubt.row
            if doubt.column != "code" or doubt.reason is None:
                kept.append(doubt)
                continue
            row = table.rows[i]
            code = str(row.get("code") or "")
            found = {c for c in by_name.get(str(row.get("name") or ""), set()) if c.startswith(code)}
            if len(found) == 1:
                fixed = split_code(found.pop())
                row.update(code=fixed.code, class_code=fixed.class_code, section_code=fixed.section_code,
                           item_code=fixed.item_code)
            else:
                kept.append(doubt)
        table.doubtful = kept

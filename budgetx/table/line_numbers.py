"""The 行次 column of a scanned table: its numbers count the rows (1, 2, 3 …), so one
OCR misread or lost between two that count on is the one they count to."""
from __future__ import annotations

from decimal import Decimal

from budgetx.model import Table
from budgetx.values.numbers import digit_swaps

KEY = "line_no"


def mend_line_numbers(table: Table) -> None:
    """Set each 行次 the rows beside it count to where it was lost or read with a digit
    swapped for one it is confused with (45 read 15); each change is in `doubtful` with
    what was read."""
    if not table.ocr or not any(KEY in row for row in table.rows):
        return
    values = [_number(row.get(KEY)) for row in table.rows]
    for k, read in enumerate(values):
        want = _counted(values, k)
        # (A number read with a confused digit is the one counted; another, 39 printed
        # between 28 and 30, is the document's own and stays.)
        if want is None or read == want or (read is not None and str(read) not in digit_swaps(str(want))):
            continue
        table.rows[k][KEY] = Decimal(want)
        values[k] = want
        table.note_repair(k, KEY, "" if read is None else str(read), str(want), "行次 counted from the rows beside it")


def _number(value: object) -> int | None:
    return int(value) if isinstance(value, Decimal) and value == value.to_integral_value() and value > 0 else None


def _counted(values: list[int | None], k: int) -> int | None:
    """The number the rows beside row k count to: one between its neighbours, or, at
    either end, one on from the two that count up to it."""
    before = values[k - 1] if k > 0 else None
    after = values[k + 1] if k + 1 < len(values) else None
    if before is not None and after is not None:
        return before + 1 if after - before == 2 else None
    if k + 2 < len(values) and after is not None and values[k + 2] == after + 1 and after > 1:
        return after - 1
    if k >= 2 and before is not None and values[k - 2] == before - 1:
        return before + 1
    return None

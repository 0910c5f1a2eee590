"""table/line_numbers.py: a scanned table's 行次 mended from the rows beside it."""
from __future__ import annotations

from decimal import Decimal

from budgetx.model import Table
from budgetx.table.line_numbers import mend_line_numbers


def _table(numbers: list[int | None], ocr: bool = True) -> Table:
    rows = [{"side": "支出", "item": f"第{k}行", "line_no": None if n is None else Decimal(n), "amount": None}
            for k, n in enumerate(numbers)]
    return Table(1, "final_summary", "收入支出决算总表", [3], rows=rows, ocr=ocr, row_pages=[3] * len(rows),
                 row_key="side")


def test_a_line_number_lost_or_read_with_a_confused_digit_is_the_one_its_neighbours_count_to() -> None:
    # 佛山, scanned to one bit: 1 lost at the top, 45 read 15 (4 as 1); 39 between 28 and
    # 30 is printed so (the text layer has it): 3 for 2 is no misreading, and it stays.
    table = _table([None, 2, 3, 44, 15, 46, 28, 39, 30, 51, 52, 53])
    mend_line_numbers(table)
    assert [r["line_no"] for r in table.rows] == [Decimal(n) for n in (1, 2, 3, 44, 45, 46, 28, 39, 30, 51, 52, 53)]
    assert [(d.row, d.repaired_from, d.read) for d in table.doubtful] == [(0, "", "1"), (4, "15", "45")]


def test_line_numbers_read_from_a_text_layer_or_without_neighbours_to_count_stay() -> None:
    table = _table([44, 15, 46], ocr=False)
    mend_line_numbers(table)
    assert table.rows[1]["line_no"] == Decimal(15)
    lone = _table([None, 7, None, 12])
    mend_line_numbers(lone)
    assert [r["line_no"] for r in lone.rows] == [None, Decimal(7), None, Decimal(12)] and lone.doubtful == []

"""header_rows.py: a repeated header read as a body row is not a row."""
from __future__ import annotations

from decimal import Decimal

from budgetx.table.header_rows import drop_header_rows, is_header_row
from budgetx.schema.registry import header_vocabulary, load_schema

WORDS = header_vocabulary(load_schema())


def test_a_repeated_header_is_dropped_and_body_rows_are_kept() -> None:
    rows: list[dict[str, str | Decimal | None]] = [
        {"code": "", "name": "合计", "total": Decimal("14770.62"), "basic": Decimal("5838.39")},
        {"code": "", "name": "科目编码科目名称", "total": "总计", "basic": "基本支出", "project": "项目支出"},
        {"code": "", "name": "经济分类科目", "total": None, "personnel": "基本支出"},
        {"code": "20805", "name": "行政事业单位养老支出", "total": Decimal("120.17"), "basic": None},
        # A row with no figure at all (a unit's name) is a row, not a header.
        {"code": "", "name": "昌吉州政务服务中心", "total": None, "basic": None},
        # Text in an amount column that is no header word is the document's, kept.
        {"code": "", "name": "备注", "total": "见说明", "basic": None},
    ]
    kept, pages = drop_header_rows(rows, [9, 10, 10, 10, 10, 10], WORDS)
    assert [r["name"] for r in kept] == ["合计", "行政事业单位养老支出", "昌吉州政务服务中心", "备注"]
    assert pages == [9, 10, 10, 10]
    assert not is_header_row({"name": "x", "total": Decimal("0")}, WORDS)

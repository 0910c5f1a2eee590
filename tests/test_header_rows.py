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


def test_a_repeated_header_of_a_two_sided_table_is_dropped() -> None:
    # 收支总表 over two pages, its header repeated: 收 入 | 支 出 (letter-spaced, split
    # between item and amount cells), then 项目 | 预算数, read as rows of each side.
    rows: list[dict[str, str | Decimal | None]] = [
        {"side": "收入", "item": "七、其他收入", "amount": Decimal("283.30")},
        {"side": "收入", "item": "收", "amount": "入"},
        {"side": "收入", "item": "项目", "amount": "预算数"},
        {"side": "收入", "item": "本年收入合计", "amount": Decimal("6256.31")},
        {"side": "收入", "item": "上年结转结余", "amount": None},
        {"side": "支出", "item": "支出", "amount": None},
        {"side": "支出", "item": "其他退役安置支出", "amount": Decimal("948.20")},
        # A label of the document in the amount column stays.
        {"side": "支出", "item": "结转下年", "amount": "见说明"},
    ]
    kept, pages = drop_header_rows(rows, [5, 6, 6, 6, 6, 6, 6, 6], WORDS, side=True)
    assert [r["item"] for r in kept] == ["七、其他收入", "本年收入合计", "上年结转结余", "其他退役安置支出", "结转下年"]
    assert pages == [5, 6, 6, 6, 6]


def test_a_repeated_header_naming_the_budget_year_is_dropped() -> None:
    # 项目 | 2026年预算数 repeated on each page of the spending side.
    rows: list[dict[str, str | Decimal | None]] = [
        {"side": "支出", "item": "科技人才队伍建设", "amount": Decimal("194015.45")},
        {"side": "支出", "item": "项目", "amount": "2026年预算数"},
        {"side": "支出", "item": "项目", "amount": "2026年度预算数"},
        {"side": "支出", "item": "其他科学技术支出", "amount": Decimal("104446.00")},
        {"side": "支出", "item": "备注", "amount": "2026年说明"},
    ]
    kept, _ = drop_header_rows(rows, [3, 4, 4, 4, 4], WORDS, side=True)
    assert [r["item"] for r in kept] == ["科技人才队伍建设", "其他科学技术支出", "备注"]
    assert is_header_row({"code": "", "name": "科目名称", "total": "2026年预算数"}, WORDS)


def test_a_repeated_header_whose_stacked_cells_run_together_is_dropped() -> None:
    # 烟台: an empty 财政拨款收支总表 over two pages; its repeated header's 预算数 over
    # 政府性基金预算 read as one text in one column.
    rows: list[dict[str, str | Decimal | None]] = [
        {"side": "支出", "item": "十六、自然资源海洋气象等支出", "total": None},
        {"side": "支出", "item": "项目", "total": "总计", "general_budget": "一般公共预算",
         "gov_fund": "预算数政府性基金预算", "state_capital": "国有资本经营预算"},
        {"side": "支出", "item": "十七、住房保障支出", "total": None},
        # Two words that are no headers together stay the document's.
        {"side": "支出", "item": "结转下年", "total": "预算数见说明"},
    ]
    kept, _ = drop_header_rows(rows, [11, 12, 12, 12], WORDS, side=True)
    assert [r["item"] for r in kept] == ["十六、自然资源海洋气象等支出", "十七、住房保障支出", "结转下年"]
    # One text alone that two headers spell (江苏's 收入总表 printed down: 政府性基金 | 小计
    # in its label column, no figure) is a row of the document.
    assert not is_header_row({"项目名称": "政府性基金小计", "total": None}, WORDS)

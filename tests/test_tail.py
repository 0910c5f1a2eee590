"""tail.py: the explanation under a coded table's closing total is not part of it."""
from __future__ import annotations

from decimal import Decimal

from budgetx.table.records import Row
from budgetx.table.tail import cut_prose_tail

D = Decimal


def _rows() -> list[Row]:
    return [{"code": "205", "name": "教育支出", "total": D("207.80")},
            {"code": "2050205", "name": "高等教育", "total": D("207.80")},
            {"code": "", "name": "合计", "total": D("207.80")}]


def test_prose_after_the_closing_total_is_cut() -> None:
    # 西南大学 table 5: 合计, then 三、部门预算情况说明 and its sentences on the same page.
    prose: list[Row] = [{"code": "", "name": "三、部门预算情况说明"},
                        {"code": "", "name": "我校2021", "total": "年收支总预算", "basic": D("490808.40")},
                        {"code": "", "name": "万元，上年结转", "total": D("81714.17")}]
    rows, pages = cut_prose_tail(_rows() + prose, [9] * 6)
    assert [r["name"] for r in rows] == ["教育支出", "高等教育", "合计"]
    assert pages == [9, 9, 9]


def test_rows_after_a_total_that_read_as_rows_stay() -> None:
    # A unit's rows after the first unit's 合计, or a note-free row: no prose, nothing cut.
    more: list[Row] = [{"code": "", "name": "某单位", "total": D("1.00")},
                       {"code": "208", "name": "社会保障和就业支出", "total": D("1.00")}]
    assert len(cut_prose_tail(_rows() + more, [9] * 5)[0]) == 5
    plain: list[Row] = [{"code": "", "name": "其他资金", "total": D("1.00")}]
    assert len(cut_prose_tail(_rows() + plain, [9] * 4)[0]) == 4
    # A total printed first (合计 over the coded rows) closes nothing.
    first = [_rows()[2], *_rows()[:2], {"code": "", "name": "注：本表反映部门本年度支出，单位万元。"}]
    assert len(cut_prose_tail(first, [9] * 4)[0]) == 4

"""down.py: a 收入总表 whose sources are printed down (江苏 to 2019) read as one row."""
from __future__ import annotations

from decimal import Decimal

from budgetx.schema.registry import load_schema
from budgetx.table.down import is_printed_down, printed_down_rows

SPEC = load_schema().by_no(2, "budget")
KEYS = ["项目名称", "total"]
# 项目名称 | 金额: each source's 小计 first, its name set once in its merged cell beside
# one of its rows (read into that row's label, apart from the part by a space).
PRINTED = [["收入总计", "20,849.45"], ["小计", "20,702.25"], ["一般公共预算资金 公共财政拨款(补助)资金", "20,702.25"],
           ["专项收入", ""], ["政府性基金 小计", ""], ["小计", "147.20"], ["财政专户管理资金 专户管理教育收费", ""],
           ["其他非税收入", "147.20"], ["小计", ""], ["事业收入", ""], ["其他资金 经营收入", ""], ["其他收入", ""],
           ["债务资金(银行贷款)", ""], ["小计", "10.00"], ["上年结转和结余资金", ""], ["其中：动用上年结转和结余资金", "10.00"]]


def test_sources_printed_down_are_the_totals_row_of_the_canonical_table() -> None:
    assert is_printed_down(KEYS, PRINTED, SPEC)
    [row] = printed_down_rows(KEYS, PRINTED, SPEC)
    figures = {k: v for k, v in row.items() if v is not None}
    assert figures == {"name": "收入总计", "total": Decimal("20849.45"), "general_budget": Decimal("20702.25"),
                       "special_account": Decimal("147.20"), "carryover": Decimal("10.00")}
    # Sources and parts the schema names are under their keys, even without a figure;
    # parts it has no column for are the printed table's only.
    assert set(row) == {"name", "total", "general_budget", "gov_fund", "special_account", "unit_funds",
                        "business_income", "operating_income", "other_income", "carryover"}


def test_a_coded_table_or_a_list_of_other_things_is_not_printed_down() -> None:
    coded = [["201", "一般公共服务支出", "100.00"], ["20101", "人大事务", "100.00"]]
    assert not is_printed_down(["code", "name", "total"], coded, SPEC)
    # 广州's 项目支出表 by economic class under its function rows: codes in brackets
    # before names that are the table's columns (工资福利支出 …), each a subject row.
    projects = load_schema().by_no(7, "budget")
    economic = [["合计", "105,075.02"], ["[301]工资福利支出", "7.00"], ["[302]商品和服务支出", "7,976.11"],
                ["[310]资本性支出", "1,299.91"], ["[312]对企业补助", "95,792.00"]]
    assert not is_printed_down(["部门预算支出经济科目", "total"], economic, projects)
    # Labels that name no source of the table.
    other = [["合计", "30.00"], ["办公费", "10.00"], ["印刷费", "10.00"], ["水电费", "10.00"]]
    assert not is_printed_down(KEYS, other, SPEC)
    # Columns of the canonical table beside the figure: printed across, as usual.
    assert not is_printed_down(["name", "total", "general_budget"], [["合计", "1.00", "1.00"]], SPEC)

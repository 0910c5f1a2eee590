"""records.py: aligned cells + column keys → canonical rows."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from budgetx.table.headers import map_columns
from budgetx.table.records import (amount_or_text, coded_rows, is_transposed, item_rows, side_blocks, side_rows,
                             transposed_rows)
from budgetx.schema.registry import load_schema

SCHEMA = load_schema()
T1, T3, T4, T6, T10 = (SCHEMA.by_no(n) for n in (1, 3, 4, 6, 10))
D = Decimal


def codes(rows: Sequence[Mapping[str, object]]) -> list[tuple[object, ...]]:
    return [(r["code"], r["class_code"], r["section_code"], r["item_code"], r["name"]) for r in rows]


def test_code_parts_printed_only_where_they_change_inherit_from_above() -> None:
    keys = ["class_code", "section_code", "item_code", "name", "total", "basic", "project"]
    cells = [
        ["合计", "", "", "", "100.00", "60.00", "40.00"],
        ["201", "", "", "一般公共服务支出", "100.00", "60.00", "40.00"],
        ["", "03", "", "政府办公厅（室）及相关机构事务", "99.00", "60.00", "39.00"],
        ["", "", "01", "行政运行", "60.00", "60.00", ""],
        ["", "", "02", "一般行政管理事务", "39.00", "", "39.00"],
        ["", "", "", "", "", "", ""],
        ["", "05", "", "发展与改革事务", "1.00", "", "1.00"],
        ["", "", "01", "行政运行", "1.00", "", "1.00"],
    ]
    rows = coded_rows(keys, cells, T3)
    assert codes(rows) == [
        ("", "", "", "", "合计"),
        ("201", "201", "", "", "一般公共服务支出"),
        ("20103", "201", "03", "", "政府办公厅（室）及相关机构事务"),
        ("2010301", "201", "03", "01", "行政运行"),
        ("2010302", "201", "03", "02", "一般行政管理事务"),
        ("20105", "201", "05", "", "发展与改革事务"),
        ("2010501", "201", "05", "01", "行政运行"),
    ]
    assert (rows[3]["total"], rows[3]["basic"], rows[3]["project"]) == (D("60.00"), D("60.00"), None)


def test_one_code_column_and_codes_in_front_of_names() -> None:
    one_column = coded_rows(["code", "name", "total"], [["", "总计", "2"], ["2010301", "行政运行", "1"],
                                                        ["  20103", "  政府办公厅", "-"]], T3)
    assert codes(one_column) == [("", "", "", "", "总计"), ("2010301", "201", "03", "01", "行政运行"),
                                 ("20103", "201", "03", "", "政府办公厅")]
    assert one_column[2]["total"] == D(0)  # `-` is a zero
    in_name = coded_rows(["name", "total"], [["201 一般公共服务支出", "1"], ["  2010301 行政运行", "1"],
                                             ["青禾县第一中学", "2"]], T3)
    assert codes(in_name) == [("201", "201", "", "", "一般公共服务支出"), ("2010301", "201", "03", "01", "行政运行"),
                              ("", "", "", "", "青禾县第一中学")]


def test_economic_rows_have_two_levels() -> None:
    rows = coded_rows(["code", "name", "total", "personnel", "public"],
                      [["301", "工资福利支出", "10.00", "10.00", ""], ["30101", "基本工资", "10.00", "10.00", ""]], T6)
    assert rows[1] == {"code": "30101", "class_code": "301", "section_code": "01", "name": "基本工资",
                       "total": D("10.00"), "personnel": D("10.00"), "public": None}


def test_two_block_table_gives_income_rows_then_expenditure_rows() -> None:
    paths = [["收入", "项目"], ["收入", "预算数"], ["支出", "项目"], ["支出", "预算数"]]
    cells = [["一、本年收入", "1,388.82", "201 一般公共服务支出", "1,222.89"],
             ["1. 一般公共预算拨款", "1,388.82", "208 社会保障和就业支出", "88.93"],
             ["", "", "", ""],
             ["二、上年结转结余", "", "", ""],
             ["收入总计", "2,104.55", "支出总计", "2,104.55"]]
    assert side_blocks(paths, T1) == [(0, 2), (2, 4)]
    income, spending = side_rows(paths, cells, T1)
    assert [(r["side"], r["item"], r["code"], r["amount"]) for r in income + spending] == [
        ("收入", "一、本年收入", "", D("1388.82")),
        ("收入", "1.一般公共预算拨款", "", D("1388.82")),
        ("收入", "二、上年结转结余", "", None),  # a row printed with no amount is still a row
        ("收入", "收入总计", "", D("2104.55")),
        ("支出", "一般公共服务支出", "201", D("1222.89")),
        ("支出", "社会保障和就业支出", "208", D("88.93")),
        ("支出", "支出总计", "", D("2104.55")),
    ]


def test_fiscal_summary_income_rows_fill_only_total() -> None:
    paths = [["项目"], ["预算数"], ["项目"], ["合计"], ["一般公共预算"], ["政府性基金预算"], ["国有资本经营预算"]]
    cells = [["一、一般公共预算", "1,388.82", "一般公共服务支出", "1,222.89", "1,222.89", "", ""],
             ["收入总计", "1,388.82", "支出总计", "1,388.82", "1,388.82", "-", ""]]
    income, spending = side_rows(paths, cells, T4)
    assert income[1] == {"side": "收入", "item": "收入总计", "code": "", "total": D("1388.82"),
                         "general_budget": None, "gov_fund": None, "state_capital": None}
    assert spending[1] == {"side": "支出", "item": "支出总计", "code": "", "total": D("1388.82"),
                           "general_budget": D("1388.82"), "gov_fund": D(0), "state_capital": None}


THREE_PUBLIC_ACROSS = [["单位名称"], ["合计"], ["因公出国（境）费"], ["公务接待费"],
                       ["公务用车购置及运行费", "小计"], ["公务用车购置及运行费", "公务用车购置费"],
                       ["公务用车购置及运行费", "公务用车运行费"]]


def test_items_printed_across_are_transposed() -> None:
    keys = map_columns(THREE_PUBLIC_ACROSS, T10.columns)
    assert is_transposed(THREE_PUBLIC_ACROSS, keys, T10)
    cells = [["合计", "5.00", "", "0.20", "4.80", "", "4.80"],
             ["青禾县教育局", "5.00", "", "0.20", "4.80", "", "4.80"]]
    assert transposed_rows(THREE_PUBLIC_ACROSS, cells) == [
        {"item": "合计", "total": D("5.00")},
        {"item": "因公出国（境）费", "total": None},
        {"item": "公务接待费", "total": D("0.20")},
        {"item": "公务用车购置及运行费（小计）", "total": D("4.80")},
        {"item": "公务用车购置费", "total": None},
        {"item": "公务用车运行费", "total": D("4.80")},
    ]


def test_items_printed_down_are_not_transposed() -> None:
    paths = [["“三公”经费支出内容"], ["合计"], ["一般公共预算"], ["政府性基金"], ["国有资本经营预算"]]
    keys = map_columns(paths, T10.columns)
    assert keys == ["item", "total", "general_budget", "gov_fund", "state_capital"]
    assert not is_transposed(paths, keys, T10)
    assert item_rows(keys, [["因公出国（境）费", "", "", "", ""], ["", "", "", "", ""],
                            ["公务接待费", "0.20", "0.20", "", ""]]) == [
        {"item": "因公出国（境）费", "total": None, "general_budget": None, "gov_fund": None, "state_capital": None},
        {"item": "公务接待费", "total": D("0.20"), "general_budget": D("0.20"), "gov_fund": None,
         "state_capital": None},
    ]


def test_amount_or_text() -> None:
    assert amount_or_text("1,388.82") == D("1388.82")
    assert amount_or_text("  ") is None
    assert amount_or_text("—") == D(0)
    assert amount_or_text("其中：一般 财力") == "其中：一般财力"


def test_several_expenditure_breakdowns_side_by_side_are_each_expenditure_rows() -> None:
    """序号 | 收入 (项目, 预算数) | 支出 by function class, by economic class (部门), by
    economic class (政府), each a name column headed with a (按大类) note and its 预算数."""
    paths = [["序号"], ["收入", "项目"], ["收入", "预算数"],
             ["支出", "支出功能分科目（按大类）"], ["支出", "预算数"],
             ["支出", "部门预算支出经济科目（按大类）"], ["支出", "预算数"],
             ["支出", "政府预算支出经济分类科目（按大类）"], ["支出", "预算数"]]
    cells = [["1", "一、部门预算", "300.00", "一、部门预算", "300.00", "一、部门预算", "300.00", "一、部门预算", "300.00"],
             ["2", "1、财政拨款", "300.00", "1、教育支出", "120.50", "(1)工资福利支出", "200.00",
              "1、机关工资福利支出", "200.00"],
             ["3", "收入总计", "300.00", "2、交通运输支出", "179.50", "(2)商品和服务支出", "100.00",
              "2、机关商品和服务支出", "100.00"]]
    assert side_blocks(paths, T1) == [(1, 3), (3, 5), (5, 7), (7, 9)]
    income, spending = side_rows(paths, cells, T1)
    assert [(r["item"], r["amount"]) for r in income] == [
        ("一、部门预算", D("300.00")), ("1、财政拨款", D("300.00")), ("收入总计", D("300.00"))]
    assert [(r["item"], r["amount"]) for r in spending] == [
        ("一、部门预算", D("300.00")), ("1、教育支出", D("120.50")), ("2、交通运输支出", D("179.50")),
        ("一、部门预算", D("300.00")), ("(1)工资福利支出", D("200.00")), ("(2)商品和服务支出", D("100.00")),
        ("一、部门预算", D("300.00")), ("1、机关工资福利支出", D("200.00")), ("2、机关商品和服务支出", D("100.00"))]
    # Every amount sits under the registry's key: no raw header path is left.
    assert all(set(r) == {"side", "item", "code", "amount"} for r in income + spending)
    # The side's group header printed in the same cell as a block's item header.
    joined = [["收入项目"], ["预算数"], ["支出功能分类科目（按大类）"], ["预算数"], ["支出部门预算支出经济分类科目（按大类）"], ["预算数"]]
    assert side_blocks(joined, T1) == [(0, 2), (2, 4), (4, 6)]


def test_serial_and_code_columns_outside_the_registry_are_text() -> None:
    """序号 and 政府经济科目编码 printed beside an economic table's figures are no amounts
    (a sum over them means nothing); a code keeps its leading zeros."""
    keys = ["序号", "code", "name", "政府经济科目编码", "total", "personnel", "public", "单位代码"]
    cells = [["1", "", "合计", "", "30.00", "20.00", "10.00", ""],
             ["2", "301", "工资福利支出", "", "20.00", "20.00", "", ""],
             ["3", "30101", "基本工资", "50101", "20.00", "20.00", "", "007001"]]
    rows = coded_rows(keys, cells, T6)
    assert [(r["序号"], r["政府经济科目编码"], r["单位代码"]) for r in rows] == [
        ("1", None, None), ("2", None, None), ("3", "50101", "007001")]
    assert rows[2]["total"] == D("20.00")
    assert item_rows(["item", "行次", "total"], [["因公出国（境）费", "1", "5.00"]])[0] == {
        "item": "因公出国（境）费", "行次": "1", "total": D("5.00")}


def test_items_across_for_several_periods_read_this_years_group() -> None:
    """上年 | 当年 | 增减变化情况, each with 合计 | 公务接待费 | 培训费, one row per unit: the
    items are the 当年 group's total row. The period header came out over one column of
    its group (unruled, centred): the groups are the runs starting at 合计."""
    paths = [["单位编码"], ["单位名称"]]
    for period in ("上年", "当年", "增减变化情况"):
        paths += [["合计"], [period, "公务接待费"], ["培训费"]]
    cells = [["", "合计", "30.00", "10.00", "20.00", "25.00", "5.00", "20.00", "-5.00", "-5.00", ""],
             ["114001", "某单位", "30.00", "10.00", "20.00", "25.00", "5.00", "20.00", "-5.00", "-5.00", ""]]
    rows = transposed_rows(paths, cells)
    assert [(r["item"], r["total"]) for r in rows] == [("合计", D("25.00")), ("公务接待费", D("5.00")), ("培训费", D("20.00"))]
    # Years printed over whole groups: the latest year's columns.
    years = [["序号"], ["单位名称"], *[[y, leaf] for y in ("2021年", "2022年") for leaf in ("合计", "公务接待费")]]
    rows = transposed_rows(years, [["1", "合计", "9.00", "9.00", "7.00", "7.00"]])
    assert [(r["item"], r["total"]) for r in rows] == [("合计", D("7.00")), ("公务接待费", D("7.00"))]


def test_a_name_run_into_its_figure_gives_the_figure_back() -> None:
    paths = [["收入", "项目"], ["收入", "预算数"], ["支出", "项目"], ["支出", "预算数"]]
    cells = [["一、财政拨款", "18,999.66", "1、人员经费和公用经费支出1839311.66", ""],
             ["收入总计", "18,999.66", "2、专项业务经费支出", "17159700.00"]]
    _, spending = side_rows(paths, cells, T1)
    assert [(r["item"], r["amount"]) for r in spending] == [
        ("1、人员经费和公用经费支出", D("1839311.66")), ("2、专项业务经费支出", D("17159700.00"))]

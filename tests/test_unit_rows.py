"""unit_rows.py: a project table that heads each unit's projects with the unit's name in
its project column (深圳 项目支出总表) reads those rows as the units the document's other
tables name."""
from __future__ import annotations

from decimal import Decimal

from budgetx.check.figures import is_unit_row, total_rows
from budgetx.model import Table
from budgetx.table.unit_rows import name_unit_rows


def _expenditure() -> Table:
    # 支出总表 printed unit by unit: a 预算单位 column, the department's row first.
    rows = [{"code": "", "name": "", "unit_name": "青禾市建筑工务署", "total": Decimal("300.00")},
            {"code": "", "name": "", "unit_name": "青禾市建筑工务署（本级）", "total": Decimal("200.00")},
            {"code": "215", "name": "资源勘探工业信息等支出", "unit_name": "青禾市建筑工务署（本级）", "total": Decimal("200.00")},
            {"code": "", "name": "", "unit_name": "青禾市工程管理中心", "total": Decimal("100.00")},
            {"code": "215", "name": "资源勘探工业信息等支出", "unit_name": "青禾市工程管理中心", "total": Decimal("100.00")}]
    return Table(3, "expenditure", "部门支出总体情况表", rows=rows)


def _projects() -> Table:
    rows = [{"project_name": "青禾市建筑工务署", "total": Decimal("30.00"), "general_budget": Decimal("30.00")},
            {"project_name": "青禾市建筑工务署（本级）", "total": Decimal("20.00"), "general_budget": Decimal("20.00")},
            {"project_name": "工程管理", "total": Decimal("15.00"), "general_budget": Decimal("15.00")},
            {"project_name": "综合管理类", "total": Decimal("5.00"), "general_budget": Decimal("5.00")},
            {"project_name": "青禾市工程管理中心", "total": Decimal("10.00"), "general_budget": Decimal("10.00")},
            {"project_name": "工程管理", "total": Decimal("10.00"), "general_budget": Decimal("10.00")}]
    return Table(7, "general_project", "一般公共预算项目支出情况表", rows=rows)


def test_units_named_in_a_project_column_are_the_units_other_tables_print() -> None:
    projects = _projects()
    assert name_unit_rows([_expenditure(), projects], "青禾市建筑工务署") == 3
    # Each unit's name stays where it was printed, and is the unit of the rows below it.
    assert [(r["unit_name"], r["project_name"]) for r in projects.rows] == [
        ("青禾市建筑工务署", "青禾市建筑工务署"), ("青禾市建筑工务署（本级）", "青禾市建筑工务署（本级）"),
        ("青禾市建筑工务署（本级）", "工程管理"), ("青禾市建筑工务署（本级）", "综合管理类"),
        ("青禾市工程管理中心", "青禾市工程管理中心"), ("青禾市工程管理中心", "工程管理")]
    # The department's own row, first, is the table's total for the rules across tables;
    # the rows of projects are no unit rows.
    assert total_rows(projects) == [0]
    assert [is_unit_row(r) for r in projects.rows] == [True, True, False, False, True, False]


def test_a_one_unit_department_named_on_its_pages_only() -> None:
    # 深圳 统计局: one unit, no unit column elsewhere; the meta line names it.
    projects = Table(7, "general_project", "一般公共预算项目支出情况表", rows=[
        {"project_name": "青禾市统计局（本级）", "total": Decimal("13.00")},
        {"project_name": "统计管理", "total": Decimal("3.00")}, {"project_name": "专项普查活动", "total": Decimal("10.00")}])
    assert name_unit_rows([projects], "青禾市统计局（本级）") == 1
    assert [r["unit_name"] for r in projects.rows] == ["青禾市统计局（本级）"] * 3


def test_a_total_in_a_unit_column_names_no_unit() -> None:
    # 广州 prints 合计 in the 单位名称 column of its tables by unit: the 合计 rows of
    # the other tables stay totals.
    by_unit = Table(2, "revenue", "部门收入总体情况表", rows=[
        {"code": "", "name": "", "unit_name": "合计", "total": Decimal("5.00")},
        {"code": "", "name": "", "unit_name": "青禾市商务局", "total": Decimal("5.00")}])
    expenditure = Table(3, "expenditure", "部门支出总体情况表", rows=[
        {"code": "", "name": "合计", "total": Decimal("5.00")}, {"code": "201", "name": "一般公共服务支出", "total": Decimal("5.00")}])
    assert name_unit_rows([by_unit, expenditure], None) == 0
    assert expenditure.rows[0]["name"] == "合计" and "unit_name" not in expenditure.rows[0]


def test_a_project_named_like_no_unit_stays_a_project() -> None:
    projects = _projects()
    assert name_unit_rows([projects], None) == 0
    assert projects.rows[0]["project_name"] == "青禾市建筑工务署" and "unit_name" not in projects.rows[0]


def test_a_basic_table_headed_by_the_department_in_its_name_column() -> None:
    # 深圳 基本支出总表: the department's row under 支出项目类别, then the economic
    # classes, no 合计: the name stays, the row is the unit's and stands for the total.
    basic = Table(6, "general_basic", "一般公共预算基本支出情况表", row_key="economic", rows=[
        {"code": "", "name": "青禾市审计局", "total": Decimal("9.00")},
        {"code": "301", "name": "工资福利支出", "total": Decimal("9.00")}])
    assert name_unit_rows([basic], "青禾市审计局") == 1
    assert basic.rows[0] == {"code": "", "name": "青禾市审计局", "unit_name": "青禾市审计局", "total": Decimal("9.00")}
    assert basic.rows[1]["unit_name"] == "青禾市审计局"
    assert total_rows(basic) == [0] and not is_unit_row(basic.rows[1])


def test_the_unit_name_row_under_a_total_is_a_row_of_its_own() -> None:
    # The spec's table 7 (昌吉): 总计, then the unit's name under 科目名称, then its
    # subjects: the 总计 is the total, the unit-name row stays as printed.
    projects = Table(7, "general_project", "一般公共预算项目支出情况表", rows=[
        {"code": "", "name": "总计", "total": Decimal("4.00")},
        {"code": "", "name": "青禾市政务服务中心", "total": Decimal("4.00")},
        {"code": "2010350", "name": "事业运行", "project_name": "平台运维", "total": Decimal("4.00")}])
    assert name_unit_rows([projects], "青禾市政务服务中心") == 0
    assert all("unit_name" not in r for r in projects.rows)



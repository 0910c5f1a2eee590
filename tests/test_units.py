"""Checks on tables printed unit by unit (深圳-like templates): each table headed by the
department's own row, named in a 预算单位 column, one block of subjects per unit below;
a 收入总表 listing units only; columns the template prints beside the total."""
from __future__ import annotations

from decimal import Decimal

from budgetx.check.checks import check_hierarchy, run_checks
from budgetx.check.figures import View, by_unit_only, total_rows
from budgetx.model import Column, Document, Table, Tally

D = Decimal
FUNCTION_COLUMNS = [Column("code", "科目编码"), Column("name", "科目名称"), Column("unit_name", "预算单位")]


def _row(unit: str | None, code: str, name: str, **amounts: str) -> dict[str, object]:
    return {"code": code, "name": name, "unit_name": unit, **{k: D(v) for k, v in amounts.items()}}


def _units_t3() -> Table:
    rows = [
        _row("青禾县水务局", "", "", total="15.00", basic="9.00", project="6.00", business_operation="2.00"),
        _row("青禾县水务局（本级）", "", "", total="10.00", basic="6.00", project="4.00", business_operation="0.00"),
        _row(None, "213", "农林水支出", total="10.00", basic="6.00", project="4.00", business_operation="0.00"),
        _row(None, "21303", "水利", total="10.00", basic="6.00", project="4.00", business_operation="0.00"),
        _row(None, "2130301", "行政运行", total="10.00", basic="6.00", project="4.00", business_operation="0.00"),
        _row("青禾县水文站", "", "", total="5.00", basic="3.00", project="2.00", business_operation="2.00"),
        _row(None, "213", "农林水支出", total="5.00", basic="3.00", project="2.00", business_operation="2.00"),
        _row(None, "21303", "水利", total="5.00", basic="3.00", project="2.00", business_operation="2.00"),
        _row(None, "2130301", "行政运行", total="5.00", basic="3.00", project="2.00", business_operation="2.00"),
    ]
    columns = [*FUNCTION_COLUMNS, Column("total", "合计"), Column("basic", "基本支出"),
               Column("project", "项目支出"), Column("business_operation", "事业单位经营支出")]
    return Table(3, "expenditure", "部门支出总体情况表", pages=[3], unit="万元", columns=columns,
                 rows=rows, row_key="function")  # type: ignore[arg-type]


def _summary(total: str) -> Table:
    rows = [{"side": "收入", "item": "收入总计", "code": "", "amount": D(total)},
            {"side": "支出", "item": "支出总计", "code": "", "amount": D(total)}]
    return Table(1, "budget_summary", "部门收支总体情况表", pages=[1], unit="万元",
                 columns=[Column("side", "收支"), Column("item", "项目"), Column("amount", "预算数")],
                 rows=rows, row_key="side")  # type: ignore[arg-type]


def test_the_department_row_heading_a_unit_table_is_its_total() -> None:
    t3 = _units_t3()
    assert total_rows(t3) == [0]
    # Units under the department, subjects under each unit: every sum holds.
    assert check_hierarchy(View(t3, "万元")) == []
    t3.rows[0]["total"] = D("16.00")
    assert {(c.row, c.column, c.level) for c in check_hierarchy(View(t3, "万元"))} == {("青禾县水务局", "total", "error")}
    t3.rows[0]["total"] = D("15.00")
    t3.rows[6]["total"] = D("6.00")  # the second unit's 类 no longer sums to its unit
    assert {(c.row, c.column) for c in check_hierarchy(View(t3, "万元"))} == {
        ("青禾县水文站", "total"), ("213", "total")}  # found, and what it should be
    # A row labelled 合计 wins over the heading unit row.
    t3.rows.insert(0, _row(None, "", "合计", total="15.00"))
    assert total_rows(t3) == [0]


def test_cross_table_rules_find_the_unit_tables_total() -> None:
    doc = Document("x.pdf", "", 3, unit="万元", tables=[_summary("15.00"), _units_t3()])
    tally = Tally()
    found = run_checks(doc, tally=tally)
    assert any(rule.startswith("t3.total + t1[结转下年") for rule in tally.held)
    assert not [c for c in found if c.level == "error"]


def test_a_total_left_out_of_an_optional_column_on_every_row_is_the_templates_way() -> None:
    # 支出总计 = 基本支出 + 项目支出 on every row, 事业单位经营支出 printed beside them.
    doc = Document("x.pdf", "", 3, unit="万元", tables=[_units_t3()])
    tally = Tally()
    found = run_checks(doc, tally=tally)
    t3_rule = next(r for r in tally.held if r.startswith("t3: total = basic + project"))
    assert t3_rule and not [c for c in found if c.level == "error"]
    # One row that does count it in its total: the table is not consistent either way.
    t3 = doc.tables[0]
    t3.rows[5]["total"] = D("7.00")
    t3.rows[0]["total"] = D("17.00")
    errors = {c.row for c in run_checks(doc) if c.level == "error" and c.rule.startswith("total =")}
    assert errors == {"213", "21303", "2130301"}


def test_a_table_listing_units_only_has_no_subject_rules() -> None:
    rows = [_row("青禾县水务局", "", "", total="15.00", general_budget="15.00"),
            _row("青禾县水务局（本级）", "", "", total="10.00", general_budget="10.00"),
            _row("青禾县水文站", "", "", total="5.00", general_budget="5.00")]
    t2 = Table(2, "revenue", "部门收入总体情况表", pages=[2], unit="万元",
               columns=[*FUNCTION_COLUMNS, Column("total", "合计"), Column("general_budget", "一般公共预算")],
               rows=rows, row_key="function")  # type: ignore[arg-type]
    assert by_unit_only(t2) and total_rows(t2) == [0]
    assert not by_unit_only(_units_t3())
    doc = Document("x.pdf", "", 3, unit="万元", tables=[_summary("15.00"), t2, _units_t3()])
    tally = Tally()
    run_checks(doc, tally=tally)
    absent = dict(tally.absent)
    assert absent["t2: hierarchy"] == "table 2 lists budget units only, no subjects"
    assert "t2[code].general_budget + t2[code].general_transfer = t5[code].total" in absent
    assert any(rule.startswith("t2.total + t1[上年结转结余") for rule in tally.held)
    # Subjects printed with their names but no code read are still unchecked.
    rows.append(_row(None, "", "农林水支出", total="15.00", general_budget="15.00"))
    assert not by_unit_only(t2)
    assert [c.level for c in check_hierarchy(View(t2, "万元"))] == ["unchecked"]


def test_the_narrative_may_state_one_units_figure() -> None:
    doc = Document("x.pdf", "", 3, unit="万元", tables=[_units_t3()],
                   narrative=[(1, "项目支出 4.00 万元，占 40%。")])
    assert not [c for c in run_checks(doc) if c.rule.startswith("narrative")]
    doc.narrative = [(1, "项目支出 4.50 万元，占 40%。")]
    assert [c.level for c in run_checks(doc) if c.rule.startswith("narrative")] == ["error"]


def test_a_cross_table_figure_in_a_column_the_table_never_prints_is_not_applicable() -> None:
    # 深圳's 财政拨款收支总表 prints its spending as one 预算数 column: no 一般公共预算 split.
    rows = [{"side": "收入", "item": "收入总计", "code": "", "total": D("15.00")},
            {"side": "支出", "item": "支出总计", "code": "", "total": D("15.00"), "general_budget": None}]
    t4 = Table(4, "fiscal_summary", "财政拨款收支预算总体情况表", pages=[4], unit="万元",
               columns=[Column("side", "收支"), Column("item", "项目"), Column("total", "合计"),
                        Column("general_budget", "一般公共预算")], rows=rows, row_key="side")  # type: ignore[arg-type]
    t5 = _units_t3()
    t5.no, t5.key, t5.title = 5, "general_expenditure", "一般公共预算支出情况表"
    doc = Document("x.pdf", "", 5, unit="万元", tables=[t4, t5])
    rule = "t4[支出总计|支出合计].general_budget = t5.total"
    tally = Tally()
    run_checks(doc, tally=tally)
    assert dict(tally.absent)[rule] == "table 4 prints no general_budget figure"
    # Beside a column that could not be mapped, the figure may be there: unchecked.
    rows[1]["预算数/其他"] = D("15.00")
    tally = Tally()
    found = [c for c in run_checks(doc, tally=tally) if c.rule == rule]
    assert [c.level for c in found] == ["unchecked"] and rule in tally.unchecked


def test_each_subject_row_of_a_unit_block_carries_its_unit() -> None:
    """Read alone, a row says whose it is: the 213 of the 水文站 block is the 水文站's,
    not the department's; the unit rows keep their names and the sums still hold."""
    from budgetx.table.records import carry_units
    t3 = _units_t3()
    carry_units(t3.rows)  # type: ignore[arg-type]
    assert [r["unit_name"] for r in t3.rows] == [
        "青禾县水务局", "青禾县水务局（本级）", "青禾县水务局（本级）", "青禾县水务局（本级）", "青禾县水务局（本级）",
        "青禾县水文站", "青禾县水文站", "青禾县水文站", "青禾县水文站"]
    assert total_rows(t3) == [0]
    assert check_hierarchy(View(t3, "万元")) == []
    t3.rows[6]["total"] = D("6.00")
    assert {(c.row, c.column) for c in check_hierarchy(View(t3, "万元"))} == {("青禾县水文站", "total"), ("213", "total")}

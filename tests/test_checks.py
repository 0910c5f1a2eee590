"""budgetx check: the rules of tables.md on ground-truth documents (issue 4)."""
from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from budgetx.check.checks import check_hierarchy, check_outline, check_row_identity, count_levels, run_checks
from budgetx.check.figures import Absent, View
from budgetx.cli.app import app
from budgetx.model import Tally
from budgetx.model import Check, Column, Document, Table
from budgetx.check.narrative import stated_figures
from budgetx.schema.rules import load_rules, parse_identity, parse_rules
from budgetx.schema.registry import load_schema, parse_schema
from truthdoc import DATA, document_from_truth

TRUTH = DATA / "truth"
T3_RULE = ("total = basic + project + business_operation + subsidiary_transfer + superior_remit"
           " + reserve + next_year_carryover + carryover_basic + carryover_project + carryover_business_operation")
NARRATIVE = DATA / "narrative"
# Rounding gaps each sample really prints (table figures rounded one by one).
SAMPLES = {
    "changji-2025--replica": 18,
    "changji-2025--nolines": 18,
    "qinghe-edu-2025--replica": 42,
    "qinghe-police-2025--codecol": 8,
    "shihekou-agri-2025--replica": 28,
    "shihekou-health-2025--yuan": 0,
}


def narrative(name: str) -> list[tuple[int, str]]:
    """Prose pages of a sample (text layer of its PDF), as `=== page N` blocks."""
    path = NARRATIVE / f"{name}.txt"
    if not path.exists():
        return []
    parts = re.split(r"^=== page (\d+)\n", path.read_text(encoding="utf-8"), flags=re.M)
    return [(int(parts[i]), parts[i + 1]) for i in range(1, len(parts), 2)]


def sample(name: str) -> Document:
    doc = document_from_truth(TRUTH / f"{name}.truth.json")
    doc.checks = []
    doc.narrative = narrative(name)
    return doc


def errors(checks: list[Check]) -> set[tuple[str, int | None, str, str]]:
    return {(c.rule, c.table, c.row, c.column) for c in checks if c.level == "error"}


def set_amount(doc: Document, no: int, row: str, column: str, value: str) -> None:
    table = doc.table(no)
    assert table is not None
    for r in table.rows:
        if (r.get("code") or r.get("name") or r.get("item")) == row:
            r[column] = Decimal(value)
            return
    raise AssertionError(f"no row {row} in table {no}")


# --- the registry -----------------------------------------------------------------------

def test_registry_rules_parse_and_validate() -> None:
    rules = load_rules()
    assert "hierarchy" in rules.tables[3]
    assert len(rules.cross) == 18
    assert {f.label for f in rules.narrative} >= {"基本支出", "“三公”经费", "收支总预算"}


@pytest.mark.parametrize("rule", [
    "t5.nonsense = t6.total",          # unknown column
    "t5.total = t6[类].total",          # a single figure against a per-code one
    "t5.total + t6.total",             # no '='
    "t10[合计] = t10[公务接待费].total",  # some terms with a column, some without
])
def test_bad_cross_rules_are_refused(rule: str) -> None:
    schema = load_schema()
    with pytest.raises(ValueError):
        parsed = parse_identity(rule)
        from budgetx.schema.rules import validate

        validate(parsed, schema)


def test_table_rule_with_unknown_column_is_refused() -> None:
    text = ('[[table]]\nno = 3\nkey = "expenditure"\ntitle = "部门支出总体情况表"\n'
            'row_kind = "function"\ncolumns = [{key = "total", name = "合计"}]\n'
            'rules = ["hierarchy"]\n')
    schema = parse_schema(text)
    object.__setattr__(schema.tables[0], "rules", ("total = basic",))
    with pytest.raises(ValueError, match="basic"):
        parse_rules(schema)


# --- the samples ------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_samples_have_no_errors(name: str) -> None:
    checks = run_checks(sample(name))
    counts = count_levels(checks)
    assert counts == {"error": 0, "rounding": SAMPLES[name], "unchecked": 0}, [
        c for c in checks if c.level != "rounding"]


def test_reference_rounding_gap_is_rounding() -> None:
    # tables.md: 201 + 208 + 210 + 221 = 2104.54 against a printed 2104.55.
    checks = run_checks(sample("changji-2025--replica"))
    total = [c for c in checks if (c.rule, c.table, c.row, c.column) ==
             ("hierarchy", 3, "总计", "total")]
    assert total == [Check("hierarchy", 3, "总计", "total", Decimal("2104.54"),
                           Decimal("2104.55"), Decimal("0.01"), "rounding", page=7)]
    assert str(total[0].expected) == "2104.54"


def test_narrative_figures_are_found_in_every_sample() -> None:
    rules = load_rules()
    for name in SAMPLES:
        doc = sample(name)
        stated = [s for p, t in doc.narrative
                  for s in stated_figures(t, rules.narrative, doc.year, doc.department)]
        assert name.endswith("nolines") or len(stated) >= 15, name


# --- one altered figure gives exactly the errors it breaks ---------------------------------

def test_altered_item_breaks_its_parent_and_its_row() -> None:
    doc = sample("changji-2025--replica")
    set_amount(doc, 3, "2010301", "total", "596.71")
    assert errors(run_checks(doc)) == {
        ("hierarchy", 3, "20103", "total"),
        (T3_RULE, 3, "2010301", "total"),
    }


def test_altered_total_breaks_hierarchy_row_and_cross_table() -> None:
    doc = sample("changji-2025--replica")
    set_amount(doc, 5, "总计", "basic", "939.82")
    found = run_checks(doc)
    assert errors(found) == {
        ("hierarchy", 5, "总计", "basic"),
        ("total = basic + project + carryover_basic + carryover_project", 5, "总计", "total"),
        ("t5.basic = t6.general_budget|total", 5, "总计", "basic"),
    }
    cross = next(c for c in found if c.rule == "t5.basic = t6.general_budget|total")
    assert (cross.expected, cross.found, cross.diff) == (
        Decimal("938.82"), Decimal("939.82"), Decimal("1.00"))


def test_altered_three_public_total_breaks_the_narrative_too() -> None:
    doc = sample("changji-2025--replica")
    set_amount(doc, 10, "合计", "total", "6.00")
    found = run_checks(doc)
    # The “三公” total and the whole total are one row in a template without 会议费.
    rules = [r.text for r in load_rules().cross if r.text.startswith(("t10[合计", "t10[三公经费合计"))]
    assert len(rules) == 2
    assert errors(found) == {
        ("total = general_budget + gov_fund + state_capital", 10, "合计", "total"),
        *((rule, 10, "合计", "total") for rule in rules),
        ("narrative: “三公”经费", 10, "合计", "total"),
    }
    prose = next(c for c in found if c.rule.startswith("narrative"))
    assert (prose.expected, prose.found, prose.page) == (Decimal("6.00"), Decimal("5.00"), 25)


def test_altered_class_breaks_the_cross_table_identities() -> None:
    doc = sample("qinghe-edu-2025--replica")
    set_amount(doc, 4, "210", "general_budget", "480.91")
    set_amount(doc, 4, "210", "total", "480.91")
    assert errors(run_checks(doc)) == {("t4[类].general_budget = t5[类].total", 4, "210",
                                        "general_budget")}


def test_narrative_mismatch_is_an_error_with_its_page() -> None:
    doc = sample("changji-2025--replica")
    doc.narrative = [(p, t.replace("基本支出 938.82 万元，占 44.61%", "基本支出 948.82 万元，占 44.61%"))
                     for p, t in doc.narrative]
    found = [c for c in run_checks(doc) if c.level == "error"]
    assert [(c.rule, c.found, c.page) for c in found] == [
        ("narrative: 基本支出", Decimal("948.82"), 19)]


# --- tolerance ---------------------------------------------------------------------------

def _expenditure(unit: str, total: str, parts: list[str]) -> Document:
    rows: list[dict[str, object]] = [{"code": "", "name": "总计", "total": Decimal(total)}]
    rows += [{"code": str(201 + i), "name": f"类{i}", "total": Decimal(p)}
             for i, p in enumerate(parts)]
    table = Table(3, "expenditure", "部门支出总体情况表", pages=[9], unit=unit,
                  columns=[Column("code", "科目编码"), Column("name", "科目名称"),
                           Column("total", "合计")], rows=rows)  # type: ignore[arg-type]
    return Document("x.pdf", "", 1, unit=unit, tables=[table])


@pytest.mark.parametrize("unit,total,parts,level", [
    ("元", "1001", ["500", "500"], "rounding"),        # 2 addends × 0.5 元
    ("元", "1002", ["500", "500"], "error"),
    ("万元", "10.01", ["5.00", "5.00"], "rounding"),   # 2 addends × 0.005 万元
    ("万元", "10.02", ["5.00", "5.00"], "error"),
    ("元", "1000.01", ["500.00", "500.00"], "rounding"),  # 元 with 2 decimals
    ("元", "1001.00", ["500.00", "500.00"], "error"),
])
def test_tolerance_scales_with_printed_precision(unit: str, total: str, parts: list[str],
                                                  level: str) -> None:
    doc = _expenditure(unit, total, parts)
    table = doc.table(3)
    assert table is not None
    found = check_hierarchy(View(table, unit))
    assert [(c.row, c.level) for c in found] == [("总计", level)]


def test_exact_sums_emit_nothing() -> None:
    doc = _expenditure("元", "1000", ["500", "500"])
    table = doc.table(3)
    assert table is not None
    assert check_hierarchy(View(table, "元")) == []


def test_cross_table_in_different_units() -> None:
    # t1 in 万元, t3 in 元: 2104.55 万元 against 21,045,512 元 is a rounding gap.
    doc = sample("changji-2025--replica")
    t3 = doc.table(3)
    assert t3 is not None
    t3.unit = "元"
    for row in t3.rows:
        for key in ("total", "basic", "project"):
            if isinstance(row.get(key), Decimal):
                row[key] = (row[key] * 10000).quantize(Decimal(1))  # type: ignore[operator]
    t3.rows[0]["total"] = Decimal("21045512")
    found = [c for c in run_checks(doc) if c.rule.startswith("t3.total + ")]
    assert [(c.level, c.found, c.expected) for c in found] == [
        ("rounding", Decimal("21045512"), Decimal("21045500"))]


# --- tables missing, empty, per project, per department -----------------------------------

def test_rules_of_tables_not_in_the_document_do_not_apply() -> None:
    doc = sample("changji-2025--replica")
    for table in doc.tables:
        if table.no in (7, 9):
            table.status, table.rows = "missing", []
    tally = Tally()
    found = run_checks(doc, tally=tally)
    assert count_levels(found) == {"error": 0, "rounding": 18, "unchecked": 0}
    t7, t9 = load_schema().by_no(7).rules, load_schema().by_no(9).rules
    assert sorted(a for a in tally.absent if "not in this document" in a[1]) == sorted([
        *((f"t7: {r}", "table 7 is not in this document") for r in t7 if ":=" not in r),
        *((f"t9: {r}", "table 9 is not in this document") for r in t9),
        ("t5.project = t7.general_budget|total", "table 7 is not in this document"),
        ("t4[支出总计|支出合计].state_capital = t9.total", "table 9 is not in this document"),
    ])
    # The rest: the template-only rules (basic split, carry-over by source …) that
    # changji's columns do not print.
    assert {why for _, why in tally.absent if "not in this document" not in why} == {
        # Table 1 prints one 预算数 a row (no 基本支出 | 项目支出 split, 上海's).
        "table 1 prints no basic_personnel, basic_public, project figure",
        "table 1 prints none of basic, basic_personnel, basic_public",
        "table 1 prints no project figure",
        # A rule none of whose columns the table prints does not apply: no 0 = 0 held.
        "table 2 prints none of carryover, carryover_general_budget, carryover_gov_fund, carryover_state_capital, "
        "carryover_special_account, carryover_unit_funds",
        "table 6 prints none of fiscal_subtotal, general_budget, gov_fund, state_capital",
        "table 8 prints none of basic, basic_personnel, basic_public",
        "table 8 prints none of total, basic_personnel, basic_public, project",
        "table 2 prints no current_income figure",
        "table 3 prints no basic_personnel, basic_public figure",
        "table 4 prints no numbered rows with numbered parts",  # 一、财政拨款 over 一般公共预算 …
        "table 5 prints no basic_personnel, basic_public figure",
        "table 6 prints no general_budget, gov_fund, state_capital, special_account, business_income, operating_income, "
        "superior_subsidy, affiliated_income, other_income, nonfiscal_carryover, carryover, current figure"}
    assert not tally.unchecked and not tally.failed
    assert len(tally.held) + len(tally.absent) == sum(
        len([r for r in rs if not getattr(r, "definition", False)]) for rs in load_rules().tables.values()
    ) + len(load_rules().cross)


def test_a_table_without_rows_is_unchecked_but_an_empty_table_is_zero() -> None:
    doc = sample("changji-2025--replica")
    t6 = doc.table(6)
    assert t6 is not None
    t6.rows = []
    found = [c for c in run_checks(doc) if c.rule == "t5.basic = t6.general_budget|total"]
    assert [(c.level, c.message) for c in found] == [("unchecked", "table 6 has no rows")]
    # 表8 is printed empty (a sentence, no rows): its total is 0 = t4's blank gov_fund.
    assert not [c for c in run_checks(sample("changji-2025--replica")) if "t8" in c.rule]


def test_older_template_columns_are_summed_through_their_subtotals() -> None:
    # Fuzhou 民政局's table 2: no 财政拨款小计 and no 单位资金 column, but 一般公共预算,
    # 政府性基金, 事业收入 … and one 上年结转 column: total = their sum.
    doc = sample("qinghe-edu-2025--replica")
    t2 = doc.table(2)
    assert t2 is not None
    for row in t2.rows:
        carry = [row.pop(k) for k in ("fiscal_carryover", "nonfiscal_carryover")]
        row["carryover"] = sum((c for c in carry if isinstance(c, Decimal)), Decimal(0)) \
            if any(carry) else None
        row["business_income"] = row.pop("unit_funds")
        row.pop("fiscal_subtotal")
    t2.columns = [c for c in t2.columns if c.key not in
                  ("fiscal_carryover", "nonfiscal_carryover", "unit_funds", "fiscal_subtotal")]
    found = [c for c in run_checks(doc) if c.table == 2 and c.rule.startswith("total =")]
    assert found and all(c.level == "rounding" for c in found)
    t2.rows[0]["total"] = Decimal("11384.52")
    assert {c.row for c in run_checks(doc) if c.level == "error"
            and c.rule.startswith("total =")} == {"总计"}


def test_a_side_never_printed_is_not_applicable_or_unchecked_beside_unmapped_columns() -> None:
    # A template whose table 3 prints only its total: the rule has nothing to compare
    # and does not apply. With a column budgetx could not map beside it (Shanghai's
    # table 2 put its income in one), the parts may be there: unchecked, with why.
    doc = sample("changji-2025--replica")
    t3 = doc.table(3)
    assert t3 is not None
    for row in t3.rows:
        row["basic"] = row["project"] = None
    tally = Tally()
    found = [c for c in run_checks(doc, tally=tally) if c.rule == T3_RULE and c.table == 3]
    assert found == []
    why = dict(tally.absent)["t3: " + T3_RULE]
    # basic, never printed, is read as its parts (人员经费 + 公用经费), also blank.
    assert why.startswith("table 3 prints no basic_personnel, basic_public, project, ")
    for row in t3.rows:
        row["支出/用途"] = row["total"]
    found = [c for c in run_checks(doc) if c.rule == T3_RULE and c.table == 3]
    assert [(c.level, c.message) for c in found] == [
        ("unchecked", "table 3 has columns budgetx could not map (支出/用途)")]


def _project_table(rows: list[tuple[str, str | None, str]]) -> Table:
    return Table(7, "general_project", "一般公共预算项目支出情况表", pages=[13], rows=[
        {"code": code if code[0].isdigit() else "", "name": code if not code[0].isdigit() else "",
         "project_name": project, "total": Decimal(total), "goods_services": Decimal(total)}
        for code, project, total in rows])


def test_project_rows_sum_into_their_item_and_section() -> None:
    table = _project_table([
        ("总计", None, "100.00"), ("某单位", None, "100.00"), ("201", None, "100.00"),
        ("20103", None, "100.00"), ("2010302", None, "70.00"),
        ("2010302", "项目甲", "30.00"), ("2010302", "项目乙", "40.00"),
        ("2010301", "项目丙", "30.00"),  # a 项 printed only as its project rows
    ])
    assert check_hierarchy(View(table, "万元")) == []
    table.rows[6]["total"] = table.rows[6]["goods_services"] = Decimal("41.00")
    assert {(c.row, c.column, c.level) for c in check_hierarchy(View(table, "万元"))} == {
        ("2010302", "total", "error"), ("2010302", "goods_services", "error")}


def test_several_units_each_sum_their_classes() -> None:
    table = _project_table([
        ("总计", None, "30.00"), ("单位甲", None, "10.00"), ("201", None, "10.00"),
        ("2010301", "项目甲", "10.00"), ("单位乙", None, "20.00"), ("201", None, "20.00"),
        ("2010301", "项目乙", "20.00"),
    ])
    assert check_hierarchy(View(table, "万元")) == []
    table.rows[4]["total"] = Decimal("21.00")
    assert {(c.row, c.column) for c in check_hierarchy(View(table, "万元"))} == {
        ("单位乙", "total"), ("总计", "total")}


def _unit_table(rows: list[tuple[str, str, str]]) -> Table:
    """Table 2 printed by unit (单位代码 | 单位名称 | 总计): row_key department."""
    return Table(2, "revenue", "部门收入总体情况表", pages=[9], row_key="department", rows=[
        {"code": code, "name": name, "total": Decimal(total), "general_budget": Decimal(total)}
        for code, name, total in rows])


def test_units_nest_by_their_printed_codes() -> None:
    table = _unit_table([("", "合计", "30.00"), ("024", "某局", "30.00"),
                         ("024001", "某局本级", "10.00"), ("024002", "某中心", "20.00")])
    assert check_hierarchy(View(table, "万元")) == []
    table.rows[3]["total"] = Decimal("21.00")
    assert {(c.row, c.column) for c in check_hierarchy(View(table, "万元"))} == {("024", "total")}


def test_units_without_codes_sum_to_the_total() -> None:
    table = _unit_table([("", "合计", "30.00"), ("", "某局", "10.00"), ("", "某中心", "20.00")])
    assert check_hierarchy(View(table, "万元")) == []
    table.rows[2]["total"] = Decimal("21.00")
    assert {(c.row, c.column) for c in check_hierarchy(View(table, "万元"))} == {("合计", "total")}


def test_a_department_row_repeating_the_total_heads_its_units() -> None:
    # 合计, the department, then its units (the indent that says so is not kept).
    table = _unit_table([("", "合计", "30.00"), ("", "某局", "30.00"), ("", "某局", "10.00"),
                         ("", "某中心", "20.00")])
    assert check_hierarchy(View(table, "万元")) == []
    table.rows[3]["total"] = Decimal("21.00")
    assert {(c.row, c.column) for c in check_hierarchy(View(table, "万元"))} == {("某局", "total")}
    # Units that add up to the total are units, even where the first equals it.
    flat = _unit_table([("", "合计", "30.00"), ("", "某局", "30.00"), ("", "某中心", "0.00")])
    assert check_hierarchy(View(flat, "万元")) == []


def _summary(rows: list[tuple[str, str, str | None]]) -> Table:
    """Table 1 as read: (side, item, amount) rows."""
    return Table(1, "budget_summary", "部门收支总体情况表", pages=[5], rows=[
        {"side": side, "item": item, "code": "", "amount": None if amount is None else Decimal(amount.replace(",", ""))}
        for side, item, amount in rows])


def test_a_numbered_row_is_the_sum_of_the_rows_numbered_below_it() -> None:
    table = _summary([
        ("收入", "一、财政拨款收入", "288,280.74"), ("收入", "1、一般公共预算", "280,000.00"),
        ("收入", "其中：一般财力", "1.00"),  # a part of the row above, not of the list
        ("收入", "上级一般公共预算安排转移支付", None),
        ("收入", "2、政府性基金预算", "8,280.74"), ("收入", "3、国有资本经营预算", None),
        ("收入", "二、事业收入", "5.00"), ("收入", "三、其他收入", None),
        # A heading: no figure of its own, so no sum of its parts.
        ("收入", "四、上年结转", None), ("收入", "1、财政拨款结转", "1.00"), ("收入", "2、其他结转", "2.00"),
        # A later head numbers its parts from 1 again.
        ("收入", "五、上年结余", "3.00"), ("收入", "1、财政拨款结余", "1.00"), ("收入", "2、其他结余", "2.00"),
        ("收入", "收入总计", "288,291.74"),
        # The other side's outline is its own: 一、 there has parts from （一）.
        ("支出", "一、本年支出", "288,285.74"), ("支出", "（一）一般公共服务支出", "288,000.00"),
        ("支出", "（二）教育支出", "285.74"), ("支出", "二、结转下年", None), ("支出", "支出总计", "288,285.74"),
    ])
    assert check_outline(View(table, "万元")) == []
    table.rows[4]["amount"] = Decimal("8208.74")
    table.rows[12]["amount"] = Decimal("2.50")
    table.rows[17]["amount"] = Decimal("258.74")
    assert {(c.rule, c.row, c.column, c.level) for c in check_outline(View(table, "万元"))} == {
        ("outline", "一、财政拨款收入", "amount", "error"), ("outline", "五、上年结余", "amount", "error"),
        ("outline", "一、本年支出", "amount", "error")}


def test_a_summarys_expenditure_rows_add_up_their_uses_and_its_income_rows_are_let_be() -> None:
    # 上海's 收支总表: 预算数 | 基本支出 (人员经费 | 公用经费) | 项目支出 on the expenditure
    # rows; the income rows print their 预算数 alone. A figure misread in a use column
    # (a glyph read twice: 1106868210) is caught on its row.
    table = _summary([("收入", "一、财政拨款", "326,658,710"), ("支出", "一、一般公共服务支出", "326,658,710"),
                      ("支出", "二、教育支出", "9,600,000")])
    for row, uses in zip(table.rows[1:], [("106,868,210", "147,405,030", "72,385,470"), (None, None, "9,600,000")]):
        row.update({k: None if v is None else Decimal(v.replace(",", ""))
                    for k, v in zip(("basic_personnel", "basic_public", "project"), uses)})
    table.rows[0].update(basic_personnel=None, basic_public=None, project=None)
    siblings = [r for r in load_rules().tables[1] if not isinstance(r, str)]  # the registry's
    rule, split = (next(r for r in siblings if r.text == text)
                   for text in ("amount = basic + project", "basic = basic_personnel + basic_public"))
    assert check_row_identity(View(table, "元"), rule, siblings) == []
    table.rows[1]["basic_personnel"] = Decimal("1106868210")
    assert [(c.row, c.level) for c in check_row_identity(View(table, "元"), rule, siblings)] == [
        ("一、一般公共服务支出", "error")]
    # A table printing none of the rule's columns: the rule does not apply (no 0 = 0).
    for row in table.rows:
        row.update(basic_personnel=None, basic_public=None, project=None)
    with pytest.raises(Absent):
        check_row_identity(View(table, "元"), split, siblings)


def test_rows_numbered_as_a_list_not_an_outline_are_no_sum() -> None:
    # Numbers that do not run 1, 2, 3 under their head, a single part, and rows all of
    # one level: nothing is the sum of anything.
    table = _summary([
        ("收入", "一、本年收入", "10.00"), ("收入", "2、事业收入", "3.00"), ("收入", "3、其他收入", "4.00"),
        ("收入", "二、上年结转", "5.00"), ("收入", "1、财政拨款结转", "1.00"),
        ("支出", "一、一般公共服务支出", "7.00"), ("支出", "二、教育支出", "8.00"),
    ])
    with pytest.raises(Absent):
        check_outline(View(table, "万元"))


def test_a_table_printing_only_a_zero_total_has_no_hierarchy() -> None:
    table = Table(8, "gov_fund_expenditure", "政府性基金预算支出情况表", pages=[20],
                  rows=[{"code": "", "name": "合计", "total": Decimal("0.00"), "project": None}])
    with pytest.raises(Absent):
        check_hierarchy(View(table, "万元"))
    # A template may print only the total (江苏's 支出总表: 合计 | 基本支出 | 项目支出 over
    # one line of figures): nothing adds up to it either.
    table.rows[0]["total"] = Decimal("5.00")
    with pytest.raises(Absent):
        check_hierarchy(View(table, "万元"))
    # Rows under it without codes are subjects whose levels were not read.
    table.rows.append({"code": "", "name": "行政运行", "total": Decimal("5.00"), "project": None})
    assert [c.level for c in check_hierarchy(View(table, "万元"))] == ["unchecked"]


@st.composite
def hierarchies(draw: st.DrawFn) -> list[dict[str, object]]:
    """A consistent coded table: 类 → 款 → 项 with cent amounts, each parent the exact
    sum of its children, under a 总计 row and optionally a unit-name row."""
    cents = st.integers(0, 10**9).map(lambda c: Decimal(c).scaleb(-2))
    rows: list[dict[str, object]] = []
    grand = Decimal(0)
    for cls in draw(st.lists(st.sampled_from(["201", "205", "208", "221"]),
                             min_size=1, max_size=4, unique=True)):
        sections = draw(st.lists(st.sampled_from(["01", "02", "99"]), max_size=3, unique=True))
        block: list[dict[str, object]] = []
        class_total = Decimal(0) if sections else draw(cents)
        for section in sections:
            items = draw(st.lists(cents, min_size=1, max_size=4))
            block.append({"code": cls + section, "name": "款", "total": sum(items, Decimal(0))})
            block += [{"code": f"{cls}{section}{i:02d}", "name": "项", "total": v}
                      for i, v in enumerate(items, 1)]
            class_total += sum(items, Decimal(0))
        rows += [{"code": cls, "name": "类", "total": class_total}, *block]
        grand += class_total
    head: list[dict[str, object]] = [{"code": "", "name": "总计", "total": grand}]
    if draw(st.booleans()):
        head.append({"code": "", "name": "某单位", "total": grand})
    return head + rows


@settings(max_examples=150, deadline=None)
@given(hierarchies())
def test_consistent_hierarchy_yields_no_checks(rows: list[dict[str, object]]) -> None:
    table = Table(3, "expenditure", "部门支出总体情况表", rows=rows)  # type: ignore[arg-type]
    assert check_hierarchy(View(table, "万元")) == []


# --- narrative attribution -------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("基本支出 938.82 万元，占 44.61%，比上年预算增加 307.80 万元", [("基本支出", "938.82")]),
    ("一 般 公 共 预 算 4,772.56 万 元 ， 占 56.67%", [("一般公共预算", "4772.56")]),
    ("3. 人员经费较上年减少 49 万元。", []),
    ("一般公共服务支出 1,222.89 万元，主要用于机构运行补助 450 万元；人员经费 367.93 万元；", []),
    ("2025 年，本部门实行绩效目标管理的项目 10 个，涉及一般公共预算当年拨款 1,618.65 万元。", []),
    ("上级一般公共预算安排的转移支付资金 861.05 万元", []),
    ("2024 年基本支出 631.02 万元", []),
    ("某中学基本支出 50.00 万元", []),
    ("部门价值 50 万元以上大型设备 0 台", []),
    # A 其中 part of a project's figure is the project's, of the department's the department's.
    ("2025 年污水处理费预算总额 87,946.96 万元，分别从一般公共预算与政府性基金列支，其中：一般公共预算 67,409.16 万元。", []),
    ("本部门 2025 年收入预算 1,234.00 万元，其中：一般公共预算 1,000.00 万元。",
     [("收支总预算", "1234.00"), ("一般公共预算", "1000.00")]),
    ("（二）支出预算：2025 年支出预算 11,380.57 万元，其中：基本支出 6,015.67 万元。", [("基本支出", "6015.67")]),
    ("对个人和家庭的补助（303）1,001.38 万元，其中：人员经费 138.06 万元。", []),
    # A list item about one subject breaks down that subject's budget, sentences on.
    ("（8）其他社会保障和就业支出（20899）25,190.50 万元，较上年增加 24,356.42 万元。具体为：人员经费 2.50 万元，"
     "较上年减少 11.58 万元；公用经费 0.00 万元，较上年无变化。", []),
    ("3.对个人和家庭的补助支出（303）34,191.45 万元。具体为：人员经费 157.45 万元；公用经费 0.00 万元。", []),
    ("（三）2025 年公用经费 663.08 万元。", [("公用经费", "663.08")]),
    # 其中 in an earlier clause of the sentence: parts of 机关运行经费, not of the department.
    ("2025 年机关运行经费预算总计 82 万元，其中：办公经费 41.47 万元，公务接待费 2 万元。", []),
    ("昌吉回族自治州政务服务和公共资源交易中心 2025 年财政拨款“三公”经费数为 5.00 万元",
     [("“三公”经费", "5.00")]),
])
def test_narrative_attribution(text: str, expected: list[tuple[str, str]]) -> None:
    stated = stated_figures(text, load_rules().narrative, 2025,
                            "昌吉回族自治州政务服务和公共资源交易中心")
    assert [(what.label, str(value)) for what, value, _ in stated] == expected


def test_narrative_in_wan_against_tables_in_yuan_is_no_finding() -> None:
    # shihekou-health prints 元 with 2 decimals; its prose says 8,421.00 万元 for
    # 84,209,967.13 元: a restatement in coarser units, not a mismatch.
    doc = sample("shihekou-health-2025--yuan")
    assert [c for c in run_checks(doc) if c.rule.startswith("narrative")] == []


# --- budgetx check ------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture()
def fake_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Document]:
    """`budgetx check` on a truth document instead of an extraction (whose checks, as
    extract's, are run on the document it returns)."""
    docs: dict[str, Document] = {}

    def extract(path: Path, tables: set[int] | None = None, progress: object = None,
                max_pages: int | None = None, workers: int = 1) -> Document:
        doc = copy.deepcopy(docs[Path(path).name])
        doc.tally = Tally()
        doc.checks = run_checks(doc, tally=doc.tally)
        return doc

    monkeypatch.setattr("budgetx.pipeline.extract", extract)
    return docs


def _file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n")
    return path


def test_cli_strict_exits_6_on_error(tmp_path: Path, fake_pdf: dict[str, Document]) -> None:
    doc = sample("changji-2025--replica")
    set_amount(doc, 3, "2010301", "total", "596.71")
    fake_pdf["bad.pdf"] = doc
    fake_pdf["good.pdf"] = sample("changji-2025--replica")
    bad, good = _file(tmp_path, "bad.pdf"), _file(tmp_path, "good.pdf")
    assert runner.invoke(app, ["check", "--strict", str(good)]).exit_code == 0
    result = runner.invoke(app, ["check", "--strict", str(bad)])
    assert result.exit_code == 6, result.output
    assert "2 errors, 18 rounding, 0 unchecked" in result.stdout
    # …and what became of the rules: two failed (hierarchy and the row identity of
    # table 3), none unchecked, the template-only ones not applicable.
    tally = Tally()
    run_checks(doc, tally=tally)
    evaluated = len(tally.held) + len(tally.failed) + len(tally.unchecked)
    assert len(tally.failed) == 2 and not tally.unchecked
    assert (f"; {evaluated - 2} of {evaluated} rules held, {len(tally.absent)} not applicable"
            in result.stdout)
    assert runner.invoke(app, ["check", str(bad)]).exit_code == 0


def test_cli_json_lists_every_check(tmp_path: Path, fake_pdf: dict[str, Document]) -> None:
    doc = sample("changji-2025--replica")
    for table in doc.tables:
        if table.no == 7:
            table.status, table.rows = "missing", []
    fake_pdf["x.pdf"] = doc
    result = runner.invoke(app, ["check", "-f", "json", str(_file(tmp_path, "x.pdf"))])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout, parse_float=Decimal)
    levels = [r["level"] for r in records]
    # Table 7 is not in the document: its rules do not apply and list no check.
    assert levels.count("unchecked") == 0 and levels.count("error") == 0
    assert levels.count("rounding") == 18
    first = records[0]
    assert set(first) == {"file", "rule", "family", "table", "row", "column", "expected", "found",
                          "diff", "level", "page", "message"}
    assert first["family"] == "budget"
    assert first["file"] == doc.file and isinstance(first["expected"], Decimal)


def test_cli_text_says_what_was_not_checked(tmp_path: Path,
                                            fake_pdf: dict[str, Document]) -> None:
    doc = sample("changji-2025--replica")
    for table in doc.tables:
        if table.no == 7:
            table.status, table.rows = "missing", []
    fake_pdf["x.pdf"] = doc
    result = runner.invoke(app, ["check", str(_file(tmp_path, "x.pdf"))])
    assert "not applicable: 5 rules (table 7 is not in this document)" in result.stdout
    assert "difference" in result.stdout and "rounding" in result.stdout
    t6 = doc.table(6)
    assert t6 is not None
    t6.rows = []  # printed, but no row read: that is budgetx's, and unchecked
    result = runner.invoke(app, ["check", str(_file(tmp_path, "x.pdf"))])
    assert "not checked: t5.basic = t6.general_budget|total (table 6 has no rows)" in result.stdout


def test_cli_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 3
    assert result.stderr.strip() == f"budgetx: {tmp_path / 'nope.pdf'}: no such file"


def test_sentence_broken_by_a_page_break_is_read_whole() -> None:
    # 省法院 2017 p.23/24: `…一般公共预算财政拨款基本` | `支出预算 17123.19 万元`; read alone,
    # page 24 would seem to state the 支出预算 (the grand total).
    doc = sample("changji-2025--replica")
    doc.narrative = [(30, "昌吉回族自治州政务服务和公共资源交易中心 2025 年一般公共预算财政拨款基本\n- 13 -\n"),
                     (31, "支出预算 948.82 万元。")]
    assert [(c.rule, c.found, c.page) for c in run_checks(doc) if c.level == "error"] == [
        ("narrative: 基本支出", Decimal("948.82"), 30)]


def test_tables_one_and_four_by_class_name_where_they_print_no_codes() -> None:
    # Many templates print the expenditure side of tables 1 and 4 by 类 name only
    # (一、教育支出): the 类 is the one the coded tables give that name.
    doc = sample("changji-2025--replica")
    t1 = doc.table(1)
    assert t1 is not None
    spend = [r for r in t1.rows if r.get("side") == "支出" and r.get("code")]
    assert spend
    for row in spend:
        row["item"] = f"一、{row['item']}"
        row["code"] = ""
    rule = "t1[类].amount = t3[类].total"
    tally = Tally()
    assert not [c for c in run_checks(doc, tally=tally) if c.rule == rule]
    assert rule in tally.held
    spend[0]["amount"] = Decimal(str(spend[0]["amount"])) + 1
    found = [c for c in run_checks(doc) if c.rule == rule]
    assert [(c.level, c.table, c.diff) for c in found] == [("error", 1, Decimal("1.00"))]


# --- templates: the “三公” total beside 会议费, a total-only 财政拨款收支总表, 收入总表 by unit ---

def _three_public(items: list[tuple[str, str]]) -> Document:
    rows: list[dict[str, object]] = [{"item": item, "total": Decimal(v)} for item, v in items]
    table = Table(10, "three_public", "财政拨款“三公”经费支出情况表", pages=[18], rows=rows, row_key="item")
    return Document("x.pdf", "0", 20, tables=[table])


def _t10_verdicts(doc: Document) -> tuple[set[str], set[str], list[str]]:
    tally = Tally()
    found = run_checks(doc, tally=tally)
    t10 = {r.text for r in load_rules().cross if r.text.startswith("t10")}
    absent = {rule for rule, _ in tally.absent if rule in t10}
    return set(tally.held) & t10, absent, [c.rule for c in found if c.level in ("error", "unchecked")
                                           and c.rule in t10]


def test_the_three_public_total_beside_meetings_and_training_is_their_own() -> None:
    # “三公”经费合计 printed first, 会议费 and 培训费 beside it, no 合计 of all.
    doc = _three_public([("“三公”经费合计", "10.00"), ("因公出国（境）费", "0.00"),
                         ("公务用车购置及运行维护费（小计）", "4.00"), ("公务用车购置费", "0.00"),
                         ("公务用车运行维护费", "4.00"), ("公务接待费", "6.00"), ("会议费", "10.00"),
                         ("培训费", "43.00")])
    held, absent, bad = _t10_verdicts(doc)
    assert len(held) == 2 and len(absent) == 1 and bad == []


def test_a_total_of_all_beside_the_three_public_subtotal() -> None:
    # 合计 (with 会议费, 培训费), then 小计 for the “三公” alone.
    doc = _three_public([("合计", "66.00"), ("小计", "10.00"), ("因公出国（境）费", "0.00"),
                         ("公务用车购置及运行维护费（小计）", "4.00"), ("公务用车购置费", "0.00"),
                         ("公务用车运行维护费", "4.00"), ("公务接待费", "6.00"), ("会议费", "13.00"),
                         ("培训费", "43.00")])
    held, absent, bad = _t10_verdicts(doc)
    assert len(held) == 3 and not absent and bad == []
    doc.tables[0].rows[1]["total"] = Decimal("11.00")
    assert len(_t10_verdicts(doc)[2]) == 1


def test_three_public_items_named_as_spending() -> None:
    # 行政经费 over “三公”经费 and its items named …支出.
    doc = _three_public([("行政经费", "3555.29"), ("“三公”经费", "304.63"),
                         ("其中：（一）因公出国（境）支出", "250.00"), ("（二）公务用车购置及运行维护支出", "9.73"),
                         ("1.公务用车购置费", "0.00"), ("2.公务用车运行维护费", "9.73"),
                         ("（三）公务接待费支出", "44.90")])
    held, absent, bad = _t10_verdicts(doc)
    assert len(held) == 2 and len(absent) == 1 and bad == []
    doc.tables[0].rows[2]["total"] = Decimal("251.00")
    assert len(_t10_verdicts(doc)[2]) == 1


def test_a_column_the_template_does_not_print_makes_a_rule_not_applicable() -> None:
    # 财政拨款收支总表 with one 预算 column: no 一般公共预算 figure to compare with t5.
    t4 = Table(4, "fiscal_summary", "财政拨款收支预算总体情况表", pages=[10], row_key="side", columns=[
        Column("side", "收支"), Column("item", "项目"), Column("total", "合计")], rows=[
        {"side": "收入", "item": "一般公共预算", "total": Decimal("50.00")},
        {"side": "支出", "item": "支出总计", "total": Decimal("50.00")}])
    t5 = Table(5, "general_expenditure", "一般公共预算支出情况表", pages=[12], rows=[
        {"code": "", "name": "合计", "total": Decimal("50.00")}])
    rule = "t4[支出总计|支出合计].general_budget = t5.total"
    tally = Tally()
    run_checks(Document("x.pdf", "0", 20, tables=[t4, t5]), tally=tally)
    assert (rule, "table 4 prints no general_budget figure") in tally.absent
    # A column budgetx could not map may be it: unchecked, not absent.
    t4.rows[0]["一般公共/预算"] = Decimal("50.00")
    tally = Tally()
    found = run_checks(Document("x.pdf", "0", 20, tables=[t4, t5]), tally=tally)
    assert rule in tally.unchecked and any(c.rule == rule and "could not map" in c.message for c in found)


def test_rules_by_subject_code_do_not_apply_to_a_table_printed_by_unit() -> None:
    t2 = _unit_table([("", "合计", "30.00"), ("", "某局", "30.00")])
    t5 = Table(5, "general_expenditure", "一般公共预算支出情况表", pages=[12], rows=[
        {"code": "", "name": "合计", "total": Decimal("30.00")},
        {"code": "201", "name": "一般公共服务支出", "total": Decimal("30.00")}])
    tally = Tally()
    run_checks(Document("x.pdf", "0", 20, tables=[t2, t5]), tally=tally)
    assert ("t2[code].general_budget + t2[code].general_transfer = t5[code].total",
            "table 2 is printed by unit, not by subject code") in tally.absent
    assert "t2: hierarchy" in tally.held


# --- what a template does not print is not applicable ------------------------------------

def test_a_fiscal_summary_with_one_amount_column_makes_its_by_source_rules_not_applicable() -> None:
    # 福州/江苏 table 4 print one 预算数 column: no 一般公共预算 figure to compare with t5.
    doc = sample("changji-2025--replica")
    t4 = doc.table(4)
    assert t4 is not None
    for row in t4.rows:
        row["general_budget"] = row["gov_fund"] = row["state_capital"] = None
    tally = Tally()
    found = [c for c in run_checks(doc, tally=tally) if c.table == 4 or "t4[" in c.rule]
    assert [c for c in found if c.level in ("error", "unchecked")] == []
    absent = dict(tally.absent)
    assert absent["t4[支出总计|支出合计].general_budget = t5.total"] == "table 4 prints no general_budget figure"
    assert absent["t4[类].general_budget = t5[类].total"] == "table 4 prints no general_budget figure"
    # One column it cannot map beside them: the figures may be there, so unchecked.
    for row in t4.rows:
        row["拨款/其他"] = row["total"]
    assert [c.message for c in run_checks(doc) if c.rule == "t4[支出总计|支出合计].general_budget = t5.total"] == [
        "table 4 has columns budgetx could not map (拨款/其他)"]


def test_tables_without_subject_rows_are_not_applicable_and_their_totals_are_found() -> None:
    # 江苏: table 2 lists income sources under 项目名称, table 3 prints its total line alone.
    doc = sample("changji-2025--replica")
    t1, t2, t3 = doc.table(1), doc.table(2), doc.table(3)
    assert t1 is not None and t2 is not None and t3 is not None
    income = next(r["amount"] for r in t1.rows if r.get("item") in ("收入总计", "收入合计"))
    spent = next(r["amount"] for r in t1.rows if r.get("item") in ("支出总计", "支出合计"))
    carried = Decimal("715.73")  # changji's t1 上年结转结余, which t2 prints in a column
    t2.rows = [{"项目名称": "收入总计", "total": income, "fiscal_carryover": carried},
               {"项目名称": "一般公共预算资金", "total": income - carried}, {"项目名称": "上年结转", "fiscal_carryover": carried}]
    t3.rows = [{"code": "", "name": "", "total": spent, "basic": spent, "project": None}]
    tally = Tally()
    found = run_checks(doc, tally=tally)
    assert [c for c in found if c.level in ("error", "unchecked") and c.table in (2, 3)
            and (c.rule == "hierarchy" or c.rule.startswith(("t1", "t2", "t3")))] == []
    absent = dict(tally.absent)
    assert absent["t2: hierarchy"] == "table 2 prints no subject rows"
    assert absent["t3: hierarchy"] == "table 3 prints no rows under its total"
    assert absent["t1[类].amount = t3[类].total"] == "table 3 prints no total by code"
    assert {r for r in tally.held if r.startswith(("t2.total", "t3.total"))} == {
        r.text for r in load_rules().cross if r.text.startswith(("t2.total", "t3.total"))}
    t3.rows[0]["total"] = spent + 1
    assert [(c.rule[:9], c.level) for c in run_checks(doc) if c.rule.startswith("t3.total")] == [
        ("t3.total ", "error")]


def test_current_year_tables_two_and_three_against_table_one_with_carry_over() -> None:
    # 西南大学: t2 and t3 print the current year only (本年收入合计 / 本年支出合计); t1's
    # 总计 adds 上年结转 and 结转下年, which make up the difference.
    doc = sample("changji-2025--replica")
    t1, t2, t3 = doc.table(1), doc.table(2), doc.table(3)
    assert t1 is not None and t2 is not None and t3 is not None
    for row in t2.rows:  # changji's t2 prints the carry-over (575.73 + 140.00): drop it
        for key in ("fiscal_carryover", "nonfiscal_carryover"):
            carried = row.pop(key)
            if isinstance(carried, Decimal) and isinstance(row["total"], Decimal):
                row["total"] -= carried
    spent = next(r for r in t1.rows if r.get("item") == "支出总计")
    assert isinstance(spent["amount"], Decimal)
    spent["amount"] += Decimal("75.00")
    t1.rows.insert(t1.rows.index(spent), {"side": "支出", "item": "结转下年", "code": "", "amount": Decimal("75.00")})
    tally = Tally()
    found = [c for c in run_checks(doc, tally=tally) if c.rule.startswith(("t2.total", "t3.total"))]
    assert found == []
    assert len([r for r in tally.held if r.startswith(("t2.total", "t3.total"))]) == 2
    # A template printing 结转下年 in t3 as well counts it once.
    t3_total = next(r for r in t3.rows if r.get("name") in ("合计", "总计"))
    assert isinstance(t3_total["total"], Decimal)
    t3_total["next_year_carryover"] = Decimal("75.00")
    t3_total["total"] += Decimal("75.00")
    assert [c for c in run_checks(doc) if c.rule.startswith("t3.total") and c.level == "error"] == []
    t3_total["total"] += Decimal("1.00")
    assert [(c.level, c.diff) for c in run_checks(doc) if c.rule.startswith("t3.total")] == [("error", Decimal("1.00"))]


def test_of_which_columns_are_no_addends() -> None:
    # 西南大学 table 2: 事业收入 金额 | 其中：教育收费 — the 教育收费 is inside 事业收入.
    rule = parse_identity("total = fiscal_subtotal + special_account + unit_funds", 2)
    row = {"code": "205", "name": "教育支出", "total": Decimal("380.00"), "fiscal_subtotal": Decimal("200.00"),
           "unit_funds": Decimal("180.00"), "special_account": Decimal("75.00")}
    t2 = Table(2, "revenue", "部门收入总体情况表", pages=[7], rows=[row])  # type: ignore[list-item]
    assert [c.level for c in check_row_identity(View(t2, "万元"), rule)] == ["error"]
    t2.parts = {"special_account": "unit_funds"}
    assert check_row_identity(View(t2, "万元"), rule) == []
    # 长沙 table 2: 本级财政拨款 金额 | 其中：经费拨款 — the part is no sum of the whole.
    rule = parse_identity("fiscal_subtotal = general_budget + gov_fund", 2)
    row.update(general_budget=Decimal("150.00"), gov_fund=None)
    assert [c.level for c in check_row_identity(View(t2, "万元"), rule)] == ["error"]
    t2.parts = {"general_budget": "fiscal_subtotal"}
    with pytest.raises(Absent, match="prints general_budget only as a part"):
        check_row_identity(View(t2, "万元"), rule)


def test_subject_names_under_a_column_of_their_own_are_codes_not_read() -> None:
    # Rows labelled 一般公共服务支出 … outside the name column: the codes were not read,
    # which is unchecked, not a table without subjects.
    table = Table(3, "expenditure", "部门支出总体情况表", pages=[5], rows=[
        {"科目/名称": "合计", "total": Decimal("3.00")}, {"科目/名称": "一般公共服务支出", "total": Decimal("2.00")},
        {"科目/名称": "教育支出", "total": Decimal("1.00")}])
    assert [(c.level, c.message) for c in check_hierarchy(View(table, "万元"))] == [
        ("unchecked", "table 3: no subject codes read")]
    for row, label in zip(table.rows[1:], ("一般公共预算资金", "其他资金")):
        row["科目/名称"] = label
    with pytest.raises(Absent, match="prints no subject rows"):
        check_hierarchy(View(table, "万元"))


def test_car_purchase_printed_without_its_fee() -> None:
    # 长沙 table 10: 其中：公务用车购置 | 其中：公务用车运行费 under 公务用车购置及运行费.
    doc = sample("changji-2025--replica")
    t10 = doc.table(10)
    assert t10 is not None
    t10.rows[4]["item"] = "其中：公务用车购置"
    t10.rows[4]["total"] = t10.rows[4]["general_budget"] = Decimal("1.00")
    rule = next(r.text for r in load_rules().cross if r.text.startswith("t10[公务用车购置及运行费"))
    assert [(c.level, c.diff) for c in run_checks(doc) if c.rule == rule and c.column == "total"] == [
        ("error", Decimal("-1.00"))]


def test_a_bare_total_on_each_side_of_a_two_sided_table_is_that_sides() -> None:
    # 重庆's 收支总表 prints 合计 atop each side, not 收入合计 / 支出合计.
    rows: list[dict[str, object]] = [
        {"side": "收入", "item": "合计", "amount": Decimal("14.00")},
        {"side": "收入", "item": "一、一般公共预算拨款收入", "amount": Decimal("14.00")},
        {"side": "支出", "item": "合计", "amount": Decimal("14.00")},
        {"side": "支出", "item": "一、社会保障和就业支出", "code": "208", "amount": Decimal("14.00")}]
    t1 = Table(1, "budget_summary", "部门收支总体情况表", pages=[3], rows=rows, row_key="side")
    tally = Tally()
    run_checks(Document("x.pdf", "0", 5, tables=[t1]), tally=tally)
    assert "t1[支出总计|支出合计].amount = t1[收入总计|收入合计].amount" in tally.held
    rows[2]["amount"] = Decimal("15.00")
    found = [c for c in run_checks(Document("x.pdf", "0", 5, tables=[t1]))
             if c.rule == "t1[支出总计|支出合计].amount = t1[收入总计|收入合计].amount"]
    assert [(c.level, c.found, c.expected) for c in found] == [("error", Decimal("15.00"), Decimal("14.00"))]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="。;；!?！？,，0123456789收入总计元 a", max_size=300), st.integers(min_value=0, max_value=300))
def test_a_clause_starts_after_the_last_clause_mark_before_the_figure(text: str, at: int) -> None:
    """The clause start looked for backwards from a stated figure is the one a scan of
    the prose from its start finds (commas before three digits are no clause mark)."""
    from budgetx.check.narrative import _CLAUSE_END, _clause_start

    start = min(at, len(text))
    expected = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    assert _clause_start(text, start) == expected


def test_a_clause_mark_far_before_the_figure_is_found() -> None:
    from budgetx.check.narrative import _clause_start

    text = "一般公共预算收入。" + "收" * 1000 + "支出合计100万元"
    assert _clause_start(text, len(text) - 9) == len("一般公共预算收入。")
    assert _clause_start("收" * 500, 400) == 0
    assert _clause_start("收入,1,000元", 9) == 3  # the grouping comma of 1,000 is no mark


def test_a_project_table_printing_its_funding_sources_gives_table_5_its_general_budget() -> None:
    # 烟台's 项目支出表 prints 一般公共预算 beside 单位资金: its total is more than what
    # table 5 spends on projects, its 一般公共预算 column is that figure.
    rule = "t5.project = t7.general_budget|total"
    doc = sample("changji-2025--replica")
    assert [c for c in run_checks(doc) if c.rule == rule and c.level == "error"] == []
    t7 = doc.table(7)
    assert t7 is not None and t7.rows
    for row in t7.rows:
        if isinstance(row.get("total"), Decimal):
            row["general_budget"] = row["total"]
            row["unit_funds"] = Decimal("777.00")
            row["total"] = row["total"] + Decimal("777.00")
    t7.columns = [*t7.columns, Column("general_budget", "一般公共预算"), Column("unit_funds", "单位资金")]
    assert [c for c in run_checks(doc) if c.rule == rule and c.level == "error"] == []
    for row in t7.rows:
        row.pop("general_budget")
    assert [c.table for c in run_checks(doc) if c.rule == rule and c.level == "error"] == [5]


@pytest.mark.parametrize(("carried", "extra", "level"), [
    ("12.00", "12.00", None),          # table 5 spends the general budget carried in too
    ("12.00", "0.00", None),           # or its projects only: the 一般公共预算 column
    ("12.00", "5.00", "unchecked"),    # the carry-over lumps sources: not decidable
    ("0.00", "5.00", "error"),         # nothing carried in: a real difference
])
def test_a_project_table_with_a_lumped_carry_over_column(carried: str, extra: str, level: str | None) -> None:
    # 深圳's 项目支出总表 prints 一般公共预算拨款 and, apart, 上年结余、结转 of every
    # source: table 5's 项目支出 is the first alone or with the general budget's part
    # of the second, a part the table does not print apart.
    rule = "t5.project = t7.general_budget|total"
    doc = sample("changji-2025--replica")
    t5, t7 = doc.table(5), doc.table(7)
    assert t5 is not None and t7 is not None
    for row in t7.rows:
        if isinstance(row.get("total"), Decimal):
            row["general_budget"] = row["total"]
            row["carryover"] = Decimal(0)
    total = next(r for r in t7.rows if r.get("name") in ("总计", "合计") or r.get("project_name") in ("总计", "合计"))
    total["carryover"] = Decimal(carried)
    total["total"] = total["general_budget"] + Decimal(carried)  # type: ignore[operator]
    t7.columns = [*t7.columns, Column("general_budget", "一般公共预算"), Column("carryover", "上年结余、结转")]
    t5_total = next(r for r in t5.rows if r.get("name") in ("总计", "合计"))
    t5_total["project"] = t5_total["project"] + Decimal(extra)  # type: ignore[operator]
    levels = {c.level for c in run_checks(doc) if c.rule == rule} - {"rounding"}
    assert levels == ({level} if level else set())


@pytest.mark.parametrize(("line", "level"), [("462.00", None), ("500.00", "unchecked"), (None, "error")])
def test_an_all_funds_project_table_is_table_1s_project_line(line: str | None, level: str | None) -> None:
    # 陕西's 专项业务经费支出表 lists every source's projects without their sources: its
    # total is table 1's 2、专项业务经费支出 (a year that leaves the carry-over out of
    # it, not of table 1, cannot be checked); without that line a gap is an error.
    rule = "t5.project = t7.general_budget|total"
    doc = sample("changji-2025--replica")
    t1, t7 = doc.table(1), doc.table(7)
    assert t1 is not None and t7 is not None
    total = next(r for r in t7.rows if r.get("name") in ("总计", "合计"))
    total["total"] = total["total"] + Decimal("12.00")  # type: ignore[operator]
    assert total["total"] == Decimal("462.00")
    if line is not None:
        t1.rows.append({"side": "支出", "item": "2、专项业务经费支出", "code": "", "amount": Decimal(line)})
    levels = {c.level for c in run_checks(doc) if c.rule == rule} - {"rounding"}
    assert levels == ({level} if level else set())


def test_a_subject_row_without_a_code_inside_a_section_is_one_of_its_items() -> None:
    # 杭州 prints names only; 信息化建设 under 监狱 gets no code from the catalogue. It is
    # an item of 20407 between two others, not a group heading the rows below it.
    rows = [("", "合计", "106.00"), ("204", "公共安全支出", "106.00"), ("20407", "监狱", "106.00"),
            ("2040701", "行政运行", "100.00"), ("", "信息化建设", "5.00"), ("2040799", "其他监狱支出", "1.00")]
    table = Table(3, "expenditure", "部门支出总体情况表", pages=[26], rows=[
        {"code": code, "name": name, "total": Decimal(total)} for code, name, total in rows])
    assert check_hierarchy(View(table, "万元")) == []
    table.rows[4]["total"] = Decimal("6.00")
    assert {(c.row, c.column) for c in check_hierarchy(View(table, "万元"))} == {("20407", "total")}


@pytest.mark.parametrize(("stated", "errors"), [("2,104", 0), ("2,104.5", 0), ("2,103", 1), ("2,104.52", 1)])
def test_a_coarser_figure_in_the_prose_may_cut_off_the_tables(stated: str, errors: int) -> None:
    # changji's 收支总预算 is 2,104.55 万元; prose that drops digits rounds or cuts them off.
    doc = sample("changji-2025--replica")
    doc.narrative = [(5, f"昌吉回族自治州政务服务和公共资源交易中心 2025 年收支总预算 {stated} 万元。")]
    found = [c for c in run_checks(doc) if c.rule == "narrative: 收支总预算"]
    assert sum(c.level == "error" for c in found) == errors


def test_a_total_row_labelled_with_a_colon_is_the_total() -> None:
    # 长春 prints `总计：` on its tables' total rows.
    doc = sample("changji-2025--replica")
    t5 = doc.table(5)
    assert t5 is not None
    total = next(r for r in t5.rows if r.get("name") in ("总计", "合计"))
    total["name"] = f"{total['name']}："
    assert not [c for c in run_checks(doc) if c.level == "unchecked"]
    total["project"] = Decimal(1) + (total["project"] if isinstance(total["project"], Decimal) else 0)
    assert "t5.project = t7.general_budget|total" in {c.rule for c in run_checks(doc) if c.level == "error"}


def test_a_table_printing_items_only_adds_them_up_to_their_class() -> None:
    # 北京's 支出总表 prints one row per 项 (and economic class), no 类 or 款 rows: table
    # 1's 类 figures are matched against the sums of each 类's items.
    rule = "t1[类].amount = t3[类].total"
    doc = sample("changji-2025--replica")
    t3 = doc.table(3)
    assert t3 is not None
    t3.rows = [r for r in t3.rows if len(str(r.get("code") or "")) not in (3, 5)]
    found = [c for c in run_checks(doc) if c.rule == rule]
    assert found and all(c.level == "rounding" for c in found)
    item = next(r for r in t3.rows if str(r.get("code") or "").startswith("208"))
    item["total"] = item["total"] + Decimal("10.00")
    assert [c.row for c in run_checks(doc) if c.rule == rule and c.level == "error"] == ["208"]


def _carried_in(spent: bool, t3_total: str) -> Document:
    """西安: table 3 by funding source lists 上年结转 10.00 and 上年实户资金余额 5.00
    among its sources; table 1 spends them in the year, or carries them on (结转下年)."""
    carried = "0.00" if spent else "15.00"
    t1 = Table(1, "budget_summary", "部门收支总体情况表", pages=[5], rows=[
        {"side": "收入", "item": "本年收入合计", "code": "", "amount": Decimal("100.00")},
        {"side": "收入", "item": "上年结转", "code": "", "amount": Decimal("10.00")},
        {"side": "收入", "item": "上年实户资金余额", "code": "", "amount": Decimal("5.00")},
        {"side": "收入", "item": "收入总计", "code": "", "amount": Decimal("115.00")},
        {"side": "支出", "item": "本年支出合计", "code": "", "amount": Decimal("115.00") - Decimal(carried)},
        {"side": "支出", "item": "结转下年", "code": "", "amount": Decimal(carried)},
        {"side": "支出", "item": "支出总计", "code": "", "amount": Decimal("115.00")}])
    t3 = Table(3, "expenditure", "部门支出总体情况表", pages=[7], rows=[
        {"code": "", "name": "合计", "total": Decimal(t3_total), "general_budget": Decimal("100.00"),
         "carryover": Decimal("10.00"), "account_balance": Decimal("5.00")}])
    return Document("x.pdf", "", 9, unit="万元", tables=[t1, t3])


@pytest.mark.parametrize("spent, t3_total, holds", [
    (True, "115.00", True),    # spent in the year: t3 总计 = t1 支出总计
    (False, "115.00", True),   # carried on: t1's 结转下年 is the carried-in sources t3 lists
    (False, "100.00", True),   # carried on, and not among t3's sources (工信)
    (True, "120.00", False),
    (False, "105.00", False),
])
def test_a_rule_holds_where_either_reading_of_the_template_does(spent: bool, t3_total: str, holds: bool) -> None:
    rule = next(r for r in load_rules().cross if r.otherwise is not None)
    tally = Tally()
    found = [c for c in run_checks(_carried_in(spent, t3_total), tally=tally) if c.rule == rule.text]
    assert (rule.text in tally.held) is holds
    assert bool([c for c in found if c.level == "error"]) is not holds


def test_a_total_row_printed_with_no_figure_is_unchecked_not_an_error() -> None:
    # 上海's 收支总表 prints its 收入总计 row with the figure left out: the document
    # omits the total, it does not print one that fails. A total printed wrong still is.
    doc = sample("changji-2025--replica")
    t1 = doc.table(1)
    assert t1 is not None
    total = next(r for r in t1.rows if r.get("item") == "收入总计")
    total["amount"] = None
    found = [c for c in run_checks(doc) if c.rule.startswith("t1[支出总计")]
    assert [(c.level, c.message) for c in found] == [
        ("unchecked", "table 1 prints its 收入总计 row with no amount figure")]
    total["amount"] = Decimal("2004.55")
    found = [c for c in run_checks(doc) if c.rule.startswith("t1[支出总计")]
    assert [(c.level, c.found, c.expected) for c in found] == [
        ("error", Decimal("2104.55"), Decimal("2004.55"))]

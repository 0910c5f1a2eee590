"""titles.py: which table a printed title names, and 表N labels."""
from __future__ import annotations

import pytest

from budgetx.reader.titles import is_label, match_title
from budgetx.schema.registry import load_schema

SCHEMA = load_schema()


@pytest.mark.parametrize(("text", "no"), [
    ("表1 部门收支总体情况表", 1),
    ("表 一 部门收支总体情况表", 1),
    ("附表1：部门收支总体情况表", 1),
    ("公开01表 部门收支总体情况表", 1),
    ("一、部门收支总体情况表", 1),
    ("2025年部门收支总体情况表", 1),
    ("青禾县教育局2025年部门收支总体情况表", 1),
    ("部门收支总表", 1),
    ("部门收支总体情况表（续表）", 1),
    ("部门收支总体情况表(续)", 1),
    ("一般公共预算支出情况表（按功能分类）", 5),
    ("一般公共预算基本支出情况表（按经济分类科目）", 6),
    ("2025年政府性基金预算财政拨款支出预算表", 8),
    ('财政拨款"三公"经费支出情况表', 10),
    ("财政拨款“三公”经费支出情况表", 10),
    ("2025年一般公共预算“三公”经费、会议费、培训费支出表", 10),
    ("上年结转结余情况明细表", 11),
    # The label's number ends where the title's 一般 begins (四川's 表3 一般公共预算支出预算表).
    ("表3 一般公共预算支出预算表", 5),
    ("表3-1 一般公共预算基本支出预算表", 6),
    ("表三 一般公共预算支出预算表", 5),
    ("表一 一般公共预算支出预算表", 5),
])
def test_title_names_its_table(text: str, no: int) -> None:
    spec, is_title = match_title(text, SCHEMA)
    assert is_title
    assert spec is not None and spec.no == no


@pytest.mark.parametrize("text", [
    "部门收支总体情况表反映了本部门的收支情况。",
    "详见部门收支总体情况表，其中，一般公共预算拨款",
    "政府性基金预算支出情况表为空表。",
    "表1",
    "合计",
    "目 录",
    # A row whose text cell wraps before 表 (…编制反馈 | 表) beside its amount.
    "87 执法监察业务 220,000.00 表",
    "合计 12.50 一般公共预算支出表",
])
def test_sentences_and_labels_are_not_titles(text: str) -> None:
    assert match_title(text, SCHEMA) == (None, False)


@pytest.mark.parametrize("text", ["2024年国有资产占用情况表", "部门收支决算总体情况表", "部门整体绩效目标表"])
def test_other_tables_are_titles_without_a_number(text: str) -> None:
    assert match_title(text, SCHEMA) == (None, True)


@pytest.mark.parametrize(("text", "label"), [("表1", True), ("表 一", True), ("公开01表", True), ("附表3", True),
                                             ("表1-2", True), ("部门公开表 7", True), ("单位预算表3", True),
                                             ("部门收支总体情况表", False), ("部门预算表", False)])
def test_is_label(text: str, label: bool) -> None:
    assert is_label(text) is label


@pytest.mark.parametrize(("text", "no"), [("西南大学收支预算总表", 1), ("西南大学收入预算表", 2), ("西南大学支出预算表", 3),
                                          ("西南大学财政拨款收支预算总表", 4), ("西南大学财政拨款支出预算表", 5),
                                          ("一般公共预算支出预算表", 5), ("一般公共预算基本支出预算表", 6),
                                          ("政府性基金预算支出预算表", 8), ("国有资本经营预算支出预算表", 9),
                                          ("一般公共预算“三公”经费支出预算表", 10)])
def test_central_department_titles(text: str, no: int) -> None:
    # 中央部门预算: the ministries' template and the bodies under them.
    spec, is_title = match_title(text, SCHEMA)
    assert is_title and spec is not None and spec.no == no


@pytest.mark.parametrize(("text", "no"), [
    ("基本支出总表", 6), ("项目支出总表", 7), ("一般公共预算机关运行经费支出预算表", None),
    ("财政拨款政府性基金支出预算表", 8), ("“三公”经费、会议费、培训费支出预算表", 10),
    ("深圳市统计局2026年部门收支总表", 1), ("深圳市统计局（本级）支出总表", 3), ("2017年度支出预算总表", 3),
    ("表4-1 政府性基金预算“三公”经费支出预算表", None),
    # A part of the budget's funds is not the whole budget's table.
    ("财政专户管理资金支出预算表", None), ("财政专户管理资金收入预算表", None), ("单位资金支出预算表", None),
    ("上年结转支出预算表", None), ("非财政拨款支出预算表", None), ("其他资金支出预算表", None),
])
def test_a_word_before_a_variant_can_make_it_another_table(text: str, no: int | None) -> None:
    spec, is_title = match_title(text, SCHEMA)
    assert is_title and (spec.no if spec else None) == no


@pytest.mark.parametrize("text", ["表8", "表八", "附表3", "公开01表", "公开表八", "公开表8"])
def test_table_labels_are_labels_not_header_text(text: str) -> None:
    # 江苏's 公开表八 above the next table's title is that table's label: read into the
    # table above as a header, it made tables 6 and 8 one.
    assert is_label(text)


def test_a_variant_keeps_the_scope_note_that_tells_two_tables_apart() -> None:
    spec, is_title = match_title("2025年部门综合预算一般公共预算支出明细表（按功能科目分）", SCHEMA)
    assert is_title and spec is not None and spec.key == "general_expenditure"
    spec, is_title = match_title("2025年部门综合预算一般公共预算支出明细表（按经济分类科目分）", SCHEMA)
    assert is_title and spec is None
    # A longer note (scope and what it leaves out) still ends a title, and still tells.
    spec, is_title = match_title("2025年部门综合预算一般公共预算支出明细表（按支出功能分类科目-不含上年结转）", SCHEMA)
    assert is_title and spec is not None and spec.key == "general_expenditure"
    spec, is_title = match_title("2025年部门综合预算一般公共预算支出明细表（按支出经济分类科目-不含上年结转）", SCHEMA)
    assert is_title and spec is None
    # 基本支出 printed by function class and by economic class: general_basic is by
    # economic class, the other is a table of its own.
    assert match_title("部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）", SCHEMA)[0] is SCHEMA.by_no(6)
    assert match_title("部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）", SCHEMA) == (None, True)
    assert match_title("部门综合预算一般公共预算支出明细表（按支出功能分类科目）", SCHEMA)[0] is SCHEMA.by_no(5)
    assert match_title("一般公共预算基本支出情况表（按经济分类科目）", SCHEMA)[0] is SCHEMA.by_no(6)


def test_a_function_tables_note_may_name_its_economic_columns() -> None:
    spec, _ = match_title("一般公共预算项目支出情况表（按经济分类科目）", SCHEMA)
    assert spec is not None and spec.no == 7

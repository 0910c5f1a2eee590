"""headers.py: printed header paths → canonical column keys by the registry's aliases."""
from __future__ import annotations

import pytest

from budgetx.table.headers import closest, column_name, map_columns, near, part_columns, path_key
from budgetx.schema.registry import load_schema

SCHEMA = load_schema()


def keys(no: int, *paths: list[str], fuzzy: bool = False) -> list[str]:
    return map_columns(list(paths), SCHEMA.by_no(no).columns, fuzzy=fuzzy)


def test_revenue_headers_with_aliases_and_groups() -> None:
    assert keys(2, ["功能分类科目编码"], ["功能分类科目名称"], ["总计"], ["财政拨款（补助）", "小计"],
                ["财政拨款（补助）", "一般公共预算"], ["财政拨款(补助)", "上级一般公共预算安排的转移支付"],
                ["财政专户(教育收费)"], ["单位资金"], ["财政拨款结转"], ["非财政拨款结转结余"]) == [
        "code", "name", "total", "fiscal_subtotal", "general_budget", "general_transfer", "special_account",
        "unit_funds", "fiscal_carryover", "nonfiscal_carryover"]


def test_carryover_by_source_named_for_what_it_carries() -> None:
    # 湖州 prints 上年结转结余 by source as 专户资金结转结余 | 单位资金结转结余.
    assert keys(2, ["单位名称"], ["总计"], ["上年结转结余", "小计"], ["上年结转结余", "一般公共预算"],
                ["上年结转结余", "专户资金结转结余"], ["上年结转结余", "单位资金结转结余"]) == [
        "unit_name", "total", "carryover", "carryover_general_budget", "carryover_special_account",
        "carryover_unit_funds"]


@pytest.mark.parametrize("header", ["财政专户（教育收费）", "财政专户(教育收费)", "财政专户 （教育收费）", "财政专户"])
def test_full_and_half_width_brackets(header: str) -> None:
    assert keys(2, ["总计"], [header]) == ["total", "special_account"]


@pytest.mark.parametrize(("header", "key"), [
    ("一般公共预算拨款", "general_budget"), ("合计", "total"), ("合计(万元)", "total"),
    ("上级一般公共预算安排转移支付", "general_transfer"), ("政府性基金", "gov_fund"), ("事业收入", "business_income"),
])
def test_aliases(header: str, key: str) -> None:
    assert keys(2, [header]) == [key]


@pytest.mark.parametrize(("no", "header", "key"), [
    # 西南大学's 收入预算表, 支出预算表 and 财政拨款支出预算表 (2023, 2024).
    (2, "收入合计", "total"), (2, "附属单位缴款", "affiliated_income"),
    (3, "对下级单位补助支出", "subsidiary_transfer"), (5, "财政拨款支出", "total"),
])
def test_aliases_of_the_central_template(no: int, header: str, key: str) -> None:
    assert keys(no, [header]) == [key]


def test_under_groups_tell_subtotals_apart() -> None:
    assert keys(11, ["项目"], ["合计"], ["财政拨款", "小计"], ["财政拨款", "基本支出", "人员经费"],
                ["财政拨款", "基本支出", "公用经费"], ["财政拨款", "项目支出"], ["非财政拨款", "小计"],
                ["非财政拨款", "基本支出", "人员经费"], ["非财政拨款", "基本支出", "公用经费"],
                ["非财政拨款", "项目支出"]) == [
        "item", "total", "fiscal_subtotal", "fiscal_basic_personnel", "fiscal_basic_public", "fiscal_project",
        "nonfiscal_subtotal", "nonfiscal_basic_personnel", "nonfiscal_basic_public", "nonfiscal_project"]
    # The 非财政拨款 group printed first still gets the nonfiscal keys.
    assert keys(11, ["非财政拨款", "小计"], ["财政拨款", "小计"]) == ["nonfiscal_subtotal", "fiscal_subtotal"]


def test_a_subtotal_under_another_group_is_not_the_fiscal_subtotal() -> None:
    # It is the subtotal of the current year's income (本年收入), a column of its own.
    assert keys(2, ["总计"], ["本年收入", "小计"], ["本年收入", "一般公共预算拨款"]) == [
        "total", "current_income", "general_budget"]


def test_basic_personnel_under_basic() -> None:
    assert keys(8, ["科目编码"], ["科目名称"], ["合计"], ["基本支出", "人员经费"], ["基本支出", "公用经费"],
                ["项目支出"]) == ["code", "name", "total", "basic_personnel", "basic_public", "project"]
    assert keys(8, ["合计"], ["基本支出"], ["项目支出"]) == ["total", "basic", "project"]


def test_of_which_column() -> None:
    assert keys(3, ["科目编码"], ["科目名称"], ["合计"], ["其中：基本支出"], ["项目支出"]) == [
        "code", "name", "total", "basic", "project"]


def test_code_parts_under_a_group() -> None:
    assert keys(3, ["科目", "类"], ["科目", "款"], ["科目", "项"], ["科目", "名称"], ["合计"]) == [
        "class_code", "section_code", "item_code", "name", "total"]


def test_header_broken_over_lines_and_cells() -> None:
    assert keys(7, ["科目编码"], ["项目名称"], ["项目支出", "合计"], ["工资福利 支出"], ["资本性支出（基本建设）"],
                ["资本性支出"], ["对企业补助(基本建设)"]) == [
        "code", "project_name", "total", "wages", "capital_construction", "capital", "enterprise_subsidy_construction"]


def test_unknown_headers_keep_their_path() -> None:
    assert keys(3, ["科目编码"], ["合计"], ["备注"], ["其他资金", "说明"], ["备注"], []) == [
        "code", "total", "备注", "其他资金/说明", "备注_2", "column_6"]
    assert path_key(["其他 资金", "", "说 明"]) == "其他资金/说明"


def test_quotes_do_not_matter() -> None:
    assert keys(10, ['"三公"经费支出内容'], ["合计"], ["资金来源", "一般公共预算"]) == [
        "item", "total", "general_budget"]
    assert keys(10, ["“三公”经费支出内容"]) == ["item"]


def test_fuzzy_matching_only_when_asked() -> None:
    assert keys(3, ["科日编码"], ["合让"]) == ["科日编码", "合让"]
    assert keys(3, ["科日编码"], ["合让"], fuzzy=True) == ["code", "total"]
    assert near("一般公共预算", frozenset({"一般公共预算"}))
    # A second 科目编码 / 类 | 款 pair (政府预算经济分类): a join of headers is not a misreading.
    assert keys(6, ["科目编码", "类"], ["科目编码", "款"], ["部门预算支出经济分类科目名称"], ["科目编码", "类"],
                ["科目编码", "款"], ["政府预算支出经济分类科目名称"], ["基本支出预算", "小计"], fuzzy=True) == [
        "class_code", "section_code", "name", "科目编码/类", "科目编码/款", "gov_econ_name", "total"]
    assert keys(6, ["科日编码"], ["经济分类科目名称"], ["基本支出预算", "小计"], ["其中:人员支岀"], fuzzy=True) == [
        "code", "name", "total", "personnel"]
    assert not near("人员经费", frozenset({"公用经费"}))


def test_an_ocr_group_header_a_glyph_off_heads_its_columns() -> None:
    # 杭州 at 100 dpi: 上年结转结余 read 上年结转结念, so its sources were no carry-over.
    printed = (["单位名称"], ["总计"], ["上年结转结念", "小计"], ["上年结转结念", "般公共预算"],
               ["上年结转结念", "国有资本经管预算"], ["上年结转结念", "单位资金"])
    assert keys(2, *printed, fuzzy=True) == [
        "unit_name", "total", "carryover", "carryover_general_budget", "carryover_state_capital",
        "carryover_unit_funds"]
    # From the text layer, a group is what it prints.
    assert keys(2, *printed)[3] == "上年结转结念/般公共预算"
    # A group printing a column's name (烟台: 财政拨款收入 over 小计 | its sources) is no
    # misreading of the group it is two glyphs from (财政专户拨款收入).
    assert keys(2, ["合计"], ["财政拨款收入", "小计"], ["财政拨款收入", "一般公共预算收入"], fuzzy=True) == [
        "total", "fiscal_subtotal", "general_budget"]


def test_closest_is_the_one_nearest_meaning_or_none() -> None:
    names = {"公务用车购置费": "purchase", "公务用车运行费": "running", "公务接待费": "reception"}
    assert closest("公务用车购直费", names) == "purchase"  # one glyph off; 运行费 is two
    assert closest("公务接侍费", names) == "reception"
    assert closest("公务用车某某费", names) is None  # two off both
    assert closest("会议费", names) is None
    # Two printings of one meaning are not a tie.
    assert closest("因公出国（境）贾", {"因公出国（境）费": "abroad", "因公出国（境）费用": "abroad"}) == "abroad"


def test_an_ocr_header_misread_past_recognition_is_the_column_left_between_its_neighbours() -> None:
    # 总计 read üIF: the one required column left between 科目名称 and 基本支出.
    assert keys(5, ["科目编码"], ["科目名称"], ["üIF"], ["基本支出"], ["项目支出"], fuzzy=True) == [
        "code", "name", "total", "basic", "project"]
    assert keys(5, ["科目编码"], ["科目名称"], ["合计"], ["基本支出"], ["x3Q"], fuzzy=True)[-1] == "project"
    # Two unknown columns between the same neighbours: neither is named.
    assert keys(5, ["科目编码"], ["科目名称"], ["üIF"], ["x3Q"], ["项目支出"], fuzzy=True)[2:4] == ["üIF", "x3Q"]
    # Text read from the PDF is read right: an unknown header there is another column.
    assert keys(5, ["科目编码"], ["科目名称"], ["üIF"], ["基本支出"], ["项目支出"])[2] == "üIF"
    # The name column, its 项 目 group read into its header (项H科日名称): 科目编码 is
    # printed whole, so its 类/款/项 parts are no columns left, and the name is.
    assert keys(5, ["功能分类科日编码"], ["项H科日名称"], ["本年支出合计"], ["基本支出"], ["项目支出"], fuzzy=True) == [
        "code", "name", "total", "basic", "project"]
    # At the table's edge, never the label column: a transposed “三公” table opens with
    # its total's figure.
    assert keys(10, ["“三公”经费合计"], ["小计"], ["当年预算", "因公出国（境）费", "小计"], fuzzy=True)[0] == "“三公”经费合计"


def test_column_name() -> None:
    assert column_name(SCHEMA.by_no(2), "fiscal_subtotal") == "财政拨款（补助）小计"
    assert column_name(SCHEMA.by_no(2), "备注") == "备注"
    assert column_name(None, "其他/说明") == "其他/说明"


def test_a_subtotal_takes_its_meaning_from_the_group_above_it() -> None:
    # 重庆/苏州/杭州 table 5: 基本支出 printed as 小计 | 人员经费 | 公用经费.
    assert keys(5, ["科目编码"], ["科目名称"], ["合计"], ["基本支出", "小计"], ["基本支出", "人员经费"],
                ["基本支出", "日常公用支出"], ["项目支出"]) == [
        "code", "name", "total", "basic", "basic_personnel", "basic_public", "project"]
    # 长沙 table 2: 本级财政拨款 / 金额 is the appropriation, 其中：经费拨款 its general budget part.
    assert keys(2, ["类"], ["款"], ["项"], ["功能科目"], ["合计"], ["本级财政拨款", "金额"],
                ["本级财政拨款", "其中:经费拨款"], ["财政专户管理事业收入"], ["事业单位经营服务收入"],
                ["其它收入"], ["上年结转"]) == [
        "class_code", "section_code", "item_code", "name", "total", "fiscal_subtotal", "general_budget",
        "special_account", "operating_income", "other_income", "carryover"]


def test_current_income_and_carry_over_by_source() -> None:
    # 苏州/杭州 table 2: 本年收入 and 上年结转结余, each a 小计 and its sources.
    assert keys(2, ["合计"], ["本年收入", "小计"], ["本年收入", "一般公共预算"], ["本年收入", "政府性基金预算"],
                ["本年收入", "财政专户管理资金"], ["本年收入", "事业收入"], ["上年结转结余", "小计"],
                ["上年结转结余", "一般公共预算"], ["上年结转结余", "政府性基金预算"],
                ["上年结转结余", "财政专户管理资金"], ["上年结转结余", "单位资金"]) == [
        "total", "current_income", "general_budget", "gov_fund", "special_account", "business_income",
        "carryover", "carryover_general_budget", "carryover_gov_fund", "carryover_special_account",
        "carryover_unit_funds"]
    # 上海: 财政拨款收入 is the subtotal of the budget columns; 广州 splits the special account.
    assert keys(2, ["合计"], ["财政拨款收入"], ["收入预算", "事业收入"]) == [
        "total", "fiscal_subtotal", "business_income"]
    assert keys(2, ["合计"], ["财政专户拨款收入", "教育收费"], ["财政专户拨款收入", "其他专户收入拨款"]) == [
        "total", "special_account", "special_account_other"]


def test_sources_printed_as_funds_and_the_project_total_as_its_count() -> None:
    # 北京: table 2's sources as …资金, this year's and last year's apart; table 5's
    # 项目支出 as 项目支出总数 | 扣除基建项目后预算数.
    assert keys(2, ["合计"], ["本年收入", "小计"], ["本年收入", "一般公共预算资金"], ["本年收入", "政府性基金预算资金"],
                ["本年收入", "国有资本经营预算资金"], ["上年结转结余", "小计"], ["上年结转结余", "一般公共预算资金"],
                ["上年结转结余", "政府性基金预算资金"], ["上年结转结余", "国有资本经营预算资金"]) == [
        "total", "current_income", "general_budget", "gov_fund", "state_capital", "carryover",
        "carryover_general_budget", "carryover_gov_fund", "carryover_state_capital"]
    assert keys(5, ["支出功能分类科目"], ["合计"], ["基本支出", "小计"], ["基本支出", "人员经费"],
                ["基本支出", "公用经费"], ["项目支出", "项目支出总数"], ["项目支出", "扣除基建项目后预算数"]) == [
        "name", "total", "basic", "basic_personnel", "basic_public", "project", "project_net"]


def test_a_group_and_its_leaf_printed_in_one_cell() -> None:
    assert keys(6, ["科目编码"], ["科目名称"], ["合计"], ["本年一般公共预算基本支出人员经费"], ["公用经费"]) == [
        "code", "name", "total", "personnel", "public"]
    # …but a short name does not end every header: 预算 is no suffix match for 单位预算.
    assert keys(5, ["合计"], ["单位预算"]) == ["total", "单位预算"]


def test_expenditure_by_use_and_the_totals_of_other_templates() -> None:
    assert keys(3, ["合计"], ["基本支出"], ["项目支出"], ["事业单位经营支出"], ["对附属单位补助支出"],
                ["上缴上级支出"], ["单位预留机动经费"]) == [
        "total", "basic", "project", "business_operation", "subsidiary_transfer", "superior_remit", "reserve"]
    assert keys(5, ["预算单位"], ["科目编码"], ["科目名称"], ["支出总计"], ["基本支出"], ["项目支出"]) == [
        "unit_name", "code", "name", "total", "basic", "project"]
    assert keys(9, ["科目编码"], ["科目名称"], ["本年支出合计"], ["基本支出"], ["项目支出"]) == [
        "code", "name", "total", "basic", "project"]


def test_the_earlier_of_two_years_is_last_years_column() -> None:
    # 重庆 table 5: 2025年预算数 | 2026年预算数 (总计, 基本支出 …, 项目支出).
    assert keys(5, ["科目编码"], ["科目名称"], ["2025年预算数"], ["2026年预算数", "总计"],
                ["2026年预算数", "基本支出"], ["2026年预算数", "项目支出"]) == [
        "code", "name", "prior_year", "total", "basic", "project"]
    # One year alone is this year's: 2026年预算数 is the total, not last year's.
    assert keys(5, ["科目名称"], ["2026年预算数"], ["基本支出"]) == ["name", "total", "basic"]


def test_the_one_year_a_header_names_is_the_budgets_own() -> None:
    # 深圳's 收支总表 prints 收入/2026年预算数 and 支出/2026年预算数 beside the items.
    spec = load_schema().by_no(1)
    amounts = tuple(c for c in spec.columns if c.key == "amount")
    assert map_columns([["收入", "2026年预算数"]], amounts) == ["amount"]


def test_last_years_outturn_and_the_change_against_it() -> None:
    # The central template's 一般公共预算支出表: last year's 执行数 (and net of central
    # capital investment), this year's budget, and the change against each.
    assert keys(5, ["科目编码"], ["科目名称"], ["2025年执行数", "执行数"], ["2025年执行数", "扣除中央基建投资后执行数"],
                ["2026年预算数", "年初预算数", "小计"], ["2026年预算数", "年初预算数", "基本支出"],
                ["2026年预算数", "年初预算数", "项目支出"], ["2026年预算数", "扣除中央基建投资后预算数"],
                ["2026年预算数比2025年执行数", "增减额"], ["2026年预算数比2025年执行数", "增减(%)"],
                ["2026年预算数比2025年执行数（扣除中央基建投资）", "增减额"],
                ["2026年预算数比2025年执行数（扣除中央基建投资）", "增减(%)"]) == [
        "code", "name", "prior_actual", "prior_actual_net", "total", "basic", "project", "total_net",
        "change", "change_pct", "change_net", "change_net_pct"]


def test_of_which_columns_under_a_group_are_parts_of_its_figure() -> None:
    # 事业收入: 金额 | 其中：教育收费 (西南大学 table 2), 本级财政拨款: 金额 | 其中:经费拨款 (长沙).
    paths = [["科目编码"], ["科目名称"], ["本年收入合计"], ["事业收入", "金额"], ["事业收入", "其中:教育收费"],
             ["本级财政拨款", "金额"], ["本级财政拨款", "其中:经费拨款"], ["其他收入"]]
    found = keys(2, *paths)
    assert found[3:7] == ["business_income", "special_account", "fiscal_subtotal", "general_budget"]
    assert part_columns(paths, found) == {"special_account": "business_income", "general_budget": "fiscal_subtotal"}
    # Without the group's own figure beside it, a 其中 column is one of the parts in full.
    loose = [["科目名称"], ["合计"], ["其中:基本支出"], ["项目支出"]]
    assert part_columns(loose, keys(3, *loose)) == {}


def test_revenue_sources_printed_with_income_suffix_map() -> None:
    """收入总体情况表 printing its sources as incomes (财政拨款收入 over 一般公共预算收入 …,
    事业收入（不含教育收费）, 使用非财政拨款结余): every column is a registry column."""
    paths = [["合计"], ["财政拨款收入", "小计"], ["财政拨款收入", "一般公共预算收入"], ["财政拨款收入", "政府性基金预算收入"],
             ["财政拨款收入", "国有资本经营预算收入"], ["财政专户管理资金收入"], ["事业收入（不含教育收费）"],
             ["事业单位经营收入"], ["其他收入"], ["上级补助收入"], ["附属单位上缴收入"], ["使用非财政拨款结余"], ["上年结转"]]
    assert map_columns(paths, SCHEMA.by_no(2).columns) == [
        "total", "fiscal_subtotal", "general_budget", "gov_fund", "state_capital", "special_account", "business_income",
        "operating_income", "other_income", "superior_subsidy", "affiliated_income", "nonfiscal_carryover", "carryover"]


def test_basic_and_project_tables_printed_by_funding_source_map_onto_tables_6_and_7() -> None:
    """基本支出预算情况表 / 项目支出预算情况表 print their amounts by funding source (合计 |
    财政拨款 小计 一般公共预算 … | 财政专户管理资金 | 单位资金 | 使用非财政拨款结余 | 上年结转):
    the titles are tables 6 and 7, every printed column a registry column."""
    from budgetx.reader.titles import match_title
    by_source = [["合计"], ["财政拨款", "小计"], ["财政拨款", "一般公共预算"], ["财政拨款", "政府性基金预算"],
                 ["财政拨款", "国有资本经营预算"], ["财政专户管理资金"], ["单位资金"], ["使用非财政拨款结余"], ["上年结转"]]
    keys = ["total", "fiscal_subtotal", "general_budget", "gov_fund", "state_capital", "special_account", "unit_funds",
            "nonfiscal_carryover", "carryover"]
    t6, t7 = SCHEMA.by_no(6), SCHEMA.by_no(7)
    assert map_columns([["科目编码", "类"], ["科目编码", "款"], ["部门预算支出经济分类科目"], *by_source], t6.columns) == [
        "class_code", "section_code", "name", *keys]
    assert map_columns([["项目名称"], ["项目类别"], *by_source], t7.columns) == ["project_name", "project_kind", *keys]
    assert "total = fiscal_subtotal + special_account + unit_funds + nonfiscal_carryover + carryover" in t7.rules
    found = [match_title(t, SCHEMA)[0] for t in ("基本支出预算情况表", "项目支出预算情况表", "政府性基金项目支出预算情况表")]
    # A qualifier before the variant names another table (here the 政府性基金 one).
    assert [s.no if s else None for s in found] == [6, 7, 8]


def test_project_tables_of_templates_without_a_general_budget_one_map_onto_table_7() -> None:
    """深圳 项目支出总表 (支出项目类别 | 总计 | 财政拨款 … | 单位资金: 事业收入 …), 浙江's
    市级部门项目支出预算表 (单位名称 | 项目名称 | 总计 | 财政拨款收入 …) and 长春's 项目支出表
    (类型 | 项目名称: 一级项目 二级项目 | 项目单位 | 合计 | 本年财政拨款 … | 财政拨款结转 …)
    print every project by funding source: table 7, every column a registry column."""
    from budgetx.reader.titles import match_title
    found = [match_title(t, SCHEMA)[0] for t in ("项目支出总表", "表10：2026年市级部门项目支出预算表",
                                                 "项目支出表(预算表9)", "政府性基金预算项目支出表", "基本支出总表")]
    assert [s.no if s else None for s in found] == [7, 7, 7, 8, 6]
    # Where a document prints both, the general budget's own project table is table 7.
    from budgetx.reader.titles import title_rank
    assert title_rank("一般公共预算项目支出表", SCHEMA.by_no(7)) < title_rank("项目支出总表", SCHEMA.by_no(7))
    t7 = SCHEMA.by_no(7).columns
    assert map_columns([["支出项目类别"], ["总计"], ["财政拨款", "一般公共预算拨款"], ["财政拨款", "政府性基金预算拨款"],
                        ["财政专户管理资金"], ["单位资金", "事业收入"], ["单位资金", "事业单位经营收入"],
                        ["单位资金", "上级补助收入"], ["单位资金", "附属单位上缴收入"], ["单位资金", "其他收入"],
                        ["上年结余、结转"]], t7) == [
        "project_name", "total", "general_budget", "gov_fund", "special_account", "business_income",
        "operating_income", "superior_subsidy", "affiliated_income", "other_income", "carryover"]
    assert map_columns([["单位名称"], ["项目名称"], ["总计"], ["财政拨款收入", "一般公共预算"],
                        ["财政拨款收入", "政府性基金"], ["财政拨款收入", "国有资本经营预算"], ["单位资金"]], t7) == [
        "unit_name", "project_name", "total", "general_budget", "gov_fund", "state_capital", "unit_funds"]
    assert map_columns([["类型"], ["项目名称", "一级项目"], ["项目名称", "二级项目"], ["项目单位"], ["合计"],
                        ["本年财政拨款", "一般公共预算"], ["财政拨款结转", "一般公共预算"],
                        ["财政拨款结转", "政府性基金预算"]], t7) == [
        "project_kind", "project_group", "project_name", "unit_name", "total", "general_budget",
        "carryover_general_budget", "carryover_gov_fund"]


def test_the_special_business_funds_table_of_shaanxi_is_table_7() -> None:
    """陕西 (西安) prints its projects as 专项业务经费支出表: 序号 | 单位编码 | 单位（项目）名称 |
    项目金额 | 项目简介, each unit's row (its code) above its projects."""
    from budgetx.reader.titles import match_title
    spec, _ = match_title("2022年部门综合预算专项业务经费支出表（不含上年结转）", SCHEMA)
    assert spec is not None and spec.no == 7
    assert map_columns([["序号"], ["单位编码"], ["单位（项目）名称"], ["项目金额"], ["项目简介"]], spec.columns) == [
        "line_no", "unit_code", "project_name", "total", "project_summary"]


def test_expenditure_by_function_printed_as_personnel_public_and_special_business_funds() -> None:
    """序号 | 功能科目编码 | 功能科目名称 | 合计 | 人员经费支出 | 公用经费支出 | 专项业务经费支出:
    基本支出 printed as its two parts, 项目支出 as 专项业务经费支出."""
    t5 = SCHEMA.by_no(5)
    paths = [["序号"], ["功能科目编码"], ["功能科目名称"], ["合计"], ["人员经费支出"], ["公用经费支出"], ["专项业务经费支出"]]
    assert map_columns(paths, t5.columns) == ["序号", "code", "name", "total", "basic_personnel", "basic_public", "project"]


def test_expenditure_printed_by_unit_and_funding_source() -> None:
    """部门支出总表 by unit: 合计 | 公共预算拨款 (小计 | 其中：专项资金…) | 政府性基金拨款 |
    事业收入 | 上年结转: the funding sources under their registry keys."""
    t3 = SCHEMA.by_no(3)
    paths = [["单位名称"], ["合计"], ["部门预算", "公共预算拨款", "小计"],
             ["部门预算", "公共预算拨款", "其中：专项资金列入部门预算的项目"], ["部门预算", "政府性基金拨款"],
             ["部门预算", "事业收入"], ["上年结转"]]
    assert map_columns(paths, t3.columns) == ["unit_name", "total", "general_budget", "general_budget_special",
                                              "gov_fund", "business_income", "carryover"]


def test_this_years_budget_and_the_carry_over_printed_side_by_side() -> None:
    # 合计 | 当年预算 (小计 and its uses) | 上年结转结余 (小计 and the same uses): the uses
    # under the carry-over are columns of their own, not the year's again.
    assert keys(3, ["科目编码"], ["科目名称"], ["合计"], ["当年预算", "小计"], ["当年预算", "基本支出"],
                ["当年预算", "项目支出"], ["当年预算", "事业单位经营支出"], ["上年结转结余", "小计"],
                ["上年结转结余", "基本支出"], ["上年结转结余", "项目支出"], ["上年结转结余", "事业单位经营支出"]) == [
        "code", "name", "total", "current", "basic", "project", "business_operation", "carryover",
        "carryover_basic", "carryover_project", "carryover_business_operation"]
    assert keys(6, ["科目编码"], ["科目名称"], ["合计"], ["当年预算", "小计"], ["当年预算", "人员经费"],
                ["当年预算", "公用经费"], ["上年结转结余", "小计"], ["上年结转结余", "人员经费"],
                ["上年结转结余", "公用经费"]) == [
        "code", "name", "total", "current", "personnel", "public", "carryover", "carryover_personnel",
        "carryover_public"]
    assert keys(5, ["科目编码"], ["科目名称"], ["合计"], ["当年预算", "小计"], ["当年预算", "基本支出", "小计"],
                ["当年预算", "基本支出", "人员经费"], ["当年预算", "基本支出", "公用经费"], ["当年预算", "项目支出"],
                ["上年结转结余", "小计"], ["上年结转结余", "基本支出", "小计"], ["上年结转结余", "基本支出", "人员经费"],
                ["上年结转结余", "基本支出", "公用经费"], ["上年结转结余", "项目支出"]) == [
        "code", "name", "total", "current", "basic", "basic_personnel", "basic_public", "project", "carryover",
        "carryover_basic", "carryover_basic_personnel", "carryover_basic_public", "carryover_project"]
    # Each side of 收支总表 as 本年预算 | 编制预算 | 上年结转.
    assert keys(1, ["项目"], ["本年预算"], ["编制预算"], ["上年结转"]) == ["item", "amount", "current", "carryover"]
    assert keys(4, ["项目"], ["本年预算"], ["编制预算"], ["上年结转"]) == ["item", "total", "current", "carryover"]


def test_a_tables_total_printed_as_its_subtotal_or_as_the_one_use_it_sums() -> None:
    # Table 3 whose total column is headed 小计; table 6 whose one figure column is
    # headed 基本支出 (the table is the basic expenditure: that is its total).
    assert keys(3, ["科目编码"], ["科目名称"], ["小计"], ["基本支出"], ["项目支出"], ["事业单位经营支出"]) == [
        "code", "name", "total", "basic", "project", "business_operation"]
    assert keys(3, ["科目编码"], ["科目名称"], ["合计"], ["基本支出", "小计"], ["基本支出", "人员经费"]) == [
        "code", "name", "total", "basic", "basic_personnel"]
    assert keys(6, ["科目编码"], ["科目名称"], ["基本支出"]) == ["code", "name", "total"]
    assert keys(6, ["科目编码"], ["科目名称"], ["合计"], ["人员经费"], ["公用经费"]) == [
        "code", "name", "total", "personnel", "public"]


def test_income_of_the_year_and_the_carry_over_in_a_table_printed_by_unit() -> None:
    # 长春 table 2: 部门（单位）代码 | 部门（单位）名称 | 合计 | 编制预算 (小计 and its
    # sources) | 上年结转 (小计 and its sources).
    from budgetx.table.headers import printed_row_kind

    paths = [["部门（单位）代码"], ["部门（单位）名称"], ["合计"], ["编制预算", "小计"], ["编制预算", "一般公共预算"],
             ["上年结转", "小计"], ["上年结转", "一般公共预算"]]
    t2 = SCHEMA.by_no(2)
    assert printed_row_kind(paths, map_columns(paths, t2.columns), t2) == (
        ["code", "name", "total", "current_income", "general_budget", "carryover", "carryover_general_budget"],
        "department")
def test_revenue_by_unit_keeps_the_reserve_fund_apart_from_the_carry_over() -> None:
    """西安 收入总表: 单位编码 | 单位名称 | 合计 | … | 上级补助收入 | 用事业基金弥补收支差额 |
    上年结转 | 上年实户资金余额: the reserve fund drawn is no carry-over; t3 prints the
    same sources, 上级补助收入 among them."""
    paths = [["单位编码"], ["单位名称"], ["合计"], ["部门预算", "上级补助收入"], ["用事业基金弥补收支差额"],
             ["上年结转"], ["上年实户资金余额"]]
    assert map_columns(paths, SCHEMA.by_no(2).columns) == [
        "unit_code", "unit_name", "total", "superior_subsidy", "fund_offset", "carryover", "account_balance"]
    assert map_columns(paths, SCHEMA.by_no(3).columns) == [
        "unit_code", "unit_name", "total", "superior_subsidy", "fund_offset", "carryover", "account_balance"]
    # 总计 | 部门预算 (合计 | …): the group's own total beside the table's.
    both = [["单位名称"], ["总计"], ["部门预算", "合计"], ["部门预算", "事业收入"]]
    for no in (2, 3):
        assert map_columns(both, SCHEMA.by_no(no).columns) == ["unit_name", "total", "dept_budget", "business_income"]


def test_a_group_over_every_figure_column_names_none_of_them() -> None:
    """西安 收入总表 and 支出总表 whose rules put 部门预算 over every figure column, 合计
    the first of them: with no 总计 beside it, 部门预算/合计 is the table's total."""
    paths = [["单位编码"], ["单位名称"], ["部门预算", "合计"], ["部门预算", "一般公共预算拨款", "小计"],
             ["部门预算", "政府性基金拨款"], ["部门预算", "事业收入"], ["部门预算", "上年结转"]]
    assert map_columns(paths, SCHEMA.by_no(2).columns) == [
        "unit_code", "unit_name", "total", "general_budget", "gov_fund", "business_income", "carryover"]
    # A group over some figure columns only keeps its meaning.
    assert map_columns([["单位名称"], ["上年结转"], *paths[2:4]], SCHEMA.by_no(2).columns)[2] == "dept_budget"
    # An unknown column of its own (序号) is no figure column.
    assert map_columns([["序号"], *paths], SCHEMA.by_no(3).columns)[:4] == ["序号", "unit_code", "unit_name", "total"]

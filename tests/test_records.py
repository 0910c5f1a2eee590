"""records.py: aligned cells + column keys → canonical rows."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from budgetx.table.build import _is_index_row
from budgetx.table.headers import map_columns, printed_row_kind
from budgetx.model import Reading
from budgetx.table.records import (MALFORMED, code_column, code_part_columns, extra_coded_rows, Doubts, amount_or_text, coded_rows, is_transposed, item_rows, side_blocks, side_rows,
                             transposed_rows, unit_rows)
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


def test_a_class_misprinted_under_the_section_above_is_that_sections_item() -> None:
    # 上海 普陀: `7 | 11 | 02 事业单位医疗` printed under `210 | 11 行政事业单位医疗`.
    keys = ["class_code", "section_code", "item_code", "name", "total"]
    cells = [["210", "", "", "卫生健康支出", "503,724"], ["210", "11", "", "行政事业单位医疗", "503,724"],
             ["7", "11", "02", "事业单位医疗", "503,724"], ["221", "", "", "住房保障支出", "335,816"],
             ["1", "02", "01", "住房公积金", "335,816"]]
    doubts: Doubts = []
    rows = coded_rows(keys, cells, T3, doubts=doubts)
    assert codes(rows)[2] == ("2101102", "210", "11", "02", "事业单位医疗")
    [(row, doubt)] = doubts
    assert row is rows[2] and (doubt.read, doubt.repaired_from) == ("2101102", "7 11 02")
    # Under another 款 (221 has none above it) the printed code stands: nothing to repair from.
    assert codes(rows)[4][0] == "10201"


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
    # An item header misread past recognition on a poor scan (项目 as `项E1`): the
    # sides' group headers still part the blocks; without them there is one block.
    misread = [["收入", "项E1"], ["收入", "行次"], ["收入", "金额"], ["支出", "项日"], ["支出", "行次"], ["支出", "合计"]]
    assert side_blocks(misread, T1, fuzzy=True) == [(0, 3), (3, 6)]
    assert side_blocks([p[1:] for p in misread], T1, fuzzy=True) == [(0, 6)]
    # … and only where 收入 heads the first block and 支出 every column after it.
    assert side_blocks([["序号"], *misread], T1, fuzzy=True) == [(0, 7)]
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


def test_a_two_block_table_whose_headers_a_scan_garbled_is_parted_by_its_columns_of_labels() -> None:
    # 长沙, scanned to one bit: 收 | 义 出 over 项 目 | 本年预算 | 项 日 | 本年预算, the 日
    # read into the block's group header. The body says where the blocks are: a column of
    # labels right of a column of figures opens the expenditure block.
    paths = [["收", "项目"], ["本年预算"], ["义项日"], ["出", "本年预算"]]
    cells = [["一、本级财政拨款收入", "1,935.36", "一、基本支出", "1,517.95"],
             ["二、财政专户管理事业收入", "", "二、项目支出", "417.41"],
             ["三、事业单位经营服务收入", "", "三、事业单位经营支出", ""],
             ["收入总计", "1,935.36", "支出总计", "1,935.36"]]
    assert side_blocks(paths, T1) == [(0, 4)]  # a text layer's header is read as printed
    assert side_blocks(paths, T1, fuzzy=True, cells=cells) == [(0, 2), (2, 4)]
    income, spending = side_rows(paths, cells, T1, fuzzy=True)
    assert [(r["item"], r["amount"]) for r in income] == [("一、本级财政拨款收入", D("1935.36")),
                                                         ("二、财政专户管理事业收入", None),
                                                         ("三、事业单位经营服务收入", None), ("收入总计", D("1935.36"))]
    assert [(r["item"], r["amount"]) for r in spending][:2] == [("一、基本支出", D("1517.95")), ("二、项目支出", D("417.41"))]
    # A label column beside another (a name wrapped into the next column) opens no block.
    wrapped = [[a, a, c, d] for a, _, c, d in cells]
    assert side_blocks(paths, T1, fuzzy=True, cells=wrapped) == [(0, 4)]


def test_fiscal_summary_income_rows_fill_only_total() -> None:
    paths = [["项目"], ["预算数"], ["项目"], ["合计"], ["一般公共预算"], ["政府性基金预算"], ["国有资本经营预算"]]
    cells = [["一、一般公共预算", "1,388.82", "一般公共服务支出", "1,222.89", "1,222.89", "", ""],
             ["收入总计", "1,388.82", "支出总计", "1,388.82", "1,388.82", "-", ""]]
    income, spending = side_rows(paths, cells, T4)
    assert income[1] == {"side": "收入", "item": "收入总计", "code": "", "total": D("1388.82"),
                         "general_budget": None, "gov_fund": None, "state_capital": None}
    assert spending[1] == {"side": "支出", "item": "支出总计", "code": "", "total": D("1388.82"),
                           "general_budget": D("1388.82"), "gov_fund": D(0), "state_capital": None}


def test_the_side_name_read_onto_a_column_header_leaves_the_column_it_names() -> None:
    # 支出 centred over the expenditure block's 合计 is read into its header: 支出合计.
    paths = [["项目"], ["金额"], ["项目"], ["支出合计"], ["一般公共预算"], ["政府性基金预算"], ["国有资本经营预算"]]
    cells = [["一、一般公共预算", "1,388.82", "一般公共服务支出", "1,222.89", "1,222.89", "", ""]]
    _, spending = side_rows(paths, cells, T4)
    assert spending[0]["total"] == D("1222.89") and "支出合计" not in spending[0]


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


def test_item_headers_clipped_by_their_cells_name_their_items() -> None:
    # 西安: a cramped “三公” table whose narrow cells clip 因公出国（境）费 to 因公出国（
    # and 公务用车运行维护费 to 公务用车运行维护; 公务用车购置 starts two items' names.
    paths = [["单位名称"], ["合计"], ["因公出国（"], ["公务接待费"], ["公务用车购置及运行维护费", "小计"],
             ["公务用车购置及运行维护费", "公务用车购置"], ["公务用车购置及运行维护费", "公务用车运行维护"]]
    cells = [["合计", "5.00", "", "0.20", "4.80", "", "4.80"]]
    assert [r["item"] for r in transposed_rows(paths, cells, spec=T10)] == [
        "合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行维护费（小计）", "公务用车购置", "公务用车运行费"]
    assert [r["item"] for r in transposed_rows(paths, cells)][1] == "因公出国（"
    # A name printed whole keeps its print, though a longer name starts with it.
    whole = [["合计"], ["因公出国(境)费"], ["公务接待费"]]
    assert [r["item"] for r in transposed_rows(whole, [["1.00", "0.50", "0.50"]], spec=T10)] == [
        "合计", "因公出国(境)费", "公务接待费"]


def test_ocr_item_headers_a_glyph_off_and_a_header_glyph_left_above_the_figures() -> None:
    # 西安's “三公” table at 150 dpi: 费 read 曾 and 公 read 会 in the item headers; the
    # wrapped last glyphs of three headers left as a row above the figures, one read `0`.
    paths = [["单位名称"], ["合计"], ["因会出国（境）费用"], ["公务接待费"], ["公务用车购置及运行维护费", "小计"],
             ["公务用车购置及运行维护费", "公务用车购置经费"], ["公务用车购置及运行维护费", "公务用车运行曾"],
             ["科研因公出国（境）费用"]]
    cells = [["费", "", "", "", "", "0", "费", ""], ["合计", "5.00", "0.00", "0.20", "4.80", "0.00", "4.80", "1.00"]]
    rows = transposed_rows(paths, cells, spec=T10, fuzzy=True)
    assert [(r["item"], r["total"]) for r in rows] == [
        ("合计", D("5.00")), ("因公出国（境）费用", D("0.00")), ("公务接待费", D("0.20")),
        ("公务用车购置及运行维护费（小计）", D("4.80")), ("公务用车购置经费", D("0.00")), ("公务用车运行费", D("4.80")),
        # A glyph more than an item's name (烟台's 公务用车购置经费), or two glyphs off one,
        # is another name printed, kept as read.
        ("科研因公出国（境）费用", D("1.00"))]
    # From the text layer, a header is what it prints.
    assert [r["item"] for r in transposed_rows(paths, cells, spec=T10)][1] == "因会出国（境）费用"


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
    # A text cell read over narrow columns keeps its figures apart (a project's name
    # wrapped beside its two amounts), and the figures joined to their text.
    assert amount_or_text("病标志物的筛选和相 225.9 225.900000 疗效") == "病标志物的筛选和相225.9 225.900000疗效"
    assert amount_or_text("2026 年 预算") == "2026年预算"


T2, T7 = SCHEMA.by_no(2), SCHEMA.by_no(7)


def test_a_table_of_subjects_printed_by_unit_reads_unit_rows() -> None:
    # 收入总表 printed per unit (部门代码 | 部门名称 | 合计 | 一般公共预算): the code column is
    # the unit's, kept as printed (leading zeros), not an amount or a subject code.
    paths = [["部门代码"], ["部门名称"], ["合计"], ["一般公共预算"]]
    keys, kind = printed_row_kind(paths, map_columns(paths, T2.columns), T2)
    assert (keys, kind) == (["code", "name", "total", "general_budget"], "department")
    rows = unit_rows(keys, [["", "合计", "30.00", "30.00"], ["024", "某局", "30.00", "30.00"],
                            ["024001", "某局本级", "30.00", "30.00"]])
    assert [(r["code"], r["name"], r["total"]) for r in rows] == [
        ("", "合计", D("30.00")), ("024", "某局", D("30.00")), ("024001", "某局本级", D("30.00"))]
    # A table printing its own row columns keeps its kind.
    own = [["科目编码"], ["科目名称"], ["合计"]]
    assert printed_row_kind(own, map_columns(own, T2.columns), T2)[1] == "function"


def test_a_function_table_printed_by_economic_subject_reads_economic_codes() -> None:
    # 项目支出表 printed by 经济分类 (部门预算支出经济科目 | 预算), codes in brackets.
    paths = [["部门预算支出经济科目"], ["预算"]]
    keys, kind = printed_row_kind(paths, map_columns(paths, T7.columns), T7)
    assert (keys, kind) == (["name", "total"], "economic")
    rows = coded_rows(keys, [["合计", "7.00"], ["[301]工资福利支出", "7.00"], ["[30199]其他工资福利支出", "7.00"]],
                      T7, row_kind=kind)
    assert [(r["code"], r["class_code"], r["section_code"], r["name"]) for r in rows] == [
        ("", "", "", "合计"), ("301", "301", "", "工资福利支出"), ("30199", "301", "99", "其他工资福利支出")]


def test_a_row_of_column_numbers_under_a_mark_is_no_data() -> None:
    assert _is_index_row({"code": "", "name": "**", "total": D(1), "basic": D(2), "project": D(3)})
    assert _is_index_row({"code": "", "name": "栏次", "total": D(1)})
    assert not _is_index_row({"code": "", "name": "**", "total": D("1.00")})
    assert not _is_index_row({"code": "", "name": "合计", "total": D(1), "basic": D(2)})
    assert not _is_index_row({"code": "", "name": "**", "total": D(2), "basic": D(1)})
    # `**` read by OCR as glyphs (本本) over a run of five or more, here with 1 lost.
    numbers = {f"c{n}": D(n) for n in range(2, 8)}
    assert _is_index_row({"code": "", "name": "", "unit_name": "本本", "total": None, **numbers})
    assert not _is_index_row({"code": "", "name": "", "unit_name": "本本", "c1": D(1), "c2": D(2), "c3": D(3)})
    assert not _is_index_row({"code": "", "name": "合计", "total": None, **numbers})
    assert not _is_index_row({"code": "", "name": "", "unit_name": "水文站", "total": None, **numbers})
    # One number of a long run misread by OCR (11 as 1): still the index row; two are not.
    run = {f"c{n}": D(n) for n in range(1, 13)}
    assert _is_index_row({"code": "", "name": "※※※※", **run, "c11": D(1)})
    assert not _is_index_row({"code": "", "name": "※※※※", **run, "c11": D(1), "c5": D(50)})
    assert not _is_index_row({"code": "", "name": "**", "total": D(1), "basic": D(3)})
    # OCR lost the 1 and the 3 of `※ | 1 | 2 | 3`: the 2 left stands under the second column.
    assert _is_index_row({"code": "", "name": "※", "total": None, "basic": D(2), "project": None})
    assert not _is_index_row({"code": "", "name": "※", "total": None, "basic": D(3), "project": None})


def test_expenditure_printed_twice_shares_its_total_lines() -> None:
    # 江苏 table 1: 收入 | 支出 by function | 支出 by use; 当年支出小计 and 支出合计 are
    # printed under the function block's names with their amount in the last column.
    # That block's own 金额 split off from its figures, which sit under 支出.
    paths = [["收入", "项目名称"], ["金额"], ["功能科目名称"], ["功能分类"], ["金额"], ["支出"],
             ["支出用途", "项目名称"], ["金额"]]
    cells = [["一、财政拨款", "100.00", "一、一般公共服务支出", "", "", "80.00", "一、基本支出", "70.00"],
             ["", "", "二、住房保障支出", "", "", "20.00", "二、项目支出", "30.00"],
             ["收入合计", "100.00", "支出合计", "", "", "", "", "100.00"]]
    income, spending = side_rows(paths, cells, T1)
    assert [(r["item"], r["amount"]) for r in income] == [("一、财政拨款", D("100.00")), ("收入合计", D("100.00"))]
    assert [(r["item"], r["code"], r["amount"]) for r in spending] == [
        ("一、一般公共服务支出", "", D("80.00")), ("二、住房保障支出", "", D("20.00")),
        ("支出合计", "", D("100.00")), ("一、基本支出", "", D("70.00")), ("二、项目支出", "", D("30.00"))]
    assert all("支出" not in r for r in spending)


def test_a_row_label_read_into_the_figure_column_goes_back_to_the_label() -> None:
    # 江苏 table 2 of 2018: sources under 项目名称 printed near the 金额 column.
    t2 = SCHEMA.by_no(2)
    rows = coded_rows(["项目名称", "total"], [["", "收入总计 24,458.43"], ["一般公共预算资金", "公共财政拨款资金 100.00"],
                                              ["", "专项收入"], ["", "1,000.00 2.00"]], t2)
    assert [(r["项目名称"], r["total"]) for r in rows] == [
        ("收入总计", D("24458.43")), ("一般公共预算资金公共财政拨款资金", D("100.00")),
        (None, "专项收入"), (None, "1,000.00 2.00")]  # two figures in one cell stay two


def test_unit_column_and_procurement_memo_map_onto_registry_keys() -> None:
    # A department of several units prints each unit's name in a column of its own, and
    # the year's government procurement (小计 and two 其中 parts) beside the spending.
    paths = [["预算单位"], ["科目编码"], ["科目名称"], ["支出总计"], ["基本支出"], ["项目支出"],
             ["2026年政府采购项目", "小计"],
             ["2026年政府采购项目", "其中：2026年政府采购项目中预留给中小企业的项目资金规模"],
             ["2026年政府采购项目", "其中：2026年政府采购项目中预留给小型、微型企业的项目资金规模"]]
    keys = map_columns(paths, T3.columns)
    assert keys == ["unit_name", "code", "name", "total", "basic", "project", "procurement",
                    "procurement_sme", "procurement_small_micro"]
    rows = coded_rows(keys, [["青禾县水务局（本级）", "", "", "9.00", "6.00", "3.00", "2.00", "1.50", "0.50"],
                             ["", "213", "农林水支出", "9.00", "6.00", "3.00", "2.00", "1.50", "0.50"]], T3)
    assert rows[0]["unit_name"] == "青禾县水务局（本级）" and rows[0]["code"] == ""
    assert rows[1]["unit_name"] is None and rows[1]["procurement_small_micro"] == D("0.50")


def test_items_across_with_funding_sources_beneath_read_the_budget_years_row() -> None:
    from budgetx.table.across import across_rows, is_measured_across

    # Items across, each with its funding sources beneath, one unit's figures in three
    # rows (last year, this year, the change): the items come back down, this year's.
    paths = [["预算单位"], ["年度"], ["总计", "一般公共预算"], ["总计", "政府性基金", "预算"],
             ["因公出国(境)费", "一般公共预算"], ["因公出国(境)费", "政府性基金", "预算"],
             ["公务接待费", "一般公共预算"], ["公务接待费", "政府性基金", "预算"],
             ["一般公共预算"], ["小计", "政府性基金", "预算"],
             ["公务用车购置及运行维护费", "公务用车购置费", "一般公共预算"],
             ["公务用车购置及运行维护费", "公务用车购置费", "政府性基金", "预算"],
             ["公务用车购置及运行维护费", "公务用车运行维护费", "一般公共预算"],
             ["公务用车运行维护费", "政府性基金", "预算"]]
    cells = [["青禾县水务局", "2025年", "9.00", "0.00", "4.00", "0.00", "2.00", "0.00", "3.00", "0.00",
              "0.00", "0.00", "3.00", "0.00"],
             ["", "2026年", "8.00", "1.00", "3.00", "0.00", "1.00", "0.00", "4.00", "1.00",
              "2.00", "0.00", "2.00", "1.00"],
             ["", "增减变化金额", "-1.00", "1.00", "-1.00", "0.00", "-1.00", "0.00", "1.00", "1.00",
              "2.00", "0.00", "-1.00", "1.00"],
             ["青禾县水文站", "2025年", "1.00", "0.00", "1.00", "0.00", "0.00", "0.00", "0.00", "0.00",
              "0.00", "0.00", "0.00", "0.00"],
             ["", "2026年", "7.00", "0.00", "7.00", "0.00", "0.00", "0.00", "0.00", "0.00",
              "0.00", "0.00", "0.00", "0.00"]]
    assert is_measured_across(paths, T10)
    rows = {r["item"]: (r["general_budget"], r["gov_fund"]) for r in across_rows(paths, cells, T10)}
    assert rows == {"合计": (D("8.00"), D("1.00")), "因公出国（境）费": (D("3.00"), D("0.00")),
                    "公务用车购置及运行费": (D("4.00"), D("1.00")), "公务用车购置费": (D("2.00"), D("0.00")),
                    "公务用车运行费": (D("2.00"), D("1.00")), "公务接待费": (D("1.00"), D("0.00"))}
    # Items over one measure only (合计 | 公务用车/小计) stay a transposed table.
    assert not is_measured_across(THREE_PUBLIC_ACROSS, T10)


# 深圳's “三公” table as OCR read it: 公务接待费's group printed before 公务用车's, its
# header read over one column only (the first is left under 因公出国（境）费) and misread
# by a glyph, and so is the last measure.
_SOURCES = ["一般公共预算", "政府性基金预算", "国有资本经营预算"]
_OCR_ACROSS = [["预算单位"], ["总计", _SOURCES[0]], ["总计", _SOURCES[1]], ["总计", _SOURCES[2]],
               *[["因公出国（境）费", s] for s in _SOURCES], ["因公出国（境）费", _SOURCES[0]],
               ["公务接侍费", _SOURCES[1]], [_SOURCES[2]], [_SOURCES[0]], ["小计", _SOURCES[1]],
               ["公务用车购置及运行维护费", _SOURCES[2]],
               *[["公务用车购置及运行维护费", "公务用车购置费", s] for s in _SOURCES],
               ["公务用车运行维护费", _SOURCES[0]], ["公务用车运行维护费", _SOURCES[1]],
               ["公务用车运行维护费", "国有资本经管预算"]]
_OCR_FIGURES = [["青禾县统计局", "32.56", "0.00", "0.00", "16.80", "0.00", "0.00", "11.56", "0.00", "0.00",
                 "4.20", "0.00", "0.00", "0.00", "0.00", "0.00", "4.20", "0.00", "1.00"]]
_OCR_ITEMS = {"合计": D("32.56"), "因公出国（境）费": D("16.80"), "公务用车购置及运行费": D("4.20"),
              "公务用车购置费": D("0.00"), "公务用车运行费": D("4.20"), "公务接待费": D("11.56")}


def test_items_across_read_by_ocr_take_the_measure_a_header_is_nearest() -> None:
    from budgetx.table.across import across_rows, ocr_mended

    assert {r["item"]: r["general_budget"] for r in across_rows(_OCR_ACROSS, _OCR_FIGURES, T10)} != _OCR_ITEMS
    paths = ocr_mended(_OCR_ACROSS, T10)
    assert paths[8] == ["公务接待费", "政府性基金预算"]
    assert paths[-1] == ["公务用车运行维护费", "国有资本经营预算"]
    assert [p for c, p in enumerate(paths) if c not in (8, len(paths) - 1)] == \
        [p for c, p in enumerate(_OCR_ACROSS) if c not in (8, len(paths) - 1)]
    rows = across_rows(paths, _OCR_FIGURES, T10)
    assert {r["item"]: r["general_budget"] for r in rows} == _OCR_ITEMS
    assert rows[4]["item"] == "公务用车运行费" and rows[4]["state_capital"] == D("1.00")


def test_items_across_a_measure_header_misread_past_recognition_is_its_place_in_the_groups() -> None:
    from budgetx.table.across import across_rows

    # 国有资本经营预算 read as nothing near a measure: the groups of three repeat, so the
    # column is its group's third measure, and the groups fall as printed.
    paths = [*_OCR_ACROSS[:8], ["公务接待费", _SOURCES[1]], *_OCR_ACROSS[9:-1], ["公务用车运行维护费", "üIF"]]
    rows = across_rows(paths, _OCR_FIGURES, T10)
    assert {r["item"]: r["general_budget"] for r in rows} == _OCR_ITEMS
    assert rows[4]["state_capital"] == D("1.00")
    # Without figures under it, such a column is not counted among the groups.
    blank = [[*_OCR_FIGURES[0][:-1], ""]]
    assert {r["item"]: r["general_budget"] for r in across_rows(paths, blank, T10)} != _OCR_ITEMS


def test_a_second_classification_in_repeated_code_columns_is_a_text_code() -> None:
    """部门预算 301 01 beside 政府预算 501 01 经济分类: the first 类 | 款 pair is the row's
    code; the second pair, whose headers repeat 类 | 款, is the second code (text), its
    name column the second name; neither is an amount."""
    paths = [["科目编码", "类"], ["科目编码", "款"], ["部门预算支出经济分类科目名称"], ["科目编码", "类"], ["科目编码", "款"],
             ["政府预算支出经济分类科目名称"], ["基本支出预算", "小计"], ["基本支出预算", "人员支出"], ["基本支出预算", "日常公用支出"]]
    keys = map_columns(paths, T6.columns)
    cells = [["", "", "合计", "", "", "", "10.00", "8.00", "2.00"],
             ["301", "", "工资福利支出", "501", "", "机关工资福利支出", "8.00", "8.00", ""],
             ["301", "01", "基本工资", "501", "01", "工资奖金津补贴", "5.00", "5.00", ""],
             ["301", "08", "机关事业单位基本养老保险缴费", "", "02", "社会保障缴费", "3.00", "3.00", ""]]
    rows = coded_rows(keys, cells, T6)
    assert [(r["code"], r["name"], r["gov_econ_code"], r["gov_econ_name"], r["total"]) for r in rows] == [
        ("", "合计", "", None, D("10.00")),
        ("301", "工资福利支出", "501", "机关工资福利支出", D("8.00")),
        ("30101", "基本工资", "50101", "工资奖金津补贴", D("5.00")),
        ("30108", "机关事业单位基本养老保险缴费", "50102", "社会保障缴费", D("3.00"))]
    assert all(isinstance(v, str) or v is None for r in rows for k, v in r.items() if "类" in k or "款" in k)
    assert not any("类" in k or "款" in k for r in rows for k in r)


def test_classifications_printed_as_code_dash_name_cells() -> None:
    """北京: every classification printed as code and name in one cell, joined by a dash
    (`30101-基本工资`), the 政府 one first: table 6's code is the 部门 one, the 政府 one its
    second code; table 3's rows keep their 功能 code and carry both economic ones."""
    keys = map_columns([["政府支出经济分类科目"], ["部门支出经济分类科目"], ["预算数", "合计"],
                        ["预算数", "人员经费"], ["预算数", "公用经费"]], T6.columns)
    rows = coded_rows(keys, [["50101-工资奖金津补贴", "30101-基本工资", "5.00", "5.00", ""],
                             ["50201-办公经费", "30201-办公费", "2.50", "", "2.50"]], T6)
    assert [(r["code"], r["name"], r["gov_econ_code"], r["gov_econ_name"], r["personnel"], r["public"])
            for r in rows] == [("30101", "基本工资", "50101", "工资奖金津补贴", D("5.00"), None),
                               ("30201", "办公费", "50201", "办公经费", None, D("2.50"))]
    keys = map_columns([["支出功能分类科目"], ["政府支出经济分类科目"], ["部门支出经济分类科目"], ["合计"],
                        ["基本支出"], ["项目支出"]], T3.columns)
    assert keys[:3] == ["name", "gov_econ_name", "econ_name"]
    rows = coded_rows(keys, [["2010801-行政运行", "50101-工资奖金津补贴", "30101-基本工资", "5.00", "5.00", ""],
                             ["2010801-行政运行", "50502-商品和服务支出", "30201-办公费", "2.50", "", "2.50"]], T3)
    assert [(r["code"], r["name"], r["gov_econ_code"], r["econ_code"], r["econ_name"], r["total"]) for r in rows] == [
        ("2010801", "行政运行", "50101", "30101", "基本工资", D("5.00")),
        ("2010801", "行政运行", "50502", "30201", "办公费", D("2.50"))]


def test_a_project_table_without_subjects_has_its_total_row_by_name() -> None:
    """项目名称 | 项目类别 | 合计 …, no subject columns: the 合 计 line is the total row
    (the cross-table rules find it by name), the projects keep their names."""
    t7 = SCHEMA.by_no(7)
    keys = map_columns([["项目名称"], ["项目类别"], ["合计"], ["财政拨款", "小计"]], t7.columns)
    rows = coded_rows(keys, [["合   计", "", "525.00", "525.00"], ["接访大厅运行经费", "特定目标类", "145.00", "145.00"]], t7)
    assert [(r["name"], r["project_name"], r["project_kind"], r["total"]) for r in rows] == [
        ("合计", "合计", None, D("525.00")), ("", "接访大厅运行经费", "特定目标类", D("145.00"))]


def test_a_page_beginning_with_an_item_code_continues_the_section_of_the_page_before() -> None:
    """A continuation page whose first row prints its 项 only (`99`): it is 2101199,
    in the 款 the page before ended in, not a code-less row."""
    from budgetx.values.codes import split_code
    keys = ["class_code", "section_code", "item_code", "name", "total"]
    rows = coded_rows(keys, [["", "", "99", "其他行政事业单位医疗支出", "512.60"], ["212", "", "", "城乡社区支出", "80.34"]],
                      T3, above=split_code("2101103"))
    assert [(r["code"], r["total"]) for r in rows] == [("2101199", D("512.60")), ("212", D("80.34"))]


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
    economic: list[dict[str, object]] = []
    income, spending = side_rows(paths, cells, T1, economic=economic)  # type: ignore[arg-type]
    # The economic breakdowns' rows are told apart: no function code is looked up for them.
    assert [r["item"] for r in economic] == ["一、部门预算", "(1)工资福利支出", "(2)商品和服务支出",
                                             "一、部门预算", "1、机关工资福利支出", "2、机关商品和服务支出"]
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
    # The breakdowns named without 科目 (支出功能分类 | 部门预算支出经济分类 | 政府预算支出经济分类).
    short = [["收入项目"], ["预算数"], ["支出", "支出功能分类"], ["支出", "预算数"], ["支出", "部门预算支出经济分类"],
             ["支出", "预算数"], ["支出", "政府预算支出经济分类"], ["支出", "预算数"]]
    assert side_blocks(short, T1) == [(0, 2), (2, 4), (4, 6), (6, 8)]
    # A scope note the narrow cell cut short: 政府预算支出经济分类科目（按大.
    cut = [["收入", "项目"], ["收入", "预算数"], ["支出功能分科目（按大类）"], ["预算数"], ["政府预算支出经济分类科目（按大"], ["预算数"]]
    assert side_blocks(cut, T1) == [(0, 2), (2, 4), (4, 6)]
    # On a scan, the start of a name the narrow cell clips is hidden (部门预算支 under the
    # figures on its left): the end of an items name starts a block; the text layer holds
    # the name whole, so only a scan's header is read so.
    clipped = [["项目"], ["预算数"], ["支出功能分类科目（按大类）"], ["预算数"], ["出经济分类科目（按大类）"], ["预算数"]]
    assert side_blocks(clipped, T1, fuzzy=True) == [(0, 2), (2, 4), (4, 6)]
    assert side_blocks(clipped, T1) == [(0, 2), (2, 6)]
    # A glyph misread in a name with its scope note (西安 at 150 dpi: 邮门 for 部门): the
    # name without the note is one glyph off a block's items name.
    misread = [["项目"], ["预算数"], ["支出功能分类科目（按大类）"], ["预算数"], ["邮门预算支出经济科目（按大类）"], ["预算数"]]
    assert side_blocks(misread, T1, fuzzy=True) == [(0, 2), (2, 4), (4, 6)]
    # Four glyphs (分类科目) are too few to tell a clipped name from another header.
    assert side_blocks([["项目"], ["预算数"], ["支出功能分类科目"], ["预算数"], ["分类科目"], ["预算数"]], T1, fuzzy=True) == [
        (0, 2), (2, 6)]


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


def test_the_code_headers_set_on_the_total_rows_line_are_not_its_label() -> None:
    # 决算 tables print 类 款 项 under 科目编码 on the line of 合计: read into the label.
    rows = coded_rows(["code", "name", "total"], [["", "类 款 项 合计", "10.00"], ["201", "一般公共服务支出", "10.00"],
                                                 ["", "项目支出合计", "3.00"]], T3)
    assert [r["name"] for r in rows] == ["合计", "一般公共服务支出", "项目支出合计"]


def test_a_text_cell_wrapped_over_the_page_break_stays_in_its_row() -> None:
    # A key-projects table (单位 | 项目 | 预算数 | 绩效目标): the last row's goal goes on
    # at the top of the next page, a line with no label and no figure of its own.
    from budgetx.reader.align import AlignedPart, Block
    from budgetx.reader.locate import Located, Region
    from budgetx.table.build import _build_extra

    blocks = [Block(t, c, c, 0, 10) for c, t in enumerate(["单位名称", "项目名称", "预算数", "绩效目标"])]
    edges = [0.0, 80.0, 180.0, 240.0, 500.0]
    first = AlignedPart(edges, blocks, [["口岸办", "安全生产专项", "40.00", "本项目聚焦防汛抢险能力提升，针对"]])
    second = AlignedPart(edges, blocks, [["", "", "", "地势低洼的实际情况开展采购。"],
                                         ["口岸办", "口岸管理业务", "40,000.70", "完成口岸管养工作。"],
                                         ["", "其他项目", "", ""]])
    # A page opening with a project of its own (its unit cell merged above) is a row.
    third = AlignedPart(edges, blocks, [["", "综合管理", "", "保障运行。"]])
    loc = Located(None, "重点项目预算绩效情况说明", [Region(10, 0, 800), Region(11, 0, 800), Region(12, 0, 800)])
    table = _build_extra(loc, [first, second, third], [10, 11, 12], "万元", None)
    assert [(r["项目名称"], r["预算数"], r["绩效目标"]) for r in table.rows] == [
        ("安全生产专项", Decimal("40.00"), "本项目聚焦防汛抢险能力提升，针对地势低洼的实际情况开展采购。"),
        ("口岸管理业务", Decimal("40000.70"), "完成口岸管养工作。"),
        ("其他项目", None, None), ("综合管理", None, "保障运行。")]
    assert table.row_pages == [10, 11, 11, 12]
def test_a_table_outside_the_eleven_continues_its_section_on_the_next_page() -> None:
    """政府采购预算表 (no canonical table) printed over two pages, its 类/款/项 in three
    columns: the second page's rows print their 项 only (`50`, `99`) and continue the
    款 the first page ended in, as the eleven's continuation pages do."""
    from budgetx.reader.align import AlignedPart, Block
    from budgetx.reader.locate import Located, Region
    from budgetx.table.build import _build_columns
    headers = ["类", "款", "项", "科目名称", "合计"]

    def part(rows: list[list[str]]) -> AlignedPart:
        return AlignedPart([float(10 * c) for c in range(6)],
                           [Block(h, c, c, 0.0, 9.0) for c, h in enumerate(headers)], rows)
    first = part([["", "", "", "合计", "300.00"], ["220", "", "", "自然资源海洋气象等支出", "300.00"],
                  ["", "01", "", "自然资源事务", "300.00"], ["", "", "04", "自然资源规划及管理", "100.00"]])
    second = part([["", "", "50", "事业运行", "150.00"], ["", "", "99", "其他自然资源事务支出", "50.00"]])
    loc = Located(None, "政府采购预算表", [Region(1, 0.0, 100.0), Region(2, 0.0, 100.0)])
    table = _build_columns(loc, [first, second], [1, 2], "万元", None)
    assert [(r["code"], r["name"], r["合计"]) for r in table.rows] == [
        ("", "合计", D("300.00")), ("220", "自然资源海洋气象等支出", D("300.00")), ("22001", "自然资源事务", D("300.00")),
        ("2200104", "自然资源规划及管理", D("100.00")), ("2200150", "事业运行", D("150.00")),
        ("2200199", "其他自然资源事务支出", D("50.00"))]
    assert table.row_pages == [1, 1, 1, 1, 2, 2]


def test_a_code_whose_digits_ocr_set_apart_is_one_code() -> None:
    # A scanned page's code cell read as `2101 1`: one code, not a name's start.
    rows = coded_rows(["code", "name", "total"], [["210", "卫生健康支出", "40.68"], ["2101 1", "行政事业单位医疗", "40.68"],
                                                  ["2101101", "行政单位医疗", "40.68"]], T3)
    assert codes(rows) == [("210", "210", "", "", "卫生健康支出"), ("21011", "210", "11", "", "行政事业单位医疗"),
                           ("2101101", "210", "11", "01", "行政单位医疗")]


def test_a_figure_ocr_grouped_as_no_amount_is_doubted_with_its_readings_a_digit_away() -> None:
    # `288,280,7399`: a speck read as a digit, however sure the recogniser was of it.
    doubts: Doubts = []
    readings = {(0, 2): Reading(0.97), (1, 2): Reading(0.97)}
    rows = coded_rows(["code", "name", "total"], [["201", "一般公共服务支出", "288,280,7399"],
                                                  ["20101", "人大事务", "288,280,739"]], T3,
                      readings=readings, doubts=doubts)
    assert rows[0]["total"] == "288,280,7399"  # text until a sum picks a reading
    assert rows[1]["total"] == D("288280739")
    (row, doubt), = doubts
    assert row is rows[0] and doubt.reason == MALFORMED and doubt.column == "total"
    assert {"288,280,739", "288,280,799", "288,280,399"} <= set(doubt.alternatives)
    assert "2,882,807,399" not in doubt.alternatives  # only readings one digit away


def test_a_block_headers_wrapped_bracket_level_with_the_first_row_is_no_row() -> None:
    # 政府预算支出经济分类科目（按大 | 类）: the header's end on the line of the other
    # blocks' first row, in its block's item column, with no figure.
    paths = [["收入", "项目"], ["收入", "预算数"], ["支出功能分科目（按大类）"], ["预算数"],
             ["政府预算支出经济分类科目（按大"], ["预算数"]]
    cells = [["一、部门预算", "300.00", "一、部门预算", "300.00", "类）", ""],
             ["收入总计", "300.00", "1、教育支出", "300.00", "一、部门预算", "300.00"],
             ["", "", "", "", "1、机关工资福利支出", "300.00"]]
    block_of: dict[int, str] = {}
    _, spending = side_rows(paths, cells, T1, block_of=block_of)  # type: ignore[arg-type]
    assert [r["item"] for r in spending] == ["一、部门预算", "1、教育支出", "一、部门预算", "1、机关工资福利支出"]
    # Each row knows its block, for a table whose pages each print every block.
    assert [block_of[id(r)] for r in spending] == ["支出功能分科目", "支出功能分科目",
                                                   "政府预算支出经济分类科目", "政府预算支出经济分类科目"]
    # A closing bracket in a block whose header is closed is the row's own text.
    closed = [*paths[:4], ["政府预算支出经济分类科目（按大类）"], ["预算数"]]
    _, spending = side_rows(closed, cells, T1)  # type: ignore[arg-type]
    assert "类）" in [r["item"] for r in spending]


def test_items_across_over_a_row_per_measure_come_back_down() -> None:
    from budgetx.table.across import is_measured_down, measured_down_rows

    # The 决算 “三公” table as 西安 prints it: the items across (a bare 小计 first, the
    # table's), 栏次 numbering them, then a 预算数 row and a 决算数 row.
    t7 = SCHEMA.by_no(7, "final_accounts")
    paths = [["项目"], ["小计"], ["因公出国（境）费用"], ["公务用车购置及运行维护费", "小计"],
             ["公务用车购置及运行维护费", "公务用车购置费"], ["公务用车购置及运行维护费", "公务用车运行维护费"],
             ["公务接待费"], ["会议费"]]
    cells = [["栏次", "1", "2", "3", "4", "5", "6", "7"],
             ["预算数", "593.46", "", "591.60", "136.48", "455.12", "1.86", "86.81"],
             ["决算数", "587.55", "", "587.44", "136.48", "450.96", "0.11", "86.81"]]
    assert is_measured_down(paths, cells, t7)
    rows = [(r["item"], r["budget"], r["final"]) for r in measured_down_rows(paths, cells, t7)]
    assert rows == [("合计", D("593.46"), D("587.55")), ("因公出国（境）费", None, None),
                    ("公务用车购置及运行费", D("591.60"), D("587.44")), ("公务用车购置费", D("136.48"), D("136.48")),
                    ("公务用车运行费", D("455.12"), D("450.96")), ("公务接待费", D("1.86"), D("0.11")),
                    ("会议费", D("86.81"), D("86.81"))]
    # Rows of units, not of measures: not this layout.
    assert not is_measured_down(paths, [["青禾县教育局", *cells[1][1:]]], t7)


def test_whole_amounts_are_no_code_column() -> None:
    # 广州's 重点项目 table prints its 预算数 whole (47500, 950, 30000): numbers of a
    # code's length, under no 类 the classification has.
    goals = [["市本级粮食风险基金", "47500", "完成储备任务。"], ["推进适航审定服务能力建设", "950", "提升能力。"],
             ["支持人工智能产业发展经费", "30000", "支持产业发展。"]]
    assert code_column([["项目"], ["预算数"], ["绩效目标"]], goals) is None
    # Function codes alone in their column are codes; so are codes of a class the
    # catalogue does not hold (收入分类 103) under a code header.
    coded = [["201", "一般公共服务支出", "1.00"], ["20101", "人大事务", "1.00"], ["2010101", "行政运行", "1.00"]]
    assert code_column([["编码"], ["名称"], ["金额"]], coded) == 0
    assert code_column([[""], ["名称"], ["金额"]], coded) == 0
    income = [["103", "非税收入", "1.00"], ["10304", "行政事业性收费收入", "1.00"], ["1030401", "公安行政事业性收费收入", "1.00"]]
    assert code_column([["科目编码"], ["科目名称"], ["金额"]], income) == 0


def test_an_unknown_table_keeps_each_classification_printed_in_parts_apart() -> None:
    # A 政府采购 table (西安's layout): the function code in 类 | 款 | 项, a unit code,
    # then the department's and the government's economic codes each in 类 | 款, then a
    # date. Each classification is its own code (a 款 without its 类 under the 类 above),
    # none is the row's name.
    paths = [["科目编码", "类"], ["科目编码", "款"], ["科目编码", "项"], ["单位编码"], ["采购项目"],
             ["部门经济科目", "类"], ["部门经济科目", "款"], ["政府经济科目", "类"], ["政府经济科目", "款"],
             ["采购时间"], ["预算金额"]]
    keys = ["/".join(p) for p in paths]
    cells = [["224", "01", "06", "125001", "事故应急救援", "310", "03", "503", "06", "2019-02-09", "59.80"],
             ["224", "01", "06", "125002", "创伤包扎仿真实操考试", "", "99", "", "02", "2019-01-12", "4.00"]]
    pieces = code_part_columns(paths)
    rows, _ = extra_coded_rows(keys, cells, max(pieces), pieces)
    assert [(r["code"], r["name"], r["部门经济科目"], r["政府经济科目"], r["采购时间"], r["预算金额"]) for r in rows] == [
        ("2240106", "", "31003", "50306", "2019-02-09", D("59.80")),
        ("2240106", "", "31099", "50302", "2019-01-12", D("4.00"))]


def test_a_second_code_and_name_column_is_no_name_column() -> None:
    # 长沙's 项目资金安排表: 支出功能科目, then 政府预算经济科目, each a code and its name
    # in one cell: the function subject keeps its name, the economic one its column.
    keys = ["项目单位", "支出功能科目", "政府预算经济科目", "金额"]
    cells = [["市文旅广电局", "2070113旅游宣传", "50205委托业务费", "10.2714"],
             ["市文旅广电局", "2070113旅游宣传", "50205委托业务费", "0.3116"],
             ["市文旅广电局", "2070113旅游宣传", "50205委托业务费", "0.09"]]
    rows, _ = extra_coded_rows(keys, cells, 1)
    assert [(r["code"], r["name"], r["政府预算经济科目"], r["金额"]) for r in rows[:1]] == [
        ("2070113", "旅游宣传", "50205委托业务费", D("10.2714"))]


def test_a_scanned_code_clipped_of_its_first_digit_takes_its_classes() -> None:
    # A scan whose left edge cut the code column: `0302` run into 退休费 under 303.
    keys = ["code", "name", "total"]
    cells = [["303", "对个人和家庭的补助", "85.98"], ["", "0302退休费", "78.88"], ["", "0307 医疗费补助", "7.10"],
             ["", "9999其他", "0.00"]]
    doubts: Doubts = []
    rows = coded_rows(keys, cells, T6, fuzzy=True, doubts=doubts)
    assert [(r["code"], r["name"]) for r in rows] == [("303", "对个人和家庭的补助"), ("30302", "退休费"),
                                                      ("30307", "医疗费补助"), ("", "9999其他")]
    assert [(d.read, d.repaired_from) for _, d in doubts if d.repaired_from] == [("30302", "0302"), ("30307", "0307")]
    # A text layer's reading is the document's: no repair.
    assert [r["code"] for r in coded_rows(keys, cells, T6)] == ["303", "", "", ""]


def test_a_scanned_total_label_loses_its_noise_not_its_colon() -> None:
    # OCR reads the letter-spaced 总  计 with a speck between (总i计); 长春 prints 总计：.
    keys = ["code", "name", "total"]
    cells = [["", "总i计", "85.98"], ["", "总计：", "85.98"], ["301", "工资福利支出", "85.98"], ["", "", "1.00"]]
    assert [r["name"] for r in coded_rows(keys, cells, T6, fuzzy=True)] == ["总计", "总计：", "工资福利支出", ""]

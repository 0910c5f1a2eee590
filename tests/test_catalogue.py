"""The subject catalogue (issue 11): lookups, codes for name-only rows, OCR names
corrected, the `name` check, `budgetx codes`."""
from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetx.check.checks import run_checks
from budgetx.check.names import check_names
from budgetx.cli.app import app
from budgetx.cli.report import render_warnings, summary
from budgetx.model import Check, Document, Doubt, Table
from budgetx.schema.catalogue import (DATA, FILES, Catalogue, Found, Subject, load_catalogue, load_entries,
                                      merge_harvest, normalise_name)
from budgetx.table.subjects import correct_names, fill_codes, name_misread_totals, resolve
from budgetx.writers.json import check_to_dict
from truthdoc import DATA as TEST_DATA, document_from_truth

runner = CliRunner()
Row = dict[str, str | Decimal | None]


def function_rows(names: list[str]) -> list[Row]:
    return [{"code": "", "class_code": "", "section_code": "", "item_code": "", "name": n,
             "total": Decimal("1.00")} for n in names]


# --- the data ------------------------------------------------------------------------------

def test_every_catalogue_line_is_well_formed() -> None:
    for kind, file in FILES.items():
        entries = load_entries(kind)
        assert len(entries) > 50, file
        for s in entries:
            assert s.source in ("classification", "disclosures"), s
            assert len(s.code) in (3, 5, 7) and s.name, s
            assert s.code.replace("*", "").isdigit() and s.code[0] in "235*", s
            assert s.first is None or s.last is None or s.first <= s.last, s
        assert (DATA / file).read_text(encoding="utf-8").splitlines()[0].startswith("#")


def test_code_to_name_and_name_to_code() -> None:
    cat = load_catalogue()
    assert cat.name("201") == "一般公共服务支出"
    assert cat.name("30101") == "基本工资"
    assert cat.name("50101") == "工资奖金津补贴"
    # 行政运行 is 01 under every 款 that has it: the parent decides.
    assert cat.codes("行政运行", "function", "20103") == ["2010301"]
    assert cat.codes("行政运行", "function", "22005") == ["2200501"]
    assert cat.codes("其他气象事务支出", "function", "22005") == ["2200599"]
    assert cat.codes("住房公积金", "economic") == ["30113", "30311"]  # 30311 to 2017
    assert cat.codes("住房公积金", "economic", "301") == ["30113"]


def test_names_valid_by_year() -> None:
    cat = load_catalogue()
    assert cat.name("210", 2017) == "医疗卫生与计划生育支出"
    assert cat.name("210", 2025) == "卫生健康支出"
    assert cat.name("210") == "卫生健康支出"  # the current name without a year
    assert cat.matches("210", "医疗卫生与计划生育支出", 2018)
    assert not cat.matches("210", "医疗卫生与计划生育支出", 2024)


def test_search_by_code_prefix_and_by_name_part() -> None:
    cat = load_catalogue()
    assert [s.code for s in cat.search("20805", 2025)][:2] == ["20805", "2080501"]
    assert any(s.code == "30231" for s in cat.search("公务用车"))
    assert cat.search("") == []


def test_build_keeps_classification_and_adds_what_several_documents_print() -> None:
    seen = {("2013102", "一般行政管理事务"): Found({"a", "b"}, {2025}),   # generic, new code
            ("2089901", "某县特有支出"): Found({"a"}, {2026}),            # new code, one document
            ("2089901", "某县特有支岀"): Found({"b"}, {2026}),            # ... and its typo in another
            ("201", "一般公共服务"): Found({"a"}, {2026}),               # typo in one document
            ("20110", "人事事务"): Found({"a", "b"}, {2017, 2018})}       # local usage
    merged = merge_harvest(seen)
    harvested = {(s.code, s.name, s.years) for s in merged["function"] if s.source == "disclosures"}
    assert ("2089901", "某县特有支出", "2026") in harvested
    assert ("20110", "人事事务", "2017,2018") in harvested
    assert ("2013102", "一般行政管理事务", "2025") in harvested
    assert not any(code == "201" for code, _, _ in harvested)
    assert len([h for h in harvested if h[0] == "2089901"]) == 1
    classified = [s for s in load_entries("function") if s.source == "classification"]
    assert [s for s in merged["function"] if s.source == "classification"] == sorted(
        classified, key=lambda s: s.code.replace("*", "0"))


# --- codes for rows printed by name only -----------------------------------------------------

def test_name_only_function_rows_get_codes_from_order() -> None:
    rows = function_rows(["合计", "一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行", "一般行政管理事务",
                          "自然资源海洋气象等支出", "气象事务", "行政运行", "气象事业机构", "某某专项",
                          "社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出"])
    assert fill_codes(rows, "function") == 11
    assert [r["code"] for r in rows] == ["", "201", "20103", "2010301", "2010302", "220", "22005", "2200501",
                                         "2200504", "", "208", "20805", "2080505"]
    assert (rows[3]["class_code"], rows[3]["section_code"], rows[3]["item_code"]) == ("201", "03", "01")
    assert [r["code_source"] for r in rows[:4]] == ["", "catalogue", "catalogue", "catalogue"]
    assert rows[9]["code_source"] == ""


def test_a_side_row_whose_numeral_a_scan_lost_gets_its_class_code() -> None:
    # 泉州 scanned to 1 bit: the 二 of 二、外交支出 (two thin strokes) gone, its 、 left.
    rows: list[Row] = [{"side": "支出", "item": item, "code": ""}
                       for item in ("、外交支出", "三、国防支出", "、", "一、本年支出合计")]
    assert fill_codes(rows, "side", name_key="item") == 2
    assert [r["code"] for r in rows] == ["202", "203", "", ""]


def test_an_item_named_as_a_section_of_its_class_is_found_under_its_own_section() -> None:
    # 杭州 2026: 超长期特别国债安排的支出 (21498) over 公路水路运输, the 项 2149801 that
    # shares its name with the 款 21401 (湖州 prints the code).
    rows = function_rows(["交通运输支出", "公路水路运输", "行政运行", "超长期特别国债安排的支出", "公路水路运输"])
    assert fill_codes(rows, "function") == 5
    assert [r["code"] for r in rows] == ["214", "21401", "2140101", "21498", "2149801"]


def test_printed_codes_are_kept_and_give_the_context() -> None:
    rows = function_rows(["气象事务", "行政运行"])
    rows[0].update(code="22005", class_code="220", section_code="05")
    assert fill_codes(rows, "function") == 1
    assert rows[1]["code"] == "2200501"
    assert [r["code_source"] for r in rows] == ["printed", "catalogue"]


def test_a_table_with_all_codes_printed_is_left_as_it_is() -> None:
    rows = function_rows(["一般公共服务支出"])
    rows[0].update(code="201", class_code="201")
    assert fill_codes(rows, "function") == 0
    assert "code_source" not in rows[0]


def test_economic_rows_by_name() -> None:
    rows: list[Row] = [{"code": "", "class_code": "", "section_code": "", "name": n}
                       for n in ["工资福利支出", "基本工资", "其他社会保障缴费", "其他交通费用", "商品和服务支出",
                                 "办公费", "其他交通费用", "资本性支出", "办公设备购置"]]
    fill_codes(rows, "economic")
    # 其他交通费用 is 30239 even where it is printed under the wrong 类.
    assert [r["code"] for r in rows] == ["301", "30101", "30112", "30239", "302", "30201", "30239", "310", "31002"]


def test_an_economic_section_printed_out_of_code_order_keeps_its_code() -> None:
    # 深圳's 基本支出总表 prints 生活补助 (30305) after 医疗费补助 (30307): an economic
    # 款's name is one subject under its 类, whatever the order it comes in.
    rows: list[Row] = [{"code": "", "class_code": "", "section_code": "", "name": n}
                       for n in ["商品和服务支出", "办公费", "对个人和家庭的补助", "离休费", "退休费", "医疗费补助", "生活补助"]]
    fill_codes(rows, "economic")
    assert [r["code"] for r in rows] == ["302", "30201", "303", "30301", "30302", "30307", "30305"]


def test_expenditure_side_of_a_summary_table() -> None:
    rows: list[Row] = [{"side": "收入", "item": "一般公共预算", "code": ""},
                       {"side": "支出", "item": "卫生健康支出", "code": ""},
                       {"side": "支出", "item": "行政事业单位医疗", "code": ""},
                       {"side": "支出", "item": "本年支出合计", "code": ""}]
    fill_codes(rows, "side", name_key="item")
    assert [r["code"] for r in rows] == ["", "210", "21011", ""]


# --- OCR names -------------------------------------------------------------------------------

def ocr_table(rows: list[Row]) -> Table:
    return Table(3, "expenditure", "部门支出总体情况表", [5], rows=rows, ocr=True,
                 row_pages=[5] * len(rows), doubtful=[Doubt(row=1, column="name", read="1生健康支出", label="210",
                                                            page=5, score=0.61)])


def coded(code: str, name: str) -> Row:
    return {"code": code, "class_code": code[:3], "section_code": code[3:5], "item_code": code[5:7], "name": name}


def test_ocr_misreadings_become_the_catalogue_name_and_stay_doubtful() -> None:
    table = ocr_table([coded("201", "-般公共服务支出"), coded("210", "1生健康支出"),
                       coded("20103", "政府办公行（室）及相关机构事务"), coded("2010301", "行政运杆"),
                       coded("30205", "电费"), coded("2010350", "事业运行")])
    correct_names(table, 2025)
    assert [r["name"] for r in table.rows] == ["一般公共服务支出", "卫生健康支出", "政府办公厅（室）及相关机构事务",
                                               "行政运行", "电费", "事业运行"]
    by_row = {d.row: d for d in table.doubtful}
    assert by_row[1].repaired_from == "1生健康支出" and by_row[1].read == "卫生健康支出"
    assert by_row[1].score == 0.61  # the OCR's own doubt, kept
    assert by_row[0].repaired_from == "-般公共服务支出" and by_row[0].reason
    assert set(by_row) == {0, 1, 2, 3}


def test_a_reading_that_is_another_subjects_name_is_not_changed() -> None:
    # 水费 printed under 30206 (电费): the code is the likelier misreading.
    table = ocr_table([coded("30206", "水费")])
    table.doubtful = []
    correct_names(table, 2025)
    assert table.rows[0]["name"] == "水费" and table.doubtful == []


def test_a_code_read_with_a_confused_digit_is_the_one_its_name_says() -> None:
    # 昆明, scanned to one bit: 30304 抚恤金 read 30301 (离休费's code). 30302 退休费 is
    # printed right; 30206 水费 is one confusion from 30208 (取暖费), not from 水费's code.
    economic = [{"code": c, "class_code": c[:3], "section_code": c[3:5], "name": n}
                for c, n in (("30301", "抚恤金"), ("30302", "退休费"), ("30206", "水费"))]
    table = Table(6, "basic_expenditure", "一般公共预算基本支出情况表", [8], rows=economic, ocr=True,
                  row_pages=[8] * 3, row_key="economic")
    correct_names(table, 2025)
    assert [(r["code"], r["section_code"], r["name"]) for r in table.rows] == [
        ("30304", "04", "抚恤金"), ("30302", "02", "退休费"), ("30206", "06", "水费")]
    assert [(d.row, d.column, d.repaired_from, d.read) for d in table.doubtful] == [(0, "code", "30301", "30304")]


def test_a_code_read_short_is_completed_from_its_name() -> None:
    table = ocr_table([coded("20508", "进修及培训"), coded("20508", "教师进修")])
    table.doubtful = []
    correct_names(table, 2025)
    assert [r["code"] for r in table.rows] == ["20508", "2050801"]
    assert table.rows[1]["item_code"] == "01"
    assert table.doubtful[0].column == "code" and table.doubtful[0].repaired_from == "20508"


def test_a_total_label_misread_by_a_glyph_is_the_label_the_rules_name() -> None:
    table = ocr_table([coded("", "支出总让"), coded("", "一、收入总汁"), coded("", "本年支出小计"),
                       coded("", "人员经费"), coded("", "总让"), coded("", "收入总i计")])
    table.doubtful = []
    correct_names(table, 2025)
    # 本年支出小计 ends in a total word: printed so, not a misread 本年支出合计. Two
    # glyphs are too few to tell 总让 from 总计 or 合计's misreading. A Latin letter
    # between glyphs is a stroke misread (计 split as i + 十).
    assert [r["name"] for r in table.rows] == ["支出总计", "一、收入总计", "本年支出小计", "人员经费", "总让", "收入总计"]
    assert [(d.row, d.repaired_from) for d in table.doubtful] == [(0, "支出总让"), (1, "一、收入总汁"), (5, "收入总i计")]


def test_a_two_glyph_total_misread_is_labelled_as_the_documents_other_totals() -> None:
    # 烟台 scanned on thin paper: its 表2's first row read 介计, one glyph from 合计,
    # 总计 and 小计 alike; its other tables print 合计 there. A row inside a table, or a
    # document printing 合计 and 总计 as often, is left as read.
    misread = ocr_table([coded("", "介计"), coded("201", "一般公共服务支出"), coded("", "统计"),
                         coded("205", "教育支出")])
    misread.doubtful = []
    others = [ocr_table([coded("", "合计"), coded("201", "一般公共服务支出")]) for _ in range(2)]
    name_misread_totals([misread, *others])
    assert [r["name"] for r in misread.rows] == ["合计", "一般公共服务支出", "统计", "教育支出"]
    assert [(d.row, d.repaired_from, d.read) for d in misread.doubtful] == [(0, "介计", "合计")]
    tied = ocr_table([coded("", "介计"), coded("201", "一般公共服务支出")])
    other = ocr_table([coded("", "总计"), coded("201", "一般公共服务支出")])
    name_misread_totals([tied, other, others[0]])
    assert tied.rows[0]["name"] == "介计"
    # Read as its first glyph alone (昆明's 表3: 合, its 计 lost) it is the one total word
    # that opens so, whatever the other tables print.
    short = ocr_table([coded("", "合"), coded("201", "一般公共服务支出")])
    name_misread_totals([short, other, others[0]])
    assert short.rows[0]["name"] == "合计" and short.doubtful[-1].repaired_from == "合"


def test_a_two_sided_tables_label_misread_by_a_glyph_is_the_label_known() -> None:
    # A scan read 拨 as 披 and 卫生 as 卫牛: the labels the registry (table 2's columns)
    # and the classification know, each after its numbering (a stop after a Chinese
    # numeral is 、 read small). A label they do not know, or a short one (上年结余 is
    # printed so beside 上年结转), is kept.
    rows: list[Row] = [{"side": "收入", "item": "三、国有资本经营预算披款收入", "code": ""},
                       {"side": "收入", "item": "四、房租收入", "code": ""},
                       {"side": "收入", "item": "上年结余", "code": ""},
                       {"side": "收入", "item": "般公共预算拨款收入", "code": ""},
                       {"side": "支出", "item": "九.卫牛健康支出", "code": ""},
                       {"side": "支出", "item": "十、节能环保支出", "code": "211"},
                       {"side": "支出", "item": "三.卫生健康支出", "code": "210"}]
    table = Table(1, "budget_summary", "部门收支总体情况表", [5], rows=rows, ocr=True, row_pages=[5] * 7,
                  row_key="side")
    correct_names(table, 2025)
    # (A row whose code is known has its stop mended too; 一, a thin stroke, may be lost whole.)
    assert [r["item"] for r in table.rows] == ["三、国有资本经营预算拨款收入", "四、房租收入", "上年结余", "一般公共预算拨款收入",
                                               "九、卫生健康支出", "十、节能环保支出", "三、卫生健康支出"]
    assert [(d.row, d.repaired_from) for d in table.doubtful] == [(0, "三、国有资本经营预算披款收入"), (3, "般公共预算拨款收入"),
                                                                (4, "九.卫牛健康支出"), (6, "三.卫生健康支出")]


def test_an_outline_number_lost_against_the_rule_is_restored_from_the_rows_beside_it() -> None:
    # The 一 of 一、 set against the cell's rule is taken for part of it: `、…` is left.
    table = ocr_table([coded("", "、一般公共预算收入"), coded("", "二、政府性基金预算收入"), coded("", "、国有资本经营预算收入"),
                       coded("", "、一般公共服务支出"), coded("", "二、外交支出"), coded("", "三、国防支出"),
                       coded("", "、公共安全支出"), coded("", "、")])
    table.doubtful = []
    correct_names(table, 2025)
    # The first of each list is one before the row below; the last, one past the row
    # above (the row below is the next list's 一). A bare 、 is no label.
    assert [r["name"] for r in table.rows] == [
        "一、一般公共预算收入", "二、政府性基金预算收入", "三、国有资本经营预算收入", "一、一般公共服务支出", "二、外交支出",
        "三、国防支出", "四、公共安全支出", "、"]
    assert [(d.row, d.repaired_from) for d in table.doubtful] == [
        (0, "、一般公共预算收入"), (2, "、国有资本经营预算收入"), (3, "、一般公共服务支出"), (6, "、公共安全支出")]
    # （一）'s 一 lost between its brackets: counted within its 一、 row's list.
    table = ocr_table([coded("", "一、本年收入"), coded("", "()一般公共预算拨款"), coded("", "（二）政府性基金预算拨款"),
                       coded("", "二、上年结转"), coded("", "（ ）一般公共预算拨款"), coded("", "（二）政府性基金预算拨款"),
                       coded("", "三、结转下年"), coded("", "()一般公共预算拨款")])
    table.doubtful = []
    correct_names(table, 2025)
    # (The last list has no numbered row of its own: nothing to count from. Its brackets,
    # read apart from the label as ASCII ones, are the label's full-width ones.)
    assert [r["name"] for r in table.rows] == ["一、本年收入", "（一）一般公共预算拨款", "（二）政府性基金预算拨款", "二、上年结转",
                                               "（一）一般公共预算拨款", "（二）政府性基金预算拨款", "三、结转下年",
                                               "（）一般公共预算拨款"]


def test_a_two_sided_tables_lost_numbers_count_on_their_own_side_and_mended_labels_get_codes() -> None:
    # A 1-bit scan of 表1: the expenditure side's 一、一 read `、一殷`, 二 lost, 十一 lost
    # between a 十 read right and a 十三 read 十, 二十四 read 上四. The income side's 九 is
    # no count for the expenditure side; a count that disagrees with the other gives no
    # number; every subject named gets its code, the misread numbering notwithstanding.
    def side(s: str, item: str, code: str = "") -> Row:
        return {"side": s, "item": item, "code": code}

    rows = [side("收入", "八、附属单位上缴收入"), side("收入", "九、其他收入"), side("收入", "本年收入合计"),
            side("支出", "、一殷公共服务支出"), side("支出", "、外交支出"), side("支出", "三、国防支出"),
            side("支出", "十、节能环保支出"), side("支出", "、城乡社区支出"), side("支出", "1、农林水支出"),
            side("支出", "十、交通运输支出"), side("支出", "上四、债务还本支出")]
    fill_codes(rows, "side", name_key="item")
    table = Table(1, "budget_summary", "部门收支总体情况表", [5], rows=rows, ocr=True, row_pages=[5] * len(rows),
                  row_key="side")
    correct_names(table, 2025)
    assert [r["item"] for r in rows[3:]] == ["一、一般公共服务支出", "二、外交支出", "三、国防支出", "十、节能环保支出",
                                           "、城乡社区支出", "1、农林水支出", "十、交通运输支出", "上四、债务还本支出"]
    assert [r["code"] for r in rows[3:]] == ["201", "202", "203", "211", "212", "213", "214", "231"]
    assert rows[3]["code_source"] == "catalogue" and not rows[1]["code"]


# --- the name check ---------------------------------------------------------------------------

def sample_doc() -> Document:
    doc = document_from_truth(TEST_DATA / "truth" / "changji-2025--replica.truth.json")
    doc.checks = []
    return doc


def test_samples_print_the_catalogue_names() -> None:
    assert check_names(sample_doc()) == []


def test_a_wrong_name_is_a_warning() -> None:
    doc = sample_doc()
    table = doc.table(3)
    assert table is not None
    row = next(r for r in table.rows if r.get("code") == "2080505")
    row["name"] = "机关事业单位职业年金缴费支出"
    found = check_names(doc)
    assert [(c.rule, c.table, c.row, c.level) for c in found] == [("name", 3, "2080505", "warning")]
    assert "职业年金" in found[0].message and "机关事业单位基本养老保险缴费支出" in found[0].message
    assert any(c.rule == "name" for c in run_checks(doc))


def test_an_old_name_in_a_later_year_says_when_it_was_valid() -> None:
    doc = sample_doc()
    table = doc.table(3)
    assert table is not None
    row = next(r for r in table.rows if r.get("code") == "210")
    row["name"] = "医疗卫生与计划生育支出"
    (check,) = check_names(doc)
    assert "–2018" in check.message and "卫生健康支出" in check.message
    doc.year = 2017
    assert [c for c in check_names(doc) if c.row == "210" and c.table == 3] == []


def test_warnings_in_reports() -> None:
    check = Check("name", 3, "2010301", "name", Decimal(0), Decimal(0), Decimal(0), "warning", 6,
                  "2010301 printed “X”; the catalogue names it “行政运行”")
    record = check_to_dict(check, "a.pdf")
    assert record["level"] == "warning" and record["expected"] is None and record["message"]
    assert render_warnings([check]) == ["warning: table 3, page 6: 2010301 printed “X”; the catalogue names it “行政运行”"]
    assert summary([check], "a.pdf") == "a.pdf: consistent: 0 errors, 0 rounding, 0 unchecked, 1 name warning"


def test_cli_check_lists_warnings_and_strict_does_not_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = sample_doc()
    table = doc.table(3)
    assert table is not None
    next(r for r in table.rows if r.get("code") == "201")["name"] = "一般公共服务"
    doc.checks = run_checks(doc)  # `budgetx check` reports the extraction's checks
    monkeypatch.setattr("budgetx.pipeline.extract", lambda path, *args: copy.deepcopy(doc))
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    result = runner.invoke(app, ["check", "--strict", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "warning: table 3" in result.stdout and "一般公共服务”" in result.stdout
    result = runner.invoke(app, ["check", "-f", "json", str(pdf)])
    names = [r for r in json.loads(result.stdout) if r["rule"] == "name"]
    assert [(r["row"], r["level"]) for r in names] == [("201", "warning")]


# --- budgetx codes ----------------------------------------------------------------------------

def test_codes_command_by_code_and_by_name() -> None:
    result = runner.invoke(app, ["codes", "2080505"])
    assert result.exit_code == 0
    assert "208 社会保障和就业支出 › 20805 行政事业单位养老支出 › 2080505 机关事业单位基本养老保险缴费支出" in result.stdout
    result = runner.invoke(app, ["codes", "2010301"])  # known by its generic 项
    assert "20103 政府办公厅（室）及相关机构事务 › 2010301 行政运行" in result.stdout
    result = runner.invoke(app, ["codes", "基本工资", "-f", "json"])
    assert {"code": "30101", "name": "基本工资"}.items() <= json.loads(result.stdout)[0].items()
    result = runner.invoke(app, ["codes", "没有这个科目"])
    assert result.exit_code == 1


def test_catalogue_name_forms() -> None:
    assert normalise_name("维修(护)费") == normalise_name("维修（护）费")
    cat = Catalogue([Subject("201", "一般公共服务支出", "function")])
    assert cat.codes(" 一般公共服务支出 ") == ["201"]


def test_a_local_code_gives_way_to_the_national_one() -> None:
    # 上海 prints 30311 住房公积金 where the classification has 30113.
    cat = Catalogue([Subject("301", "工资福利支出", "economic"), Subject("30113", "住房公积金", "economic"),
                     Subject("303", "对个人和家庭的补助", "economic"),
                     Subject("30311", "住房公积金", "economic", source="disclosures")])
    assert resolve(cat, "住房公积金", ("economic",), []) == "30113"
    assert resolve(cat, "住房公积金", ("economic",), ["303"]) == "30311"  # printed under 303: the local one


def test_generic_items_apply_under_a_section_the_catalogue_lists_no_items_of() -> None:
    cat = Catalogue([Subject("204", "公共安全支出", "function"), Subject("20402", "公安", "function"),
                     Subject("2010101", "行政运行", "function", source="disclosures"),
                     Subject("*****01", "行政运行", "function"), Subject("*****99", "其他*", "function"),
                     Subject("2040299", "其他公安支出", "function")])
    assert resolve(cat, "行政运行", ("function",), ["204", "20402"]) == "2040201"
    assert resolve(cat, "其他公安支出", ("function",), ["204", "20402"]) == "2040299"


def test_a_name_the_catalogue_lacks_takes_the_code_the_documents_own_tables_print() -> None:
    from budgetx.model import Column
    from budgetx.table.subjects import fill_codes_from_document

    # Table 1 prints its spending by name; 青禾湿地保护专项 is no catalogue subject, but
    # table 3 prints it as 2110197 under 21101 (and 行政运行 under two 款).
    side = [{"side": "支出", "item": name, "code": "", "amount": Decimal("1")}
            for name in ["节能环保支出", "环境保护管理事务", "行政运行", "青禾湿地保护专项", "污染防治", "行政运行"]]
    coded = [("211", "节能环保支出"), ("21101", "环境保护管理事务"), ("2110101", "行政运行"),
             ("2110197", "青禾湿地保护专项"), ("21103", "污染防治"), ("2110301", "行政运行")]
    t1 = Table(1, "budget_summary", "部门收支总体情况表", [1], "ok", "万元",
               [Column("side", "收支"), Column("item", "项目")], side, row_key="side")  # type: ignore[arg-type]
    t3 = Table(3, "expenditure", "部门支出总体情况表", [3], "ok", "万元", [Column("code", "科目编码")],
               [{"code": c, "name": n} for c, n in coded], row_key="function")  # type: ignore[misc]
    fill_codes(t1.rows, "side", name_key="item")
    assert t1.rows[3]["code"] == ""  # the catalogue does not know it
    assert fill_codes_from_document([t1, t3]) == 1
    assert [r["code"] for r in t1.rows] == ["211", "21101", "2110101", "2110197", "21103", "2110301"]
    assert [r["code_source"] for r in t1.rows] == ["catalogue"] * 3 + ["document"] + ["catalogue"] * 2


def test_a_scanned_name_a_glyph_off_one_the_document_prints_is_that_name() -> None:
    from budgetx.model import Column
    from budgetx.table.subjects import fill_codes_from_document

    # OCR read 休 as 体 in table 1's 行政单位离退休; table 3 prints 2080501 行政单位离退休.
    side = [{"side": "支出", "item": name, "code": "", "amount": Decimal("1")}
            for name in ["社会保障和就业支出", "行政事业单位养老支出", "行政单位离退体", "支出总计"]]
    coded = [("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"), ("2080501", "行政单位离退休")]
    t1 = Table(1, "budget_summary", "部门收支总体情况表", [1], "ok", "万元",
               [Column("side", "收支"), Column("item", "项目")], side, row_key="side")  # type: ignore[arg-type]
    t3 = Table(3, "expenditure", "部门支出总体情况表", [3], "ok", "万元", [Column("code", "科目编码")],
               [{"code": c, "name": n} for c, n in coded], row_key="function")  # type: ignore[misc]
    text = copy.deepcopy(t1)
    fill_codes(t1.rows, "side", name_key="item")
    assert t1.rows[2]["code"] == ""
    t1.ocr = True
    fill_codes_from_document([t1, t3])
    assert (t1.rows[2]["item"], t1.rows[2]["code"]) == ("行政单位离退休", "2080501")
    assert [(d.repaired_from, d.read) for d in t1.doubtful] == [("行政单位离退体", "行政单位离退休")]
    assert t1.rows[3]["item"] == "支出总计"
    # Printed so in a text layer, the name stays as printed: only OCR misreads glyphs.
    fill_codes(text.rows, "side", name_key="item")
    fill_codes_from_document([text, t3])
    assert (text.rows[2]["item"], text.rows[2]["code"]) == ("行政单位离退体", "")


def test_an_item_printed_by_its_sections_name_is_the_sections_other_item() -> None:
    # 20599 其他教育支出 › 2059999 其他教育支出: the 项 repeats its 款's name.
    rows = function_rows(["教育支出", "职业教育", "技校教育", "其他教育支出", "其他教育支出",
                          "交通运输支出", "其他交通运输支出", "公共交通运营补助", "其他交通运输支出"])
    cat = Catalogue([Subject("205", "教育支出", "function"), Subject("20503", "职业教育", "function"),
                     Subject("2050303", "技校教育", "function"), Subject("20599", "其他教育支出", "function"),
                     Subject("214", "交通运输支出", "function"), Subject("21499", "其他交通运输支出", "function"),
                     Subject("2149901", "公共交通运营补助", "function", source="disclosures"),
                     Subject("*****99", "其他*", "function")])
    fill_codes(rows, "function", catalogue=cat)
    assert [r["code"] for r in rows] == ["205", "20503", "2050303", "20599", "2059999",
                                         "214", "21499", "2149901", "2149999"]
    # A named subject elsewhere is still that subject, not the parent's “other” one.
    cat = Catalogue([Subject("302", "商品和服务支出", "economic"), Subject("30239", "其他交通费用", "economic"),
                     Subject("30299", "其他商品和服务支出", "economic"), Subject("***99", "其他*", "economic")])
    assert resolve(cat, "其他交通费用", ("economic",), ["302"]) == "30239"


def test_a_name_found_only_as_an_earlier_section_keeps_no_code() -> None:
    # 21498's 项 公路水路运输 (the catalogue lists none) is no second 21401 after 21498.
    cat = Catalogue([Subject("214", "交通运输支出", "function"), Subject("21401", "公路水路运输", "function"),
                     Subject("2140101", "行政运行", "function"),
                     Subject("21498", "超长期特别国债安排的支出", "function", source="disclosures"),
                     Subject("21499", "其他交通运输支出", "function"), Subject("*****01", "行政运行", "function")])
    rows = function_rows(["交通运输支出", "公路水路运输", "行政运行", "超长期特别国债安排的支出", "公路水路运输",
                          "其他交通运输支出"])
    fill_codes(rows, "function", catalogue=cat)
    assert [r["code"] for r in rows] == ["214", "21401", "2140101", "21498", "", "21499"]
    assert rows[4]["code_source"] == ""
    # In order, a 款 after the one above is found as before.
    assert resolve(cat, "其他交通运输支出", ("function",), ["214", "21498"]) == "21499"

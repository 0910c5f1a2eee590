"""Tables printed in one block of subjects per budget unit, in the template of 西安 and
the provinces that use it: each block headed by the unit's code and name (`125001` |
`青禾县应急管理局`), a 款 printed with its own two digits only (`208`, `05`, `2080505`),
economic codes of seven digits under an unprinted 款 (3010201), the department's and the
government's economic classification side by side, the 合计 label centred over all the
label columns, and a `第N页，共M页` footer inside the table's region. Synthetic page
layouts run through the whole pipeline (the PDF reader and camelot replaced)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budgetx.check.checks import check_hierarchy, run_checks
from budgetx.check.figures import View
from budgetx.model import Column, Document, Page, Table, Word
from budgetx.reader.line_kinds import is_footer
from layout import centred, right, word
from test_families import run

D = Decimal


def page(number: int, words: list[Word]) -> Page:
    return Page(number, 842, 595, words, chars=500)


def cover() -> Page:
    return page(1, [centred("青禾县应急管理局", 421, 200, 20), centred("2026年部门预算", 421, 240, 20)])


# Label columns (left x) then figure columns (right x).
ECON_LABELS = [60, 130, 300, 370]
ECON_FIGURES = [560, 650, 740]


def econ_page(number: int, rows: list[tuple[str, ...]], footer: str | None) -> Page:
    """部门经济科目编码 | 部门经济科目名称 | 政府经济科目编码 | 政府经济科目名称 | 合计 |
    人员经费支出 | 公用经费支出; a row of one label is the 合计, centred over the labels."""
    words = [centred("一般公共预算基本支出情况表", 421, 50, 14), right("单位：万元", 780, 76)]
    headers = ["部门经济科目编码", "部门经济科目名称", "政府经济科目编码", "政府经济科目名称"]
    words += [word(h, x, 100) for h, x in zip(headers, ECON_LABELS)]
    words += [right(h, x, 100) for h, x in zip(["合计", "人员经费支出", "公用经费支出"], ECON_FIGURES)]
    y = 100.0
    for cells in rows:
        y += 18
        labels, figures = cells[:4], cells[4:]
        if labels[1:] == ("", "", "") and labels[0] == "合计":
            words.append(centred("合计", 390, y))
        else:
            words += [word(t, x, y) for t, x in zip(labels, ECON_LABELS) if t]
        words += [right(t, x, y) for t, x in zip(figures, ECON_FIGURES) if t]
    if footer:
        words.append(centred(footer, 421, y + 40))
    return page(number, words)


ECON_FIRST = [
    ("合计", "", "", "", "120.00", "110.00", "10.00"),
    ("125001", "青禾县应急管理局", "", "", "100.00", "90.00", "10.00"),
    ("301", "工资福利支出", "", "", "90.00", "90.00", ""),
    ("30101", "基本工资", "50101", "工资奖金津补贴", "40.00", "40.00", ""),
    ("3010201", "津贴补贴", "50101", "工资奖金津补贴", "30.00", "30.00", ""),
    ("3010202", "改革性补贴", "50101", "工资奖金津补贴", "20.00", "20.00", ""),
    ("302", "商品和服务支出", "", "", "10.00", "", "10.00"),
    ("30201", "办公费", "50201", "办公经费", "10.00", "", "10.00"),
]
ECON_SECOND = [
    ("125002", "青禾县应急救援中心", "", "", "20.00", "20.00", ""),
    ("301", "工资福利支出", "", "", "20.00", "20.00", ""),
    ("30101", "基本工资", "50501", "工资福利支出", "20.00", "20.00", ""),
]

# 功能科目编码 | 功能科目名称 | 合计 | 基本支出 | 项目支出, the 款 printed as two digits.
FUNC_LABELS = [60, 140]
FUNC_FIGURES = [560, 650, 740]
FUNC_ROWS = [
    ("合计", "", "100.00", "80.00", "20.00"),
    ("125001", "青禾县应急管理局", "100.00", "80.00", "20.00"),
    ("208", "社会保障和就业支出", "30.00", "30.00", ""),
    ("05", "行政事业单位养老支出", "25.00", "25.00", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "25.00", "25.00", ""),
    ("99", "其他社会保障和就业支出", "5.00", "5.00", ""),
    ("2089999", "其他社会保障和就业支出", "5.00", "5.00", ""),
    ("224", "灾害防治及应急管理支出", "70.00", "50.00", "20.00"),
    ("01", "应急管理事务", "70.00", "50.00", "20.00"),
    ("2240101", "行政运行", "50.00", "50.00", ""),
    ("2240106", "安全监管", "20.00", "", "20.00"),
]


def function_page(number: int) -> Page:
    words = [centred("一般公共预算支出情况表", 421, 50, 14), right("单位：万元", 780, 76)]
    words += [word(h, x, 100) for h, x in zip(["功能科目编码", "功能科目名称"], FUNC_LABELS)]
    words += [right(h, x, 100) for h, x in zip(["合计", "基本支出", "项目支出"], FUNC_FIGURES)]
    for k, cells in enumerate(FUNC_ROWS):
        y = 118 + 18 * k
        if cells[0] == "合计":
            words.append(centred("合计", 150, y))
        else:
            words += [word(t, x, y) for t, x in zip(cells[:2], FUNC_LABELS) if t]
        words += [right(t, x, y) for t, x in zip(cells[2:], FUNC_FIGURES) if t]
    return page(number, words)


def table(doc: Document, no: int) -> Table:
    [found] = [t for t in doc.tables if t.no == no and t.family == "budget"]
    return found


@pytest.fixture
def doc(monkeypatch: pytest.MonkeyPatch) -> Document:
    pages = [cover(), function_page(2), econ_page(3, ECON_FIRST, "第3页，共4页"), econ_page(4, ECON_SECOND, "第4页，共4页")]
    return run(monkeypatch, pages)


@pytest.mark.parametrize("text", ["第19页，共45页", "第19页,共45页", "第 19 页 / 共 45 页", "共45页 第19页", "19/45"])
def test_page_count_footers_are_footers(text: str) -> None:
    assert is_footer(text)


@pytest.mark.parametrize("text", ["第19页，", "19 45", "2026", "125001"])
def test_other_lines_are_no_footers(text: str) -> None:
    assert not is_footer(text)


def test_a_page_footer_is_no_row_and_no_amount_cell_holds_text(doc: Document) -> None:
    t6 = table(doc, 6)
    amount_keys = {"total", "personnel", "public"}
    assert not [r for r in t6.rows if any(isinstance(r.get(k), str) and r.get(k) for k in amount_keys)]
    assert len(t6.rows) == len(ECON_FIRST) + len(ECON_SECOND)


def test_government_economic_columns_and_the_centred_total(doc: Document) -> None:
    t6 = table(doc, 6)
    keys = [c.key for c in t6.columns]
    assert "gov_econ_code" in keys and "gov_econ_name" in keys
    assert not [k for k in keys if "政府经济" in k]
    first = t6.rows[0]
    assert (first["name"], first["code"], first["gov_econ_name"], first["total"]) == ("合计", "", None, D("120.00"))
    row = next(r for r in t6.rows if r["code"] == "30201")
    assert (row["gov_econ_code"], row["gov_econ_name"]) == ("50201", "办公经费")


def test_unit_rows_head_their_blocks_with_code_and_name(doc: Document) -> None:
    t6 = table(doc, 6)
    units = [r for r in t6.rows if r.get("unit_name") and not r["code"]]
    assert [(r["unit_code"], r["unit_name"], r["code"], r["name"]) for r in units] == [
        ("125001", "青禾县应急管理局", "", ""), ("125002", "青禾县应急救援中心", "", "")]
    # Each subject row carries the unit whose block it is in; the total above them none.
    blocks = [(r.get("unit_code"), r["code"]) for r in t6.rows if r["code"]]
    assert blocks == [("125001", c) for c in ("301", "30101", "3010201", "3010202", "302", "30201")] + \
        [("125002", c) for c in ("301", "30101")]
    assert t6.rows[0].get("unit_name") is None
    t5 = table(doc, 5)
    assert t5.rows[1]["unit_code"] == "125001" and t5.rows[1]["unit_name"] == "青禾县应急管理局"


def test_seven_digit_economic_codes_are_kept_as_printed(doc: Document) -> None:
    t6 = table(doc, 6)
    row = next(r for r in t6.rows if r["name"] == "津贴补贴")
    assert (row["code"], row["class_code"], row["section_code"]) == ("3010201", "301", "02")
    # No parent is invented: 30102 is not printed, so it is no row.
    assert not [r for r in t6.rows if r["code"] == "30102"]


def test_a_section_printed_with_its_two_digits_takes_its_class(doc: Document) -> None:
    t5 = table(doc, 5)
    codes = [(r["code"], r["name"]) for r in t5.rows if r["code"]]
    assert codes == [("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"),
                     ("2080505", "机关事业单位基本养老保险缴费支出"), ("20899", "其他社会保障和就业支出"),
                     ("2089999", "其他社会保障和就业支出"), ("224", "灾害防治及应急管理支出"),
                     ("22401", "应急管理事务"), ("2240101", "行政运行"), ("2240106", "安全监管")]


def test_unit_blocks_add_up(doc: Document) -> None:
    # Units under the total, subjects under each unit: every sum holds, in both tables.
    assert not [c for c in doc.checks if c.rule == "hierarchy" and c.table in (5, 6)]
    t6 = table(doc, 6)
    assert check_hierarchy(View(t6, "万元")) == []
    # A unit's figure that is not its subjects' sum is found, under the total and over its subjects.
    t6.rows[1]["total"] = D("101.00")
    assert {(c.row, c.column) for c in check_hierarchy(View(t6, "万元"))} == {("青禾县应急管理局", "total"), ("合计", "total")}


def _revenue_by_unit(balance: str) -> Document:
    """收入总表 by unit and source: 总计 = 一般公共预算拨款 + 事业收入 + 用事业基金弥补收支差额 +
    上年结转 + 上年实户资金余额."""
    columns = [Column("unit_code", "单位编码"), Column("unit_name", "预算单位"), Column("total", "总计"),
               Column("general_budget", "一般公共预算"), Column("business_income", "事业收入"),
               Column("fund_offset", "用事业基金弥补收支差额"), Column("carryover", "上年结转"),
               Column("account_balance", "上年实户资金余额")]

    def row(code: str, unit: str, *figures: str) -> dict[str, object]:
        keys = ["total", "general_budget", "business_income", "fund_offset", "carryover", "account_balance"]
        return {"code": "", "name": "", "unit_code": code, "unit_name": unit, **{k: D(v) for k, v in zip(keys, figures)}}

    rows = [row("", "合计", "110.00", "90.00", "5.00", "4.00", "3.00", balance),
            row("125001", "青禾县应急管理局", "110.00", "90.00", "5.00", "4.00", "3.00", balance)]
    t2 = Table(2, "revenue", "部门收入总体情况表", pages=[2], unit="万元", columns=columns,
               rows=rows, row_key="function")  # type: ignore[arg-type]
    return Document("x.pdf", "", 2, unit="万元", tables=[t2])


def test_revenue_by_source_counts_the_reserve_fund_and_the_account_balance() -> None:
    assert not [c for c in run_checks(_revenue_by_unit("8.00")) if c.table == 2 and c.level == "error"]
    wrong = [c for c in run_checks(_revenue_by_unit("9.00")) if c.table == 2 and c.level == "error"]
    assert {(c.row, c.column) for c in wrong} == {("合计", "total"), ("青禾县应急管理局", "total")}


def test_the_unspent_account_balance_closes_table_1_against_table_3() -> None:
    # 支出总计 120 = t3's 100 + 结转下年 12 + 未安排支出的实户资金 8.
    def summary(unspent: str) -> Table:
        rows = [{"side": "收入", "item": "收入总计", "code": "", "amount": D("120.00")},
                {"side": "支出", "item": "本年支出合计", "code": "", "amount": D("100.00")},
                {"side": "支出", "item": "结转下年", "code": "", "amount": D("12.00")},
                {"side": "支出", "item": "未安排支出的实户资金", "code": "", "amount": D(unspent)},
                {"side": "支出", "item": "支出总计", "code": "", "amount": D("120.00")}]
        return Table(1, "budget_summary", "部门收支总体情况表", pages=[1], unit="万元",
                     columns=[Column("side", "收支"), Column("item", "项目"), Column("amount", "预算数")],
                     rows=rows, row_key="side")  # type: ignore[arg-type]
    t3 = Table(3, "expenditure", "部门支出总体情况表", pages=[3], unit="万元",
               columns=[Column("code", "科目编码"), Column("name", "科目名称"), Column("total", "合计")],
               rows=[{"code": "", "name": "合计", "total": D("100.00")}], row_key="function")  # type: ignore[list-item]
    rule = "t3.total + t1[结转下年"
    held = run_checks(Document("x.pdf", "", 3, unit="万元", tables=[summary("8.00"), t3]))
    assert not [c for c in held if c.rule.startswith(rule) and c.level == "error"]
    broken = run_checks(Document("x.pdf", "", 3, unit="万元", tables=[summary("7.00"), t3]))
    assert [c.level for c in broken if c.rule.startswith(rule)] == ["error"]
    # Table 3 printed by funding source: its total counts the sources carried in (上年结转
    # 5, 上年实户资金余额 7), which table 1 spends as 结转下年.
    t3.columns += [Column("carryover", "上年结转"), Column("account_balance", "上年实户资金余额")]
    t3.rows[0].update(total=D("112.00"), carryover=D("5.00"), account_balance=D("7.00"))
    held = run_checks(Document("x.pdf", "", 3, unit="万元", tables=[summary("8.00"), t3]))
    assert not [c for c in held if c.rule.startswith(rule) and c.level == "error"]


def test_a_ruled_form_keeps_its_value_and_weight_cells_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    # 绩效目标表: the top lines read like a header that heads only the label columns; the
    # value (指标值) and weight (分值权重) columns under no header are still two cells.
    from pathlib import Path

    from budgetx import pipeline
    from budgetx.model import PdfFile, RuledGrid
    from budgetx.reader.grid import PageGrid

    cols = [40.0, 140.0, 300.0, 400.0, 480.0]
    lines = [("项目名称", "政务公开", "", ""), ("实施期资金总额：", "209.58", "", ""),
             ("一级指标", "三级指标", "指标值", "分值权重"),
             ("成本指标", "监测所需经费（万元）", "≤73.35", "10"), ("产出指标", "检查次数（次）", "≥4", "20")]
    words = [centred("部门专项业务经费绩效目标表", 260, 50, 14)]
    for k, cells in enumerate(lines):
        y = 100 + 24 * k
        words += [word(t, x + 4, y) for t, x in zip(cells, cols) if t]
    form = Page(2, 842, 595, words, chars=500)
    grid = PageGrid(2, 92.0, 214.0, 40.0, 480.0, RuledGrid(cols, [92.0, 118.0, 142.0, 166.0, 190.0, 214.0]))
    monkeypatch.setattr(pipeline, "open_pdf", lambda path, *_: PdfFile(Path(path), "0" * 64, [cover(), form]))
    monkeypatch.setattr(pipeline, "read_grids", lambda path, pages: {2: [grid]} if any(p.number == 2 for p in pages) else {})
    doc = pipeline.extract(Path("synthetic.pdf"))
    [table] = [t for t in doc.tables if t.title == "部门专项业务经费绩效目标表"]
    row = next(r for r in table.rows if "监测所需经费" in str(r["label"]))
    assert (row["label"], row["value"]) == ("成本指标/监测所需经费（万元）/≤73.35", D("10"))


def test_a_page_carrying_one_coded_row_of_a_table_outside_the_eleven_keeps_its_code(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The last row alone under the repeated header: its code column is the pages' before.
    def coded_page(number: int, rows: list[tuple[str, str, str]]) -> Page:
        words = [centred("专项业务经费明细表", 421, 50, 14), right("单位：元", 780, 76)]
        words += [word(h, x, 100) for h, x in [("部门经济科目编码", 60), ("部门经济科目名称", 200)]]
        words.append(right("合计", 560, 100))
        for k, (code, name, total) in enumerate(rows):
            y = 120 + 18 * k
            words += [word(code, 60, y), word(name, 200, y), right(total, 560, y)]
        return page(number, words)

    first = coded_page(2, [("310", "资本性支出", "1,240.00"), ("31002", "办公设备购置", "570.00"),
                           ("31003", "专用设备购置", "500.00")])
    carried = coded_page(3, [("31007", "信息网络及软件购置更新", "170.00")])
    doc = run(monkeypatch, [cover(), first, carried])
    [table] = [t for t in doc.tables if t.title == "专项业务经费明细表"]
    assert [(r["code"], r["name"]) for r in table.rows] == [
        ("310", "资本性支出"), ("31002", "办公设备购置"), ("31003", "专用设备购置"), ("31007", "信息网络及软件购置更新")]
    # A carried page whose cells there are no codes (a figure) is not read as coded.
    odd = coded_page(3, [("0.29", "信息网络及软件购置更新", "170.00")])
    doc = run(monkeypatch, [cover(), first, odd])
    [table] = [t for t in doc.tables if t.title == "专项业务经费明细表"]
    assert not table.rows[-1]["code"] and table.rows[-1]["部门经济科目编码"] == "0.29"

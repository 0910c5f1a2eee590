"""Final accounts (部门决算) as a second family, documents that are neither, and tables
outside the families kept whole (issue 12). Documents are synthetic page layouts run
through the whole pipeline (the PDF reader and camelot replaced by the layouts)."""
from __future__ import annotations

import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from budgetx import pipeline
from budgetx.errors import NoBudgetTables
from budgetx.model import Document, Page, PdfFile, Table, Word
from budgetx.reader.kind import document_kind
from budgetx.reader.locate import find_tables
from budgetx.schema.registry import load_schema
from layout import centred, right, word

SCHEMA = load_schema()


def page(number: int, words: list[Word]) -> Page:
    return Page(number, 595, 842, words, chars=500)


def cover(*lines: str) -> Page:
    return page(1, [centred(t, 297, 200 + 40 * i, 20) for i, t in enumerate(lines)])


def side_table(number: int, title: str, rows: list[tuple[str, str, str, str]], head: str = "决算数") -> Page:
    words = [centred(title, 297, 60, 14), right("单位：万元", 555, 84)]
    words += [centred(t, x, 104) for t, x in [("项目", 120), (head, 240), ("项目", 380), (head, 500)]]
    for k, (a, b, c, d) in enumerate(rows):
        y = 124 + 16 * k
        words += [word(a, 44, y), right(b, 296, y), word(c, 304, y), right(d, 551, y)]
    return page(number, words)


def coded_table(number: int, title: str, headers: list[str], rows: list[tuple[str, ...]]) -> Page:
    """科目编码 | 科目名称 | amounts…, one word per cell, figures right-aligned."""
    xs = [60, 150] + [260 + 90 * i for i in range(len(headers) - 2)]
    words = [centred(title, 297, 60, 14), right("单位：万元", 555, 84)]
    words += [centred(h, x + (30 if i > 1 else 0), 104) for i, (h, x) in enumerate(zip(headers, xs))]
    for k, cells in enumerate(rows):
        y = 124 + 16 * k
        for i, (text, x) in enumerate(zip(cells, xs)):
            if text:
                words.append(word(text, x - 20, y) if i < 2 else right(text, x + 70, y))
    return page(number, words)


def form_page(number: int, title: str, lines: list[tuple[str, ...]]) -> Page:
    """A form: label and value cells in a grid, no header row."""
    words = [centred(title, 297, 60, 14)]
    for k, cells in enumerate(lines):
        for i, text in enumerate(cells):
            words.append(word(text, 50 + 130 * i, 100 + 22 * k))
    return page(number, words)


def run(monkeypatch: pytest.MonkeyPatch, pages: list[Page]) -> Document:
    monkeypatch.setattr(pipeline, "open_pdf", lambda path, *_: PdfFile(Path(path), "0" * 64, pages))
    monkeypatch.setattr(pipeline, "read_grids", lambda path, pages: {})
    return pipeline.extract(Path("synthetic.pdf"))


SUMMARY_ROWS = [("一、一般公共预算财政拨款收入", "100.00", "一、一般公共服务支出", "90.00"),
                ("八、其他收入", "10.00", "八、社会保障和就业支出", "20.00"),
                ("本年收入合计", "110.00", "本年支出合计", "110.00"),
                ("年初结转和结余", "5.00", "年末结转和结余", "5.00"),
                ("总计", "115.00", "总计", "115.00")]
EXPENDITURE_ROWS = [("", "合计", "110.00", "80.00", "30.00"),
                    ("201", "一般公共服务支出", "90.00", "60.00", "30.00"),
                    ("20101", "人大事务", "90.00", "60.00", "30.00"),
                    ("2010101", "行政运行", "90.00", "60.00", "30.00"),
                    ("208", "社会保障和就业支出", "20.00", "20.00", ""),
                    ("20805", "行政事业单位养老支出", "20.00", "20.00", ""),
                    ("2080505", "机关事业单位基本养老保险缴费支出", "20.00", "20.00", "")]


def final_accounts_pages() -> list[Page]:
    return [
        cover("青禾县教育局", "2024年度部门决算"),
        side_table(2, "收入支出决算总表", SUMMARY_ROWS),
        coded_table(3, "支出决算表", ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"], EXPENDITURE_ROWS),
        form_page(4, "项目支出绩效目标表", [("项目名称", "校舍维修", "主管部门", "青禾县教育局"),
                                       ("年度目标", "完成校舍维修三处"),
                                       ("一级指标", "二级指标", "三级指标", "指标值")]),
        form_page(5, "项目支出绩效目标表（续）", [("产出指标", "数量指标", "维修面积", "1200平方米"),
                                          ("满意度指标", "服务对象满意度", "师生满意度", "≥95%")]),
    ]


def family_table(doc: Document, family: str, no: int) -> Table:
    found = [t for t in doc.tables if t.family == family and t.no == no]
    assert len(found) == 1
    return found[0]


def test_final_accounts_document_has_its_tables_in_the_final_accounts_family(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = run(monkeypatch, final_accounts_pages())
    assert (doc.kind, doc.department, doc.year) == ("final_accounts", "青禾县教育局", 2024)
    # The document's own family lists its tables first, in order, printed or not.
    family = [t for t in doc.tables if t.family == "final_accounts"]
    assert [t.no for t in family] == list(range(1, 10))
    assert not any(t.family == "budget" for t in doc.tables)
    summary = family_table(doc, "final_accounts", 1)
    assert summary.key == "final_summary" and summary.status == "ok"
    assert {(r["side"], r["item"], r["amount"]) for r in summary.rows} >= {
        ("收入", "本年收入合计", Decimal("110.00")), ("支出", "年末结转和结余", Decimal("5.00"))}
    spend = family_table(doc, "final_accounts", 3)
    assert spend.key == "final_expenditure"
    assert [c.key for c in spend.columns][5:8] == ["total", "basic", "project"]
    row = next(r for r in spend.rows if r["code"] == "2010101")
    assert (row["total"], row["basic"], row["project"]) == (Decimal("90.00"), Decimal("60.00"), Decimal("30.00"))
    assert family_table(doc, "final_accounts", 2).status == "missing"
    # The sums hold: no error, and the cross-table rule t3 = t1 was evaluated.
    assert not [c for c in doc.checks if c.level == "error"]
    assert all(c.family == "final_accounts" for c in doc.checks)
    assert not [c for c in doc.checks if c.rule == "t3.total = t1[本年支出合计].amount"]


def test_final_accounts_checks_find_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [r if r[0] != "2010101" else ("2010101", "行政运行", "91.00", "61.00", "30.00") for r in EXPENDITURE_ROWS]
    pages = final_accounts_pages()
    pages[2] = coded_table(3, "支出决算表", ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"], rows)
    doc = run(monkeypatch, pages)
    errors = {(c.family, c.table, c.rule, c.row, c.column) for c in doc.checks if c.level == "error"}
    assert ("final_accounts", 3, "hierarchy", "20101", "total") in errors


def test_form_over_two_pages_is_one_table_of_label_value_records(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = run(monkeypatch, final_accounts_pages())
    [form] = [t for t in doc.tables if t.no is None]
    assert form.title == "项目支出绩效目标表" and form.pages == [4, 5] and form.family is None
    assert [c.key for c in form.columns] == ["label", "value"]
    assert form.unit is None
    assert form.rows == [{"label": "项目名称", "value": "校舍维修"}, {"label": "主管部门", "value": "青禾县教育局"},
                         {"label": "年度目标", "value": "完成校舍维修三处"},
                         {"label": "一级指标/二级指标/三级指标", "value": "指标值"},
                         {"label": "产出指标/数量指标/维修面积", "value": "1200平方米"},
                         {"label": "满意度指标/服务对象满意度/师生满意度", "value": "≥95%"}]


def test_a_table_of_key_projects_in_the_prose_is_read_by_its_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """广州's 重点项目 table sits in the 说明 under a heading that names 绩效目标 (as a form's
    title does) and prints whole 预算数 under a header cell carrying the unit: it is a
    table of columns found by its header, its amounts figures, not codes, and it ends
    where the next part of the document begins."""
    words = [word("2026年本部门一般公共预算安排委托业务费2,835.71万元，比上年增加390.62万元。", 60, 60),
             word("七、重点项目预算绩效目标情况", 60, 90), word("2026年，本部门重点项目绩效目标情况如下：", 60, 110)]
    words += [word("项目", 80, 130), word("预算数（单位：万元）", 170, 130), word("绩效目标", 360, 130)]
    projects = [("市本级粮食风险基金", "47500", "完成市本级粮油储备规模任务。"),
                ("推进适航审定服务能力建设", "950", "提升广州适航审定服务能力。"),
                ("支持人工智能产业发展经费", "30000", "支持人工智能产业高质量发展。")]
    for k, (name, amount, goal) in enumerate(projects):
        words += [word(name, 52, 150 + 20 * k), right(amount, 260, 150 + 20 * k), word(goal, 330, 150 + 20 * k)]
    words += [word("第八部分 其他需要说明情况", 60, 230), word("一、机关运行经费", 60, 250),
              word("2026年本部门机关运行经费财政拨款预算1,695.26万元，较2025年增加80.84万元，增长5.0%。", 60, 270)]
    pages = [cover("青禾县发展和改革委员会", "2026年部门预算"), page(2, words)]
    # Alone, a table found in the prose by its header makes no budget disclosure.
    with pytest.raises(NoBudgetTables):
        run(monkeypatch, pages)
    doc = run(monkeypatch, [*pages, side_table(3, "部门收支总体情况表", SUMMARY_ROWS, head="预算数")])
    [table] = [t for t in doc.tables if t.no is None]
    assert table.title == "重点项目预算绩效目标情况"
    assert [c.key for c in table.columns] == ["项目", "预算数（单位：万元）", "绩效目标"]
    assert [list(r.values()) for r in table.rows] == [[n, Decimal(a), g] for n, a, g in projects]


def test_a_form_cell_of_several_narrow_columns_keeps_its_figures_apart() -> None:
    """Narrow form columns read as one cell where their gap is small (a project's name
    and its two amounts; 实际完成值 | 分值 | 得分): the cell's spaces go, but not those
    between two figures, which run together would read as one (82.282.2)."""
    from budgetx.table.extras import form_records

    lines = [(1, ["7848-幼儿园安保\n服务费 82.2 82.2", "确保在园幼儿安全"]),
             (1, ["一级指标", "二级指标", "三级指标", "指标值"]),
             (1, ["满意度指标", "服务对象满意度", "座席满意率≥95%", "99.14 10 10"]),
             (1, ["成本指标", "经济成本指标", "季度成本≤20.55万元", "20.55"])]
    assert [r for _, r in form_records(lines, ("指标值",))] == [
        {"label": "7848-幼儿园安保服务费82.2 82.2", "value": "确保在园幼儿安全"},
        {"label": "一级指标/二级指标/三级指标", "value": "指标值"},
        {"label": "满意度指标/服务对象满意度/座席满意率≥95%", "value": "99.14 10 10"},
        {"label": "成本指标/经济成本指标/季度成本≤20.55万元", "value": Decimal("20.55")}]


def test_kind_comes_from_the_titles_not_the_cover_words() -> None:
    # A file whose cover says 预算 but whose tables are 决算 tables is final accounts.
    pages = [cover("青禾县教育局", "2024年部门预算"), side_table(2, "收入支出决算总表", SUMMARY_ROWS),
             side_table(3, "财政拨款收入支出决算总表", SUMMARY_ROWS)]
    layout = find_tables(pages, SCHEMA)
    assert document_kind(layout.tables, "青禾县教育局2024年部门预算", SCHEMA) == "final_accounts"
    budget = [side_table(2, "部门收支总体情况表", SUMMARY_ROWS, head="预算数")]
    assert document_kind(find_tables(budget, SCHEMA).tables, "", SCHEMA) == "budget"


GOVERNMENT_TITLES = ["一般公共预算收入预算表", "一般公共预算支出预算表", "政府性基金预算支出预算表",
                     "国有资本经营预算支出表", "一般公共预算基本支出预算表"]


def government_pages(count: int) -> list[Page]:
    """A city's own budget report: its cover, then table after table of 全市 figures,
    each titled like a department's table and printed over two pages."""
    pages = [cover("关于青禾市2023年预算执行情况", "和2024年预算草案的报告")]
    rows = [("", "合计", "300.00", "200.00", "100.00"),
            ("201", "一般公共服务支出", "300.00", "200.00", "100.00"),
            ("20101", "人大事务", "300.00", "200.00", "100.00")]
    for n in range(2, count + 1):
        title = f"2024年全市{GOVERNMENT_TITLES[(n // 2) % len(GOVERNMENT_TITLES)]}"
        pages.append(coded_table(n, title, ["科目编码", "科目名称", "合计", "本级", "补助下级"], rows))
    return pages


def test_government_budget_report_keeps_its_tables_outside_the_families(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    monkeypatch.setattr(pipeline, "read_grids", lambda path, pages: asked.extend(p.number for p in pages) or {})
    monkeypatch.setattr(pipeline, "open_pdf", lambda path, *_: PdfFile(Path(path), "0" * 64, government_pages(12)))
    doc = pipeline.extract(Path("report.pdf"))
    assert doc.kind == "government_budget"
    assert asked == []  # no camelot grid for tables outside the families
    assert all(t.no is None and t.family is None for t in doc.tables)
    assert not doc.checks
    # A title repeated on the next page is one table; no two consecutive share a title.
    titles = [t.title for t in doc.tables]
    assert all(a != b for a, b in zip(titles, titles[1:]))
    assert doc.tables[0].pages == [2, 3] and len(doc.tables[0].rows) == 6
    assert doc.tables[0].unit == "万元"


def test_a_280_page_government_report_finishes_in_bounded_time_and_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = government_pages(280)
    tracemalloc.start()
    start = time.perf_counter()
    doc = run(monkeypatch, pages)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert doc.kind == "government_budget" and len(doc.tables) == 140
    assert seconds < 60
    assert peak < 200 * 1024 * 1024


# --- pieces ---------------------------------------------------------------------------

def test_final_three_public_pairs_read_back_into_one_row_per_item() -> None:
    from budgetx.table.across import across_rows, is_measured_across

    spec = SCHEMA.by_no(7, "final_accounts")
    # Merged header cells centred over two columns, read over one of them only (as a
    # real Shanghai 决算 table reads): the template's order places the rest.
    paths = [["预算数"], ["合计", "决算数"], ["因公出国（境）费", "预算数"], ["因公出国（境）费", "决算数"],
             ["小计", "预算数"], ["财政拨款“三公”经费", "决算数"],
             ["财政拨款“三公”经费", "公务用车购置及运行费", "公务用车购置费", "预算数"],
             ["公务用车购置及运行费", "公务用车购置费", "决算数"], ["公务用车运行费", "预算数"], ["公务用车运行费", "决算数"],
             ["公务接待费", "预算数"], ["决算数"]]
    figures = ["3.00", "2.50", "1.00", "0.80", "1.50", "1.20", "", "", "1.50", "1.20", "0.50", "0.50"]
    assert is_measured_across(paths, spec)
    rows = {r["item"]: (r["budget"], r["final"]) for r in across_rows(paths, [figures], spec)}
    d = Decimal
    assert rows == {"合计": (d("3.00"), d("2.50")), "因公出国（境）费": (d("1.00"), d("0.80")),
                    "公务用车购置及运行费": (d("1.50"), d("1.20")), "公务用车购置费": (None, None),
                    "公务用车运行费": (d("1.50"), d("1.20")), "公务接待费": (d("0.50"), d("0.50"))}


def test_final_three_public_with_the_measures_above_the_items() -> None:
    """The central 决算 template: 预算数 over the six items, then 决算数 over them again,
    each measure's merged cell read over the middle of its run only, the vehicles' items
    printed as …运行维护费."""
    from budgetx.table.across import across_rows, is_measured_across

    spec = SCHEMA.by_no(7, "final_accounts")
    block = [["合计"], ["因公出国（境）费"], ["{m}", "公务用车购置及运行维护费", "小计"],
             ["{m}", "公务用车购置及运行维护费", "公务用车购置费"], ["公务用车购置及运行维护费", "公务用车运行维护费"],
             ["公务接待费"]]
    paths = [[e.format(m=m) for e in p] for m in ("预算数", "决算数") for p in block]
    figures = ["76.43", "30.00", "40.63", "", "40.63", "5.80", "46.21", "4.69", "40.61", "", "40.61", "0.90"]
    assert is_measured_across(paths, spec)
    rows = {r["item"]: (r["budget"], r["final"]) for r in across_rows(paths, [figures], spec)}
    d = Decimal
    assert rows == {"合计": (d("76.43"), d("46.21")), "因公出国（境）费": (d("30.00"), d("4.69")),
                    "公务用车购置及运行费": (d("40.63"), d("40.61")), "公务用车购置费": (None, None),
                    "公务用车运行费": (d("40.63"), d("40.61")), "公务接待费": (d("5.80"), d("0.90"))}


@pytest.mark.parametrize(("title", "family", "no"), [
    ("收入支出决算总表", "final_accounts", 1),
    ("表 1：高等学校收支决算总表", "final_accounts", 1),
    ("一般公共预算财政拨款支出决算表", "final_accounts", 5),
    ("表4：高等学校财政拨款支出决算表", "final_accounts", 10),
    ("财政拨款“三公”经费支出决算表", "final_accounts", 7),
    ("国有资本经营预算财政拨款收入支出决算表", "final_accounts", 9),
    ("一般公共预算支出情况表", "budget", 5),
])
def test_titles_match_within_their_family(title: str, family: str, no: int) -> None:
    from budgetx.reader.titles import match_title

    spec, is_title = match_title(title, SCHEMA)
    assert is_title and spec is not None and (spec.family, spec.no) == (family, no)


def test_consecutive_extras_with_one_title_are_joined() -> None:
    from budgetx.table.extras import join_extras

    a = Table(None, None, "表12 政府采购预算表", pages=[20], unit="万元", columns=[], rows=[{"项目": "车辆", "金额": Decimal("3")}],
              family=None)
    b = Table(None, None, "政府采购预算表（续表）", pages=[21], unit="万元", columns=[], rows=[{"项目": "电脑", "金额": Decimal("2")}],
              family=None)
    c = Table(None, None, "机关运行经费表", pages=[22], columns=[], rows=[], status="empty", family=None)
    joined = join_extras([a, b, c])
    assert [t.title for t in joined] == ["表12 政府采购预算表", "机关运行经费表"]
    assert joined[0].pages == [20, 21] and [r["项目"] for r in joined[0].rows] == ["车辆", "电脑"]


def test_a_blank_unit_name_is_no_department() -> None:
    pages = [page(1, [word("单位名称：", 40, 100), right("单位：万元", 555, 100)]),
             cover("西南大学 2023 年度部门决算")]
    pages[1].number = 2
    layout = find_tables([pages[1], pages[0]], SCHEMA)
    assert layout.department == "西南大学"
    assert layout.year == 2023


def test_index_row_under_the_header_is_no_row(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [("栏次", "1", "栏次", "2"), *SUMMARY_ROWS]
    doc = run(monkeypatch, [cover("青禾县教育局", "2024年度部门决算"), side_table(2, "收入支出决算总表", rows)])
    summary = family_table(doc, "final_accounts", 1)
    assert summary.rows[0]["item"] == "一、一般公共预算财政拨款收入"
    assert not [r for r in summary.rows if r["item"] == "栏次"]


@pytest.mark.parametrize(("lines", "department", "year"), [
    (("2026 年深圳市交通运输局（本级）部", "门预算"), "深圳市交通运输局(本级)", 2026),
    (("2026 年度苏州市审计局部门预算公开",), "苏州市审计局", 2026),
    (("2026 年度", "福州市商务局", "部门预算"), "福州市商务局", 2026),
    (("中共上海市普陀区委", "社会工作部 2024 年度", "部门决算"), "中共上海市普陀区委社会工作部", 2024),
    (("江苏省人大常委会办公厅2018年度部门", "预算公开"), "江苏省人大常委会办公厅", 2018),
])
def test_cover_title_names_department_and_year(lines: tuple[str, ...], department: str, year: int) -> None:
    layout = find_tables([cover(*lines)], SCHEMA)
    assert (layout.department, layout.year) == (department, year)


def test_a_bare_department_label_names_the_department() -> None:
    layout = find_tables([page(1, [word("部门：中国共产党江苏省委员会办公厅", 40, 100), right("单位：万元", 555, 100)])], SCHEMA)
    assert layout.department == "中国共产党江苏省委员会办公厅"


def test_final_accounts_tables_go_under_their_own_keys_in_every_output(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    import json
    import sqlite3

    from budgetx.writers.combined import Publish, document_rows, plan_sheets, write_combined
    from budgetx.writers.csv import write_csv
    from budgetx.writers.json import document_to_dict, dumps
    from budgetx.writers.options import WriteOptions
    from budgetx.writers.xlsx import document_to_workbook

    doc = run(monkeypatch, final_accounts_pages())
    write_csv(doc, tmp_path / "csv", WriteOptions())
    names = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert "01_final_summary.csv" in names and "03_final_expenditure.csv" in names
    assert not [n for n in names if n.startswith("01_budget")]
    sheets = document_to_workbook(doc).sheetnames
    assert "1 收入支出决算总表" in sheets and "3 支出决算表" in sheets
    text = dumps(document_to_dict(doc))
    rows = list(document_rows(["a.pdf"], json.loads(text)))
    keys = {k for k, _ in rows}
    assert {"final_summary", "final_expenditure", "documents"} <= keys
    [documents] = [r for k, r in rows if k == "documents"]
    assert documents["kind"] == "final_accounts" and documents["department"] == "青禾县教育局"
    planned = plan_sheets(lambda: iter([(["a.pdf"], text)]))
    assert planned["final_expenditure"].stem == "03_final_expenditure"
    assert len({s.stem for s in planned.values()}) == len(planned)
    publish = Publish()
    write_combined(publish, tmp_path, "sqlite", lambda: iter([(["a.pdf"], text)]), WriteOptions())
    publish.commit()
    with sqlite3.connect(tmp_path / "combined.sqlite") as db:
        total = db.execute("SELECT total FROM final_expenditure WHERE code = '2010101'").fetchone()
        kind = db.execute("SELECT kind FROM documents").fetchone()
    assert total == (90.0,) and kind == ("final_accounts",)


def _three_public_across_page(number: int, unit: str, figures: list[list[str]]) -> Page:
    """深圳's 三公 table: items across, two funding sources under each, a unit's figures in
    three rows (last year, this year, the change), landscape."""
    sources = ["一般公共预算", "政府性基金"]
    x0, step = 235.0, 52.0
    cols = [x0 + step * i for i in range(12)]  # right edges of the amount columns
    def over(first: int, last: int) -> float:
        return (cols[first] - step + cols[last]) / 2 + 4
    words = [centred("财政拨款“三公”经费支出表", 421, 50, 14), right("单位：万元", 800, 74)]
    words += [word("预算单位", 30, 116, 8), word("年度", 120, 116, 8)]
    for name, first in [("总计", 0), ("因公出国(境)费", 2), ("公务接待费", 4)]:
        words.append(centred(name, over(first, first + 1), 108, 7))
    words.append(centred("公务用车购置及运行维护费", over(6, 11), 96, 7))
    for name, first in [("小计", 6), ("公务用车购置费", 8), ("公务用车运行维护费", 10)]:
        words.append(centred(name, over(first, first + 1), 112, 6))
    words += [centred(sources[i % 2], over(i, i), 128, 6) for i in range(12)]
    for k, (label, row) in enumerate(zip([unit, "", ""], figures)):
        y = 146 + 16 * k
        if label:
            words.append(word(label, 30, y, 8))
        words.append(word(["2025年", "2026年", "增减变化金额"][k], 120, y, 8))
        words += [right(text, cols[i], y, 7) for i, text in enumerate(row)]
    return Page(number, 842, 595, words, chars=500)


def test_items_across_by_funding_source_over_pages_of_units(monkeypatch: pytest.MonkeyPatch) -> None:
    # Columns: 总计, 因公出国, 公务接待, 公务用车 小计 / 购置费 / 运行维护费, each 一般公共预算 | 政府性基金.
    first = [["9.00", "0.00", "4.00", "0.00", "2.00", "0.00", "3.00", "0.00", "0.00", "0.00", "3.00", "0.00"],
             ["8.00", "1.00", "3.00", "0.00", "1.00", "0.00", "4.00", "1.00", "2.00", "0.00", "2.00", "1.00"],
             ["-1.00", "1.00", "-1.00", "0.00", "-1.00", "0.00", "1.00", "1.00", "2.00", "0.00", "-1.00", "1.00"]]
    second = [["1.00"] + ["0.00"] * 11, ["7.00", "0.00", "7.00"] + ["0.00"] * 9, ["6.00", "0.00", "6.00"] + ["0.00"] * 9]
    pages = [cover("青禾县水务局", "2026年部门预算"), _three_public_across_page(2, "青禾县水务局", first),
             _three_public_across_page(3, "青禾县水文站", second)]
    doc = run(monkeypatch, pages)
    t10 = doc.table(10)
    assert t10 is not None
    d = Decimal
    # One row per item, from the department's (the first unit's) row of the budget year.
    assert [(r["item"], r["general_budget"], r["gov_fund"]) for r in t10.rows] == [
        ("合计", d("8.00"), d("1.00")), ("因公出国（境）费", d("3.00"), d("0.00")),
        ("公务用车购置及运行费", d("4.00"), d("1.00")), ("公务用车购置费", d("2.00"), d("0.00")),
        ("公务用车运行费", d("2.00"), d("1.00")), ("公务接待费", d("1.00"), d("0.00"))]
    # Every printed row, both pages', in the table as printed.
    printed = [t for t in doc.tables if t.no is None and "三公" in t.title]
    assert len(printed) == 1 and len(printed[0].rows) == 6

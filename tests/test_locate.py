"""locate.py: title lines, which pages and page regions hold which table, and the
document's department, year and unit, on synthetic pages."""
from __future__ import annotations

import pytest

from budgetx.read.locate import find_tables, is_footer, is_label, match_title, region_words
from budgetx.model import Word
from budgetx.model import Page
from budgetx.schema.registry import load_schema
from layout import centred, right, word

SCHEMA = load_schema()


def page(number: int, words: list[Word], height: float = 842) -> Page:
    return Page(number, 595, height, words, chars=500)


def summary_words(title: str = "2025年部门收支总体情况表", meta: str = "编制部门：青禾县教育局",
                  label: str | None = "表1", dy: float = 0) -> list[Word]:
    """Table 1 as printed: label, title, meta line, header, three body rows, footer."""
    words = [word(label, 40, 60 + dy)] if label else []
    words += [centred(title, 297, 80 + dy, 14), right("单位：万元", 555, 104 + dy)]
    if meta:
        words.append(word(meta, 40, 104 + dy))
    words += [centred(t, x, 124 + dy) for t, x in [("项目", 120), ("预算数", 240), ("项目", 380), ("预算数", 500)]]
    body = [("一、本年收入", "1,388.82", "一般公共服务支出", "1,222.89"),
            ("二、上年结转结余", "715.73", "社会保障和就业支出", "88.93"),
            ("收入总计", "2,104.55", "支出总计", "2,104.55")]
    for k, (a, b, c, d) in enumerate(body):
        y = 144 + 16 * k + dy
        words += [word(a, 44, y), right(b, 296, y), word(c, 304, y), right(d, 551, y)]
    return words


def summary_page(number: int, title: str = "2025年部门收支总体情况表", meta: str = "编制部门：青禾县教育局") -> Page:
    return page(number, [*summary_words(title, meta), centred(f"- {number} -", 297, 800)])


def prose(number: int, *sentences: str) -> Page:
    return page(number, [word(t, 60, 100 + 20 * i) for i, t in enumerate(sentences)])


COVER = page(1, [centred("青禾县教育局", 297, 200, 20), centred("2025年部门预算公开", 297, 240, 20)])
TITLES = [spec.title for spec in SCHEMA.tables]
TOC = page(2, [centred("目 录", 297, 80)]
           + [w for i, t in enumerate(TITLES)
              for w in (word(f"表{i + 1} {t}", 60, 100 + 20 * i), right(str(i + 6), 540, 100 + 20 * i))])
PROSE = prose(7, "一、关于部门收支总体情况表的说明。", "2025年收支总预算2,104.55万元，比上年增加，主要原因是人员增加。",
              "部门收支总体情况表反映了本部门的收支情况。")


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
])
def test_sentences_and_labels_are_not_titles(text: str) -> None:
    assert match_title(text, SCHEMA) == (None, False)


@pytest.mark.parametrize("text", ["2024年国有资产占用情况表", "部门收支决算总体情况表", "部门整体绩效目标表"])
def test_other_tables_are_titles_without_a_number(text: str) -> None:
    assert match_title(text, SCHEMA) == (None, True)


@pytest.mark.parametrize(("text", "label"), [("表1", True), ("表 一", True), ("公开01表", True), ("附表3", True),
                                             ("表1-2", True), ("部门收支总体情况表", False)])
def test_is_label(text: str, label: bool) -> None:
    assert is_label(text) is label


@pytest.mark.parametrize(("text", "footer"), [("- 5 -", True), ("第 5 页", True), ("5", True),
                                              ("第5页 共32页", True), ("5/32", True), ("2025", False),
                                              ("1,388.82", False)])
def test_is_footer(text: str, footer: bool) -> None:
    assert is_footer(text) is footer


def test_table_page_gives_title_region_label_and_document_fields() -> None:
    layout = find_tables([COVER, TOC, summary_page(6), PROSE], SCHEMA)
    assert (layout.department, layout.year, layout.unit) == ("青禾县教育局", 2025, "万元")
    [table] = layout.tables
    assert table.spec is not None and table.spec.no == 1
    assert (table.title, table.label, table.unit) == ("2025年部门收支总体情况表", "表1", "万元")
    assert [r.page for r in table.regions] == [6]
    # Cover, table of contents and prose are narrative, not tables.
    assert layout.narrative_pages == [1, 2, 7]


def test_table_of_contents_listing_every_title_is_not_a_table() -> None:
    layout = find_tables([COVER, TOC], SCHEMA)
    assert layout.tables == []
    assert layout.narrative_pages == [1, 2]


def test_department_from_the_cover_when_no_meta_line() -> None:
    layout = find_tables([COVER, summary_page(6, meta="")], SCHEMA)
    assert (layout.department, layout.year) == ("青禾县教育局", 2025)


def test_final_accounts_title_names_a_table_of_the_final_accounts_family() -> None:
    layout = find_tables([summary_page(6, title="2024年部门收支决算总表")], SCHEMA)
    [table] = layout.tables
    assert table.spec is not None and table.title == "2024年部门收支决算总表"
    assert (table.spec.family, table.spec.no, table.spec.key) == ("final_accounts", 1, "final_summary")


def test_continuation_page_without_title_extends_the_region() -> None:
    rows = [("三、事业收入", "10.00"), ("四、经营收入", "20.00"), ("五、其他收入", "30.00"), ("六、附属单位上缴收入", "1.50")]
    cont = page(7, [w for k, (a, b) in enumerate(rows) for w in (word(a, 44, 60 + 16 * k), right(b, 296, 60 + 16 * k))])
    layout = find_tables([summary_page(6), cont], SCHEMA)
    [table] = layout.tables
    assert [(r.page, r.top, r.bottom) for r in table.regions][1] == (7, 0.0, 842)


def test_region_words_drop_title_meta_footer_and_keep_notes() -> None:
    sheet = page(14, [
        centred("政府性基金预算支出情况表", 297, 80, 14),
        word("编制部门：青禾县教育局", 40, 104), right("单位：万元", 555, 104),
        *(centred(t, x, 124) for t, x in [("科目编码", 80), ("科目名称", 200), ("合计", 320), ("基本支出", 420),
                                          ("项目支出", 520)]),
        word("青禾县教育局2025年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。", 40, 144, 7),
        centred("- 14 -", 297, 800),
    ])
    layout = find_tables([sheet], SCHEMA)
    [table] = layout.tables
    assert table.spec is not None and table.spec.no == 8
    text = region_words(sheet, table.regions[0], table.title)
    assert [w.text for w in text.words] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    assert text.notes == ["青禾县教育局2025年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"]


def test_two_tables_on_one_page_split_the_page() -> None:
    both = page(6, summary_words() + summary_words(title="财政拨款收支预算总体情况表", label="表4", dy=400), 1242)
    layout = find_tables([both], SCHEMA)
    assert [t.spec.no for t in layout.tables if t.spec] == [1, 4]
    first, second = layout.tables
    # The first region ends at the 表4 label line above the second title.
    assert first.regions[0].bottom == pytest.approx(460)
    assert second.regions[0].top == pytest.approx(480 + 14)


def test_a_title_broken_over_two_lines_is_read_whole() -> None:
    from budgetx.read.locate import _title_head
    from budgetx.read.lines import Line
    from budgetx.model import Word

    head = Line([Word("社会组织管理工作经费", 200, 100, 400, 114)])
    title = Line([Word("项目绩效目标表", 230, 118, 370, 132)])
    sentence = Line([Word("具体情况见下表：", 60, 100, 560, 114)])
    assert _title_head([head, title], 1) is head
    assert _title_head([sentence, title], 1) is None
    assert _title_head([title], 0) is None

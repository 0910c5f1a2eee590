"""align.py on synthetic layouts: words placed by hand as a ruled, unruled or wrapped
table would print them (tests/layout.py)."""
from __future__ import annotations

import pytest

from budgetx.model import RuledGrid
from budgetx.reader.align import AlignedPart, align, is_data_word, join_spaced, unstack
from budgetx.reader.lines import group_lines
from budgetx.model import Reading, Word
from budgetx.schema.registry import header_vocabulary, load_schema
from layout import centred, right, spaced, word

VOCABULARY = header_vocabulary(load_schema())


def at(text: str, x0: float, top: float, x1: float, bottom: float) -> Word:
    """A word where a real page printed it (positions as pdfium read them)."""
    return Word(text, x0, top, x1, bottom)

HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
BODY = [
    ["201", "一般公共服务支出", "100.00", "60.00", "40.00"],
    ["20103", "政府办公厅（室）及相关机构事务", "1,388.82", "", "1,388.82"],
    ["2010301", "行政运行", "8.00", "8.00", ""],
]


def table_words(cols: list[float], header: list[str], body: list[list[str]], index: list[str] | None = None,
                top: float = 100.0, pitch: float = 16.0) -> list[Word]:
    """A table as most templates print it: headers centred over their columns, text
    left-aligned and figures right-aligned in theirs, an optional ※/1/2/3 index row."""
    centres = [(a + b) / 2 for a, b in zip(cols, cols[1:])]
    words = [centred(h, centres[i], top) for i, h in enumerate(header)]
    y = top + pitch
    if index:
        words += [centred(t, centres[i], y) for i, t in enumerate(index)]
        y += pitch
    for cells in body:
        for i, text in enumerate(cells):
            if not text:
                continue
            if is_data_word(Word(text, 0, 0, 1, 1)) and i >= 2:
                words.append(right(text, cols[i + 1] - 4, y))
            else:
                words.append(word(text, cols[i] + 4, y))
        y += pitch
    return words


def paths(part: AlignedPart) -> list[list[str]]:
    return part.paths()


COLS = [10.0, 70.0, 230.0, 310.0, 390.0, 470.0]


def test_index_row_gives_the_columns() -> None:
    words = table_words(COLS, HEADER, BODY, index=["※", "※", "1", "2", "3"])
    part = align(words, vocabulary=VOCABULARY)
    assert part.has_index_row
    assert paths(part) == [[h] for h in HEADER]
    # The index row is neither header nor body.
    assert part.rows == BODY


def test_marks_set_close_together_mark_one_column() -> None:
    # 湖州 prints `**` over the code column and `**` over the name column: each is one
    # column's mark, not two columns'.
    part = align(table_words(COLS, HEADER, BODY, index=["**", "**", "1", "2", "3"]), vocabulary=VOCABULARY)
    assert part.has_index_row
    assert paths(part) == [[h] for h in HEADER]
    assert part.rows == BODY


def test_an_index_row_that_names_itself_gives_no_column_per_token() -> None:
    # A 决算 收支总表: 栏 次 in the label columns, numbers over the figure columns only;
    # the 行次 columns (row numbers) have no token of the index row.
    cols = [40.0, 200.0, 240.0, 330.0, 490.0, 530.0, 620.0, 710.0]
    centres = [(a + b) / 2 for a, b in zip(cols, cols[1:])]
    words = [centred(h, x, 100) for h, x in zip(["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算"], centres)]
    words += [word("栏", 100, 116), word("次", 130, 116), centred("1", centres[2], 116),
              word("栏", 390, 116), word("次", 420, 116), centred("2", centres[5], 116), centred("3", centres[6], 116)]
    body = [["一、一般公共预算财政拨款", "1", "1668.14", "一、一般公共服务支出", "28", "0.00", "0.00"],
            ["二、政府性基金预算财政拨款", "2", "0.00", "二、外交支出", "29", "0.00", "0.00"]]
    for k, row in enumerate(body):
        y = 132 + 16 * k
        words += [word(row[0], 44, y), right(row[1], 236, y), right(row[2], 326, y), word(row[3], 334, y),
                  right(row[4], 526, y), right(row[5], 616, y), right(row[6], 706, y)]
    part = align(words, vocabulary=VOCABULARY)
    assert part.has_index_row
    assert part.rows == body


def test_unruled_table_without_index_row() -> None:
    part = align(table_words(COLS, HEADER, BODY), vocabulary=VOCABULARY)
    assert not part.has_index_row
    assert paths(part) == [[h] for h in HEADER]
    assert part.rows == BODY


def test_right_aligned_figures_near_a_column_boundary() -> None:
    """A wide 合计 column then a narrow one: the short figure 60.00 sits right of the
    midpoint between the two index centres; the free gap of the body puts it back."""
    cols = [10.0, 70.0, 230.0, 400.0, 450.0]
    body = [["201", "一般公共服务支出", "1,234,567.89", "5.00"], ["20103", "政府办公厅", "60.00", "5.00"]]
    words = table_words(cols, HEADER[:4], body, index=["※", "※", "1", "2"])
    figure = next(w for w in words if w.text == "60.00")
    assert figure.xc > (325 + 425) / 2  # the midpoint of the index centres would cut it
    part = align(words, vocabulary=VOCABULARY)
    assert part.rows == body


def test_left_aligned_names_next_to_the_code_column() -> None:
    """Names start just right of the code column's boundary, far left of their header."""
    cols = [10.0, 70.0, 330.0, 410.0]
    body = [["201", "一般公共服务支出", "1.00"], ["20103", "政府办公厅（室）及相关机构事务", "2.00"],
            ["2010301", "行政运行", "3.00"]]
    part = align(table_words(cols, HEADER[:3], body, index=["※", "※", "1"]), vocabulary=VOCABULARY)
    assert part.rows == body


def test_wrapped_name_with_figures_centred_across_its_lines() -> None:
    header = [centred(h, x, 100) for h, x in [("科目编码", 40), ("科目名称", 150), ("合计", 270), ("基本支出", 350)]]
    rows = [
        word("201", 14, 120), word("一般公共服务支出", 74, 120), right("1.00", 306, 120), right("1.00", 386, 120),
        # 政府办公厅（室）及相关 / 机构事务 on two lines; its code and figures centred between.
        word("20103", 14, 139.5), word("政府办公厅（室）及相关", 74, 134), word("机构事务", 74, 145),
        right("12.00", 306, 139.5), right("2.00", 386, 139.5),
        word("2010301", 14, 160), word("行政运行", 74, 160), right("3.00", 306, 160), right("4.00", 386, 160),
    ]
    part = align(header + rows, vocabulary=VOCABULARY)
    assert part.rows == [["201", "一般公共服务支出", "1.00", "1.00"],
                         ["20103", "政府办公厅（室）及相关机构事务", "12.00", "2.00"],
                         ["2010301", "行政运行", "3.00", "4.00"]]


def test_wrapped_first_row_name_is_body_not_header() -> None:
    """A first row whose name wraps has a text line just above its figures."""
    header = [centred(h, x, 100) for h, x in [("项目", 80), ("合计", 270)]]
    rows = [word("公务用车购置及", 14, 122), word("运行费", 14, 132), right("4.80", 306, 127),
            word("公务接待费", 14, 150), right("0.20", 306, 150)]
    part = align(header + rows, vocabulary=VOCABULARY)
    assert paths(part) == [["项目"], ["合计"]]
    assert part.rows == [["公务用车购置及运行费", "4.80"], ["公务接待费", "0.20"]]


def test_letter_spaced_headers_join_into_known_words() -> None:
    words = spaced("项目", 20, 200, 100) + spaced("合计", 240, 300, 100) + spaced("小计", 320, 380, 100)
    words += [word("一、本年收入", 14, 120), right("1.00", 306, 120), right("2.00", 386, 120),
              word("二、上年结转", 14, 136), right("3.00", 306, 136)]
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["项目"], ["合计"], ["小计"]]
    assert part.rows == [["一、本年收入", "1.00", "2.00"], ["二、上年结转", "3.00", ""]]
    # Without the vocabulary every glyph would be a header of its own.
    assert align(words).ncols == 6


def test_join_spaced_leaves_unknown_glyph_runs() -> None:
    line = group_lines(spaced("合计", 0, 60, 0) + spaced("甲乙", 100, 160, 0))[0]
    assert [w.text for w in join_spaced(line, VOCABULARY)] == ["合计", "甲", "乙"]
    # OCR reads 目 as 日 more often than any other glyph: 项   日 read from a scan spells
    # 项目 (the word keeps what was read, for the fuzzy header match); from a text layer
    # the glyphs are what the page prints.
    read = [Word(w.text, w.x0, w.top, w.x1, w.bottom, Reading(0.64)) for w in spaced("项日", 0, 60, 0)]
    assert [w.text for w in join_spaced(group_lines(read)[0], VOCABULARY)] == ["项日"]
    assert [w.text for w in join_spaced(group_lines(spaced("项日", 0, 60, 0))[0], VOCABULARY)] == ["项", "日"]


def test_headerless_continuation_page() -> None:
    first = align(table_words(COLS[:5], HEADER[:4], [["201", "一般公共服务支出", "1.00", "1.00"]]),
                  vocabulary=VOCABULARY)
    # The next page starts straight with body rows, the first without figures (a unit).
    cont = [word("青禾县第一中学", 74, 60),
            word("2050201", 14, 76), word("学前教育", 74, 76), right("7.00", 306, 76), right("7.00", 386, 76),
            word("2050202", 14, 92), word("小学教育", 74, 92), right("8.00", 386, 92)]
    part = align(cont, header_of=first, vocabulary=VOCABULARY)
    assert part.blocks == []
    assert part.rows[0] == ["", "青禾县第一中学", "", ""]
    imposed = align(cont, columns=first.col_edges, header_of=first, vocabulary=VOCABULARY)
    assert imposed.col_edges == first.col_edges
    assert imposed.rows == [["", "青禾县第一中学", "", ""], ["2050201", "学前教育", "7.00", "7.00"],
                            ["2050202", "小学教育", "", "8.00"]]


def test_continuation_page_with_its_header_repeated() -> None:
    first = align(table_words(COLS, HEADER, BODY[:1]), vocabulary=VOCABULARY)
    again = align(table_words(COLS, HEADER, BODY[1:]), header_of=first, vocabulary=VOCABULARY)
    assert paths(again) == [[h] for h in HEADER]
    assert again.rows == BODY[1:]


def test_identical_column_groups_side_by_side_are_unstacked() -> None:
    cols = [10.0, 150.0, 230.0, 370.0, 450.0]
    body = [["30101 基本工资", "10.00", "30201 办公费", "2.00"],
            ["30102 津贴补贴", "5.00", "30205 水费", "1.00"],
            ["30103 奖金", "3.00", "", ""]]
    words = []
    for k, (a, b, c, d) in enumerate(body):
        y = 120 + 16 * k
        words += [word(a, 14, y), right(b, 226, y)] + ([word(c, 234, y), right(d, 446, y)] if c else [])
    words += [centred(h, x, 100) for h, x in [("经济分类科目", 80), ("金额", 190), ("经济分类科目", 300), ("金额", 410)]]
    part = align(words, vocabulary=VOCABULARY)
    assert part.rows == body
    flat = unstack(part)
    assert paths(flat) == [["经济分类科目"], ["金额"]]
    assert flat.rows == [["30101 基本工资", "10.00"], ["30102 津贴补贴", "5.00"], ["30103 奖金", "3.00"],
                         ["30201 办公费", "2.00"], ["30205 水费", "1.00"]]


def test_ocr_readings_follow_their_cells_through_unstacking() -> None:
    """How sure OCR was of a cell stays with that cell when the rows are reshaped."""
    from dataclasses import replace

    body = [["30101 基本工资", "10.00", "30201 办公费", "2.00"],
            ["30102 津贴补贴", "5.00", "30205 水费", "1.08"]]
    words = []
    for k, (a, b, c, d) in enumerate(body):
        y = 120 + 16 * k
        words += [word(a, 14, y), right(b, 226, y), word(c, 234, y), right(d, 446, y)]
    unsure = Reading(0.61, (("1.00", 0.9),))
    words = [replace(w, reading=unsure if w.text == "1.08" else Reading(0.99)) for w in words]
    words += [centred(h, x, 100) for h, x in [("经济分类科目", 80), ("金额", 190), ("经济分类科目", 300), ("金额", 410)]]
    flat = unstack(align(words, vocabulary=VOCABULARY))
    assert flat.rows[3] == ["30205 水费", "1.08"]
    assert flat.readings[(3, 1)] == unsure
    assert flat.readings[(0, 1)].score == 0.99 and len(flat.readings) == 8
    # 佛山, scanned to one bit: the second group's 科目 read 科日 (OCR's commonest
    # confusion) is still the same group; printed so in a text layer, it would not be.
    misread = [replace(w, text="经济分类科日") if w.text == "经济分类科目" and w.x0 > 200 else w for w in words]
    assert len(unstack(align(misread, vocabulary=VOCABULARY)).rows) == 4
    printed = [replace(w, reading=None) for w in misread]
    assert len(unstack(align(printed, vocabulary=VOCABULARY)).rows) == 2


def test_a_total_merged_over_two_groups_keeps_its_name() -> None:
    """A 决算 基本支出表 prints 人员经费 in one group and 公用经费 in two (商品和服务支出 |
    资本性支出): 公用经费合计 is centred in a cell merged over the last two groups, its
    figure under the third group's 决算数. The total keeps its label."""
    groups = [(10.0, 50.0, 150.0), (200.0, 240.0, 340.0), (390.0, 430.0, 530.0)]
    body = [[("30101", "基本工资", "10.00"), ("30201", "办公费", "2.00"), ("31002", "办公设备购置", "1.00")],
            [("30102", "津贴补贴", "5.00"), ("30205", "水费", "3.00"), ("", "", "")]]
    words = []
    for k, row in enumerate(body):
        y = 120 + 16 * k
        for (x0, x1, x2), (code, name, figure) in zip(groups, row):
            if code:
                words += [word(code, x0 + 2, y), word(name, x1 + 4, y), right(figure, x2 + 36, y)]
    y = 120 + 16 * len(body)
    words += [word("人员经费合计", 54, y), right("15.00", 186, y), centred("公用经费合计", 360, y), right("6.00", 566, y)]
    for x0, x1, x2 in groups:
        words += [centred("科目代码", x0 + 20, 100), centred("科目名称", x1 + 50, 100), centred("决算数", x2 + 20, 100)]
    part = align(words, vocabulary=VOCABULARY)
    assert part.rows[-1] == ["", "人员经费合计", "15.00", "", "", "公用经费合计", "", "", "6.00"]
    flat = unstack(part)
    assert flat.rows[-1] == ["", "公用经费合计", "6.00"]
    assert ["", "人员经费合计", "15.00"] in flat.rows
    assert not any(row[1] == "公用经费合计" and not row[2] for row in flat.rows)


def test_unstack_leaves_different_groups_alone() -> None:
    part = align(table_words(COLS, HEADER, BODY), vocabulary=VOCABULARY)
    assert unstack(part) is part


RULED_BODY = [["201", "一般公共服务支出", "1.00", "2.00"], ["20103", "政府办公厅", "3.00", "4.00"]]


def test_ruled_grid_gives_the_columns() -> None:
    words = table_words(COLS[:5], HEADER[:4], RULED_BODY)
    part = align(words, ruled=RuledGrid([10, 70, 230, 310, 390], [95, 112, 128, 144]), vocabulary=VOCABULARY)
    assert part.col_edges[1:-1] == [70, 230, 310]
    assert part.rows == RULED_BODY


def test_ruled_grid_missing_a_rule_is_rejected() -> None:
    """The rule between 合计 and 基本支出 is lost: two figures would share a cell, so the
    grid is not trusted and the columns come from the text."""
    words = table_words(COLS[:5], HEADER[:4], RULED_BODY)
    part = align(words, ruled=RuledGrid([10, 70, 230, 390], [95, 112, 128, 144]), vocabulary=VOCABULARY)
    assert part.ncols == 4
    assert part.rows == RULED_BODY


def test_ruled_rows_keep_a_wrapped_cell_together() -> None:
    """Inside a ruled row band, the two lines of a wrapped name are one cell."""
    header = [centred(h, x, 100) for h, x in [("科目名称", 120), ("合计", 270)]]
    rows = [word("政府办公厅（室）及相关", 74, 118), word("机构事务", 74, 129), right("12.00", 306, 123.5),
            word("行政运行", 74, 146), right("3.00", 306, 146)]
    grid = RuledGrid([70, 230, 310], [95, 114, 142, 160])
    part = align(header + rows, ruled=grid, vocabulary=VOCABULARY)
    assert part.rows == [["政府办公厅（室）及相关机构事务", "12.00"], ["行政运行", "3.00"]]


@pytest.mark.parametrize(("text", "data"), [
    ("1,388.82", True), ("0.00", True), ("2010301", True), ("-", False), ("合计", False), ("201 一般", False),
])
def test_is_data_word(text: str, data: bool) -> None:
    assert is_data_word(Word(text, 0, 0, 10, 10)) is data


# --- known limitations (minimal inputs for the report) ------------------------------------

def test_wide_column_of_short_figures_with_index_row() -> None:
    cols = [10.0, 70.0, 230.0, 430.0, 470.0]
    body = [["201", "一般公共服务支出", "100.00", "60.00"], ["20103", "政府办公厅", "8.00", "8.00"]]
    part = align(table_words(cols, HEADER[:4], body, index=["※", "※", "1", "2"]), vocabulary=VOCABULARY)
    assert part.rows == body


def test_short_names_in_a_wide_name_column() -> None:
    cols = [10.0, 50.0, 330.0, 410.0]
    body = [["201", "教育", "100.00"], ["20501", "教育管理", "100.00"]]
    part = align(table_words(cols, HEADER[:3], body), vocabulary=VOCABULARY)
    assert part.rows == body


def test_name_wrapped_over_three_lines_in_a_short_table() -> None:
    header = [centred("项目", 80, 100), centred("合计", 270, 100)]
    rows = [word("公务用车", 14, 117), word("购置及", 14, 127), word("运行费", 14, 137), right("4.80", 306, 127),
            word("公务接待费", 14, 155), right("0.20", 306, 155)]
    part = align(header + rows, vocabulary=VOCABULARY)
    assert part.rows == [["公务用车购置及运行费", "4.80"], ["公务接待费", "0.20"]]


def test_a_cell_wrapped_over_three_lines_keeps_its_first_line() -> None:
    """Unruled: a project name wraps over three lines, its figures on the middle one;
    the first line is much closer to that row than to the row above."""
    from budgetx.model import Word as W

    words = [
        W("科目名称", 10, 10, 60, 19), W("项目名称", 100, 10, 150, 19), W("合计", 270, 10, 300, 19),
        W("行政运行", 10, 40, 60, 49), W("机构运行经费", 100, 40, 180, 49), W("126.00", 270, 40, 300, 49),
        W("中央财政义务教育薄弱", 100, 70, 220, 79),
        W("小学教育", 10, 82, 60, 91), W("环节改善与能力提升", 100, 82, 210, 91), W("365.71", 270, 82, 300, 91),
        W("补助资金", 100, 94, 150, 103),
    ]
    part = align(words)
    assert len(part.rows) == 2
    assert part.rows[1][1] == "中央财政义务教育薄弱环节改善与能力提升补助资金"
    assert part.rows[1][2] == "365.71"


def test_an_index_row_with_misread_marks_is_still_the_index_row() -> None:
    """OCR reads ※ as another glyph (淡); the run 1 2 3 after them still marks it."""
    from budgetx.reader.align import _is_index_line
    from budgetx.reader.lines import Line
    from budgetx.model import Word as W

    def line(*texts: str) -> Line:
        return Line([W(t, 20.0 * i, 0, 20.0 * i + 8, 9) for i, t in enumerate(texts)])

    assert _is_index_line(line("淡", "淡", "※", "※", "1", "2", "3", "4"))
    assert not _is_index_line(line("行政运行", "1", "2", "3"))
    assert not _is_index_line(line("淡", "1", "3", "4"))
    # `**` read as two glyphs OCR is unsure of (杭州 at 150 dpi: 非家 at 0.34); read
    # sure, two glyphs are a label.
    assert _is_index_line(Line([W("非家", 0, 0, 8, 9, Reading(0.34)), W("1", 20, 0, 24, 9), W("2", 40, 0, 44, 9),
                                W("3", 60, 0, 64, 9)]))
    assert not _is_index_line(Line([W("奖金", 0, 0, 8, 9, Reading(0.98)), W("1", 20, 0, 24, 9), W("2", 40, 0, 44, 9),
                                    W("3", 60, 0, 64, 9)]))
    # Nine column numbers (长沙, blurred: its `** ** ** **` read 非市 *车 ** 永非, one of
    # them at 0.51) say index row whatever the marks; not when a mark's place is a
    # label's length, nor when it stands among the numbers.
    nine = [W(str(n), 100.0 + 20 * n, 0, 104.0 + 20 * n, 9) for n in range(1, 10)]
    marks = [W("非市", 0, 0, 8, 9, Reading(0.51)), W("*车", 20, 0, 28, 9, Reading(0.12)), W("**", 40, 0, 48, 9),
             W("永非", 60, 0, 68, 9, Reading(0.15))]
    assert _is_index_line(Line(marks + nine))
    assert not _is_index_line(Line([W("一般公共服务", 0, 0, 8, 9, Reading(0.9)), *marks[1:], *nine]))
    assert not _is_index_line(Line(marks[1:] + nine[:4] + [W("非市", 185, 0, 189, 9, Reading(0.51))] + nine[4:]))


def _side_rows(body: list[tuple[str, str, str, str]], top: float) -> list[Word]:
    """The rows of a 收支 table under a 项目 | 预算数 | 项目 | 预算数 header: each block's
    label left-aligned, its figure right-aligned."""
    words = []
    for k, (a, b, c, d) in enumerate(body):
        y = top + 16 * k
        words += [word(a, 44, y), right(b, 296, y), word(c, 304, y), right(d, 551, y)]
    return words


def test_a_year_in_a_header_is_not_the_first_row_of_figures() -> None:
    # `2026 年预算数`: the year is printed apart from its 年, and reads as a number.
    words = [centred("收入", 120, 80), centred("支出", 380, 80),
             word("项目", 60, 100), word("2026", 236, 100), word("年预算数", 256, 100),
             word("项目", 320, 100), word("2026", 491, 100), word("年预算数", 511, 100)]
    body = [("一、财政拨款", "5,417.80", "一般公共服务支出", "3,478.72"), ("收入总计", "5,417.80", "支出总计", "5,417.80")]
    words += _side_rows(body, 120)
    part = align(words, vocabulary=VOCABULARY)
    assert [p[-1] for p in paths(part)] == ["项目", "2026年预算数", "项目", "2026年预算数"]
    assert part.rows == [["一、财政拨款", "5,417.80", "一般公共服务支出", "3,478.72"],
                         ["收入总计", "5,417.80", "支出总计", "5,417.80"]]


def test_a_spaced_header_glyph_read_as_a_digit_is_not_the_first_row_of_figures() -> None:
    # A 1-bit scan read 支   出 as 支   1: the 1 stands where the spaced word's second
    # glyph does (as far from 支 as 入 from 收), no figure in a cell of its own.
    words = spaced("收入", 100, 160, 80) + [word("支", 360, 80), word("1", 420, 80)]
    words += [word("项目", 60, 100), word("预算数", 236, 100), word("项目", 320, 100), word("预算数", 491, 100)]
    body = [("一、本年收入", "16,474.82", "一、本年支出", "18,728.94"), ("收入总计", "16,474.82", "支出总计", "18,728.94")]
    words += _side_rows(body, 120)
    part = align(words, vocabulary=VOCABULARY)
    assert [p[-1] for p in paths(part)] == ["项目", "预算数", "项目", "预算数"]
    assert part.rows[0] == ["一、本年收入", "16,474.82", "一、本年支出", "18,728.94"]
    # A figure in its own cell, right of a label's glyphs (合   计   1), is one.
    row = spaced("合计", 44, 80, 200) + [right("1", 296, 200)]
    assert align(words[:8] + row, vocabulary=VOCABULARY).rows[0][1] == "1"


def test_header_only_columns_whose_wrapped_lines_interleave_stay_apart() -> None:
    """Columns the body leaves empty, their headers wrapped over two or three lines set
    at different heights (财政专户管 / 理资金收入 beside 国有资本经 / 营预算收入 one line
    lower): each cell's lines stay its own, no text of a neighbour runs into it."""
    words = [word("科目名称", 10, 110), word("合计", 90, 110),
             word("国有资本经", 140, 104), word("营预算收入", 140, 113),
             word("财政专户管", 200, 100), word("理资金收入", 200, 109),
             word("其他收入", 260, 104),
             word("上级补助收", 310, 100), word("入", 326, 109),
             word("上年结转", 370, 104)]
    words += [word("行政运行", 10, 130), right("507.97", 120, 130),
              word("事业运行", 10, 146), right("346.87", 120, 146)]
    part = align(words)
    assert [p[-1] for p in paths(part)] == ["科目名称", "合计", "国有资本经营预算收入", "财政专户管理资金收入",
                                            "其他收入", "上级补助收入", "上年结转"]
    assert part.rows == [["行政运行", "507.97", "", "", "", "", ""], ["事业运行", "346.87", "", "", "", "", ""]]


def test_a_wrapped_header_line_beside_the_figures_is_no_column_of_its_own() -> None:
    """一般公共预 / 算 centred over a column whose figures are right-aligned: the lone 算
    under it misses the figures, yet is the same cell, not a column; 政府性基金 over 预算
    are two known headers that together are one (政府性基金预算)."""
    words = [word("科目名称", 10, 110), word("合计", 90, 110), word("小计", 128, 110), word("一般公共预", 150, 104), centred("算", 164.5, 113),
             word("政府性基金", 210, 104), centred("预算", 232.5, 113)]
    words += [word("行政运行", 10, 130), right("71.89", 120, 130), right("71.89", 146, 130), right("71.89", 196, 130),
              word("事业运行", 10, 146), right("1.56", 120, 146), right("1.56", 146, 146), right("1.56", 196, 146)]
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["科目名称"], ["合计"], ["小计"], ["一般公共预算"], ["政府性基金预算"]]
    assert part.rows == [["行政运行", "71.89", "71.89", "71.89", ""], ["事业运行", "1.56", "1.56", "1.56", ""]]


def test_rows_without_figures_under_a_repeated_header_are_body_rows() -> None:
    """A continuation page repeats the header, then prints rows without figures before
    the first figure (十七、住房保障支出 | | …): the header ends with its last line of
    header text, those rows are rows."""
    first = align(table_words(COLS, HEADER, BODY[:1]), vocabulary=VOCABULARY)
    again = align(table_words(COLS, HEADER, [["", "十七、住房保障支出", "", "", ""], ["", "十八、粮油物资储备支出", "", "", ""],
                                             ["", "十九、国有资本经营预算支出", "4.00", "", "4.00"]]),
                  header_of=first, vocabulary=VOCABULARY)
    assert paths(again) == [[h] for h in HEADER]
    assert again.rows == [["", "十七、住房保障支出", "", "", ""], ["", "十八、粮油物资储备支出", "", "", ""],
                          ["", "十九、国有资本经营预算支出", "4.00", "", "4.00"]]


def test_a_repeated_header_ending_in_the_last_glyphs_of_wrapped_cells_stays_header() -> None:
    """The repeated header's last line holds only the wrapped ends of its cells (算 |
    预算): still header, however short those pieces are."""
    head = [word("项目名称", 10, 104), word("合计", 90, 104), word("一般公共预", 150, 104), centred("算", 164.5, 113),
            word("政府性基金", 210, 104), centred("预算", 232.5, 113)]
    first = align(head + [word("甲项目", 10, 130), right("3.00", 120, 130), right("3.00", 196, 130)], vocabulary=VOCABULARY)
    again = align(head + [word("乙项目", 10, 130), word("丙项目", 10, 146), right("4.00", 120, 146), right("4.00", 256, 146)],
                  header_of=first, vocabulary=VOCABULARY)
    assert again.rows == [["乙项目", "", "", ""], ["丙项目", "4.00", "", "4.00"]]


def test_a_subtitle_spanning_the_whole_table_is_no_header() -> None:
    """（按经济分类科目分） printed under the title, across every column, scopes the
    table: the columns' headers are the cells below it."""
    from budgetx.reader.align import AlignedPart, Block

    part = AlignedPart([0, 100, 200, 300], [Block("（按经济分类科目分）", 0, 2, 10, 20),
                                            Block("序号", 0, 0, 30, 40), Block("科目名称", 1, 1, 30, 40),
                                            Block("合计", 2, 2, 30, 40)], [])
    assert part.paths() == [["序号"], ["科目名称"], ["合计"]]
    part.blocks.append(Block("收入", 0, 2, 0, 8))  # a group header over all columns stays
    assert part.paths() == [["收入", "序号"], ["收入", "科目名称"], ["收入", "合计"]]


def test_headers_side_by_side_over_one_column_read_left_to_right() -> None:
    """预算单位 | 科目编码 over one column (the unit column blank on this page): a scan's
    deskew leaves the two tops a fraction apart, either way; the path reads them left to
    right all the same, as on a text page, so the code column stays the code column."""
    from budgetx.reader.align import AlignedPart, Block

    for unit_top, code_top in ((172.3, 171.9), (171.9, 172.3)):
        part = AlignedPart([0, 300, 400], [Block("预算单位", 0, 0, unit_top, unit_top + 9, 128, 167),
                                           Block("科目编码", 0, 0, code_top, code_top + 9, 317, 355),
                                           Block("科目名称", 1, 1, 172, 181, 487, 525)], [])
        assert part.paths() == [["预算单位", "科目编码"], ["科目名称"]]
    # A group header level with a leaf centred in its tall cell (西安's cramped “三公”
    # header: 公务用车购置及运行维护费 over three columns, 公务接待费 beside it) stays
    # above the leaf, wherever its text starts.
    part = AlignedPart([0, 100, 200], [Block("公务接待费", 1, 1, 172.1, 181, 105, 150),
                                       Block("公务用车购置及运行维护费", 0, 1, 172.3, 181, 120, 230)], [])
    assert part.paths() == [["公务用车购置及运行维护费"], ["公务用车购置及运行维护费", "公务接待费"]]
    # A group header above its leaf is another line: it stays above.
    part = AlignedPart([0, 100], [Block("科目编码", 0, 0, 180, 189, 10, 50), Block("功能分类", 0, 0, 170, 179, 30, 70)], [])
    assert part.paths() == [["功能分类", "科目编码"]]


def test_headers_written_down_narrow_columns_keep_their_glyphs() -> None:
    # 事业单位经营收入 | 上级补助收入 written a glyph a line down two narrow columns: the
    # 收 of one and the 入 of the other share a line and spell 收入, a known header, but
    # each is a line of its own column's header.
    words: list[Word] = []
    for x, text, first in ((300.0, "事业单位经营收入", 0), (324.0, "上级补助收入", 1), (348.0, "其他收入", 3)):
        words += [word(ch, x, 100 + 9.7 * (first + k), 7.4) for k, ch in enumerate(text)]
    words += [word("科目名称", 60, 150, 7.4)]
    for y, name in ((190.0, "一般公共服务支出"), (206.0, "行政运行")):
        words += [word(name, 40, y, 7.4), right("1.00", 314, y, 7.4), right("2.00", 338, y, 7.4), right("3.00", 362, y, 7.4)]
    part = align(words, vocabulary=VOCABULARY)
    assert ["".join(p) for p in paths(part)] == ["科目名称", "事业单位经营收入", "上级补助收入", "其他收入"]
    assert part.rows[0] == ["一般公共服务支出", "1.00", "2.00", "3.00"]
    # Letter-spaced glyphs of one line still join (收      入 across its cell).
    line = group_lines(spaced("收入", 0, 60, 0))[0]
    assert [w.text for w in join_spaced(line, VOCABULARY)] == ["收入"]
def test_a_first_row_of_numbered_labels_without_figures_is_body() -> None:
    # 西安's 收支总表: each block's first row (一、部门预算) prints no figure.
    words = [centred("收入", 150, 80), centred("支出", 400, 80),
             word("项目", 60, 100), centred("预算数", 260, 100), word("项目", 320, 100), centred("预算数", 510, 100),
             word("一、部门预算", 44, 120), word("一、部门预算", 304, 120)]
    body = [("1、财政拨款", "100.00", "1、一般公共服务", "60.00"), ("收入总计", "100.00", "支出总计", "100.00")]
    words += _side_rows(body, 138)
    part = align(words, vocabulary=VOCABULARY)
    assert [p[-1] for p in paths(part)] == ["项目", "预算数", "项目", "预算数"]
    assert part.rows[0] == ["一、部门预算", "", "一、部门预算", ""]
    assert part.rows[1] == ["1、财政拨款", "100.00", "1、一般公共服务", "60.00"]


def test_a_narrow_header_set_a_glyph_a_line_is_one_cell() -> None:
    # 序 / 号 and 会 / 议 / 费 with wide leading in narrow columns, beside a wrapped 公务接 / 待费.
    # Glyphs 6 pt high on a 16 pt pitch: 10 pt of leading between the lines of one cell.
    glyphs = [("序", 20, 100), ("号", 20, 116), ("会", 120, 92), ("议", 120, 108), ("费", 120, 124),
              ("公务接", 60, 100), ("待费", 63, 116)]
    words = [word(t, x, y, 6) for t, x, y in glyphs] + [centred("合计", 180, 108, 6)]
    for k, (n, a, b, c) in enumerate([("1", "5.00", "2.00", "7.00"), ("2", "1.00", "0.50", "1.50")]):
        y = 145 + 16 * k
        words += [word(n, 20, y), right(a, 100, y), right(b, 140, y), right(c, 200, y)]
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["序号"], ["公务接待费"], ["会议费"], ["合计"]]
    assert part.rows == [["1", "5.00", "2.00", "7.00"], ["2", "1.00", "0.50", "1.50"]]
    # Two known headers stacked so are a group over its leaf (支出 over 合计), not one cell.
    words = words[:7] + [word("支出", 174, 92, 6), word("合计", 174, 108, 6)] + words[8:]
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part)[-1] == ["支出", "合计"]


def test_a_group_header_centred_on_a_rule_heads_both_columns() -> None:
    # 公共预算拨款 centred over 小计 | 其中：专项资金, 小计 set low in its column and short.
    grid = RuledGrid([10.0, 100.0, 200.0, 300.0], [90.0, 140.0, 160.0, 180.0])
    words = [word("单位名称", 20, 120), centred("公共预算拨款", 200, 95), centred("小计", 140, 128),
             centred("其中：专项资金", 250, 116)]
    words += [word("青禾局", 20, 145), right("10.00", 196, 145), right("4.00", 296, 145),
              word("青禾站", 20, 165), right("5.00", 196, 165), right("1.00", 296, 165)]
    part = align(words, grid, vocabulary=VOCABULARY)
    assert paths(part) == [["单位名称"], ["公共预算拨款", "小计"], ["公共预算拨款", "其中：专项资金"]]
    # Centred over the right column and only reaching into the left one: still both.
    words[1] = centred("公共预算拨款", 215, 95)
    part = align(words, grid, vocabulary=VOCABULARY)
    assert paths(part) == [["单位名称"], ["公共预算拨款", "小计"], ["公共预算拨款", "其中：专项资金"]]
    # A wide leaf beside a header on its own line heads nothing but its own column.
    level = [word("单位名称", 20, 120), centred("一般公共预算拨款合计", 150, 120), centred("其中：专项资金", 250, 120)]
    part = align(level + words[4:], grid, vocabulary=VOCABULARY)
    assert paths(part) == [["单位名称"], ["一般公共预算拨款合计"], ["其中：专项资金"]]


def test_a_leaf_centred_apart_from_its_right_aligned_figures_keeps_them() -> None:
    # Items across in narrow cells: each header centred in its cell, each figure set
    # against the cell's right edge, so 小计 and its 4.00 share no x at all; the group
    # header is centred over its middle column, not over 小计.
    words = [centred("公务用车购置及运行维护费", 223, 136, 9),
             centred("合计", 33, 150, 9), centred("因公出国", 97, 145, 9), centred("（境）经费", 97, 155, 9),
             centred("小计", 161, 160, 9), centred("公务用车购置", 223, 155, 9), centred("经费", 223, 164, 9),
             centred("公务用车运行", 284, 155, 9), centred("维护费", 284, 164, 9), centred("公务接待费", 346, 150, 9),
             right("20.60", 62, 185, 7.5), right("5.00", 128, 185, 7.5), right("4.00", 190, 185, 7.5),
             right("4.00", 313, 185, 7.5), right("11.60", 374, 185, 7.5)]
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["合计"], ["因公出国（境）经费"], ["公务用车购置及运行维护费", "小计"],
                           ["公务用车购置及运行维护费", "公务用车购置经费"],
                           ["公务用车购置及运行维护费", "公务用车运行维护费"], ["公务接待费"]]
    assert part.rows == [["20.60", "5.00", "4.00", "", "4.00", "11.60"]]


def test_a_group_header_wrapped_in_its_cell_is_read_whole() -> None:
    # 公务用车购置及运行维 over 护费, centred under it and narrower: one group header over
    # 小计 | 购置费 | 运行费, not a header of the middle column. A leaf set over lines
    # of its own (公务 / 用车 / 购置 / 费) stays the leaf.
    words = [centred("公务用车购置及运行维", 120, 100, 6), centred("护费", 120, 106.5, 6),
             centred("小计", 90, 133, 6),
             centred("公务", 120, 127, 6), centred("用车", 120, 133.5, 6), centred("购置", 120, 140, 6),
             centred("费", 120, 146.5, 6), centred("运行费", 150, 133, 6),
             right("50.00", 104, 165, 6), right("0.00", 134, 165, 6), right("50.00", 164, 165, 6)]
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["公务用车购置及运行维护费", "小计"], ["公务用车购置及运行维护费", "公务用车购置费"],
                           ["公务用车购置及运行维护费", "运行费"]]
    assert part.rows == [["50.00", "0.00", "50.00"]]


def test_a_group_headers_last_glyph_set_a_line_below_is_not_its_middle_leafs() -> None:
    # 西安 2022: 公务用车购置及运行维护 over 费, a whole line's leading apart, the 费
    # centred over the middle leaf that is stacked a glyph a line (公 / 务 / … / 置).
    # The 费 ends the group header; the leaf stays 公务用车购置.
    words = [centred("公务用车购置及运行维护", 120, 100, 5.5), centred("费", 120, 115.6, 5.5),
             centred("小计", 90, 150, 5.5), centred("运行费", 150, 150, 5.5)]
    words += [centred(g, 120, 131.6 + 15.6 * k, 5.5) for k, g in enumerate("公务用车购置")]
    words += [right("50.00", 104, 240, 5.5), right("0.00", 134, 240, 5.5), right("50.00", 164, 240, 5.5)]
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["公务用车购置及运行维护费", "小计"], ["公务用车购置及运行维护费", "公务用车购置"],
                           ["公务用车购置及运行维护费", "运行费"]]


def test_a_header_boxed_in_pieces_along_its_line_is_one_header() -> None:
    # A scan of a 决算 “三公” table: OCR boxes 公务用车购置及运行维护费 as 公务 |
    # 用车购置及运 | 行维护费, a point or two apart, over 小计 | 购置费 | 运行维护费.
    words = [word("公务", 60, 100, 9), word("用车购置及运", 80.5, 100, 9), word("行维护费", 135, 100, 9),
             centred("小计", 70, 120, 9), centred("公务用车购置费", 130, 120, 9), centred("公务用车运行维护费", 200, 120, 9),
             right("40.63", 90, 140, 9), right("40.63", 240, 140, 9)]
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["公务用车购置及运行维护费", "小计"], ["公务用车购置及运行维护费", "公务用车购置费"],
                           ["公务用车购置及运行维护费", "公务用车运行维护费"]]
    # Two headers set close that spell no header together stay two.
    apart = align([word("合计", 60, 100, 9), word("基本支出", 80, 100, 9), right("1.00", 79, 120, 9),
                   right("2.00", 116, 120, 9)], vocabulary=VOCABULARY)
    assert paths(apart) == [["合计"], ["基本支出"]]


def test_a_header_joined_from_pieces_keeps_the_box_of_them_all() -> None:
    # 西安: 公务用车购置及 over 运行费, set close enough to read as one line: the header
    # they spell reaches as far right as its wider first line, over all its columns.
    from budgetx.model import Word as W
    from budgetx.reader.header_cells import _join_split_words

    pieces = [W("公务用车购置及", 415.7, 131.8, 450.4, 136.8), W("运行费", 425.7, 134.0, 440.3, 139.0)]
    assert _join_split_words(pieces, VOCABULARY) == [W("公务用车购置及运行费", 415.7, 131.8, 450.4, 139.0)]


def test_whole_labels_set_close_at_a_tables_foot_are_rows_of_their_own() -> None:
    # 湖州, unruled: a 财政拨款收支总表 whose last rows (本年收入合计, 上年结转结余, …,
    # 收入总计) are set closer than a wrapped name's lines in its body. Each is a label
    # the registry knows: a row of its own, not a wrapped line of the row above.
    from budgetx.schema.rules import row_labels

    words = [centred(t, x, 100) for t, x in [("项目", 100), ("预算数", 230), ("项目", 360), ("预算数", 490)]]
    body = [("一、财政拨款", "6838.41", "一般公共服务支出", "5356.01"), ("一般公共预算", "6838.41", "社会保障和就业支出", "796.52"),
            ("政府性基金预算", "", "卫生健康支出", "265.81")]
    y = 120.0
    for a, b, c, d in body:
        words += [word(a, 40, y), word(c, 300, y), *(right(v, x, y) for v, x in [(b, 270), (d, 530)] if v)]
        y += 17
    # A name wrapped in the body: its lines 3 pt apart.
    words += [word("机关事业单位基本养老保险缴费", 300, y), word("支出", 300, y + 12), right("325.74", 530, y + 6)]
    y += 30
    for a, b in [("本年收入合计", "6838.41"), ("上年结转结余", ""), ("一般公共预算", ""), ("收入总计", "6838.41")]:
        words += [word(a, 40, y), *([right(b, 270, y)] if b else [])]
        y += 13
    part = align(words, vocabulary=VOCABULARY, spaced=row_labels())
    labels = [row[0] for row in part.rows]
    assert labels[-4:] == ["本年收入合计", "上年结转结余", "一般公共预算", "收入总计"]
    assert ["", "", "机关事业单位基本养老保险缴费支出", "325.74"] in part.rows


def test_a_total_line_close_under_a_row_without_figures_is_its_own_row() -> None:
    # 福州, unruled: 二十六、债务发行费用支出 (no figure) right above 本年收入合计 … 本年支出合计,
    # much closer to it than to the row above: the total is no wrapped name's last line.
    from budgetx.schema.rules import row_labels

    words = [centred(t, x, 100) for t, x in [("项目", 100), ("预算数", 230), ("项目", 360), ("预算数", 490)]]
    words += [word("一、一般公共预算", 40, 120), right("24995.94", 270, 120), word("一、一般公共服务支出", 300, 120),
              right("24995.94", 530, 120), word("二十五、债务付息支出", 300, 136), word("二十六、债务发行费用支出", 300, 152),
              word("本年收入合计", 60, 162.4), right("24995.94", 270, 162.4), word("本年支出合计", 320, 162.4),
              right("24995.94", 530, 162.4)]
    part = align(words, vocabulary=VOCABULARY, spaced=row_labels())
    assert part.rows[-2:] == [["", "", "二十六、债务发行费用支出", ""], ["本年收入合计", "24995.94", "本年支出合计", "24995.94"]]


def test_names_wrapped_round_their_figures_stay_with_their_rows() -> None:
    # 无锡, unruled: each unit's name wraps over two lines centred on its row's figures
    # (无锡市人力资源和社会保 / 309 154,121.76 / 障局); the next unit's first line, close
    # under the last, is the start of the next row, which its figures overlap.
    words = [centred(t, x, 100) for t, x in [("部门代码", 30), ("部门名称", 110), ("合计", 200)]]
    words += [word("合计", 70, 112, 7.5), right("163,145.60", 230, 112, 7.5),
              word("无锡市人力资源和社会保", 60, 120, 7.5), word("309", 10, 124.9, 7.5), right("154,121.76", 230, 124.9, 7.5),
              word("障局", 60, 129.7, 7.5),
              word("无锡市人力资源和社会保", 60, 140, 7.5), word("309001", 10, 144.8, 7.5), right("6,810.48", 230, 144.8, 7.5),
              word("障局（本级）", 60, 149.7, 7.5),
              word("309002", 10, 163.2, 7.5), word("无锡市劳动就业管理中心", 60, 163.2, 7.5), right("2,213.36", 230, 163.2, 7.5)]
    part = align(words, vocabulary=VOCABULARY)
    assert part.rows == [["", "合计", "163,145.60"], ["309", "无锡市人力资源和社会保障局", "154,121.76"],
                         ["309001", "无锡市人力资源和社会保障局（本级）", "6,810.48"],
                         ["309002", "无锡市劳动就业管理中心", "2,213.36"]]


def test_a_row_label_spaced_across_its_cell_is_no_columns() -> None:
    # The income side of a 财政拨款收支总表's last page holds only its 本 年 收 入 合 计
    # row, each glyph apart: the glyphs are one label, not columns of their own.
    from budgetx.schema.rules import row_labels

    words = [centred("项目", 118, 100), centred("预算数", 250, 100), centred("项目", 383, 100),
             centred("预算数", 500, 100),
             word("十七、住房保障支出", 312, 130), right("295.56", 540, 130)]
    words += [word(g, 71 + 19 * k, 160) for k, g in enumerate("本年收入合计")]
    words += [right("5,867.54", 308, 160)]
    words += [word(g, 331 + 19 * k, 160) for k, g in enumerate("本年支出合计")]
    words += [right("5,867.54", 540, 160)]
    part = align(words, vocabulary=VOCABULARY, spaced=row_labels())
    assert paths(part) == [["项目"], ["预算数"], ["项目"], ["预算数"]]
    assert part.rows == [["", "", "十七、住房保障支出", "295.56"],
                         ["本年收入合计", "5,867.54", "本年支出合计", "5,867.54"]]
def test_a_header_set_justified_with_wide_leading_is_one_cell_per_column() -> None:
    # 江苏 2017: each header cell's text justified across its narrow column, lines two
    # glyphs apart: 小 / 计 shifted apart, 因公 / 出国 / （境）费, 公务接待 / 费, 会议 / 费.
    # No piece is a header of its own; together they are the column's one header.
    grid = RuledGrid([10.0, 60.0, 100.0, 150.0, 200.0, 240.0], [90.0, 200.0, 220.0])
    size = 10.0
    pieces = [("合计", 20, 130), ("小", 85, 112), ("计", 70, 141), ("因公", 115, 97), ("出国", 105, 126),
              ("（境）费", 105, 155), ("公务接待", 155, 112), ("费", 160, 141), ("会议", 210, 112), ("费", 205, 141)]
    words = [word(t, x, y, size) for t, x, y in pieces]
    words += [right(a, x, 205) for a, x in [("2,542.60", 58), ("833.60", 98), ("222.50", 148), ("427.50", 198),
                                            ("1,305.25", 238)]]
    part = align(words, grid, vocabulary=VOCABULARY)
    assert paths(part) == [["合计"], ["小计"], ["因公出国（境）费"], ["公务接待费"], ["会议费"]]


def test_pieces_that_spell_a_known_header_are_one_cell_further_apart() -> None:
    # 江苏 2017: 项目名 / 称 with two and a quarter lines' leading, beside 金额.
    words = [word("项目名", 15, 100, 9), word("称", 15, 129.5, 9), word("金额", 70, 115, 9),
             word("一、财政拨款", 12, 205, 9), right("13,649.07", 98, 205, 9)]
    part = align(words, RuledGrid([10.0, 60.0, 100.0], [90.0, 200.0, 220.0]), vocabulary=VOCABULARY)
    assert paths(part) == [["项目名称"], ["金额"]]


def test_a_group_over_one_leaf_reaching_past_its_column_stays_a_group() -> None:
    # 上海: 公务用车购置及运行费 over 小计 | 购置费 | 运行费, neither a header the registry
    # knows, the group's text wider than the column under it: two cells, not one.
    grid = RuledGrid([10.0, 100.0, 200.0, 300.0, 400.0], [90.0, 150.0, 170.0])
    words = [centred("合计", 55, 110, 12), centred("公务用车购置及运行费", 250, 98, 12), centred("小计", 150, 122, 12),
             centred("购置费", 250, 122, 12), centred("运行费", 350, 122, 12)]
    words += [right(a, x, 155) for a, x in [("84.00", 98), ("49.00", 198), ("49.00", 398)]]
    part = align(words, grid, vocabulary=VOCABULARY)
    assert paths(part)[2] == ["公务用车购置及运行费", "购置费"]


def test_a_row_above_the_first_rule_stays_first() -> None:
    """A continuation page whose top rule is lost (or a scan's first rule found below the
    first row): that row is the page's first, not its last."""
    rows = [word("四、公共安全支出", 74, 80), right("23,513.11", 306, 80),
            word("五、教育支出", 74, 100), right("12.00", 306, 100),
            word("六、科学技术支出", 74, 118), right("3.00", 306, 118)]
    part = align(rows, ruled=RuledGrid([70, 230, 310], [92, 110, 128]), vocabulary=VOCABULARY)
    assert part.rows == [["四、公共安全支出", "23,513.11"], ["五、教育支出", "12.00"], ["六、科学技术支出", "3.00"]]



def test_figures_wholly_left_of_the_only_header_over_them_belong_to_the_blank_leaf_beside() -> None:
    # 财政拨款收支总表: the side's 支 出, letter-spaced on the top line, ends up over the
    # right end of the 总计 cell, where the figures end; 总计 is centred left of them.
    words = [*spaced("收入", 164, 191, 89, 9), *spaced("支出", 539, 567, 89, 9),
             word("项目", 109, 117, 9), word("预算数", 236, 117, 9), word("项目", 375, 117, 9),
             word("预算数", 613, 108, 9), word("总计", 491, 126, 9), word("一般公共预算", 556, 126, 9),
             word("政府性基金预算", 637, 126, 9), word("国有资本经营预算", 718, 126, 9),
             word("一、一般公共预算收入", 40, 146, 9), right("5,867.54", 300, 146, 9), word("一、一般公共服务支出", 320, 146, 9),
             word("四、教育支出", 320, 200, 9), right("12.00", 540, 200, 9), right("12.00", 625, 200, 9),
             word("七、社会保障和就业支出", 320, 255, 9), right("500.47", 540, 255, 9), right("500.47", 625, 255, 9)]
    part = align(words, vocabulary=VOCABULARY)
    # (Which groups reach over 一般公共预算 is not this test's: the leaves and figures are.)
    assert paths(part)[3][::len(paths(part)[3]) - 1] == ["支出", "总计"] and paths(part)[4][-2:] == ["预算数", "一般公共预算"]
    assert [row[3:5] for row in part.rows] == [["", ""], ["12.00", "12.00"], ["500.47", "500.47"]]


def test_a_groups_last_line_that_spells_it_whole_is_not_read_into_the_column_below() -> None:
    # 公务用车购置及 over 运行费, centred over three narrow columns whose own headers are
    # stacked a glyph or two a line (公务 / 用车 / 购置 / 费): 运行费 sits over the middle
    # one, as close to its stack as to the group.
    size = 5.5
    words = [word("公务用车购置及", 416, 132, size), word("运行费", 426, 138, size),
             word("小计", 413, 154, size),
             word("公务", 428, 144, size), word("用车", 428, 150, size), word("购置", 428, 156, size),
             word("费", 431, 162, size),
             word("公务", 443, 144, size), word("用车", 443, 150, size), word("运行费", 441, 156, size),
             right("10.00", 425, 180, size), right("4.00", 440, 180, size), right("6.00", 455, 180, size)]
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["公务用车购置及运行费", "小计"], ["公务用车购置及运行费", "公务用车购置费"],
                           ["公务用车购置及运行费", "公务用车运行费"]]


def test_a_names_last_line_set_further_than_half_a_glyph_below_it_is_still_its_own() -> None:
    # 苏州, unruled: 机关事业单位基本养老保险缴 fills the name column and 费支出 lies
    # 5 pt under it (over half a glyph), rows 13 pt apart: the line is the name's rest.
    words = [centred(t, x, 100) for t, x in [("科目编码", 40), ("科目名称", 150), ("合计", 270)]]
    rows = [("208", "社会保障和就业支出", "1.00", None), ("2080505", "机关事业单位基本养老保险缴", "3.00", "费支出"),
            ("2080506", "机关事业单位职业年金缴费支", "2.00", "出"), ("2080599", "其他行政事业单位养老支出", "0.50", None),
            ("210", "卫生健康支出", "4.00", None), ("21011", "行政事业单位医疗", "4.00", None),
            ("2101101", "行政单位医疗", "4.00", None), ("221", "住房保障支出", "5.00", None)]
    y = 120.0
    for code, name, figure, rest in rows:
        words += [word(code, 14, y), word(name, 74, y), right(figure, 306, y)]
        if rest:
            y += 14
            words.append(word(rest, 74, y))
        y += 22 if not rest else 17
    part = align(words, vocabulary=VOCABULARY)
    assert [row[:2] for row in part.rows] == [
        ["208", "社会保障和就业支出"], ["2080505", "机关事业单位基本养老保险缴费支出"],
        ["2080506", "机关事业单位职业年金缴费支出"], ["2080599", "其他行政事业单位养老支出"], ["210", "卫生健康支出"],
        ["21011", "行政事业单位医疗"], ["2101101", "行政单位医疗"], ["221", "住房保障支出"]]


def test_names_centred_on_their_figures_in_evenly_spaced_lines_keep_their_rows() -> None:
    # 普陀 决算, unruled: every line 13.5 pt below the last. A name of two lines straddles
    # its figures (the first row's first line too, so it is no header line); one of three
    # has them on its middle line, the lines above and below as far from them.
    words = [centred(t, x, 100) for t, x in [("科目编码", 40), ("科目名称", 110), ("合计", 200)]]
    words += [word("社会保障和就", 74, 120), word("208", 14, 125.5), right("754.75", 230, 125.5), word("业支出", 74, 131),
              word("机关事业单位", 74, 144.5), word("2080505", 14, 158), word("基本养老保险", 74, 158),
              right("446.11", 230, 158), word("缴费支出", 74, 171.5),
              word("2080599", 14, 185), word("其他养老支出", 74, 185), right("0.88", 230, 185),
              word("行政事业单位", 74, 198.5), word("21011", 14, 204), right("236.64", 230, 204), word("医疗", 74, 209.5)]
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["科目编码"], ["科目名称"], ["合计"]]
    assert part.rows == [["208", "社会保障和就业支出", "754.75"], ["2080505", "机关事业单位基本养老保险缴费支出", "446.11"],
                         ["2080599", "其他养老支出", "0.88"], ["21011", "行政事业单位医疗", "236.64"]]


def test_numbered_items_set_as_closely_as_wrapped_lines_stay_rows() -> None:
    # 苏州's 收支总表, unruled: 二十二、… (no figure) over 二十三、… 5,516.22 over
    # 二十四、预备费 (no figure), evenly spaced: each opens an item, so none is a wrap.
    words = [centred(t, x, 100) for t, x in [("项目", 100), ("预算数", 260)]]
    items = [("二十一、住房保障支出", "12.00"), ("二十二、国有资本经营预算支出", ""), ("二十三、灾害防治及应急管理支出", "5,516.22"),
             ("二十四、预备费", ""), ("二十五、其他支出", "3.00")]
    y = 120.0
    for item, figure in items:
        words.append(word(item, 14, y))
        if figure:
            words.append(right(figure, 290, y))
        y += 13.5
    part = align(words, vocabulary=VOCABULARY)
    assert [row[0] for row in part.rows] == [item for item, _ in items]


def test_text_right_of_a_column_of_figures_opens_the_next_cell() -> None:
    # 长沙's 财政拨款收支总表, unruled, its last page: 22、其他支出 and 二、结转下年 start
    # 4 pt right of 金额's right-aligned figures, under 支出's 项目 centred further right.
    from budgetx.schema.rules import row_labels

    h = 10.0
    words = [Word("收", 113.2, 93.4, 122.1, 103.4), Word("入", 217.1, 93.4, 226.3, 103.4),
             Word("支", 503.7, 93.4, 512.7, 103.4), Word("出", 608.7, 93.4, 616.3, 103.4),
             word("项目", 114.5, 118.9, h), Word("金", 245.0, 118.9, 254.0, 128.9), Word("额", 265.1, 118.9, 274.3, 128.9),
             word("项目", 386.8, 118.9, h), word("合计", 522.4, 118.9, h), word("一般公共预算", 588.5, 118.9, h),
             word("22、其他支出", 307.2, 142.1, h), word("二、上年结转", 35.8, 160.8, h), word("二、结转下年", 307.3, 160.8, h),
             *spaced("收入总计", 98.4, 150.9, 179.9, h), right("656.73", 302.9, 178.9, h),
             *spaced("支出总计", 370.0, 422.8, 179.9, h), right("656.73", 575.1, 178.9, h), right("656.73", 654.6, 178.9, h)]
    part = align(words, vocabulary=VOCABULARY, spaced=row_labels())
    assert [path[-1] for path in paths(part)] == ["项目", "金额", "项目", "合计", "一般公共预算"]
    assert part.rows == [["", "", "22、其他支出", "", ""], ["二、上年结转", "", "二、结转下年", "", ""],
                         ["收入总计", "656.73", "支出总计", "656.73", "656.73"]]


def test_a_unit_name_centred_in_its_cell_over_three_even_lines_is_one_row() -> None:
    # 福州, unruled: 福州市公安 / 局巡特警支 … 10344.71 / 队, each line centred in the
    # cell and as far from the next as the rows are; 合计 above is centred there too.
    words = [centred(t, x, 120) for t, x in [("单位名称", 72), ("合计", 140)]]
    words += [Word("合计", 61.8, 154.6, 82.9, 165.6), right("10344.71", 160.9, 154.6),
              Word("福州市公安", 50.1, 171.7, 94.3, 180.7), Word("局巡特警支", 50.3, 187.3, 94.3, 196.3),
              right("10344.71", 160.9, 187.3), Word("队", 68.9, 202.9, 76.3, 211.9)]
    part = align(words, vocabulary=VOCABULARY)
    assert part.rows == [["合计", "10344.71"], ["福州市公安局巡特警支队", "10344.71"]]


def test_a_subtotal_leaf_left_of_its_narrow_groups_text_keeps_its_figures() -> None:
    # 苏州's 三公 table, unruled: 公务用车购置及运行维护费 (332–462) is narrower than its
    # cell and starts right of its 小计 (303–323), whose 0.00 (340–361) lies under the
    # group's text only: the figure is 小计's, not a column of the group's own.
    h = 11.0
    words = [Word("公务用车购置及运行维护费", 332.4, 116.6, 462.1, 127.6), Word("“三公”经费合计", 44.8, 136.2, 127.0, 147.2),
             Word("因公出国（境）费", 161.6, 136.2, 246.4, 147.2), Word("小计", 302.8, 146.6, 323.3, 157.6),
             Word("公务用车购置费", 368.8, 146.6, 443.5, 157.6), Word("公务用车运行维", 453.2, 139.5, 528.5, 150.5),
             Word("护费", 480.5, 153.7, 500.4, 164.7), Word("公务接待费", 552.5, 136.2, 605.2, 147.2),
             Word("会议费", 661.4, 136.2, 692.0, 147.2)]
    words += [right(t, x, 176.3, h) for t, x in [("15.00", 142.1), ("0.00", 258.7), ("0.00", 360.6), ("0.00", 445.4),
                                                 ("0.00", 529.4), ("15.00", 622.0), ("30.00", 724.9)]]
    part = align(words, vocabulary=VOCABULARY)
    assert [path[-1] for path in paths(part)] == ["“三公”经费合计", "因公出国（境）费", "小计", "公务用车购置费",
                                                  "公务用车运行维护费", "公务接待费", "会议费"]
    assert paths(part)[2] == ["公务用车购置及运行维护费", "小计"]
    assert part.rows == [["15.00", "0.00", "0.00", "0.00", "0.00", "15.00", "30.00"]]


def test_sources_printed_down_with_figures_far_right_of_their_header() -> None:
    # 江苏 2018's 收入预算总表, unruled: 项目名称 over two label columns (a source's name
    # centred down its merged cell, its 小计 and parts beside), 金额 centred at 593 and
    # its figures right-aligned at 645–697. The figures are 金额's, the parts 项目名称's;
    # a source's name between two parts' lines, in its own column, is no wrapped line.
    h = 12.0
    words = [Word("项目名称", 175.7, 120.3, 223.2, 132.3), Word("金额", 581.5, 120.3, 604.7, 132.3),
             Word("收入总计", 274.6, 145.9, 321.9, 157.9), right("24,458.43", 697.3, 146.4, h),
             word("小计", 291.8, 172.6, h), right("24,458.43", 697.3, 172.6, h),
             word("一般公共预算资金", 152.2, 198.3, h), word("公共财政拨款(补助)资金", 291.8, 198.7, h),
             right("24,458.43", 697.3, 198.7, h), word("专项收入", 291.5, 224.9, h),
             word("小计", 291.8, 486.5, h), Word("上年结转和结余资金", 146.1, 499.0, 253.0, 511.0),
             word("其中：动用上年结转和结余资金", 291.5, 512.7, h)]
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["项目名称"], ["金额"]]
    assert part.rows == [["收入总计", "24,458.43"], ["小计", "24,458.43"],
                         ["一般公共预算资金 公共财政拨款(补助)资金", "24,458.43"], ["专项收入", ""], ["小计", ""],
                         ["上年结转和结余资金", ""], ["其中：动用上年结转和结余资金", ""]]


def test_a_centred_names_last_line_follows_its_first_joined_as_a_leading_wrap() -> None:
    # 福州商务, unruled: 福州市商务 / 发展促进中 … 337.92 / 心, centred, 5.6 pt apart,
    # rows 12.7 pt apart: the first line joins the row as a leading wrap, and the last
    # line, as far below the figures, follows it; the next unit's 局 straddles its own.
    words = [centred(t, x, 150, 10.0) for t, x in [("单位名称", 72), ("合计", 135)]]
    words += [Word("合计", 61.5, 208.6, 83.2, 220.9), right("24995.94", 161.6, 208.6, 10.0),
              Word("福州市商务", 50.0, 233.6, 94.4, 243.6), Word("发展促进中", 50.0, 249.2, 94.0, 259.2),
              right("337.92", 147.3, 249.2, 10.0), Word("心", 68.1, 264.8, 76.3, 274.8),
              Word("福州市商务", 50.0, 280.9, 94.4, 290.9), right("24658.02", 151.9, 288.7, 10.0),
              Word("局", 68.0, 296.5, 76.2, 306.5)]
    part = align(words, vocabulary=VOCABULARY)
    assert part.rows == [["合计", "24995.94"], ["福州市商务发展促进中心", "337.92"], ["福州市商务局", "24658.02"]]


def test_an_ocr_amount_cut_at_a_blurred_separator_is_one_figure() -> None:
    """OCR may end a word at a separator it read as a point (`117.252.` | `13`): the
    cell joins them, and the joined figure gets the repair a single word gets
    (`117,252.13`), or it would stay text under an amount column."""
    from dataclasses import replace

    words = table_words(COLS, HEADER, BODY)
    figure = next(w for w in words if w.text == "1,388.82" and w.x0 < 310)
    head = replace(figure, text="1.388.", x1=figure.x1 - 10, reading=Reading(0.87))
    tail = replace(figure, text="82", x0=figure.x1 - 9, reading=Reading(0.99))
    words = [w for w in words if w is not figure] + [head, tail]
    part = align(words, vocabulary=VOCABULARY)
    assert part.rows[1][2] == "1,388.82"
    assert part.readings[(1, 2)].score == 0.87


def test_a_side_by_side_block_missing_its_label_header_takes_its_twins() -> None:
    """收入: 项目 | 预算数 beside 支出: 项目 | 预算数, the left block's letter-spaced 项　目
    lost (深圳's scanned 收支总表, where OCR missed it; positions as read): its labels are
    still a column of their own, under the header its twin block prints, not text joined
    to its figures."""
    size = 8.3
    words = [word("收", 252, 210, size), word("入", 302, 210, size), word("支", 765, 210, size), word("出", 816, 210, size),
             word("2026年预算数", 378, 232, size), word("项", 647, 232, size), word("目", 678, 232, size),
             word("2026年预算数", 891, 232, size)]
    body = [("一、财政拨款", "10,737.69", "一、一般公共服务支出", "6,960.90"),
            ("1.一般公共预算拨款", "10,737.69", "审计事务", "6,960.90"),
            ("2.政府性基金预算拨款", "0.00", "行政运行", "5,466.52"),
            ("3.国有资本经营预算拨款", "0.00", "一般行政管理事务", "919.44"),
            ("二、财政专户管理资金", "0.00", "审计业务", "490.15"),
            ("三、单位资金", "0.00", "审计管理", "64.80"),
            ("1.事业收入", "0.00", "信息化建设", "20.00"),
            ("2.事业单位经营收入", "0.00", "二、教育支出", "46.05")]
    for k, (a, b, c, d) in enumerate(body):
        y = 254 + 22 * k
        words += [word(a, 31 if "、" in a[:2] else 41, y, size), right(b, 532, y, size),
                  word(c, 544 if "、" in c[:2] else 556, y, size), right(d, 1045, y, size)]
    # The scan's vertical rules between the four columns (its rows ruled apart per block).
    part = align(words, ruled=RuledGrid([20, 281, 537, 794, 1060], [205, 226, 249] + [271 + 22 * k for k in range(8)]),
                 vocabulary=VOCABULARY)
    assert part.paths() == [["收入", "项目"], ["收入", "2026年预算数"], ["支出", "项目"], ["支出", "2026年预算数"]]
    assert part.rows[0] == ["一、财政拨款", "10,737.69", "一、一般公共服务支出", "6,960.90"]


def test_groups_are_weighed_again_on_the_columns_as_merged() -> None:
    # 上海's “三公” table without rules, one row of figures set right of the centred
    # headers (positions as read): the projection first splits each header from its
    # figure. On those columns 公务用车购置及运行费 could not reach 小计; once header and
    # figure are one column, its merged cell is 小计 | 购置费 | 运行费.
    words = [at("“三公”经费预算数", 312, 156, 420, 168), at("机关运行经费预", 681, 174, 765, 186),
             at("算数", 711, 188, 735, 200), at("公务用车购置及运行费", 461, 181, 581, 193),
             at("合计", 99, 193, 123, 205), at("因公出国(境)费", 174, 193, 258, 205),
             at("公务接待费", 287, 193, 347, 205), at("小计", 408, 205, 432, 218),
             at("购置费", 505, 205, 541, 218), at("运行费", 606, 205, 642, 218),
             at("67.59", 136, 231, 163, 242), at("35.00", 239, 231, 266, 242), at("12.49", 338, 231, 365, 242),
             at("20.10", 444, 231, 471, 242), at("20.10", 646, 231, 674, 242)]
    part = align(words, vocabulary=VOCABULARY)
    figures = {p[-1]: row for p, row in zip(paths(part), zip(*part.rows))}
    assert ["“三公”经费预算数", "公务用车购置及运行费", "小计"] in paths(part)
    assert figures["小计"] == ("20.10",) and figures["运行费"] == ("20.10",) and figures["购置费"] == ("",)


def test_a_line_opening_with_the_next_outline_number_is_a_row_of_its_own() -> None:
    # 重庆's 收支总表 without rules (positions as read): every glyph box twice a line high,
    # overlapping the next line's; 六、 七、 八、 down the income side a row apart, only 六、
    # with a figure beside it, on the expenditure side. 七、 and 八、 are the next items of
    # the list, not 六、's name wrapped.
    words = [at("项目", 143.8, 187.8, 185.6, 199.3), at("预算数", 317.4, 187.8, 359.2, 199.3),
             at("项目", 491.1, 187.8, 532.9, 199.3), at("预算数", 664.7, 187.8, 706.5, 199.3)]
    income = [("一、一般公共预算资金", 230.4, "12,672.73"), ("二、政府性基金预算资金", 251.7, "579.89"),
              ("三、国有资本经营预算资金", 273.0, ""), ("四、财政专户管理资金", 294.2, ""),
              ("五、事业收入资金", 315.5, "388.00"), ("六、上级补助收入资金", 336.7, ""),
              ("七、附属单位上缴收入资金", 358.0, ""), ("八、事业单位经营收入资金", 379.3, ""),
              ("九、其他收入资金", 400.6, "1,130.00")]
    spending = [("一、社会保障和就业支出", "120.17"), ("二、卫生健康支出", "40.68"), ("三、农林水支出", "579.89"),
                ("四、自然资源海洋气象等支出", "13,873.36"), ("五、住房保障支出", "56.53"),
                ("六、灾害防治及应急管理支出", "100.00")]
    for k, (label, top, figure) in enumerate(income):
        words.append(at(label, 80.4, top - 5.0, 80.4 + 10.3 * len(label), top + 19.4))
        if figure:
            words.append(at(figure, 415.4 - 5.1 * len(figure), top - 3.2, 415.4, top + 21.1))
        if k < len(spending):
            name, amount = spending[k]
            words += [at(name, 427.6, top - 5.0, 427.6 + 10.3 * len(name), top + 19.4),
                      at(amount, 762.6 - 5.1 * len(amount), top - 3.2, 762.6, top + 21.1)]
    part = align(words, vocabulary=VOCABULARY)
    assert [row[0] for row in part.rows] == [label for label, _, _ in income]


def test_a_header_piece_opening_with_a_bracket_joins_the_piece_before_it() -> None:
    # 重庆's “三公” table without rules (positions as read): 因公出国 | （境）费, the
    # bracket's box holding half a glyph of blank before its stroke, so the pieces lie
    # further apart than pieces of one word do. Together they spell a known header: one
    # column, not a column 因公出国 and a column （境）费.
    words = [at("合", 114.0, 177.2, 123.5, 188.8), at("计", 135.0, 177.2, 144.3, 188.8),
             at("因公出国", 209.1, 177.2, 248.6, 188.8), at("(境)费", 256.3, 172.3, 290.8, 196.7),
             at("公务用车购置及运行费", 415.9, 166.5, 519.5, 178.1), at("小", 350.6, 187.8, 360.0, 199.3),
             at("计", 371.6, 187.8, 381.0, 199.3), at("公务用车购置费", 431.6, 187.8, 503.8, 199.3),
             at("公务用车运行费", 533.7, 187.8, 605.9, 199.3), at("公务接待费", 668.8, 177.2, 720.1, 188.8),
             at("13.85", 156.6, 205.9, 181.1, 230.3), at("13.55", 389.0, 205.9, 413.5, 230.3),
             at("13.55", 593.1, 205.9, 617.7, 230.3), at("0.30", 745.4, 205.9, 765.3, 230.3)]
    part = align(words, vocabulary=VOCABULARY)
    assert [p[-1] for p in paths(part)] == ["合计", "因公出国(境)费", "小计", "公务用车购置费", "公务用车运行费", "公务接待费"]


def test_a_line_of_labels_in_several_columns_is_no_leading_wrap_of_the_row_below() -> None:
    # 西安's 收支总表 without rules (positions as read): 3、事业收入 | 7、文化旅游体育与传媒,
    # a row whose figures are blank, right above the row whose income label wraps round
    # its figures (其中：纳入财政专户管理的 / 8、社会保障和就业 183.60 / 收费). A first line
    # of a wrapped cell is one cell's text; this line is a row of its own.
    words = [at("项目", 131.4, 93.6, 193.8, 102.1), at("预算数", 233.9, 93.6, 258.6, 102.1),
             at("支出功能分类科目（按大类）", 262.7, 93.6, 368.3, 102.1), at("预算数", 411.5, 93.6, 436.3, 102.1),
             at("2、上级补助收入", 77.0, 188.1, 140.2, 196.6), at("6、科学技术", 271.2, 188.1, 317.3, 196.6),
             at("3、事业收入", 77.1, 198.1, 123.1, 206.6), at("7、文化旅游体育与传媒", 271.3, 198.1, 359.9, 206.6),
             at("其中：纳入财政专户管理的", 85.6, 206.7, 186.8, 215.2), at("收费", 68.6, 217.4, 84.5, 225.9),
             at("8、社会保障和就业", 271.1, 212.0, 342.9, 220.5), at("183.60", 411.7, 212.0, 435.8, 220.5),
             at("4、事业单位经营收入", 76.9, 226.6, 157.2, 235.1), at("9、社会保险基金", 271.1, 226.6, 334.3, 235.1),
             at("5、下级单位上缴收入", 77.1, 237.3, 157.2, 245.8), at("10、卫生健康", 271.7, 237.3, 321.6, 245.8),
             at("30.81", 415.5, 237.3, 435.5, 245.8)]
    part = align(words, vocabulary=VOCABULARY)
    assert [(row[0], row[2]) for row in part.rows] == [
        ("2、上级补助收入", "6、科学技术"), ("3、事业收入", "7、文化旅游体育与传媒"),
        ("其中：纳入财政专户管理的收费", "8、社会保障和就业"), ("4、事业单位经营收入", "9、社会保险基金"),
        ("5、下级单位上缴收入", "10、卫生健康")]


def test_an_index_row_marking_fewer_columns_than_the_header_prints_gives_no_columns() -> None:
    # 西安's 基本支出明细表 without rules (positions as read): ** over 部门经济科目编码 and
    # over 政府经济科目名称 only, none over the name and code between: four text columns,
    # two marks. Columns taken from the marks put the economic code in the name's column
    # and the government code in the code's; the header and body say where they are.
    words = [at("部门经济科目编码", 92.0, 140.3, 170.6, 150.3), at("部门经济科目名称", 181.6, 140.3, 260.3, 150.3),
             at("政府经济", 272.7, 134.1, 311.7, 144.0), at("科目编码", 272.7, 146.4, 311.7, 156.4),
             at("政府经济科目名称", 324.3, 140.3, 403.1, 150.3), at("合计", 447.7, 140.3, 466.8, 150.3),
             at("人员经费支出", 524.1, 140.3, 582.2, 150.3), at("公用经费支出", 620.8, 140.3, 678.7, 150.3),
             at("备注", 717.1, 140.3, 736.0, 150.3),
             at("**", 127.5, 164.6, 135.9, 173.6), at("**", 359.9, 164.6, 368.2, 173.6), at("1", 456.1, 164.6, 458.7, 173.6),
             at("2", 552.0, 164.6, 555.5, 173.6), at("3", 648.6, 164.6, 652.0, 173.6), at("**", 722.5, 164.6, 730.8, 173.6),
             at("合计", 321.1, 184.9, 338.3, 193.9), at("2,022.39", 467.7, 184.9, 502.7, 193.9),
             at("1,839.51", 564.7, 184.9, 598.8, 193.9), at("182.88", 670.4, 184.9, 695.8, 193.9),
             at("301", 97.8, 225.5, 109.8, 234.5), at("工资福利支出", 187.4, 225.5, 239.9, 234.5),
             at("970.84", 476.7, 225.5, 503.0, 234.5), at("970.84", 573.2, 225.5, 599.5, 234.5),
             at("30101", 106.8, 245.8, 127.8, 254.8), at("基本工资", 196.4, 245.8, 231.4, 254.8),
             at("50101", 268.1, 245.8, 289.1, 254.8), at("工资奖金津补贴", 321.1, 245.8, 383.3, 254.8),
             at("237.03", 476.8, 245.8, 502.8, 254.8), at("237.03", 573.3, 245.8, 599.3, 254.8)]
    part = align(words, vocabulary=VOCABULARY)
    assert part.rows[-1][:5] == ["30101", "基本工资", "50101", "工资奖金津补贴", "237.03"]


def test_names_set_left_under_a_group_take_the_empty_header_column_right_of_them() -> None:
    # 上海's 基本支出 table without rules (positions as read): 经济分类科目编码 over 类 | 款,
    # the names set left in their wide cell, its header 部门经济分类科目名称 centred further
    # right over no text. The names' column has the group over it but no header of its
    # own: it is the named column's.
    words = [at("项目", 258.3, 135.7, 277.4, 146.5), at("一般公共预算基本支出", 576.6, 135.7, 682.8, 146.5),
             at("经济分类科目编码", 59.9, 157.7, 145.3, 168.5), at("部门经济分类科目名称", 258.4, 168.6, 365.3, 179.4),
             at("合计", 518.2, 168.6, 538.9, 179.4), at("人员经费", 608.9, 168.6, 651.0, 179.4),
             at("公用经费", 710.8, 168.6, 752.6, 179.4), at("类", 75.9, 180.1, 86.0, 190.9), at("款", 119.2, 180.1, 129.2, 190.9),
             at("301", 73.1, 202.1, 87.6, 212.9), at("工资福利支出", 147.8, 202.1, 210.8, 212.9),
             at("2,994,733", 529.1, 202.1, 576.5, 212.9), at("2,994,733", 630.7, 202.1, 678.0, 212.9),
             at("301", 73.1, 224.1, 87.6, 234.9), at("01", 119.0, 224.1, 128.2, 234.9), at("基本工资", 147.6, 224.1, 189.6, 234.9),
             at("613,130", 539.9, 224.1, 576.6, 234.9), at("613,130", 641.4, 224.1, 678.1, 234.9)]
    part = align(words, vocabulary=VOCABULARY)
    named = [p[-1] for p in paths(part)].index("部门经济分类科目名称")
    assert [row[named] for row in part.rows] == ["工资福利支出", "基本工资"]


def test_a_wrapped_header_wider_than_its_figures_keeps_its_column() -> None:
    # 深圳's 支出总表 without rules (positions as read): 其中：2026 | 年 / 政府采购项目 /
    # 中预留给 / 中小企业的项 / 目资金规模 centred over figures narrower than it, 12 pt right
    # of 小计's figures and 40 pt left of its own right edge. The boundary goes in the
    # gap the header leaves free, not through the header's middle line.
    words = [at("上缴上级支出", 761.6, 208.2, 819.9, 218.2), at("2026", 893.7, 161.2, 912.6, 171.1),
             at("年政府采购项目", 916.0, 161.2, 983.6, 171.1), at("小计", 855.9, 219.3, 874.7, 229.2),
             at("其中：2026", 908.5, 188.1, 957.5, 198.0), at("年", 960.9, 188.1, 970.0, 198.0),
             at("政府采购项目", 909.6, 203.7, 967.3, 213.6), at("中预留给", 920.5, 219.3, 958.8, 229.2),
             at("中小企业的项", 910.6, 234.9, 968.5, 244.8), at("目资金规模", 916.6, 250.5, 963.8, 260.4),
             at("其中：2026", 982.6, 180.3, 1031.7, 190.2), at("年", 1035.1, 180.3, 1044.2, 190.2),
             at("政府采购项目", 983.7, 195.9, 1041.5, 205.8), at("中预留给小", 989.8, 211.5, 1037.5, 221.4),
             at("型、微型企业", 984.1, 227.1, 1043.0, 237.0), at("的项目资金规", 984.6, 242.7, 1043.0, 252.6),
             at("模", 1008.8, 258.3, 1018.0, 268.2),
             at("0.00", 803.3, 277.3, 822.3, 287.3), at("3,966.73", 857.4, 277.3, 896.2, 287.3),
             at("1.00", 951.3, 277.3, 970.3, 287.3), at("2.00", 1025.7, 277.3, 1044.7, 287.3)]
    part = align(words, vocabulary=VOCABULARY)
    assert [p[-1] for p in paths(part)] == ["上缴上级支出", "小计", "其中：2026年政府采购项目中预留给中小企业的项目资金规模",
                                            "其中：2026年政府采购项目中预留给小型、微型企业的项目资金规模"]
    assert [p[0] for p in paths(part)[1:]] == ["2026年政府采购项目"] * 3
    assert part.rows == [["0.00", "3,966.73", "1.00", "2.00"]]


def test_codes_between_two_empty_headers_are_the_nearer_ones() -> None:
    # 深圳's 一般公共预算支出表, continuation page without rules (positions as read): no
    # unit name under 预算单位, the codes left-aligned right of it and short of 科目编码
    # centred further right. Codes read as figures are no right-aligned figures of the
    # header to their left: they are 科目编码's, the nearer.
    words = [at("预算单位", 128.6, 172.5, 167.7, 182.4), at("科目编码", 317.3, 172.5, 356.4, 182.4),
             at("科目名称", 486.5, 172.5, 525.6, 182.4), at("支出总计", 664.3, 172.5, 703.4, 182.4)]
    for k, (code, name, amount) in enumerate([("21011", "行政事业单位医疗", "104.86"), ("2101101", "行政单位医疗", "104.86"),
                                              ("221", "住房保障支出", "1,194.32")]):
        y = 195.0 + 22 * k
        words += [at(code, 254.0, y, 254.0 + 5.2 * len(code), y + 10), at(name, 382.0, y, 382.0 + 10 * len(name), y + 10),
                  at(amount, 730.0 - 5.2 * len(amount), y, 730.0, y + 10)]
    part = align(words, vocabulary=VOCABULARY)
    code = [p[-1] for p in paths(part)].index("科目编码")
    assert [row[code] for row in part.rows] == ["21011", "2101101", "221"]


def test_a_headerless_column_goes_where_no_cell_stands_on_its_rows() -> None:
    # 西安's 基本支出明细表 without rules (positions as read): the government codes (50101)
    # set left of their header 政府经济科目编码, right of the names. On every row of theirs
    # the names' column holds a name and the code's own column nothing: they are that
    # column's, not the names' tail.
    words = [at("部门经济科目编码", 53.9, 118.3, 101.3, 124.2), at("部门经济科目名称", 160.2, 118.3, 207.6, 124.2),
             at("政府经济科目编码", 282.1, 118.3, 329.5, 124.2), at("政府经济科目名称", 388.3, 118.3, 435.8, 124.2),
             at("合计", 500.8, 118.3, 512.3, 124.2), at("人员经费支出", 571.4, 118.3, 606.4, 124.2),
             at("合计", 247.5, 128.0, 258.9, 134.0), at("19,328,114.71", 507.3, 128.0, 545.0, 134.0),
             at("18,119,247.51", 593.9, 128.0, 631.6, 134.0),
             at("301", 45.8, 137.8, 53.8, 143.8), at("工资福利支出", 116.6, 137.8, 151.5, 143.8),
             at("17,103,265.51", 507.3, 137.8, 545.0, 143.8), at("17,103,265.51", 593.9, 137.8, 631.6, 143.8)]
    for k, (code, name, gov, gov_name, amount) in enumerate([
            ("30101", "基本工资", "50101", "工资奖金津补贴", "3,868,678.80"),
            ("30102", "津贴补贴", "50101", "工资奖金津补贴", "3,719,022.18"),
            ("30107", "绩效工资", "50199", "其他工资福利支出", "592,000.32")]):
        y = 147.6 + 9.8 * k
        words += [at(code, 57.8, y, 72.1, y + 6), at(name, 116.5, y, 116.5 + 5.8 * len(name), y + 6),
                  at(gov, 258.3, y, 272.6, y + 6), at(gov_name, 360.5, y, 360.5 + 5.8 * len(gov_name), y + 6),
                  at(amount, 545.3 - 2.9 * len(amount), y, 545.3, y + 6), at(amount, 631.9 - 2.9 * len(amount), y, 631.9, y + 6)]
    part = align(words, vocabulary=VOCABULARY)
    assert [row[:4] for row in part.rows[2:]] == [["30101", "基本工资", "50101", "工资奖金津补贴"],
                                              ["30102", "津贴补贴", "50101", "工资奖金津补贴"],
                                              ["30107", "绩效工资", "50199", "其他工资福利支出"]]


def test_unit_names_left_of_the_total_under_their_header_are_that_columns() -> None:
    # 西安's 收入总表 without rules (positions as read): the unit codes under 单位编码, the
    # names left-aligned at 85, 合计 at 150 and 单位名称 centred at 177. The names' rows
    # hold codes on their left: the names are 单位名称's with 合计, not the codes' tail.
    words = [at("单位编码", 50.4, 137.4, 73.8, 143.3), at("单位名称", 165.7, 137.4, 189.1, 143.3),
             at("合计", 236.0, 137.4, 247.5, 143.3),
             at("合计", 150.3, 166.3, 161.8, 172.3), at("28,384,234.71", 250.0, 166.3, 288.0, 172.3),
             at("121", 46.1, 176.1, 53.8, 182.0), at("西安市信访局", 85.5, 176.1, 120.8, 182.0),
             at("28,384,234.71", 250.0, 176.1, 288.0, 182.0),
             at("121001", 58.1, 185.9, 74.8, 191.8), at("西安市信访局", 85.5, 185.9, 120.8, 191.8),
             at("28,384,234.71", 250.0, 185.9, 288.0, 191.8)]
    part = align(words, vocabulary=VOCABULARY)
    assert [p[-1] for p in paths(part)] == ["单位编码", "单位名称", "合计"]
    assert [row[:2] for row in part.rows] == [["", "合计"], ["121", "西安市信访局"], ["121001", "西安市信访局"]]


def test_names_under_a_group_join_the_header_whose_column_holds_only_the_total() -> None:
    # 上海's 基本支出 table without rules, another department's (positions as read): the
    # names set left under 经济分类科目编码, the total's 合计 under 部门经济分类科目名称 on a
    # row of its own. The two columns share no row: one column, the named one.
    words = [at("项目", 258.1, 128.6, 274.9, 138.2), at("一般公共预算基本支出", 582.1, 128.6, 676.4, 138.2),
             at("经济分类科目编码", 63.6, 149.4, 139.5, 159.0), at("部门经济分类科目名称", 263.7, 159.0, 358.7, 168.6),
             at("合计", 518.8, 159.0, 537.1, 168.6), at("人员经费", 610.8, 159.0, 648.2, 168.6),
             at("公用经费", 713.5, 159.0, 750.6, 168.6), at("类", 74.8, 169.4, 83.5, 179.0), at("款", 118.8, 169.4, 127.5, 179.0),
             at("301", 72.6, 189.4, 85.4, 199.0), at("工资福利支出", 146.9, 189.4, 202.8, 199.0),
             at("172,800", 544.3, 189.4, 576.3, 199.0), at("172,800", 645.9, 189.4, 677.9, 199.0),
             at("302", 72.6, 229.4, 85.8, 239.0), at("商品和服务支出", 147.0, 229.4, 212.4, 239.0),
             at("587,890", 543.8, 229.4, 576.3, 239.0), at("587,890", 747.8, 229.4, 780.3, 239.0),
             at("合计", 258.0, 329.4, 276.3, 339.0), at("760,690", 543.6, 329.4, 576.3, 339.0),
             at("172,800", 645.3, 329.4, 677.9, 339.0), at("587,890", 747.8, 329.4, 780.3, 339.0)]
    part = align(words, vocabulary=VOCABULARY)
    named = [p[-1] for p in paths(part)].index("部门经济分类科目名称")
    assert [row[named] for row in part.rows] == ["工资福利支出", "商品和服务支出", "合计"]


def test_an_index_rows_boundary_stays_clear_of_header_text_in_the_gap() -> None:
    # 西安's 收入总表 without rules (positions as read): the index numbers set right, as
    # the figures are, and 其中：专项 / 资金列入部 / 门预算项目 left of its number 3, its
    # middle line beside 小计. The boundary between 2 and 3 goes where the body's gap is
    # clear of that header, so 小计 stays a header of its own over its own figures.
    words = [at("合计", 264.7, 141.0, 282.4, 150.0), at("一般公共预算拨款", 330.8, 140.5, 404.9, 149.5),
             at("政府性基", 421.8, 135.2, 458.5, 144.2), at("金拨款", 421.9, 146.8, 449.2, 155.8),
             at("小计", 333.5, 186.4, 351.0, 195.4), at("其中：专项", 371.1, 174.7, 417.0, 183.7),
             at("资金列入部", 371.5, 186.5, 417.1, 195.5), at("门预算项目", 372.1, 198.1, 415.0, 207.1),
             at("1", 310.2, 217.6, 312.8, 226.6), at("2", 362.4, 217.6, 366.0, 226.6), at("3", 414.4, 217.6, 417.9, 226.6),
             at("4", 456.2, 217.6, 460.1, 226.6),
             at("182157.13", 274.3, 232.0, 313.3, 241.0), at("181716.56", 327.1, 232.0, 366.2, 241.0),
             at("50830", 396.4, 232.0, 418.0, 241.0), at("0", 456.3, 232.0, 460.0, 241.0),
             at("24417.66", 278.6, 245.0, 313.3, 254.0), at("24417.66", 331.5, 245.0, 366.2, 254.0),
             at("20830", 396.4, 245.0, 418.0, 254.0), at("0", 456.3, 245.0, 460.0, 254.0)]
    part = align(words, vocabulary=VOCABULARY)
    assert [p[-1] for p in paths(part)] == ["合计", "小计", "其中：专项资金列入部门预算项目", "政府性基金拨款"]
    assert part.rows == [["182157.13", "181716.56", "50830", "0"], ["24417.66", "24417.66", "20830", "0"]]


def test_a_body_cell_merged_over_two_columns_is_its_first_columns() -> None:
    """江苏's 收支总表 closes with 结转下年资金 in a cell merged over the expenditure side's
    item and amount columns, centred across the rule that stops above it: it is the
    row's item, not a text in the amount column."""
    words = [centred("项目", 55, 100), centred("预算数", 130, 100), centred("项目", 205, 100), centred("预算数", 275, 100),
             word("当年收入小计", 14, 120), right("24,458.43", 158, 120), word("当年支出小计", 164, 120),
             right("24,458.43", 298, 120),
             word("上年结转资金", 14, 140), centred("结转下年资金", 250, 140)]
    rules = [(x, 95.0, 150.0) for x in (10.0, 100.0, 160.0, 300.0)] + [(250.0, 95.0, 130.0)]
    grid = RuledGrid([10.0, 100.0, 160.0, 250.0, 300.0], [95.0, 112.0, 130.0, 150.0], rules)
    part = align(words, grid, vocabulary=VOCABULARY)
    assert part.rows[-1] == ["上年结转资金", "", "结转下年资金", ""]


def test_a_total_merged_over_the_code_and_name_columns_is_a_name() -> None:
    """苏州 and 西安 centre 合计 in a cell merged over 编码 | 名称: a code column is no
    merged cell's home, the name column is."""
    words = [centred("科目编码", 55, 100), centred("科目名称", 160, 100), centred("合计", 260, 100),
             centred("合计", 110, 120), right("12.00", 298, 120),
             word("201", 14, 140), word("一般公共服务支出", 104, 140), right("12.00", 298, 140)]
    rules = [(x, 95.0, 150.0) for x in (10.0, 220.0, 300.0)] + [(100.0, 95.0, 112.0), (100.0, 130.0, 150.0)]
    grid = RuledGrid([10.0, 100.0, 220.0, 300.0], [95.0, 112.0, 130.0, 150.0], rules)
    part = align(words, grid, vocabulary=VOCABULARY)
    assert part.rows == [["", "合计", "12.00"], ["201", "一般公共服务支出", "12.00"]]


def test_a_total_merged_over_the_code_parts_and_name_columns_is_a_name() -> None:
    """合计 centred over 类 | 款 | 项 | 科目名称: the 款 and 项 columns hold two-digit codes,
    no merged cell's home either."""
    words = [centred("类", 25, 100), centred("款", 55, 100), centred("项", 85, 100), centred("科目名称", 160, 100),
             centred("合计", 260, 100), centred("合计", 110, 120), right("12.00", 298, 120),
             word("201", 14, 140), word("03", 50, 140), word("01", 80, 140), word("行政运行", 104, 140),
             right("12.00", 298, 140)]
    rules = [(x, 95.0, 150.0) for x in (10.0, 100.0 + 120.0, 300.0)] + [
        (x, y0, y1) for x in (40.0, 70.0, 100.0) for y0, y1 in ((95.0, 112.0), (130.0, 150.0))]
    grid = RuledGrid([10.0, 40.0, 70.0, 100.0, 220.0, 300.0], [95.0, 112.0, 130.0, 150.0], rules)
    part = align(words, grid, vocabulary=VOCABULARY)
    assert part.rows == [["", "", "", "合计", "12.00"], ["201", "03", "01", "行政运行", "12.00"]]


def test_a_tall_ruled_cells_text_above_its_rows_figure_is_that_rows() -> None:
    # 广州's 重点项目 table, as its page prints it: 项目 | 预算数 | 绩效目标, each goal
    # wrapped over several lines with the name and amount centred beside them, so the
    # first goal's lines begin above its figure, under the rule that ends the header.
    words = [at("项目", 141.1, 213.0, 158.8, 223.0), at("预算数（单位：万元）", 218.9, 213.0, 313.0, 223.0),
             at("绩效目标", 399.2, 213.0, 438.3, 223.0),
             at("通过组织实施广州市促进商务高质量发展", 328.0, 229.4, 507.3, 239.3),
             at("专项资金会展专题，加大财政资金扶持，培", 323.0, 245.0, 512.3, 254.9),
             at("会展业专题", 92.1, 260.6, 141.4, 270.5), at("3000", 221.0, 260.6, 239.9, 270.5),
             at("育、引进优质会展项目，促进提升我市会展", 323.0, 260.6, 512.3, 270.5),
             at("业品牌化。", 322.9, 276.2, 372.3, 286.1),
             at("1.促进消费品牌创新。", 328.7, 298.3, 427.3, 308.3),
             at("零售与消费促进专题", 92.1, 298.3, 181.4, 308.3), at("22000", 221.0, 298.3, 245.9, 308.3)]
    grid = RuledGrid([86.4, 215.0, 322.2, 515.3], [209.8, 226.2, 292.2, 315.0])
    part = align(words, ruled=grid, vocabulary=VOCABULARY)
    assert part.paths() == [["项目"], ["预算数（单位：万元）"], ["绩效目标"]]
    assert part.rows == [["会展业专题", "3000", "通过组织实施广州市促进商务高质量发展专项资金会展专题，加大财政资金扶持，培"
                                                "育、引进优质会展项目，促进提升我市会展业品牌化。"],
                         ["零售与消费促进专题", "22000", "1.促进消费品牌创新。"]]


def test_a_line_of_years_under_a_header_line_is_the_header_not_a_row() -> None:
    # 西安: 2022比 over the header line, 2021 under it: the name of one column.
    words = [centred("2022比", 330, 100), centred("经济分类科目", 100, 108), centred("2022年", 200, 108),
             centred("2021年", 265, 108), centred("主要原因", 460, 108), centred("2021", 330, 116)]
    for k, (name, now, before, change) in enumerate([("合计", "93,664.77", "60,634.18", "33,030.59"),
                                                    ("(1)工资福利支出（301）", "4182.68", "4516.14", "-333.46")]):
        y = 140 + 24 * k
        words += [word(name, 40, y), right(now, 225, y), right(before, 290, y), right(change, 355, y)]
    part = align(words, vocabulary=VOCABULARY)
    assert ["".join(p) for p in paths(part)] == ["经济分类科目", "2022年", "2021年", "2022比2021", "主要原因"]
    assert [row[:4] for row in part.rows] == [["合计", "93,664.77", "60,634.18", "33,030.59"],
                                              ["(1)工资福利支出（301）", "4182.68", "4516.14", "-333.46"]]


def test_a_rows_whole_amount_shaped_like_a_year_keeps_it_a_row() -> None:
    words = [word(t, x, 84) for t, x in [("项目", 141), ("预算数（单位：万元）", 219), ("绩效目标", 399)]]
    words += [word("广州游戏电竞产业扶持资金", 92, 131), word("2000", 221, 131), word("促进产业发展。", 323, 131),
              word("广州电影产业博览会经费", 92, 160), word("1500", 222, 160), word("推介活动。", 323, 160)]
    part = align(words, vocabulary=VOCABULARY)
    assert [p[-1] for p in paths(part)] == ["项目", "预算数（单位：万元）", "绩效目标"]
    assert part.rows == [["广州游戏电竞产业扶持资金", "2000", "促进产业发展。"], ["广州电影产业博览会经费", "1500", "推介活动。"]]


@pytest.mark.parametrize(("under", "header"), [
    # 广州卫健: the unit's name, from the rows' left edge, over its projects.
    (word("广州市卫生健康委员会", 92, 86), ["项目", "预算数（单位：万元）", "绩效目标"]),
    # A wrapped header's last piece, centred in its cell, stays the header's.
    (centred("名称", 150, 86), ["项目名称", "预算数（单位：万元）", "绩效目标"]),
])
def test_a_units_name_under_the_header_line_is_a_row_without_figures(under: Word, header: list[str]) -> None:
    words = [word(t, x, 70) for t, x in [("项目", 141), ("预算数（单位：万元）", 219), ("绩效目标", 399)]]
    words += [under, word("大型活动医疗保障经费", 92, 110), right("1,200", 245, 110), word("对赛事提供保障。", 323, 110),
              word("综合业务费", 92, 130), right("646.54", 245, 130), word("提升卫生健康工作水平。", 323, 130)]
    part = align(words, vocabulary=VOCABULARY)
    assert ["".join(p) for p in paths(part)] == header
    names = [row[0] for row in part.rows]
    assert names[-2:] == ["大型活动医疗保障经费", "综合业务费"]
    assert (names[0] == "广州市卫生健康委员会") == (len(part.rows) == 3)


def test_a_code_part_whose_lone_glyph_ocr_lost_is_named_by_the_parts_beside_it() -> None:
    """烟台's 基本支出 table prints two classifications in parts (科目编码 类 款 | name |
    科目编码 类 款 | name); a scan's recogniser missed the second 款, its lone glyph.
    Beside that group's 类, the column of two-digit codes is its 款, though the first
    group, under the same header, already has one."""
    grid = RuledGrid([10.0, 40.0, 70.0, 170.0, 200.0, 230.0, 330.0, 400.0], [80.0, 95.0, 110.0, 125.0, 140.0])
    words = [centred("科目编码", 40, 83), centred("科目编码", 200, 83), centred("部门经济分类", 120, 90),
             centred("政府经济分类", 280, 90), centred("合计", 365, 90),
             centred("类", 25, 98), centred("款", 55, 98), centred("类", 185, 98)]
    for y, (dept, part, gov, gpart, name, gname, amount) in zip(
            (113.0, 128.0), (("301", "01", "501", "01", "基本工资", "工资奖金津补贴", "830.34"),
                             ("301", "02", "501", "01", "津贴补贴", "工资奖金津补贴", "884.37"))):
        words += [word(dept, 14, y), word(part, 44, y), word(name, 74, y), word(gov, 174, y),
                  word(gpart, 204, y), word(gname, 234, y), right(amount, 396, y)]
    part = align(words, grid, vocabulary=VOCABULARY)
    assert paths(part) == [["科目编码", "类"], ["科目编码", "款"], ["部门经济分类"], ["科目编码", "类"],
                           ["科目编码", "款"], ["政府经济分类"], ["合计"]]
    # With the first group's 款 lost as well, each group names its own.
    part = align([w for w in words if w.text != "款"], grid, vocabulary=VOCABULARY)
    assert paths(part)[1] == ["科目编码", "款"] and paths(part)[4] == ["科目编码", "款"]


def test_figures_under_a_lost_header_stay_out_of_their_neighbours_cells() -> None:
    """A scan's recogniser read nothing of one column's header (长春's stacked 其他收入):
    its figures are a cell of their own, never run into the next column's (0.00 0.00)."""
    grid = RuledGrid([10.0, 80.0, 140.0, 200.0, 260.0], [90.0, 110.0, 126.0, 142.0])
    words = [centred("单位名称", 45, 95), centred("合计", 110, 95), centred("事业收入", 170, 95),
             word("青禾局", 14, 113), right("5.00", 136, 113), right("4.00", 196, 113), right("1.00", 256, 113),
             word("青禾站", 14, 129), right("2.00", 136, 129), right("2.00", 196, 129), right("0.00", 256, 129)]
    part = align(words, grid, vocabulary=VOCABULARY)
    assert part.rows == [["青禾局", "5.00", "4.00", "1.00"], ["青禾站", "2.00", "2.00", "0.00"]]
    assert paths(part) == [["单位名称"], ["合计"], ["事业收入"], []]


def test_labels_of_merged_cells_across_a_boundary_do_not_join_its_columns() -> None:
    # An unruled 收支总表's 功能分类 block: few of its subjects have a figure, and its
    # 当年支出小计, 结转下年资金 and 支出合计 are merged cells centred across the block,
    # alone in it on their lines: they bridge the gap between the names and the figures,
    # which the header still says are two columns.
    words = [centred("功能科目名称", 276, 170), centred("金额", 363, 170)]
    names = ["一、一般公共服务支出", "二、外交支出", "三、国防支出", "四、公共安全支出", "五、教育支出",
             "六、科学技术支出", "七、文化体育与传媒支出", "八、社会保障和就业支出", "十、节能环保支出",
             "十一、城乡社区支出", "十二、农林水支出", "十四、资源勘探信息等支出", "十八、住房保障支出",
             "二十、其他支出"]
    figures = {3: "13,656.34", 7: "2,021.18", 12: "2,319.16"}
    y = 193.0
    for i, name in enumerate(names):
        words.append(word(name, 224.5, y))
        if i in figures:
            words.append(right(figures[i], 383.0, y))
        y += 23.5
    labels = ["当年支出小计", "结转下年资金", "支出合计"]
    for label in labels:
        words.append(centred(label, 337.3, y))
        y += 23.5
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["功能科目名称"], ["金额"]]
    assert part.rows == [[name, figures.get(i, "")] for i, name in enumerate(names)] + [[label, ""] for label in labels]


def test_figures_run_together_do_not_join_the_columns_they_were_cut_from() -> None:
    # 重庆's 收入总表 without its rules: the 合计 row's three figures touch (the text layer
    # ran them into one word, cut again after each second decimal, each piece as wide as
    # its share of the glyphs), which bridges the gap between 总计 and 一般公共预算拨款收入
    # that every other row leaves; 总 计 sits in the middle of a header three lines tall,
    # so no lowest header line asks for the boundary either.
    from budgetx.reader.region_text import split_run_figures

    words = [centred("科目名称", 60, 112), *spaced("总计", 150, 176, 112)]
    for i, text in enumerate(["一般公共", "预算拨款", "收入"]):
        words.append(centred(text, 215, 100 + 12 * i))
    for i, text in enumerate(["政府性基", "金预算拨", "款收入"]):
        words.append(centred(text, 265, 100 + 12 * i))
    rows = [["合计", "174,900.64", "101,833.84", "41,534.73"], ["一般公共服务支出", "23,103.76", "16,604.23", ""],
            ["商贸事务", "23,103.76", "16,604.23", ""], ["行政运行", "6,231.54", "6,231.54", ""],
            ["商务支出", "151,796.88", "85,229.61", "41,534.73"]]
    y = 140.0
    for row in rows:
        words.append(word(row[0], 14, y))
        if row[0] == "合计":
            words.extend(split_run_figures(right("".join(row[1:]), 290, y)))
        else:
            words.extend(right(f, x1, y) for x1, f in zip((190, 240, 290), row[1:]) if f)
        y += 16
    part = align(words, vocabulary=VOCABULARY)
    assert paths(part) == [["科目名称"], ["总计"], ["一般公共预算拨款收入"], ["政府性基金预算拨款收入"]]
    assert part.rows == rows

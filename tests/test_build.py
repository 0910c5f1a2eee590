"""Reading a table's pages into one table (budgetx/table/build.py)."""
from __future__ import annotations

import pytest

from budgetx.model import RuledGrid, Word
from budgetx.reader.align import AlignedPart, align
from budgetx.schema.registry import header_vocabulary, load_schema
from budgetx.reader.locate import Located, Region
from budgetx.table.build import _by_block, _pages, _stacked, join_broken_label, join_broken_row, under_columns_above
from layout import centred, right, word


def part(rows: list[list[str]]) -> AlignedPart:
    return AlignedPart([0.0, 100.0, 200.0, 300.0], [], rows)


def test_a_name_wrapped_over_a_page_break_is_joined() -> None:
    # 八、社会保障和就 at the foot of one page, 业支出 alone at the top of the next.
    above = part([["七、文化体育与传媒支出", "", ""], ["八、社会保障和就", "1,608.51", ""]])
    below = part([["业支出", "", ""], ["九、医疗卫生与计划生育支出", "", ""]])
    join_broken_label(above, below)
    assert above.rows[-1] == ["八、社会保障和就业支出", "1,608.51", ""]
    assert below.rows == [["九、医疗卫生与计划生育支出", "", ""]]


@pytest.mark.parametrize("first", [
    ["住房公积金", "", ""],            # a whole name: a row of its own, its figures blank
    ["九、医疗卫生与计划生育支出", "", ""],  # a numbered row
    ["4", "", ""],                    # a figure's wrapped digit
    ["业支出", "12.00", ""],           # a row with figures
])
def test_a_page_opening_with_a_row_of_its_own_is_left_alone(first: list[str]) -> None:
    above = part([["八、社会保障和就", "1,608.51", ""]])
    below = part([first, ["十、节能环保支出", "", ""]])
    join_broken_label(above, below)
    assert above.rows == [["八、社会保障和就", "1,608.51", ""]]
    assert below.rows[0] == first


def test_breakdowns_printed_side_by_side_over_pages_are_put_back_block_by_block() -> None:
    # Page 1: function A1 A2 | economic B1; page 2: A3 | B2 B3 (read A B, A B).
    rows = {name: {"item": name} for name in ("A1", "A2", "B1", "A3", "B2", "B3")}
    block_of = {id(rows[n]): ("功能" if n[0] == "A" else "经济") for n in rows}
    read = [(rows["A1"], 1), (rows["A2"], 1), (rows["B1"], 1), (rows["A3"], 2), (rows["B2"], 2), (rows["B3"], 2)]
    assert [(r["item"], p) for r, p in _by_block(read, block_of)] == [
        ("A1", 1), ("A2", 1), ("A3", 2), ("B1", 1), ("B2", 2), ("B3", 2)]
    # One block: the printed order.
    assert _by_block(read, {}) == read


@pytest.mark.parametrize("tail, whole", [
    ("6", "12,437.36"),   # a unit's name and its 12,437.36 both wrapped at the foot of a page
    ("", "12,437.3"),     # a scan whose lone 6 the recogniser missed: 12,437.3 is short of its
                          # column's decimals, so the row goes on over the page all the same
])
def test_a_row_broken_over_a_page_break_is_one_row(tail: str, whole: str) -> None:
    above = part([["杭州市公安局", "1,000.00", "2.10"], ["杭州市机动", "12,437.3", "2,112.28"]])
    below = part([["车驾驶员考试服务中心", tail, ""], ["杭州市公安局警犬基地", "10.00", "1.00"]])
    join_broken_row(above, below)
    assert above.rows[-1] == ["杭州市机动车驾驶员考试服务中心", whole, "2,112.28"]
    assert below.rows == [["杭州市公安局警犬基地", "10.00", "1.00"]]


def test_a_row_whose_rate_is_printed_to_one_place_runs_on_over_no_page_break() -> None:
    # A column of rates printed to one place: the row above ends on its page.
    above = part([["一般公共服务支出", "1,000.00", "2.1"], ["公共安全支出", "12,437.30", "12.5"]])
    below = part([["二、项目支出", "", ""], ["公共安全支出", "10.00", "1.0"]])
    join_broken_row(above, below)
    assert above.rows[-1] == ["公共安全支出", "12,437.30", "12.5"]
    assert below.rows[0] == ["二、项目支出", "", ""]


@pytest.mark.parametrize("first", [
    ["车驾驶员考试服务中心", "6", ""],    # the figure above is whole: a row of its own
    ["4", "", ""],                      # a lone figure in the name column
])
def test_a_page_opening_with_a_short_figure_under_whole_ones_is_left_alone(first: list[str]) -> None:
    above = part([["杭州市公安局", "1,000.00", "2.10"], ["杭州市机动", "12,437.30", "2,112.28"]])
    below = part([first, ["杭州市公安局警犬基地", "10.00", "1.00"]])
    join_broken_row(above, below)
    assert above.rows[-1] == ["杭州市机动", "12,437.30", "2,112.28"]
    assert below.rows[0] == first


def _opening_rows() -> list:
    """The top of the page after 表4's title and 收入 | 支出: the rest of its header, its rows."""
    words = [centred(t, x, 40) for t, x in [("项目名称", 120), ("金额", 240), ("项目名称", 380), ("金额", 500)]]
    for k, (a, b, c, d) in enumerate([("一、一般公共预算", "33,172.15", "一、基本支出", "18,570.82"),
                                      ("收入合计", "33,172.15", "支出合计", "33,172.15")]):
        y = 60 + 16 * k
        words += [word(a, 44, y), right(b, 296, y), word(c, 304, y), right(d, 551, y)]
    return words


def test_a_header_begun_at_a_pages_foot_is_read_with_its_rows_on_the_next() -> None:
    above = [centred("收入", 170, 748), centred("支出", 430, 748)]
    words, grid = _stacked(above, None, _opening_rows(), None)
    assert grid is None
    part = align(words, vocabulary=header_vocabulary(load_schema()))
    assert part.paths() == [["收入", "项目名称"], ["收入", "金额"], ["支出", "项目名称"], ["支出", "金额"]]
    assert part.rows == [["一、一般公共预算", "33,172.15", "一、基本支出", "18,570.82"],
                         ["收入合计", "33,172.15", "支出合计", "33,172.15"]]


def test_the_rules_of_a_header_begun_at_a_pages_foot_join_the_next_pages() -> None:
    above = [centred("收入", 170, 748), centred("支出", 430, 748)]
    below = RuledGrid([40.0, 200.0, 300.0, 450.0, 555.0], [30.0, 50.0, 70.0, 90.0])
    words, grid = _stacked(above, RuledGrid([40.0, 300.0, 555.0], [740.0, 760.0]), _opening_rows(), below)
    assert grid == RuledGrid([40.0, 200.0, 300.0, 450.0, 555.0], [740.0, 760.0, 780.0, 800.0, 820.0])
    assert min(w.top for w in words if w.text == "项目名称") > 748
    # Columns of the first page that the next page's rules do not have: no one grid.
    apart = RuledGrid([40.0, 250.0, 555.0], [740.0, 760.0])
    assert _stacked(above, apart, _opening_rows(), below) == (_opening_rows(), below)


def test_a_headerless_page_is_read_under_the_columns_of_the_page_above() -> None:
    # 西安, unruled: a 基本支出 table's second page, its header not repeated. On its own
    # it found as many columns as the page above (an empty one first, none for 备注),
    # placed by its own rows' widths. The columns above are the table's.
    vocabulary = header_vocabulary(load_schema())
    page = []
    for y, cells in [(45.8, ("30217", "公务接待费", "50206", "公务接待费", "10000", "0", "10000")),
                     (62.3, ("30224", "被装购置费", "50204", "专用材料购置费", "0", "0", "0"))]:
        page += [word(cells[0], 118.5, y), word(cells[1], 167.6, y), word(cells[2], 311.2, y), word(cells[3], 344.6, y),
                 right(cells[4], 538.7, y), right(cells[5], 621.0, y), right(cells[6], 707.3, y)]
    above = AlignedPart([-1e9, 151.8, 289.4, 336.5, 440.8, 560.3, 646.6, 718.7, 1e9], [], [])
    alone = align(page, columns=[-1e9, 116.3, 151.8, 278.7, 336.6, 461.5, 569.4, 648.4, 1e9], vocabulary=vocabulary)
    assert alone.rows[0][:3] == ["", "30217", "公务接待费"]
    read = under_columns_above(page, None, alone, above, above, vocabulary)
    assert read.rows == [["30217", "公务接待费", "50206", "公务接待费", "10000", "0", "10000", ""],
                         ["30224", "被装购置费", "50204", "专用材料购置费", "0", "0", "0", ""]]
    # Columns above that would run two figures into one cell are not this page's.
    narrow = AlignedPart([-1e9, 151.8, 289.4, 336.5, 440.8, 560.3, 718.7, 800.0, 1e9], [], [])
    assert under_columns_above(page, None, alone, narrow, narrow, vocabulary).rows == alone.rows



def _header() -> list[Word]:
    return [Word(t, x0, top, x1, top + 12) for t, x0, x1, top in [
        ("项目", 243.9, 265.2, 63.0), ("一般公共预算基本支出", 577.2, 695.1, 63.0), ("经济分类科目编码", 44.4, 139.2, 86.2),
        ("部门经济分类科目名称", 244.4, 363.2, 97.8), ("合计", 512.3, 535.2, 97.8), ("人员经费", 613.1, 659.8, 97.8),
        ("公用经费", 726.2, 772.6, 97.8), ("类", 61.9, 73.1, 109.8), ("款", 110.4, 121.5, 109.8)]]


def _row(y: float, cells: tuple[str, str, str, str, str, str]) -> list[Word]:
    size = 12.0
    out = [word(cells[0], 58.9, y, size), word(cells[1], 110.1, y, size), word(cells[2], 142.4, y, size)]
    return out + [right(t, x, y, size) for t, x in zip(cells[3:], (577.3, 690.1, 802.9)) if t]


def test_a_page_repeating_the_header_in_place_is_read_under_the_first_pages_columns() -> None:
    # 上海, unruled: a 基本支出 table's last page repeats the header. Its few short names
    # end short of the name header, centred far right in its wide column, and its 合计
    # sits under that header: alone, the page may split the name column in two.
    from budgetx.schema.rules import row_labels
    from budgetx.table.build import _same_header_place, under_repeated_header

    vocabulary = header_vocabulary(load_schema())
    rows = [("301", "01", "基本工资", "9,000", "9,000", ""), ("301", "08", "机关事业单位基本养老保险缴费", "3,000", "3,000", ""),
            ("302", "01", "办公费", "1,000", "", "1,000"), ("302", "31", "公务用车运行维护费（其他交通费用）", "322,000", "", "322,000"),
            ("302", "99", "其他商品和服务支出", "1,193,200", "", "1,193,200")]
    first = align(_header() + [w for i, r in enumerate(rows) for w in _row(133.0 + 23.2 * i, r)], vocabulary=vocabulary,
                  spaced=row_labels())
    page = _header() + _row(133.0, ("303", "02", "退休费", "3,514,000", "3,514,000", "")) + _row(
        179.3, ("310", "02", "办公设备购置", "337,000", "", "337,000")) + [
        Word("合计", 243.9, 202.0, 266.9, 214.0), right("127,642,039", 577.0, 202.5, 12.0),
        right("102,464,260", 689.8, 202.5, 12.0), right("25,177,779", 802.6, 202.5, 12.0)]
    alone = align(page, header_of=first, vocabulary=vocabulary, spaced=row_labels())
    assert _same_header_place(alone, first)
    read = under_repeated_header(page, alone, first, vocabulary)
    assert read.paths() == first.paths()
    assert [row[2:] for row in read.rows] == [["退休费", "3,514,000", "3,514,000", ""], ["办公设备购置", "337,000", "", "337,000"],
                                               ["合计", "127,642,039", "102,464,260", "25,177,779"]]
    # A header set elsewhere (another table's) is no repetition.
    moved = [Word(w.text, w.x0 + 30, w.top, w.x1 + 30, w.bottom) for w in _header()]
    assert not _same_header_place(align(moved + page[len(moved):], vocabulary=vocabulary), first)


def test_a_table_lists_each_of_its_pages_once() -> None:
    # Two forms under one title merged, the second opening at the foot of the first's
    # last page.
    loc = Located(None, "绩效目标表", [Region(24, 703, 842), Region(25, 0, 669), Region(25, 685, 842), Region(26, 0, 701)])
    assert _pages(loc) == [24, 25, 26]

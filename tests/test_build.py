"""Reading a table's pages into one table (budgetx/table/build.py)."""
from __future__ import annotations

import pytest

from budgetx.reader.align import AlignedPart
from budgetx.table.build import _by_block, join_broken_label, join_broken_row


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


def test_a_row_broken_over_a_page_break_with_its_last_digits_is_one_row() -> None:
    # A unit's name and its 12,437.36 both wrapped at the foot of a page.
    above = part([["杭州市公安局", "1,000.00", "2.10"], ["杭州市机动", "12,437.3", "2,112.28"]])
    below = part([["车驾驶员考试服务中心", "6", ""], ["杭州市公安局警犬基地", "10.00", "1.00"]])
    join_broken_row(above, below)
    assert above.rows[-1] == ["杭州市机动车驾驶员考试服务中心", "12,437.36", "2,112.28"]
    assert below.rows == [["杭州市公安局警犬基地", "10.00", "1.00"]]


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

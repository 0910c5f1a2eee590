"""header_cells.py: header words grouped into the cells they print."""
from __future__ import annotations

from budgetx.model import Word
from budgetx.reader.header_cells import header_blocks

# 长春's 收入总表, right end: 小计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算 | 单位资金
# under 上年结转, centred over the middle column.
EDGES = [433.1, 456.7, 480.6, 504.4, 528.3, 552.1, 591.8]


def test_a_group_over_a_column_of_stacked_glyphs_is_a_cell_of_its_own() -> None:
    # OCR reads 国/有/资/本/经/营/预/算, set a glyph a line in a narrow cell, as one word
    # 75 pt tall: the 8 pt under the group is a line's gap, not a sliver of its height.
    group = Word("上年结转", 499.7, 123.1, 527.0, 129.9)
    stack = Word("国有资本经营预算", 513.0, 137.8, 519.5, 213.1)
    blocks = header_blocks([group, stack], EDGES)
    assert sorted(b.text for b in blocks) == ["上年结转", "国有资本经营预算"]


def test_a_header_wrapped_over_lines_of_its_cell_is_one_cell() -> None:
    # The same cell's text set across, wrapped: 财政专 over 户管理, a third of a line apart.
    blocks = header_blocks([Word("财政专", 536.8, 137.8, 548.0, 145.3),
                            Word("户管理", 536.8, 148.0, 548.0, 155.5)], EDGES)
    assert [b.text for b in blocks] == ["财政专户管理"]

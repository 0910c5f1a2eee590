"""spans.py: a group header centred in a merged cell spans the columns of that cell."""
from __future__ import annotations

from budgetx.reader.align import Block
from budgetx.reader.spans import spans_from_rules, widen_groups

# Seven columns 60 wide: 编码 | 名称 | 总计 | 小计 | 人员经费 | 公用经费 | 项目支出.
EDGES = [0.0, 60.0, 120.0, 180.0, 240.0, 300.0, 360.0, 420.0]


def cell(text: str, col: int, top: float, lines: int = 1, first: int | None = None,
         last: int | None = None) -> Block:
    """A header text centred in its column (or over first..last), `lines` lines high."""
    lo, hi = (col, col) if first is None else (first, last if last is not None else first)
    mid = (EDGES[lo] + EDGES[hi + 1]) / 2 if first is not None else (EDGES[col] + EDGES[col + 1]) / 2
    width = 8.0 * len(text)
    return Block(text, lo, hi, top, top + 10.0 * lines, mid - width / 2, mid + width / 2)


def test_a_group_centred_over_three_columns_spans_them_not_the_tall_cells_beside() -> None:
    # 基本支出 is centred over 小计 | 人员经费 | 公用经费, so its words lie over 人员经费
    # only; 总计 and 项目支出 are tall cells centred between the two header rows.
    group = cell("基本支出", 4, 100.0)
    blocks = [cell("科目编码", 0, 110.0), cell("科目名称", 1, 110.0), cell("总计", 2, 110.0), group,
              cell("小计", 3, 120.0), cell("人员经费", 4, 120.0), cell("公用经费", 5, 120.0),
              cell("项目支出", 6, 110.0)]
    widen_groups(blocks, EDGES)
    assert (group.first, group.last) == (3, 5)


def test_a_header_wrapped_over_two_cells_is_one_stack() -> None:
    # 政府性基金 / 预算 wrapped in two lines (read as two blocks) is in the same row as
    # the one-block two-line 一般公共预算 beside it.
    group = cell("总计", 3, 100.0)
    blocks = [group, cell("一般公共预算", 2, 120.0, lines=2), cell("政府性基金", 3, 120.0),
              cell("预算", 3, 130.0), cell("国有资本经营预算", 4, 120.0, lines=2)]
    widen_groups(blocks, EDGES)
    assert (group.first, group.last) == (2, 4)


def test_a_group_stays_inside_the_group_above_it() -> None:
    # 公务接待费 (columns 0-2) and 小计 under 公务用车 (3-5): 小计 does not reach into
    # 公务接待费's columns even where the centre would allow it.
    upper = cell("公务接待费", 1, 80.0)  # its merged cell is found first: columns 0-2
    other = cell("公务用车购置及运行费", 4, 80.0, first=3, last=5)
    sub = cell("小计", 4, 100.0)
    blocks = [upper, other, sub, *(cell(f"来源{c}", c, 120.0) for c in range(7))]
    widen_groups(blocks, EDGES)
    assert (sub.first, sub.last) == (3, 5)
    assert (upper.first, upper.last) == (0, 2)


def test_a_leaf_is_left_alone() -> None:
    leaf = cell("合计", 2, 110.0)
    blocks = [cell("名称", 1, 110.0), leaf, cell("基本支出", 3, 110.0)]
    widen_groups(blocks, EDGES)
    assert (leaf.first, leaf.last) == (2, 2)


def test_header_lines_spaced_almost_a_line_apart_are_one_stack() -> None:
    # 杭州: 10-high lines 9.5 apart (one, two and three lines: 事业收入, 政府性基 / 金预算,
    # 财政专 / 户管理 / 资金), all centred in the same row under 本年收入.
    group = cell("本年收入", 4, 60.0)
    pitch = 19.5
    blocks = [cell("总计", 1, 90.0), group,
              cell("小计", 2, 80.0 + pitch), cell("政府性基", 3, 80.0 + pitch / 2),
              cell("金预算", 3, 80.0 + pitch * 1.5),
              cell("财政专", 4, 80.0), cell("户管理", 4, 80.0 + pitch), cell("资金", 4, 80.0 + 2 * pitch),
              cell("事业收入", 5, 80.0 + pitch), cell("其他", 6, 80.0 + pitch / 2),
              cell("收入", 6, 80.0 + pitch * 1.5)]
    widen_groups(blocks, EDGES)
    assert (group.first, group.last) == (2, 6)


def test_the_rules_between_header_rows_say_which_lines_are_one_cell() -> None:
    # OCR boxes hug the ink: 财政专 / 户管理 / 资金 read 7.5 high, 7.9 apart, under a
    # group 7.5 high; by the gap alone the column's cell is its first line, whose
    # centre is not that of 小计 beside it. The rule under the group row and the one
    # under the header say it is one cell.
    def ink(text: str, col: int, top: float) -> Block:
        mid = (EDGES[col] + EDGES[col + 1]) / 2
        return Block(text, col, col, top, top + 7.5, mid - 4.0 * len(text), mid + 4.0 * len(text))

    def blocks() -> list[Block]:
        return [ink("总计", 1, 111.0), ink("本年收入", 4, 87.5), ink("小计", 2, 119.5),
                ink("一般公共", 3, 111.6), ink("预算", 3, 126.7),
                ink("财政专", 4, 103.7), ink("户管理", 4, 119.1), ink("资金", 4, 134.5),
                ink("事业收入", 5, 119.1), ink("其他", 6, 111.6), ink("收入", 6, 126.7)]

    by_gap = blocks()
    widen_groups(by_gap, EDGES)
    assert (by_gap[1].first, by_gap[1].last) == (4, 4)
    ruled = blocks()
    widen_groups(ruled, EDGES, row_edges=[83.1, 99.2, 146.5])
    assert (ruled[1].first, ruled[1].last) == (2, 6)


def test_an_upper_group_spans_the_lower_groups_of_its_row_however_their_leaves_wrap() -> None:
    # 当年预算 over 小计 | 因公出国（境）费 (小计 | 科研因公出国（境）费用) | 公务用车购置及运行费
    # (小计 | 购置费), 上年结转结余 beside it: 小计 is one line, 科研… three, so the
    # columns' stacks are centred apart; the lower groups side by side are its row.
    upper = cell("当年预算", 3, 100.0)
    blocks = [cell("合计", 0, 120.0, lines=3), upper, cell("上年结转结余", 6, 100.0),
              cell("小计", 1, 135.0), cell("因公出国（境）费", 0, 120.0, first=2, last=3),
              cell("公务用车购置及运行费", 0, 120.0, first=4, last=5),
              cell("小计", 2, 140.0), cell("科研因公出国（境）费用", 3, 135.0, lines=3),
              cell("小计", 4, 140.0), cell("购置费", 5, 140.0), cell("小计", 6, 120.0)]
    widen_groups(blocks, EDGES)
    assert (upper.first, upper.last) == (1, 5)


def test_headers_wrapped_in_narrow_columns_under_a_group_are_in_its_cell() -> None:
    # 长春: 当年预算 over 小计 | 基本支出 (小计 | 人员经费 | 公用经费) | 项目支出, with tall
    # cells beside it (合计, 其他). In narrow columns the texts wrap (小 / 计, 项目支 / 出,
    # 人员经 / 费), so the columns under the group are centred at different heights:
    # 小计 and 项目支出 halfway down the rows under the group, 人员经费 in the lowest
    # row; 合计 and 其他 are centred on the whole header's height.
    edges = [0.0, 60.0, 120.0, 160.0, 200.0, 240.0, 280.0, 320.0, 360.0, 400.0]
    group = Block("当年预算", 5, 5, 100.0, 108.0, 244.0, 276.0)
    basic = Block("基本支出", 5, 5, 119.0, 127.0, 244.0, 276.0)
    blocks = [Block("科目编码", 0, 0, 114.0, 132.0, 14.0, 46.0), Block("科目名称", 1, 1, 119.0, 127.0, 74.0, 106.0),
              Block("合计", 2, 2, 119.0, 127.0, 132.0, 148.0), group, basic,
              Block("小计", 3, 3, 129.0, 137.0, 172.0, 188.0),
              Block("小计", 4, 4, 139.0, 147.0, 212.0, 228.0),
              Block("人员经费", 5, 5, 134.0, 152.0, 246.0, 274.0),
              Block("公用经费", 6, 6, 134.0, 152.0, 286.0, 314.0),
              Block("项目支出", 7, 7, 124.0, 142.0, 326.0, 354.0),
              Block("其他", 8, 8, 119.0, 127.0, 370.0, 390.0)]
    widen_groups(blocks, edges)
    assert (group.first, group.last) == (3, 7)
    assert (basic.first, basic.last) == (4, 6)


def test_tall_cells_of_several_lines_beside_a_group_stay_outside_it() -> None:
    # 烟台 (unruled): 财政拨款收入 over 小计 | 一般公共预算收入 | … ; the cells beside it
    # (合计, 财政专户管理资金收入, 事业收入（不含教育收费）) are one to three lines high and
    # centred a little below the header's middle, yet higher than the cells under the
    # group. The group's centre would fit columns 1-7 as well as 3-6: it keeps 3-6.
    edges = [0.0, 40.0, 80.0, 120.0, 160.0, 200.0, 240.0, 280.0, 320.0, 360.0]
    group = Block("财政拨款收入", 5, 5, 100.0, 108.0, 176.0, 224.0)
    tall = [Block("名称", 1, 1, 121.0, 130.0, 52.0, 68.0), Block("合计", 2, 2, 121.0, 130.0, 92.0, 108.0),
            Block("财政专户管理资金收入", 7, 7, 117.0, 134.0, 282.0, 318.0)]
    under = [Block("小计", 3, 3, 130.0, 139.0, 132.0, 148.0),
             *(Block(t, c, c, 126.0, 143.0, edges[c] + 2, edges[c + 1] - 2)
               for t, c in [("一般公共预算收入", 4), ("政府性基金预算收入", 5), ("国有资本经营预算收入", 6)])]
    widen_groups([group, *tall, *under], edges)
    assert (group.first, group.last) == (3, 6)


def test_an_upper_group_reaches_over_a_lower_group_not_yet_widened() -> None:
    # 上海's unruled “三公” table (positions as read): “三公”经费预算数 over 合计 | 因公出国
    # | 公务接待费 (tall cells) and 公务用车购置及运行费, itself over 小计 | 购置费 | 运行费 a
    # line and more below it. The lower group's text, wider than its one column, is that
    # column's stack down to its leaf, centred between the rows as the tall cells are:
    # the upper group takes it in and the column beyond, and does not stop at 小计,
    # which would leave 小计 outside the lower group's cell.
    far = 1e9
    edges = [-far, 201.0, 302.0, 387.0, 488.0, 573.0, 692.0, far]
    upper = Block("“三公”经费预算数", 2, 3, 156.0, 168.0, 318.0, 420.0)
    lower = Block("公务用车购置及运行费", 4, 4, 181.0, 193.0, 462.0, 580.0)
    blocks = [upper, Block("机关运行经费预算数", 6, 6, 174.0, 200.0, 682.0, 765.0), lower,
              Block("购置费", 4, 4, 206.0, 218.0, 505.0, 540.0), Block("合计", 0, 0, 193.0, 205.0, 100.0, 122.0),
              Block("因公出国(境)费", 1, 1, 193.0, 205.0, 175.0, 257.0), Block("公务接待费", 2, 2, 193.0, 205.0, 288.0, 346.0),
              Block("小计", 3, 3, 206.0, 218.0, 409.0, 431.0), Block("运行费", 5, 5, 206.0, 218.0, 606.0, 641.0)]
    widen_groups(blocks, edges)
    assert (lower.first, lower.last) == (3, 5)
    assert (upper.first, upper.last) == (0, 5)


def test_a_wide_lower_group_is_the_stack_of_every_column_it_crosses() -> None:
    # 西安's “三公” table (positions as read, one of its three blocks; rules left out):
    # 上年 over 合计 (a tall cell) | 一般公共预算拨款安排的“三公”经费预算 | 会议费 | 培训费,
    # the second over 小计 | 因公出国（境）费用 | 公务接待费 | 公务用车购置及运行维护费 (over
    # 小计 | 购置费 | 运行维护费). The lower group's text crosses four columns' edges without
    # having been widened: it heads each of them, down to their leaves, so it reaches
    # 小计 and 运行维护费 beside it. (The rules of the ruled page give 上年 its cell: the
    # layout, tall cells of 3 pt type a point off the row's middle, leaves it short.)
    far = 1e9
    edges = [-far, 66.8, 124.4, 150.8, 175.5, 200.2, 224.8, 249.5, 274.2, 298.9, 323.6, 349.9, far]
    upper = Block("上年", 6, 6, 117.6, 121.5, 233.4, 241.0)
    lower = Block("一般公共预算拨款安排的“三公”经费预算", 4, 7, 124.1, 128.1, 187.0, 262.8)
    car = Block("公务用车购置及运行维护费", 6, 8, 130.7, 134.7, 238.1, 285.7)
    blocks = [upper, lower, Block("单位编码", 0, 0, 130.5, 134.5, 46.6, 62.3),
              Block("单位名称", 1, 1, 130.5, 134.5, 87.8, 103.4), car,
              Block("合计", 2, 2, 133.8, 137.8, 133.8, 141.5), Block("因公出国（境）费用", 4, 4, 133.9, 144.2, 180.1, 197.4),
              Block("会议费", 9, 9, 133.8, 137.8, 305.4, 317.0), Block("培训费", 10, 10, 133.8, 137.8, 330.9, 342.5),
              Block("小计", 3, 3, 137.1, 141.1, 159.4, 167.0), Block("公务接待费", 5, 5, 137.1, 141.1, 202.8, 222.3),
              Block("公务用车购置费", 7, 7, 137.2, 147.5, 250.1, 273.7),
              Block("公务用车运行维护费", 8, 8, 137.2, 147.5, 274.8, 298.4), Block("小计", 6, 6, 140.4, 144.3, 233.5, 241.0)]
    widen_groups(blocks, edges)
    assert (lower.first, lower.last) == (3, 8)
    assert (car.first, car.last) == (6, 8)


def test_the_rules_of_a_ruled_header_say_which_columns_a_cell_spans() -> None:
    # 名称 | 合计 | 小计 | 接待费 | 小计 | 购置费 | 运行费 | 会议费, 60 wide: 上年 over all
    # but 名称, 一般公共预算拨款 over 小计 … 运行费, 公务用车 over the last three of those. Each
    # text is centred in its merged cell but lies over one or two columns only; the
    # vertical rules stop where the merged cells are.
    edges = [-1e9, 60.0, 120.0, 180.0, 240.0, 300.0, 360.0, 420.0, 1e9]
    rules = [(60.0, 100.0, 140.0), (120.0, 110.0, 140.0), (180.0, 120.0, 140.0), (240.0, 120.0, 140.0),
             (300.0, 130.0, 140.0), (360.0, 130.0, 140.0), (420.0, 110.0, 140.0)]
    caption = Block("单位：元", 7, 7, 88.0, 96.0, 430.0, 470.0)
    upper = Block("上年", 4, 4, 101.0, 109.0, 262.0, 278.0)
    middle = Block("一般公共预算拨款", 3, 5, 111.0, 119.0, 238.0, 302.0)
    car = Block("公务用车", 5, 5, 121.0, 129.0, 314.0, 346.0)
    leaves = [Block("名称", 0, 0, 116.0, 124.0, 20.0, 40.0), Block("合计", 1, 1, 121.0, 129.0, 82.0, 98.0),
              *(Block(t, c, c, 131.0, 139.0, edges[c] + 20, edges[c + 1] - 20)
                for t, c in [("小计", 2), ("接待费", 3), ("小计", 4), ("购置费", 5), ("运行费", 6)]),
              Block("会议费", 7, 7, 121.0, 129.0, 430.0, 460.0)]
    blocks = [caption, upper, middle, car, *leaves]
    decided = spans_from_rules(blocks, edges, rules)
    assert [(b.first, b.last) for b in (upper, middle, car)] == [(1, 7), (2, 6), (4, 6)]
    assert [(b.first, b.last) for b in leaves] == [(c, c) for c in range(8)]
    assert decided == {id(upper), id(middle), id(car)}
    # Above the rules nothing is said: the caption is left to the words.
    assert (caption.first, caption.last) == (7, 7)


def test_a_column_whose_header_was_lost_is_under_the_group_centred_over_it() -> None:
    # 长春 at 150 dpi: 编制预算 is centred over 小计 | 一般公共预算 | 事业收入 | 其他收入,
    # and the recogniser read nothing of 其他收入's stacked glyphs. The group's centre
    # (300, on the rule between its two middle columns) takes in the bare column; the
    # three read would centre it at 270.
    group = Block("编制预算", 4, 5, 100.0, 110.0, 284.0, 316.0)
    leaves = [cell(t, c, 120.0) for c, t in ((3, "小计"), (4, "一般公共预算"), (5, "事业收入"))]
    widen_groups([cell("合计", 2, 110.0), group, *leaves], EDGES, row_edges=[95.0, 115.0, 135.0])
    assert (group.first, group.last) == (3, 6)
    # Without rules a bare column is the projection's, no column of the group's.
    group = Block("编制预算", 4, 5, 100.0, 110.0, 284.0, 316.0)
    widen_groups([cell("合计", 2, 110.0), group, *leaves], EDGES)
    assert (group.first, group.last) == (4, 5)
    # Centred over the three read, the group leaves the bare column beside them alone.
    group = Block("编制预算", 4, 4, 100.0, 110.0, 254.0, 286.0)
    widen_groups([cell("合计", 2, 110.0), group, *leaves], EDGES, row_edges=[95.0, 115.0, 135.0])
    assert (group.first, group.last) == (3, 5)

"""region_text.py: the words of a table region, on synthetic pages: the lines that are
no cells dropped, notes kept apart, figures run together split."""
from __future__ import annotations

import pytest

from budgetx.model import Page, Word
from budgetx.reader.locate import Region
from budgetx.reader.region_text import region_words, split_run_figures
from layout import centred, right, width, word


def page(number: int, words: list[Word], height: float = 842) -> Page:
    return Page(number, 595, height, words, chars=500)


@pytest.mark.parametrize(("text", "pieces"), [
    ("244,895.02192,446.79", ["244,895.02", "192,446.79"]),
    ("190.63190.63", ["190.63", "190.63"]),
    ("12,063.9611,476.19", ["12,063.96", "11,476.19"]),
    ("1,388.82", ["1,388.82"]),
    ("2010301", ["2010301"]),
    ("3.00", ["3.00"]),
    ("48,362.82本年支出合计", ["48,362.82", "本年支出合计"]),
    ("1,015.40（一）一般公共服务支出", ["1,015.40", "（一）一般公共服务支出"]),
    # 北京 prints 万元 to six decimals; a scan boxes the figure with the next cell's label.
    ("508.642853年终结转结余", ["508.642853", "年终结转结余"]),
    ("2.5万元", ["2.5万元"]),
    ("机关事业单位职业年金缴费支出43608.96", ["机关事业单位职业年金缴费支出", "43608.96"]),
    ("资本性支出（一）1,015.40", ["资本性支出（一）", "1,015.40"]),
    ("空调1.5", ["空调1.5"]),
    ("2021年3.00", ["2021年3.00"]),
])
def test_figures_run_together_by_the_text_layer_come_apart(text: str, pieces: list[str]) -> None:
    got = split_run_figures(right(text, 400, 100))
    assert [w.text for w in got] == pieces
    assert got[0].x1 <= got[-1].x0 or len(got) == 1
    assert (got[0].x0, got[-1].x1) == pytest.approx((400 - width(text), 400))
    # Each piece as wide as its glyphs: a figure's right edge stays where it was printed.
    assert got[0].x1 == pytest.approx(400 - width(text) + width(pieces[0]))


def test_a_sentence_at_the_left_edge_of_a_table_outside_the_families_is_a_note() -> None:
    words = [word("项目名称", 44, 100), word("金额", 230, 100), word("说明", 360, 100),
             word("道路养护", 44, 120), right("1,550.00", 250, 120), word("完成养护，达标率100%，不发生事故。", 360, 120),
             word("注：本表金额为财政拨款，不含其他资金。", 44, 140)]
    text = region_words(page(5, words), Region(5, 90, 200), text_cells=True)
    assert text.notes == ["注：本表金额为财政拨款，不含其他资金。"]
    assert "完成养护，达标率100%，不发生事故。" in [w.text for w in text.words]


def test_a_unit_note_wrapped_in_a_narrow_corner_is_no_header_cell() -> None:
    # 单位：万 over 元 at the right, a meta line (预算单位：…) between them at the left:
    # neither piece is the header of the last column (单位：万元 / 项目支出).
    words = [right("单位：万", 555, 100), word("预算单位：青禾县信访局", 40, 105), right("元", 555, 110),
             centred("当年预算", 300, 125), centred("科目编码", 80, 140), centred("合计", 200, 140),
             centred("项目支出", 530, 140), word("201", 44, 160), right("1,682.76", 230, 160),
             right("474.56", 555, 160)]
    text = region_words(page(10, words), Region(10, 90, 200))
    assert [w.text for w in text.words] == ["当年预算", "科目编码", "合计", "项目支出", "201", "1,682.76", "474.56"]


def test_a_lone_yuan_far_from_a_unit_note_is_kept() -> None:
    # A 元 that is not right under a cut unit note is a cell like any other.
    words = [right("单位：万", 555, 100), word("元", 300, 110), centred("合计", 200, 140)]
    text = region_words(page(10, words), Region(10, 90, 200))
    assert [w.text for w in text.words] == ["单位：万", "元", "合计"]


def test_the_next_tables_label_at_the_foot_of_a_page_is_no_row() -> None:
    # 武汉 (国家信访局's template) sets 部门公开表 7, the label of the table that begins on
    # the next page, under the closing total of table 6: it was read as a row whose
    # 公用经费 was the text 部门公开表7.
    words = [centred("科目编码", 80, 100), centred("科目名称", 200, 100), centred("合计", 320, 100),
             centred("人员经费", 420, 100), centred("公用经费", 520, 100),
             word("31099", 44, 120), word("其他资本性支出", 120, 120), right("15.00", 350, 120), right("15.00", 550, 120),
             centred("合  计", 200, 140), right("9,880.88", 350, 140), right("7,504.62", 450, 140),
             right("2,376.26", 550, 140), right("部门公开表 7", 555, 190)]
    text = region_words(page(13, words), Region(13, 90, 800))
    assert "部门公开表 7" not in [w.text for w in text.words]
    assert [w.text for w in text.words][-3:] == ["9,880.88", "7,504.62", "2,376.26"]


def test_a_department_line_ending_in_a_bare_unit_is_no_header() -> None:
    # 湖州's 项目支出绩效表: `507-湖州市卫生健康委员会 … 万元` above the header, no 单位：
    # before the unit: it was read as header cells (507-…单位名称, 万元项目总体绩效目标).
    words = [word("507-青禾县卫生健康委员会", 40, 96), right("万元", 555, 97),
             centred("单位名称", 80, 110), centred("项目名称", 200, 110), centred("金额", 300, 110),
             centred("项目总体绩效目标", 450, 110), word("合计", 60, 145), right("51,856.41", 320, 145)]
    text = region_words(page(47, words), Region(47, 90, 200))
    assert [w.text for w in text.words] == ["单位名称", "项目名称", "金额", "项目总体绩效目标", "合计", "51,856.41"]


def test_a_whole_amount_on_a_line_of_its_own_between_the_rows_lines_is_kept() -> None:
    # 广州: 611 centred in its tall cell falls between the two lines of its row's name;
    # a bare number there is no page number (the one at the foot is).
    words = [word("项目", 100, 70), word("预算数", 220, 70), word("**", 150, 80), right("1", 234, 90),
             word("城维计划-广州市城市体检", 92, 104),
             right("611", 234, 112), word("工作经费", 87, 120), word("政府投资项目造价审核", 92, 140),
             right("801.61", 248, 140), centred("60", 297, 800)]
    kept = [w.text for w in region_words(page(60, words), Region(60, 60, 842), text_cells=True).words]
    assert "611" in kept and "60" not in kept
    # A lone digit there is the index row's mark that OCR read a line apart (** | 1).
    assert "1" not in kept

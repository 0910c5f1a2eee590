"""lines.py: words into text lines, lines into cells apart."""
from __future__ import annotations

from budgetx.model import Word
from budgetx.reader.lines import group_lines, segments
from layout import word


def test_a_word_boxed_twice_its_height_stays_on_its_own_line() -> None:
    # A list's serial numbers whose boxes a font draws twice as tall as the glyph
    # (普陀's 部门决算单位构成): `2` reaches into row 3, whose words are not row 2's.
    words = [Word("1", 147.1, 362.3, 150.2, 384.6), Word("上海市普陀区财政局（本级）", 172.4, 369.3, 320.7, 380.7),
             Word("2", 146.0, 376.8, 151.2, 399.2), Word("上海市普陀区财政局财政所", 178.4, 383.8, 320.7, 395.2),
             Word("预算不单列，并入本级", 339.2, 383.8, 457.4, 395.3), Word("3", 146.2, 391.4, 150.7, 413.7),
             Word("上海市普陀区国库收付中心", 178.4, 398.4, 320.4, 409.8), Word("预算不单列，并入本级", 339.2, 398.4, 457.4, 409.9)]
    assert [line.text for line in group_lines(words)] == [
        "1上海市普陀区财政局（本级）", "2上海市普陀区财政局财政所预算不单列，并入本级", "3上海市普陀区国库收付中心预算不单列，并入本级"]


def test_words_of_one_line_set_a_little_apart_in_height_share_it() -> None:
    # OCR boxes hug the ink: `※` sits higher than the `1` beside it, a figure lower.
    words = [Word("※", 10, 100, 18, 106), Word("1", 20, 101, 24, 109), Word("行政运行", 40, 100, 76, 109),
             Word("8.00", 200, 102, 218, 110), word("人大事务", 40, 116)]
    assert [line.text for line in group_lines(words)] == ["※1行政运行8.00", "人大事务"]


def test_segments_split_a_line_at_wide_gaps() -> None:
    [line] = group_lines([word("编制部门：青禾县教育局", 40, 100), word("单位：万元", 500, 100)])
    assert [s.text for s in segments(line)] == ["编制部门：青禾县教育局", "单位：万元"]

"""outline.py: the numbers row labels open with."""
from __future__ import annotations

from budgetx.values.outline import numbered, outline_number, without_numbering


def test_each_style_of_number_and_its_value() -> None:
    assert outline_number("二、事业收入") == ("cn", 2)
    assert outline_number("十二、农林水支出") == ("cn", 12)
    assert outline_number("二十、粮油物资储备支出") == ("cn", 20)
    assert outline_number("（三）其他收入") == ("paren_cn", 3)
    assert outline_number("3.公用经费") == ("digit", 3)
    assert outline_number("（11）培训费") == ("paren_digit", 11)


def test_figures_and_其中_are_no_numbers() -> None:
    assert outline_number("1.50") is None
    assert outline_number("其中：一般公共预算拨款") is None
    assert outline_number("一般公共服务支出") is None
    # OCR misreads of a numeral (二十二 read 二二) are no numbers, nor an error.
    assert outline_number("二二、灾害防治及应急管理支出") is None
    assert outline_number("十十、其他支出") is None and outline_number("（三三）其他") is None
    # 其中 opens a row of its own all the same.
    assert numbered("其中：一般公共预算拨款") and numbered("九、其他支出") and not numbered("支出")


def test_the_numbering_comes_off_a_label() -> None:
    assert without_numbering("一、(一)1.一般公共预算拨款") == "一般公共预算拨款"
    assert without_numbering("其中:事业收入") == "事业收入"
    assert without_numbering("2025年预算") == "2025年预算"


def test_cn_numeral_is_read_back_as_its_value() -> None:
    from budgetx.values.outline import cn_numeral

    assert [cn_numeral(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]
    assert all(outline_number(cn_numeral(n) + "、事业收入") == ("cn", n) for n in range(1, 100))

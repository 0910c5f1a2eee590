"""codes.py: budget subject codes 201 / 20103 / 2010301 and `code name` cells."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetx.values.codes import EMPTY, Code, is_code, join_code, split_code, split_code_name


@pytest.mark.parametrize(("text", "parts", "level"), [
    ("201", ("201", "", ""), 1),
    ("20103", ("201", "03", ""), 2),
    ("2010301", ("201", "03", "01"), 3),
    ("2080501", ("208", "05", "01"), 3),  # leading zeros kept in 款 and 项
    (" 30101 ", ("301", "01", ""), 2),
    ("２０１０３", ("201", "03", ""), 2),
])
def test_split_code(text: str, parts: tuple[str, str, str], level: int) -> None:
    code = split_code(text)
    assert (code.class_code, code.section_code, code.item_code) == parts
    assert code.code == "".join(parts)
    assert code.level == level


@pytest.mark.parametrize("text", ["", "20", "2010", "201030", "20103011", "201.5", "abc", "合计"])
def test_not_a_code(text: str) -> None:
    assert split_code(text) is EMPTY
    assert not is_code(text)
    assert EMPTY.level == 0


def test_join_code() -> None:
    assert join_code("201", "03", "01") == Code("2010301", "201", "03", "01")
    assert join_code("201", "03") == Code("20103", "201", "03", "")
    assert join_code("201") == Code("201", "201", "", "")
    assert join_code("208", "05", "01").section_code == "05"
    # A 款 without its 类 is no code.
    assert join_code("", "03", "01") is EMPTY


@pytest.mark.parametrize(("text", "code", "name"), [
    ("201 一般公共服务支出", "201", "一般公共服务支出"),
    ("  2010301 行政运行", "2010301", "行政运行"),
    ("20103政府办公厅（室）及相关机构事务", "20103", "政府办公厅（室）及相关机构事务"),
    ("[301]工资福利支出", "301", "工资福利支出"),
    ("【30101】基本工资", "30101", "基本工资"),
    ("(301)工资福利支出", "301", "工资福利支出"),
    ("201 03 01 行政运行", "2010301", "行政运行"),
    ("201\n一般公共\n服务支出", "201", "一般公共服务支出"),
    ("２０１ 一般公共服务支出", "201", "一般公共服务支出"),
    ("2010301", "2010301", ""),
    # 北京: code and name joined by a dash, in one cell.
    ("2010801-行政运行", "2010801", "行政运行"),
    ("50101－工资奖金津补贴", "50101", "工资奖金津补贴"),
    ("30101 - 基本工资", "30101", "基本工资"),
])
def test_split_code_name(text: str, code: str, name: str) -> None:
    got, rest = split_code_name(text)
    assert (got.code, rest) == (code, name)


@pytest.mark.parametrize("text", ["158.44", "1,388", "1,388.82", "201.5", "2012 年度", "2025年预算", "合计",
                                  "一般公共服务支出", "3011 其他"])
def test_amounts_and_plain_text_are_never_codes(text: str) -> None:
    got, rest = split_code_name(text)
    assert got is EMPTY
    assert rest == "".join(text.split())


codes = st.from_regex(r"[1-9][0-9]{2}(?:[0-9]{2}){0,2}", fullmatch=True)


@given(codes)
def test_split_then_join_is_the_original(code: str) -> None:
    parts = split_code(code)
    assert join_code(parts.class_code, parts.section_code, parts.item_code).code == code
    assert parts.level == {3: 1, 5: 2, 7: 3}[len(code)]


# Names start with a CJK glyph or an opening bracket, as printed subject names do.
names = st.tuples(st.sampled_from("一其行教（"), st.text(alphabet="一般公共服务支出行政运行教育（）其他", max_size=12))


@given(codes, names, st.sampled_from(["", " ", "  ", "\u3000"]), st.sampled_from([" ", "", "  "]))
def test_code_name_cell_round_trip(code: str, parts: tuple[str, str], indent: str, gap: str) -> None:
    name = "".join(parts)
    got, rest = split_code_name(f"{indent}{code}{gap}{name}")
    assert (got.code, rest) == (code, name)


def test_name_with_nfkc_expanding_glyph() -> None:
    assert split_code_name("201 一般公共服务支出…") == (split_code("201"), "一般公共服务支出…")

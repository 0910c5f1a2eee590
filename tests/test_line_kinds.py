"""line_kinds.py: what a line is by its text alone."""
from __future__ import annotations

import pytest

from budgetx.reader.line_kinds import is_footer, is_meta, is_note, is_scope_note


@pytest.mark.parametrize(("text", "footer"), [("- 5 -", True), ("第 5 页", True), ("5", True),
                                              ("第5页 共32页", True), ("5/32", True), ("2025", False),
                                              ("1,388.82", False)])
def test_is_footer(text: str, footer: bool) -> None:
    assert is_footer(text) is footer


@pytest.mark.parametrize(("text", "note"), [
    ("注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况", True),
    # 福州: the note a 备注 line wrapped before its 。, a year among its words.
    ("备注：本部门 2026 年没有使用国有资本经营预算拨款安排的支", True),
    ("出。", True),
    ("一般公共服务支出", False), ("备用金", False)])
def test_is_note(text: str, note: bool) -> None:
    assert is_note(text) is note


@pytest.mark.parametrize(("text", "meta"), [
    ("单位：万元", True), ("（单位：万元）", True), ("编制单位：青禾县教育局 单位：万元", True), ("金额单位：元", True),
    ("部门：青禾县教育局（单位：万元）", True),
    # A header line whose cell carries the unit is no meta line.
    ("项目 预算数（单位：万元） 绩效目标", False), ("一般公共服务支出", False)])
def test_is_meta(text: str, meta: bool) -> None:
    assert is_meta(text) is meta


@pytest.mark.parametrize(("text", "note"), [
    ("（按支出功能分类科目－不含上年结转）", True), ("(按经济分类科目分)", True), ("（ 万元 ）", True),
    ("一般公共预算支出明细表（按功能分类）", False), ("(一)工资福利支出", False), ("", False)])
def test_is_scope_note(text: str, note: bool) -> None:
    assert is_scope_note(text) is note

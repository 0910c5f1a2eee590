"""Budget subject codes: 201 / 20103 / 2010301 (功能分类), 301 / 30101 (经济分类)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from budgetx.values.text import compact, squash

# `201 一般公共服务支出`, `[201]一般公共服务支出`, `【30101】基本工资`, `2010301-行政运行`
# (北京: code and name joined by a dash). A code is followed by its name or nothing, never
# by a decimal point or a thousands separator (158.44 and 1,388 are amounts); the dash
# goes with the code only where a name, not a figure, follows it.
_CODE_NAME_PRINTED = re.compile(
    r"^\s*[\[【(（]?\s*([0-9０-９]{3}(?:\s*[0-9０-９]{2}){0,2})\s*[\]】)）]?(?=\s*[^0-9０-９.,，．]|\s*$)"
    r"(?:\s*[-－—–](?=\s*[^\s0-9０-９.,，．]))?\s*(.*)$", re.S)
_CODE_NAME = re.compile(r"^\s*[\[【(（]?\s*(\d{3}(?:\s*\d{2}){0,2})\s*[\]】)）]?(?=\s*[^\d.,，]|\s*$)\s*(.*)$", re.S)


@dataclass(frozen=True)
class Code:
    code: str
    class_code: str
    section_code: str
    item_code: str

    @property
    def level(self) -> int:
        """1 for 类, 2 for 款, 3 for 项, 0 for rows without a code (总计, a unit)."""
        return {0: 0, 3: 1, 5: 2, 7: 3}.get(len(self.code), 0)


EMPTY = Code("", "", "", "")


def is_code(text: str) -> bool:
    t = compact(text)
    return t.isdigit() and len(t) in (3, 5, 7)


def split_code(code: str) -> Code:
    """`2010301` → 201 / 03 / 01, leading zeros kept; a non-code gives EMPTY."""
    code = compact(code)
    if not is_code(code):
        return EMPTY
    return Code(code, code[:3], code[3:5], code[5:7])


def join_code(class_code: str, section_code: str = "", item_code: str = "") -> Code:
    """类/款/项 printed in three columns → one code."""
    parts = [compact(class_code), compact(section_code), compact(item_code)]
    # Spreadsheet exports drop a 款/项's leading zero (301 | 2 for 30102).
    parts = [parts[0]] + [p.zfill(2) if p.isdigit() and len(p) == 1 else p for p in parts[1:]]
    return split_code("".join(p for p in parts if p))


def split_code_name(text: str) -> tuple[Code, str]:
    """`201 一般公共服务支出` or `  2010301 行政运行` → (code, name). Text without a
    leading code returns EMPTY and the text itself."""
    # Matched on the printed text (full-width digits allowed) so that the name keeps its
    # own characters: NFKC would change the text's length (…, ㈱) and its brackets.
    match = _CODE_NAME_PRINTED.match(text)
    if match:
        code = split_code(unicodedata.normalize("NFKC", match.group(1)))
        if code is not EMPTY:
            return code, squash(match.group(2))
    return EMPTY, squash(text)

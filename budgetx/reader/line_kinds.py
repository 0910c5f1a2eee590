"""What a line of a page is by its text alone, besides a table's cells: a page number,
a meta line (编制部门, 单位：万元) naming the department and unit, a note or sentence; and
a figure standing alone in its cell."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SENTENCE = re.compile(r"[。；;]|，.*，")
# A page number, alone or with the page count: `- 5 -`, `5/32`, `第5页 共32页`,
# `第19页，共45页` (a comma between, NFKC's `,`), `共45页 第19页`.
_FOOTER = re.compile(r"^[-—－\s]*(?:(?:第\s*)?\d{1,3}\s*(?:页)?(?:\s*[,、]?\s*(?:/\s*共?|共)\s*\d+\s*页?)?"
                     r"|共\s*\d+\s*页\s*[,、]?\s*第\s*\d{1,3}\s*页)[-—－\s]*$")
UNITS = ("万元", "元", "千元", "亿元")
UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(" + "|".join(UNITS) + ")")
# (A blank 单位名称： followed by the unit note is no department: `单位：万元`.)
DEPARTMENT = re.compile(r"(?:编制部门|编制单位|部门名称|单位名称|预算单位|填报单位|(?:^|(?<=\s))部门)\s*[:：]\s*"
                         r"(?!(?:金额)?单位\s*[:：])(\S.*?)\s*(?:(?:金额)?单位\s*[:：]|$)")
# A figure alone in its cell: decimals or thousands grouped.
BARE_FIGURE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")


# The line tests below are cached: every line of a document is tested when its tables
# are located and again when each table region is read (a form's twice).
@lru_cache(maxsize=1 << 16)
def is_footer(text: str) -> bool:
    return bool(_FOOTER.match(unicodedata.normalize("NFKC", text)))


# A unit note in brackets right after a word: a header cell's (预算数（单位：万元）).
_CELL_UNIT = re.compile(r"(?<=[^\s(])\((?:金额)?单位\s*:\s*(?:" + "|".join(UNITS) + r")\)")


@lru_cache(maxsize=1 << 16)
def is_meta(text: str) -> bool:
    """编制部门/单位 lines and the like, printed between a title and its header; not a
    header line whose cell carries the unit (项目 | 预算数（单位：万元） | 绩效目标)."""
    norm = _CELL_UNIT.sub("", unicodedata.normalize("NFKC", text))
    return bool(UNIT.search(norm) or DEPARTMENT.search(norm))


_BRACKETED = re.compile(r"^\([^()]+\)$")


def is_scope_note(text: str) -> bool:
    """A line (or header text) that is a bracketed note and nothing else: a title's
    scope note printed under it, （按经济分类科目分）."""
    return bool(_BRACKETED.match(unicodedata.normalize("NFKC", "".join(text.split()))))


@lru_cache(maxsize=1 << 16)
def is_note(text: str) -> bool:
    """A sentence inside a table region: the 为空表 note of an empty table."""
    norm = unicodedata.normalize("NFKC", text).strip()
    return bool(SENTENCE.search(text)) or "为空表" in text or norm.endswith("。") or norm.startswith(("注:", "备注:", "说明:"))

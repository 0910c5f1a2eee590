"""The explanation printed under a coded table on its last page (西南大学: 合计, then
三、部门预算情况说明 and its prose) is not part of the table. The locator keeps a titled
table's region to the page foot (a wide text column reads like prose, so prose alone is
no sign of a table's end); here, where the rows are known, what follows the closing
total of a coded table is cut when it reads as prose."""
from __future__ import annotations

import re
import unicodedata

from budgetx.schema.rules import TOTAL_LABELS, normalise_label
from budgetx.table.records import Row
from budgetx.vocabulary import CODE_KEYS

_SUBJECT = re.compile(r"\d{3}(?:\d{2}){0,2}")
# Sentence punctuation, or a figure written with its unit: text no table cell holds.
_PROSE = re.compile(r"[，。；]|\d\s*(?:万元|亿元|元|%)|^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]).*(?:说明|情况)$")


def _coded(row: Row) -> bool:
    return bool(_SUBJECT.fullmatch(str(row.get("code") or "")))


def _texts(row: Row) -> list[str]:
    return [unicodedata.normalize("NFKC", "".join(v.split())) for k, v in row.items()
            if isinstance(v, str) and k not in CODE_KEYS]


def cut_prose_tail(rows: list[Row], row_pages: list[int]) -> tuple[list[Row], list[int]]:
    """Drop the rows after a coded table's closing total (a 合计 row under coded rows)
    when none of them carries a subject code and some read as prose."""
    if len(row_pages) != len(rows):
        return rows, row_pages
    close = next((i for i in range(len(rows) - 1, 0, -1)
                  if not rows[i].get("code") and normalise_label(str(rows[i].get("name") or "")) in TOTAL_LABELS
                  and any(_coded(r) for r in rows[:i])), None)
    if close is None:
        return rows, row_pages
    tail = rows[close + 1:]
    if not tail or any(_coded(r) for r in tail) or not any(_PROSE.search(t) for r in tail for t in _texts(r)):
        return rows, row_pages
    return rows[:close + 1], row_pages[:close + 1]

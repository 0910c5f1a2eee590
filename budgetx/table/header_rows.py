"""Header rows read as body rows.

A continuation page repeats the table's header; where it is not recognised as a header
(its lines sit close to the first figures, or a rule splits it from the page's top) its
lines come out as rows: `科目编码科目名称 | 总计 | 基本支出 | 项目支出`. Such a row holds no
figure, and every text in its amount columns is a header word; a body row never does.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from budgetx.vocabulary import TEXT_KEYS
from budgetx.schema.registry import normalise_header


# A header names its column with the budget's year in front (2026年预算数, 2026年度预算数).
_YEAR = re.compile(r"^\d{4}年度?")


def _header_word(value: object, vocabulary: frozenset[str], joined: bool = False) -> bool:
    """`joined`: also two or three header cells stacked in one column and read as one
    text, which only a row of several header texts is taken to hold."""
    if not isinstance(value, str):
        return False
    word = normalise_header(value)
    bare = _YEAR.sub("", word)
    return word in vocabulary or bare in vocabulary or (joined and _headers_run_together(bare, vocabulary))


def _headers_run_together(word: str, vocabulary: frozenset[str], depth: int = 2) -> bool:
    """Header cells stacked in one column of a repeated header read as one text
    (预算数 over 政府性基金预算: 预算数政府性基金预算)."""
    return depth > 0 and any(
        word[:i] in vocabulary and (word[i:] in vocabulary or _headers_run_together(word[i:], vocabulary, depth - 1))
        for i in range(2, len(word) - 1))


def is_header_row(row: Mapping[str, object], vocabulary: frozenset[str]) -> bool:
    amounts = [v for k, v in row.items() if k not in TEXT_KEYS and v not in (None, "")]
    if not amounts or any(isinstance(v, Decimal) for v in amounts):
        return False
    return all(_header_word(v, vocabulary, joined=len(amounts) > 1) for v in amounts)


# The side headers of a 收支 table, often letter-spaced (收   入 | 支   出): split between
# the item and amount cells of a repeated header they read as `收 | 入`.
_SIDE_WORDS = frozenset({"收", "入", "支", "出", "收入", "支出"})


def is_side_header_row(row: Mapping[str, object], vocabulary: frozenset[str]) -> bool:
    """A repeated header of a 收支 table (收 | 入, 项目 | 预算数): text in an amount
    column, and nothing in the row but header words."""
    texts = [v for k, v in row.items() if k != "side" and v not in (None, "")]
    if texts and all(isinstance(v, str) and normalise_header(v) in _SIDE_WORDS for v in texts):
        return True
    if not any(k not in TEXT_KEYS and v not in (None, "") for k, v in row.items()):
        return False
    return all(_header_word(v, vocabulary | _SIDE_WORDS, joined=len(texts) > 2) for v in texts)


def drop_header_rows(rows: list[dict[str, str | Decimal | None]], pages: list[int],
                     vocabulary: frozenset[str],
                     side: bool = False) -> tuple[list[dict[str, str | Decimal | None]], list[int]]:
    """The rows (and their pages) without the header rows among them."""
    header = is_side_header_row if side else is_header_row
    kept = [(r, p) for r, p in zip(rows, pages) if not header(r, vocabulary)]
    return [r for r, _ in kept], [p for _, p in kept]

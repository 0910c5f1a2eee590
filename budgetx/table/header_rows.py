"""Header rows read as body rows.

A continuation page repeats the table's header; where it is not recognised as a header
(its lines sit close to the first figures, or a rule splits it from the page's top) its
lines come out as rows: `科目编码科目名称 | 总计 | 基本支出 | 项目支出`. Such a row holds no
figure, and every text in its amount columns is a header word; a body row never does.
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from budgetx.vocabulary import TEXT_KEYS
from budgetx.schema.registry import normalise_header


def is_header_row(row: Mapping[str, object], vocabulary: frozenset[str]) -> bool:
    amounts = [v for k, v in row.items() if k not in TEXT_KEYS and v not in (None, "")]
    if not amounts or any(isinstance(v, Decimal) for v in amounts):
        return False
    return all(isinstance(v, str) and normalise_header(v) in vocabulary for v in amounts)


def drop_header_rows(rows: list[dict[str, str | Decimal | None]], pages: list[int],
                     vocabulary: frozenset[str]) -> tuple[list[dict[str, str | Decimal | None]], list[int]]:
    """The rows (and their pages) without the header rows among them."""
    kept = [(r, p) for r, p in zip(rows, pages) if not is_header_row(r, vocabulary)]
    return [r for r, _ in kept], [p for _, p in kept]

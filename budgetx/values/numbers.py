"""Printed amounts to Decimal: `1,388.82`, `1388.82`, blank, `-`, `0.00`, `（12.5）`."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from budgetx.values.text import compact

# Compared after NFKC, which turns … into ... .
ZERO_MARKS = frozenset({"-", "—", "－", "–", "--", "——", "/", "...", "……", "......"})
# The leading group may be longer than three digits: some producers separate only the
# last group (`125360,898` for 125,360,898). A comma is never a decimal mark here.
_AMOUNT = re.compile(r"[-+]?(?:\d+(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+")


@lru_cache(maxsize=1 << 16)  # asked of every word and cell, many of them more than once
def is_amount(text: str) -> bool:
    """True when the whole cell reads as a printed amount (or a zero mark)."""
    cleaned = compact(text)
    if cleaned in ZERO_MARKS:
        return True
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = cleaned[1:-1]
    return bool(_AMOUNT.fullmatch(cleaned))


def parse_amount(text: str | None) -> Decimal | None:
    """Parse one printed amount exactly. Blank → None; a zero mark → 0; the printed
    precision is kept (`0.70` stays `Decimal('0.70')`). Raises ValueError otherwise."""
    if text is None:
        return None
    cleaned = compact(text)
    if not cleaned:
        return None
    if cleaned in ZERO_MARKS:
        return Decimal(0)
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(f"not an amount: {text!r}")
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise ValueError(f"not an amount: {text!r}") from exc
    return -value if negative else value


def format_amount(value: Decimal, separators: bool = True) -> str:
    """The inverse of parse_amount for tests and reports: `1,388.82`."""
    return f"{value:,f}" if separators else f"{value:f}"

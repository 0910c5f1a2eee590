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


# A figure as OCR may misread it: digits and separators only.
_FIGURE_LIKE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
# A well-formed figure with thousands separators: every group but the first of three.
_GROUPED = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def malformed_figure(text: str) -> bool:
    """A cell of digits and commas whose grouping no printed amount has (`288,280,7399`,
    `1,23.45`): a glyph read in or lost by OCR."""
    cleaned = compact(text)
    return bool(_FIGURE_LIKE.fullmatch(cleaned)) and not is_amount(cleaned)


def figure_edits(text: str) -> list[str]:
    """The well-grouped figures one digit away from a malformed one: a speck read as a
    digit (`288,280,7399` → `288,280,739`) or a digit lost (`1,23.45` → `1,223.45`…).
    Which one is right only the document's sums can tell."""
    cleaned = compact(text)
    if not malformed_figure(cleaned):
        return []
    dropped = (cleaned[:i] + cleaned[i + 1:] for i, ch in enumerate(cleaned) if ch.isdigit())
    added = (cleaned[:i] + d + cleaned[i:] for i in range(len(cleaned) + 1) for d in "0123456789")
    return sorted({f for f in (*dropped, *added) if _GROUPED.fullmatch(f)})


# Digits a recogniser takes for one another (docs/ocr.md, Known confusions).
CONFUSED_DIGITS = {"8": "69", "6": "8", "9": "8", "4": "1", "1": "4"}


def digit_swaps(text: str) -> list[str]:
    """`text` with one digit swapped for one a recogniser confuses it with: what a
    figure, code or line number read so may really print (417.11: 417.41, 447.11 …)."""
    return [text[:k] + other + text[k + 1:] for k, digit in enumerate(text) for other in CONFUSED_DIGITS.get(digit, "")]


_SEPARATED = re.compile(r"^\d[\d.,:;']*\d$")
_TWO_PLACES = re.compile(r"^\d{1,3}(,\d{3})*\.\d\d$")


def restore_separators(text: str) -> str:
    """Scans blur the separators of amounts: `7,627:46`, `1.481.31`, `2,026;17`. Where
    the digits are those of an amount with two decimals (the only kind a disclosure
    prints), put back the decimal point before the last two digits and the thousands
    commas, or, in a figure grouped by no comma (`21375878,15`), the point alone;
    anything else is left as read."""
    if not _SEPARATED.match(text) or text.isdigit():
        return text
    parts = re.split(r"[.,:;']", text)
    if len(parts[-1]) != 2 or not all(parts):
        return text
    if len(parts) == 2 and len(parts[0]) > 3:
        # A template that groups no digits (西安: 21375878.15): more than three digits
        # before the one separator group nothing, so it is the decimal point.
        return parts[0] + "." + parts[1]
    fixed = ",".join(parts[:-1]) + "." + parts[-1]
    return fixed if _TWO_PLACES.match(fixed) else text


def format_amount(value: Decimal, separators: bool = True) -> str:
    """The inverse of parse_amount for tests and reports: `1,388.82`."""
    return f"{value:,f}" if separators else f"{value:f}"

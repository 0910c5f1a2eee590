"""Synthetic page layouts for the stage tests: positioned words built by hand, the way
pdf.py would read them (y grows downwards, a CJK glyph one font size wide, a Latin
glyph or digit half of it)."""
from __future__ import annotations

from budgetx.model import Word

SIZE = 9.0


def width(text: str, size: float = SIZE) -> float:
    return sum(size * (0.5 if ch.isascii() else 1.0) for ch in text)


def word(text: str, x0: float, top: float, size: float = SIZE) -> Word:
    """A word starting at x0 (left-aligned)."""
    return Word(text, x0, top, x0 + width(text, size), top + size)


def right(text: str, x1: float, top: float, size: float = SIZE) -> Word:
    """A word ending at x1 (right-aligned, as figures are)."""
    return Word(text, x1 - width(text, size), top, x1, top + size)


def centred(text: str, xc: float, top: float, size: float = SIZE) -> Word:
    half = width(text, size) / 2
    return Word(text, xc - half, top, xc + half, top + size)


def spaced(text: str, x0: float, x1: float, top: float, size: float = SIZE) -> list[Word]:
    """A letter-spaced header (合      计): one word per glyph, spread from x0 to x1."""
    step = (x1 - x0 - size) / max(len(text) - 1, 1)
    return [word(ch, x0 + i * step, top, size) for i, ch in enumerate(text)]

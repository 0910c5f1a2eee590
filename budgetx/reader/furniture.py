"""Page furniture: the running head or foot a document prints on most of its pages
(`无锡市统计局 2026 年度部门预算公开` atop each page, `第 3 页，共 45 页` below). It is
never part of a table, but on a page a table continues onto it sits inside the table's
region and would be read as a row."""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import replace

from budgetx.model import Page, Word
from budgetx.reader.lines import Line, group_lines, segments

# The outer share of the page height a running head or foot is set in.
_MARGIN = 0.12
# Printed on this share of the pages with text, and over three tables or pages apart at
# least: a line a long table repeats atop each of its pages (a header's top row
# `财政拨款`) belongs to that table, not to the document.
_SHARE = 0.4
_MIN_PLACES = 3
_FIGURE = re.compile(r"\d[\d,]*\.\d")
_DIGITS = re.compile(r"\d+")


def _key(text: str) -> str:
    # Page numbers and dates change from page to page; the words around them do not.
    return _DIGITS.sub("#", "".join(unicodedata.normalize("NFKC", text).split()))


def _outer_lines(page: Page) -> list[Line]:
    """The first and the last line of the page when they lie in its margins and read as
    one piece of text without figures: a table's header or total row never does."""
    top_band, foot_band = page.height * _MARGIN, page.height * (1 - _MARGIN)
    margin_words = [w for w in page.words if w.bottom <= top_band or w.top >= foot_band]
    lines = group_lines(margin_words)
    outer = [ln for ln in lines[:1] if ln.bottom <= top_band]
    outer += [ln for ln in lines[-1:] if ln.top >= foot_band and not any(ln is o for o in outer)]
    return [ln for ln in outer if len(segments(ln)) == 1 and not _FIGURE.search(ln.text)]


def drop_furniture(pages: list[Page], tables: list[set[int]]) -> list[Page]:
    """The pages without the running heads and feet the document repeats on most of
    them. `tables`: the page numbers of each located table."""
    outer = [_outer_lines(page) for page in pages]
    seen: Counter[str] = Counter()
    places: dict[str, set[object]] = {}
    for page, lines in zip(pages, outer):
        owner = frozenset(i for i, numbers in enumerate(tables) if page.number in numbers) or page.number
        for key in {_key(ln.text) for ln in lines}:
            seen[key] += 1
            places.setdefault(key, set()).add(owner)
    with_text = sum(1 for page in pages if page.words)
    needed = max(_MIN_PLACES, math.ceil(_SHARE * with_text))
    furniture = {key for key, count in seen.items() if count >= needed and len(places[key]) >= _MIN_PLACES}
    if not furniture:
        return pages
    out = []
    for page, lines in zip(pages, outer):
        dropped: set[int] = {id(w) for ln in lines if _key(ln.text) in furniture for w in ln.words}
        kept: list[Word] = [w for w in page.words if id(w) not in dropped]
        out.append(replace(page, words=kept) if dropped else page)
    return out

"""Pages read by OCR (budgetx.reader.scanned): their words and the grids their rules draw.
Needs the `ocr` extra, as tests/test_ocr.py does."""
from __future__ import annotations

from pathlib import Path

import pytest

from budgetx.reader.pdf import open_pdf
from budgetx.reader.scanned import read_scanned_pages

DPI = 200


def _ruled_table(draw, xs: list[int], top: int, rows: int, height: int, font) -> None:  # type: ignore[no-untyped-def]
    for r in range(rows + 1):
        draw.line([(xs[0], top + r * height), (xs[-1], top + r * height)], fill=0, width=3)
    for x in xs:
        draw.line([(x, top), (x, top + rows * height)], fill=0, width=3)
    for r in range(rows):
        for c, (a, b) in enumerate(zip(xs, xs[1:])):
            text = f"{(r + 1) * 1000 + c * 37:,}.{r}{c}"
            width = draw.textlength(text, font=font)
            draw.text((b - 20 - width, top + r * height + 18), text, fill=0, font=font)


def test_each_ruled_table_of_a_scanned_page_has_its_own_grid(tmp_path: Path) -> None:
    # Two tables on one scanned page, their columns at different places (a 支出总表 over
    # a 财政拨款收支总表, as 2017 江苏 templates print them): one grid made of all the
    # page's rules would cut the lower table's cells at the upper table's columns.
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=30)
    upper, lower = [100, 500, 900, 1300, 1550], [100, 700, 1100, 1550]
    _ruled_table(draw, upper, 200, 5, 70, font)
    _ruled_table(draw, lower, 900, 6, 70, font)
    path = tmp_path / "two-tables.pdf"
    page.convert("1", dither=Image.Dither.NONE).save(path, resolution=DPI)
    pdf = open_pdf(path)
    grids = read_scanned_pages(pdf, lambda _: None)[1]
    assert len(grids) == 2
    pt = 72 / DPI
    for grid, xs, top, rows in zip(sorted(grids, key=lambda g: g.top), (upper, lower), (200, 900), (5, 6)):
        assert grid.grid.col_edges == pytest.approx([x * pt for x in xs], abs=2)
        assert len(grid.grid.row_edges) == rows + 1
        assert grid.top == pytest.approx(top * pt, abs=2)
    # And the words are the cells' figures.
    assert "1,037.01" in {w.text for w in pdf.pages[0].words}


def test_a_sliver_read_as_a_chinese_character_is_a_speck() -> None:
    from budgetx.model import Word
    from budgetx.reader.scanned import _clean_ocr_word

    # 重庆气象局 scanned: `關` 1 pt wide at a rule's end, before the code 213 of its row.
    assert _clean_ocr_word(Word("關", 72.0, 445.0, 73.0, 458.0)) is None
    assert _clean_ocr_word(Word("合", 72.0, 445.0, 82.0, 456.0)) is not None
    assert _clean_ocr_word(Word("1", 72.0, 445.0, 74.5, 455.0)) is not None  # a narrow digit is a digit
    assert _clean_ocr_word(Word("關213", 72.0, 445.0, 89.0, 458.0)) is not None

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


def test_a_lone_letter_read_unsure_is_a_speck() -> None:
    from budgetx.model import Reading, Word
    from budgetx.reader.scanned import _clean_ocr_word

    # 杭州 at 100 dpi: between the glyphs of a letter-spaced 项   目, a rule's remnant read
    # `T` (0.41) and `N` (0.25); joined into the header they made 项TN目.
    assert _clean_ocr_word(Word("T", 108.7, 102.2, 128.9, 113.0, Reading(0.41))) is None
    assert _clean_ocr_word(Word("N", 128.9, 102.2, 138.5, 113.0, Reading(0.25))) is None
    # Read sure, or a figure, or a word, it is kept.
    assert _clean_ocr_word(Word("A", 108.7, 102.2, 116.0, 113.0, Reading(0.98))) is not None
    assert _clean_ocr_word(Word("7", 108.7, 102.2, 112.0, 113.0, Reading(0.3))) is not None
    assert _clean_ocr_word(Word("PPP", 108.7, 102.2, 130.0, 113.0, Reading(0.3))) is not None


def test_two_figures_read_as_one_word_part_where_both_keep_their_decimals() -> None:
    from budgetx.model import Reading, Word
    from budgetx.reader.scanned import _split_ocr_word

    # 长春 at 150 dpi: 0.00 | 0.00 of two cells read `0.000.00`, the rule between lost.
    glued = Word("0.000.00", 100.0, 50.0, 132.0, 57.0, Reading(0.9, (("0.000.08", 0.3),)))
    left, right = _split_ocr_word(glued)
    assert (left.text, right.text) == ("0.00", "0.00")
    assert left.x1 < right.x0 and left.x0 == 100.0 and right.x1 == 132.0
    # The other readings were of the whole word: one that parts the same way reads each
    # piece (`0.08` of the right), one that does not is no reading of either.
    assert left.reading == Reading(0.9, ())
    assert right.reading == Reading(0.9, (("0.08", 0.3),))
    figure_then_code = Word("1,388.82201", 0, 0, 48, 7,
                            Reading(0.8, (("1,388.32201", 0.4), ("1,388.8220I", 0.3), ("1,388.82204", 0.2))))
    figure, code = _split_ocr_word(figure_then_code)
    assert (figure.text, code.text) == ("1,388.82", "201")
    assert figure.reading == Reading(0.8, (("1,388.32", 0.4),))
    assert code.reading == Reading(0.8, (("204", 0.2),))
    assert [w.text for w in _split_ocr_word(Word("1,388.821.00", 0, 0, 48, 7))] == ["1,388.82", "1.00"]
    # No cut leaves two figures with as many decimals each: one word, as read.
    for text in ("12.34", "1.2.3", "12.3.456", "2024.1.5"):
        assert [w.text for w in _split_ocr_word(Word(text, 0, 0, 30, 7))] == [text]


def test_a_table_pasted_as_a_picture_under_a_text_caption_is_read(tmp_path: Path) -> None:
    # A spreadsheet pasted into the document as an image: the page's text layer holds
    # only its caption, the table is pixels. The page is read by OCR, the caption kept
    # as the text layer has it.
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from PIL import Image, ImageDraw, ImageFont

    from budgetx.reader.scanned import needs_ocr

    picture = Image.new("L", (1654, 1000), 255)
    _ruled_table(ImageDraw.Draw(picture), [100, 500, 900, 1300, 1550], 100, 5, 70, ImageFont.load_default(size=30))
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(595.0, 842.0)
    image = pdfium.PdfImage.new(doc)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(picture.convert("RGB")))
    image.set_matrix(pdfium.PdfMatrix().scale(595.0, 360.0).translate(0, 400))
    page.insert_obj(image)
    caption = pdfium_c.FPDFPageObj_NewTextObj(doc, b"Helvetica", 12.0)
    encoded = ("Attachment 1 (as a picture)" + "\0").encode("utf-16-le")
    pdfium_c.FPDFText_SetText(caption, (ctypes.c_ushort * (len(encoded) // 2)).from_buffer_copy(encoded))
    pdfium_c.FPDFPageObj_Transform(caption, 1, 0, 0, 1, 60, 790)
    pdfium_c.FPDFPage_InsertObject(page, caption)
    page.gen_content()
    path = tmp_path / "picture.pdf"
    doc.save(path)
    pdf = open_pdf(path)
    assert pdf.pages[0].has_text and needs_ocr(pdf.pages[0])
    grids = read_scanned_pages(pdf, lambda _: None)[1]
    assert len(grids) == 1
    texts = [w.text for w in pdf.pages[0].words]
    assert "1,037.01" in texts and "Attachment" in texts

"""pdf.py: positioned words from a sample's text layer; turned pages read across."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from budgetx.errors import NotAPdf
from budgetx.reader.lines import group_lines
from budgetx.model import Document
from budgetx.model import Page
from budgetx.reader.pdf import open_pdf
from budgetx.pipeline import extract
from truthcompare import SAMPLES

CHANGJI = SAMPLES["changji-2025"][0]
SUMMARY_PAGE = 6  # 表1 部门收支总体情况表


@pytest.fixture(scope="module")
def changji() -> list[Page]:
    return open_pdf(CHANGJI).pages


def lines(page: Page) -> list[str]:
    return [line.text for line in group_lines(page.words)]


def test_document_fields(changji: list[Page]) -> None:
    pdf = open_pdf(CHANGJI)
    assert pdf.sha256 == hashlib.sha256(CHANGJI.read_bytes()).hexdigest()
    assert len(changji) == 32
    assert [p.number for p in changji] == list(range(1, 33))
    assert all(p.has_text for p in changji)


def test_amount_word_keeps_its_comma(changji: list[Page]) -> None:
    page = changji[SUMMARY_PAGE - 1]
    texts = [w.text for w in page.words]
    assert "1,388.82" in texts
    assert "2,104.55" in texts
    word = next(w for w in page.words if w.text == "1,388.82")
    assert 0 < word.x0 < word.x1 < page.width and 0 < word.top < word.bottom < page.height


def test_words_are_split_at_cell_gaps_not_inside_names(changji: list[Page]) -> None:
    page = changji[SUMMARY_PAGE - 1]
    texts = [w.text for w in page.words]
    assert "部门收支总体情况表" in texts
    assert "编制部门：昌吉回族自治州政务服务和公共资源交易中心" in texts
    assert "单位：万元" in texts


def test_landscape_page_reads_across(changji: list[Page]) -> None:
    page = changji[7 - 1]  # 表2 on a landscape page
    assert page.width > page.height
    assert lines(page)[:2] == ["表2", "部门收入总体情况表"]


def _one_page(path: Path, index: int, rotation: int, turn_content: int = 0) -> pdfium.PdfDocument:
    """Page `index` of a sample alone in a new PDF, shown with /Rotate `rotation`; with
    `turn_content` the drawing itself is turned a quarter (±1), as landscape tables are
    often printed on a portrait page."""
    src = pdfium.PdfDocument(path)
    out = pdfium.PdfDocument.new()
    if not turn_content:
        out.import_pages(src, [index])
    else:
        width, height = src[index].get_size()
        xobject = src.page_as_xobject(index, out)
        page = out.new_page(height, width)
        obj = xobject.as_pageobject()
        matrix = pdfium.PdfMatrix()
        matrix = (matrix.rotate(90, ccw=True).translate(height, 0) if turn_content > 0
                  else matrix.rotate(90, ccw=False).translate(0, width))
        obj.transform(matrix)
        page.insert_obj(obj)
        page.gen_content()
    out[0].set_rotation(rotation)
    return out


@pytest.fixture(scope="module")
def unturned(tmp_path_factory: pytest.TempPathFactory) -> Page:
    path = tmp_path_factory.mktemp("pages") / "p6.pdf"
    _one_page(CHANGJI, SUMMARY_PAGE - 1, 0).save(path)
    return open_pdf(path).pages[0]


def _rounded(page: Page) -> list[tuple[str, float, float, float, float]]:
    return sorted((w.text, round(w.x0, 1), round(w.top, 1), round(w.x1, 1), round(w.bottom, 1)) for w in page.words)


@pytest.mark.parametrize(("rotation", "turn_content"), [(90, 0), (180, 0), (270, 0), (90, 1), (270, 1),
                                                        (270, -1), (90, -1)])
def test_rotated_page_reads_like_the_upright_one(tmp_path: Path, unturned: Page, rotation: int,
                                                 turn_content: int) -> None:
    path = tmp_path / f"rotated-{rotation}-{turn_content}.pdf"
    _one_page(CHANGJI, SUMMARY_PAGE - 1, rotation, turn_content).save(path)
    page = open_pdf(path).pages[0]
    assert (round(page.width), round(page.height)) == (round(unturned.width), round(unturned.height))
    # Same words at the same places: read across, not mirrored, not top to bottom.
    assert _rounded(page) == _rounded(unturned)
    assert lines(page) == lines(unturned)
    assert "部门收支总体情况表" in lines(page)
    # Its rules turn with it: its ruled grid is the upright page's.
    assert unturned.h_rules and unturned.v_rules
    assert (_rules(page.h_rules), _rules(page.v_rules)) == (_rules(unturned.h_rules), _rules(unturned.v_rules))


def _moved(doc: pdfium.PdfDocument, dx: float, dy: float) -> pdfium.PdfDocument:
    """The first page's drawing moved by (dx, dy) and its boxes with it: it shows as
    before, its user space no longer starting at the page's corner."""
    page = doc[0]
    x0, y0, x1, y1 = page.get_mediabox()
    for obj in list(page.get_objects(max_depth=1)):
        obj.transform(pdfium.PdfMatrix(1, 0, 0, 1, dx, dy))
    page.set_mediabox(x0 + dx - 20, y0 + dy - 20, x1 + dx + 20, y1 + dy + 20)
    page.set_cropbox(x0 + dx, y0 + dy, x1 + dx, y1 + dy)
    page.gen_content()
    return doc


@pytest.mark.parametrize(("rotation", "turn_content"), [(0, 0), (90, 1)])
def test_a_page_whose_box_does_not_start_at_the_origin_reads_like_the_one_that_does(
        tmp_path: Path, unturned: Page, rotation: int, turn_content: int) -> None:
    # A cropped page, or one a producer set elsewhere in its space (MediaBox
    # [150 -300 …]): glyphs and rules are measured from the corner the page shows.
    path = tmp_path / "moved.pdf"
    _moved(_one_page(CHANGJI, SUMMARY_PAGE - 1, rotation, turn_content), 150.0, -300.0).save(path)
    page = open_pdf(path).pages[0]
    assert (round(page.width), round(page.height)) == (round(unturned.width), round(unturned.height))
    assert _rounded(page) == _rounded(unturned)
    assert (_rules(page.h_rules), _rules(page.v_rules)) == (_rules(unturned.h_rules), _rules(unturned.v_rules))


def _rules(rules: list[tuple[float, float, float, float]]) -> list[tuple[float, ...]]:
    return sorted(tuple(round(v, 1) for v in rule) for rule in rules)


def test_turned_page_extracts_the_same_table(tmp_path: Path, extracted: Callable[[str], Document]) -> None:
    path = tmp_path / "turned.pdf"
    _one_page(CHANGJI, SUMMARY_PAGE - 1, 90, 1).save(path)
    doc = extract(path)
    t1 = doc.table(1)
    assert t1 is not None and t1.status == "ok"
    whole = extracted("changji-2025").table(1)
    assert whole is not None and t1.rows == whole.rows


@pytest.mark.parametrize(("content", "reason"), [(b"", "empty file"), (b"hello", "not a PDF file"),
                                                 (b"%PDF-1.4\n1 0 obj", "damaged or truncated PDF")])
def test_not_a_pdf(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(NotAPdf, match=reason):
        open_pdf(path)


def test_text_drawn_again_over_itself_is_one_word() -> None:
    """A fake bold prints a word two or three times on the same spot: one word; the
    same text elsewhere on the page (another row, another column) stays."""
    from budgetx.model import Word
    from budgetx.reader.pdf import drop_overprints

    title = Word("部门综合预算收支总表", 200.0, 80.0, 340.0, 94.0)
    words = [title, Word("部门综合预算收支总表", 200.3, 80.2, 340.3, 94.2), Word("部门综合预算收支总表", 200.0, 80.0, 340.0, 94.0),
             Word("0.00", 400.0, 120.0, 414.0, 128.0), Word("0.00", 440.0, 120.0, 454.0, 128.0),
             Word("0.00", 400.0, 136.0, 414.0, 144.0)]
    assert drop_overprints(words) == [title, *words[3:]]


def test_a_digit_repeated_in_words_of_one_glyph_each_is_kept() -> None:
    """33.14 printed one glyph a word: the second 3 starts where the first ends."""
    from budgetx.model import Word
    from budgetx.reader.pdf import drop_overprints

    glyphs = [Word("3", 100.0, 50.0, 103.2, 58.0), Word("3", 103.2, 50.0, 106.4, 58.0), Word(".14", 106.4, 50.0, 113.0, 58.0)]
    assert drop_overprints(glyphs) == glyphs


def _vertical_glyph_pdf() -> bytes:
    """A line above and a line below a glyph set in a vertical (Identity-V) font at size
    98 under a 0.024 matrix: 2 pt of ink, which pdfium's loose box makes 98 pt square."""
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from data.make_fixtures import build_pdf
    ops = (b"BT /F1 9 Tf 72 700 Td (ABOVE) Tj ET BT /F2 98 Tf 0.024 0 0 0.024 300 690 Tm <0041> Tj ET "
           b"BT /F1 9 Tf 72 640 Td (BELOW) Tj ET")
    helvetica = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    vertical = b"<< /Type /Font /Subtype /Type0 /BaseFont /Helvetica /Encoding /Identity-V /DescendantFonts [7 0 R] >>"
    cid = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Helvetica /CIDSystemInfo << /Registry (Adobe) "
           b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /CIDToGIDMap /Identity >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [0 -200 1000 900] "
                  b"/ItalicAngle 0 /Ascent 1036 /Descent -200 /CapHeight 700 /StemV 80 >>")
    return build_pdf(ops, "<< /Font << /F1 5 0 R /F2 6 0 R >> >>", [helvetica, vertical, cid, descriptor])


def test_a_tiny_glyph_with_a_bogus_advance_box_keeps_its_ink_box(tmp_path: Path) -> None:
    path = tmp_path / "vertical.pdf"
    path.write_bytes(_vertical_glyph_pdf())
    [page] = open_pdf(path).pages
    [glyph] = [w for w in page.words if w.text == "A"]
    assert glyph.bottom - glyph.top < 5
    # It no longer joins the lines above and below it into one.
    assert [line.text for line in group_lines(page.words)] == ["ABOVE", "A", "BELOW"]


def _words_of(runs: list[tuple[str, float, dict[int, float]]], size: float = 10.0) -> list[str]:
    from budgetx.reader.pdf import _BOXES, _group_chars

    glyphs: list[str] = []
    boxes: list[bytes] = []
    for text, x, gaps in runs:
        for i, ch in enumerate(text):
            x += gaps.get(i, 0.0)
            w = size * (0.5 if ch.isascii() else 1.0)
            # pdfium's order: tight left, right, bottom, top; loose left, top, right, bottom.
            boxes.append(_BOXES.pack(x + 0.2, x + w - 0.2, 702.0, 709.0, x, 710.0, x + w, 700.0))
            glyphs.append(ch)
            x += w
    return [w.text for w in _group_chars(glyphs, [0] * len(glyphs), b"".join(boxes), 0, 600.0, 800.0, 800.0)]


def test_a_figure_set_close_before_the_next_cells_text_is_a_word_of_its_own() -> None:
    # 国家信访局, unruled: the income side's 48,362.82 ends 1.7 pt before 本年支出合计.
    assert _words_of([("48,362.82本年支出合计", 300.0, {9: 1.7})]) == ["48,362.82", "本年支出合计"]
    assert _words_of([("16,474.82一、一般公共服务支出", 300.0, {9: 1.7})]) == ["16,474.82", "一、一般公共服务支出"]
    # A figure's unit, a year's 年 and glyphs set touching stay one word.
    assert _words_of([("1.50万元", 300.0, {4: 1.7})]) == ["1.50万元"]
    assert _words_of([("2024年度", 300.0, {4: 1.7})]) == ["2024年度"]
    assert _words_of([("12.50本年", 300.0, {})]) == ["12.50本年"]
    # 重庆, unruled: 37,891.58 and 一、一般公共服务支出 a sixteenth of the line's height apart;
    # a word's own glyphs lie closer than that.
    assert _words_of([("37,891.58一、一般公共服务支出", 300.0, {9: 0.9})]) == ["37,891.58", "一、一般公共服务支出"]
    assert _words_of([("12.50本年", 300.0, {5: 0.3})]) == ["12.50本年"]


def test_a_text_layer_read_through_fonts_without_unicode_maps_is_no_text_layer(tmp_path: Path) -> None:
    # Fonts embedded without their ToUnicode maps: pdfium reads glyph numbers as
    # characters (control characters, `9:;0<=()`, hanzi no disclosure prints). Such a
    # document is as good as a scan, every page of it.
    garbled = tmp_path / "garbled.pdf"
    garbled.write_bytes(CHANGJI.read_bytes().replace(b"/ToUnicode", b"/ToUnicodX"))
    pages = open_pdf(garbled).pages
    assert len(pages) == 32 and not any(p.has_text for p in pages)
    # Its own pages with their maps, and a page of English prose, are text.
    assert all(p.has_text for p in open_pdf(CHANGJI).pages)
    assert open_pdf(Path(__file__).parent / "data" / "notables.pdf").pages[0].has_text


def test_hanzi_a_font_maps_to_radicals_are_read_as_the_hanzi(tmp_path: Path) -> None:
    # Office software's fonts map glyphs to the radicals they look like (⼀ KANGXI
    # RADICAL ONE for 一, ⻔ CJK RADICAL C-SIMPLIFIED GATE for 门) or to compatibility
    # ideographs (U+F90A for 金): the page shows 一般公共服务支出, the text layer says
    # otherwise, and the names would copy out as look-alikes that join with nothing.
    import hostile

    amounts = [(300, "100.00"), (380, "60.00"), (460, "40.00")]
    rows = [("", "合计", amounts), ("201", "⼀般公共服务⽀出", amounts), ("20101", "⼈⼤事务", amounts),
            ("2010101", "⾏政运⾏", [(300, "60.00"), (380, "60.00")]),
            ("2010102", "⼀般⾏政管理事务", [(300, "40.00"), (460, "40.00")])]
    cells = [(200, 790, "⼀般公共预算⽀出表"), (60, 770, "部⻔：⻓沙市交通运输局"), (450, 770, "单位：万元"),
             (60, 750, "科⽬编码"), (150, 750, "科⽬名称"), (300, 750, "合计"), (380, 750, "基本⽀出"),
             (460, 750, "项⽬⽀出"), (60, 815, "资\uf90a来源")]
    for i, (code, name, figures) in enumerate(rows):
        y = 730 - 20 * i
        cells += [(60, y, code), (150, y, name), *[(x, y, f) for x, f in figures]]
    path = tmp_path / "radicals.pdf"
    path.write_bytes(hostile.text_cells([c for c in cells if c[2]]))
    [page] = open_pdf(path).pages
    words = [w.text for w in page.words]
    assert "部门：长沙市交通运输局" in words and "资金来源" in words and page.garbage == 0
    [table] = [t for t in extract(path).tables if t.rows]
    assert table.no == 5
    assert [(r["code"], r["name"]) for r in table.rows][1:] == [
        ("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行"), ("2010102", "一般行政管理事务")]


def test_text_set_off_the_page_is_not_read(tmp_path: Path) -> None:
    # A Word export carrying the next pages' text below the sheet's foot: pdfium gives
    # its glyphs, no viewer shows them, and they must not open tables of their own.
    import ctypes

    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(300, 200)
    for text, x, y in (("SHOWN", 20.0, 150.0), ("BELOW", 20.0, -60.0), ("RIGHT", 420.0, 100.0),
                       ("EDGE", 280.0, 100.0)):
        obj = pdfium_c.FPDFPageObj_NewTextObj(doc, b"Helvetica", 9.0)
        encoded = (text + "\0").encode("utf-16-le")
        pdfium_c.FPDFText_SetText(obj, (ctypes.c_ushort * (len(encoded) // 2)).from_buffer_copy(encoded))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        pdfium_c.FPDFPage_InsertObject(page, obj)
    page.gen_content()
    doc.save(tmp_path / "off.pdf")
    [read] = open_pdf(tmp_path / "off.pdf").pages
    # A word the page's edge cuts is partly shown and kept.
    assert sorted(w.text for w in read.words) == ["EDGE", "SHOWN"]

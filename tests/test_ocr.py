"""OCR of a scanned page (budgetx.reader.ocr). Needs the `ocr` extra: without it these tests
fail (the Makefile's test target installs it); they are not skipped.

Fixtures: page 7 (表2 部门收入总体情况表, landscape) of the qinghe-edu sample, once as
printed-and-scanned (1-bit, 200 dpi, skewed about half a degree, no text layer) and
once as the born-digital page it came from, whose text layer is the reference."""
from __future__ import annotations

import math
import re
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from budgetx.reader import ocr
from budgetx.errors import ScannedPdf
from budgetx.model import Word
from budgetx.reader.pdf import open_pdf

DATA = Path(__file__).parent / "data" / "ocr"
SCANNED = DATA / "qinghe-edu-p7-scanned.pdf"
REPLICA = DATA / "qinghe-edu-p7-replica.pdf"
AMOUNT = re.compile(r"^-?[\d,]*\d\.\d\d$")


@pytest.fixture(scope="module")
def scanned_page():
    pdf = open_pdf(SCANNED)
    page = pdf.pages[0]
    assert not page.has_text  # the fixture really is a scan
    return page, ocr.ocr_page(SCANNED, 1, page.width, page.height)


def find(words: list[Word], text: str) -> list[Word]:
    return [w for w in words if w.text == text]


def one(words: list[Word], text: str) -> Word:
    found = find(words, text)
    assert found, f"{text!r} not read; words: {[w.text for w in words]}"
    return found[0]


def test_ocr_is_installed():
    assert ocr.ocr_available()


def test_words_are_cells_in_points(scanned_page):
    page, result = scanned_page
    words = result.words
    assert len(words) > 150
    for w in words:
        assert 0 <= w.x0 < w.x1 <= page.width + 1
        assert 0 <= w.top < w.bottom <= page.height + 1
        assert w.reading is not None and 0 < w.reading.score <= 1
    # Landscape A4 in points, title centred near the top.
    assert page.width > page.height
    title = one(words, "部门收入总体情况表")
    assert abs(title.xc - page.width / 2) < 40 and title.top < 80
    # A code row is split into its cells, not read as one line.
    row = [w for w in words if abs(w.yc - one(words, "行政运行").yc) < 3]
    texts = [w.text for w in sorted(row, key=lambda w: w.x0)]
    assert texts[:4] == ["205", "01", "01", "行政运行"]
    assert texts[4:7] == ["273.04", "273.04", "273.04"]


def test_skew_is_removed(scanned_page):
    _, result = scanned_page
    assert 0.3 < abs(result.angle) < 0.8
    words = result.words
    # The 总计 row spans the page: after deskewing its cells share one baseline.
    total = next(w for w in words if w.text == "11,374.52")
    row = [w for w in words if abs(w.yc - total.yc) < 6 and AMOUNT.match(w.text)]
    assert len(row) >= 9
    assert max(w.yc for w in row) - min(w.yc for w in row) < 2.5
    # Right-aligned columns: the 总计 column's amounts end at the same x down the page.
    column = [one(words, t) for t in ("11,374.52", "8,668.63", "456.59", "164.55", "7,627.46")]
    assert max(w.x1 for w in column) - min(w.x1 for w in column) < 3
    assert [w.top for w in column] == sorted(w.top for w in column)


def test_matches_the_text_layer(scanned_page):
    """Against the born-digital page: amounts and subject names read and placed."""
    _, result = scanned_page
    truth = open_pdf(REPLICA).pages[0].words
    words = result.words
    amounts = [w for w in truth if AMOUNT.match(w.text)]
    names = [w for w in truth if re.search(r"[\u4e00-\u9fff]{2,}", w.text)
             and w.top > 150]  # the body's subject names, not the header cells
    assert len(amounts) > 100 and len(names) > 20

    def placed(t: Word) -> bool:
        # The scan sits within a few points of the original.
        return any(w.text == t.text and abs(w.xc - t.xc) < 8 and abs(w.yc - t.yc) < 8
                   for w in words)

    amount_rate = sum(map(placed, amounts)) / len(amounts)
    name_rate = sum(map(placed, names)) / len(names)
    assert amount_rate >= 0.95, amount_rate
    assert name_rate >= 0.90, name_rate


def test_alternatives_are_readings(scanned_page):
    _, result = scanned_page
    with_alts = [(w, w.reading.alternatives) for w in result.words if w.reading and w.reading.alternatives]
    assert with_alts  # a noisy scan always leaves some doubt
    for w, alternatives in with_alts:
        probs = [p for _, p in alternatives]
        assert probs == sorted(probs, reverse=True)
        assert all(0 < p <= 1 for p in probs)
        assert all(t != w.text for t, _ in alternatives)


def test_ocr_words_returns_words(scanned_page):
    page, result = scanned_page
    words = ocr.ocr_words(SCANNED, 1, page.width, page.height)
    assert [w.text for w in words] == [w.text for w in result.words]


def test_page_frame_undoes_the_rotation(scanned_page):
    page, result = scanned_page
    framed = ocr.ocr_page(SCANNED, 1, page.width, page.height, frame="page").words
    a, b = one(framed, "11,374.52"), one(framed, "15.04")
    # In the file the rows run uphill or downhill by the skew angle.
    slope = math.degrees(math.atan2(b.yc - a.yc, b.xc - a.xc))
    assert abs(abs(slope) - abs(result.angle)) < 0.25


def test_estimate_skew_synthetic():
    img = np.full((600, 900), 255, np.uint8)
    for y in range(60, 560, 40):
        img[y:y + 2, 50:850] = 0
        img[y + 10:y + 28, 80:300:12] = 0
    import cv2

    m = cv2.getRotationMatrix2D((450, 300), 1.2, 1.0)
    tilted = cv2.warpAffine(img, m, (900, 600), borderValue=255)
    angle = ocr.estimate_skew(tilted)
    assert abs(angle + 1.2) < 0.1
    assert abs(ocr.estimate_skew(ocr.deskew(tilted, angle))) < 0.1
    assert ocr.estimate_skew(img) == 0.0


def test_normalize_text():
    assert ocr.normalize_text("因公出国(境)费") == "因公出国（境）费"
    assert ocr.normalize_text("1，003.60") == "1,003.60"
    assert ocr.normalize_text("单位:万元") == "单位：万元"
    # 长春's 项/目 set one glyph under the other, read as a line: 项目…
    assert ocr.normalize_text("项目…") == "项目"
    assert ocr.normalize_text("……") == "……"  # a zero mark, no Chinese: kept
    # A scan's rule piece in a letter-spaced header's gap (深圳's repeated 项　目).
    assert ocr.normalize_text("项☑目") == "项目" and ocr.normalize_text("☑是") == "☑是"
    # A code's or figure's digit read as the letter it looks like; letters alone stay.
    assert ocr.normalize_text("o1") == "01" and ocr.normalize_text("l2,O45.6o") == "12,045.60"
    assert ocr.normalize_text("lO") == "lO" and ocr.normalize_text("OK") == "OK"
    # 其中's colon read as a semicolon (长沙, blurred) would make a sentence of the header
    # cell; a semicolon elsewhere is as read.
    assert ocr.normalize_text("其中;经费拨款") == "其中：经费拨款" and ocr.normalize_text("甲;乙") == "甲;乙"


def test_missing_extra_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    with pytest.raises(ScannedPdf) as err:
        ocr.ocr_words(SCANNED, 1, 842.04, 595.44)
    assert err.value.reason == ("the PDF has no usable text layer (scanned, or its fonts map to no "
                                "text); install OCR support with: pip install 'budgetx[ocr]'")


def test_a_scanned_table_comes_out_through_the_same_pipeline() -> None:
    """The scanned page 7 of the education bureau (表2, first page): OCR words, the grid
    from the page image's rules, fuzzy headers; every figure as printed."""
    from decimal import Decimal

    from budgetx.pipeline import extract

    doc = extract(DATA / "qinghe-edu-p7-scanned.pdf")
    t2 = doc.table(2)
    assert t2 is not None and t2.ocr and t2.status == "ok"
    total = next(r for r in t2.rows if r["name"] == "总计")
    assert total["total"] == Decimal("11374.52")
    assert total["general_budget"] == Decimal("9780.51")
    assert total["special_account"] == Decimal("217.00")
    row = next(r for r in t2.rows if r["code"] == "2050101")
    assert (row["class_code"], row["section_code"], row["item_code"]) == ("205", "01", "01")
    assert row["total"] == Decimal("273.04")
    # Every uncertain reading is listed with its score and the other readings.
    assert all(d.column and d.read and 0 <= d.row < len(t2.rows) for d in t2.doubtful)


def _box_x(quad: np.ndarray) -> tuple[int, int]:
    return int(quad[:, 0].min()), int(quad[:, 0].max())


def test_a_box_across_a_rule_is_cut_at_the_rule_before_it_is_read() -> None:
    # A figure and the next cell's name set close on either side of a rule.
    rules = np.zeros((40, 200), np.uint8)
    rules[:, 100:103] = 255
    quad = ocr._box(20, 10, 180, 30)
    assert [_box_x(q) for q in ocr._cut_at_rules(quad, rules)] == [(20, 100), (103, 180)]
    # A box clear of rules is left as detected.
    assert [_box_x(q) for q in ocr._cut_at_rules(ocr._box(110, 10, 180, 30), rules)] == [(110, 180)]


def test_faint_ink_beside_a_box_is_read_with_it_but_never_over_a_rule_or_another_box() -> None:
    # A blurred 一、 (grey, not black) just left of the detected box of its name.
    gray = np.full((40, 300), 235, np.uint8)
    gray[18:21, 30:44] = 150   # 一
    gray[22:25, 47:50] = 150   # 、
    gray[12:30, 52:120] = 40   # the name the detector found
    grown = ocr._grown([ocr._box(52, 12, 120, 30)], gray, None)
    assert _box_x(grown[0]) == (30, 120)
    # A rule between them: the cell's border, not a word break.
    rules = np.zeros_like(gray)
    rules[:, 45:46] = 255
    assert _box_x(ocr._grown([ocr._box(52, 12, 120, 30)], gray, rules)[0]) == (47, 120)
    # Another box there: its text is its own.
    grown = ocr._grown([ocr._box(52, 12, 120, 30), ocr._box(28, 12, 50, 30)], gray, None)
    assert [_box_x(q) for q in grown] == [(52, 120), (28, 50)]


def test_a_wrapped_names_second_line_does_not_grow_over_the_first_lines_feet() -> None:
    # 机关事业单位基本养老保 / 险缴费支出 in one cell: the detector's boxes overlap by a
    # third of a line, and the first line's glyphs reach into the second's band.
    gray = np.full((60, 300), 235, np.uint8)
    gray[10:27, 40:250] = 40   # line 1, indented, across the cell
    gray[26:40, 20:100] = 40   # line 2, short
    lines = [ocr._box(40, 8, 250, 28), ocr._box(20, 22, 100, 42)]
    assert [_box_x(q) for q in ocr._grown(lines, gray, None)] == [(40, 250), (20, 100)]
    # Alone, the same band's ink beside line 2 is its own, and it grows over it.
    assert _box_x(ocr._grown([lines[1]], gray, None)[0]) == (20, 250)


def _stacked(read: ocr.OcrPage, text: str) -> np.ndarray:
    """A word of the scanned page cut into its glyphs and set one under another, as a
    narrow header cell prints it (国/有/资/本/经/营/预/算)."""
    word = one(read.words, text)
    sx, sy = read.width / read.image.shape[1], read.height / read.image.shape[0]
    x0, x1 = int(word.x0 / sx) - 1, int(word.x1 / sx) + 2
    crop = read.image[int(word.top / sy) - 2:int(word.bottom / sy) + 3, x0:x1]
    step = (x1 - x0) / len(text)
    pitch = crop.shape[0] + 6
    tall = np.full((len(text) * pitch + 6, int(step) + 14), 255, np.uint8)
    for k in range(len(text)):
        tile = crop[:, int(k * step):int((k + 1) * step)]
        tall[6 + k * pitch:6 + k * pitch + tile.shape[0], 6:6 + tile.shape[1]] = tile
    return tall


@pytest.mark.parametrize("text", ["政府性基金预算", "教育管理事务"])
def test_glyphs_set_one_under_another_are_read_side_by_side(scanned_page, text: str) -> None:
    tall = _stacked(scanned_page[1], text)
    assert tall.shape[0] >= ocr.STACK_RATIO * tall.shape[1]
    # Read as a line, a column of glyphs is nothing the recogniser knows.
    assert "".join(c.text for c in ocr._recognise([tall])[0]) != text
    stack = ocr._stack_line(tall)
    assert stack is not None and stack.line.shape[1] > 3 * stack.line.shape[0]
    assert len(stack.glyphs) == len(text)
    chars = ocr._recognise([stack.line])[0]
    assert "".join(c.text for c in chars) == text
    # One word, over the column's glyphs.
    [(word, _, top, _, bottom, _, _)] = ocr._stack_words(stack, chars, 0.0, 0.0)
    assert word == text and (top, bottom) == (stack.glyphs[0][0], stack.glyphs[-1][1])


def test_glyphs_a_row_apart_are_words_of_their_rows() -> None:
    # A column of ≥ marks, one per row of a form, that the detector boxed as one.
    stack = ocr._Stack(np.zeros((30, 80), np.uint8), [(0, 20), (50, 70), (72, 92)], 0, 20, 25, 5)
    chars = [ocr._Char("≥", 5, 25, 0.9, ()), ocr._Char("中", 30, 50, 0.8, ()), ocr._Char("国", 55, 75, 0.9, ())]
    assert [(w[0], w[2], w[4]) for w in ocr._stack_words(stack, chars, 100.0, 10.0)] == [
        ("≥", 10.0, 30.0), ("中国", 60.0, 102.0)]


def test_glyphs_of_a_narrow_column_are_parted_at_the_rules_between_its_cells() -> None:
    # 长春市信访局, one per row of a narrow 单位 column: set at one cell's pitch, boxed as
    # one by the detector; the removed horizontal rules between the cells part them.
    glyphs = [(k * 26, k * 26 + 20) for k in range(4)]
    stack = ocr._Stack(np.zeros((30, 110), np.uint8), glyphs, 0, 20, 25, 5)
    chars = [ocr._Char(t, 5 + 25 * k, 25 + 25 * k, 0.9, ()) for k, t in enumerate("长春长春")]
    rules = np.zeros((300, 200), np.uint8)
    assert [w[0] for w in ocr._stack_words(stack, chars, 100.0, 10.0, rules)] == ["长春长春"]
    rules[10 + 47, 90:140] = 255  # between the second glyph (ends 46) and the third (52)
    assert [(w[0], w[2], w[4]) for w in ocr._stack_words(stack, chars, 100.0, 10.0, rules)] == [
        ("长春", 10.0, 56.0), ("长春", 62.0, 108.0)]
    # A rule beside the column, not across it, parts nothing.
    rules[:] = 0
    rules[10 + 47, 150:190] = 255
    assert [w[0] for w in ocr._stack_words(stack, chars, 100.0, 10.0, rules)] == ["长春长春"]


def test_a_column_of_glyphs_is_cut_where_each_glyph_ends() -> None:
    # 二 has a blank row inside it: a glyph ends only past half its height.
    inked = np.zeros(70, bool)
    inked[0:4] = inked[14:18] = True      # 二, 18 rows
    inked[24:42] = True                   # a glyph
    inked[48:66] = True                   # another
    assert ocr._glyph_rows(inked, 18.0) == [(0, 18), (24, 42), (48, 66)]
    assert ocr._stack_line(np.full((60, 20), 255, np.uint8)) is None  # no ink
    # A broken rule's piece the detector boxed (on a 1-bit scan): a sliver of the box's
    # width, and a stroke without blank rows, are no glyphs (they were read `i`).
    sliver = np.full((90, 24), 255, np.uint8)
    sliver[5:85, 10:13] = 0
    assert ocr._stack_line(sliver) is None
    bar = np.full((90, 24), 255, np.uint8)
    bar[5:85, 2:22] = 0
    assert ocr._stack_line(bar) is None


def test_the_borders_of_a_one_row_table_are_rules_and_a_glyphs_stroke_is_not() -> None:
    # A page's last row alone (2210203 购房补贴 167.18): its borders are shorter than the
    # rules the page's size asks for, but run from one horizontal rule to the other.
    gray = np.full((2000, 1400), 255, np.uint8)
    gray[500:503, 100:1300] = 0
    gray[550:553, 100:1300] = 0
    for x in (100, 400, 700, 1297):
        gray[500:553, x:x + 3] = 0
    gray[510:540, 900:903] = 0     # a glyph's stroke inside the row, touching no rule
    gray[440:500, 300:303] = 0     # a stroke standing on the rule, from nothing above
    # A long rule, and a glyph's stroke touching it (款 set tight in its cell).
    gray[100:1900, 1000:1003] = 0
    gray[100:103, 950:1350] = gray[1897:1900, 950:1350] = 0
    gray[600:640, 1003:1009] = 0
    _, vert = ocr.rule_masks(gray)
    assert all(vert[520, x + 1] for x in (100, 400, 700, 1297))
    assert not vert[520:530, 900:903].any()
    assert not vert[450:490, 300:303].any()
    # The long rule is the long rules' opening's: no wider where a glyph touches it.
    assert vert[620, 1001] and not vert[620, 1005:1009].any()


def test_grey_glyphs_of_a_faded_scan_are_ink() -> None:
    crop = np.full((20, 60), 240, np.uint8)
    crop[5:15, 10:20] = 150
    crop[5:15, 40:50] = 150
    level = ocr._ink_level(crop)
    assert 150 < level <= 240  # both glyphs ink, the gap between them paper
    assert ocr._ink_level(np.full((20, 60), 240, np.uint8)) == 128.0  # a blank crop


def test_a_numbering_mark_set_a_full_width_advance_before_its_name_is_read_with_it() -> None:
    # 一、 then the blank right half of the 、's advance, then the detected 一般…: a gap
    # wider than a word break between two glyphs, as wide as one beside 、 may be.
    gray = np.full((40, 300), 235, np.uint8)
    gray[18:21, 30:44] = 150   # 一
    gray[22:25, 47:50] = 150   # 、
    gray[12:30, 64:140] = 40   # the name, 14 px on (box height 18: a word break is 9 px)
    assert _box_x(ocr._grown([ocr._box(64, 12, 140, 30)], gray, None)[0]) == (30, 140)
    # Further off than a full-width advance: another cell's text.
    far = np.full((40, 300), 235, np.uint8)
    far[18:21, 10:24] = 150
    far[12:30, 64:140] = 40
    assert _box_x(ocr._grown([ocr._box(64, 12, 140, 30)], far, None)[0]) == (64, 140)


def test_a_small_table_scanned_askew_is_still_found_worth_reading(tmp_path: Path) -> None:
    # A one-row table (an empty 政府性基金 table's 0.00 line): its three rules, close
    # together and tilted 2°, are the page's only sign of a table. Tilted, they ran
    # across the same pixel rows and counted as one.
    from PIL import Image, ImageDraw

    page = Image.new("L", (1754, 1240), 255)
    draw = ImageDraw.Draw(page)
    for y in (220, 240, 260):
        draw.line([(150, y), (1600, y)], fill=0, width=3)
    path = tmp_path / "askew.pdf"
    page.rotate(2.0, fillcolor=255).save(path, resolution=150)
    assert ocr.looks_tabular(path, 1)
    page.save(path, resolution=150)  # and straight, as before
    assert ocr.looks_tabular(path, 1)
    # Scanned on its side (江苏高院 2017's 三线表: three rules and no others), the rules stand.
    page.rotate(90, expand=True).save(path, resolution=150)
    assert ocr.looks_tabular(path, 1)
    Image.new("L", (1754, 1240), 255).save(path, resolution=150)
    assert not ocr.looks_tabular(path, 1)  # a blank page is no table


def test_a_faint_tables_broken_rules_are_looked_at_again_closer(tmp_path: Path) -> None:
    # A one-row table scanned faint and askew: at the glance's coarse pixels its thin
    # grey rules break up, two of four left; a closer look finds them all.
    import io

    from PIL import Image, ImageDraw, ImageFilter

    page = Image.new("L", (2339, 1654), 255)
    draw = ImageDraw.Draw(page)
    for y, x1 in ((300, 2200), (340, 1300), (420, 2200), (460, 2200)):
        draw.line([(150, y), (x1, y)], fill=202, width=1)
    for x in range(150, 2201, 120):
        draw.line([(x, 300), (x, 460)], fill=202, width=1)
    page = page.rotate(0.4, resample=Image.BICUBIC, fillcolor=255, expand=True).filter(ImageFilter.GaussianBlur(0.6))
    noisy = np.asarray(page).astype(float) * 0.92 + 10 + np.random.default_rng(1).normal(0, 9, page.size[::-1])
    buffer = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype("uint8")).save(buffer, "JPEG", quality=40)
    path = tmp_path / "faint.pdf"
    Image.open(buffer).convert("L").save(path, resolution=200)
    glance = ocr.render_page(path, 1, 72, seals=False)
    assert len(ocr._rule_positions(ocr.rule_masks(ocr.deskew(glance, ocr.estimate_skew(glance)))[0], 1, 0.2,
                                   drift=True)) < 3
    assert ocr.looks_tabular(path, 1)


@pytest.mark.parametrize("quarters", [1, 2, 3])
def test_a_page_scanned_on_its_side_or_upside_down_is_read_upright(tmp_path: Path, quarters: int) -> None:
    """A landscape table scanned onto a portrait page stands on its side (and a page fed
    the wrong way round is upside down): its text is set upright before it is read, and
    the table comes out as from the upright scan."""
    from decimal import Decimal

    from PIL import Image

    from budgetx.pipeline import extract

    upright = ocr.render_page(SCANNED, 1, 200)
    path = tmp_path / "turned.pdf"
    # Kept 1-bit, as scanned, so that the file holds the very pixels turned (CCITT, not JPEG).
    turned = Image.fromarray(np.ascontiguousarray(np.rot90(upright, quarters)))
    turned.convert("1", dither=Image.Dither.NONE).save(path, resolution=200)
    page = open_pdf(path).pages[0]
    read = ocr.ocr_page(path, 1, page.width, page.height, frame="page")
    assert read.turns == (4 - quarters) % 4
    # In the file's own frame a row of figures runs down (or up) the page, not across.
    a, b = one(read.words, "11,374.52"), one(read.words, "15.04")
    across, down = abs(b.xc - a.xc), abs(b.yc - a.yc)
    assert (down > 10 * across) if quarters % 2 else (across > 10 * down)
    # The pipeline reads it in the upright frame: landscape again.
    t2 = extract(path).table(2)
    assert t2 is not None and t2.status == "ok"
    total = next(r for r in t2.rows if r["name"] == "总计")
    assert (total["total"], total["general_budget"]) == (Decimal("11374.52"), Decimal("9780.51"))
    row = next(r for r in t2.rows if r["code"] == "2050101")
    assert row["total"] == Decimal("273.04")


def _stamped(tmp_path: Path) -> Path:
    """The fixture page with a department's red seal (ring, star, a ring of characters
    drawn as boxes) stamped across its figures, as ink on paper: multiplied."""
    from PIL import Image, ImageChops, ImageDraw

    page = Image.fromarray(np.where(ocr.render_page(SCANNED, 1, 200) < 128, 0, 255).astype(np.uint8)).convert("RGB")
    seal = Image.new("RGB", page.size, (255, 255, 255))
    draw = ImageDraw.Draw(seal)
    red = (220, 50, 55)
    cx, cy, r = 1250, 800, 260
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=16)
    star = [(cx + 90 * math.cos(math.radians(90 + 144 * k)), cy - 90 * math.sin(math.radians(90 + 144 * k)))
            for k in range(5)]
    draw.polygon(star, fill=red)
    for k in range(12):
        a = math.radians(200 - 20 * k)
        x, y = cx + 0.72 * r * math.cos(a), cy - 0.72 * r * math.sin(a)
        draw.rectangle([x - 20, y - 20, x + 20, y + 20], outline=red, width=6)
    stamped = ImageChops.multiply(page, seal)
    path = tmp_path / "stamped.pdf"
    # Three colours, kept exactly (an indexed image is stored without loss).
    stamped.quantize(colors=3).save(path, resolution=200)
    return path


def test_a_red_seal_is_paper_and_the_print_under_it_stays() -> None:
    bgr = np.full((40, 40, 3), 255, np.uint8)
    bgr[0:4] = (55, 50, 220)  # seal ink (BGR)
    bgr[4:6] = (0, 0, 0)  # print beside it
    bgr[2:4, :10] = (0, 0, 30)  # print under the seal: dark in every channel
    bgr[30:] = (120, 120, 120)  # grey print, no seal near it
    gray = ocr.without_seals(bgr)
    assert gray[0:2].min() == 255 and gray[2:4, 10:].min() == 255
    assert gray[2:4, :10].max() < 60 and gray[4:6].max() < 20
    assert gray[30:].min() == gray[30:].max() == 120
    plain = np.full((4, 4, 3), 90, np.uint8)
    assert ocr.without_seals(plain).tolist() == [[90] * 4] * 4


def test_figures_under_a_red_seal_are_read(tmp_path: Path) -> None:
    from decimal import Decimal

    from budgetx.pipeline import extract

    path = _stamped(tmp_path)
    doc = extract(path)
    t2 = doc.table(2)
    assert t2 is not None and t2.status == "ok"
    expected = extract(SCANNED).table(2)
    assert expected is not None
    # Every cell as without the seal.
    assert t2.rows == expected.rows
    assert next(r for r in t2.rows if r["name"] == "总计")["total"] == Decimal("11374.52")


def _glyphs(draw, x0: int, x1: int, y: int, fill: int = 0) -> None:  # type: ignore[no-untyped-def]
    for x in range(x0, x1, 10):  # a word's strokes, no rule and no filled shape
        draw.rectangle([x, y, x + 4, y + 20], fill=fill)


def test_a_scanners_dark_margin_and_a_spines_shadow_are_paper() -> None:
    page = np.full((400, 600), 240, np.uint8)  # photocopy-grey paper
    page[100:110, 200:202] = page[100:102, 200:230] = 20  # a stroke and a rule
    page[:, :150] = (page[:, :150] * np.linspace(0.5, 1.0, 150)[None, :]).astype(np.uint8)  # the spine's shadow
    page[:, :15] = page[:12, :] = 28  # the scanner's lid beyond the sheet
    page[200:210, 40:42] = 10  # print in the shadow
    even = ocr.even_paper(page)
    assert even[:, :15].min() == even[:12, :].min() == 255
    assert even[300:, 20:].min() >= 235  # the shadowed paper is white again
    assert even[200:210, 40:42].max() < 80 and even[100:110, 200:202].max() < 40  # print stays
    # A scan on white paper (print and a shaded cell well inside it) is left as read.
    white = np.full((400, 600), 250, np.uint8)
    white[100:110, 200:202] = 20
    white[150:250, 250:400] = 150
    assert ocr.even_paper(white) is white


def _reads_as_the_clean_scan(image: np.ndarray, path: Path) -> None:
    """The fixture's page as `image` (200 dpi), saved to `path`: every cell of its table
    comes out as from the clean scan."""
    from decimal import Decimal

    from PIL import Image

    from budgetx.pipeline import extract

    Image.fromarray(np.clip(image, 0, 255).astype(np.uint8)).save(path, resolution=200)
    t2 = extract(path).table(2)
    expected = extract(SCANNED).table(2)
    assert t2 is not None and expected is not None and t2.status == "ok"
    assert t2.rows == expected.rows
    assert next(r for r in t2.rows if r["name"] == "总计")["total"] == Decimal("11374.52")


def _strokes(page: np.ndarray, rows: range, cols: range, level: int) -> None:
    for y in rows:  # glyph-sized strokes, a grid of them
        for x in cols:
            page[y:y + 24, x:x + 4] = level
            page[y + 10:y + 13, x - 6:x + 12] = level


def test_print_showing_through_from_the_back_is_paper_and_the_fronts_print_stays() -> None:
    page = np.full((1000, 1400), 245, np.uint8)
    page[300:303, 100:1300] = 20  # the front's rule
    _strokes(page, range(100, 260, 40), range(120, 600, 40), 30)  # the front's glyphs
    ghost = np.full_like(page, 255)
    _strokes(ghost, range(500, 900, 40), range(700, 1250, 40), 0)  # the back's, mirrored
    ghost[100:900, 650:652] = 0  # the back's rule, across the front's
    shown = (page * (1 - 0.15 * (1 - ghost / 255.0))).astype(np.uint8)  # 15% through
    assert 200 < shown[500:524, 700:704].min() < 215
    clean = ocr.without_show_through(shown)
    assert clean[400:, 650:].min() == 255
    # The back's rule is paper but where it lies under the front's.
    assert clean[100:300, 650:652].min() == clean[303:900, 650:652].min() == 255
    assert clean[300:303, 100:1300].max() <= 20 and clean[100:124, 120:124].max() <= 30
    # A page left blank but for its title (an empty 政府性基金 table), its back a table:
    # the title is the page's print, however little of the ink it is.
    blank = np.full((1000, 1400), 245, np.uint8)
    _strokes(blank, range(60, 61), range(500, 820, 40), 30)
    ghosts = np.full_like(blank, 255)
    _strokes(ghosts, range(200, 900, 40), range(100, 1300, 40), 0)
    shown = (blank * (1 - 0.15 * (1 - ghosts / 255.0))).astype(np.uint8)
    clean = ocr.without_show_through(shown)
    assert clean[150:].min() == 255 and clean[60:84, 500:504].max() <= 30
    # A faded scan's grey glyphs are its print (their cores the darkest on the page),
    # and a table drawn in light grey rules has no ghost glyphs: both left as read.
    faded = np.full((1000, 1400), 240, np.uint8)
    _strokes(faded, range(100, 900, 40), range(120, 1300, 40), 150)
    assert ocr.without_show_through(faded) is faded
    grey_rules = np.full((1000, 1400), 245, np.uint8)
    grey_rules[100:900:40, 100:1300] = grey_rules[100:900, 100:1300:120] = 215
    _strokes(grey_rules, range(108, 868, 40), range(130, 1250, 120), 30)
    assert ocr.without_show_through(grey_rules) is grey_rules


def test_a_table_on_thin_paper_showing_its_back_through_is_read(tmp_path: Path) -> None:
    """The fixture printed on thin paper, the back's print (here the page itself,
    mirrored) showing through at 15%: a second grid of rules and ghost glyphs across
    the table. Every cell comes out as from the clean scan."""
    clean = ocr.render_page(SCANNED, 1, 200).astype(np.float32)
    back = clean[::-1, ::-1]
    shown = clean * (1 - 0.15 * (1 - back / 255.0))
    _reads_as_the_clean_scan(shown, tmp_path / "thin.pdf")


def test_specks_of_a_bilevel_scan_are_paper_and_a_decimal_point_stays() -> None:
    rng = np.random.default_rng(3)
    page = np.full((600, 900), 255, np.uint8)
    _strokes(page, range(100, 400, 40), range(120, 700, 40), 0)
    page[430:432, 300:302] = 0  # a decimal point, two pixels from its digits
    page[410:432, 280:284] = page[410:432, 304:308] = 0
    page[470, 500:520:3] = 0  # a glyph the scan broke into dots
    specks = np.zeros_like(page, bool)  # dots alone, all over the page
    ys, xs = np.mgrid[10:590:23, 10:890:29]
    specks[ys + rng.integers(0, 5, ys.shape), xs + rng.integers(0, 5, xs.shape)] = True
    specks[80:480, 100:720] = False
    page[specks] = 0
    clean = ocr.without_specks(page)
    assert clean[specks].min() == 255
    assert clean[430:432, 300:302].max() == 0 and clean[100:124, 120:124].max() == 0
    assert clean[470, 500:520:3].max() == 0
    # A page with a few dots (a dotted leader, a stray mark) is left as it is, and so is
    # one whose dots all lie on its lines of print (a coarse scan's decimal points).
    few = np.full((600, 900), 255, np.uint8)
    few[300, 100:400:8] = 0
    assert ocr.without_specks(few) is few
    coarse = np.full((600, 900), 255, np.uint8)
    for y in range(40, 560, 40):
        coarse[y:y + 20, 100:800:50] = 0
        coarse[y + 18, 130:830:50] = 0
    assert ocr.without_specks(coarse) is coarse
    # The fixture, a 1-bit scan with a dot in some six thousand pixels of its paper,
    # is read well as it is: left so.
    scan = ocr.render_page(SCANNED, 1, 200)
    assert ocr.without_specks(scan) is scan


def test_a_table_scanned_to_one_bit_with_salt_and_pepper_is_read(tmp_path: Path) -> None:
    """A fax or photocopier scan: the fixture with a pixel in three hundred turned over,
    ink dots on the paper and pinholes in the strokes. The detector took rows of dots
    for text and stretched boxes over them, and the recogniser lost glyphs beside them.
    Every figure of the table comes out as from the clean scan."""
    from PIL import Image

    from budgetx.pipeline import extract

    clean = ocr.render_page(SCANNED, 1, 200)
    flipped = np.random.default_rng(11).random(clean.shape) < 1 / 300
    path = tmp_path / "speckled.pdf"
    Image.fromarray(np.where(flipped, 255 - clean, clean).astype(np.uint8)).save(path, resolution=200)
    t2, expected = extract(path).table(2), extract(SCANNED).table(2)
    assert t2 is not None and expected is not None and len(t2.rows) == len(expected.rows)
    figures = [k for k in expected.rows[0] if k not in ("code", "class_code", "section_code", "item_code",
                                                          "name", "code_source")]
    assert [[r[k] for k in figures] for r in t2.rows] == [[r[k] for k in figures] for r in expected.rows]
    assert next(r for r in t2.rows if r["name"] == "总计")["total"] == Decimal("11374.52")


def test_a_glyph_two_detected_boxes_share_is_read_once() -> None:
    # 上海 scanned on a black lid: beside the box of 106,868,210 the detector boxed the
    # blank before it and that figure's first digit, read `1` again: 1106868210.
    figure = ("106,868,210", 1847.0, 1456.0, 2022.0, 1484.0, 0.99, ())
    again = ("1", 1847.0, 1457.0, 1853.0, 1480.0, 0.9, ())
    beside = ("72,385,470", 2063.0, 1456.0, 2224.0, 1484.0, 0.99, ())
    assert ocr._read_once([again, figure, beside]) == [figure, beside]
    # A word only touching another, or partly over it, is a word of its own.
    touching = ("5", 2022.0, 1456.0, 2030.0, 1484.0, 0.9, ())
    assert ocr._read_once([figure, touching]) == [figure, touching]


def test_a_table_scanned_with_a_dark_margin_and_a_spines_shadow_is_read(tmp_path: Path) -> None:
    """A bound copy scanned: the sheet on the scanner's black lid, the spine's shadow
    darkening the table's first columns. Every cell comes out as from the clean scan."""
    clean = ocr.render_page(SCANNED, 1, 200).astype(np.float32)
    h, w = clean.shape
    shadow = 1.0 - 0.5 * np.exp(-np.arange(w, dtype=np.float32) / (0.08 * w))
    sheet = clean * shadow[None, :] * 0.92
    scan = np.full((h + 60, w + 80), 28.0, np.float32)  # the lid, beyond the sheet's edges
    scan[40:40 + h, 50:50 + w] = sheet
    _reads_as_the_clean_scan(scan, tmp_path / "bound.pdf")


def test_an_unruled_tables_last_page_of_a_few_rows_is_worth_reading(tmp_path: Path) -> None:
    # 长沙's 财政拨款收支总表, unruled, scanned: its last page holds its two header lines,
    # 22、其他支出 alone on the right, 二、上年结转 | 二、结转下年 and the 收入总计 row.
    # Its rows break into two runs of ink or more, where a page of prose has one.
    from PIL import Image, ImageDraw

    def page(lines: list[list[tuple[int, int]]]) -> Path:
        image = Image.new("L", (1754, 1240), 255)
        draw = ImageDraw.Draw(image)
        for i, runs in enumerate(lines):
            for x0, x1 in runs:
                _glyphs(draw, x0, x1, 200 + 40 * i)
        path = tmp_path / f"page{len(list(tmp_path.iterdir()))}.pdf"
        image.save(path, resolution=150)
        return path

    header = [(230, 260), (450, 470), (1050, 1070), (1270, 1290)]
    table = [header, [(240, 280), (500, 560), (820, 860), (1090, 1130), (1230, 1360)], [(640, 760)],
             [(75, 195), (640, 760)], [(200, 320), (560, 620), (770, 880), (1130, 1190), (1290, 1350)], [(75, 420)]]
    assert ocr.looks_tabular(page(table), 1)
    # Prose: lines across the page, a running head with the page's number apart.
    prose = [[(75, 900), (1500, 1650)], *([[(75, 1650)]] * 14), [(75, 700)], [[(800, 860)]][0]]
    assert not ocr.looks_tabular(page(prose), 1)
    assert not ocr.looks_tabular(page(prose), 1, after_table=True)
    # 泉州's scanned prose: four lines a page set apart in two (a heading's number, a
    # margin note), none in three.
    margins = [[(75, 1650)], [(75, 300), (600, 1650)], [(75, 300), (600, 1650)], *([[(75, 1650)]] * 10),
               [(75, 300), (600, 1650)], [(75, 300), (600, 1650)], [(75, 1650)]]
    assert not ocr.looks_tabular(page(margins), 1)
    # A page of two columns (code and name | figure): every row in two runs.
    two = [[(75, 400), (1200, 1300)]] * 12
    assert ocr.looks_tabular(page(two), 1)
    # A table of one row (三公) under its title: alone it could be a page of prose with
    # a line set wide; right after a page of tables, it is the next table.
    small = [[(600, 1150)], [(75, 260)], header, [(240, 280), (500, 560), (820, 860), (1090, 1130), (1230, 1360)],
             [(75, 600)]]
    assert not ocr.looks_tabular(page(small), 1)
    assert ocr.looks_tabular(page(small), 1, after_table=True)


def test_a_charts_gridlines_are_no_table(tmp_path: Path) -> None:
    # 西安's 说明 draws its spending by economic class as a bar chart: grey gridlines
    # across the page (rules enough for a table) with the bars crossing them, the bars'
    # sides standing like column rules. OCR took 7 s of each such file to read nothing.
    from PIL import Image, ImageDraw

    def saved(image: Image.Image) -> Path:
        path = tmp_path / f"page{len(list(tmp_path.iterdir()))}.pdf"
        image.save(path, resolution=150)
        return path

    bars = Image.new("L", (1754, 1240), 255)
    draw = ImageDraw.Draw(bars)
    for i, y in enumerate(range(300, 701, 50)):
        draw.line([(300, y), (1500, y)], fill=200, width=2)
        _glyphs(draw, 220, 280, y - 9, fill=90)  # the scale's figures
    for x, top in ((400, 320), (480, 340), (700, 520), (780, 560), (1000, 690), (1220, 640), (1300, 600)):
        draw.rectangle([x, top, x + 60, 700], fill=120)
    _glyphs(draw, 700, 1100, 200)  # the chart's title
    assert not ocr.looks_tabular(saved(bars), 1)
    # A pie in a frame.
    pie = Image.new("L", (1754, 1240), 255)
    draw = ImageDraw.Draw(pie)
    draw.rectangle([400, 200, 1300, 900], outline=160, width=2)
    draw.pieslice([650, 350, 1050, 750], 0, 140, fill=110)
    draw.pieslice([650, 350, 1050, 750], 140, 360, fill=170)
    assert not ocr.looks_tabular(saved(pie), 1)

    # A table's own filled shapes keep it a table: a header shaded dark with its text in
    # white, rows shaded in turn or all set on grey, a scan's dark margin down its edge.
    for every, grey in ((2, 215), (1, 170)):
        table = Image.new("L", (1754, 1240), 255)
        draw = ImageDraw.Draw(table)
        xs, rows = [150, 600, 1000, 1400, 1600], range(200, 901, 50)
        draw.rectangle([150, 200, 1600, 250], fill=60)
        for i, y in enumerate(rows):
            if i and i % every == 0 and y < 900:
                draw.rectangle([150, y, 1600, y + 50], fill=grey)
            draw.line([(150, y), (1600, y)], fill=0, width=2)
            if y < 900:
                for a, b in zip(xs, xs[1:]):
                    _glyphs(draw, a + 20, min(a + 200, b - 20), y + 15, fill=255 if i == 0 else 0)
        for x in xs:
            draw.line([(x, 200), (x, 900)], fill=0, width=2)
        assert ocr.looks_tabular(saved(table), 1)
        draw.rectangle([0, 0, 60, 1239], fill=20)
        assert ocr.looks_tabular(saved(table), 1)


def test_a_text_layer_whose_fonts_map_to_no_text_is_read_as_a_scan(tmp_path: Path) -> None:
    # A producer that embeds its fonts without their ToUnicode maps: the page shows the
    # table, its text layer (copied, or read) is gibberish. Read by OCR, the table is
    # the one the text layer of the same page gives with its maps.
    from decimal import Decimal

    from budgetx.pipeline import extract

    garbled = tmp_path / "garbled.pdf"
    garbled.write_bytes(REPLICA.read_bytes().replace(b"/ToUnicode", b"/ToUnicodX"))
    t2 = extract(garbled).table(2)
    expected = extract(REPLICA).table(2)
    assert t2 is not None and t2.ocr and expected is not None and not expected.ocr
    assert t2.rows == expected.rows
    assert next(r for r in t2.rows if r["name"] == "总计")["total"] == Decimal("11374.52")


def test_a_traditional_character_is_read_as_the_simplified_one_printed() -> None:
    # The recogniser knows traditional characters: 駐 read first, 脏 second, in 驻京经费
    # (长春's scan at the harsher degradation). A disclosure prints 驻.
    charset = ["blank", "駐", "脏", "京", "國"]
    probs = np.zeros((4, len(charset)), np.float32)
    probs[0, [1, 2, 0]] = [0.55, 0.35, 0.10]   # 駐 / 脏
    probs[1, 0] = 1.0                          # blank
    probs[2, [3, 4]] = [0.9, 0.1]              # 京 / 國
    probs[3, 0] = 1.0
    chars = ocr._decode(probs, charset, 10.0, 40.0)
    assert "".join(c.text for c in chars) == "驻京"
    # As sure as the reading; the other readings in simplified characters too.
    assert chars[0].prob == pytest.approx(0.55) and [t for t, _ in chars[0].others] == ["脏", ""]
    assert [t for t, _ in chars[1].others] == ["国"]

"""The rule reader (pdf.py) and the grids it gives (lattice.py, grid.py), on small PDFs
built here with pypdfium2: stroked lines, thin filled rectangles (and the bevelled
quadrilaterals some producers draw rules with), rectangles inside a form XObject, and
rules that are only an image."""
from __future__ import annotations

import ctypes
import random
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from budgetx.model import Page
from budgetx.reader import grid, lattice
from budgetx.reader.pdf import open_pdf

WIDTH, HEIGHT = 400.0, 300.0
# A 3-column, 4-row table: column edges and row edges (PDF space, y up).
COLS = [50.0, 150.0, 250.0, 350.0]
ROWS = [250.0, 220.0, 190.0, 160.0, 130.0]

Draw = Callable[[pdfium.PdfDocument, pdfium.PdfPage], None]


def _path(points: list[tuple[float, float]], fill: bool, stroke: bool, close: bool = True) -> ctypes.c_void_p:
    obj = pdfium_c.FPDFPageObj_CreateNewPath(*points[0])
    for x, y in points[1:]:
        pdfium_c.FPDFPath_LineTo(obj, x, y)
    if close:
        pdfium_c.FPDFPath_Close(obj)
    pdfium_c.FPDFPageObj_SetFillColor(obj, 0, 0, 0, 255)
    pdfium_c.FPDFPageObj_SetStrokeColor(obj, 0, 0, 0, 255)
    pdfium_c.FPDFPageObj_SetStrokeWidth(obj, 0.5)
    pdfium_c.FPDFPath_SetDrawMode(obj, pdfium_c.FPDF_FILLMODE_WINDING if fill else 0, stroke)
    return obj


def _text(doc: pdfium.PdfDocument, text: str, x: float, y: float) -> ctypes.c_void_p:
    obj = pdfium_c.FPDFPageObj_NewTextObj(doc, b"Helvetica", 9.0)
    encoded = (text + "\0").encode("utf-16-le")
    buffer = (ctypes.c_ushort * (len(encoded) // 2)).from_buffer_copy(encoded)
    pdfium_c.FPDFText_SetText(obj, buffer)
    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    return obj


def _cells(doc: pdfium.PdfDocument, page: pdfium.PdfPage) -> None:
    """A figure in every cell, so the grid is a table and not an empty frame."""
    for r in range(len(ROWS) - 1):
        for c in range(len(COLS) - 1):
            obj = _text(doc, f"{r}{c}.00", COLS[c] + 10, ROWS[r + 1] + 10)
            pdfium_c.FPDFPage_InsertObject(page, obj)


def _build(path: Path, draw: Draw) -> Page:
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(WIDTH, HEIGHT)
    draw(doc, page)
    _cells(doc, page)
    page.gen_content()
    doc.save(path)
    return open_pdf(path).pages[0]


def stroked_lines(doc: pdfium.PdfDocument, page: pdfium.PdfPage) -> None:
    for y in ROWS:
        page.insert_obj(_as_object(_path([(COLS[0], y), (COLS[-1], y)], fill=False, stroke=True, close=False)))
    for x in COLS:
        page.insert_obj(_as_object(_path([(x, ROWS[-1]), (x, ROWS[0])], fill=False, stroke=True, close=False)))


def thin_rectangles(doc: pdfium.PdfDocument, page: pdfium.PdfPage) -> None:
    """Rules as 0.75 pt filled rectangles; every other one a bevelled quadrilateral (one
    corner cut), the shape some producers fill for a rule that meets another."""
    for i, y in enumerate(ROWS):
        if i % 2:
            pts = [(COLS[0], y + 0.75), (COLS[-1], y + 0.75), (COLS[-1] - 0.75, y), (COLS[0], y)]
        else:
            pts = [(COLS[0], y), (COLS[-1], y), (COLS[-1], y + 0.75), (COLS[0], y + 0.75)]
        page.insert_obj(_as_object(_path(pts, fill=True, stroke=False)))
    for x in COLS:
        pts = [(x, ROWS[-1]), (x + 0.75, ROWS[-1]), (x + 0.75, ROWS[0]), (x, ROWS[0])]
        page.insert_obj(_as_object(_path(pts, fill=True, stroke=False)))


def _as_object(raw: ctypes.c_void_p) -> pdfium.PdfObject:
    return pdfium.PdfObject(raw)


# The form XObject's content is drawn at half size and moved: its rules land where
# ROWS and COLS say only if the reader applies the form's matrix.
FORM_SCALE, FORM_DX, FORM_DY = 0.5, 20.0, 10.0


def _unform(v: float, shift: float) -> float:
    return (v - shift) / FORM_SCALE


def in_form(doc: pdfium.PdfDocument, page: pdfium.PdfPage) -> None:
    """Stroked rectangles (one per cell) inside a form XObject placed by a matrix."""
    src = pdfium.PdfDocument.new()
    inner = src.new_page(WIDTH / FORM_SCALE, HEIGHT / FORM_SCALE)
    for r in range(len(ROWS) - 1):
        for c in range(len(COLS) - 1):
            x0, x1 = _unform(COLS[c], FORM_DX), _unform(COLS[c + 1], FORM_DX)
            y0, y1 = _unform(ROWS[r + 1], FORM_DY), _unform(ROWS[r], FORM_DY)
            inner.insert_obj(_as_object(_path([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], fill=False, stroke=True)))
    inner.gen_content()
    xobject = src.page_as_xobject(0, doc)
    obj = xobject.as_pageobject()
    obj.transform(pdfium.PdfMatrix().scale(FORM_SCALE, FORM_SCALE).translate(FORM_DX, FORM_DY))
    page.insert_obj(obj)


def as_image(doc: pdfium.PdfDocument, page: pdfium.PdfPage) -> None:
    """The rules only as a picture of them (a scanned form, a pasted table image)."""
    src = pdfium.PdfDocument.new()
    drawn = src.new_page(WIDTH, HEIGHT)
    thin_rectangles(src, drawn)
    drawn.gen_content()
    bitmap = drawn.render(scale=200 / 72, grayscale=True)
    image = pdfium.PdfImage.new(doc)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(WIDTH, HEIGHT))
    page.insert_obj(image)


def _near(values: list[float], expected: list[float], tol: float = 1.0) -> bool:
    return len(values) == len(expected) and all(abs(a - b) <= tol for a, b in zip(sorted(values), sorted(expected)))


def _levels(page: Page) -> tuple[list[float], list[float]]:
    """The distinct y of the horizontal rules and x of the vertical ones."""
    ys = lattice.merge_close(sorted(r[1] for r in page.h_rules))
    xs = lattice.merge_close(sorted(r[0] for r in page.v_rules))
    return ys, xs


@pytest.mark.parametrize("draw", [stroked_lines, thin_rectangles, in_form])
def test_rules_read_from_the_drawing(tmp_path: Path, draw: Draw) -> None:
    page = _build(tmp_path / "t.pdf", draw)
    ys, xs = _levels(page)
    tol = 1.0 if draw is not thin_rectangles else 0.5
    assert _near(ys, ROWS, tol) and _near(xs, COLS, tol), (ys, xs)
    # Every rule spans the table (pieces joined) and nothing else is read as one.
    h = lattice.coalesce(page.h_rules, horizontal=True)
    v = lattice.coalesce(page.v_rules, horizontal=False)
    assert len(h) == len(ROWS) and len(v) == len(COLS)
    assert all(abs(r[0] - COLS[0]) < 1 and abs(r[2] - COLS[-1]) < 1 for r in h)
    assert all(abs(r[1] - ROWS[-1]) < 1 and abs(r[3] - ROWS[0]) < 1 for r in v)


def _outlined_glyph(x: float, y: float, glyphs: int = 1) -> ctypes.c_void_p:
    """9 pt glyphs stroked as their outlines, one closed shape each, the way bold text
    re-printed through cairo or Skia comes out: straight stems and bars joined by curves
    (one glyph a path, or a whole run of them)."""
    obj = pdfium_c.FPDFPageObj_CreateNewPath(x, y)
    for i in range(glyphs):
        left = x + 10 * i
        if i:
            pdfium_c.FPDFPath_MoveTo(obj, left, y)
        pdfium_c.FPDFPath_LineTo(obj, left, y + 9)          # a stem
        pdfium_c.FPDFPath_BezierTo(obj, left + 1, y + 9.5, left + 2, y + 9.5, left + 3, y + 9)
        pdfium_c.FPDFPath_LineTo(obj, left + 8, y + 9)      # a bar
        pdfium_c.FPDFPath_LineTo(obj, left + 8, y)          # another stem
        pdfium_c.FPDFPath_BezierTo(obj, left + 6, y - 0.5, left + 2, y - 0.5, left, y)
        pdfium_c.FPDFPath_Close(obj)
    pdfium_c.FPDFPageObj_SetStrokeColor(obj, 0, 0, 0, 255)
    pdfium_c.FPDFPageObj_SetStrokeWidth(obj, 0.3)
    pdfium_c.FPDFPath_SetDrawMode(obj, 0, True)
    return obj


def test_glyphs_drawn_as_outlines_are_no_rules(tmp_path: Path) -> None:
    """Bold header text stroked as outlines puts level and plumb edges in every cell:
    they are glyphs, not rules, and the grid stays the table's."""
    def bold_header(doc: pdfium.PdfDocument, page: pdfium.PdfPage) -> None:
        stroked_lines(doc, page)
        for x in (60.0, 72.0, 160.0, 172.0, 260.0):
            page.insert_obj(_as_object(_outlined_glyph(x, ROWS[1] + 8)))
        # A bold run of four glyphs, 38 pt wide, stroked as one path.
        page.insert_obj(_as_object(_outlined_glyph(55.0, ROWS[2] + 8, glyphs=4)))

    page = _build(tmp_path / "t.pdf", bold_header)
    ys, xs = _levels(page)
    assert _near(ys, ROWS) and _near(xs, COLS), (ys, xs)
    assert page.paths == len(ROWS) + len(COLS) + 6


def test_a_wide_filled_rectangle_is_no_rule(tmp_path: Path) -> None:
    """A shaded header cell is filled but not thin: no rule."""
    def shaded(doc: pdfium.PdfDocument, page: pdfium.PdfPage) -> None:
        page.insert_obj(_as_object(_path([(50, 220), (350, 220), (350, 250), (50, 250)], fill=True, stroke=False)))

    page = _build(tmp_path / "t.pdf", shaded)
    assert page.h_rules == [] and page.v_rules == []
    assert page.paths == 1


@pytest.mark.parametrize("draw", [stroked_lines, thin_rectangles, in_form])
def test_grid_from_the_rules(tmp_path: Path, draw: Draw) -> None:
    page = _build(tmp_path / "t.pdf", draw)
    grids = grid.read_grids(tmp_path / "t.pdf", [page])
    assert list(grids) == [1] and len(grids[1]) == 1
    found = grids[1][0]
    # Column edges left to right, row edges top-down (page coordinates, y down).
    assert _near(found.grid.col_edges, COLS, 1.0), found.grid.col_edges
    assert _near(found.grid.row_edges, [HEIGHT - y for y in ROWS], 1.0), found.grid.row_edges
    assert found.grid.row_edges == sorted(found.grid.row_edges)
    assert abs(found.top - (HEIGHT - ROWS[0])) < 1 and abs(found.bottom - (HEIGHT - ROWS[-1])) < 1
    # Where each vertical rule runs, top to bottom of the table (y down): every column
    # edge is ruled the whole height.
    assert _near([x for x, _, _ in found.grid.v_rules], COLS, 1.0), found.grid.v_rules
    assert all(abs(top - (HEIGHT - ROWS[0])) < 1 and abs(bottom - (HEIGHT - ROWS[-1])) < 1
               for _, top, bottom in found.grid.v_rules)


def test_rules_drawn_as_an_image_are_found_on_the_rendered_page(tmp_path: Path) -> None:
    page = _build(tmp_path / "t.pdf", as_image)
    assert page.h_rules == [] and page.v_rules == [] and page.images == 1
    grids = grid.read_grids(tmp_path / "t.pdf", [page])
    assert list(grids) == [1]
    found = grids[1][0].grid
    assert _near(found.col_edges, COLS, 2.0), found.col_edges
    assert _near(found.row_edges, [HEIGHT - y for y in ROWS], 2.0), found.row_edges
    # Rules found on an image may break where the ink is faint: no merged cell is read
    # from where they run.
    assert found.v_rules == []


def test_an_empty_frame_is_not_a_table(tmp_path: Path) -> None:
    """A ruled grid around nothing (camelot's whitespace rejection)."""
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(WIDTH, HEIGHT)
    stroked_lines(doc, page)
    page.gen_content()
    doc.save(tmp_path / "t.pdf")
    assert grid.read_grids(tmp_path / "t.pdf", open_pdf(tmp_path / "t.pdf").pages) == {}


def logo(doc: pdfium.PdfDocument, page: pdfium.PdfPage) -> None:
    """A small picture in a corner (an emblem, a seal): no table."""
    src = pdfium.PdfDocument.new()
    drawn = src.new_page(40, 40)
    drawn.insert_obj(_as_object(_path([(5, 5), (35, 5), (35, 35), (5, 35)], fill=False, stroke=True)))
    drawn.gen_content()
    image = pdfium.PdfImage.new(doc)
    image.set_bitmap(drawn.render(scale=2))
    image.set_matrix(pdfium.PdfMatrix().scale(40, 40).translate(10, HEIGHT - 50))
    page.insert_obj(image)


@pytest.mark.parametrize("draw", [lambda doc, page: None, logo])
def test_unruled_page_is_not_rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, draw: Draw) -> None:
    def no_render(*_: object) -> None:
        raise AssertionError("rendered a page without rules")

    monkeypatch.setattr(grid, "render_gray", no_render)
    page = _build(tmp_path / "t.pdf", draw)
    assert page.h_rules == [] and page.v_rules == []
    assert grid.read_grids(tmp_path / "t.pdf", [page]) == {}


def _random_rules(seed: int) -> tuple[list[lattice.Segment], list[lattice.Segment]]:
    """Two ruled tables, rules broken into pieces, jittered, plus stray rules."""
    rng = random.Random(seed)
    h: list[lattice.Segment] = []
    v: list[lattice.Segment] = []
    for left, bottom, cols, rows in ((40, 400, 5, 8), (60, 80, 4, 6)):
        xs = [left + 60 * i + rng.uniform(-0.8, 0.8) for i in range(cols + 1)]
        ys = [bottom + 22 * j + rng.uniform(-0.8, 0.8) for j in range(rows + 1)]
        for y in ys:
            cut = rng.uniform(xs[0] + 10, xs[-1] - 10)
            h += [(xs[0], y, cut, y), (cut + rng.uniform(0, 1.5), y, xs[-1], y)]
        for x in xs:
            v.append((x, ys[0], x, ys[-1]))
    h.append((10, 700, 500, 700))
    v.append((520, 10, 520, 30))
    return h, v


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lattice_is_camelots(seed: int) -> None:
    """budgetx.lattice computes what camelot's vector lattice computes on the same rules."""
    from camelot import image_processing
    from camelot.utils import merge_close_lines

    h, v = _random_rules(seed)
    ch = image_processing.coalesce_collinear_lines(h, "horizontal")
    cv = image_processing.coalesce_collinear_lines(v, "vertical")
    assert lattice.coalesce(h, horizontal=True) == ch
    assert lattice.coalesce(v, horizontal=False) == cv
    theirs = image_processing.find_joints_from_lines(ch, cv)
    ours = lattice.find_joints(ch, cv)
    assert ours == theirs and len(ours) == 2
    for bbox, joints in theirs.items():
        cols = merge_close_lines(sorted([j[0] for j in joints] + [bbox[0], bbox[2]]), line_tol=2)
        rows = merge_close_lines(sorted([j[1] for j in joints] + [bbox[1], bbox[3]], reverse=True), line_tol=2)
        table = next(t for t in lattice.tables(h, v) if t.bbox == bbox)
        assert (table.cols, table.rows) == (cols, rows)


@pytest.mark.parametrize("edges, x, slot", [
    ([10.0, 20.0, 20.0, 30.0], 20.0, 0),  # on an edge: the first cell that holds it
    ([10.0, 20.0, 30.0], 10.0, 0), ([10.0, 20.0, 30.0], 30.0, 1), ([10.0, 20.0, 30.0], 25.0, 1),
    ([10.0, 20.0, 30.0], 9.9, None), ([10.0, 20.0, 30.0], 30.1, None), ([10.0], 10.0, None), ([], 1.0, None),
])
def test_slot_is_the_first_cell_holding_a_point(edges: list[float], x: float, slot: int | None) -> None:
    linear = next((i for i in range(len(edges) - 1) if edges[i] <= x <= edges[i + 1]), None)
    assert grid._slot(edges, x) == linear == slot

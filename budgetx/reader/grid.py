"""Ruled grids of table pages: camelot's lattice joint and cell finding
(budgetx.lattice) on the rules pdf.py read from the page's own drawing objects, in
the same pass as its words. A page is rendered, and camelot's raster line finding
run on its image, only where it holds a table but draws no vector rule at all
(rules drawn as images, or paths pdfium cannot read as rules)."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from budgetx.model import Page, RuledGrid, Segment, Word
from budgetx.reader.lattice import Lattice, coalesce, tables
from budgetx.reader.pdf import render_gray

# Below this many path objects, and without an image covering this share of the page,
# a page has no ruled grid worth rendering for (a logo or a seal is no table).
MIN_PATHS_FOR_RASTER = 12
MIN_IMAGE_COVER = 0.1
# camelot rejects a grid whose cells are at least this percent empty: page borders
# and form rules, not a table.
WHITESPACE_REJECT = 90.0
# Raster rule finding: the lowest resolutions (dots per inch) first; a finer one
# only where the coarse image shows lines but no grid.
RASTER_DPI = (100, 200)
# Above this area (pt², about A2) a page is not rendered for the raster engine: the
# bitmap of a hostile 14400 × 14400 pt page alone would take gigabytes.
MAX_RASTER_AREA = 2_000_000


@dataclass
class PageGrid:
    """A ruled table, in top-down page coordinates."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    grid: RuledGrid


def _whitespace(table: Lattice, words: list[Word], height: float) -> float:
    """Percent of the grid's cells that hold no word (camelot's whitespace)."""
    cells = (len(table.cols) - 1) * (len(table.rows) - 1)
    if cells <= 0:
        return 100.0
    filled = set()
    downwards = [-r for r in table.rows]  # rows run top to bottom: y falls, -y rises
    for w in words:
        y = height - w.yc
        col = _slot(table.cols, w.xc)
        row = _slot(downwards, -y)
        if col is not None and row is not None:
            filled.add((row, col))
    return 100.0 * (cells - len(filled)) / cells


def _slot(edges: list[float], x: float) -> int | None:
    """The first i with edges[i] <= x <= edges[i + 1], edges ascending (lattice.tables
    sorts them): found by bisection, as a page has thousands of words."""
    j = bisect_left(edges, x)  # edges[j - 1] < x <= edges[j]
    if j == 0:
        return 0 if len(edges) > 1 and edges[0] == x else None
    return j - 1 if j < len(edges) else None


def _to_page_grid(table: Lattice, page: Page, v_lines: list[Segment]) -> PageGrid | None:
    if len(table.cols) < 3 or len(table.rows) < 2:
        return None
    if _whitespace(table, page.words, page.height) >= WHITESPACE_REJECT:
        return None
    h = page.height
    x1, y1, x2, y2 = table.bbox
    rules = [(x, h - max(a, b), h - min(a, b)) for x, a, _, b in v_lines
             if x1 - 2 <= x <= x2 + 2 and min(a, b) < y2 and max(a, b) > y1]
    return PageGrid(page.number, h - y2, h - y1, x1, x2,
                    RuledGrid(list(table.cols), [h - r for r in table.rows], rules))


def page_grids(page: Page, drawn: bool = True) -> list[PageGrid]:
    """The ruled tables a page's rules draw: its vector rules (`drawn`), or those found
    on its image."""
    # Where each rule runs is kept for drawn rules only: those found on an image break
    # where the scan is faint, and a break would read as a merged cell.
    v_lines = coalesce(page.v_rules, horizontal=False) if drawn else []
    found = (_to_page_grid(t, page, v_lines) for t in tables(page.h_rules, page.v_rules))
    return [g for g in found if g is not None]


def _needs_raster(page: Page) -> bool:
    return not page.h_rules and not page.v_rules and (page.paths >= MIN_PATHS_FOR_RASTER
                                                      or page.image_cover >= MIN_IMAGE_COVER)


def raster_rules(path: Path, page: Page, dpi: int) -> tuple[list[Segment], list[Segment]]:
    """Rules found on the page's image by camelot's OpenCV line finding, in PDF space."""
    from camelot.image_processing import adaptive_threshold, find_lines  # only for pages drawn as images

    gray = render_gray(path, page.number, dpi)
    import numpy as np

    bgr = np.repeat(gray[:, :, None], 3, axis=2)
    _, threshold = adaptive_threshold(bgr)  # type: ignore[no-untyped-call]
    scale = 72.0 / dpi
    h_rules: list[Segment] = []
    v_rules: list[Segment] = []
    for direction, out in (("vertical", v_rules), ("horizontal", h_rules)):
        _, lines = find_lines(threshold, direction=direction, line_scale=15)  # type: ignore[no-untyped-call]
        for x0, y0, x1, y1 in lines:
            out.append((x0 * scale, page.height - y0 * scale, x1 * scale, page.height - y1 * scale))
    return h_rules, v_rules


def read_grids(path: Path, pages: list[Page]) -> dict[int, list[PageGrid]]:
    """Ruled grids per page number, for the given (table) pages."""
    out: dict[int, list[PageGrid]] = {}
    for page in pages:
        grids = page_grids(page)
        # (A rendering shows a turned page as it is shown, not in its words' frame.)
        if not grids and not page.turned % 4 and _needs_raster(page) and page.width * page.height <= MAX_RASTER_AREA:
            for dpi in RASTER_DPI:
                page.h_rules, page.v_rules = raster_rules(path, page, dpi)
                grids = page_grids(page, drawn=False)
                if grids or len(page.h_rules) + len(page.v_rules) < 4:
                    break
        if grids:
            out[page.number] = grids
    return out


def grid_for(grids: list[PageGrid], words: list[Word]) -> RuledGrid | None:
    """The ruled grid that holds most of a table region's words, if it holds nearly all
    of them: a grid around only part of the region (a neighbouring table, a ruled
    header over an unruled body) would misplace the rest."""
    best: tuple[int, PageGrid] | None = None
    for g in grids:
        inside = sum(1 for w in words if g.top - 2 <= w.yc <= g.bottom + 2 and g.x0 - 2 <= w.xc <= g.x1 + 2)
        if best is None or inside > best[0]:
            best = (inside, g)
    if best is None or best[0] < 0.8 * len(words):
        return None
    return best[1].grid


def preload() -> None:
    """Import what reading a page needs now: a process that extracts in forked children
    (budgetx.limits) then pays for the imports once, not once per document. camelot is
    not among them: its lattice runs on our own rules (lattice.py), and its raster
    engine is imported only for the rare page drawn as an image."""
    import pypdfium2  # noqa: F401

"""Ruled grids from camelot: lattice with the vector engine (reads the PDF's own
rules, no rendering), and the raster engine per page where the vector engine sees
nothing although the page draws many paths. The only module that imports camelot."""
from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

from budgetx.model import Page, RuledGrid, Word

# Below this many path objects a page has no ruled grid worth rendering for.
MIN_PATHS_FOR_RASTER = 12
# Above this area (pt², about A2) a page is not rendered for the raster engine: the
# bitmap of a hostile 14400 × 14400 pt page alone would take gigabytes.
MAX_RASTER_AREA = 2_000_000


@dataclass
class PageGrid:
    """A ruled table camelot found, in top-down page coordinates."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    grid: RuledGrid


def _camelot_tables(path: Path, pages: list[int], engine: str) -> list[object]:
    import camelot  # imported late: it is slow to import and only needed here

    # camelot and its PDF parser log malformed-object notes that mean nothing to a user.
    for name in ("camelot", "playa", "pdfminer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = camelot.read_pdf(str(path), pages=",".join(map(str, pages)), flavor="lattice",
                                     engine=engine, suppress_stdout=True)
        except Exception:  # camelot fails on odd pages; the aligner then reads them unruled
            return []
    return list(found)


def _to_page_grid(table: object, pages: dict[int, Page]) -> PageGrid | None:
    number = int(getattr(table, "page"))
    page = pages.get(number)
    cols = getattr(table, "cols")
    rows = getattr(table, "rows")
    if page is None or len(cols) < 2 or not rows:
        return None
    h = page.height
    col_edges = [c[0] for c in cols] + [cols[-1][1]]
    row_edges = [h - r[0] for r in rows] + [h - rows[-1][1]]
    x1, y1, x2, y2 = getattr(table, "_bbox")
    return PageGrid(number, h - y2, h - y1, x1, x2, RuledGrid(col_edges, row_edges))


def read_grids(path: Path, pages: list[Page]) -> dict[int, list[PageGrid]]:
    """Ruled grids per page number, for the given (table) pages."""
    by_number = {p.number: p for p in pages if p.turned % 4 == 0}
    out: dict[int, list[PageGrid]] = {}
    if not pages:
        return out
    for table in _camelot_tables(path, sorted(by_number), "vector"):
        grid = _to_page_grid(table, by_number)
        if grid:
            out.setdefault(grid.page, []).append(grid)
    retry = [p.number for p in pages if p.number not in out and p.paths >= MIN_PATHS_FOR_RASTER
             and p.width * p.height <= MAX_RASTER_AREA]
    if retry:
        for table in _camelot_tables(path, retry, "raster"):
            grid = _to_page_grid(table, by_number)
            if grid:
                out.setdefault(grid.page, []).append(grid)
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
    """Import camelot now: a process that extracts in forked children (budgetx.limits)
    then pays for the import once, not once per document."""
    import camelot  # noqa: F401

"""A picture of what was read on one page (`budgetx inspect`): the page rendered, each
located table region boxed, its column boundaries (the ruled grid's, or the aligner's
where the table is unruled), the ruled rows, and each column's canonical key. Like
camelot's `plot`, for seeing at a glance why a table came out as it did."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from budgetx.errors import BudgetxError
from budgetx.reader.grid import grid_for, read_grids
from budgetx.reader.locate import find_tables, merge_repeats
from budgetx.reader.pdf import open_pdf, render_page
from budgetx.reader.region_text import region_words
from budgetx.schema.registry import load_schema
from budgetx.table.build import printed_parts
from budgetx.table.headers import map_columns, path_key

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

REGION = (0, 90, 220)  # blue: a located table region
RULED = (0, 160, 60)  # green: the ruled grid's boundaries
ALIGNED = (220, 40, 40)  # red: boundaries the aligner found in the words
KEY = (120, 0, 160)  # purple: canonical column keys


@dataclass
class RegionPicture:
    """One table region on the page, in page points (y down)."""

    label: str  # `t3 expenditure`, or `other` for a table outside the eleven
    title: str
    x0: float
    top: float
    x1: float
    bottom: float
    ruled: bool
    col_edges: list[float] = field(default_factory=list)  # inner boundaries only
    row_edges: list[float] = field(default_factory=list)  # ruled rows only
    keys: list[str] = field(default_factory=list)  # one per column, left to right


@dataclass
class PagePicture:
    page: int
    width: float
    height: float
    regions: list[RegionPicture]


def page_picture(path: Path, number: int) -> PagePicture:
    """What budgetx reads on page `number` (1-based) of the PDF."""
    pdf = open_pdf(path)
    if not 1 <= number <= len(pdf.pages):
        raise BudgetxError(path, f"no page {number}: the PDF has {len(pdf.pages)} pages")
    page = pdf.pages[number - 1]
    schema = load_schema()
    located = [loc for loc in merge_repeats(find_tables(pdf.pages, schema).tables)
               if any(r.page == number for r in loc.regions)]
    # The parts of a continuation page are read against the table's first page.
    pages = sorted({r.page for loc in located for r in loc.regions if pdf.pages[r.page - 1].turned % 4 == 0})
    grids = read_grids(path, [pdf.pages[n - 1] for n in pages]) if pages else {}
    out: list[RegionPicture] = []
    for loc in located:
        regions = [r for r in loc.regions if r.page == number]
        parts = [part for n, part in printed_parts(loc, pdf, grids) if n == number]
        for region, part in zip(regions, parts):
            words = region_words(page, region, loc.title).words
            ruled = grid_for(grids.get(number, []), words)
            inner = [e for e in part.col_edges[1:-1]]
            is_ruled = ruled is not None and inner == ruled.col_edges[1:-1]
            xs = [w.x0 for w in words] + [w.x1 for w in words] + inner
            if is_ruled and ruled is not None:
                xs += [ruled.col_edges[0], ruled.col_edges[-1]]
            keys = (map_columns(part.paths(), loc.spec.columns) if loc.spec is not None
                    else [path_key(p) for p in part.paths()])
            label = f"t{loc.spec.no} {loc.spec.key}" if loc.spec is not None else "other"
            # The box is drawn around what the region holds: a region runs to the next
            # title or the page's end, mostly blank.
            top = max(region.top, min((w.top for w in words), default=region.top) - 3)
            bottom = min(region.bottom, max((w.bottom for w in words), default=region.bottom) + 3)
            if is_ruled and ruled is not None:
                top, bottom = min(top, ruled.row_edges[0]), max(bottom, ruled.row_edges[-1])
            out.append(RegionPicture(label, loc.title, min(xs, default=0.0), top,
                                     max(xs, default=page.width), bottom, is_ruled, inner,
                                     list(ruled.row_edges) if is_ruled and ruled is not None else [], keys))
    return PagePicture(number, page.width, page.height, out)


def _ascii(text: str) -> str:
    # PIL's built-in font draws ASCII only; the keys of the registry are ASCII.
    return text if text.isascii() else "(unmapped)"


def _label(pen: ImageDraw.ImageDraw, at: tuple[float, float], text: str, colour: tuple[int, int, int],
           font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> None:
    # On white, so that a label stays readable over the page's own print.
    pen.rectangle(pen.textbbox(at, text, font=font), fill=(255, 255, 255))
    pen.text(at, text, fill=colour, font=font)


def draw_page(path: Path, picture: PagePicture, scale: float = 2.0) -> Image.Image:
    """The page rendered at `scale` pixels per point, with the picture drawn over it."""
    from PIL import ImageDraw, ImageFont

    image = render_page(path, picture.page, scale).convert("RGB")
    pen = ImageDraw.Draw(image)
    size = max(9, round(5 * scale))
    font = ImageFont.load_default(size=size)
    for region in picture.regions:
        x0, x1 = region.x0 * scale, region.x1 * scale
        top, bottom = region.top * scale, region.bottom * scale
        colour = RULED if region.ruled else ALIGNED
        for edge in region.col_edges:
            pen.line([(edge * scale, top), (edge * scale, bottom)], fill=colour, width=max(1, round(scale / 2)))
        for edge in region.row_edges:
            pen.line([(x0, edge * scale), (x1, edge * scale)], fill=colour, width=1)
        pen.rectangle([x0, top, x1, bottom], outline=REGION, width=max(2, round(scale)))
        _label(pen, (x0 + 2, max(0.0, top - 4 * size - 6)),
               f"{region.label} ({'ruled grid' if region.ruled else 'aligned from words'})", REGION, font)
        bounds = [region.x0, *region.col_edges, region.x1]
        for i, key in enumerate(region.keys[:len(bounds) - 1]):
            # Every other key a line higher: narrow code columns would overlap.
            y = top - (1 + i % 2) * (size + 1) - (size + 2)
            _label(pen, (bounds[i] * scale + 2, max(0.0, y)), _ascii(key), KEY, font)
    return image

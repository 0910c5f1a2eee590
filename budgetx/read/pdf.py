"""Open a PDF and read each page's text layer as positioned words (pypdfium2)."""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetx.errors import EncryptedPdf, NotAPdf
from budgetx.model import Page, PdfFile, Word

if TYPE_CHECKING:
    import PIL.Image


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in "\u3000\xa0"


Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF space (y up)


def _turn(box: Box, quarter: int, width: float, height: float) -> Box:
    """Rotate a box from page space into the frame where text reads left to right:
    `quarter` is the text direction in clockwise quarter turns."""
    left, bottom, right, top = box
    corners = [(left, bottom), (right, top)]
    # pdfium measures a glyph's angle clockwise.
    if quarter == 3:
        pts = [(y, width - x) for x, y in corners]
    elif quarter == 2:
        pts = [(width - x, height - y) for x, y in corners]
    elif quarter == 1:
        pts = [(height - y, x) for x, y in corners]
    else:
        pts = corners
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass
class TextLayer:
    words: list[Word]
    chars: int
    garbage: int
    width: float
    height: float
    quarter: int


def read_words(page: pdfium.PdfPage) -> TextLayer:
    """Group the page's characters into words: runs of glyphs on one baseline with no
    space and no gap wider than about half a glyph between them. Pages whose text runs
    vertically (landscape tables on a rotated page) are turned so that it reads across."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        width, height = page.get_size()
        if page.get_rotation() in (90, 270):
            width, height = height, width  # char boxes are in the unrotated page space
        chars: list[tuple[str, int, Box, Box]] = []
        quarters = [0, 0, 0, 0]
        garbage = 0
        for i in range(count):
            code = pdfium_c.FPDFText_GetUnicode(textpage, i)
            ch = chr(code) if code else ""
            if not ch or ch in "\r\n" or _is_space(ch):
                chars.append((" ", 0, (0, 0, 0, 0), (0, 0, 0, 0)))
                continue
            # Glyphs without a Unicode mapping come out as U+FFFD, private-use or control
            # characters: a page made of them has no usable text layer.
            if ch == "\ufffd" or (0xE000 <= code <= 0xF8FF) or code < 0x20:
                garbage += 1
            angle = pdfium_c.FPDFText_GetCharAngle(textpage, i)
            quarter = round(angle / (math.pi / 2)) % 4 if angle >= 0 else 0
            quarters[quarter] += 1
            chars.append((ch, quarter, textpage.get_charbox(i, loose=False), textpage.get_charbox(i, loose=True)))
        turn = max(range(4), key=lambda q: quarters[q])
        frame_w, frame_h = (height, width) if turn in (1, 3) else (width, height)
        words = _group_chars(chars, turn, width, height, frame_h)
        return TextLayer(words, count, garbage, frame_w, frame_h, turn)
    finally:
        textpage.close()


def _group_chars(chars: list[tuple[str, int, Box, Box]], turn: int, width: float, height: float,
                 frame_h: float) -> list[Word]:
    words: list[Word] = []
    cur: list[tuple[str, float, float, float, float]] = []
    prev_right = 0.0

    def flush() -> None:
        if cur:
            text = "".join(c[0] for c in cur)
            words.append(Word(text, min(c[1] for c in cur), min(c[2] for c in cur),
                              max(c[3] for c in cur), max(c[4] for c in cur)))
            cur.clear()

    for ch, quarter, tight, loose in chars:
        if ch == " " or quarter != turn:
            flush()
            continue
        # Tight boxes for x (gaps between cells), loose ones for y: a comma's tight box
        # hangs below the line and would split "1,388.82" into two words. Full-width
        # brackets carry wide side bearings: the gap between glyphs is measured on
        # loose (advance) boxes, so "因公出国（境）费" stays one word.
        left, _, right, _ = _turn(tight, turn, width, height)
        loose_left, bottom, loose_right, top = _turn(loose, turn, width, height)
        box = (ch, left, frame_h - top, right, frame_h - bottom)
        if cur:
            prev = cur[-1]
            size = max(prev[4] - prev[2], box[4] - box[2], 1.0)
            same_line = abs((prev[2] + prev[4]) / 2 - (box[2] + box[4]) / 2) < size * 0.5
            gap = loose_left - prev_right
            if not same_line or gap > size * 0.5 or gap < -size:
                flush()
        cur.append(box)
        prev_right = loose_right
    flush()
    return words


def _count_objects(page: pdfium.PdfPage) -> tuple[int, int]:
    paths = images = 0
    for obj in page.get_objects(max_depth=2):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
    return paths, images


def open_pdf(path: Path) -> PdfFile:
    """Read every page's words; raise a BudgetxError for files that are not usable PDFs."""
    data = path.read_bytes()
    if not data:
        raise NotAPdf(path, "empty file")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise NotAPdf(path, "not a PDF file")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPdf(path, "the PDF is encrypted with a password") from exc
        raise NotAPdf(path, f"damaged or truncated PDF ({exc})") from exc
    try:
        pages: list[Page] = []
        for index in range(len(doc)):
            page = doc[index]
            layer = read_words(page)
            paths, images = _count_objects(page)
            pages.append(Page(index + 1, layer.width, layer.height, layer.words, layer.chars,
                              layer.garbage, paths, images, layer.quarter + page.get_rotation() // 90))
            page.close()
    finally:
        doc.close()
    if not pages:
        raise NotAPdf(path, "the PDF has no pages")
    return PdfFile(path, hashlib.sha256(data).hexdigest(), pages)


def render_page(path: Path, number: int, scale: float) -> PIL.Image.Image:
    """Page `number` (1-based) as a picture, `scale` pixels per point, as a viewer shows
    it (the page's /Rotate applied)."""
    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[number - 1]
        try:
            image: PIL.Image.Image = page.render(scale=scale).to_pil()
            return image
        finally:
            page.close()
    finally:
        doc.close()

"""Open a PDF and read each page's text layer as positioned words (pypdfium2)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetx.errors import EncryptedPdf, NotAPdf
from budgetx.model import Word


@dataclass
class Page:
    """One page: its size and words, in top-down coordinates (y grows downwards)."""

    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    chars: int = 0
    garbage: int = 0
    paths: int = 0
    images: int = 0

    @property
    def has_text(self) -> bool:
        # A page whose glyphs map to no Unicode (garbage) is as good as a scan.
        return self.chars >= 10 and self.garbage <= self.chars * 0.3


@dataclass
class PdfFile:
    path: Path
    sha256: str
    pages: list[Page]


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in "\u3000\xa0"


def read_words(page: pdfium.PdfPage, height: float) -> tuple[list[Word], int, int]:
    """Group the page's characters into words: runs of glyphs on one baseline with no
    space and no gap wider than about half a glyph between them."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        words: list[Word] = []
        garbage = 0
        cur: list[tuple[str, float, float, float, float]] = []
        prev_right = 0.0

        def flush() -> None:
            if cur:
                text = "".join(c[0] for c in cur)
                words.append(Word(text, min(c[1] for c in cur), min(c[2] for c in cur),
                                  max(c[3] for c in cur), max(c[4] for c in cur)))
                cur.clear()

        for i in range(count):
            code = pdfium_c.FPDFText_GetUnicode(textpage, i)
            ch = chr(code) if code else ""
            if not ch or ch in "\r\n" or _is_space(ch):
                flush()
                continue
            if ch == "\ufffd" or (0xE000 <= code <= 0xF8FF):
                garbage += 1
            # Tight boxes for x (gaps between cells), loose ones for y: a comma's tight
            # box hangs below the line and would split "1,388.82" into two words.
            # Full-width brackets carry wide side bearings: the gap between glyphs is
            # measured on loose (advance) boxes, so "因公出国（境）费" stays one word.
            left, _, right, _ = textpage.get_charbox(i, loose=False)
            loose_left, bottom, loose_right, top = textpage.get_charbox(i, loose=True)
            box = (ch, left, height - top, right, height - bottom)
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
        return words, count, garbage
    finally:
        textpage.close()


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
            width, height = page.get_size()
            words, chars, garbage = read_words(page, height)
            paths, images = _count_objects(page)
            pages.append(Page(index + 1, width, height, words, chars, garbage, paths, images))
            page.close()
    finally:
        doc.close()
    if not pages:
        raise NotAPdf(path, "the PDF has no pages")
    return PdfFile(path, hashlib.sha256(data).hexdigest(), pages)

"""Pages without a usable text layer: read by OCR (the optional extra), cleaned of specks
and ruled-line glyphs, their rules turned into the grid the aligner reads them with."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from budgetx.errors import ScannedPdf
from budgetx.model import Page, PdfFile, RuledGrid, Word
from budgetx.reader.grid import PageGrid, page_grids
from budgetx.reader.ocr import is_cjk
from budgetx.values.numbers import is_amount

Progress = Callable[[str], None]


_OCR_NOISE = re.compile(r"^[.,'`|:;_~^]+$")
# The narrowest a Chinese character read by OCR is, to its height (一 is wide; 卜 and
# 川 are at least half as wide as tall).
NARROWEST_GLYPH = 0.35


def _clean_ocr_word(word: Word) -> Word | None:
    """Specks read as punctuation, or as a letter the recogniser is unsure of, are no
    cell; a ruled line next to a word is read as a bracket or bar at its end."""
    text = word.text
    if _OCR_NOISE.match(text):
        return None
    if len(text) <= 2 and text.isascii() and text.isalpha() and word.reading is not None and word.reading.unsure:
        # A rule's remnant in a letter-spaced header's gap (项 T N 目): no disclosure
        # prints a lone letter as a cell.
        return None
    if len(text) == 1 and is_cjk(text) and word.x1 - word.x0 < NARROWEST_GLYPH * (word.bottom - word.top):
        # A Chinese character is about as wide as it is tall: a sliver read as one
        # (關 at a rule's end, 1 pt wide) is a speck.
        return None
    stripped = text.replace("|", "")
    if stripped.count("[") != stripped.count("]"):
        stripped = stripped.replace("[", "").replace("]", "")
    if not stripped:
        return None
    return replace(word, text=stripped) if stripped != text else word


# A figure with two decimals run into the subject code printed right after it: OCR
# finds no ink gap between `1,388.82` and `201` at scan resolution.
_FIGURE_THEN_CODE = re.compile(r"^(-?[\d,]*\d\.\d{2})(\d{3}(?:\d{2}){0,2})$")


_FIGURE_CHARS = re.compile(r"^-?[\d,.]+$")


def _glued_figures(text: str) -> int | None:
    """Where two figures of neighbouring cells read as one word (`0.000.00`: the rule
    between them lost on a poor scan) part: the one cut that leaves two amounts with as
    many decimals each. None for anything else."""
    if text.count(".") != 2 or not _FIGURE_CHARS.match(text):
        return None
    cuts = [i for i in range(1, len(text)) if text[i - 1].isdigit() and text[i].isdigit()
            and "." in text[:i] and "." in text[i:]
            and is_amount(text[:i]) and is_amount(text[i:])
            and len(text[:i].split(".")[1]) == len(text[i:].split(".")[1])]
    return cuts[0] if len(cuts) == 1 else None


def _cut(text: str) -> int | None:
    """Where an OCR word holds two cells' texts run together: a figure and the code
    after it, or two figures. None for one cell."""
    match = _FIGURE_THEN_CODE.match(text)
    return match.end(1) if match else _glued_figures(text)


def _split_ocr_word(word: Word | None) -> list[Word]:
    if word is None:
        return []
    at = _cut(word.text)
    if at is None:
        return [word]
    left, right = word.text[:at], word.text[at:]
    readings = [word.reading, word.reading]
    if word.reading is not None:
        # The recogniser's other readings are of the whole word: one that parts the same
        # way is a reading of each piece (`0.080.00` of `0.000.00`: `0.08` of the left).
        pieces: list[dict[str, float]] = [{}, {}]
        for text, score in word.reading.alternatives:
            parted = _cut(text)
            if parted is None:
                continue
            for found, piece, own in zip(pieces, (text[:parted], text[parted:]), (left, right)):
                if piece != own:
                    found[piece] = max(found.get(piece, 0.0), score)
        readings = [replace(word.reading, alternatives=tuple(sorted(found.items(), key=lambda kv: -kv[1])))
                    for found in pieces]
    cut = word.x0 + (word.x1 - word.x0) * at / len(word.text)
    return [replace(word, text=left, x1=cut - 0.5, reading=readings[0]),
            replace(word, text=right, x0=cut + 0.5, reading=readings[1])]


# A page whose largest picture covers this share of it, and whose text layer is no more
# than this many characters without a figure among them, shows its table as a picture
# (a spreadsheet pasted into the document) under a title or caption that is text.
PICTURE_COVER = 0.3
CAPTION_CHARS = 120


def needs_ocr(page: Page) -> bool:
    """A page without a usable text layer, or whose table is a picture: read by OCR."""
    if not page.has_text:
        return True
    return (page.image_cover >= PICTURE_COVER and page.chars <= CAPTION_CHARS
            and not any(is_amount(w.text) and ("." in w.text or "," in w.text) for w in page.words))


def _with_text(text: list[Word], read: list[Word]) -> list[Word]:
    """The text layer's words, and the words OCR read where the text layer has none."""
    def covered(w: Word) -> bool:
        return any(t.x0 <= w.xc <= t.x1 and t.top <= w.yc <= t.bottom for t in text)

    return [*text, *(w for w in read if not covered(w))]


def read_scanned_pages(pdf: PdfFile, progress: Progress) -> dict[int, list[PageGrid]]:
    """Give pages without a usable text layer, or whose table is a picture, the words
    OCR reads on them. Only the cover (department, year) and pages that draw tables are
    read: OCR costs seconds a page. Without the OCR extra a fully scanned file is an
    error saying how to get it."""
    scanned = [p for p in pdf.pages if needs_ocr(p)]
    if not scanned:
        return {}
    from budgetx.reader import ocr

    if not ocr.ocr_available():
        if not any(p.has_text for p in pdf.pages):
            raise ScannedPdf(pdf.path, ocr.INSTALL_HINT)
        return {}
    done: dict[int, list[PageGrid]] = {}
    tabular: set[int] = set()
    for page in scanned:
        # (Tables follow one another: a page after one is looked at more readily.)
        if ocr.looks_tabular(pdf.path, page.number, after_table=page.number - 1 in tabular):
            tabular.add(page.number)
        if (page.number == 1 and not page.has_text) or page.number in tabular:
            read = ocr.ocr_page(pdf.path, page.number, page.width, page.height)
            words = [piece for w in read.words for piece in _split_ocr_word(_clean_ocr_word(w))]
            if page.has_text and not read.turns:
                # (The caption's own words, as the text layer has them: no OCR's guess.)
                words = _with_text(page.words, words)
            # A page read a quarter turned is, from here on, the turned page.
            page.width, page.height = read.width, read.height
            page.turned += read.turns
            page.words = words
            # The rules found on the page image, in the words' (deskewed) frame: each
            # table they draw has its own grid, as on a text page.
            page.h_rules, page.v_rules = read.h_rules, read.v_rules
            done[page.number] = page_grids(page, drawn=False)
            if not done[page.number] and len(read.col_rules) >= 3 and len(read.row_rules) >= 2:
                # Rules too broken to cross (a faded scan): one grid of all of them.
                grid = RuledGrid(read.col_rules, read.row_rules)
                done[page.number] = [PageGrid(page.number, read.row_rules[0], read.row_rules[-1],
                                              read.col_rules[0], read.col_rules[-1], grid)]
            progress(f"page {page.number} read by OCR")
    return done

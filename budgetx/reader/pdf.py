"""Open a PDF and read each page's text layer as positioned words (pypdfium2)."""
from __future__ import annotations

import ctypes
import functools
import hashlib
import math
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetx.errors import EncryptedPdf, NotAPdf, TooComplex
from budgetx.model import Page, PdfFile, Segment, Word
from budgetx.reader.shares import read_in_shares
from budgetx.values.ideographs import unified_ideographs
from budgetx.values.text import clean_pdf_text

if TYPE_CHECKING:
    import numpy.typing as npt

if TYPE_CHECKING:
    import PIL.Image


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


def _direct(func: Any, restype: Any) -> Any:
    """`func`, a pdfium function of pypdfium2's bindings, as a function pointer without
    argument types: ctypes then converts no argument (pointers must be passed as
    ctypes pointer objects, indices as int), which makes a call about three times
    cheaper. For the calls made once per glyph or per path segment."""
    address = ctypes.cast(func, ctypes.c_void_p).value
    if address is None:
        raise ImportError(f"pypdfium2 binds no {func.__name__}")
    direct = ctypes.CFUNCTYPE(restype)(address)
    direct.argtypes = None  # type: ignore[assignment]  # (ctypes' own way to say: any arguments)
    return direct


_GET_BOX = _direct(pdfium_c.FPDFText_GetCharBox, ctypes.c_int)
_GET_LOOSE = _direct(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int)
_GET_ANGLE = _direct(pdfium_c.FPDFText_GetCharAngle, ctypes.c_float)
_GET_UNICODE = _direct(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint)

# What pdfium writes for a glyph, in one buffer: its tight box (FPDFText_GetCharBox:
# left, right, bottom, top as doubles) and its loose box (FS_RECTF: left, top, right,
# bottom as floats). The bytes of each glyph are kept and unpacked all at once.
_BOXES = struct.Struct("4d4f")
_NO_BOX = bytes(_BOXES.size)


def _box_space(page: pdfium.PdfPage) -> tuple[float, float]:
    """The width and height of the space pdfium gives glyph boxes and path points in:
    the page unrotated by its /Rotate."""
    width, height = page.get_size()
    return (height, width) if page.get_rotation() in (90, 270) else (width, height)


def _origin(page: pdfium.PdfPage) -> tuple[float, float]:
    """Where the page's visible box starts in the space pdfium gives glyph boxes and
    path points in: a MediaBox or CropBox need not start at 0,0 (a page cropped, or
    made with its box elsewhere), and what the page shows is measured from its corner."""
    try:
        left, bottom, _, _ = page.get_bbox()
    except pdfium.PdfiumError:  # no box pdfium can give: the space's own origin
        return 0.0, 0.0
    return float(left), float(bottom)


def read_words(page: pdfium.PdfPage) -> TextLayer:
    """Group the page's characters into words: runs of glyphs on one baseline with no
    space and no gap wider than about half a glyph between them. Pages whose text runs
    vertically (landscape tables on a rotated page) are turned so that it reads across."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        width, height = _box_space(page)
        # Per glyph: its text (a space where words break), quarter turn and box bytes.
        glyphs: list[str] = []
        turns: list[int] = []
        boxes: list[bytes] = []
        quarters = [0, 0, 0, 0]
        garbage = 0
        # Reading the glyphs is most of the time budgetx spends in a text PDF (a page
        # holds thousands): the pdfium calls take untyped pointers into one buffer
        # reused for every glyph, and the loop body is kept to the calls and plain
        # comparisons.
        raw = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
        get_box, get_loose, get_angle = _GET_BOX, _GET_LOOSE, _GET_ANGLE
        printed = printed_characters()  # (built on the first page read)
        unified = unified_ideographs()
        buffer = ctypes.create_string_buffer(_BOXES.size)
        at = ctypes.addressof(buffer)
        t_left, t_right, t_bottom, t_top, loose = (ctypes.c_void_p(at + offset) for offset in (0, 8, 16, 24, 32))
        text = _page_text(textpage.raw, count)
        quarter_turn = math.pi / 2
        for i, ch in enumerate(text if text is not None else "\ufffe" * count):
            if ch == "\ufffe":  # the text call's mark for a character it rewrote (a soft hyphen)
                code = _GET_UNICODE(raw, i)
                ch = (chr(code) if code <= 0x10FFFF else "\ufffd") if code else ""
            else:
                code = ord(ch)
            if not ch or ch.isspace() or not get_box(raw, i, t_left, t_right, t_bottom, t_top) \
                    or not get_loose(raw, i, loose):
                # (\r, \n, U+3000 and U+00A0 are spaces too; a glyph without a box
                # cannot be placed.)
                glyphs.append(" ")
                turns.append(0)
                boxes.append(_NO_BOX)
                continue
            if not ch.isprintable():  # every character clean_pdf_text replaces is unprintable
                ch = clean_pdf_text(ch)  # no control character or lone surrogate leaves here
            elif code >= 0x2E80 and ch in unified:  # a radical a font maps a hanzi to (⼀, ⻔)
                ch = unified[ch]
            # Glyphs without a Unicode mapping come out as U+FFFD, private-use or control
            # characters, or (a font without its ToUnicode map, read by its glyph
            # numbers) as characters no disclosure prints: a page made of them has no
            # usable text layer.
            if code < 0x20 or (code >= 0x80 and ch not in printed):
                garbage += 1
            angle = get_angle(raw, i)
            quarter = 0 if angle == 0.0 else round(angle / quarter_turn) % 4 if angle > 0 else 0
            quarters[quarter] += 1
            glyphs.append(ch)
            turns.append(quarter)
            boxes.append(buffer.raw)
        turn = max(range(4), key=lambda q: quarters[q])
        frame_w, frame_h = (height, width) if turn in (1, 3) else (width, height)
        words = _group_chars(glyphs, turns, b"".join(boxes), turn, width, height, frame_h, _origin(page))
        # Text set wholly off the page is never seen (a Word export can carry the next
        # pages' text below the sheet's foot): only what the page shows is read.
        words = [w for w in words if w.x1 > 0 and w.x0 < frame_w and w.bottom > 0 and w.top < frame_h]
        return TextLayer(words, count, garbage, frame_w, frame_h, turn)
    finally:
        textpage.close()


@functools.cache
def printed_characters() -> frozenset[str]:
    """The characters a Chinese disclosure prints beyond ASCII: GB2312's (the common
    hanzi, full-width forms, pinyin letters, Greek, ①, Ⅰ), and the blocks of punctuation,
    symbols, CJK radicals and full-width forms its producers map glyphs to."""
    chars = {chr(c) for block in ((0xA0, 0xC0), (0x2000, 0x3040), (0x3200, 0x3400), (0xFE30, 0xFE50),
                                  (0xFF00, 0xFFF0)) for c in range(*block)}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


# ASCII punctuation a disclosure hardly prints, where a font read by its glyph numbers
# gives it freely (`9:;0<=()`, `&'456)*`).
_ODD_ASCII = re.compile(r"[!\"#$&'*+;<=>?@\[\\\]^_`{|}~]")
# A document whose pages are, at the median, this share garbage (of the glyphs they
# print) has a text layer read through fonts without their ToUnicode maps (copied, it
# pastes as gibberish: random hanzi, control characters, Latin letters and
# punctuation), where a real one has a few per cent at most on any page. Its pages are
# read as scans.
GARBLED_LAYER = 0.12


def garbled_layer(pages: list[Page]) -> bool:
    """Whether a document's text layer as a whole is gibberish."""
    shares = []
    for page in pages:
        text = "".join(w.text for w in page.words)
        if len(text) >= 30:
            shares.append((page.garbage + len(_ODD_ASCII.findall(text))) / len(text))
    shares.sort()
    return bool(shares) and shares[len(shares) // 2] >= GARBLED_LAYER


def _page_text(raw: ctypes.c_void_p, count: int) -> str | None:
    """The page's characters in one call, when they map one to one onto its character
    indices (no character outside the Basic Multilingual Plane, which UTF-16 splits)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(raw, 0, count, buffer)
    if written != count + 1:
        return None
    text = bytes(buffer)[:2 * count].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


# A loose (advance) box this many times the glyph's ink both ways is no glyph's box.
_BOGUS_LOOSE = 8.0
# A right-aligned figure and the text of the next cell, set closer than a space but not
# touching (48,362.82本年支出合计: a tenth of a glyph or more apart; 重庆's 37,891.58一、
# 一般公共服务支出 a sixteenth of its digits' advance height, where a word's own glyphs
# are 0.03 apart), are two words, unless the text is the figure's unit.
_GLUED_GAP = 0.06
_FIGURE = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)")
_UNIT_GLYPHS = frozenset("万亿千百元个人次年月日辆台套项间平米")


def _group_chars(glyphs: list[str], turns: list[int], boxes: bytes, turn: int,
                 width: float, height: float, frame_h: float,
                 origin: tuple[float, float] = (0.0, 0.0)) -> list[Word]:
    words: list[Word] = []
    ox, oy = origin
    shifted = ox != 0.0 or oy != 0.0
    # The word being built: its glyphs and box (the running extremes of theirs), and
    # the last glyph's vertical extent. (Conditional expressions rather than min and
    # max, which cost a call each for every glyph: `a if a < b else b` is min(b, a).)
    text: list[str] = []
    x0 = top0 = x1 = bottom1 = 0.0
    prev_top = prev_bottom = prev_right = 0.0
    for ch, quarter, (t_left, t_right, t_bottom, t_top, l_left, l_top, l_right, l_bottom) in zip(
            glyphs, turns, _BOXES.iter_unpack(boxes)):
        if ch == " " or quarter != turn:
            if text:
                words.append(Word("".join(text), x0, top0, x1, bottom1))
                text = []
            continue
        if shifted:  # measured from the page's corner
            t_left, t_right, l_left, l_right = t_left - ox, t_right - ox, l_left - ox, l_right - ox
            t_bottom, t_top, l_bottom, l_top = t_bottom - oy, t_top - oy, l_bottom - oy, l_top - oy
        # Tight boxes for x (gaps between cells), loose ones for y: a comma's tight box
        # hangs below the line and would split "1,388.82" into two words. Full-width
        # brackets carry wide side bearings: the gap between glyphs is measured on
        # loose (advance) boxes, so "因公出国（境）费" stays one word.
        if turn:
            left, t_bottom, right, t_top = _turn((t_left, t_bottom, t_right, t_top), turn, width, height)
            loose_left, bottom, loose_right, top = _turn((l_left, l_bottom, l_right, l_top), turn, width, height)
        else:  # pdfium's boxes are ordered already
            left, right = t_left, t_right
            loose_left, bottom, loose_right, top = l_left, l_bottom, l_right, l_top
        ink_h, ink_w = t_top - t_bottom, right - left
        if (top - bottom > _BOGUS_LOOSE * (ink_h if ink_h > 0.1 else 0.1)
                and loose_right - loose_left > _BOGUS_LOOSE * (ink_w if ink_w > 0.1 else 0.1)):
            # A tiny glyph under a huge font size and a shrinking matrix (2 pt of ink in
            # a 98 pt advance box, squeezed into a narrow cell): its ink is its box.
            loose_left, bottom, loose_right, top = left, t_bottom, right, t_top
        b_top, b_bottom = frame_h - top, frame_h - bottom
        if text:
            size = prev_bottom - prev_top  # max(prev_bottom - prev_top, b_bottom - b_top, 1.0)
            if b_bottom - b_top > size:
                size = b_bottom - b_top
            if 1.0 > size:
                size = 1.0
            same_line = abs((prev_top + prev_bottom) / 2 - (b_top + b_bottom) / 2) < size * 0.5
            gap = loose_left - prev_right
            if (not same_line or gap > size * 0.5 or gap < -size
                    or (gap > size * _GLUED_GAP and ch >= "\u3400" and text[-1].isdigit()
                        and ch not in _UNIT_GLYPHS and _FIGURE.fullmatch("".join(text)))):
                words.append(Word("".join(text), x0, top0, x1, bottom1))
                text = []
        if text:
            text.append(ch)
            x0 = left if left < x0 else x0
            top0 = b_top if b_top < top0 else top0
            x1 = right if right > x1 else x1
            bottom1 = b_bottom if b_bottom > bottom1 else bottom1
        else:
            text = [ch]
            x0, top0, x1, bottom1 = left, b_top, right, b_bottom
        prev_top, prev_bottom, prev_right = b_top, b_bottom, loose_right
    if text:
        words.append(Word("".join(text), x0, top0, x1, bottom1))
    return drop_overprints(words)


def drop_overprints(words: list[Word]) -> list[Word]:
    """Text drawn twice or more on the same spot (a fake bold: the word printed again
    over itself) is one word: a copy would read as a cell of its own and as a title
    run on (收支总表收支总表收支总表)."""
    kept: list[Word] = []
    seen: dict[str, list[Word]] = {}
    for w in words:
        same = seen.get(w.text)
        if same is None:  # most words: no earlier word of the same text to be a copy of
            seen[w.text] = [w]
            kept.append(w)
            continue
        # Within a quarter of the word's extent: a run of one digit printed in words
        # of a glyph each (3 | 3 | .14) is not a copy of itself.
        tol = max(w.bottom - w.top, 1.0) * 0.25
        tol_x = min(tol, max(w.x1 - w.x0, 0.1) * 0.25)
        if any(abs(o.x0 - w.x0) <= tol_x and abs(o.top - w.top) <= tol and abs(o.x1 - w.x1) <= tol_x
               for o in same):
            continue
        same.append(w)
        kept.append(w)
    return kept


# A segment within this much of level (or plumb) is a rule; a filled shape no thicker
# than RULE_THICKNESS is one rule along its long side (producers draw rules as 0.5–1 pt
# filled rectangles, or as thin quadrilaterals with bevelled ends).
LEVEL_TOLERANCE = 0.5
RULE_THICKNESS = 2.0
# A path with curves no larger than this either way is a glyph's outline or a mark, not
# a rule: bold text some producers stroke as outlines (fill+stroke text re-printed
# through cairo or Skia) puts the straight edges of every stem inside the header.
GLYPH_SIZE = 30.0
# ... and a line of text stroked as one path is at least this many closed shapes.
GLYPH_SHAPES = 4

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """inner then outer (PDF row-vector convention: p' = p · inner · outer)."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


class _Handle(ctypes.c_void_p):
    """A pdfium object handle returned by a _direct function: kept as a ctypes object
    (a plain int would be passed back as a 32-bit int)."""


_COUNT_OBJECTS = _direct(pdfium_c.FPDFPage_CountObjects, ctypes.c_int)
_GET_OBJECT = _direct(pdfium_c.FPDFPage_GetObject, _Handle)
_OBJECT_TYPE = _direct(pdfium_c.FPDFPageObj_GetType, ctypes.c_int)
_OBJECT_MATRIX = _direct(pdfium_c.FPDFPageObj_GetMatrix, ctypes.c_int)
_OBJECT_BOUNDS = _direct(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int)
_DRAW_MODE = _direct(pdfium_c.FPDFPath_GetDrawMode, ctypes.c_int)
_COUNT_SEGMENTS = _direct(pdfium_c.FPDFPath_CountSegments, ctypes.c_int)
_GET_SEGMENT = _direct(pdfium_c.FPDFPath_GetPathSegment, _Handle)
_SEGMENT_POINT = _direct(pdfium_c.FPDFPathSegment_GetPoint, ctypes.c_int)
_SEGMENT_TYPE = _direct(pdfium_c.FPDFPathSegment_GetType, ctypes.c_int)
_SEGMENT_CLOSE = _direct(pdfium_c.FPDFPathSegment_GetClose, ctypes.c_int)
_FORM_COUNT = _direct(pdfium_c.FPDFFormObj_CountObjects, ctypes.c_int)
_FORM_OBJECT = _direct(pdfium_c.FPDFFormObj_GetObject, _Handle)


class _Scratch:
    """The out-parameters of one page's drawing calls, and pointers to them."""

    def __init__(self) -> None:
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ptr = ctypes.c_void_p(ctypes.addressof(self.matrix))
        self.floats = (ctypes.c_float * 4)()
        self.float_ptrs = [ctypes.c_void_p(ctypes.addressof(self.floats) + 4 * k) for k in range(4)]
        self.ints = (ctypes.c_int * 2)()
        self.int_ptrs = [ctypes.c_void_p(ctypes.addressof(self.ints) + 4 * k) for k in range(2)]


def _matrix(obj: _Handle, scratch: _Scratch) -> Matrix:
    if not _OBJECT_MATRIX(obj, scratch.matrix_ptr):
        return _IDENTITY
    m = scratch.matrix
    return (m.a, m.b, m.c, m.d, m.e, m.f)


@dataclass
class Drawing:
    """What a page draws besides text: object counts and its rules."""

    paths: int = 0
    images: int = 0
    image_area: float = 0.0
    h_rules: list[Segment] = field(default_factory=list)
    v_rules: list[Segment] = field(default_factory=list)

    def add(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(y1 - y0) <= LEVEL_TOLERANCE and x0 != x1:
            y = (y0 + y1) / 2
            self.h_rules.append((min(x0, x1), y, max(x0, x1), y))
        elif abs(x1 - x0) <= LEVEL_TOLERANCE and y0 != y1:
            x = (x0 + x1) / 2
            self.v_rules.append((x, min(y0, y1), x, max(y0, y1)))


def _subpaths(path: _Handle, m: Matrix, scratch: _Scratch) -> list[tuple[list[tuple[float, float, bool]], bool]]:
    """The path's subpaths as (points, closed); each point carries whether the segment
    reaching it is straight. Points are mapped to the page by m."""
    a, b, c, d, e, f = m
    out: list[tuple[list[tuple[float, float, bool]], bool]] = []
    xy = scratch.floats
    x_ptr, y_ptr = scratch.float_ptrs[:2]
    moveto, lineto = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO
    for i in range(_COUNT_SEGMENTS(path)):
        seg = _GET_SEGMENT(path, i)
        if not seg or not _SEGMENT_POINT(seg, x_ptr, y_ptr):
            continue
        kind = _SEGMENT_TYPE(seg)
        x, y = xy[0], xy[1]
        point = (x * a + y * c + e, x * b + y * d + f, kind == lineto)
        if kind == moveto or not out:
            out.append(([point], False))
        else:
            out[-1][0].append(point)
        if _SEGMENT_CLOSE(seg):
            out[-1] = (out[-1][0], True)
    return out


def _bounds(obj: _Handle, m: Matrix, scratch: _Scratch) -> Box | None:
    """The object's bounds mapped by m (the space it sits in), if m keeps boxes
    upright."""
    a, b, c, d, e, f = m
    if b or c:
        return None
    if not _OBJECT_BOUNDS(obj, *scratch.float_ptrs):
        return None
    left, bottom, right, top = scratch.floats
    xs = (left * a + e, right * a + e)
    ys = (bottom * d + f, top * d + f)
    return min(xs), min(ys), max(xs), max(ys)


def _add_filled(drawing: Drawing, left: float, bottom: float, right: float, top: float) -> bool:
    """A filled shape no thicker than a rule is the rule along its long side."""
    if right - left >= top - bottom:
        if top - bottom <= RULE_THICKNESS < right - left:
            drawing.add(left, (bottom + top) / 2, right, (bottom + top) / 2)
            return True
    elif right - left <= RULE_THICKNESS < top - bottom:
        drawing.add((left + right) / 2, bottom, (left + right) / 2, top)
        return True
    return False


def _read_path(path: _Handle, outer: Matrix, drawing: Drawing, scratch: _Scratch) -> None:
    """The rules of a path object placed in a space that `outer` maps to the page."""
    if not _DRAW_MODE(path, *scratch.int_ptrs):
        return
    fill, stroke = scratch.ints
    if fill and not stroke:
        # Most rule-drawing paths are one thin filled shape: its bounds say so
        # without reading its points.
        box = _bounds(path, outer, scratch)
        if box is not None and min(box[2] - box[0], box[3] - box[1]) <= RULE_THICKNESS:
            _add_filled(drawing, *box)
            return
    subpaths = _subpaths(path, _compose(_matrix(path, scratch), outer), scratch)
    if _outline(subpaths):
        return
    for points, closed in subpaths:
        if stroke:
            # Every straight level or plumb edge of a stroked path is a rule (lines,
            # rectangles' four sides, polylines).
            ring = points + [(points[0][0], points[0][1], True)] if closed else points
            for (x0, y0, _), (x1, y1, straight) in zip(ring, ring[1:]):
                if straight:
                    drawing.add(x0, y0, x1, y1)
        elif fill and len(points) >= 3:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            _add_filled(drawing, min(xs), min(ys), max(xs), max(ys))


def _outline(subpaths: list[tuple[list[tuple[float, float, bool]], bool]]) -> bool:
    """A curved path that is a glyph or a mark: small (one glyph drawn as its outline, a
    tick, a bullet), or a line of text high and made of many closed shapes (cairo strokes a
    whole bold run, 合计 or a title, as one path). A rounded box is one shape."""
    points = [p for sub, _ in subpaths for p in sub]
    if all(straight for _, _, straight in points[1:]):
        return False
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if width <= GLYPH_SIZE and height <= GLYPH_SIZE:
        return True
    return min(width, height) <= GLYPH_SIZE and len(subpaths) >= GLYPH_SHAPES


def _walk(objects: list[_Handle], m: Matrix, drawing: Drawing, depth: int, scratch: _Scratch) -> None:
    path_kind, image_kind, form_kind = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
    for obj in objects:
        kind = _OBJECT_TYPE(obj)
        if kind == path_kind:
            drawing.paths += 1
            _read_path(obj, m, drawing, scratch)
        elif kind == image_kind:
            drawing.images += 1
            box = _bounds(obj, m, scratch)
            area = (box[2] - box[0]) * (box[3] - box[1]) if box else float("inf")
            drawing.image_area = max(drawing.image_area, area)
        elif kind == form_kind and depth < 8:
            # A form XObject's objects are in its own space, placed by its matrix.
            inner = [_FORM_OBJECT(obj, ctypes.c_ulong(i)) for i in range(_FORM_COUNT(obj))]
            _walk(inner, _compose(_matrix(obj, scratch), m), drawing, depth + 1, scratch)


def read_drawing(page: pdfium.PdfPage) -> Drawing:
    """Count the page's path and image objects and read its rules: level and plumb
    edges of stroked paths, thin filled shapes as the rule they draw, inside form
    XObjects too. Reading them costs milliseconds; rendering the page would cost
    a second. (The calls are _direct ones: a page of a long table draws thousands of
    path segments.)"""
    drawing = Drawing()
    raw = _Handle(ctypes.cast(page.raw, ctypes.c_void_p).value)
    objects = [_GET_OBJECT(raw, i) for i in range(_COUNT_OBJECTS(raw))]
    ox, oy = _origin(page)
    _walk(objects, (1.0, 0.0, 0.0, 1.0, -ox, -oy), drawing, 0, _Scratch())
    return drawing


def _read_page(doc: pdfium.PdfDocument, index: int) -> Page:
    page = doc[index]
    try:
        layer = read_words(page)
        drawing = read_drawing(page)
        cover = min(drawing.image_area / max(layer.width * layer.height, 1.0), 1.0)
        h_rules, v_rules = drawing.h_rules, drawing.v_rules
        if layer.quarter:
            # A table set sideways: its rules turn with its words, across becoming down.
            turned, space = Drawing(), _box_space(page)
            for rule in (*h_rules, *v_rules):
                turned.add(*_turn(rule, layer.quarter, *space))  # a rule's box is the rule
            h_rules, v_rules = turned.h_rules, turned.v_rules
        return Page(index + 1, layer.width, layer.height, layer.words, layer.chars,
                    layer.garbage, drawing.paths, drawing.images, cover,
                    layer.quarter + page.get_rotation() // 90, h_rules, v_rules)
    finally:
        page.close()


def open_pdf(path: Path, max_pages: int | None = None, workers: int = 1) -> PdfFile:
    """Read every page's words; raise a BudgetxError for files that are not usable PDFs.
    `workers` > 1: a long document's pages are read by that many processes (shares.py)."""
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
        if max_pages is not None and len(doc) > max_pages:
            raise TooComplex(path, f"{len(doc)} pages (the limit is {max_pages}: raise it with --max-pages)")
        pages = read_in_shares(lambda index: _read_page(doc, index), len(doc), workers)
    finally:
        doc.close()
    if not pages:
        raise NotAPdf(path, "the PDF has no pages")
    if garbled_layer(pages):
        for page in pages:
            page.readable = False
    return PdfFile(path, hashlib.sha256(data).hexdigest(), pages)


def render_gray(path: Path, number: int, dpi: int) -> npt.NDArray[Any]:
    """Page `number` (1-based) as a grey image at `dpi` (rows top to bottom)."""
    import numpy

    doc = pdfium.PdfDocument(path)
    try:
        bitmap = doc[number - 1].render(scale=dpi / 72, grayscale=True)
        image = numpy.array(bitmap.to_numpy(), dtype=numpy.uint8)
    finally:
        doc.close()
    return image.reshape(image.shape[0], image.shape[1])
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

"""Words → text lines: the shared geometry helpers of locate.py, region_text.py and align.py."""
from __future__ import annotations

from bisect import insort
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Generic, TypeVar, overload

from budgetx.model import Word

# Half a glyph, as a share of its height: words whose centres are closer than this are
# on one line (sub- and superscripts, a figure set a little lower, stay on it), lines
# closer than this are one cell's text wrapped (align.py).
HALF_GLYPH_HEIGHT = 0.45
# The sort key of words in reading order (a C getter: lines are sorted by the hundred thousand).
_X0 = attrgetter("x0")

T = TypeVar("T")


class _Once(Generic[T]):
    """A property computed on first use and then kept in the instance, where later
    reads find it directly (functools.cached_property without its lock, which costs
    more than the figure: a document's lines are built by the hundred thousand)."""

    def __init__(self, compute: Callable[[Line], T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    @overload
    def __get__(self, line: None, owner: type[Line]) -> _Once[T]: ...

    @overload
    def __get__(self, line: Line, owner: type[Line]) -> T: ...

    def __get__(self, line: Line | None, owner: type[Line]) -> T | _Once[T]:
        if line is None:
            return self
        value = line.__dict__[self.name] = self.compute(line)
        return value


@dataclass
class Line:
    """A line's words, left to right. Only this module builds lines, and a line's words
    are not changed once it is returned: its figures are computed once (a document's
    lines are read by the hundred thousand)."""

    words: list[Word]

    @_Once
    def top(self) -> float:
        return min(w.top for w in self.words)

    @_Once
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @_Once
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @_Once
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @_Once
    def height(self) -> float:
        return sorted(w.height for w in self.words)[len(self.words) // 2]

    @_Once
    def text(self) -> str:
        return join_words(self.words)


def join_words(words: list[Word]) -> str:
    """Words of one line in reading order; a space only between two Latin/digit runs
    that a visible gap separates (OCR splits `40.10` at a rule into `40.1` `0`)."""
    if len(words) == 1:  # most cells and many lines: nothing to order or space
        return words[0].text
    out = ""
    prev: Word | None = None
    for word in sorted(words, key=_X0):
        if (prev is not None and out and out[-1].isascii() and out[-1].isalnum() and word.text[:1].isascii()
                and word.text[:1].isalnum() and word.x0 - prev.x1 > 0.25 * max(word.height, 1.0)):
            out += " "
        out += word.text
        prev = word
    return out


def group_lines(words: list[Word]) -> list[Line]:
    """Words whose vertical centres lie within half a glyph of each other share a line;
    so do words that overlap the line by most of their height (OCR boxes hug the ink,
    so `※` and `1` of one line have different centres). A word boxed far taller than
    the line's other words (普陀's serial numbers, boxed twice a glyph's height) does
    not stretch the line into the next row."""
    if len(words) <= 1:  # a cell of one word (most of them): one line or none
        return [Line(list(words))] if words else []
    lines: list[Line] = []
    # The last line's running figures (what Line's properties compute from its words):
    # the sum of its words' centres, its top and bottom, its words' heights in order.
    centres = top = bottom = 0.0
    heights: list[float] = []
    # (The centre and height written out rather than read from Word's properties, and
    # min and max as conditional expressions, `b if b < a else a` for min(a, b): the
    # same figures without a call each, on every word of every page.)
    current: list[Word] = []  # the last line's words
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        w_top, w_bottom = word.top, word.bottom
        yc, height = (w_top + w_bottom) / 2, w_bottom - w_top
        if current:
            last_height = heights[len(heights) // 2]
            taller = last_height if last_height > height else height
            shorter = last_height if last_height < height else height
            if bottom - top > TALL_BOX * last_height:
                top, bottom = _usual_extent(current, last_height)
            if (abs(yc - centres / len(current)) < taller * HALF_GLYPH_HEIGHT
                    or (bottom if bottom < w_bottom else w_bottom) - (top if top > w_top else w_top)
                    > 0.6 * shorter):
                current.append(word)
                centres += yc
                top = w_top if w_top < top else top
                bottom = w_bottom if w_bottom > bottom else bottom
                insort(heights, height)
                continue
        current = [word]
        lines.append(Line(current))
        centres, top, bottom, heights = yc, w_top, w_bottom, [height]
    for line in lines:
        line.words.sort(key=_X0)
    return lines


# A word boxed this many times the line's usual height is boxed taller than its glyph.
TALL_BOX = 1.5


def _usual_extent(words: list[Word], usual: float) -> tuple[float, float]:
    """The extent of a line's words but those boxed far taller than `usual`."""
    normal = [w for w in words if w.bottom - w.top <= TALL_BOX * usual] or words
    return min(w.top for w in normal), max(w.bottom for w in normal)


def segments(line: Line, gap_factor: float = 2.5) -> list[Line]:
    """Split a line where the horizontal gap exceeds `gap_factor` glyph heights: the
    pieces of a line that lie in different cells or blocks (编制部门… | 单位：万元)."""
    parts: list[Line] = []
    if not line.words:
        return parts
    gap = gap_factor * max(line.height, 1.0)
    right = 0.0  # the last part's right edge
    for word in line.words:
        if parts and word.x0 - right <= gap:
            parts[-1].words.append(word)
            right = max(right, word.x1)
        else:
            parts.append(Line([word]))
            right = word.x1
    return parts

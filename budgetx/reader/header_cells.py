"""Header words → header cells: which columns each header word spans, and which of
its stacked lines are one cell's text (a wrapped header, a narrow column's header set a
glyph or two a line, a group header's last line) rather than cells of their own."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from budgetx.model import Word
from budgetx.reader.lines import group_lines
from budgetx.values.text import compact


# --- Tolerances (see align.py: lengths in PDF points, "× height" scales with the glyphs) --

# The smallest glyph box that counts (pt): a box of zero height or width (a dash drawn
# flat) would make every relative tolerance zero. Also the least gap that separates two
# words' x-bands, and one point of slack either side of a header leaf.
MIN_HEIGHT = 1.0
# A free gap narrower than this (pt) is the space inside a word, not between columns;
# half a point of overlap between header lines still reads as "below".
MIN_FREE_GAP = 0.5
# A header word overlapping a column by less than this (pt, or this share of its own
# width if narrower) only grazes it: centred text spills over rules by a sliver.
SLIVER = 2.0
SLIVER_SHARE = 0.2
# Header lines further apart than this (× height) are separate header cells stacked.
HEADER_LINE_GAP = 0.8
# Unless both are this short (glyphs) and no further apart than this (× height): a
# narrow cell's text set a glyph or three to the line, with wide leading.
NARROW_LINE = 3
NARROW_LINE_GAP = 2.2
# A word this many times taller than wide, of two glyphs or more, is set one glyph under
# another (OCR reads such a stack as one word: 国/有/资/本/经/营/预/算 in a narrow cell).
STACKED = 1.8


def _line_height(w: Word) -> float:
    """The height of a line of the word's text: a stacked word's lines are its glyphs,
    as tall as it is wide (the gap under a group to a stack below it is a line's gap,
    not a sliver of the stack's height)."""
    width = w.x1 - w.x0
    if len(compact(w.text)) >= 2 and w.height >= STACKED * width:
        return max(width, MIN_HEIGHT)
    return max(w.height, MIN_HEIGHT)


# Lines of one cell set justified with wide leading: a tail this short (glyphs) under a
# piece that is no header either; pieces that together spell a known header up to this
# far apart (× height).
TAIL_LINE = 4
SPELLED_LINE_GAP = 3.0


@dataclass
class Block:
    """Header text of one cell: its text and the columns it spans."""

    text: str
    first: int
    last: int
    top: float
    bottom: float
    # The printed extent of its text (0, 0: not known), to find the merged cell it is
    # centred in (spans.py).
    x0: float = 0.0
    x1: float = 0.0


def column_of(x: float, edges: list[float]) -> int:
    for c in range(len(edges) - 1):
        if edges[c] <= x < edges[c + 1]:
            return c
    return len(edges) - 2


def _spanned(word: Word, edges: list[float]) -> tuple[int, int]:
    """Columns a header word overlaps by more than a sliver."""
    cols = []
    width = max(word.x1 - word.x0, MIN_HEIGHT)
    for c in range(len(edges) - 1):
        overlap = min(word.x1, edges[c + 1]) - max(word.x0, edges[c])
        if overlap > min(SLIVER, width * SLIVER_SHARE):
            cols.append(c)
    if not cols:
        c = column_of(word.xc, edges)
        return c, c
    return cols[0], cols[-1]


def header_blocks(words: list[Word], edges: list[float], vocabulary: frozenset[str] = frozenset()) -> list[Block]:
    """Group header words by the columns they span, then stack words that are lines
    of one cell's text (tight vertical gap) into one block; two lines that are each a
    whole known header (科目编码 over 款) are two cells, however tight, unless together
    they are a known header too (政府性基金 over 预算)."""
    words = _join_spelled_wraps(_join_split_words(words, vocabulary), vocabulary)
    by_span: dict[tuple[int, int], list[Word]] = {}
    leaves = {id(w) for w in leaf_words(words)}
    for w in words:
        heads = _group_span(w, edges, words) if id(w) in leaves else None
        if id(w) in leaves and heads is None:
            # A leaf sits over its own column, centred; a wide leaf text may still
            # reach over the neighbours' right-aligned figures.
            c = column_of(w.xc, edges)
            span = (c, c)
        elif heads is not None:
            span = heads
        else:
            span = _spanned(w, edges)
        by_span.setdefault(span, []).append(w)
    blocks: list[Block] = []
    for (first, last), group in by_span.items():
        group.sort(key=lambda w: (w.top, w.x0))
        current: list[Word] = []
        for w in group:
            if current:
                bottom = max(x.bottom for x in current)
                above = compact(_block(current, first, last).text)
                # Unless together they are one known header (政府性基金 over 预算).
                whole = (above in vocabulary and compact(w.text) in vocabulary
                         and above + compact(w.text) not in vocabulary)
                gap = w.top - bottom
                # A narrow cell's text set a glyph or three a line, with wide leading
                # (西安: 序 / 号, 因 / 公 / 出 / 国, 公务接 / 待费): one cell's lines.
                prev = current[-1]
                # (Two known headers stacked are a group over its leaf: 支出 over 合计.)
                narrow = (len(compact(prev.text)) <= NARROW_LINE and len(compact(w.text)) <= NARROW_LINE
                          and not (above in vocabulary and compact(w.text) in vocabulary)
                          and gap <= NARROW_LINE_GAP * _line_height(w)
                          and min(w.x1, prev.x1) - max(w.x0, prev.x0) >= 0.5 * min(w.x1 - w.x0, prev.x1 - prev.x0))
                # A cell's text set justified with wide leading (江苏: 因公 / 出国 /
                # （境）费, 公务接待 / 费, 小 / 计): lines that are no header on their own,
                # the lower a short tail, are pieces of one (项目名 / 称 spell 项目名称).
                # Both lie inside the column: a group over a leaf (公务用车购置及运行费
                # over 购置费) reaches past it, centred over its columns.
                lower = compact(w.text)
                inside = (edges[first] - SLIVER <= min(x.x0 for x in (*current, w))
                          and max(x.x1 for x in (*current, w)) <= edges[last + 1] + SLIVER)
                lone = inside and above not in vocabulary and lower not in vocabulary
                pieces = lone and (
                    (above + lower in vocabulary and gap <= SPELLED_LINE_GAP * _line_height(w))
                    or (len(lower) <= TAIL_LINE and gap <= NARROW_LINE_GAP * _line_height(w)))
                if (gap > HEADER_LINE_GAP * _line_height(w) and not narrow and not pieces) or (
                        whole and w.top >= bottom - MIN_FREE_GAP):
                    blocks.append(_block(current, first, last))
                    current = []
            current.append(w)
        if current:
            blocks.append(_block(current, first, last))
    return _join_wrapped_groups(blocks, vocabulary)


# Pieces of one header on its line lie this close (× height): closer than any two cells.
SPLIT_WORD_GAP = 0.5
# A full-width bracket's box holds half a glyph of blank beside its stroke: a piece
# that opens with one (因公出国 | （境）费) lies that much further off.
_OPENING = "(（[【"
_CLOSING = ")）]】"


def _join_split_words(words: list[Word], vocabulary: frozenset[str]) -> list[Word]:
    """A header OCR boxed in pieces along its line (公务 | 用车购置及运 | 行维护费, a
    glyph's width or less apart) is one word where the pieces spell a known header."""
    prefixes = _prefixes(vocabulary)
    out: list[Word] = []
    for line in group_lines(words):
        run: list[Word] = []
        for w in [*line.words, None]:
            if w is not None and run:
                height = max(min(w.bottom - w.top, run[-1].bottom - run[-1].top), MIN_HEIGHT)
                joined = compact("".join(x.text for x in (*run, w)))
                bracket = w.text[:1] in _OPENING or run[-1].text[-1:] in _CLOSING
                if w.x0 - run[-1].x1 <= (SPLIT_WORD_GAP + 0.5 * bracket) * height and joined in prefixes:
                    run.append(w)
                    continue
            if run:
                out.extend(_joined(run) if compact("".join(x.text for x in run)) in vocabulary else run)
            run = [w] if w is not None else []
    return out


def _joined(run: list[Word]) -> list[Word]:
    if len(run) == 1:
        return run
    readings = [w.reading for w in run if w.reading is not None]
    # (How sure OCR was of the whole: of its least certain piece.)
    reading = min(readings, key=lambda r: r.score) if readings else None
    # (A line may hold a header's wrapped lines too, one under another: the box is all of them.)
    return [Word("".join(w.text for w in run), min(w.x0 for w in run), min(w.top for w in run),
                 max(w.x1 for w in run), max(w.bottom for w in run), reading)]


@lru_cache(maxsize=4)
def _prefixes(vocabulary: frozenset[str]) -> frozenset[str]:
    return frozenset(v[:i] for v in vocabulary for i in range(1, len(v) + 1))


def _join_spelled_wraps(words: list[Word], vocabulary: frozenset[str]) -> list[Word]:
    """A header's last line, set close under its first and within its width, that
    spells a known header with it (西安: 公务用车购置及 over 运行费, over a narrow column
    whose own header is stacked a glyph or two a line) is one word with it, before any
    line is taken for a piece of the column it happens to sit over."""
    out = list(words)
    for low in sorted(words, key=lambda w: w.top):
        tail = compact(low.text)
        if low not in out or not tail or tail in vocabulary:
            continue
        height = max(low.bottom - low.top, MIN_HEIGHT)
        for high in out:
            # (Spelling a known header together, lines set with wide leading are one
            # cell's: 公务用车购置及运行维护 over 费, a line apart.)
            if (high is low or not 0 <= low.top - high.bottom + MIN_FREE_GAP <= SPELLED_LINE_GAP * height + MIN_FREE_GAP
                    or low.x0 < high.x0 - SLIVER or low.x1 > high.x1 + SLIVER
                    or compact(high.text) + tail not in vocabulary):
                continue
            out[out.index(high)] = Word(high.text + low.text, high.x0, high.top, high.x1, low.bottom, high.reading)
            out.remove(low)
            break
    return out


# A block taller than this many of the lines above it is several lines: a leaf's own text.
WRAPPED_LINES = 1.5
# A wrapped last line is centred under the first: off by at most this share of its width.
WRAP_CENTRED = 0.1


def _join_wrapped_groups(blocks: list[Block], vocabulary: frozenset[str]) -> list[Block]:
    """A group header wrapped in its cell (西安: 公务用车购置及运行维 over 护费) has a
    last line narrower than its first, spanning fewer columns: that line is found as a
    block of its own. A one-line block close under a wider one, centred within its
    text's extent and columns, neither a known header, is the rest of its text (a leaf is
    set over lines of its own: 公务 / 用车 / 购置 / 费)."""
    out = list(blocks)
    for low in sorted(blocks, key=lambda b: b.top):
        height = max(low.bottom - low.top, MIN_HEIGHT)
        text = compact(low.text)
        if low not in out or not text or text in vocabulary:
            continue
        for high in out:
            line = min(height, max(high.bottom - high.top, MIN_HEIGHT))
            if (high is low or height > WRAPPED_LINES * line or not (high.first <= low.first and low.last <= high.last)
                    or (high.first, high.last) == (low.first, low.last) or not high.x1
                    or compact(high.text) in vocabulary
                    or not 0 <= low.top - high.bottom + MIN_FREE_GAP <= HEADER_LINE_GAP * height + MIN_FREE_GAP
                    or low.x0 < high.x0 - SLIVER or low.x1 > high.x1 + SLIVER
                    or abs((low.x0 + low.x1) - (high.x0 + high.x1)) / 2 > WRAP_CENTRED * (high.x1 - high.x0)
                    or any(b is not low and b is not high and high.first <= b.first and b.last <= high.last
                           and b.top < low.bottom and b.bottom > low.top for b in out)):
                # (A leaf beside others on its line, centred under their group, is a
                # leaf: 小计 | 购置费 | 运行费 under 公务用车购置及运行费.)
                continue
            out[out.index(high)] = Block(high.text + low.text, high.first, high.last, high.top, low.bottom,
                                         high.x0, high.x1)
            out.remove(low)
            break
    return out


# A group header reaching this share of its width into a neighbour column heads it.
GROUP_REACH = 0.2


def _group_span(word: Word, edges: list[float], header: list[Word]) -> tuple[int, int] | None:
    """The columns a header that reads like a leaf heads as a group: 一般公共预算拨款 over
    小计 | 其中：专项资金…, its one sub-header below it under one half, 小计 set low and
    narrow in the other. It reaches well into a neighbour column (a fifth of its width)
    whose own header lies wholly below it; a wide leaf beside headers on its own line
    does not head them."""
    width = max(word.x1 - word.x0, MIN_HEIGHT)
    cols = [c for c in range(len(edges) - 1)
            if min(word.x1, edges[c + 1]) - max(word.x0, edges[c]) >= GROUP_REACH * width]
    own = column_of(word.xc, edges)
    if len(cols) < 2 or own not in cols:
        return None
    for c in cols:
        if c == own:
            continue
        in_column = [h for h in header if h is not word and column_of(h.xc, edges) == c and h.bottom > word.top]
        if not in_column or any(h.top < word.bottom - MIN_FREE_GAP for h in in_column):
            return None
    return cols[0], cols[-1]


def _block(words: list[Word], first: int, last: int) -> Block:
    text = "".join(line.text for line in group_lines(words))
    return Block(text, first, last, min(w.top for w in words), max(w.bottom for w in words),
                 min(w.x0 for w in words), max(w.x1 for w in words))



def leaf_words(header_words: list[Word]) -> list[Word]:
    """Header words that sit over a single column: no other header word lies below two
    separate parts of them (a group header such as 财政拨款 spans its sub-columns)."""
    leaves = []
    for w in header_words:
        below = [o for o in header_words if o.top > w.bottom - MIN_FREE_GAP and o.x1 > w.x0 and o.x0 < w.x1]
        below.sort(key=lambda o: o.x0)
        disjoint = any(b.x0 > a.x1 + MIN_HEIGHT for a in below for b in below)
        if not disjoint:
            leaves.append(w)
    return leaves

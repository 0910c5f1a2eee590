"""Words of a table region → header paths and body cells.

Column boundaries come, in order of trust, from the ruled grid (camelot), from the
`※ 1 2 3 …` index row that most templates print under the header, or from the
x-projection of the body's words and the header's lowest words. Cells are then filled
from the words' positions, so ruled and unruled tables take the same road."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetx.values.codes import is_code
from budgetx.schema.rules import TOTAL_WORDS
from budgetx.reader.line_kinds import is_scope_note
from budgetx.reader.lines import HALF_GLYPH_HEIGHT, Line, group_lines, segments
from budgetx.reader.header_cells import (MIN_FREE_GAP, MIN_HEIGHT, SLIVER, Block, column_of, header_blocks,
                                         leaf_words)
from budgetx.reader.spans import merged_start, ruled_edges, spans_from_rules, widen_groups
from budgetx.model import Reading, RuledGrid, Word
from budgetx.values.numbers import is_amount, restore_separators
from budgetx.values.outline import outline_number
from budgetx.values.text import compact, has_hanzi
from budgetx.vocabulary import CODE_PARTS


# --- Tolerances ------------------------------------------------------------------------
# Lengths are PDF points (1/72 inch, y down); a factor "× height" scales with the glyph
# height of the words concerned, so that it holds for any font size. The values are the
# ones the samples and real disclosures were read with; each says why it is what it is.

# Past every word of any page: the open outer ends of the first and last column.
FAR = 1e9
# Half a glyph (× height): lines closer than this are one cell's text wrapped, and the
# row grouping of lines.py uses the same half glyph for words on one line.
HALF_GLYPH = HALF_GLYPH_HEIGHT
# A boundary keeps this far (pt) from the words on either side of its gap.
EDGE_MARGIN = 1.0
# The lowest header row: words whose bottom lies within half their height of it.
LOWEST_ROW = 0.5
# A column split between two header leaves may cross at most one body word in this many.
SPLIT_CROSSINGS = 10
# The index row's numbers are centred: room for a lost number rounds up from a quarter step.
STEP_ROUNDING = 0.25
# A gap under this share of the row pitch is a wrapped line, not a new row.
WRAP_SHARE = 0.6
# Lines overlapping by more than this (× height) are one row (a cell's text set lower).
SAME_ROW_OVERLAP = 0.25
# Two gaps this close (pt, or this share of the larger) are one spacing.
SAME_GAP = 1.0
SAME_GAP_SHARE = 0.25
# The longest row label a body line prints letter-spaced (本 年 收 入 合 计), in glyphs.
SPACED_LABEL = 8
# A year printed apart from its 年 is this close (× height): one header word.
YEAR_GAP = 1.5
# A line above the first row belongs to its label cell if it lies within the label's
# box widened by this much (pt) on each side, plus this many glyphs to the right.
LABEL_SLACK = 10.0
LABEL_REACH = 4.0
# Inside one ruled cell: two figures further apart than this (× height), or any words
# further apart than CELL_GAP, mean a rule is missing between them.
SPLIT_FIGURE_GAP = 0.5
CELL_GAP = 3.0


@dataclass
class AlignedPart:
    """One page's part of a table."""

    col_edges: list[float]
    blocks: list[Block]
    rows: list[list[str]]
    has_index_row: bool = False
    notes: list[str] = field(default_factory=list)
    # How sure the reading of each OCR'd cell is, by (row, column) of `rows`.
    readings: dict[tuple[int, int], Reading] = field(default_factory=dict)

    @property
    def ncols(self) -> int:
        return len(self.col_edges) - 1

    def paths(self) -> list[list[str]]:
        """Each column's header path, top to bottom; headers side by side over one column
        (预算单位 | 科目编码 where the unit column is blank on this page) left to right."""
        out: list[list[str]] = [[] for _ in range(self.ncols)]
        for block in _reading_order(self.blocks):
            if self.ncols > 1 and block.first == 0 and block.last == self.ncols - 1 and is_scope_note(block.text):
                continue  # a subtitle under the title（按经济分类科目分）, no column's header
            for c in range(block.first, block.last + 1):
                out[c].append(block.text)
        return _lost_code_parts(out, self.rows)


_PART_CODE = re.compile(r"\d{1,2}")


def _lost_code_parts(paths: list[list[str]], rows: list[list[str]]) -> list[list[str]]:
    """A code printed in parts whose 款 (or 类, 项) header OCR missed: the recogniser
    loses a lone glyph, and its column is left headed by the group alone (科目编码 over
    类 | ?). Beside a part of that group, a column of one- or two-digit codes is the part
    that comes after it (or before it: ? | 款 is the 类) if the group prints no such part."""
    def part(path: list[str]) -> str | None:
        leaf = compact(path[-1]) if path else ""
        return leaf if leaf in CODE_PARTS else None

    out = [list(p) for p in paths]
    for c, path in enumerate(paths):
        cells = [row[c].strip() for row in rows if c < len(row) and row[c].strip()]
        if part(path) or not cells or not all(_PART_CODE.fullmatch(t) for t in cells):
            continue
        # The group's columns run up to its ends (a second classification may repeat its
        # header: 科目编码 类 款 | name | 科目编码 类 ?); the parts it prints there.
        lo, hi = c, c
        while lo > 0 and path in (paths[lo - 1], paths[lo - 1][:-1]):
            lo -= 1
        while hi + 1 < len(paths) and path in (paths[hi + 1], paths[hi + 1][:-1]):
            hi += 1
        printed = {part(paths[k]) for k in range(lo, hi + 1)}
        for n, step in ((c - 1, 1), (c + 1, -1)):
            if not lo <= n <= hi or paths[n][:-1] != path or (leaf := part(paths[n])) is None:
                continue
            at = CODE_PARTS.index(leaf) + step
            if 0 <= at < len(CODE_PARTS) and CODE_PARTS[at] not in printed:
                out[c] = [*path, CODE_PARTS[at]]
                break
    return out


def _reading_order(blocks: list[Block]) -> list[Block]:
    """Header blocks line by line, top to bottom; on a line, a block spanning more
    columns first (a group header beside a leaf centred in its tall cell), then left to
    right. Blocks are on one line where their tops are less than half a block's height
    apart: a scan's deskew leaves the tops of one line a fraction of a point apart, in
    either order."""
    lines: list[list[Block]] = []
    for block in sorted(blocks, key=lambda b: b.top):
        if lines and block.top - lines[-1][0].top < (lines[-1][0].bottom - lines[-1][0].top) / 2:
            lines[-1].append(block)
        else:
            lines.append([block])
    return [b for line in lines for b in sorted(line, key=lambda b: (b.first - b.last, b.x0))]


_INDEX_TOKEN = re.compile(r"^(?:[※*＊]+|\d{1,2})$")


def _misread_mark(word: Word) -> bool:
    """A glyph where an index row prints its marks: one glyph, or up to three that OCR
    read unsure of them (`**` read 非家 at 0.34)."""
    text = compact(word.text)
    return len(text) == 1 or (len(text) <= 3 and word.reading is not None and word.reading.unsure)


def _is_index_line(line: Line) -> bool:
    """`※ ※ ※ 1 2 3 …`: marks and consecutive column numbers under the header."""
    tokens = [compact(w.text) for w in line.words]
    odd = [w for w, t in zip(line.words, tokens) if not _INDEX_TOKEN.match(t)]
    if odd:
        # OCR reads a ※ as some other glyph (淡, 米), and `**` as two it is unsure of
        # (非家): a run of column numbers 1 2 3 … with a few such marks before it is
        # still the index row.
        numbers = [int(t) for t in tokens if t.isdigit()]
        if not (len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
                and numbers[0] <= 2 and len(odd) <= 5):
            return False
        # A long run of column numbers says index row however sure OCR was of the marks
        # before it (非市 at 0.51), so long as they are marks' length and come first.
        first = min(w.x0 for w, t in zip(line.words, tokens) if t.isdigit())
        return all(_misread_mark(w) for w in odd) or (
            len(numbers) >= LONG_INDEX and all(len(compact(w.text)) <= 3 and w.x1 <= first for w in odd))
    if len(tokens) < 2:
        return False
    numbers = [int(t) for t in tokens if t.isdigit()]
    marks = len(tokens) - len(numbers)
    if len(tokens) == 2:
        # Only two column numbers left (OCR lost the marks): they must run on.
        return len(numbers) == 2 and numbers[1] == numbers[0] + 1
    # Strictly increasing column numbers; OCR may have lost one here and there.
    increasing = all(b > a for a, b in zip(numbers, numbers[1:])) and (not numbers or numbers[0] <= 3)
    return increasing and (len(numbers) >= 2 or marks >= 2)


# Column numbers 1 2 3 … this many at least are an index row whatever marks OCR read.
LONG_INDEX = 5
# Marks of one word further apart than this (× height) stand over columns of their own.
SPREAD_MARKS = 1.5


def _split_index_tokens(line: Line) -> list[Word]:
    """An index row can come as one word `※※※` or `123`: split it per glyph position,
    where the marks stand apart over their columns. Marks set close together are one
    column's mark (湖州 prints `**` over the code column and over the name column)."""
    out: list[Word] = []
    for w in line.words:
        t = compact(w.text)
        step = (w.x1 - w.x0) / max(len(t), 1)
        if len(t) > 1 and (set(t) <= {"※", "*", "＊"}) and step >= SPREAD_MARKS * w.height:
            out.extend(Word(ch, w.x0 + i * step, w.top, w.x0 + (i + 1) * step, w.bottom) for i, ch in enumerate(t))
        else:
            out.append(w)
    return out


def is_data_word(word: Word) -> bool:
    t = compact(word.text)
    return is_amount(t) and t not in {"-", "—", "－", "–"} or is_code(t)


# A year ending a word (2026, 其中：2026).
_YEAR_WORD = re.compile(r"(?<!\d)(?:19|20)\d{2}$")


def _is_year_of(w: Word, nxt: Word | None) -> bool:
    """`2026` printed apart from the `年…` after it (深圳: 其中：2026 | 年): part of a
    header, no figure."""
    return (nxt is not None and bool(_YEAR_WORD.search(compact(w.text))) and compact(nxt.text).startswith("年")
            and nxt.x0 - w.x1 < YEAR_GAP * max(w.height, MIN_HEIGHT))


def _has_data(line: Line) -> bool:
    """Whether a line holds figures or codes; a year printed apart from its 年
    (`2026 年预算数`, a header) is neither, nor a glyph of a letter-spaced header read
    as a digit."""
    words = sorted(line.words, key=lambda w: w.x0)
    data = [w for i, w in enumerate(words)
            if is_data_word(w) and not _is_year_of(w, words[i + 1] if i + 1 < len(words) else None)
            and not _spaced_glyph(words, i)]
    # A year alone in its line, in a stacked header (2022比 over 2021), makes no row; a
    # row's whole figure that reads as a year (预算数 2000, beside its name) does.
    return bool(data) and not (len(segments(line)) == 1 and all(_YEAR_WORD.fullmatch(compact(w.text)) for w in data))


def _spaced_glyph(words: list[Word], i: int) -> bool:
    """Whether a one-glyph digit stands where a letter-spaced word's next glyph would:
    after a lone CJK glyph, as far from it as the line's spaced glyphs stand apart
    (收   入 | 支   1: a coarse scan's 出 read 1). A figure stands in its own cell."""
    w = words[i]
    if len(compact(w.text)) != 1 or i == 0 or not _lone_cjk(words[i - 1]):
        return False
    step = _centre(w) - _centre(words[i - 1])
    spaced = [_centre(b) - _centre(a) for a, b in zip(words, words[1:]) if _lone_cjk(a) and _lone_cjk(b)]
    return any(SPACED_GLYPH_MATCH * s <= step <= s / SPACED_GLYPH_MATCH for s in spaced)


# A misread glyph stands within this ratio of the step between a spaced pair's centres
# (centres: a misread glyph's box may be a blot far wider than a glyph).
SPACED_GLYPH_MATCH = 0.7


def _centre(w: Word) -> float:
    return (w.x0 + w.x1) / 2


def _lone_cjk(w: Word) -> bool:
    text = compact(w.text)
    return len(text) == 1 and has_hanzi(text)


def _group_row_under_header(header: list[Line], vocabulary: frozenset[str]) -> bool:
    """Whether the last of two header lines is a row without figures: a unit's name set
    under a header line of three columns or more, from further left than any of its
    names, as the rows' names are (广州卫健's 广州市卫生健康委员会 over its projects), no
    header word."""
    if len(header) != 2:
        return False
    top, last = header
    text = compact(last.text)
    return (len(segments(top)) >= 3 and len(segments(last)) == 1 and len(text) >= _GROUP_ROW_CHARS
            and text not in vocabulary and not _has_data(last) and last.x0 < min(w.x0 for w in top.words) - last.height)


# A unit's name has this many characters at least (类款项, 编码 are header pieces).
_GROUP_ROW_CHARS = 4


def _numbered_labels(line: Line) -> bool:
    """Whether every cell of a line is a numbered row label (一、部门预算 | 一、部门预算)."""
    parts = segments(line)
    return bool(parts) and all(outline_number(compact(p.text)) is not None for p in parts)


def _join_years(words: list[Word]) -> list[Word]:
    """A header's year and the `年…` after it are one header word."""
    out: list[Word] = []
    for w in sorted(words, key=lambda w: w.x0):
        if out and _is_year_of(out[-1], w):
            y = out.pop()
            w = Word(y.text + w.text, y.x0, min(y.top, w.top), w.x1, max(y.bottom, w.bottom))
        out.append(w)
    return out


def _clusters(words: list[Word], min_gap: float = MIN_HEIGHT) -> list[list[float]]:
    """Merged x-intervals of the words: the occupied bands of the x-projection."""
    clusters: list[list[float]] = []
    for x0, x1 in sorted((w.x0, w.x1) for w in words):
        if clusters and x0 <= clusters[-1][1] + min_gap:
            clusters[-1][1] = max(clusters[-1][1], x1)
        else:
            clusters.append([x0, x1])
    return clusters


def _projection_edges(body: list[Word], header: list[Word]) -> list[float]:
    """Column boundaries where no word crosses: gaps in the x-projection of the body,
    plus the lowest header words of columns the body leaves empty (a header word with
    another header word under it, or centred over lower ones on both sides, in the same
    gap is a group header, not a column)."""
    pieces = _run_pieces(body)
    clusters = _clusters([w for w in body if id(w) not in pieces] or body)
    covered = [w for w in header if any(w.x0 < c[1] and w.x1 > c[0] for c in clusters)]
    for w in header:
        if w in covered or _wraps_under(w, covered):
            continue
        lo = max([c[1] for c in clusters if c[1] <= w.x0] or [-FAR])
        hi = min([c[0] for c in clusters if c[0] >= w.x1] or [FAR])
        under = [o for o in header if o is not w and o.top >= w.bottom - 1 and o.x0 < hi and o.x1 > lo]
        if not any(o.x0 < w.x1 and o.x1 > w.x0 for o in under) and not _over_both_sides(w, header):
            clusters.append([w.x0, w.x1])
    merged = _clusters([Word("", a, 0, b, 0) for a, b in clusters])
    if not merged:
        return [-FAR, FAR]
    mids = [_boundary(a[1], b[0], header) for a, b in zip(merged, merged[1:])]
    for lo, hi in merged:
        mids.extend(_split_by_headers(lo, hi, body, header))
    return [-FAR, *sorted(mids), FAR]


def _run_pieces(body: list[Word]) -> set[int]:
    """The figures (by id) cut from a word that ran the figures of neighbouring cells
    together (region_text.split_run_figures): each box is a share of the run's, touching
    the next piece, so where one cell ends within it is a guess. The other rows place the
    boundaries (重庆's 合计 row 174,900.64101,833.8441,534.73 across 总计, 一般公共预算 and
    政府性基金), and the pieces go to the columns their centres fall in."""
    lines: dict[float, list[Word]] = {}
    for w in body:
        if is_data_word(w):
            lines.setdefault(w.top, []).append(w)
    pieces: set[int] = set()
    for line in lines.values():
        line.sort(key=lambda w: w.x0)
        for a, b in zip(line, line[1:]):
            if abs(a.x1 - b.x0) < 0.01:
                pieces.update((id(a), id(b)))
    return pieces


def _clear_of(header: list[Word], lo: float, hi: float) -> tuple[float, float]:
    """The part of a gap of the body's projection that header words reaching into it
    leave free (its widest), or the whole gap: a boundary there cuts no header (深圳: a
    5-line header centred over figures narrower than it, 10 pt right of the figures
    before it and 40 pt left of its own)."""
    free = _free_gaps(header, lo, hi)
    return max(free, key=lambda g: g[1] - g[0]) if free else (lo, hi)


def _boundary(lo: float, hi: float, header: list[Word]) -> float:
    """Where the boundary goes in a gap of the body's projection: the middle of the
    part header text leaves free."""
    a, b = _clear_of(header, lo, hi)
    return (a + b) / 2


def _wraps_under(w: Word, above: list[Word]) -> bool:
    """Whether a header word is the wrapped last line of a cell whose first line has
    its column already (一般公共预 over the figures, 算 beside them): right under that
    wider word, as close as lines of one cell are."""
    return any(a is not w and a.x0 <= w.x0 and w.x1 <= a.x1 and 0 <= w.top - a.bottom + MIN_FREE_GAP
               and w.top - a.bottom < HALF_GLYPH * max(w.height, MIN_HEIGHT) for a in above)


def _over_both_sides(w: Word, header: list[Word]) -> bool:
    """Whether a header word sits over leaves on both sides: lower header words that
    are no wrapped line of another cell (nothing but `w` above them). A group header
    (收入 over 项目 | 预算数) does; a leaf of a wide header-only part whose neighbours'
    text runs one or two lines lower (其他收入 beside 上级补助收 / 入) does not."""
    def topmost(o: Word) -> bool:
        return not any(a is not w and a is not o and a.bottom <= o.top + 1 and a.x0 < o.x1 and a.x1 > o.x0
                       for a in header)
    lower = [o for o in header if o is not w and o.top >= w.bottom - 1 and topmost(o)]
    return any(o.x1 <= w.x0 for o in lower) and any(o.x0 >= w.x1 for o in lower)


def _split_by_headers(lo: float, hi: float, body: list[Word], header: list[Word]) -> list[float]:
    """Boundaries inside one band of the projection that holds two or more separate
    header leaves: OCR boxes (or tight print) leave no free gap between a right-aligned
    figure and the code that follows it, but the header says there are two columns.
    Each boundary goes where the fewest body words cross, between the two headers."""
    over = [w for w in header if w.x1 > lo and w.x0 < hi]
    if len(over) < 2:
        return []
    # Only the lowest header line names columns (收入 above 项目 | 预算数 is a group).
    lowest = max(w.bottom for w in over)
    leaves = sorted((w for w in over if w.bottom >= lowest - LOWEST_ROW * w.height), key=lambda w: w.x0)
    leaves = [w for i, w in enumerate(leaves) if i == 0 or w.x0 > leaves[i - 1].x1]
    inside = [w for w in body if w.x1 > lo and w.x0 < hi]
    left = min((w.x0 for w in inside), default=lo)
    inside = [w for w in inside if not _spans_band(w, inside, left)]
    cuts: list[float] = []
    for a, b in zip(leaves, leaves[1:]):
        start, stop = a.xc, b.xc
        edges = sorted({start, stop, *(w.x0 for w in inside), *(w.x1 for w in inside)})
        candidates = [(p + q) / 2 for p, q in zip(edges, edges[1:])]
        best: tuple[int, float] | None = None
        for x in candidates:
            if not start < x < stop:
                continue
            crossing = sum(1 for w in inside if w.x0 < x < w.x1)
            # Fewest crossings; then the leftmost: right after the left column's
            # right-aligned figures, before the codes and names that follow them.
            if best is None or (crossing, x) < best:
                best = (crossing, x)
        if best is not None and best[0] <= max(1, len(inside) // SPLIT_CROSSINGS):
            cuts.append(best[1])
    return cuts


def _spans_band(w: Word, inside: list[Word], left: float) -> bool:
    """A label set alone on its line across the band, not from its left edge (`left`): the
    text of a merged cell (收支总表's 当年支出小计 and 支出合计 centred over the 功能分类
    and 支出用途 blocks), which crosses every boundary under it and says nothing of them.
    A name run long from the band's left edge is no such label."""
    if is_data_word(w) or w.x0 <= left + 2 * max(w.height, MIN_HEIGHT):
        return False
    return not any(o is not w and o.top < w.bottom and o.bottom > w.top for o in inside)


def _labelled_index(line: Line) -> bool:
    """An index row that names itself (栏 次 in the label columns, its numbers over the
    figure columns only: a 决算 table's 行次 columns have none): no column per token.
    (Other odd glyphs are OCR's misreadings of ※, one per column.)"""
    odd = "".join(compact(w.text) for w in line.words if not _INDEX_TOKEN.match(compact(w.text)))
    return bool(odd) and set(odd) <= _INDEX_LABEL_GLYPHS


_INDEX_LABEL_GLYPHS = frozenset("栏次行")


def _index_centres(tokens: list[Word]) -> list[float]:
    """Column centres from the index row; where a number is missing (3 then 5, an OCR
    loss), its column sits evenly between its neighbours."""
    centres: list[float] = []
    last: tuple[int, float] | None = None
    numbered = [(int(compact(w.text)), w.xc) for w in tokens if compact(w.text).isdigit()]
    steps = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in zip(numbered, numbered[1:])]
    step = sorted(steps)[len(steps) // 2] if steps else 0.0
    for w in tokens:
        t = compact(w.text)
        if t.isdigit():
            n = int(t)
            if last is not None and n - last[0] > 1:
                gap = (w.xc - last[1]) / (n - last[0])
                centres.extend(last[1] + gap * k for k in range(1, n - last[0]))
            elif last is None and n > 1 and step > 0:
                # Column 1 lost before column n: room for it after the marks?
                room = w.xc - (centres[-1] if centres else -FAR)
                missing = min(n - 1, int(room / step + STEP_ROUNDING) - 1)
                centres.extend(w.xc - step * k for k in range(missing, 0, -1))
            last = (n, w.xc)
        centres.append(w.xc)
    return centres


def _free_gaps(words: list[Word], a: float, b: float) -> list[tuple[float, float]]:
    clusters = [[-FAR, -FAR], *_clusters(words), [FAR, FAR]]
    gaps = [(max(l[1], a), min(r[0], b)) for l, r in zip(clusters, clusters[1:])]
    return [g for g in gaps if g[1] - g[0] > MIN_FREE_GAP]


def _index_edges(centres: list[float], body: list[Word], header: list[Word]) -> list[float]:
    """Boundaries between index-row column centres. An index number sits in the middle
    of its cell, so each boundary is predicted from the one before it (the next edge is
    as far past the centre as the last edge was before it); the boundary goes where the
    body's projection leaves a free gap nearest that prediction (text is left-aligned
    and figures right-aligned: the midpoint of two centres can cut through a cell). The
    header's leaf words decide only where the body leaves no gap."""
    words = body + header
    left = min((w.x0 for w in words), default=centres[0] if centres else 0.0)
    # The first cell reaches left at least as far as its text, and, its number in its
    # middle, at least half the step to the next number (佛山 centres a 合计 header over
    # figures set right of its number: the text alone would put the border too close).
    half = (centres[1] - centres[0]) / 2 if len(centres) > 1 else 0.0
    prev = min(left - 2 * MIN_HEIGHT, centres[0] - MIN_HEIGHT, centres[0] - half) if centres else 0.0
    edges = [-FAR]
    for a, b in zip(centres, centres[1:]):
        predicted = min(max(2 * a - prev, a), b)
        gaps = _free_gaps(body, a, b) or _free_gaps(words, a, b)
        if gaps and not a < 2 * a - prev < b:
            # The prediction ran past the next centre (a column without its number,
            # an OCR loss): the widest gap decides.
            lo, hi = max(gaps, key=lambda g: g[1] - g[0])
            predicted = (lo + hi) / 2
        if gaps:
            lo, hi = min(gaps, key=lambda g: 0.0 if g[0] <= predicted <= g[1] else min(abs(g[0] - predicted), abs(g[1] - predicted)))
            # Header text reaching into that gap keeps the boundary out of its way (西安's
            # 其中：专项资金… left of its number, which is set right as its figures are).
            lo, hi = _clear_of(header, lo, hi)
            # Inside that gap, as close to the prediction as it allows, with a margin.
            margin = min(EDGE_MARGIN, (hi - lo) / 2)
            boundary = min(max(predicted, lo + margin), hi - margin)
        else:
            boundary = (a + b) / 2
        edges.append(boundary)
        prev = boundary
    edges.append(FAR)
    return edges


# A line that is a whole known label this long (glyphs) or longer is no wrapped tail.
OWN_LABEL = 4


def _body_rows_unruled(lines: list[Line], labels: frozenset[str] = frozenset(),
                       edges: list[float] | None = None) -> list[list[Word]]:
    """Lines → rows. A cell whose text wraps has its other cells centred across the
    wrapped lines, so lines that overlap vertically are one row; a text-only line
    closer to its neighbour than rows are to each other is a wrapped line of that
    neighbour's text (above or below), unless it opens with a label of its own
    (`labels`: 上年结转结余 under 本年收入合计 where a table's last rows are set closer
    than its first) or the next line's figures overlap it (it opens their row)."""
    if not lines:
        return []
    gaps = sorted(b.top - a.bottom for a, b in zip(lines, lines[1:]))
    # Rows outnumber wrapped lines: the upper quartile is a gap between rows even in a
    # short table whose one name wraps over three lines.
    pitch_gap = gaps[(3 * len(gaps)) // 4] if gaps else 0.0
    texts = [w for ln in lines for w in ln.words if not is_data_word(w)]
    rows: list[list[Word]] = [list(lines[0].words)]
    # The last row's top, bottom and whether it holds data, kept as it grows (a form's
    # text cell runs to hundreds of lines): the same as computed over its words each time.
    top, bottom = lines[0].top, lines[0].bottom
    prev_text_only = not any(is_data_word(w) for w in lines[0].words)
    for k, line in enumerate(lines[1:], 1):
        prev = rows[-1]
        overlap = min(bottom, line.bottom) - max(top, line.top)
        gap = line.top - bottom
        tight = gap < min(HALF_GLYPH * line.height, WRAP_SHARE * pitch_gap)
        text_only = not any(is_data_word(w) for w in line.words)
        cells = {column_of(w.xc, edges) for w in line.words} if text_only and edges is not None else set()
        if len(cells) == 1 and not cells & {column_of(w.xc, edges or []) for w in prev if not is_data_word(w)}:
            # Wrapped text continues a cell of the row above: one cell's text in a column
            # where that row has none is a cell of its own (江苏: a group's 上年结转和结余
            # 资金, centred down its merged cell, just under the item column's 小计; a
            # header's lower line across several columns still joins its upper one).
            tight = False
        # (A line that opens with a whole known label starts a row of its own however close;
        # so does a line of text that the next line's figures overlap: the first line of
        # a name wrapped round its row's figures, 无锡市人力资源和社会保 over 309001 … 障局.)
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        leads = (text_only and nxt is not None and any(is_data_word(w) for w in nxt.words)
                 and min(line.bottom, nxt.bottom) - max(line.top, nxt.top) > SAME_ROW_OVERLAP * nxt.height)
        own = _opens_own_row(line.words, labels) or leads
        # (A name's wrapped line may lie further below it than half a glyph, even midway
        # to the next row: it continues a name of the row above that fills its column's
        # width, 机关事业单位基本养老保险缴 over 费支出.)
        below = nxt.top - line.bottom if nxt is not None and any(is_data_word(w) for w in nxt.words) else FAR
        wrapped = (text_only and not prev_text_only and not own and gap < WRAP_SHARE * pitch_gap
                   and gap <= below and _continues_full_name(line, prev, texts))
        if (overlap > SAME_ROW_OVERLAP * line.height or (tight and (text_only or prev_text_only) and not own)
                or wrapped):
            prev.extend(line.words)
            for w in line.words:
                top = w.top if w.top < top else top
                bottom = w.bottom if w.bottom > bottom else bottom
            prev_text_only = prev_text_only and text_only
        else:
            rows.append(list(line.words))
            top, bottom = line.top, line.bottom
            prev_text_only = text_only
    return _join_centred_wraps(_join_leading_wraps(rows, labels, edges), texts)


def _aligned(a: Word, b: Word) -> bool:
    """Whether two texts are set as lines of one cell are: starting, centred or ending
    at one x (within half a glyph), as the cell aligns its text."""
    tol = HALF_GLYPH * min(a.height, b.height)
    return abs(a.x0 - b.x0) < tol or abs(a.xc - b.xc) < tol or abs(a.x1 - b.x1) < tol


def _fills_column(w: Word, texts: list[Word]) -> bool:
    """Whether a text is as wide as any of the table's `texts` aligned with it, within
    a glyph, or reaches as far right as they do (a justified cell may indent its first
    line): a name that wrapped for want of room in its column."""
    aligned = [o for o in texts if _aligned(o, w)]
    widest = max((o.x1 - o.x0 for o in aligned), default=0.0)
    rightmost = max((o.x1 for o in aligned), default=0.0)
    return w.x1 - w.x0 >= widest - w.height or w.x1 >= rightmost - HALF_GLYPH * w.height


def _continues_full_name(line: Line, prev: list[Word], texts: list[Word]) -> bool:
    """Whether a text line is aligned with a text of the row above that fills its
    column (the line is the rest of it)."""
    first = min(line.words, key=lambda w: w.x0)
    if outline_number(first.text):
        return False
    return any(not is_data_word(w) and _aligned(w, first) and _fills_column(w, texts) for w in prev)


def _join_centred_wraps(rows: list[list[Word]], texts: list[Word]) -> list[list[Word]]:
    """A name wrapped round its figures in lines set as evenly as the rows are
    (机关事业单位 / 基本养老保险 … 446.11 / 缴费支出): a text-only line above a row and
    one below it are that row's when both are aligned with its name, lie as far from
    it, and the upper one and the row's name fill their column, while the row above
    ends short (the upper line is no wrapped line of that row)."""
    out: list[list[Word]] = []
    i = 0
    while i < len(rows):
        if i + 2 < len(rows) and _centred_triple(out[-1] if out else None, rows[i], rows[i + 1], rows[i + 2], texts):
            out.append(rows[i] + rows[i + 1] + rows[i + 2])
            i += 3
        elif i + 1 < len(rows) and _centred_tail(rows[i], rows[i + 1], texts):
            # (The upper line already joined as a leading wrap: the lower one follows.)
            out.append(rows[i] + rows[i + 1])
            i += 2
        else:
            out.append(rows[i])
            i += 1
    return out


def _centred_tail(row: list[Word], tail: list[Word], texts: list[Word]) -> bool:
    """Whether a text-only row is the last line of a name centred on the figures of
    the row above, which holds the name's first line above them as far away (福州市商务
    / 发展促进中 … 337.92 / 心)."""
    figures = [w for w in row if is_data_word(w)]
    if not figures or any(is_data_word(w) for w in tail):
        return False
    fig_top, fig_bottom = min(w.top for w in figures), max(w.bottom for w in figures)
    lead = [w for w in row if not is_data_word(w) and w.bottom <= fig_top + SAME_GAP]
    names = [w for w in row if not is_data_word(w) and w.top < fig_bottom and w.bottom > fig_top]
    last = min(tail, key=lambda w: w.x0)
    if not lead or outline_number(last.text) or not any(
            _aligned(w, last) and _fills_column(w, texts) for w in names):
        return False
    first = min(lead, key=lambda w: w.x0)
    if not _fills_column(first, texts):
        return False
    lead_gap, tail_gap = fig_top - max(w.bottom for w in lead), _gap(row, tail)
    return lead_gap >= 0 and tail_gap >= 0 and abs(lead_gap - tail_gap) <= max(
        SAME_GAP, SAME_GAP_SHARE * max(lead_gap, tail_gap))


def _centred_triple(before: list[Word] | None, lead: list[Word], row: list[Word], tail: list[Word],
                    texts: list[Word]) -> bool:
    if any(is_data_word(w) for w in lead + tail) or not any(is_data_word(w) for w in row):
        return False
    first, last = min(lead, key=lambda w: w.x0), min(tail, key=lambda w: w.x0)
    names = sorted((w for w in row if not is_data_word(w)), key=lambda w: w.top)
    name = next((w for w in names if _aligned(w, first)), None)
    # (A line that opens with an outline number is an item's first: 二十二、 / 二十三、 /
    # 二十四、 are three rows however closely set.)
    if (name is None or outline_number(name.text) or outline_number(last.text)
            or not any(_aligned(w, last) for w in names)
            or not _fills_column(first, texts) or not _fills_column(name, texts)):
        return False
    if before is not None:
        bottom = max(v.bottom for v in before)
        if any(not is_data_word(w) and w.bottom > bottom - w.height and _aligned(w, first) and _fills_column(w, texts)
               for w in before):
            return False
    lead_gap, tail_gap = _gap(lead, row), _gap(row, tail)
    return lead_gap >= 0 and tail_gap >= 0 and abs(lead_gap - tail_gap) <= max(
        SAME_GAP, SAME_GAP_SHARE * max(lead_gap, tail_gap))


def _opens_own_row(words: list[Word], labels: frozenset[str]) -> bool:
    """Whether the words' first label (the text before the first figure) starts a row of
    its own: a known label, or one opening with an outline number (七、…, （三）…), the
    next item of a list, never the rest of the item above wrapped (重庆's 六、七、八、 one
    under another without figures)."""
    first: list[str] = []
    for w in sorted(words, key=lambda w: w.x0):
        if is_data_word(w):
            break
        first.append(w.text)
    text = compact("".join(first))
    return (len(text) >= OWN_LABEL and text in labels) or (bool(text) and outline_number(text) is not None)


def _gap(upper: list[Word], lower: list[Word]) -> float:
    return min(w.top for w in lower) - max(w.bottom for w in upper)


def _join_leading_wraps(rows: list[list[Word]], labels: frozenset[str] = frozenset(),
                        edges: list[float] | None = None) -> list[list[Word]]:
    """A cell wrapped over three lines has its figures on the middle one: its first line
    stands alone above, much closer to the row below than to the row above (unless
    that row opens with a whole known label of its own, or the line holds text in more
    than one column: a row whose figures are all blank, 西安's 3、事业收入 | 7、文化旅游
    体育与传媒 | (1)工资福利支出 above a row whose own label wraps round it)."""
    out: list[list[Word]] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if (nxt is not None and out and not any(is_data_word(w) for w in row)
                and any(is_data_word(w) for w in nxt) and _gap(row, nxt) < WRAP_SHARE * _gap(out[-1], row)
                and not _opens_own_row(nxt, labels)
                and (edges is None or len({column_of(w.xc, edges) for w in row}) == 1)):
            rows[i + 1] = row + nxt
        else:
            out.append(row)
        i += 1
    return out


def _rows_ruled(words: list[Word], row_edges: list[float]) -> list[list[Word]]:
    bands: list[list[Word]] = [[] for _ in range(len(row_edges) - 1)]
    stray: list[Word] = []
    for w in words:
        for r in range(len(row_edges) - 1):
            if row_edges[r] <= w.yc < row_edges[r + 1]:
                bands[r].append(w)
                break
        else:
            stray.append(w)
    # Text outside the rules still forms rows, in its place: above the first rule (a
    # continuation page whose top rule is missing) or below the last (a missing bottom).
    above = [w for w in stray if w.yc < row_edges[0]]
    below = [w for w in stray if w.yc >= row_edges[0]]
    return [*_body_rows_unruled(group_lines(above)), *(b for b in bands if b),
            *_body_rows_unruled(group_lines(below))]


def _cell_reading(words: list[Word]) -> Reading | None:
    """How sure the reading of a cell's words is: its least certain word's score; the
    other readings only where the cell is one word."""
    readings = [w.reading for w in words if w.reading is not None]
    if not readings:
        return None
    return Reading(min(r.score for r in readings), readings[0].alternatives if len(words) == 1 else ())


def _joined_reading(a: Reading | None, b: Reading | None) -> Reading | None:
    if a is None or b is None:
        return a or b
    return Reading(min(a.score, b.score))


def _cells(rows: list[list[Word]], edges: list[float], rules: list[tuple[float, float, float]]
           ) -> tuple[list[list[str]], dict[tuple[int, int], Reading]]:
    """Each row's words into the columns' cells: the cells' text, and how sure the
    reading of each OCR'd cell is, by (row, column). Text in a ruled cell merged over
    several columns (结转下年资金 over a 收支总表's item and amount columns; a form's
    sentence over its value columns, 23 and 1 among its words) is the merged cell's
    first column's."""
    texts: list[list[str]] = []
    readings: dict[tuple[int, int], Reading] = {}
    placed = [[(w, column_of(w.xc, edges)) for w in row] for row in rows]
    # A code column is no merged cell's home: 合计 centred over 编码 | 名称 (or over
    # 类 | 款 | 项 | 名称) is a name.
    codes, filled = [0] * (len(edges) - 1), [0] * (len(edges) - 1)
    for row_words in (placed if rules else []):
        for c in {c for _, c in row_words}:
            filled[c] += 1
            codes[c] += any(_numeric_id(w.text) for w, k in row_words if k == c)
    at_height: dict[int, frozenset[int]] = {}  # (the words of a row share their height)
    for i, row_words in enumerate(placed):
        cells: list[list[Word]] = [[] for _ in range(len(edges) - 1)]
        for w, c in row_words:
            if rules:
                y = round(w.yc)
                if y not in at_height:
                    at_height[y] = ruled_edges(w.yc, edges, rules)
                start = merged_start(c, at_height[y])
                while start < c and 2 * codes[start] >= filled[start] > 0:
                    start += 1
                c = start
            cells[c].append(w)
        texts.append(["".join(ln.text for ln in group_lines(ws)) if ws else "" for ws in cells])
        for c, ws in enumerate(cells):
            reading = _cell_reading(ws)
            if reading is not None:
                readings[(i, c)] = reading
                if len(ws) > 1:
                    # OCR may cut an amount at a blurred separator (`117.252.` | `13`):
                    # the cell's whole figure gets the repair each word had.
                    texts[i][c] = restore_separators(texts[i][c])
    return texts, readings


def _numeric_id(text: str) -> bool:
    """A code as printed: a subject's (201, 2010301, or its 款 or 项 part 01 in a column
    of its own) or a unit's (116001); digits, no separator."""
    digits = compact(text)
    return len(digits) >= 2 and digits.isdigit()


def stacked_glyphs(words: list[Word]) -> frozenset[int]:
    """The ids of single glyphs written down a narrow cell (事 业 收 入, one under the
    other): runs of three glyphs or more at one x, each close under the one before."""
    glyphs = sorted((w for w in words if len(compact(w.text)) == 1), key=lambda w: (w.top, w.x0))
    below: dict[int, Word] = {}
    for w in glyphs:
        nxt = next((v for v in glyphs if v.top > w.top and abs(v.xc - w.xc) < 0.5 * w.height
                    and v.top - w.bottom < w.height), None)
        if nxt is not None:
            below[id(w)] = nxt
    out: set[int] = set()
    for w in glyphs:
        run = [w]
        while id(run[-1]) in below:
            run.append(below[id(run[-1])])
        if len(run) >= 3:
            out.update(id(v) for v in run)
    return frozenset(out)


def join_spaced(line: Line, vocabulary: frozenset[str], stacked: frozenset[int] = frozenset(),
                longest: int = 4, piece: int = 1) -> list[Word]:
    """Headers are letter-spaced across their cell (收      入, 项   目): single glyphs
    of one line that together spell a known header word become that word. Glyphs of
    `stacked` are each a line of a vertical header in its own column: the glyphs beside
    them (收 | 入 of two such columns) spell nothing. A row label may be spaced in
    pieces of `piece` glyphs (本年 收 入 合 计), at most `longest` pieces."""
    words = sorted(line.words, key=lambda w: w.x0)
    out: list[Word] = []
    i = 0
    while i < len(words):
        w = words[i]
        if len(compact(w.text)) <= piece and id(w) not in stacked:
            for j in range(min(len(words), i + longest), i + 1, -1):
                run = words[i:j]
                if all(len(compact(x.text)) <= piece and id(x) not in stacked for x in run) and _spells(
                        run, vocabulary):
                    out.append(Word("".join(x.text for x in run), run[0].x0, min(x.top for x in run),
                                    run[-1].x1, max(x.bottom for x in run)))
                    i = j
                    break
            else:
                out.append(w)
                i += 1
        else:
            out.append(w)
            i += 1
    return out


# The glyph OCR reads most often for another (目 as 日: 科日, 项 日): a run of glyphs OCR
# read spells a header word through it too; the joined word keeps what was read.
_MISREAD_GLYPHS = str.maketrans({"日": "目"})


def _spells(run: list[Word], vocabulary: frozenset[str]) -> bool:
    text = "".join(compact(x.text) for x in run)
    return text in vocabulary or (all(x.reading is not None for x in run)
                                  and text.translate(_MISREAD_GLYPHS) in vocabulary)


def align(words: list[Word], ruled: RuledGrid | None = None, columns: list[float] | None = None,
          header_of: AlignedPart | None = None, vocabulary: frozenset[str] = frozenset(),
          merge: bool = True, spaced: frozenset[str] = frozenset()) -> AlignedPart:
    """Align one page's table words into header blocks and body rows; `columns` imposes
    known column edges (a continuation page printed without its header). `header_of` is
    the table's first page: on a continuation page, lines above the first figures that
    repeat none of its header are body rows (rows without figures), not a header.
    `merge`: join columns the header says are one (see `_merge_split_columns`); a form
    has no header to say so, and its ruled cells are its cells. `spaced`: row labels a
    body line may print letter-spaced (本 年 收 入 合 计), whose glyphs would each
    make a column of their own."""
    lines = group_lines(words)
    index_at = next((i for i, ln in enumerate(lines) if _is_index_line(ln)), None)
    if index_at is not None:
        header_lines, body_lines = lines[:index_at], lines[index_at + 1:]
    else:
        first_data = next((i for i, ln in enumerate(lines) if _has_data(ln)), len(lines))
        # A first row whose name wraps has text lines just above its figures (centred
        # across them): lines closer to the first figures than a row pitch are body.
        labels = [w for w in lines[first_data].words if not is_data_word(w)] if first_data < len(lines) else []
        while 0 < first_data < len(lines):
            above, below = lines[first_data - 1], lines[first_data]
            # Only a line over the first row's label cell (its name wrapped) moves down.
            # (Or one that reaches down beside the first figures: a header ends above its
            # body, a name wrapped round its row's figures straddles them.)
            over_label = any(above.x0 >= w.x0 - LABEL_SLACK and above.x1 <= w.x1 + LABEL_SLACK + LABEL_REACH * w.height
                             for w in labels) or (
                not labels and above.x1 < min(w.x0 for w in below.words)) or (
                below.top < above.bottom - SAME_ROW_OVERLAP * below.height
                and not any(a.x0 < b.x1 and b.x0 < a.x1 for a in above.words for b in below.words))
            if (below.top - above.bottom >= HALF_GLYPH * min(above.height, below.height) or len(segments(above)) > 1
                    or not over_label):
                break
            first_data -= 1
        # A first row without figures whose labels are numbered as items are (西安: 一、部门预算
        # under each block's 项目) is a body row, not the header's lowest line.
        while 1 < first_data <= len(lines) and _numbered_labels(lines[first_data - 1]):
            first_data -= 1
        if ruled is not None and first_data < len(lines) and _grid_fits(ruled.col_edges, lines[first_data:]):
            # Ruled, the first row's cell starts at the rule above its figures: the
            # lines of a tall cell's text above them (centred in the row) are that row's.
            # (Only where that rule parts the header from them: a line it cuts, or no
            # header line left above it, says the rule is no such parting.)
            figures = next((i for i in range(first_data, len(lines)) if _has_data(lines[i])), first_data)
            middle = (lines[figures].top + lines[figures].bottom) / 2
            band_top = max((e for e in ruled.row_edges if e < middle), default=None)
            if band_top is not None:
                start = next(i for i, ln in enumerate(lines) if i == figures or (ln.top + ln.bottom) / 2 > band_top)
                if 0 < start < first_data and lines[start - 1].bottom <= band_top + 1 <= lines[start].top + 2:
                    first_data = start
        header_lines, body_lines = lines[:first_data], lines[first_data:]
        if header_of is None and _group_row_under_header(header_lines, vocabulary):
            header_lines, body_lines = header_lines[:-1], header_lines[-1:] + body_lines
        if header_of is not None and header_lines and not _repeats_header(header_lines, header_of):
            header_lines, body_lines = [], lines
        elif header_of is not None and header_lines:
            # The repeated header ends with its last line of header text: rows without
            # figures printed under it (十七、住房保障支出) are body rows.
            last = max(i for i, ln in enumerate(header_lines) if _repeats_header([ln], header_of, 1, 1))
            header_lines, body_lines = lines[:last + 1], lines[last + 1:]
    stacked = stacked_glyphs([w for ln in header_lines for w in ln.words])
    header_words = [w for ln in header_lines for w in _join_years(join_spaced(ln, vocabulary, stacked))]
    body_words = [w for ln in body_lines for w in (join_spaced(ln, spaced, longest=SPACED_LABEL, piece=2) if spaced else ln.words)]

    rules: list[tuple[float, float, float]] = []
    row_rules: list[float] = []
    if columns is not None:
        edges = list(columns)
    elif ruled is not None and len(ruled.col_edges) >= 3 and _grid_fits(ruled.col_edges, body_lines):
        edges = [-FAR, *ruled.col_edges[1:-1], FAR]
        rules = ruled.v_rules
        row_rules = ruled.row_edges
    else:
        centres: list[float] = []
        if index_at is not None and not _labelled_index(lines[index_at]):
            tokens = _split_index_tokens(lines[index_at])
            centres = _index_centres(sorted(tokens, key=lambda w: w.x0))
        leaves = leaf_words(header_words)
        # An index row with fewer marks than the header has columns side by side (西安
        # marks two of its four text columns **) cannot say where every column is.
        if centres and len(centres) >= len(_clusters(leaves)):
            edges = _index_edges(centres, body_words, leaves)
        else:
            edges = _projection_edges(body_words, leaves)

    if ruled is not None and len(ruled.row_edges) >= 2 and body_words and _grid_fits(ruled.col_edges, body_lines):
        body_rows = _rows_ruled(body_words, ruled.row_edges)
    else:
        body_rows = _body_rows_unruled(body_lines, vocabulary | (spaced or frozenset()), edges)
    rows, readings = _cells(body_rows, edges, rules)
    blocks = header_blocks(header_words, edges, vocabulary)
    fixed = spans_from_rules(blocks, edges, rules)
    widen_groups(blocks, edges, fixed, row_rules)
    part = AlignedPart(edges, blocks, rows, index_at is not None, readings=readings)
    # Without a header (a continuation page) there is nothing to judge a split by.
    if not part.blocks or not merge:
        return part
    before = part.ncols
    part = _merge_split_columns(_header_from_twin(_figures_left_of_their_header(part, body_words)))
    if part.ncols < before:
        # The merged cells of group headers, weighed again on the columns as merged.
        widen_groups(part.blocks, part.col_edges, fixed, row_rules)
    return part


def _merge_columns(part: AlignedPart, left: int) -> None:
    """Make columns `left` and `left + 1` one column."""
    right = left + 1
    del part.col_edges[right]
    for block in part.blocks:
        if block.first >= right:
            block.first -= 1
        if block.last >= right:
            block.last -= 1
    seen: set[tuple[str, int, int, float]] = set()
    blocks = []
    for block in part.blocks:
        key = (block.text, block.first, block.last, block.top)
        if key not in seen:
            seen.add(key)
            blocks.append(block)
    part.blocks = blocks
    for row in part.rows:
        a, b = row[left], row[right]
        row[left] = f"{a} {b}" if a and b else a or b
        del row[right]
    readings: dict[tuple[int, int], Reading] = {}
    for (i, c), reading in part.readings.items():
        if c in (left, right):
            joined = _joined_reading(part.readings.get((i, left)), part.readings.get((i, right)))
            if joined is not None:
                readings[(i, left)] = joined
        else:
            readings[(i, c - 1 if c > right else c)] = reading
    part.readings = readings


def _header_from_twin(part: AlignedPart) -> AlignedPart:
    """Blocks set side by side repeat their headers (收入: 项目 | 预算数, 支出: 项目 |
    预算数). A column of text with no header at all, left of a column whose header has a
    twin that a headed text column precedes under the same group, takes that text
    column's header, and the group over its neighbour widens over it: a scan's OCR may
    miss a letter-spaced 项　目 (深圳's 收支总表), and the block's labels would join its
    figures."""
    paths = part.paths()
    for c in range(part.ncols - 1):
        cells = [row[c] for row in part.rows if row[c]]
        right = paths[c + 1]
        if paths[c] or not right or not cells or any(is_amount(x) for x in cells):
            continue
        for d in range(1, part.ncols):
            twin = paths[d - 1]
            # The twin: the same leaf as the neighbour's, as deep, its label column under
            # its own group.
            if (d == c + 1 or paths[d][-1:] != right[-1:] or len(paths[d]) != len(right)
                    or len(twin) != len(right) or twin[:-1] != paths[d][:-1]):
                continue
            twin_cells = [row[d - 1] for row in part.rows if row[d - 1]]
            leaf = next((b for b in part.blocks if b.first == b.last == d - 1 and b.text == twin[-1]), None)
            if leaf is None or not twin_cells or any(is_amount(x) for x in twin_cells):
                continue
            for block in part.blocks:
                if block.first == c + 1 and block.text in right[:-1]:
                    block.first = c
            part.blocks.append(Block(leaf.text, c, c, leaf.top, leaf.bottom))
            return _header_from_twin(part)
    return part


def _merge_split_columns(part: AlignedPart) -> AlignedPart:
    """The projection splits a cell where all its rows have a space at the same x
    (`201 一般公共服务支出`): adjacent columns under the same header path are one, and
    a column with no header at all belongs to its neighbour."""
    changed = True
    while changed and part.ncols > 1:
        changed = False
        paths = part.paths()
        for c in range(part.ncols - 1):
            if paths[c] and paths[c] == paths[c + 1] or _leaf_beside_its_figures(part, paths, c):
                _merge_columns(part, c)
                changed = True
                break
        else:
            # Headerless figures right of an empty header's column are that header's
            # (金额 centred at 593, its figures right-aligned at 645–697), before any
            # text to the left is taken to be under it.
            for c in range(1, part.ncols):
                cells = [row[c] for row in part.rows if row[c]]
                if (not paths[c] and cells and all(is_amount(x) for x in cells) and paths[c - 1]
                        and not any(row[c - 1] for row in part.rows) and not _nearer_empty_right(part, paths, c)):
                    _merge_columns(part, c - 1)
                    changed = True
                    break
            if changed:
                continue
            for c in range(part.ncols):
                leafless = bool(paths[c]) and _leafless(paths, c)
                if paths[c] and not leafless:
                    continue
                cells = [row[c] for row in part.rows if row[c]]
                right_empty = c + 1 < part.ncols and paths[c + 1] and not any(row[c + 1] for row in part.rows)
                text = bool(cells) and not any(is_amount(x) for x in cells)
                left_figures = c > 0 and [row[c - 1] for row in part.rows if row[c - 1]]
                if text and (right_empty or leafless and c + 1 < part.ncols and paths[c + 1]
                             and not _share_rows(part, c, c + 1)):
                    # Left-aligned names under a header centred over their wide column
                    # (under a group only, the header's column may hold the total's 合计
                    # on a row of its own).
                    _merge_columns(part, c)
                elif leafless:
                    # (Only names find their header so: figures under a group alone are
                    # the group's, 收入 over a 预算数 not read as their own.)
                    continue
                elif text and c + 1 < part.ncols and paths[c + 1] and left_figures and all(
                        is_amount(x) for x in left_figures):
                    # Figures are set right in their cells: text after a column of
                    # figures starts the next cell (长沙: 22、其他支出 right of 金额's
                    # figures, under 支出's 项目 centred further right).
                    _merge_columns(part, c)
                elif c + 1 < part.ncols and all(is_code(x) for x in cells):
                    _merge_columns(part, c)
                elif 0 < c < part.ncols - 1 and _share_rows(part, c, c - 1) and not _share_rows(part, c, c + 1):
                    # Cells beside the left column's own on their rows are not its text:
                    # they belong right, where no cell stands on their rows (西安's
                    # government codes, 50101 set left of the empty 政府经济科目编码, right
                    # of the names; its unit names left of the 合计 under 单位名称).
                    _merge_columns(part, c)
                elif c > 0 and not _whole_figures_side_by_side(part, c - 1, c):
                    _merge_columns(part, c - 1)
                elif c + 1 < part.ncols and not _whole_figures_side_by_side(part, c, c + 1):
                    _merge_columns(part, c)
                else:
                    continue
                changed = True
                break
    return part


def _whole_figures_side_by_side(part: AlignedPart, a: int, b: int) -> bool:
    """Whether columns `a` and `b` hold whole figures (with their decimals) on one row:
    two cells, never one figure the projection split (a scan's column whose header the
    recogniser lost, 长春's 其他收入, beside 附属单位上缴收入: 0.00 | 0.00)."""
    return any("." in row[a] and "." in row[b] and is_amount(row[a]) and is_amount(row[b]) for row in part.rows)


def _share_rows(part: AlignedPart, a: int, b: int) -> bool:
    """Whether columns `a` and `b` both hold a cell on some row."""
    return any(row[a] and row[b] for row in part.rows)


def _nearer_empty_right(part: AlignedPart, paths: list[list[str]], c: int) -> bool:
    """Whether headerless column `c` has an empty header column on its right too, whose
    header is nearer to it than the left one's (深圳's continuation page: its codes
    between 预算单位 and 科目编码, both empty; codes read as figures are no proof that
    they are the left header's right-aligned figures)."""
    if c + 1 >= part.ncols or not paths[c + 1] or any(row[c + 1] for row in part.rows):
        return False
    left = [b for b in part.blocks if b.first == b.last == c - 1]
    right = [b for b in part.blocks if b.first == b.last == c + 1]
    if not left or not right:
        return False
    lo, hi = part.col_edges[c], part.col_edges[c + 1]
    return min(b.x0 for b in right) - hi < lo - max(b.x1 for b in left)


def _leafless(paths: list[list[str]], c: int) -> bool:
    """Whether column `c` has a group over it but no header of its own: its path is the
    start of other columns' paths (上海: 经济分类科目编码 widened over 类 | 款 and over the
    names set left in their wide cell, whose 部门经济分类科目名称 is centred further right)."""
    mine = paths[c]
    return any(len(p) > len(mine) and p[:len(mine)] == mine for p in paths)


def _leaf_beside_its_figures(part: AlignedPart, paths: list[list[str]], c: int) -> bool:
    """A header leaf centred in its cell and the cell's right-aligned figures may not
    overlap at all (烟台's “三公” table: 小计 at 571–591, its 4.00 at 595–610): the
    leaf's column holds no figure, the next column only figures under the leaf's group.
    (Figures sit at or right of their header's centre, never left of it: a blank
    column to the right of figures is a column of its own.)"""
    leaf, group = paths[c], paths[c + 1]
    if any(row[c] for row in part.rows) or not any(is_amount(row[c + 1]) for row in part.rows if row[c + 1]):
        return False
    # (Or the group's text, narrower than its cell, starts right of the leaf: 苏州's
    # 公务用车购置及运行维护费 over 购置费 | 运行维护费 only, its 小计 further left.)
    heads_next = c + 2 < len(paths) and len(paths[c + 2]) > len(group) and paths[c + 2][:len(group)] == group
    return len(group) >= 1 and (len(leaf) > len(group) and leaf[:len(group)] == group or heads_next and bool(leaf))


def _figures_left_of_their_header(part: AlignedPart, body_words: list[Word]) -> AlignedPart:
    """Figures sit at or right of their header's middle, never wholly left of its text.
    A column whose figures end where the only header over it begins (烟台: the side's
    支 出 at 540–566 over 12.00 at 516–540) is the column of the header to their left
    whose own column holds nothing (总计 at 491–509): the two are one column."""
    c = 0
    while c < part.ncols - 1:
        edges = part.col_edges
        figures = [w for w in body_words if is_amount(w.text) and edges[c + 1] <= w.xc < edges[c + 2]]
        own = [b for b in part.blocks if b.first == b.last == c + 1]
        leaf = [b for b in part.blocks if b.first == b.last == c]
        if (figures and own and leaf and not any(row[c] for row in part.rows)
                and all(b.x0 >= max(w.x1 for w in figures) - SLIVER for b in own)
                and all(b.x1 <= min(w.x0 for w in figures) for b in leaf)):
            _merge_columns(part, c)
            continue
        c += 1
    return part


def _repeats_header(lines: list[Line], first: AlignedPart, least: int = 2, piece: int = 3) -> bool:
    """Whether lines repeat the first page's header: most of their words (and at least
    `least`) are its header texts or pieces of them `piece` glyphs long or more (a
    wrapped row label that happens to read 支出 is not enough for a whole header; one
    line of it may hold the last glyphs of wrapped header cells: 算 | 预算 | 营预算)."""
    known = {compact(b.text) for b in first.blocks}
    joined = "".join(known)
    texts = [compact(w.text) for ln in lines for w in ln.words]
    hits = sum(1 for t in texts if t in known or (len(t) >= piece and t in joined))
    return hits >= least and hits * 2 >= len(texts)


def _grid_fits(col_edges: list[float], body_lines: list[Line]) -> bool:
    """A ruled grid whose columns put two figures of one line into one cell has lost
    some of its rules (drawn in a way the line detector missed): do not trust it."""
    edges = [-FAR, *col_edges[1:-1], FAR]
    for line in body_lines:
        last: dict[int, Word] = {}
        for w in sorted(line.words, key=lambda w: w.x0):
            c = column_of(w.xc, edges)
            prev = last.get(c)
            if prev is not None and (is_amount(w.text) or is_amount(prev.text)):
                gap = w.x0 - prev.x1
                # Two figures apart in one cell, or a name far from a figure: a rule
                # between them is missing. (Touching pieces are one figure split by OCR.)
                both = is_amount(w.text) and is_amount(prev.text)
                if (both and gap > SPLIT_FIGURE_GAP * max(w.height, MIN_HEIGHT)) or gap > CELL_GAP * max(w.height, MIN_HEIGHT):
                    return False
            last[c] = w
    return True


def unstack(part: AlignedPart) -> AlignedPart:
    """Tables printed as two or more identical column groups side by side (经济分类
    科目 | 金额 | 经济分类科目 | 金额) become one group with the rows of each group in
    turn, left group first."""
    paths = part.paths()
    n = len(paths)
    leaves = [compact(p[-1]) if p else "" for p in paths]
    if part.readings:
        # Read by OCR, one group's 科目名称 may be another's 科日名称.
        leaves = [leaf.translate(_MISREAD_GLYPHS) for leaf in leaves]
    for period in range(2, n // 2 + 1):
        if n % period or not all(leaves[:period]):
            continue
        if all(leaves[i] == leaves[i % period] for i in range(n)):
            edges = part.col_edges[: period + 1]
            blocks = [b for b in part.blocks if b.last < period]
            rows: list[list[str]] = []
            readings: dict[tuple[int, int], Reading] = {}
            pieces = [[row[k * period:(k + 1) * period] for k in range(n // period)] for row in part.rows]
            _join_spanning_totals(pieces, _text_column(pieces, period))
            for k in range(n // period):
                for i, row in enumerate(part.rows):
                    piece = pieces[i][k]
                    if not any(c.strip() for c in piece):
                        continue
                    readings.update({(len(rows), c - k * period): r for (j, c), r in part.readings.items()
                                     if j == i and k * period <= c < (k + 1) * period})
                    rows.append(piece)
            return AlignedPart(edges, blocks, rows, part.has_index_row, part.notes, readings)
    return part


def _text_column(pieces: list[list[list[str]]], period: int) -> int | None:
    """The column of a group that holds its names: the one whose cells are most often
    words, not figures or codes."""
    best, share = None, 0.5
    for j in range(period):
        cells = [p[j].strip() for groups in pieces for p in groups if p[j].strip()]
        if cells:
            words = sum(not is_amount(c) for c in cells) / len(cells)
            if words > share:
                best, share = j, words
    return best


def _join_spanning_totals(pieces: list[list[list[str]]], label_col: int | None) -> None:
    """A group's total printed in one cell merged over two groups (公用经费合计 centred
    over the 商品和服务支出 and 资本性支出 blocks of a 决算 基本支出表, its figure under
    the second block): the label lands in one group and the figure in the next. The
    label goes to the figure, so the total keeps its name."""
    if label_col is None:
        return
    for groups in pieces:
        for k in range(1, len(groups)):
            left, right = groups[k - 1], groups[k]
            words = [c.strip() for c in left if c.strip()]
            figures = [c for c in right if c.strip()]
            if (len(words) == 1 and compact(words[0]).endswith(TOTAL_WORDS) and not is_amount(words[0])
                    and figures and all(is_amount(c) for c in figures) and not right[label_col].strip()):
                groups[k] = [words[0] if j == label_col else c for j, c in enumerate(right)]
                groups[k - 1] = [""] * len(left)

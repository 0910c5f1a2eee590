"""The words of a located table region, the cells the aligner reads: the lines that are
no cells dropped (meta lines, page numbers, 表N labels, the title repeated), notes kept
apart, a figure's wrapped end joined to it, figures the text layer ran together split."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from budgetx.model import Page, Word
from budgetx.reader.line_kinds import BARE_FIGURE, UNITS, is_footer, is_meta, is_note
from budgetx.reader.lines import Line, group_lines, segments
from budgetx.reader.locate import Region
from budgetx.reader.titles import is_label
from budgetx.schema.registry import normalise_header
from budgetx.values.numbers import is_amount


@lru_cache(maxsize=1 << 16)
def _named_note(text: str) -> bool:
    norm = unicodedata.normalize("NFKC", text).strip()
    return "空表" in text or norm.startswith(("注:", "说明:", "备注:"))


@dataclass
class RegionText:
    words: list[Word]
    notes: list[str]


def region_words(page: Page, region: Region, title: str | None = None, text_cells: bool = False) -> RegionText:
    """The words of a table region, without the lines that are not cells: meta lines,
    page footers, 表N labels, a repeated title, notes (kept apart). With `text_cells`
    (a table outside the families, which may have a wide text column: 绩效目标,
    项目概述), a sentence that starts inside the table, right of its first quarter, or
    shares its line with other cells, is a wrapped text cell, not a note: a note is
    one piece from the table's left edge or says what it is (为空表, 注：)."""
    words: list[Word] = []
    notes: list[str] = []
    tails: dict[int, Word] = {}
    inside = [w for w in page.words if region.top <= w.yc <= region.bottom]
    left = min((w.x0 for w in inside), default=0.0)
    right = max((w.x1 for w in inside), default=0.0)
    lines = group_lines(inside)
    cut = _cut_unit_notes(lines)
    noting = False  # the lines above were a note that names itself (注：)
    for k, line in enumerate(lines):
        if k in cut:
            continue
        text = line.text
        heads = figure_heads(line, inside)
        if heads:
            for head, tail in zip(heads, line.words):
                tails[id(head)] = tail
            continue
        # (A bare number between the region's lines is no page number: a whole amount
        # centred in a tall cell, 611, on a line of its own between the label's two, or
        # a code set above its name. A lone digit there is rather an index mark OCR
        # read apart from its row (** | 1).)
        bare = text.strip()
        footer = is_footer(text) and (k in (0, len(lines) - 1) or not (bare.isdigit() and len(bare) >= 2))
        if footer or is_label(text) or is_meta(text) or (not words and _bare_unit(line)):
            continue
        if title and normalise_header(text) == normalise_header(title):
            continue
        cell = (text_cells and (line.x0 > left + 0.25 * (right - left) or len(segments(line)) > 1)
                and not _named_note(text))
        # A figure of its own (decimals or thousands grouped) beside a wrapped sentence
        # is a row's amount: the sentence is a text cell of the row, not a note.
        figure = any((is_amount(w.text) and "." in w.text and "," not in w.text[:1])
                     or BARE_FIGURE.match(unicodedata.normalize("NFKC", w.text)) for w in line.words)
        # A note that says it is one (注：…) runs on over the lines under it that hold
        # no figure, whether or not a line reads as a sentence (租赁费、会议费、…).
        if not cell and not figure and (is_note(text) or (noting and not text_cells)):
            notes.append("".join(text.split()))
            noting = noting or _named_note(text)
            continue
        noting = False
        words.extend(piece for w in line.words for piece in split_run_figures(w))
    # The figure has its whole text, over both its lines: centred on its row as the
    # row's other cells are (its first line alone sits above a label's line).
    words = [replace(w, text=w.text + tails[id(w)].text, bottom=max(w.bottom, tails[id(w)].bottom))
             if id(w) in tails else w for w in words]
    return RegionText(words, notes)


# The unit note wrapped in a narrow corner: 单位：万 over 元.
_UNIT_HEAD = re.compile(r"^(?:金额)?单位[:：](万|千|亿)$")


def _bare_unit(line: Line) -> bool:
    """The unit alone at the end of a line of one other word at most (湖州: `507-湖州市
    卫生健康委员会 … 万元`, no 单位： before it): above a table's header, the department
    and unit, no header cells."""
    return len(line.words) <= 2 and normalise_header(line.words[-1].text) in UNITS


def _cut_unit_notes(lines: list[Line]) -> set[int]:
    """The lines of a unit note whose 元 wraps under it (a narrow corner cell; another
    meta line may come between, 预算单位：… set at the left): both are meta, not header
    cells (单位：万元 over 项目支出)."""
    out: set[int] = set()
    for k, line in enumerate(lines):
        for head in (w for w in line.words if _UNIT_HEAD.match(normalise_header(w.text))):
            for j, below in enumerate(lines[k + 1:k + 3], k + 1):
                tail = [w for w in below.words if normalise_header(w.text) == "元" and head.x0 - head.height <= w.x0
                        and w.x1 <= head.x1 + head.height and 0 <= w.top - head.bottom < head.height]
                if tail:
                    out.update(i for i, ln in ((k, line), (j, below)) if len(ln.words) == 1)
                    break
    return out


# A figure with its two decimals, as a table prints its amounts.
_WHOLE_FIGURE = re.compile(r"^-?[\d,]*\d\.\d{2}$")
# How far (× glyph height, the taller of the two) the tail of a wrapped figure may sit
# below its head, and how far its right edge from the head's (both right-aligned in one
# cell). OCR boxes hug the ink: a line's gap is about a digit's height there, up to one
# and a third of it (杭州's scans: 7.6 under 8.3; 8.6 under 18,536.8 boxed 6.9 tall).
TAIL_GAP = 1.5
TAIL_OVERLAP = 0.5
TAIL_ALIGN = 0.3


def figure_heads(line: Line, words: list[Word]) -> list[Word]:
    """The figures that a line of lone numbers ends: a figure cut short in a narrow
    column (`116,780.6` over `2`, both right-aligned in the cell) wraps its last digits
    onto the line below, which would otherwise read as a page number or a row of its
    own; a row may wrap several (杭州's 合计: `370,219.2` and `293,191.8` over `5` and
    `6`). Each tail's head in order, or none unless every number of the line has one."""
    heads = []
    for tail in line.words:
        if not tail.text.isdigit():
            return []
        height = tail.bottom - tail.top
        # (A font may box its glyphs taller than they are, 20 pt for a 12 pt line: the
        # boxes of the head and its tail then overlap, their centres a line apart.)
        head = next((h for h in words if -TAIL_OVERLAP * height <= tail.top - h.bottom
                     <= TAIL_GAP * max(height, h.bottom - h.top)
                     and tail.yc - h.yc >= TAIL_OVERLAP * height and abs(h.x1 - tail.x1) <= TAIL_ALIGN * height and not _WHOLE_FIGURE.match(h.text)
                     and _WHOLE_FIGURE.match(h.text + tail.text)), None)
        if head is None:
            return []
        heads.append(head)
    return heads


_PIECE = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}"
_RUN = re.compile(rf"^(?:{_PIECE}){{2,}}$")
# Beside text a figure ends where the text begins, however many its decimals (北京
# prints 万元 to six: 508.642853).
_FIGURE = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2,}"
# A figure that the text layer ran into the next cell's text (`48,362.82本年支出合计`).
_RUN_TEXT = re.compile(rf"^({_FIGURE})([\u4e00-\u9fff（(].*)$")
# A long name run into the figure after it (`机关事业单位职业年金缴费支出43608.96`).
_TEXT_RUN = re.compile(rf"^([^\d].*[\u4e00-\u9fff）)])({_FIGURE})$")


def split_run_figures(word: Word) -> list[Word]:
    """Two figures of neighbouring columns that the text layer ran into one word
    (`244,895.02192,446.79`: a right-aligned figure touching the next one): each figure
    ends with its two decimals, so the word splits after every second decimal. A figure
    run into the label of the next cell splits from it the same way, and so does a label
    run into the figure of the next cell."""
    text = word.text
    if m := _RUN_TEXT.match(text):
        return _cut(word, [m.group(1), m.group(2)])
    if m := _TEXT_RUN.match(text):
        return _cut(word, [m.group(1), m.group(2)])
    if not _RUN.match(text):
        return [word]
    pieces = []
    rest = text
    while rest:
        m = re.match(_PIECE, rest)
        if m is None:
            return [word]
        pieces.append(m.group())
        rest = rest[m.end():]
    return _cut(word, pieces)


def _cut(word: Word, pieces: list[str]) -> list[Word]:
    """The word cut into pieces, each as wide as its glyphs (a digit half a CJK glyph),
    touching end to end: align._run_pieces knows them so and lets the other rows place
    the column boundaries."""
    weights = [sum(0.5 if ch.isascii() else 1.0 for ch in piece) for piece in pieces]
    step = (word.x1 - word.x0) / sum(weights)
    out = []
    x0 = word.x0
    for piece, weight in zip(pieces, weights):
        out.append(replace(word, text=piece, x0=x0, x1=x0 + step * weight))
        x0 += step * weight
    return out

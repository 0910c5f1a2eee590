"""Words → text lines: the shared geometry helpers of locate.py and align.py."""
from __future__ import annotations

from dataclasses import dataclass

from budgetx.model import Word

# Half a glyph, as a share of its height: words whose centres are closer than this are
# on one line (sub- and superscripts, a figure set a little lower, stay on it), lines
# closer than this are one cell's text wrapped (align.py).
HALF_GLYPH_HEIGHT = 0.45


@dataclass
class Line:
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def height(self) -> float:
        return sorted(w.height for w in self.words)[len(self.words) // 2]

    @property
    def text(self) -> str:
        return join_words(self.words)


def join_words(words: list[Word]) -> str:
    """Words of one line in reading order; a space only between two Latin/digit runs
    that a visible gap separates (OCR splits `40.10` at a rule into `40.1` `0`)."""
    out = ""
    prev: Word | None = None
    for word in sorted(words, key=lambda w: w.x0):
        if (prev is not None and out and out[-1].isascii() and out[-1].isalnum() and word.text[:1].isascii()
                and word.text[:1].isalnum() and word.x0 - prev.x1 > 0.25 * max(word.height, 1.0)):
            out += " "
        out += word.text
        prev = word
    return out


def group_lines(words: list[Word]) -> list[Line]:
    """Words whose vertical centres lie within half a glyph of each other share a line;
    so do words that overlap the line by most of their height (OCR boxes hug the ink,
    so `※` and `1` of one line have different centres)."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.yc, w.x0)):
        if lines:
            last = lines[-1]
            centre = sum(w.yc for w in last.words) / len(last.words)
            overlap = min(word.bottom, last.bottom) - max(word.top, last.top)
            if (abs(word.yc - centre) < max(word.height, last.height) * HALF_GLYPH_HEIGHT
                    or overlap > 0.6 * min(word.height, last.height)):
                last.words.append(word)
                continue
        lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def segments(line: Line, gap_factor: float = 2.5) -> list[Line]:
    """Split a line where the horizontal gap exceeds `gap_factor` glyph heights: the
    pieces of a line that lie in different cells or blocks (编制部门… | 单位：万元)."""
    parts: list[Line] = []
    for word in line.words:
        if parts and word.x0 - parts[-1].x1 <= gap_factor * max(line.height, 1.0):
            parts[-1].words.append(word)
        else:
            parts.append(Line([word]))
    return parts

"""The one normaliser for printed text: the form in which codes, amounts, index marks and
header words are compared. Full-width digits and brackets become ASCII (NFKC) and all
whitespace goes (line breaks inside cells, letter-spaced `合   计`). Also the cleaning
of text as a PDF gives it (clean_pdf_text) and of text for a one-line message (one_line).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


# Cached: a document's cells and lines are compacted tens of thousands of times, most
# of them texts seen before (合计, 0.00, a header word).
@lru_cache(maxsize=1 << 16)
def compact(text: str) -> str:
    """NFKC without whitespace: `２０１` → `201`, `（一）` → `(一)`, `合 计` → `合计`;
    the minus sign (U+2212, which NFKC keeps) the ASCII one."""
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("\u2212", "-")


# The hanzi a disclosure prints (CJK Unified Ideographs).
_HANZI = re.compile(r"[\u4e00-\u9fff]")


def has_hanzi(text: str) -> bool:
    """Whether a text holds a Chinese character: a label or name, not a figure or code."""
    return bool(_HANZI.search(text))


def squash(text: str) -> str:
    """All whitespace dropped, the printed characters kept as printed: how a cell's text
    is output (a name wrapped over two lines is one name)."""
    return "".join(text.split())


def squash_apart(text: str) -> str:
    """`squash`, except that two figures stay apart: a cell read over several narrow
    columns (a name and its two amounts, 82.2 82.2) would otherwise print one figure
    (82.282.2) where the document prints two."""
    out = ""
    for token in text.split():
        if out and (out[-1].isdigit() or out[-1] == "%") and token[:1].isdigit():
            out += " "
        out += token
    return out


# Unicode's replacement character: what stands in for a glyph that had no usable text.
REPLACEMENT = "\ufffd"
# C0 and C1 control characters (tab and newlines included: a PDF word holds none) and
# unpaired UTF-16 surrogates, which no UTF-8 or XML output can carry.
_UNUSABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_pdf_text(text: str) -> str:
    """Text read from a PDF, with every control character and unpaired surrogate (a
    broken ToUnicode map yields U+0001, U+001B or U+D800) replaced by U+FFFD, so the
    output shows that a glyph was unreadable and every format can hold it (issue 15)."""
    return _UNUSABLE.sub(REPLACEMENT, text)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """`text` made safe for a one-line message: newlines and other control characters
    escaped (`\\n`, `\\x1b`), surrogates from undecodable file names shown as `\\xNN`."""
    def escape(match: re.Match[str]) -> str:
        ch = match.group()
        if ch in _ESCAPES:
            return _ESCAPES[ch]
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape for a byte that is not UTF-8
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", escape, text)

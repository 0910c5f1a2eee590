"""Text normalisation shared by the readers and the writers."""
from __future__ import annotations

import re

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

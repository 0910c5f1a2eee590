"""How row labels are numbered: the one reading of an outline's numbers (一、 | （一） |
1、 | （1）) that the aligner, the rules' labels and the outline check share."""
from __future__ import annotations

import re
import unicodedata

# A numeral as outlines write them (一 … 九, 十, 十二, 二十三); OCR's `二二、` is none.
_CN = "[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九]"
# Each style of number an outline opens its rows with; `1.5` is a figure, not `1.`.
_STYLES = (("cn", rf"({_CN})[、.]"), ("paren_cn", rf"\(({_CN})\)"),
           ("digit", r"(\d{1,2})[、.](?!\d)"), ("paren_digit", r"\((\d{1,2})\)"))
_OUTLINE = tuple((style, re.compile(pattern)) for style, pattern in _STYLES)
# The numbering in front of a label, and 其中 (`其中：` a part of the row above).
_PREFIX = re.compile(r"^(?:" + "|".join(pattern for _, pattern in _STYLES) + r"|其中:?)+")
_CN_DIGITS = "一二三四五六七八九"


def outline_number(text: str) -> tuple[str, int] | None:
    """The style and value of the number a row label opens with (`二、事业收入` →
    ("cn", 2), `（3）…` → ("paren_digit", 3)); None for a label without one, and for
    其中 (a part of the row above, never one of a complete list)."""
    label = unicodedata.normalize("NFKC", text).strip()
    for style, pattern in _OUTLINE:
        match = pattern.match(label)
        if match:
            number = match.group(1)
            if number.isdigit():
                return style, int(number)
            if number == "十":
                return style, 10
            tens, _, units = number.rpartition("十")
            value = (_CN_DIGITS.index(tens) + 1 if tens else 1) * 10 if "十" in number else 0
            return style, value + (_CN_DIGITS.index(units) + 1 if units else 0)
    return None


def cn_numeral(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (1–99): how an outline writes its numbers."""
    tens, units = divmod(value, 10)
    head = ("" if tens == 1 else _CN_DIGITS[tens - 1]) + "十" if tens else ""
    return head + (_CN_DIGITS[units - 1] if units else "")


def numbered(text: str) -> bool:
    """Whether a label opens with a number or 其中 (`九、…`, `1.`, `(一)`, `其中：`): a row
    of its own, no wrapped piece of the one above."""
    return bool(_PREFIX.match(unicodedata.normalize("NFKC", text).strip()))


def without_numbering(text: str) -> str:
    """The label without the numbers and 其中 in front of it (NFKC text)."""
    return _PREFIX.sub("", text)

"""The one normaliser for printed text: the form in which codes, amounts, index marks and
header words are compared. Full-width digits and brackets become ASCII (NFKC) and all
whitespace goes (line breaks inside cells, letter-spaced `合   计`)."""
from __future__ import annotations

import unicodedata


def compact(text: str) -> str:
    """NFKC without whitespace: `２０１` → `201`, `（一）` → `(一)`, `合 计` → `合计`."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def squash(text: str) -> str:
    """All whitespace dropped, the printed characters kept as printed: how a cell's text
    is output (a name wrapped over two lines is one name)."""
    return "".join(text.split())

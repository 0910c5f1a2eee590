"""line_kinds.py: what a line is by its text alone."""
from __future__ import annotations

import pytest

from budgetx.reader.line_kinds import is_footer


@pytest.mark.parametrize(("text", "footer"), [("- 5 -", True), ("第 5 页", True), ("5", True),
                                              ("第5页 共32页", True), ("5/32", True), ("2025", False),
                                              ("1,388.82", False)])
def test_is_footer(text: str, footer: bool) -> None:
    assert is_footer(text) is footer

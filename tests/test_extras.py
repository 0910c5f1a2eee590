"""extras.py: tables outside the families (forms as label/value records)."""
from __future__ import annotations

from decimal import Decimal

from budgetx.table.extras import form_records


def test_a_form_keeps_a_telephone_and_an_area_code_as_text() -> None:
    """A bare run of digits that is an identifier (a mobile number, a number with its
    leading zero) stays text; a weight or a count is a number."""


    lines = [(1, ["联系电话", "13899619553"]), (1, ["区号", "0994"]), (1, ["分值", "10"])]
    assert [r for _, r in form_records(lines)] == [
        {"label": "联系电话", "value": "13899619553"}, {"label": "区号", "value": "0994"},
        {"label": "分值", "value": Decimal("10")}]

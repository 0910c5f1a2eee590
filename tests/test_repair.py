"""OCR'd figures checked by the document's own sums (budgetx.check.repair)."""
from __future__ import annotations

from decimal import Decimal

from budgetx.check.checks import run_checks
from budgetx.check.repair import repair
from budgetx.model import Doubt
from truthdoc import document_from_truth


def _row(table, code):
    return next(i for i, r in enumerate(table.rows) if r.get("code") == code)


def test_a_misread_figure_is_replaced_by_the_reading_that_makes_the_sums_hold() -> None:
    doc = document_from_truth()
    t3 = doc.table(3)
    t3.ocr = True
    i = _row(t3, "2010301")
    t3.rows[i]["total"] = Decimal("598.61")  # 6 read as 8
    t3.doubtful = [Doubt(row=i, label="2010301", column="total", read="598.61", score=0.71,
                         alternatives=["596.61", "598.81"])]
    assert any(c.level == "error" for c in run_checks(doc))
    checks = repair(doc)
    assert t3.rows[i]["total"] == Decimal("596.61")
    assert (t3.doubtful[0].repaired_from, t3.doubtful[0].read) == ("598.61", "596.61")
    assert not [c for c in checks if c.level == "error"]


def test_a_figure_no_reading_can_fix_is_listed_as_doubtful() -> None:
    doc = document_from_truth()
    t3 = doc.table(3)
    t3.ocr = True
    i = _row(t3, "2010301")
    t3.rows[i]["total"] = Decimal("598.61")
    t3.doubtful = []
    checks = repair(doc)
    assert t3.rows[i]["total"] == Decimal("598.61")  # never guessed without a reading
    errors = [c for c in checks if c.level == "error" and c.table == 3]
    assert errors
    listed = {(d.label, d.column) for d in t3.doubtful}
    assert all((c.row, c.column) in listed for c in errors if c.row in {"2010301", "20103"})


def test_a_text_layer_document_is_left_as_printed() -> None:
    doc = document_from_truth()
    t3 = doc.table(3)
    i = _row(t3, "2010301")
    t3.rows[i]["total"] = Decimal("598.61")
    repair(doc)
    assert t3.rows[i]["total"] == Decimal("598.61")
    assert t3.doubtful == []

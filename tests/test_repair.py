"""OCR'd figures checked by the document's own sums (budgetx.check.repair)."""
from __future__ import annotations

from decimal import Decimal

from budgetx.check.checks import run_checks
from budgetx.check.repair import repair
from budgetx.model import Document, Doubt, Table
from budgetx.table.records import MALFORMED
from budgetx.values.numbers import figure_edits
from budgetx.schema.registry import load_schema
from truthdoc import document_from_truth

SCHEMA = load_schema()


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
    t3.rows[i]["total"] = Decimal("576.61")  # 9 read as 7: no glyphs a recogniser confuses
    t3.doubtful = []
    checks = repair(doc)
    assert t3.rows[i]["total"] == Decimal("576.61")  # never guessed without a reading
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


def _misgrouped(value: Decimal) -> str:
    """`1,938.62` as a scan may read it with a speck taken for a digit: `1,9388.62`."""
    whole, _, cents = f"{value:,f}".partition(".")
    return f"{whole}{whole[-1]}.{cents}" if cents else f"{whole}{whole[-1]}"


def test_a_figure_read_with_a_digit_too_many_is_restored_by_the_sum_it_belongs_to() -> None:
    # 本年收入, the head of its numbered parts (the outline rule): read as text, it is blank
    # to the sum, which fails; one of the readings a digit away makes it hold.
    doc = document_from_truth()
    t1 = doc.table(1)
    t1.ocr = True
    i = next(i for i, r in enumerate(t1.rows) if r["item"] == "一、本年收入")
    truth = t1.rows[i]["amount"]
    read = _misgrouped(truth)
    t1.rows[i]["amount"] = read
    t1.doubtful = [Doubt(row=i, label=t1.rows[i]["item"], column="amount", read=read, score=0.95,
                         alternatives=figure_edits(read), reason=MALFORMED)]
    checks = repair(doc)
    assert t1.rows[i]["amount"] == truth
    assert (t1.doubtful[0].repaired_from, t1.doubtful[0].read) == (read, str(truth))
    assert not [c for c in checks if c.level == "error"]


def test_a_misread_figure_a_sum_across_its_row_names_no_column_of_is_repaired() -> None:
    # 长春's 收入总表 prints one row per unit, no codes to sum down: 事业单位经营收入 read
    # 0.06 for 0.00 breaks current_income = … + unit_funds, unit_funds the sum of its
    # sources, a check that names the row and current_income only.
    row = {"code": "105001", "name": "长春市信访局", "total": Decimal("1682.76"),
           "current_income": Decimal("1682.76"), "general_budget": Decimal("1682.76"),
           "fiscal_subtotal": Decimal("1682.76"), "special_account": Decimal("0.00"),
           "business_income": Decimal("0.00"), "operating_income": Decimal("0.06"),
           "other_income": Decimal("0.00")}
    table = Table(2, "revenue", "部门收入总体情况表", [3], rows=[row], ocr=True, row_pages=[3],
                  row_key="department",
                  doubtful=[Doubt(row=0, label="105001", column="operating_income", read="0.06", score=0.80,
                                  alternatives=["0.00"])])
    doc = Document("cc.pdf", "", 10, tables=[table])
    assert any(c.level == "error" and c.column != "operating_income" for c in run_checks(doc))
    checks = repair(doc)
    assert row["operating_income"] == Decimal("0.00")
    assert table.doubtful[0].repaired_from == "0.06"
    assert not [c for c in checks if c.level == "error"]


def test_a_digit_read_as_one_it_is_confused_with_is_swapped_back_where_row_and_column_agree() -> None:
    # 长沙, scanned to one bit: 2014004's 417.41 read 417.11 (4 as 1) with no other
    # reading offered. Its row's sum (total = basic + project) and its column's (20103's
    # total) both fail by 0.30; 4 for 1 mends both.
    doc = document_from_truth()
    t3 = doc.table(3)
    t3.ocr = True
    i = _row(t3, "2010301")
    truth = t3.rows[i]["total"]
    read = Decimal(str(truth).replace("6", "8", 1))
    t3.rows[i]["total"] = read
    t3.doubtful = []
    checks = repair(doc)
    assert t3.rows[i]["total"] == truth
    assert [(d.label, d.column, d.repaired_from, d.read) for d in t3.doubtful] == [("2010301", "total", str(read), str(truth))]
    assert not [c for c in checks if c.level == "error"]
    # Where one sum alone says so (a table of totals only: no row sum to agree), the
    # figure stays as read, doubtful.
    rows = [{"code": "201", "class_code": "201", "section_code": "", "item_code": "", "name": "一般公共服务支出",
             "total": Decimal("10.00")},
            {"code": "20101", "class_code": "201", "section_code": "01", "item_code": "", "name": "人大事务",
             "total": Decimal("4.00")},
            {"code": "20102", "class_code": "201", "section_code": "02", "item_code": "", "name": "政协事务",
             "total": Decimal("8.00")}]
    spec = SCHEMA.by_no(5)
    table = Table(5, spec.key, spec.title, [6], rows=rows, ocr=True, row_pages=[6] * 3, row_key="function")
    one = Document("one.pdf", "", 10, tables=[table])
    assert [c.row for c in repair(one) if c.level == "error"] == ["201"]
    assert rows[2]["total"] == Decimal("8.00")

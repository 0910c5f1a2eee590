"""The Python API for analysts: budgetx.extract, budgetx.read (budgetx.load) and the DataFrames."""
from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import budgetx
from budgetx.errors import NotADocument
from budgetx.model import Check, Document, Table
from budgetx.writers import WRITERS, WriteOptions, document_to_dict

ROOT = Path(__file__).parent.parent


def _check(c: Check) -> tuple[object, ...]:
    # page and message are report aids that the JSON does not carry.
    return (c.rule, c.table, c.row, c.column, c.expected, c.found, c.diff, c.level)


def _table(t: Table) -> tuple[object, ...]:
    return (t.no, t.key, t.title, t.pages, t.status, t.unit, t.columns, t.rows, t.note, t.ocr, t.doubtful)


def test_extract_write_load_round_trip(extracted: Callable[[str], Document], tmp_path: Path) -> None:
    doc = extracted("changji-2025")
    path = tmp_path / "changji.json"
    WRITERS["json"](doc, path, WriteOptions())
    back = budgetx.read(path)
    assert budgetx.read is budgetx.load  # one function, two spellings
    importlib.import_module("budgetx.reader.pdf")  # the reading stage loaded: budgetx.read stays the function
    assert budgetx.read(path).sha256 == doc.sha256
    assert [_table(t) for t in back.tables] == [_table(t) for t in doc.tables]
    assert [_check(c) for c in back.checks] == [_check(c) for c in doc.checks]
    assert (back.file, back.sha256, back.pages, back.department, back.year, back.unit) == (
        doc.file, doc.sha256, doc.pages, doc.department, doc.year, doc.unit)
    assert document_to_dict(back) == document_to_dict(doc)
    frames, again = doc.to_pandas(), back.to_pandas()
    assert frames.keys() == again.keys()
    for key in frames:
        pd.testing.assert_frame_equal(frames[key], again[key])


def test_to_pandas_exact_decimals_and_string_codes(extracted: Callable[[str], Document]) -> None:
    doc = extracted("changji-2025")
    frames = doc.to_pandas()
    printed = [t for t in doc.tables if t.status != "missing"]
    assert list(frames)[:3] == ["budget_summary", "revenue", "expenditure"]
    assert len(frames) == len(printed)
    spending = frames["expenditure"]
    assert list(spending.columns[:5]) == ["code", "class_code", "section_code", "item_code", "name"]
    assert len(spending) == len(doc.tables[2].rows)
    total = spending.loc[spending["name"] == "总计", "total"].iloc[0]
    assert isinstance(total, Decimal) and total == Decimal("2104.55") and str(total) == "2104.55"
    assert spending["total"].dtype == object
    codes = spending["section_code"].dropna()
    assert all(isinstance(c, str) for c in codes) and {"02", "03", "05"} <= set(codes)
    # The 类 rows sum exactly in Decimal, as the checks say (changji: 0.01 rounding).
    classes = spending[spending["code"].str.len() == 3]["total"]
    assert sum(classes, Decimal(0)) == Decimal("2104.54")

    floats = doc.tables[2].to_pandas(floats=True)
    assert floats["total"].dtype == "float64" and floats["total"].iloc[0] == pytest.approx(2104.55)
    assert floats["section_code"].dtype == object


def test_to_pandas_of_an_empty_table_keeps_its_columns() -> None:
    from budgetx.model import Column

    frame = Table(8, "gov_fund", "政府性基金预算支出情况表", status="empty",
                  columns=[Column("code", "科目编码"), Column("name", "科目名称"), Column("total", "合计")]).to_pandas()
    assert list(frame.columns) == ["code", "name", "total"] and len(frame) == 0


def test_load_refuses_what_is_not_a_document(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"tables": []}', encoding="utf-8")
    with pytest.raises(NotADocument, match="not a budgetx JSON document"):
        budgetx.load(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(NotADocument):
        budgetx.load(bad)
    with pytest.raises(NotADocument, match="cannot read"):
        budgetx.load(tmp_path / "missing.json")


def test_importing_budgetx_stays_light() -> None:
    code = ("import sys, budgetx; budgetx.load; "
            "print(sorted(m for m in ('pandas', 'camelot', 'pypdfium2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"

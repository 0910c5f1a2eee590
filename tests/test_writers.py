from __future__ import annotations

import dataclasses
import io
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from budgetx.errors import OutputError
from budgetx.model import Check, Column, Document, Doubt, Table
from budgetx.writers import WRITERS, WriteOptions, document_to_dict, dumps
from budgetx.writers.atomic import atomic_write
from budgetx.writers.csv import table_to_csv
from budgetx.writers.xlsx import display_width, sheet_title
from truthdoc import document_from_truth

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def doc() -> Document:
    return document_from_truth()


def yuan_doc() -> Document:
    """A table in 元 printed without decimals, as some templates do."""
    table = Table(3, "expenditure", "部门支出总体情况表", pages=[5], unit="元",
                  columns=[Column("code", "科目编码"), Column("name", "科目名称"), Column("total", "合计")],
                  rows=[{"code": "2010301", "class_code": "201", "section_code": "03", "item_code": "01",
                         "name": "行政运行", "total": Decimal("1234567")},
                        {"code": "2010302", "class_code": "201", "section_code": "03", "item_code": "02",
                         "name": "一般行政管理事务", "total": Decimal("0")}])
    return Document("yuan.pdf", "0" * 64, 1, unit="元", tables=[table])


# --- JSON -----------------------------------------------------------------------------

def test_json_keeps_printed_precision(doc: Document) -> None:
    text = dumps(document_to_dict(doc))
    assert '"nonfiscal_carryover": 140.00' in text
    assert "昌吉回族自治州" in text  # ensure_ascii=False
    back = json.loads(text, parse_float=Decimal)
    row = back["tables"][1]["rows"][0]
    assert str(row["nonfiscal_carryover"]) == "140.00"
    assert row["total"] == Decimal("2104.55")
    assert row["special_account"] is None


def test_json_follows_output_contract(doc: Document) -> None:
    data = json.loads(dumps(document_to_dict(doc)))
    assert list(data) == ["schema", "source", "kind", "department", "year", "unit", "tables", "checks"]
    assert data["schema"] == "budgetx/2" and data["kind"] == "budget"
    assert data["source"] == {"file": "changji-2025--replica.pdf", "sha256": "0" * 64, "pages": 32}
    assert [t["no"] for t in data["tables"]] == list(range(1, 12))
    table = data["tables"][1]
    assert list(table) == ["no", "key", "family", "title", "pages", "status", "unit", "columns", "rows", "note"]
    assert table["family"] == "budget"
    assert table["columns"][0] == {"key": "code", "name": "科目编码"}
    assert data["tables"][7]["status"] == "empty" and data["tables"][7]["rows"] == []
    assert data["checks"] == [{"rule": "hierarchy", "family": "budget", "table": 2, "row": "210", "column": "total",
                               "expected": 31.04, "found": 31.03, "diff": -0.01, "level": "rounding",
                               "page": None, "message": ""}]


def test_json_ocr_fields_only_for_ocr_tables(doc: Document) -> None:
    ocr = Table(1, "budget_summary", "部门收支总体情况表", ocr=True,
                doubtful=[Doubt(row=3, column="amount", read="1,3B8.82", label="总计", page=1, score=0.62,
                                alternatives=["1,388.82"])])
    tables = document_to_dict(Document("a.pdf", "", 1, tables=[doc.tables[0], ocr]))["tables"]
    assert isinstance(tables, list)
    assert "ocr" not in tables[0] and "doubtful" not in tables[0]
    assert tables[1]["ocr"] is True
    assert tables[1]["doubtful"] == [{"row": 3, "label": "总计", "page": 1, "column": "amount",
                                      "read": "1,3B8.82", "score": 0.62, "alternatives": ["1,388.82"]}]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@given(json_values)
def test_dumps_matches_json_module_without_decimals(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)
    assert dumps(value, indent=None) == json.dumps(value, ensure_ascii=False)


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_decimal_round_trip(value: Decimal) -> None:
    back = json.loads(dumps({"v": value}), parse_float=Decimal, parse_int=Decimal)["v"]
    assert back == value
    if value.as_tuple().exponent < 0:  # type: ignore[operator]
        assert str(back) == str(value)


def test_json_refuses_nan() -> None:
    with pytest.raises(ValueError):
        dumps(Decimal("NaN"))


# --- CSV ------------------------------------------------------------------------------

def test_csv_files_have_bom_and_canonical_header(doc: Document, tmp_path: Path) -> None:
    WRITERS["csv"](doc, tmp_path / "out", WriteOptions())
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names[:3] == ["01_budget_summary.csv", "02_revenue.csv", "03_expenditure.csv"]
    assert len(names) == 11
    raw = (tmp_path / "out" / "02_revenue.csv").read_bytes()
    assert raw.startswith(BOM)
    lines = raw[len(BOM):].decode("utf-8").splitlines()
    assert lines[0].startswith("科目编码,类,款,项,科目名称,总计,")
    assert lines[1] == ",,,,总计,2104.55,1388.82,1388.82,,,,,,,,575.73,140.00"
    assert any(line.startswith("2010350,201,03,50,事业运行,") for line in lines)


def test_csv_english_keys_and_no_separators() -> None:
    text = table_to_csv(yuan_doc().tables[0], keys="en")
    assert text.splitlines() == ["code,class_code,section_code,item_code,name,total",
                                 "2010301,201,03,01,行政运行,1234567",
                                 "2010302,201,03,02,一般行政管理事务,0"]


def test_csv_on_a_stream_has_no_bom_unless_asked() -> None:
    doc = yuan_doc()
    plain, marked = io.BytesIO(), io.BytesIO()
    WRITERS["csv"](doc, plain, WriteOptions())
    WRITERS["csv"](doc, marked, WriteOptions(bom=True))
    assert plain.getvalue().startswith("科目编码".encode())
    assert marked.getvalue() == BOM + plain.getvalue()


def test_csv_no_bom_in_files_when_refused(tmp_path: Path) -> None:
    WRITERS["csv"](yuan_doc(), tmp_path, WriteOptions(bom=False))
    assert (tmp_path / "03_expenditure.csv").read_bytes().startswith("科目编码".encode())


def test_csv_stream_needs_one_table(doc: Document) -> None:
    with pytest.raises(OutputError):
        WRITERS["csv"](doc, io.BytesIO(), WriteOptions())


def test_csv_two_block_table_keeps_its_order(doc: Document) -> None:
    assert table_to_csv(doc.tables[0]).splitlines()[0] == "收支,项目,科目编码,预算数"


# --- XLSX -----------------------------------------------------------------------------

def test_xlsx_cells(doc: Document, tmp_path: Path) -> None:
    path = tmp_path / "doc.xlsx"
    WRITERS["xlsx"](doc, path, WriteOptions())
    book = load_workbook(path)
    assert book.sheetnames[0] == "about" and book.sheetnames[-1] == "checks"
    assert book.sheetnames[1] == "1 部门收支总体情况表"
    assert len(book.sheetnames) == 13
    assert all(len(name) <= 31 for name in book.sheetnames)
    sheet = book["2 部门收入总体情况表"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "科目编码" and sheet["A1"].font.b
    total = sheet["F2"]
    assert sheet["F1"].value == "总计"
    assert total.data_type == "n" and total.value == pytest.approx(2104.55)
    assert total.number_format == "#,##0.00"
    codes = {sheet.cell(row=r, column=3).value for r in range(2, sheet.max_row + 1)}
    assert "03" in codes
    code_cell = next(sheet.cell(row=r, column=3) for r in range(2, sheet.max_row + 1)
                     if sheet.cell(row=r, column=3).value == "03")
    assert code_cell.data_type == "s" and code_cell.number_format == "@"
    # Name column is wide enough for its longest CJK name (two units a character).
    assert sheet.column_dimensions["E"].width >= 2 * len("一般公共服务支出")


def test_xlsx_integer_table_format(tmp_path: Path) -> None:
    path = tmp_path / "yuan.xlsx"
    WRITERS["xlsx"](yuan_doc(), path, WriteOptions(keys="en"))
    sheet = load_workbook(path)["3 部门支出总体情况表"]
    assert sheet["A1"].value == "code"
    assert sheet["F2"].value == 1234567 and sheet["F2"].number_format == "#,##0"
    assert sheet["A2"].value == "2010301" and sheet["A2"].data_type == "s"


def test_xlsx_about_and_checks_sheets(doc: Document, tmp_path: Path) -> None:
    from budgetx.writers.workbook import budgetx_version

    path = tmp_path / "doc.xlsx"
    checked = dataclasses.replace(doc, checks=[
        Check("t1 收入总计 = t3 总计", 1, "总计", "total", Decimal("2104.55"), Decimal("2104.65"),
              Decimal("0.10"), "error", 5, "t1 收入总计 2104.65 ≠ t3 总计 2104.55"),
        *doc.checks,
        Check("t8 = t4 gov_fund", 8, "", "", Decimal(0), Decimal(0), Decimal(0), "unchecked", None,
              "table 8 is missing")])
    WRITERS["xlsx"](checked, path, WriteOptions())
    book = load_workbook(path)
    about = {row[0].value: row[1].value for row in book["about"].iter_rows()}
    assert about["source"] == doc.file and about["sha256"] == doc.sha256
    assert about["department"] == doc.department and about["year"] == doc.year
    assert about["unit"] == "万元" and about["pages"] == 32
    assert about["tables found"].startswith("1 部门收支总体情况表, 2 部门收入总体情况表")
    assert about["tables found"].count(", ") == 10 and about["tables missing"] == "none"
    assert about["checks"] == "1 error, 1 rounding, 0 warning, 1 unchecked"
    assert about["budgetx"] == budgetx_version() and about["kind"] == "budget"
    sheet = book["checks"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["table", "row", "column", "expected", "found", "diff", "level", "page", "rule", "message"]
    # Errors first; an unchecked rule has no figures, only its reason.
    assert rows[1] == [1, "总计", "total", 2104.55, 2104.65, 0.1, "error", 5, "t1 收入总计 = t3 总计",
                       "t1 收入总计 2104.65 ≠ t3 总计 2104.55"]
    assert rows[2][:7] == [2, "210", "total", 31.04, 31.03, -0.01, "rounding"]
    assert rows[3] == [8, None, None, None, None, None, "unchecked", None, "t8 = t4 gov_fund", "table 8 is missing"]
    assert sheet["F2"].number_format == "#,##0.00"


def test_sheet_titles_are_cut_sanitised_and_unique() -> None:
    used: set[str] = set()
    long = Table(None, None, "一般公共预算“三公”经费支出情况表/附：2025年度部门整体支出绩效目标表")
    first = sheet_title(long, 11, used)
    second = sheet_title(long, 12, used)
    assert len(first) <= 31 and len(second) <= 31
    assert "/" not in first and first != second
    assert display_width("a一") == 3


# --- atomic writes --------------------------------------------------------------------

def test_atomic_write_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    with pytest.raises(RuntimeError):
        with atomic_write(target) as handle:
            handle.write(b"half")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_keeps_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as handle:
            handle.write(b"new")
            raise RuntimeError("boom")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_atomic_write_replaces_with_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    with atomic_write(target) as handle:
        handle.write(b"data")
    assert target.read_bytes() == b"data"
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_atomic_write_into_missing_folder_is_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        with atomic_write(tmp_path / "nope" / "x.json") as handle:
            handle.write(b"data")
    assert info.value.exit_code == 4

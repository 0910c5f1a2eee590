"""-f parquet: the combined tables as Parquet files with exact decimal amounts."""
from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from budgetx import batch
from budgetx.batch import JobResult
from budgetx.cli.app import app
from budgetx.errors import ExitCode
from budgetx.model import Check, Column, Document, Table
from budgetx.writers import document_to_dict, dumps
from truthdoc import document_from_truth

runner = CliRunner()


def yuan_doc() -> Document:
    """Whole 元 amounts (JSON integers), a column printed with mixed decimals, and a
    code whose leading zero matters."""
    table = Table(3, "expenditure", "部门支出总体情况表", pages=[5], unit="元",
                  columns=[Column("code", "科目编码"), Column("name", "科目名称"), Column("total", "合计"),
                           Column("basic", "基本支出")],
                  rows=[{"code": "2010301", "class_code": "201", "section_code": "03", "item_code": "01",
                         "name": "行政运行", "total": Decimal("1234567"), "basic": Decimal("0.5")},
                        {"code": "2010302", "class_code": "201", "section_code": "03", "item_code": "02",
                         "name": "一般行政管理事务", "total": Decimal("0"), "basic": Decimal("12.125")}])
    checks = [Check("row", 3, "2010301", "total", Decimal("1234567"), Decimal("1234566.5"),
                    Decimal("-0.5"), "rounding")]
    return Document("yuan.pdf", "0" * 64, 1, "某县财政局", 2024, unit="元", tables=[table], checks=checks)


@pytest.fixture()
def fake_job(monkeypatch: pytest.MonkeyPatch) -> None:
    """The job on built documents (changji's truth, or the 元 one for a file named y*)."""

    def job(path: str, tables: frozenset[int] | None = None, limits: object = None) -> JobResult:
        data = Path(path).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        doc = yuan_doc() if Path(path).name.startswith("y") else document_from_truth()
        doc.sha256, doc.file = sha, Path(path).name
        return JobResult(path, sha, dumps(document_to_dict(doc), indent=None))

    monkeypatch.setattr(batch, "run_job", job)


def _amounts(rows: list[dict[str, object]]) -> list[Decimal]:
    return [v for row in rows for v in row.values() if isinstance(v, Decimal)]


def test_parquet_amounts_equal_the_json_exactly(fake_job: None, tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "changji.pdf").write_bytes(b"%PDF-1.7\n% a\n")
    (folder / "yuan.pdf").write_bytes(b"%PDF-1.7\n% b\n")
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out), "-f", "parquet", "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    combined = out / "combined"
    assert {"01_budget_summary.parquet", "02_revenue.parquet", "03_expenditure.parquet"} <= {
        p.name for p in combined.iterdir()}
    assert {"documents.parquet", "checks.parquet"} <= {p.name for p in combined.iterdir()}
    # The per-PDF outputs of a parquet batch are the JSON documents.
    docs = {name: json.loads((out / f"{name}.json").read_text(encoding="utf-8"), parse_float=Decimal)
            for name in ("changji", "yuan")}

    expenditure = pq.read_table(combined / "03_expenditure.parquet")
    schema = expenditure.schema
    assert schema.field("code").type == pa.string() and schema.field("class_code").type == pa.string()
    assert schema.field("year").type == pa.int64()
    # The most decimals the column prints: 3 (12.125), so 1234567 reads back as 1234567.000.
    assert schema.field("basic").type == pa.decimal128(38, 3)
    assert schema.field("total").type == pa.decimal128(38, 2)
    rows = expenditure.to_pylist()
    for name, data in docs.items():
        mine = [r for r in rows if r["source"] == f"{name}.pdf"]
        table = next(t for t in data["tables"] if t["no"] == 3)
        assert len(mine) == len(table["rows"])
        for got, printed in zip(mine, table["rows"]):
            for key, value in printed.items():
                if isinstance(value, str):
                    assert got[key] == value
                elif value is not None:  # JSON integers are whole 元
                    assert got[key] == Decimal(value), (name, key)
    yuan = [r for r in rows if r["source"] == "yuan.pdf"]
    assert [r["section_code"] for r in yuan] == ["03", "03"]
    assert [(r["total"], r["basic"]) for r in yuan] == [(Decimal("1234567"), Decimal("0.5")),
                                                        (Decimal("0"), Decimal("12.125"))]
    assert [r["unit"] for r in yuan] == ["元", "元"] and yuan[0]["year"] == 2024

    # Every amount of every canonical table, both documents: the same multiset exactly.
    for no in range(1, 12):
        path = next(p for p in combined.glob(f"{no:02d}_*.parquet") if "_final_" not in p.name)
        parquet_rows = pq.read_table(path).to_pylist()
        json_rows = [r for d in docs.values() for t in d["tables"] if t["no"] == no for r in t["rows"]]
        assert sorted(_amounts(parquet_rows)) == sorted(
            Decimal(v) for r in json_rows for v in r.values()
            if isinstance(v, Decimal | int) and not isinstance(v, bool)), no

    checks = pq.read_table(combined / "checks.parquet").to_pylist()
    assert [(c["source"], c["table_no"], c["found"], c["diff"]) for c in checks] == [
        ("changji.pdf", 2, Decimal("31.03"), Decimal("-0.01")),
        ("yuan.pdf", 3, Decimal("1234566.5"), Decimal("-0.5"))]
    documents = pq.read_table(combined / "documents.parquet").to_pylist()
    assert [(d["source"], d["tables"], d["checks_rounding"]) for d in documents] == [
        ("changji.pdf", 11, 1), ("yuan.pdf", 1, 1)]

    # DuckDB reads the same decimals and sums them exactly.
    db = duckdb.connect()
    path = combined / "03_expenditure.parquet"
    totals = db.execute(f"SELECT source, sum(total) FROM '{path}' WHERE name = '总计' "
                        "GROUP BY source").fetchall()
    assert totals == [("changji.pdf", Decimal("2104.55"))]
    types = db.execute(f"SELECT typeof(section_code), typeof(total) FROM '{path}' LIMIT 1").fetchall()
    assert types == [("VARCHAR", "DECIMAL(38,2)")]
    db.close()


def test_parquet_needs_an_output_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path), "-f", "parquet", "-o", "-"])
    assert result.exit_code == ExitCode.USAGE

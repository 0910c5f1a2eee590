"""Combined tables across the documents of a batch: one per canonical table, each row
carrying source, department, year and unit, plus `documents` and `checks`; as CSV or
JSON Lines or Parquet files in OUTDIR/combined/, one XLSX workbook or one SQLite
database.

Documents are read twice from a callable (once for the columns, once for the rows) and
never held together, and everything is written to temporary files that `Publish`
renames into place together at the end.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from budgetx.errors import OutputError
from budgetx.schema.registry import load_schema
from budgetx.model import Cell
from budgetx.writers.atomic import cannot_write, put_in_place, temp_path
from budgetx.writers.cells import csv_cell, display_width, header_row, set_widths, xlsx_cell
from budgetx.writers.json import dumps
from budgetx.vocabulary import CODE_COLUMNS
from budgetx.writers.options import WriteOptions

if TYPE_CHECKING:
    from budgetx.writers.parquet import ParquetColumn, ParquetSink

Documents = Callable[[], Iterator[tuple[list[str], str]]]
Row = dict[str, object]

PREFIX = {"source": "来源文件", "department": "部门", "year": "年度", "unit": "单位"}
INTEGER_KEYS = frozenset({"year", "pages", "tables", "table_no", "checks_error", "checks_rounding"})
DOCUMENT_COLUMNS = ["sha256", "source", "paths", "pages", "kind", "department", "year", "unit",
                    "tables", "checks_error", "checks_rounding"]
CHECK_COLUMNS = ["source", "department", "year", "rule", "family", "table_no", "row_code", "column_key",
                 "expected", "found", "diff", "level"]
COMBINED_DIR = "combined"


@dataclass
class Sheet:
    """One combined table: its key (SQL table, file stem), title (XLSX sheet) and columns."""

    key: str
    stem: str
    title: str
    columns: list[str]
    headers: dict[str, str] = field(default_factory=dict)
    text: set[str] = field(default_factory=set)

    def add(self, key: str, header: str | None = None) -> None:
        if key not in self.columns:
            self.columns.append(key)
        if header and key not in self.headers:
            self.headers[key] = header

    def header(self, key: str, keys: str) -> str:
        # documents and checks are budgetx's own tables: English keys only.
        if keys == "en" or self.key in ("documents", "checks"):
            return key
        return self.headers.get(key) or PREFIX.get(key) or CODE_COLUMNS.get(key) or key

    def sql_type(self, key: str) -> str:
        if key in INTEGER_KEYS:
            return "INTEGER"
        if key in self.text or key in CODE_COLUMNS or key in PREFIX:
            return "TEXT"
        return "REAL"


class Publish:
    """Temporary files, renamed onto their final names together by `commit`."""

    def __init__(self) -> None:
        self.pending: list[tuple[Path, Path]] = []

    def temp(self, final: Path) -> Path:
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise cannot_write(final, exc) from exc
        tmp = temp_path(final)
        self.pending.append((tmp, final))
        return tmp

    def add_bytes(self, final: Path, data: bytes) -> None:
        tmp = self.temp(final)
        try:
            tmp.write_bytes(data)
        except OSError as exc:
            raise cannot_write(final, exc) from exc

    def commit(self) -> list[Path]:
        finals = []
        for tmp, final in self.pending:
            put_in_place(tmp, final)
            finals.append(final)
        self.pending = []
        return finals

    def discard(self) -> None:
        for tmp, _ in self.pending:
            tmp.unlink(missing_ok=True)
        self.pending = []


# --- rows ------------------------------------------------------------------------------

def _sheets() -> dict[str, Sheet]:
    sheets = {}
    for spec in load_schema().tables:
        sheet = Sheet(spec.key, f"{spec.no:02d}_{spec.key}", f"{spec.no} {spec.title}", list(PREFIX))
        for column in spec.columns:
            sheet.add(column.key, column.name)
        sheets[spec.key] = sheet
    sheets["documents"] = Sheet("documents", "documents", "documents", list(DOCUMENT_COLUMNS),
                                text={"sha256", "paths", "kind"})
    sheets["checks"] = Sheet("checks", "checks", "checks", list(CHECK_COLUMNS),
                             text={"rule", "family", "row_code", "column_key", "level"})
    return sheets


def _parse(text: str) -> dict[str, object]:
    data = json.loads(text, parse_float=Decimal)
    assert isinstance(data, dict)
    return data


def document_rows(names: list[str], data: dict[str, object]) -> Iterator[tuple[str, Row]]:
    """(combined table key, row) for every row of one document, rows of the canonical
    tables first, then its `documents` row and its `checks`."""
    source = names[0]
    department, year = data["department"], data["year"]
    tables: list[dict[str, object]] = data["tables"]  # type: ignore[assignment]
    printed = 0
    for table in tables:
        if table["no"] is None:
            continue  # tables outside the eleven stay in the per-document output
        printed += table["status"] != "missing"
        unit = table["unit"] or data["unit"]
        for row in table["rows"]:  # type: ignore[attr-defined]
            yield str(table["key"]), {"source": source, "department": department, "year": year,
                                      "unit": unit, **row}
    checks: list[dict[str, object]] = data["checks"]  # type: ignore[assignment]
    levels = [c["level"] for c in checks]
    info: dict[str, object] = data["source"]  # type: ignore[assignment]
    yield "documents", {"sha256": info["sha256"], "source": source,
                        "paths": json.dumps(names, ensure_ascii=False), "pages": info["pages"],
                        "kind": data.get("kind", "budget"),
                        "department": department, "year": year, "unit": data["unit"],
                        "tables": printed, "checks_error": levels.count("error"),
                        "checks_rounding": levels.count("rounding")}
    for check in checks:
        yield "checks", {"source": source, "department": department, "year": year,
                         "rule": check["rule"], "family": check.get("family", "budget"),
                         "table_no": check["table"], "row_code": check["row"],
                         "column_key": check["column"], "expected": check["expected"],
                         "found": check["found"], "diff": check["diff"], "level": check["level"]}


def plan_sheets(documents: Documents) -> dict[str, Sheet]:
    """The columns of each combined table: the schema's, then any other key a document
    prints (in the order first met), with the header it prints them under."""
    sheets = _sheets()
    for names, text in documents():
        data = _parse(text)
        for table in data["tables"]:  # type: ignore[attr-defined]
            if table["no"] is None or table["key"] not in sheets:
                continue
            sheet = sheets[table["key"]]
            for column in table["columns"]:
                sheet.add(column["key"], column["name"])
            for row in table["rows"]:
                for key, value in row.items():
                    sheet.add(key)
                    if isinstance(value, str):
                        sheet.text.add(key)
    return sheets


# --- formats ---------------------------------------------------------------------------

class CsvSink:
    def __init__(self, publish: Publish, folder: Path, sheets: dict[str, Sheet], options: WriteOptions,
                 suffix: str) -> None:
        self.json = suffix == ".jsonl"
        self.sheets = sheets
        self.handles: dict[str, IO[str]] = {}
        self.writers: dict[str, Any] = {}
        # Files are for Excel on a Chinese Windows: BOM unless --no-bom (docs/spec/output.md).
        encoding = "utf-8-sig" if options.bom is not False and not self.json else "utf-8"
        for key, sheet in sheets.items():
            tmp = publish.temp(folder / f"{sheet.stem}{suffix}")
            handle = tmp.open("w", encoding=encoding, newline="")
            self.handles[key] = handle
            if not self.json:
                self.writers[key] = csv.writer(handle, lineterminator="\r\n")
                self.writers[key].writerow(csv_cell(sheet.header(k, options.keys)) for k in sheet.columns)

    def row(self, key: str, row: Row) -> None:
        if self.json:
            self.handles[key].write(dumps(row, indent=None) + "\n")
        else:
            self.writers[key].writerow(csv_cell(row.get(k)) for k in self.sheets[key].columns)

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


class XlsxSink:
    def __init__(self, tmp: Path, sheets: dict[str, Sheet], options: WriteOptions) -> None:
        from openpyxl import Workbook

        from budgetx.writers.layout import safe_name
        from budgetx.writers.xlsx import SHEET_NAME_MAX

        self.tmp = tmp
        self.sheets = sheets
        # write_only streams rows to disk: memory stays flat whatever the row count.
        self.book = Workbook(write_only=True)
        self.pages: dict[str, Any] = {}
        for key, sheet in sheets.items():
            page = self.book.create_sheet(safe_name(sheet.title)[:SHEET_NAME_MAX])
            page.freeze_panes = "A2"
            headers = [sheet.header(k, options.keys) for k in sheet.columns]
            wide = ("source", "department", "name", "paths", "rule", "sha256")
            set_widths(page, [max(display_width(header) + 2, 30 if k in wide else 12)
                              for k, header in zip(sheet.columns, headers)])
            page.append(header_row(page, headers))
            self.pages[key] = page

    def row(self, key: str, row: Row) -> None:
        page = self.pages[key]
        page.append([xlsx_cell(page, _cell(row.get(k))) for k in self.sheets[key].columns])

    def close(self) -> None:
        self.book.save(self.tmp)


def _cell(value: object) -> Cell | int:
    if value is None or isinstance(value, str | Decimal | int):
        return value
    return str(value)


class SqliteSink:
    def __init__(self, tmp: Path, sheets: dict[str, Sheet]) -> None:
        tmp.unlink(missing_ok=True)
        self.db = sqlite3.connect(tmp)
        self.sheets = sheets
        self.buffer: dict[str, list[tuple[object, ...]]] = {key: [] for key in sheets}
        # A fresh file renamed into place only when complete: no journal needed.
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        for key, sheet in sheets.items():
            columns = ", ".join(f'"{k}" {sheet.sql_type(k)}' for k in sheet.columns)
            if key == "documents":
                columns = columns.replace('"sha256" TEXT', '"sha256" TEXT PRIMARY KEY')
            self.db.execute(f'CREATE TABLE "{key}" ({columns})')
            self.db.execute(f'CREATE INDEX "{key}_source" ON "{key}" ("source")')

    def _flush(self, key: str) -> None:
        sheet = self.sheets[key]
        marks = ", ".join("?" * len(sheet.columns))
        self.db.executemany(f'INSERT INTO "{key}" VALUES ({marks})', self.buffer[key])
        self.buffer[key] = []

    def row(self, key: str, row: Row) -> None:
        # REAL columns: SQL sums and comparisons work; the exact printed amounts are in
        # the per-document JSON.
        values = tuple(float(v) if isinstance(v, Decimal) else v
                       for v in (row.get(k) for k in self.sheets[key].columns))
        self.buffer[key].append(values)
        if len(self.buffer[key]) >= 1000:
            self._flush(key)

    def close(self) -> None:
        for key in self.sheets:
            self._flush(key)
        self.db.commit()
        self.db.close()


def parquet_columns(sheets: dict[str, Sheet], documents: Documents) -> dict[str, list[ParquetColumn]]:
    """Each combined table's Parquet columns: integers, text (codes, names, every key a
    document prints as text) or decimals at the most decimals the column prints, which
    takes one more pass over the documents."""
    from budgetx.writers.parquet import EMPTY_SCALE, ParquetColumn, decimal_places

    scales: dict[tuple[str, str], int] = {}
    for names, text in documents():
        for key, row in document_rows(names, _parse(text)):
            for column, value in row.items():
                places = decimal_places(value)
                if places is not None and places > scales.get((key, column), -1):
                    scales[key, column] = places
    out: dict[str, list[ParquetColumn]] = {}
    for key, sheet in sheets.items():
        kinds = {"INTEGER": "int", "TEXT": "text", "REAL": "decimal"}
        out[key] = [ParquetColumn(k, kinds[sheet.sql_type(k)], scales.get((key, k), EMPTY_SCALE))
                    for k in sheet.columns]
    return out


def combined_target(outdir: Path, fmt: str) -> Path:
    if fmt == "xlsx":
        return outdir / "combined.xlsx"
    if fmt == "sqlite":
        return outdir / "combined.sqlite"
    return outdir / COMBINED_DIR


def write_combined(publish: Publish, outdir: Path, fmt: str, documents: Documents,
                   options: WriteOptions) -> None:
    """Write the combined outputs for `fmt` as temporary files registered in `publish`."""
    sheets = plan_sheets(documents)
    target = combined_target(outdir, fmt)
    sink: CsvSink | XlsxSink | SqliteSink | ParquetSink
    try:
        if fmt == "parquet":
            from budgetx.writers.parquet import ParquetSink

            sink = ParquetSink({key: publish.temp(target / f"{sheet.stem}.parquet") for key, sheet in sheets.items()},
                               parquet_columns(sheets, documents))
        elif fmt == "xlsx":
            sink = XlsxSink(publish.temp(target), sheets, options)
        elif fmt == "sqlite":
            sink = SqliteSink(publish.temp(target), sheets)
        else:
            sink = CsvSink(publish, target, sheets, options, ".csv" if fmt == "csv" else ".jsonl")
        for names, text in documents():
            for key, row in document_rows(names, _parse(text)):
                if key in sheets:
                    sink.row(key, row)
        sink.close()
    except (OSError, sqlite3.Error) as exc:
        raise OutputError(target, f"cannot write: {exc}") from exc

"""One CSV per table: header row, then the rows; amounts as plain decimal strings."""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import IO

from budgetx.errors import OutputError
from budgetx.model import Cell, Document, Table
from budgetx.writers.atomic import write_bytes
from budgetx.writers.layout import table_columns, table_stem, written_tables
from budgetx.writers.options import WriteOptions


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # No separators, no exponent, printed precision kept.
        return format(value, "f")
    return value


def table_to_csv(table: Table, keys: str = "zh") -> str:
    columns = table_columns(table, keys)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header for _, header in columns)
    for row in table.rows:
        writer.writerow(_cell(row.get(key)) for key, _ in columns)
    return buffer.getvalue()


def _encode(text: str, bom: bool) -> bytes:
    # Excel on a Chinese Windows reads a CSV without BOM as GBK: files get one.
    return text.encode("utf-8-sig" if bom else "utf-8")


def write_csv(doc: Document, target: Path | IO[bytes], options: WriteOptions) -> None:
    """Write one `NN_key.csv` per table into the folder `target`. On a stream there is
    room for one table only: the caller selects it (--tables N)."""
    tables = written_tables(doc.tables)
    if not isinstance(target, Path):
        if len(tables) != 1:
            raise OutputError("-", f"CSV on stdout holds one table, the document has {len(tables)}: "
                                   "select one with --tables N or write to a folder")
        target.write(_encode(table_to_csv(tables[0][1], options.keys), bool(options.bom)))
        target.flush()
        return
    if target.exists() and not target.is_dir():
        raise OutputError(target, "CSV output needs a folder, and this is a file")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(target, f"cannot create folder: {exc.strerror or exc}") from exc
    bom = options.bom is not False
    for index, table in tables:
        write_bytes(target / f"{table_stem(table, index)}.csv", _encode(table_to_csv(table, options.keys), bom))

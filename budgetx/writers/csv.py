"""One CSV per table: header row, then the rows; amounts as plain decimal strings."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import IO

from budgetx.errors import OutputError
from budgetx.model import Document, Table
from budgetx.writers.atomic import write_folder
from budgetx.writers.cells import csv_cell
from budgetx.writers.layout import table_columns, table_stem, written_tables
from budgetx.writers.options import WriteOptions

# The names write_csv gives its files (table_stem): `02_revenue.csv`, `x13_<title>.csv`.
OWNED = re.compile(r"^(\d\d_[a-z_]+|x\d\d_.+)\.csv$")


def table_to_csv(table: Table, keys: str = "zh") -> str:
    columns = table_columns(table, keys)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_cell(header) for _, header in columns)
    for row in table.rows:
        writer.writerow(csv_cell(row.get(key)) for key, _ in columns)
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
    bom = options.bom is not False
    files = {f"{table_stem(table, index)}.csv": _encode(table_to_csv(table, options.keys), bom)
             for index, table in tables}
    # All tables or none: a failure leaves no CSV of this run, and a table the PDF no
    # longer prints loses its file.
    write_folder(target, files, OWNED)
